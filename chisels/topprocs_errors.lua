-- syscope stock chisel topprocs_errors (Lua 5.1 / LuaJIT): a table_generator table.

description = "Lists the processes whose system calls failed most often, with the number of failures. With -pc or -pcontainer, each row also shows the container."
short_description = "Processes by number of failed system calls"
category = "Errors"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	-- with -pc/-pcontainer the rows also tell which container they are from
	local keys, titles = "proc.name,proc.pid", "Process,PID"
	if sysdig.is_print_container_data() then
		keys, titles = "proc.name,proc.pid,thread.vtid,container.name", "Process,Host_pid,Container_pid,container.name"
	end
	chisel.exec("table_generator", keys, titles, "evt.count", "#Errors", "evt.failed=true", "100", "none")
	return true
end
