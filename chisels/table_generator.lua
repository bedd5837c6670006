-- syscope's generic top-table chisel (hidden), the engine behind the top*
-- and fd*_by chisels, which hand it their seven arguments with chisel.exec.
--
-- For every event that passes `filter` and has a value for every key field,
-- the numeric `value` field (when positive) is added to the row of that
-- combination of keys.  Live, the table is printed and emptied every second;
-- on a file it is printed once, at the end.  Rows come biggest first, at
-- most top_number of them (0: all), rendered by print_sorted_table.
--
-- Lua 5.1 / LuaJIT.

description = "Sums a numeric field over the events that pass a filter, grouped by one or more key fields, and prints the groups as a table sorted by the sum, biggest first (refreshed every second on a live capture)."
short_description = "Sum a value field grouped by key fields"
category = "Filter"
hidden = true

args = {
	{
		name = "keys",
		description = "the fields to group by, separated by commas",
		argtype = "string",
	},
	{
		name = "keydescs",
		description = "a column title for each key field, separated by commas",
		argtype = "string",
	},
	{
		name = "value",
		description = "the numeric field to add up for each group",
		argtype = "string",
	},
	{
		name = "valuedesc",
		description = "the column title of the value",
		argtype = "string",
	},
	{
		name = "filter",
		description = "only events matching this filter are counted (empty: all)",
		argtype = "string",
	},
	{
		name = "top_number",
		description = "how many rows to print at most (0: all)",
		argtype = "string",
	},
	{
		name = "value_units",
		description = "how to print the value: 'bytes', 'time', 'timepct' or 'none'",
		argtype = "string",
	},
}

require "common"
terminal = require "ansiterminal"

local KEY_SEP = "\001\001"

local sums = {}
local event_filter = ""
local live = false
local key_handles = {}
local value_handle

local viz = {
	key_fld = {},
	key_desc = {},
	value_fld = "",
	value_desc = "",
	value_units = "none",
	top_number = 0,
	output_format = "normal",
}

local setters = {
	keys = function(v) viz.key_fld = split(v, ",") end,
	keydescs = function(v) viz.key_desc = split(v, ",") end,
	value = function(v) viz.value_fld = v end,
	valuedesc = function(v) viz.value_desc = v end,
	filter = function(v) event_filter = v end,
	top_number = function(v) viz.top_number = tonumber(v) end,
	value_units = function(v) viz.value_units = v end,
}

function on_set_arg(name, val)
	local set = setters[name]
	if set == nil then
		return false
	end
	set(val)
	return true
end

function on_init()
	if #viz.key_fld ~= #viz.key_desc then
		print("error: number of entries in keys different from number entries in keydescs")
		return false
	end
	for i, name in ipairs(viz.key_fld) do
		key_handles[i] = chisel.request_field(name)
	end
	value_handle = chisel.request_field(viz.value_fld)
	if event_filter ~= "" then
		chisel.set_filter(event_filter)
	end
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
	local key
	if #parts == 1 then
		key = parts[1]
	else
		key = table.concat(parts, KEY_SEP)
	end

	local value = evt.field(value_handle)
	if value ~= nil and value > 0 then
		sums[key] = (sums[key] or 0) + value
	end
	return true
end

function on_interval(ts_s, ts_ns, delta)
	if viz.output_format ~= "json" then
		terminal.clearscreen()
		terminal.moveto(0, 0)
	end
	print_sorted_table(sums, ts_s, 0, delta, viz)
	-- kept so that Ctrl-C leaves the last table on the screen
	shown = { sums = sums, ts_s = ts_s, delta = delta }
	sums = {}
	return true
end

function on_capture_end(ts_s, ts_ns, delta)
	if live and viz.output_format ~= "json" then
		-- sysdig leaves an empty screen; the last full second's table is
		-- more use to whoever pressed Ctrl-C
		terminal.clearscreen()
		terminal.moveto(0, 0)
		terminal.showcursor()
		if shown then
			print_sorted_table(shown.sums, shown.ts_s, 0, shown.delta, viz)
		end
		return true
	end
	print_sorted_table(sums, ts_s, 0, delta, viz)
	return true
end
