-- httplog: one line per HTTP request and its response.
-- Part of syscope's own stock chisels (compatible with sysdig's httplog).

description = "Prints a line for every HTTP request answered in the capture: the time of the response, the direction (> a request this machine sent, < one it received), the method, host and path, the response code, the time the answer took and the Content-Length. With -pc or -pcontainer the container name is added."
short_description = "Log the HTTP requests"
category = "Application"
args = {}

local http_parse = require "http_parse"

local parser
local with_container = false

function on_init()
	parser = http_parse.start()
	with_container = sysdig.is_print_container_data()
	return true
end

local function log_line(t)
	local container = " "
	if with_container then
		container = " " .. t.container .. " "
	end
	print(string.format("%s%s%s method=%s url=%s response_code=%d latency=%dms size=%dB",
		evt.field(parser.datetime), container, t.dir,
		t.request.method, t.request.url, t.response.code,
		(t.response.ts - t.request.ts) / 1000000, t.response.length))
end

function on_event()
	parser:feed(log_line)
	return false
end
