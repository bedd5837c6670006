-- ps: the threads of the machine, at one point in time.
-- Part of syscope's own stock chisels (compatible with sysdig's ps).

description = "Prints every thread that exists, in the style of ps: ids, user, memory, descriptor limit and command name. The table is taken at the first event that passes the capture filter (the start of the capture when there is none); give an empty argument and a capture filter, as in -c ps '' 'evt.num>1000', to choose another moment."
short_description = "List the processes of the machine, optionally filtered."
category = "System State"

args = {
	{
		name = "filter",
		description = "A filter on the thread table; only the threads with a descriptor that matches it are listed, e.g. 'fd.name contains /var/log'.",
		argtype = "filter",
		optional = true
	}
}

require "common"

local thread_filter = nil
local started = false
local seen_event = false

function on_set_arg(name, val)
	if name ~= "filter" then
		return false
	end
	thread_filter = val
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

	local threads = sysdig.get_thread_table(thread_filter)
	local tids = {}
	for tid in pairs(threads) do
		tids[#tids + 1] = tid
	end
	table.sort(tids)

	print(extend_string("TID", 8) .. extend_string("PID", 8) ..
		extend_string("USER", 12) .. extend_string("VIRT", 11) ..
		extend_string("RES", 11) .. extend_string("FDLIMIT", 10) ..
		extend_string("CMD", 20))

	for _, tid in ipairs(tids) do
		local th = threads[tid]
		print(extend_string(tostring(tid), 8) ..
			extend_string(tostring(th.pid), 8) ..
			extend_string(th.username, 12) ..
			extend_string(format_bytes(th.vmsize_kb * 1024), 11) ..
			extend_string(format_bytes(th.vmrss_kb * 1024), 11) ..
			extend_string(tostring(th.fdlimit), 10) ..
			th.comm)
	end
end
