-- syscope stock chisel topprocs_cpu (Lua 5.1 / LuaJIT).
--
-- The CPU share comes from the procinfo events the driver writes for each
-- thread that ran: thread.cpu is the CPU time of the last tick in hundredths
-- of a second, turned here into nanoseconds and summed per row; the table
-- shows each sum as a percentage of the capture's (or the second's) length.

description = "Lists the processes that used the most CPU, as a share of the capture's duration (of each second, live). With -pc or -pcontainer, each row also shows the container and the process id inside it."
short_description = "Processes by CPU use"
category = "CPU Usage"

args = {}

require "common"
terminal = require "ansiterminal"

local KEY_SEP = "\001\001"
local TICK_NS = 10000000

local used = {}
local live = false
local key_handles = {}
local cpu_handle

local viz = {
	key_fld = { "proc.name", "proc.pid" },
	key_desc = { "Process", "PID" },
	value_fld = "thread.exectime",
	value_desc = "CPU%",
	value_units = "timepct",
	top_number = 10,
	output_format = "normal",
}

function on_init()
	if sysdig.is_print_container_data() then
		viz.key_fld = { "proc.name", "proc.pid", "proc.vpid", "container.name" }
		viz.key_desc = { "Process", "Host_pid", "Container_pid", "container.name" }
	end
	for i, name in ipairs(viz.key_fld) do
		key_handles[i] = chisel.request_field(name)
	end
	cpu_handle = chisel.request_field("thread.cpu")
	chisel.set_filter("evt.type=procinfo")
	return true
end

function on_capture_start()
	live = sysdig.is_live()
	viz.output_format = sysdig.get_output_format()
	if live then
		chisel.set_interval_s(1)
		if viz.output_format ~= "json" then
			terminal.clearscreen()
			terminal.hidecursor()
		end
	end
	return true
end

function on_event()
	local parts = {}
	for i, handle in ipairs(key_handles) do
		local v = evt.field(handle)
		if v == nil then
			return
		end
		parts[i] = v
	end
	local key = #parts == 1 and parts[1] or table.concat(parts, KEY_SEP)
	local cpu = evt.field(cpu_handle)
	if cpu ~= nil then
		used[key] = (used[key] or 0) + cpu * TICK_NS
	end
	return true
end

function on_interval(ts_s, ts_ns, delta)
	if viz.output_format ~= "json" then
		terminal.clearscreen()
		terminal.moveto(0, 0)
	end
	print_sorted_table(used, ts_s, 0, delta, viz)
	used = {}
	return true
end

function on_capture_end(ts_s, ts_ns, delta)
	if live and viz.output_format ~= "json" then
		terminal.clearscreen()
		terminal.moveto(0, 0)
		terminal.showcursor()
		return true
	end
	print_sorted_table(used, ts_s, 0, delta, viz)
	return true
end
