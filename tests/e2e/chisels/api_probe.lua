description = "exercise the chisel API"
short_description = "API test"
category = "Test"
args = { { name = "label", description = "a word", argtype = "string", optional = true } }
label = "none"
function on_set_arg(name, val) label = val return true end
function on_init()
	fnum = chisel.request_field("evt.num")
	ftype = chisel.request_field("evt.type")
	fname = chisel.request_field("proc.name")
	fres = chisel.request_field("evt.rawarg.res")
	fbuf = chisel.request_field("evt.buffer")
	fip = chisel.request_field("fd.sip")
	fport = chisel.request_field("fd.sport")
	ffail = chisel.request_field("evt.failed")
	flat = chisel.request_field("evt.latency")
	chisel.set_interval_s(1)
	chisel.set_filter("evt.dir=<")
	n = 0
	print("init " .. label .. " live=" .. tostring(sysdig.is_live()) .. " fmt=" .. sysdig.get_output_format())
	return true
end
function on_capture_start()
	local mi = sysdig.get_machine_info()
	print("cpus " .. mi.num_cpus .. " host " .. mi.hostname .. " mem " .. mi.memory_size_bytes)
	print("filter [" .. sysdig.get_filter() .. "]")
	return true
end
function on_event()
	n = n + 1
	if n <= 40 then
		local s, ns = evt.get_ts()
		print(evt.get_num(), s, ns, evt.get_type(), evt.get_cpuid(), evt.field(fnum), evt.field(ftype),
		      evt.field(fname), evt.field(fres), tostring(evt.field(ffail)), evt.field(flat),
		      evt.field(fip), evt.field(fport), evt.field(fbuf))
	end
	return true
end
function on_interval(s, ns, delta)
	print("interval", s, ns, delta, evt.get_num())
	return true
end
function on_capture_end(s, ns, delta)
	print("end", s, ns, delta, n, sysdig.get_firstevent_ts(), sysdig.get_lastevent_ts())
	print(sysdig.make_ts(5, 7), sysdig.add_ts("10000000000", "5"), sysdig.subtract_ts("10000000000", "5"))
	local tt = sysdig.get_thread_table()
	local k = 0
	local keys = {}
	for tid, t in pairs(tt) do k = k + 1 table.insert(keys, tid) end
	table.sort(keys)
	for _, tid in ipairs(keys) do
		local t = tt[tid]
		local nfd = 0
		local fds = {}
		for fd, f in pairs(t.fdtable) do table.insert(fds, fd) end
		table.sort(fds)
		local line = tid .. " " .. t.pid .. " " .. t.ptid .. " " .. t.comm .. " " .. t.exe .. " " .. t.uid .. " " .. t.username .. " " .. t.fdlimit .. " " .. t.vmsize_kb .. " " .. t.clone_ts .. " args=" .. table.concat(t.args, ",")
		for _, fd in ipairs(fds) do
			local f = t.fdtable[fd]
			line = line .. " [" .. fd .. " " .. f.type .. " " .. f.name .. " " .. tostring(f.sip) .. ":" .. tostring(f.sport) .. " " .. tostring(f.cip) .. ":" .. tostring(f.cport) .. " " .. tostring(f.is_server) .. " " .. tostring(f.l4proto) .. "]"
		end
		print(line)
	end
	print("threads", k)
	for i, c in ipairs(sysdig.get_container_table()) do print("container", c.id, c.name, c.image, c.type) end
end
