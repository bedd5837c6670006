-- syscope stock chisel topcontainers_file (Lua 5.1 / LuaJIT): a table_generator table of
-- containers; events of the host itself are left out.

description = "Lists the containers that read and wrote the most bytes on files (reads plus writes), biggest first."
short_description = "Containers by bytes of file I/O"
category = "I/O"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	chisel.exec("table_generator", "container.name", "container.name", "evt.rawarg.res", "Bytes",
		"fd.type=file and evt.is_io=true and container.name!=host", "10", "bytes")
	return true
end
