-- syscope stock chisel topfiles_bytes (Lua 5.1 / LuaJIT): a table_generator table.

description = "Lists the files with the most bytes read and written, biggest first. With -pc or -pcontainer, each row also shows the container."
short_description = "Files by bytes read and written"
category = "I/O"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	-- with -pc/-pcontainer the rows also tell which container they are from
	local keys, titles = "fd.name", "Filename"
	if sysdig.is_print_container_data() then
		keys, titles = "container.name,fd.name", "container.name,Filename"
	end
	chisel.exec("table_generator", keys, titles, "evt.rawarg.res", "Bytes", "fd.type=file and evt.is_io=true", "10", "bytes")
	return true
end
