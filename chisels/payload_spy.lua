-- syscope helper module for spy_ip and spy_port (Lua 5.1 / LuaJIT): the
-- payload of every socket read and write whose address or port is the one
-- watched.  install(watch) defines the chisel's args and callbacks; watch
-- names the argument (name, description, argtype), the field it is
-- compared with and the word a write's banner says.

local M = {}

function M.install(watch)
	args = {
		{
			name = watch.name,
			description = watch.description,
			argtype = watch.argtype
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

	local watched

	function on_set_arg(name, val)
		if name == watch.name then
			watched = val
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
		chisel.set_filter("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6) and " .. watch.field .. "=" .. watched)
		return true
	end

	-- The banner is rebuilt only when the direction of the traffic changes;
	-- in between, the previous banner (with its byte count) is printed again.
	-- Writes say watch.write_word (sysdig's spy_ip says "Read" both ways).
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
			banner = terminal.blue .. "------ " .. watch.write_word .. " " .. format_bytes(res)
			last_dir = "out"
		end
		print(banner)
		print(data)
		return true
	end

	function on_capture_end()
		print(terminal.reset)
	end
end

return M
