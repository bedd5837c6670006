-- http_parse: pairs HTTP requests with their responses on each socket.
-- A helper module of syscope's chisels (httplog); not a chisel.
--
--   local http_parse = require "http_parse"
--   local parser = http_parse.start()       -- from on_init
--   parser:feed(function(t) ... end)        -- from on_event
--
-- start() sets the chisel's filter (I/O with data on IP or unix sockets),
-- requests the fields it needs and sets the snaplen to 1024.  feed() looks
-- at the current event's buffer; when it completes a transaction it calls
-- the function with
--   { dir = ">" | "<" | "<NA>",         -- the request was written / read
--     container = container.name at the request,
--     request = { method =, url =, ts = },
--     response = { code =, length =, ts = } }
-- where ts are evt.rawtime values.  parser.datetime is the evt.datetime
-- field handle, for printing the current (response) event's time.
--
-- The rules match sysdig's http.lua.  sysdig hands chisels the buffer as
-- it prints it, non-printable bytes shown as '.', so a header line ends in
-- ".."; a runtime that hands over the raw bytes ends it in CR LF.  END
-- below accepts both (a rendered buffer has no CR or LF left in it, so on
-- sysdig's rendering it is exactly sysdig's "%.%.").
--   * a request is a buffer starting with "METHOD TARGET" (METHOD in capital
--     letters); "Host: NAME" and a line end anywhere in it puts NAME before TARGET;
--   * once a socket has a pending request, the next buffer on it containing
--     "HTTP/VERSION CODE" is its response, with "Content-Length: N" and a line end as the
--     length (0 when absent); other buffers on it are ignored.

local M = {}

local Parser = {}
Parser.__index = Parser

function M.start()
	chisel.set_filter("evt.is_io = true and evt.buflen > 0 and (fd.sockfamily = ip or fd.sockfamily = unix)")
	local p = setmetatable({
		pending = {},
		f_buffer = chisel.request_field("evt.buffer"),
		f_fd = chisel.request_field("fd.num"),
		f_pid = chisel.request_field("proc.pid"),
		f_rawtime = chisel.request_field("evt.rawtime"),
		datetime = chisel.request_field("evt.datetime"),
		f_iodir = chisel.request_field("evt.io_dir"),
		f_container = chisel.request_field("container.name"),
	}, Parser)
	sysdig.set_snaplen(1024)
	return p
end

local END = "[%.\r][%.\n]"

local function read_request(text)
	local method, target = string.match(text, "^(%u+) (%g+)")
	if method == nil or target == nil then
		return nil
	end
	local host = string.match(text, "Host: (%g+)" .. END)
	if host ~= nil then
		target = host .. target
	end
	return { method = method, url = target }
end

local function read_response(text)
	local code = string.match(text, "HTTP/[%g]+ (%d+)")
	if code == nil then
		return nil
	end
	local length = string.match(text, "Content%-Length: (%d+)" .. END) or 0
	return { code = tonumber(code), length = tonumber(length) }
end

local ARROWS = { read = "<", write = ">" }

function Parser:feed(on_transaction)
	local text = evt.field(self.f_buffer)
	local key = string.format("%d/%d", evt.field(self.f_pid), evt.field(self.f_fd))
	local now = evt.field(self.f_rawtime)
	local open = self.pending[key]

	if open == nil then
		local req = read_request(text)
		if req ~= nil then
			req.ts = now
			self.pending[key] = {
				request = req,
				dir = ARROWS[evt.field(self.f_iodir)] or "<NA>",
				container = evt.field(self.f_container),
			}
		end
		return
	end

	local resp = read_response(text)
	if resp ~= nil then
		resp.ts = now
		open.response = resp
		self.pending[key] = nil
		on_transaction(open)
	end
end

return M
