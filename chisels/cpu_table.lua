-- syscope helper module for topprocs_cpu and topcontainers_cpu (Lua 5.1 /
-- LuaJIT): CPU use from procinfo events (thread.cpu), summed by key and
-- shown as table_generator's timepct tables.  install(keys) defines the
-- chisel's args and callbacks; keys gives the key fields and titles
-- (fld, desc) and, for -pc, pc_fld and pc_desc.

local M = {}

function M.install(keys)
	args = {}

	require "common"
	terminal = require "ansiterminal"

	local KEY_SEP = "\001\001"
	local TICK_NS = 10000000

	local used = {}
	local live = false
	local key_handles = {}
	local cpu_handle
	local shown

	local viz = {
		key_fld = keys.fld,
		key_desc = keys.desc,
		value_fld = "thread.exectime",
		value_desc = "CPU%",
		value_units = "timepct",
		top_number = 10,
		output_format = "normal",
	}

	function on_init()
		if keys.pc_fld and sysdig.is_print_container_data() then
			viz.key_fld = keys.pc_fld
			viz.key_desc = keys.pc_desc
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
		-- kept so that Ctrl-C leaves the last table on the screen
		shown = { used = used, ts_s = ts_s, delta = delta }
		used = {}
		return true
	end

	function on_capture_end(ts_s, ts_ns, delta)
		if live and viz.output_format ~= "json" then
			terminal.clearscreen()
			terminal.moveto(0, 0)
			terminal.showcursor()
			if shown then
				print_sorted_table(shown.used, shown.ts_s, 0, shown.delta, viz)
			end
			return true
		end
		print_sorted_table(used, ts_s, 0, delta, viz)
		return true
	end
end

return M
