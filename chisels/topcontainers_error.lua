-- syscope stock chisel topcontainers_error (Lua 5.1 / LuaJIT): a table_generator table of
-- containers; events of the host itself are left out.

description = "Lists the containers whose system calls failed most often, with the number of failures."
short_description = "Containers by number of failed system calls"
category = "Errors"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	chisel.exec("table_generator", "container.name", "container.name", "evt.count", "#Errors",
		"evt.failed=true and container.name!=host", "100", "none")
	return true
end
