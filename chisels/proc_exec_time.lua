-- proc_exec_time: how long each process ran, printed when it exits.
-- Part of syscope's own stock chisels (compatible with sysdig's proc_exec_time).

description = "Prints a line for every process that exits, with how long it ran, its name and its arguments. The colour tells the run time: green (blue inside a container) when short, yellow from 3 seconds, red from 10 seconds. With -pc or -pcontainer the container id and name are added."
short_description = "Show how long each process ran"
category = "Performance"

args = {
	{
		name = "disable_color",
		description = "Give the value disable_colors for output without colour escapes.",
		argtype = "string",
		optional = true
	},
}

require "common"
terminal = require "ansiterminal"
terminal.enable_color(true)

local YELLOW_FROM_NS = 3000000000
local RED_FROM_NS = 10000000000

function on_set_arg(name, val)
	if val == "disable_colors" then
		terminal.enable_color(false)
	end
	return true
end

local f = {}
local with_container = false
local row_fmt

function on_init()
	f.name = chisel.request_field("proc.name")
	f.args = chisel.request_field("proc.args")
	f.duration = chisel.request_field("proc.duration")
	f.cname = chisel.request_field("container.name")
	f.cid = chisel.request_field("container.id")

	with_container = sysdig.is_print_container_data()
	chisel.set_filter("evt.type=procexit")

	if with_container then
		row_fmt = "%-13.13s %-20.20s %-20.20s %-12.12s %s"
		print(string.format(row_fmt, "proc.duration", "container.id",
			"container.name", "proc.name", "proc.args"))
		print(string.format(row_fmt, string.rep("-", 13), string.rep("-", 20),
			string.rep("-", 20), string.rep("-", 12), string.rep("-", 20)))
	else
		row_fmt = "%-13.13s %-12.12s %s"
		print(string.format(row_fmt, "proc.duration", "proc.name", "proc.args"))
		print(string.format(row_fmt, string.rep("-", 13), string.rep("-", 12),
			string.rep("-", 20)))
	end
	return true
end

function on_event()
	local ns = evt.field(f.duration)
	if ns == nil then
		return true
	end

	local colour
	if ns > RED_FROM_NS then
		colour = terminal.red
	elseif ns > YELLOW_FROM_NS then
		colour = terminal.yellow
	elseif evt.field(f.cname) ~= "host" then
		colour = terminal.blue
	else
		colour = terminal.green
	end

	local line
	if with_container then
		line = string.format(row_fmt, format_time_interval(ns), evt.field(f.cid),
			evt.field(f.cname), evt.field(f.name), evt.field(f.args))
	else
		line = string.format(row_fmt, format_time_interval(ns),
			evt.field(f.name), evt.field(f.args))
	end
	print(colour .. line)
	return true
end

function on_capture_end()
	print(terminal.reset)
end
