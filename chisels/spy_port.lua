-- spy_port: dump the network data sent or received on one port.
-- Part of syscope's own stock chisels (compatible with sysdig's spy_port).

description = "Prints the payload of every read and write on an IPv4 or IPv6 socket whose local or remote port is the given one. The -A, -x and -X options change how the data is shown."
short_description = "Dump the payloads sent or received on one port"
category = "Net"

args = {
	{
		name = "host_port",
		description = "The port number to watch.",
		argtype = "int"
	},
	{
		name = "disable_color",
		description = "Give the value disable_colors for output without colour escapes.",
		argtype = "string",
		optional = true
	},
}

require "common"
terminal = require "ansiterminal"
terminal.enable_color(true)

local port

function on_set_arg(name, val)
	if name == "host_port" then
		port = val
		return true
	end
	if name == "disable_color" then
		if val == "disable_colors" then
			terminal.enable_color(false)
		end
		return true
	end
	return false
end

local f_data, f_isread, f_res

function on_init()
	f_data = chisel.request_field("evt.arg.data")
	f_isread = chisel.request_field("evt.is_io_read")
	f_res = chisel.request_field("evt.rawarg.res")
	sysdig.set_snaplen(1000)
	chisel.set_filter("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6) and fd.port=" .. port)
	return true
end

-- The banner is rebuilt only when the direction of the traffic changes;
-- in between, the previous banner (with its byte count) is printed again.
local last_dir = nil
local banner = nil

function on_event()
	local res = evt.field(f_res)
	if res == nil or res <= 0 then
		return true
	end
	local data = evt.field(f_data)
	if data == nil then
		return true
	end
	if evt.field(f_isread) then
		if last_dir ~= "in" then
			banner = terminal.red .. "------ Read " .. format_bytes(res)
			last_dir = "in"
		end
	elseif last_dir ~= "out" then
		banner = terminal.blue .. "------ Write " .. format_bytes(res)
		last_dir = "out"
	end
	print(banner)
	print(data)
	return true
end

function on_capture_end()
	print(terminal.reset)
end
