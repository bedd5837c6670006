-- syscope stock chisel fdcount_by (Lua 5.1 / LuaJIT).
--
-- Counts the distinct file descriptors (number plus name) seen in use by
-- each value of a field, and prints "value<TAB>count" lines at the end,
-- biggest count first.  fd 0 and unnamed descriptors are not counted.

description = "Counts the file descriptors seen in use, grouped by the values of a field you choose, and prints each value with its count, biggest first. For example, proc.name gives the number of files and connections each process used, fd.cip the connections per client address."
short_description = "Number of FDs grouped by any field"
category = "I/O"

args = {
	{
		name = "key",
		description = "the field whose values the FDs are grouped by",
		argtype = "string",
	},
}

require "common"

local key_field = ""
local groups = {}
local key_handle, num_handle, name_handle

function on_set_arg(name, val)
	if name ~= "key" then
		return false
	end
	key_field = val
	return true
end

function on_init()
	key_handle = chisel.request_field(key_field)
	num_handle = chisel.request_field("fd.num")
	name_handle = chisel.request_field("fd.name")
	return true
end

function on_event()
	local key = evt.field(key_handle)
	local num = evt.field(num_handle)
	local name = evt.field(name_handle)
	if key == nil or num == nil or num <= 0 or name == nil or name == "" then
		return true
	end
	local group = groups[key]
	if group == nil then
		group = { count = 0, seen = {} }
		groups[key] = group
	end
	local fd = tostring(num) .. name
	if not group.seen[fd] then
		group.seen[fd] = true
		group.count = group.count + 1
	end
	return true
end

function on_capture_end()
	local rows = pairs_top_by_val(groups, 0, function(t, a, b)
		return t[b].count < t[a].count
	end)
	for key, group in rows do
		print(key, group.count)
	end
	return true
end
