-- syscope stock chisel topcontainers_net (Lua 5.1 / LuaJIT): a table_generator table of
-- containers; events of the host itself are left out.

description = "Lists the containers that sent and received the most bytes over network sockets, biggest first."
short_description = "Containers by bytes of network I/O"
category = "Net"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	chisel.exec("table_generator", "container.name", "container.name", "evt.rawarg.res", "Bytes",
		"(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true and container.name!=host", "100", "bytes")
	return true
end
