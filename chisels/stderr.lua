-- syscope stock chisel stderr (Lua 5.1 / LuaJIT): the data of every read or
-- write on fd 2.  With -pc/-pcontainer each line starts with the container's
-- id and name, green for the host and blue for a container.

description = "Prints what processes write to (or read from) their standard error, fd 2. Add a filter to follow one process or pid. With -pc or -pcontainer, each line starts with the container id and name, in green for the host and in blue for a container."
short_description = "Show the standard error of processes"
category = "I/O"

args = {
	{
		name = "disable_color",
		description = "give 'disable_color' to print without colours",
		argtype = "string",
		optional = true,
	},
}

terminal = require "ansiterminal"
terminal.enable_color(true)

local data_handle, cname_handle, cid_handle
local show_container = false

function on_set_arg(name, val)
	if name == "disable_color" and val == "disable_color" then
		terminal.enable_color(false)
		return true
	end
	return false
end

function on_init()
	data_handle = chisel.request_field("evt.rawarg.data")
	cname_handle = chisel.request_field("container.name")
	cid_handle = chisel.request_field("container.id")
	show_container = sysdig.is_print_container_data()
	sysdig.set_snaplen(2000)
	chisel.set_filter("fd.num=2 and evt.is_io=true")
	return true
end

function on_event()
	local data = evt.field(data_handle)
	if data == nil then
		return true
	end
	if not show_container then
		print(data)
		return true
	end
	local cname = evt.field(cname_handle)
	local colour = cname == "host" and terminal.green or terminal.blue
	print(colour .. string.format("%-20.20s %-20.20s %s", evt.field(cid_handle), cname, data))
	return true
end
