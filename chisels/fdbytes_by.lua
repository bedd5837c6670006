-- syscope stock chisel fdbytes_by (Lua 5.1 / LuaJIT): a table_generator table keyed
-- by the one field the user names.

description = "Adds up the bytes read and written on file descriptors by successful calls, grouped by the values of a field you choose, and lists the 30 groups with the most bytes. For example, fd.sport gives the busiest server ports and proc.name the busiest processes."
short_description = "Bytes of I/O grouped by any field"
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
	chisel.exec("table_generator", key_field, key_field, "evt.rawarg.res", "Bytes", "evt.is_io=true and evt.failed=false", "30", "bytes")
	return true
end
