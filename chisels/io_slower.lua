-- syscope helper module for fileslower and netlower (Lua 5.1 / LuaJIT):
-- the reads and writes, among those a filter keeps, that took longer than
-- a threshold.  install(filter, hide_dev) defines the chisel's args and
-- callbacks; hide_dev leaves out files under /dev.

local M = {}

function M.install(filter, hide_dev)
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
	local row_fmt

	function on_init()
		f.type = chisel.request_field("evt.type")
		f.dir = chisel.request_field("evt.dir")
		f.datetime = chisel.request_field("evt.datetime")
		f.fdname = chisel.request_field("fd.name")
		f.name = chisel.request_field("proc.name")
		f.latency = chisel.request_field("evt.latency")
		f.cname = chisel.request_field("container.name")
		f.cid = chisel.request_field("container.id")

		with_container = sysdig.is_print_container_data()
		chisel.set_filter(filter)

		local title_fmt
		if with_container then
			title_fmt = "%-23.23s %-20.20s %-20.20s %-12.12s %-8s %-12s %s"
			row_fmt = "%-23.23s %-20.20s %-20.20s %-12.12s %-8s %12d %s"
			print(string.format(title_fmt, "evt.datetime", "container.id", "container.name",
				"proc.name", "evt.type", "LATENCY(ms)", "fd.name"))
			print(string.format(title_fmt, string.rep("-", 23), string.rep("-", 20),
				string.rep("-", 20), string.rep("-", 12), string.rep("-", 8),
				string.rep("-", 12), string.rep("-", 41)))
		else
			title_fmt = "%-23.23s %-12.12s %-8s %-12s %s"
			row_fmt = "%-23.23s %-12.12s %-8s %12d %s"
			print(string.format(title_fmt, "evt.datetime", "proc.name", "evt.type",
				"LATENCY(ms)", "fd.name"))
			print(string.format(title_fmt, string.rep("-", 23), string.rep("-", 12),
				string.rep("-", 8), string.rep("-", 12), string.rep("-", 41)))
		end
		return true
	end

	function on_event()
		if evt.field(f.dir) ~= "<" then
			return true
		end
		local ms = evt.field(f.latency) / 1000000
		if not (ms > threshold_ms) then
			return true
		end
		local file = evt.field(f.fdname)
		if hide_dev and string.sub(file, 1, 5) == "/dev/" then
			return true
		end

		local colour = terminal.green
		if evt.field(f.cname) ~= "host" then
			colour = terminal.blue
		end
		if with_container then
			print(colour .. string.format(row_fmt, evt.field(f.datetime), evt.field(f.cid),
				evt.field(f.cname), evt.field(f.name), evt.field(f.type), ms, file))
		else
			print(colour .. string.format(row_fmt, evt.field(f.datetime),
				evt.field(f.name), evt.field(f.type), ms, file))
		end
		return true
	end
end

return M
