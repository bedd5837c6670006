-- syscope stock chisel stdin (Lua 5.1 / LuaJIT): the data of every read or
-- write on fd 0, as it is.

description = "Prints what processes read from (or write to) their standard input, fd 0. Add a filter to follow one process or pid."
short_description = "Show the standard input of processes"
category = "I/O"

args = {}

local data_handle

function on_init()
	data_handle = chisel.request_field("evt.rawarg.data")
	sysdig.set_snaplen(2000)
	chisel.set_filter("fd.num=0 and evt.is_io=true")
	return true
end

function on_event()
	local data = evt.field(data_handle)
	if data ~= nil then
		print(data)
	end
	return true
end
