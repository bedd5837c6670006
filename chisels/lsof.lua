-- lsof: the open file descriptors of every thread, at one point in time.
-- Part of syscope's own stock chisels (compatible with sysdig's lsof).

description = "Prints the file descriptors that every thread has open, in the style of lsof. The table is taken at the first event that passes the capture filter (the start of the capture when there is none), so a filter such as 'evt.num>1000' chooses the moment."
short_description = "List the open file descriptors, optionally filtered."
category = "System State"

args = {
	{
		name = "filter",
		description = "A filter on the thread table that selects which descriptors to list, e.g. 'proc.name=sshd and fd.type=ipv4'.",
		argtype = "filter",
		optional = true
	}
}

require "common"

local fd_filter = nil
local started = false
local seen_event = false

function on_set_arg(name, val)
	if name ~= "filter" then
		return false
	end
	fd_filter = val
	return true
end

function on_init()
	return true
end

function on_capture_start()
	started = true
	return true
end

-- The first event fixes the moment: stop there and print at the end.
function on_event()
	seen_event = true
	sysdig.end_capture()
	return false
end

local function sorted_keys(t)
	local keys = {}
	for k in pairs(t) do
		keys[#keys + 1] = k
	end
	table.sort(keys)
	return keys
end

function on_capture_end()
	if not started then
		return
	end
	if not seen_event then
		print("empty capture or no event matching the filter")
		return
	end

	local threads = sysdig.get_thread_table(fd_filter)

	print(extend_string("COMMAND", 20) .. extend_string("PID", 8) ..
		extend_string("TID", 8) .. extend_string("USER", 8) ..
		extend_string("FD", 8) .. extend_string("TYPE", 12) .. "NAME")

	for _, tid in ipairs(sorted_keys(threads)) do
		local th = threads[tid]
		-- descriptors in the order of the table the runtime hands over
		for fd, info in pairs(th.fdtable) do
			print(extend_string(th.comm, 20) ..
				extend_string(tostring(th.pid), 8) ..
				extend_string(tostring(tid), 8) ..
				extend_string(th.username, 8) ..
				extend_string(tostring(fd), 8) ..
				extend_string(tostring(info.type), 12) ..
				tostring(info.name))
		end
	end
end
