-- syscope stock chisel iobytes (Lua 5.1 / LuaJIT).
--
-- Once a second of event time, prints the bytes read, written and both for
-- the second that just ended, labelled with the time of the event that
-- opened the next one.

description = "Every second, prints how many bytes were read from and written to file descriptors of any kind (files, sockets, pipes, ...)."
short_description = "Bytes of I/O on all FDs, each second"
category = "I/O"

args = {}

local bytes_in, bytes_out = 0, 0
local res_handle, time_handle, isread_handle

function on_init()
	res_handle = chisel.request_field("evt.rawarg.res")
	time_handle = chisel.request_field("evt.time.s")
	isread_handle = chisel.request_field("evt.is_io_read")
	chisel.set_filter("evt.is_io=true")
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
