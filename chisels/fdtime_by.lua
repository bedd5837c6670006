-- syscope stock chisel fdtime_by (Lua 5.1 / LuaJIT): a table_generator table keyed
-- by the one field the user names.

description = "Adds up the time spent in reads and writes on file descriptors, grouped by the values of a field you choose, and lists the 10 groups where most time went. For example, proc.name gives the processes and fd.name the files that waited longest on I/O."
short_description = "Time of I/O grouped by any field"
category = "I/O"

args = {
	{
		name = "key",
		description = "the field whose values the table is grouped by",
		argtype = "string",
	},
}

local key_field = ""

function on_set_arg(name, val)
	if name ~= "key" then
		return false
	end
	key_field = val
	return true
end

function on_init()
	chisel.exec("table_generator", key_field, key_field, "evt.latency", "Time", "evt.is_io=true", "10", "time")
	return true
end
