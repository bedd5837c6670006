-- scallslower: system calls that took longer than a threshold.
-- Part of syscope's own stock chisels (compatible with sysdig's scallslower).

description = "Prints every system call whose latency is above the given number of milliseconds: when it happened, the process, the latency and the call. Lines are green for host processes and blue inside containers; -pc or -pcontainer adds the container id and name."
short_description = "Show the system calls slower than a threshold"
category = "Performance"

args = {
	{
		name = "min_ms",
		description = "Only calls that take more than this many milliseconds are shown.",
		argtype = "int",
		optional = false
	},
	{
		name = "disable_color",
		description = "Give the value disable_color for output without colour escapes.",
		argtype = "string",
		optional = true
	},
}

require "common"
terminal = require "ansiterminal"
terminal.enable_color(true)

local threshold_ms

function on_set_arg(name, val)
	if name == "min_ms" then
		-- sysdig's chisels print this message on stdout and exit with
		-- status 0; a Lua error makes the run fail (status 1, on stderr)
		threshold_ms = tonumber(val)
		if threshold_ms == nil then
			error("Input " .. name .. " must be a number.", 0)
		end
	elseif name == "disable_color" and val == "disable_color" then
		terminal.enable_color(false)
	end
	return true
end

local f = {}
local with_container = false

function on_init()
	f.type = chisel.request_field("evt.type")
	f.datetime = chisel.request_field("evt.datetime")
	f.name = chisel.request_field("proc.name")
	f.latency = chisel.request_field("evt.latency")
	f.cname = chisel.request_field("container.name")
	f.cid = chisel.request_field("container.id")

	with_container = sysdig.is_print_container_data()

	if with_container then
		-- (two blanks before the container name in the title row, as in sysdig)
		print(string.format("%-23.23s %-20.20s  %-20.20s %-23.23s %-20s %s",
			"evt.datetime", "container.id", "container.name", "proc.name",
			"LATENCY(ms)", "evt.type"))
		print(string.format("%-23.23s %-20.20s %-20.20s %-23.23s %-20s %s",
			string.rep("-", 23), string.rep("-", 20), string.rep("-", 20),
			string.rep("-", 23), string.rep("-", 20), string.rep("-", 20)))
	else
		print(string.format("%-23.23s %-23.23s %-20s %s",
			"evt.datetime", "proc.name", "LATENCY(ms)", "evt.type"))
		print(string.format("%-23.23s %-23.23s %-20s %s",
			string.rep("-", 23), string.rep("-", 23), string.rep("-", 20),
			string.rep("-", 20)))
	end
	return true
end

function on_event()
	local ns = evt.field(f.latency)
	if ns == nil then
		return false
	end
	local ms = ns / 1000000
	if not (ms > threshold_ms) then
		return false
	end

	local colour = terminal.green
	if evt.field(f.cname) ~= "host" then
		colour = terminal.blue
	end
	if with_container then
		print(colour .. string.format("%-23.23s %-20.20s %-20.20s %-23.23s %-20s %s",
			evt.field(f.datetime), evt.field(f.cid), evt.field(f.cname),
			evt.field(f.name), ms, evt.field(f.type)))
	else
		print(colour .. string.format("%-23.23s %-23.23s %-20s %s",
			evt.field(f.datetime), evt.field(f.name), ms, evt.field(f.type)))
	end
	return false
end
