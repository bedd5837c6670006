-- lscontainers: the containers known when the capture starts.
-- Part of syscope's own stock chisels (compatible with sysdig's lscontainers).

description = "Prints the containers of the capture (type, image, name and id), each column cut to the width of its title. With the argument desc, the container table is printed as a Lua data structure instead."
short_description = "List the containers and their metadata"
category = "System State"

args = {
	{
		name = "desc",
		description = "Give the value desc to print the table as a data structure.",
		argtype = "string",
		optional = true
	}
}

require "common"

local as_structure = false
local started = false

function on_set_arg(name, val)
	if name == "desc" and val == "desc" then
		as_structure = true
		return true
	end
	return false
end

function on_init()
	return true
end

function on_capture_start()
	started = true
	return true
end

-- the table is read at the first event
function on_event()
	sysdig.end_capture()
	return true
end

local function column(v, width)
	return extend_string(tostring(v), width)
end

function on_capture_end()
	if not started then
		return
	end
	local containers = sysdig.get_container_table()
	if as_structure then
		print(st(containers))
		return
	end

	print(column("container.type", 15) .. column("container.image", 16) ..
		column("container.name", 20) .. column("container.id", 13))
	print(column(string.rep("-", 15), 15) .. column(string.rep("-", 16), 16) ..
		column(string.rep("-", 20), 20) .. column(string.rep("-", 13), 13))

	local keys = {}
	for k in pairs(containers) do
		keys[#keys + 1] = k
	end
	table.sort(keys)
	for _, k in ipairs(keys) do
		local c = containers[k]
		print(column(c.type, 15) .. column(c.image, 16) ..
			column(c.name, 20) .. column(c.id, 13))
	end
end
