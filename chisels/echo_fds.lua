-- syscope stock chisel echo_fds (Lua 5.1 / LuaJIT).
--
-- For every successful read or write, a header line (red for reads, blue
-- for writes) with the size, the FD's name and the process, then the data
-- itself, printed by the event formatter.  With -pc/-pcontainer the header
-- also shows the container between brackets, green for the host and cyan
-- for a container.

description = "Prints the data of every successful read and write on any file descriptor, each preceded by a line with its size, the FD name and the process: red for reads, blue for writes. Add a filter to narrow it down. With -pc or -pcontainer the line also gives the container name and id between brackets, in green for the host and in cyan for a container."
short_description = "Show the data processes read and write"
category = "I/O"

args = {
	{
		name = "disable_color",
		description = "give 'disable_color' to print without colours",
		argtype = "string",
		optional = true,
	},
}

require "common"
terminal = require "ansiterminal"
terminal.enable_color(true)

local h = {}
local show_container = false

function on_set_arg(name, val)
	if name == "disable_color" and val == "disable_color" then
		terminal.enable_color(false)
	end
	return true
end

function on_init()
	h.data = chisel.request_field("evt.rawarg.data")
	h.isread = chisel.request_field("evt.is_io_read")
	h.res = chisel.request_field("evt.rawarg.res")
	h.fdname = chisel.request_field("fd.name")
	h.pname = chisel.request_field("proc.name")
	h.cname = chisel.request_field("container.name")
	h.cid = chisel.request_field("container.id")
	show_container = sysdig.is_print_container_data()
	sysdig.set_snaplen(2000)
	chisel.set_filter("evt.is_io=true and evt.dir=< and evt.rawres>0")
	chisel.set_event_formatter("%evt.arg.data")
	return true
end

function on_event()
	local res = evt.field(h.res)
	if res <= 0 then
		return true
	end
	local fdname = evt.field(h.fdname) or "<NA>"
	local pname = evt.field(h.pname)

	local where = ""
	if show_container then
		local cname = evt.field(h.cname)
		local colour = cname == "host" and terminal.green or terminal.cyan
		where = string.format("%s [%s] [%s]", colour, cname, evt.field(h.cid))
	end

	local colour, verb, prep = terminal.blue, "Write", "to"
	if evt.field(h.isread) then
		colour, verb, prep = terminal.red, "Read", "from"
	end
	local who = string.format("%s %s (%s)", colour, fdname, pname)
	print(string.format("%s------ %s %s %s %s %s", colour, verb, format_bytes(res), prep, where, who))
	return true
end

function on_capture_end()
	print(terminal.reset)
end
