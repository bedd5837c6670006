-- spy_users: the commands users run from interactive shells, and where they cd.
-- Part of syscope's own stock chisels (compatible with sysdig's spy_users).

description = "Prints every program started below a shell, indented by how deep it is under that shell and prefixed with the shell's pid, the time and the user; directory changes made by shells are shown as 'cd DIR'. With -pc or -pcontainer the container name is added and lines are coloured: blue inside a container, green on the host."
short_description = "Show what users do in their shells"
category = "Security"

args = {
	{
		name = "max_depth",
		description = "Do not show commands nested deeper than this under their shell.",
		argtype = "int",
		optional = true
	},
	{
		name = "disable_color",
		description = "Give the value disable_color for output without colour escapes.",
		argtype = "string",
		optional = true
	},
}

require "common"
terminal = require "ansiterminal"
terminal.enable_color(true)

-- how many ancestors are looked at when searching for a shell
local ANCESTORS = 16
local depth_limit = nil

function on_set_arg(name, val)
	if name == "max_depth" then
		-- (sysdig prints the message on stdout and exits with status 0)
		depth_limit = tonumber(val)
		if depth_limit == nil then
			error("Input " .. name .. " must be a number.", 0)
		end
		if depth_limit == -1 then
			depth_limit = nil
		end
	elseif name == "disable_color" and val == "disable_color" then
		terminal.enable_color(false)
	end
	return true
end

local f = {}
local anc_name = {}
local anc_pid = {}
local with_container = false

function on_init()
	f.type = chisel.request_field("evt.type")
	f.exe = chisel.request_field("proc.exe")
	f.args = chisel.request_field("proc.args")
	f.path = chisel.request_field("evt.arg.path")
	f.user = chisel.request_field("user.name")
	f.time = chisel.request_field("evt.time.s")
	f.pid = chisel.request_field("proc.pid")
	f.ppid = chisel.request_field("proc.ppid")
	f.cname = chisel.request_field("container.name")

	with_container = sysdig.is_print_container_data()

	chisel.set_filter("((evt.type=execve and evt.dir=<) or (evt.type=chdir and evt.dir=< and proc.name contains sh and not proc.name contains sshd)) and evt.failed=false")

	for level = 0, ANCESTORS do
		anc_name[level] = chisel.request_field("proc.aname[" .. level .. "]")
		anc_pid[level] = chisel.request_field("proc.apid[" .. level .. "]")
	end
	return true
end

-- For each pid seen: {depth, pid of the shell it hangs under}; depth -1
-- means "no shell among its ancestors", which hides it.
local tree = {}

local function is_shell_name(name)
	return #name >= 2 and name:sub(-2) == "sh"
end

-- Look for shells among the ancestors of the current event's process,
-- starting at ancestor level `first` (1 = the parent).  As in sysdig, the
-- search goes on past the first shell found: the farthest shell wins, and
-- the depth comes from the tree when that shell is known, else 0.
local function find_shell(first)
	local found = {-1}
	for level = first, ANCESTORS do
		local name = evt.field(anc_name[level])
		if name == nil then
			if evt.field(anc_pid[level]) == nil then
				break
			end
		elseif is_shell_name(name) then
			local shell = evt.field(anc_pid[level])
			if tree[shell] then
				found = {level - first, shell}
			else
				found = {0, shell}
			end
		end
	end
	return found
end

-- sysdig's spy_users finds the shell of a chdir by inserting a dummy first
-- entry in its ancestor field lists, and never removes it: every chdir
-- shifts all later ancestor look-ups by one more level.  Here a chdir starts
-- the search at the shell itself (level 0) and nothing shifts.  No capture
-- in the test corpus has such a chdir.
function on_event()
	local pid = evt.field(f.pid)
	local is_cd = evt.field(f.type) == "chdir"
	local parent, first
	if is_cd then
		parent = pid
		first = 0
	else
		parent = evt.field(f.ppid)
		first = 1
	end

	if not tree[parent] then
		tree[parent] = find_shell(first)
	end
	if tree[parent][1] == -1 then
		return true
	end
	if not tree[pid] then
		tree[pid] = {tree[parent][1] + 1, tree[parent][2]}
	end

	local depth = tree[pid][1] - first
	if depth_limit ~= nil and depth > depth_limit then
		return true
	end

	local user = evt.field(f.user) or "<NA>"
	local colour, indent, who
	if with_container then
		local cname = evt.field(f.cname)
		colour = terminal.green
		if cname ~= "host" then
			colour = terminal.blue
		end
		indent = 4 * depth
		who = user .. "@" .. cname
	else
		colour = ""
		-- sysdig indents commands by 3 blanks a level, cd lines by 4
		indent = is_cd and 4 * depth or 3 * depth
		who = user
	end

	local what
	if is_cd then
		what = "cd " .. evt.field(f.path)
	else
		what = evt.field(f.exe) .. " " .. evt.field(f.args)
	end
	print(colour .. string.rep(" ", indent) .. tree[pid][2] .. " " ..
		evt.field(f.time) .. " " .. who .. ") " .. what)
	return true
end

function on_capture_end()
	print(terminal.reset)
end
