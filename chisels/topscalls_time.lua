-- syscope stock chisel topscalls_time (Lua 5.1 / LuaJIT): a table_generator table.

description = "Lists the 30 system calls that took the most time in total. Add a filter to look at one process, thread or file. With -pc or -pcontainer, each row also shows the container."
short_description = "System calls by time spent in them"
category = "Performance"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	-- with -pc/-pcontainer the rows also tell which container they are from
	local keys, titles = "evt.type", "Syscall"
	if sysdig.is_print_container_data() then
		keys, titles = "evt.type,container.name", "Syscall,container.name"
	end
	chisel.exec("table_generator", keys, titles, "evt.latency", "Time", "", "30", "time")
	return true
end
