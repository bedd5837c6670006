-- spy_file: show the data of every successful read or write on a file.
-- Part of syscope's own stock chisels (compatible with sysdig's spy_file).

description = "Prints the data of every read and write that a process makes on a regular file, one line per call. The two optional arguments restrict it to reads or writes and to a single file."
short_description = "Echo the data of every file read and write, optionally of one file only"
category = "I/O"

args = {
	{
		name = "read_or_write",
		description = "R for reads only, W for writes only, RW (the default) for both.",
		argtype = "string",
		optional = true
	},
	{
		name = "spy_on_file_name",
		description = "Only show the reads and writes done on this file.",
		argtype = "string",
		optional = true
	}
}

require "common"

local direction = nil   -- "R", "W" or nil for both
local only_file = nil

function on_set_arg(name, val)
	if name == "read_or_write" then
		if val == "R" or val == "r" then
			direction = "R"
		elseif val == "W" or val == "w" then
			direction = "W"
		else
			direction = nil
		end
		return true
	end
	if name == "spy_on_file_name" then
		only_file = val
		return true
	end
	return false
end

local f = {}

function on_init()
	f.data = chisel.request_field("evt.arg.data")
	f.name = chisel.request_field("fd.name")
	f.is_write = chisel.request_field("evt.is_io_write")
	f.pid = chisel.request_field("proc.pid")
	f.comm = chisel.request_field("proc.name")
	f.res = chisel.request_field("evt.rawarg.res")
	f.time = chisel.request_field("evt.time")

	-- more of each buffer, shown as text
	sysdig.set_snaplen(2000)
	sysdig.set_output_format("ascii")

	local parts = {}
	if only_file ~= nil and only_file ~= "" then
		parts[#parts + 1] = "(fd.name=" .. only_file .. ")"
	else
		-- terminals are left out: on a live capture they would echo our own output
		parts[#parts + 1] = "(not fd.name contains /dev/pt and not fd.name contains /dev/tty)"
	end
	if direction == "R" then
		parts[#parts + 1] = "evt.is_io_read=true"
	elseif direction == "W" then
		parts[#parts + 1] = "evt.is_io_write=true"
	else
		parts[#parts + 1] = "evt.is_io=true"
	end
	parts[#parts + 1] = "fd.type=file and evt.dir=< and evt.failed=false"
	chisel.set_filter(table.concat(parts, " and "))
	return true
end

function on_event()
	local rw = "R"
	if evt.field(f.is_write) == true then
		rw = "W"
	end
	print(string.format("%s %s(%s) %s %s %s %s",
		evt.field(f.time), evt.field(f.comm), evt.field(f.pid), rw,
		format_bytes(evt.field(f.res)), evt.field(f.name), evt.field(f.data)))
	return true
end
