-- syscope stock chisel topports_server (Lua 5.1 / LuaJIT): a table_generator table.

description = "Lists the server-side TCP and UDP ports whose connections carried the most bytes, both directions together. With -pc or -pcontainer, each row also shows the container."
short_description = "Server ports by bytes carried"
category = "Net"

args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	-- with -pc/-pcontainer the rows also tell which container they are from
	local keys, titles = "fd.sport", "Srv Port"
	if sysdig.is_print_container_data() then
		keys, titles = "fd.sport,container.name", "Srv Port,container.name"
	end
	chisel.exec("table_generator", keys, titles, "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", "100", "bytes")
	return true
end
