-- list_login_shells: the login shell id of the sessions seen in the capture.
-- Part of syscope's own stock chisels (compatible with sysdig's list_login_shells).

description = "Prints the login shell id (proc.loginshellid) of the last program started in a login session, optionally only counting programs whose name or arguments contain the given text. The id can then be used to filter, e.g. proc.loginshellid=1234. With -pc or -pcontainer the container name and id are added."
short_description = "Show the login shell ids of user sessions"
category = "Security"

args = {
	{
		name = "command",
		description = "Only count programs whose name contains this (a Lua pattern); * counts every program.",
		argtype = "string",
		optional = true
	},
	{
		name = "arguments",
		description = "Only count programs whose arguments contain this (a Lua pattern).",
		argtype = "string",
		optional = true
	},
}

require "common"

local want_comm = nil
local want_args = nil

function on_set_arg(name, val)
	if name == "command" then
		if val ~= "*" then
			want_comm = val
		end
	elseif name == "arguments" then
		want_args = val
	end
	return true
end

local f = {}
local with_container = false
local last = nil   -- {sid, container name, container id} of the last match

function on_init()
	f.sid = chisel.request_field("proc.loginshellid")
	f.exe = chisel.request_field("evt.arg.exe")
	f.args = chisel.request_field("evt.arg.args")
	f.cname = chisel.request_field("container.name")
	f.cid = chisel.request_field("container.id")

	with_container = sysdig.is_print_container_data()
	chisel.set_filter("evt.type=execve")
	return true
end

function on_event()
	local sid = evt.field(f.sid)
	local exe = evt.field(f.exe)
	if sid == nil or exe == nil then
		return true
	end
	if want_comm ~= nil and string.find(exe, want_comm) == nil then
		return true
	end
	local argv = evt.field(f.args)
	if want_args ~= nil and argv ~= nil and string.find(argv, want_args) == nil then
		return true
	end
	last = {sid, evt.field(f.cname), evt.field(f.cid)}
	return true
end

-- sysdig's list_login_shells keeps only the last session id too, but prints
-- it once per non-nil entry of its three-field record, i.e. usually three
-- times; here it is printed once.
function on_capture_end()
	if want_comm ~= nil then
		print("Shells containing " .. want_comm .. ":")
	else
		print("All shells:")
	end
	if last == nil then
		return
	end
	if with_container then
		print(last[1] .. " " .. last[2] .. " " .. last[3])
	else
		print(last[1])
	end
end
