-- syscope stock chisel topconns (Lua 5.1 / LuaJIT): a table_generator table.

description = "Lists the network connections that carried the most bytes, both directions together. With -pc or -pcontainer, each row also shows the container."
short_description = "Network connections by bytes carried"
category = "Net"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	-- with -pc/-pcontainer the rows also tell which container they are from
	local keys, titles = "fd.l4proto,fd.name", "Proto,Conn"
	if sysdig.is_print_container_data() then
		keys, titles = "container.name,fd.l4proto,fd.name", "container.name,Proto,Conn"
	end
	chisel.exec("table_generator", keys, titles, "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", "30", "bytes")
	return true
end
