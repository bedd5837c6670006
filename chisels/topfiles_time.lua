-- syscope stock chisel topfiles_time (Lua 5.1 / LuaJIT): a table_generator table.

description = "Lists the files on which reads and writes took the most time in total. With -pc or -pcontainer, each row also shows the container."
short_description = "Files by time spent reading and writing"
category = "I/O"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	-- with -pc/-pcontainer the rows also tell which container they are from
	local keys, titles = "fd.name", "Filename"
	if sysdig.is_print_container_data() then
		keys, titles = "fd.name,container.name", "Filename,container.name"
	end
	chisel.exec("table_generator", keys, titles, "evt.latency", "Time", "fd.type=file and evt.is_io=true", "10", "time")
	return true
end
