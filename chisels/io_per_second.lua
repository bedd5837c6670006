-- syscope helper module for the iobytes chisels (Lua 5.1 / LuaJIT): once a
-- second of event time, print the bytes read, written and both for the
-- second that just ended, labelled with the time of the event that opened
-- the next one.  install(filter) defines the chisel's callbacks.

local M = {}

function M.install(filter)
	local bytes_in, bytes_out = 0, 0
	local res_handle, time_handle, isread_handle

	function on_init()
		res_handle = chisel.request_field("evt.rawarg.res")
		time_handle = chisel.request_field("evt.time.s")
		isread_handle = chisel.request_field("evt.is_io_read")
		chisel.set_filter(filter)
		chisel.set_interval_s(1)
		return true
	end

	function on_event()
		local n = evt.field(res_handle)
		if n ~= nil and n > 0 then
			if evt.field(isread_handle) then
				bytes_in = bytes_in + n
			else
				bytes_out = bytes_out + n
			end
		end
		return true
	end

	function on_interval()
		local label = evt.field(time_handle)
		print(label .. " in:" .. bytes_in .. " out:" .. bytes_out .. " tot:" .. (bytes_in + bytes_out))
		bytes_in, bytes_out = 0, 0
		return true
	end
end

return M
