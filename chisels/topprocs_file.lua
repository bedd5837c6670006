-- syscope stock chisel topprocs_file (Lua 5.1 / LuaJIT): a table_generator table.

description = "Lists the processes that read and wrote the most bytes on files (reads plus writes), biggest first. With -pc or -pcontainer, each row also shows the container."
short_description = "Processes by bytes of file I/O"
category = "I/O"

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
	chisel.exec("table_generator", keys, titles, "evt.rawarg.res", "Bytes", "fd.type=file and evt.is_io=true", "10", "bytes")
	return true
end
