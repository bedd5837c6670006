-- netstat: the IPv4 and IPv6 sockets of every thread, at one point in time.
-- Part of syscope's own stock chisels (compatible with sysdig's netstat).

description = "Prints the network connections and listening sockets that every thread holds, in the style of netstat. The table is taken at the first event that passes the capture filter (the start of the capture when there is none)."
short_description = "List the network connections, optionally filtered."
category = "System State"

args = {
	{
		name = "filter",
		description = "A filter on the thread table that selects which sockets to list, e.g. 'proc.name=nginx and fd.sport=443'.",
		argtype = "filter",
		optional = true
	}
}

require "common"

-- only IP sockets; a user filter is appended (sysdig writes it with no blank
-- before "and", which the filter compiler accepts)
local socket_filter = "(fd.type=ipv4 or fd.type=ipv6)"
local started = false
local seen_event = false

function on_set_arg(name, val)
	if name ~= "filter" then
		return false
	end
	socket_filter = socket_filter .. "and (" .. val .. ")"
	return true
end

function on_init()
	return true
end

function on_capture_start()
	started = true
	return true
end

function on_event()
	seen_event = true
	sysdig.end_capture()
	return false
end

function on_capture_end()
	if not started then
		return
	end
	if not seen_event then
		print("empty capture or no event matching the filter")
		return
	end

	local threads = sysdig.get_thread_table(socket_filter)

	print(extend_string("Proto", 6) .. extend_string("Server Address", 25) ..
		extend_string("Client Address", 25) .. extend_string("State", 15) ..
		"TID/PID/Program Name")

	-- threads and descriptors come in the order of the tables the runtime
	-- hands over, as in sysdig
	for tid, th in pairs(threads) do
		for _, s in pairs(th.fdtable) do
			local client, state
			if s.cip == nil then
				client = "0.0.0.0:*"
				state = "LISTEN"
			else
				client = s.cip .. ":" .. s.cport
				state = "ESTABLISHED"
			end
			print(extend_string(s.l4proto, 6) ..
				extend_string(s.sip .. ":" .. s.sport, 25) ..
				extend_string(client, 25) ..
				extend_string(state, 15) ..
				tid .. "/" .. th.pid .. "/" .. th.comm)
		end
	end
end
