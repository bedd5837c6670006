-- syscope's JSON module for chisels, under the name and with the public
-- interface of dkjson 2.4 (the JSON library sysdig's chisels load with
-- `json = require "dkjson"`):
--
--   json.encode(value [, state])   value to text; state.indent pretty-prints
--                                  (objects one member a line, two blanks a
--                                  level, arrays on one line), state.keyorder
--                                  lists keys to write first, state.level,
--                                  state.buffer/bufferlen, state.tables
--   json.decode(text [, pos [, null [, objectmeta [, arraymeta]]]])
--                                  text to value; returns value, next
--                                  position, and an error message on failure
--   json.null                      a value that encodes as null
--   json.quotestring(s)            s as a JSON string literal
--   json.addnewline(state)         newline and indentation into state.buffer
--   json.version                   "dkjson 2.4"
--   json.use_lpeg(), json.using_lpeg  accepted; LPeg is never used
--
-- Text is written exactly as dkjson writes it, so that chisels print the
-- same bytes.  One difference: without a keyorder, dkjson writes object
-- members in the hash order of the Lua table (different from run to run);
-- we write them sorted by key.
--
-- Lua 5.1 / LuaJIT.

local type, pairs, tostring, tonumber = type, pairs, tostring, tonumber
local getmetatable, setmetatable, select, error = getmetatable, setmetatable, select, error
local floor, huge = math.floor, math.huge
local byte, char, find, fmt, gsub, rep, sub =
	string.byte, string.char, string.find, string.format, string.gsub, string.rep, string.sub
local concat, sort = table.concat, table.sort

local json = { version = "dkjson 2.4", using_lpeg = false }

-- Reach metatables hidden behind __metatable too.
do
	local ok, dbg = pcall(require, "debug")
	if ok and dbg and dbg.getmetatable then
		getmetatable = dbg.getmetatable
	end
end

json.null = setmetatable({}, {
	__tojson = function()
		return "null"
	end,
})

function json.use_lpeg()
	return json
end

---------------------------------------------------------------- strings

local named_escapes = {
	['"'] = '\\"',
	["\\"] = "\\\\",
	["\b"] = "\\b",
	["\f"] = "\\f",
	["\n"] = "\\n",
	["\r"] = "\\r",
	["\t"] = "\\t",
}

-- Code point of one UTF-8 sequence, nil if it is not a well-formed lead.
local function codepoint(seq)
	local b1, b2, b3, b4 = byte(seq, 1, 4)
	b2, b3, b4 = b2 or 0, b3 or 0, b4 or 0
	if b1 < 0x80 then
		return b1
	elseif b1 >= 0xc0 and b1 < 0xe0 and b2 >= 0x80 then
		return (b1 - 0xc0) * 64 + (b2 - 0x80)
	elseif b1 >= 0xe0 and b1 < 0xf0 and b2 >= 0x80 and b3 >= 0x80 then
		return ((b1 - 0xe0) * 64 + (b2 - 0x80)) * 64 + (b3 - 0x80)
	elseif b1 >= 0xf0 and b1 < 0xf8 and b2 >= 0x80 and b3 >= 0x80 and b4 >= 0x80 then
		return (((b1 - 0xf0) * 64 + (b2 - 0x80)) * 64 + (b3 - 0x80)) * 64 + (b4 - 0x80)
	end
	return nil
end

local function escape(seq)
	local named = named_escapes[seq]
	if named then
		return named
	end
	local cp = codepoint(seq)
	if cp == nil or cp > 0x10ffff then
		return ""
	end
	if cp < 0x10000 then
		return fmt("\\u%.4x", cp)
	end
	cp = cp - 0x10000
	return fmt("\\u%.4x\\u%.4x", 0xd800 + floor(cp / 0x400), 0xdc00 + cp % 0x400)
end

-- Characters that are legal in JSON text but are escaped anyway because
-- JavaScript or displays treat them specially: C1 controls, the soft
-- hyphen, and assorted invisible or line-breaking code points.
local invisible = {
	"\194[\128-\159\173]",
	"\216[\128-\132]",
	"\220\143",
	"\225\158[\180\181]",
	"\226\128[\140-\143\168-\175]",
	"\226\129[\160-\175]",
	"\239\187\191",
	"\239\191[\176-\191]",
}

local function quotestring(s)
	s = tostring(s)
	if find(s, '[%z\1-\31"\\\127]') then
		s = gsub(s, '[%z\1-\31"\\\127]', escape)
	end
	if find(s, "[\194\216\220\225\226\239]") then
		for _, pattern in ipairs(invisible) do
			if find(s, pattern) then
				s = gsub(s, pattern, escape)
			end
		end
	end
	return '"' .. s .. '"'
end
json.quotestring = quotestring

---------------------------------------------------------------- encoding

-- A table is written as an array when all its keys are positive integers
-- (plus, optionally, a numeric count in "n") and it is not mostly holes.
-- Returns the flag and the length to write.
local function array_length(tbl)
	local highest, count, declared = 0, 0, 0
	for k, v in pairs(tbl) do
		if k == "n" and type(v) == "number" then
			declared = v
			if v > highest then
				highest = v
			end
		elseif type(k) == "number" and k >= 1 and floor(k) == k then
			if k > highest then
				highest = k
			end
			count = count + 1
		else
			return false
		end
	end
	if highest > 10 and highest > declared and highest > 2 * count then
		return false
	end
	return true, highest
end

local function newline(out, level)
	out[#out + 1] = "\n" .. rep("  ", level)
end

function json.addnewline(state)
	if state.indent then
		local buffer = state.buffer
		local n = state.bufferlen or #buffer
		buffer[n + 1] = "\n"
		buffer[n + 2] = rep("  ", state.level or 0)
		state.bufferlen = n + 2
	end
end

local function key_rank(a, b)
	local ta, tb = type(a), type(b)
	if ta ~= tb then
		return ta < tb
	end
	return a < b
end

local write -- forward

-- The writer keeps its output in ctx.out (an array of pieces) and reports
-- problems by raising them as errors, caught in json.encode.
local function write_member(ctx, key, value, first, level)
	local kt = type(key)
	if kt ~= "string" and kt ~= "number" then
		error({ "type '" .. kt .. "' is not supported as a key by JSON." })
	end
	local out = ctx.out
	if not first then
		out[#out + 1] = ","
	end
	if ctx.indent then
		newline(out, level)
	end
	out[#out + 1] = quotestring(key)
	out[#out + 1] = ":"
	write(ctx, value, level)
end

local function write_object(ctx, tbl, meta, level)
	local out = ctx.out
	out[#out + 1] = "{"
	local first = true
	local done = {}
	local order = (meta and meta.__jsonorder) or ctx.keyorder
	if order then
		for i = 1, #order do
			local k = order[i]
			local v = tbl[k]
			-- as in dkjson, a false member is not "found" here and is
			-- written with the remaining ones
			if v then
				done[k] = true
				write_member(ctx, k, v, first, level)
				first = false
			end
		end
	end
	local rest = {}
	for k in pairs(tbl) do
		if not done[k] then
			rest[#rest + 1] = k
		end
	end
	local ok = pcall(sort, rest, key_rank)
	if not ok then
		-- keys of a type JSON cannot have: let write_member complain
		rest = {}
		for k in pairs(tbl) do
			if not done[k] then
				rest[#rest + 1] = k
			end
		end
	end
	for _, k in ipairs(rest) do
		write_member(ctx, k, tbl[k], first, level)
		first = false
	end
	if ctx.indent then
		newline(out, level - 1)
	end
	out[#out + 1] = "}"
end

write = function(ctx, value, level)
	local out = ctx.out
	local kind = type(value)
	local meta = getmetatable(value)
	if type(meta) ~= "table" then
		meta = nil
	end
	if meta and meta.__tojson then
		if ctx.seen[value] then
			error({ "reference cycle" })
		end
		ctx.seen[value] = true
		local state = {
			indent = ctx.indent,
			level = level,
			buffer = out,
			bufferlen = #out,
			tables = ctx.seen,
			keyorder = ctx.keyorder,
		}
		local res, msg = meta.__tojson(value, state)
		if not res then
			error({ msg })
		end
		ctx.seen[value] = nil
		-- the function may have appended to the buffer directly
		for i = #out, (state.bufferlen or #out) + 1, -1 do
			out[i] = nil
		end
		if type(res) == "string" then
			out[#out + 1] = res
		end
	elseif value == nil then
		out[#out + 1] = "null"
	elseif kind == "number" then
		if value ~= value or value >= huge or -value >= huge then
			out[#out + 1] = "null"
		else
			out[#out + 1] = (gsub(tostring(value), ",", "."))
		end
	elseif kind == "boolean" then
		out[#out + 1] = value and "true" or "false"
	elseif kind == "string" then
		out[#out + 1] = quotestring(value)
	elseif kind == "table" then
		if ctx.seen[value] then
			error({ "reference cycle" })
		end
		ctx.seen[value] = true
		local is_array, n = array_length(value)
		if n == 0 and meta and meta.__jsontype == "object" then
			is_array = false
		end
		if is_array then
			out[#out + 1] = "["
			for i = 1, n do
				if i > 1 then
					out[#out + 1] = ","
				end
				write(ctx, value[i], level + 1)
			end
			out[#out + 1] = "]"
		else
			write_object(ctx, value, meta, level + 1)
		end
		ctx.seen[value] = nil
	else
		error({ "type '" .. kind .. "' is not supported by JSON." })
	end
end

function json.encode(value, state)
	state = state or {}
	local out = state.buffer or {}
	if state.buffer and state.bufferlen then
		for i = #out, state.bufferlen + 1, -1 do
			out[i] = nil
		end
	end
	local ctx = {
		out = out,
		indent = state.indent,
		keyorder = state.keyorder,
		seen = state.tables or {},
	}
	local ok, err = pcall(write, ctx, value, state.level or 0)
	if not ok then
		if type(err) == "table" then
			error(err[1], 2)
		end
		error(err, 0)
	end
	if state.buffer then
		state.bufferlen = #out
		return true
	end
	return concat(out)
end

---------------------------------------------------------------- decoding

local function where(text, pos)
	local line, line_start = 1, 0
	local p = 1
	while true do
		local nl = find(text, "\n", p, true)
		if not nl or nl >= pos then
			break
		end
		line = line + 1
		line_start = nl
		p = nl + 1
	end
	return "line " .. line .. ", column " .. (pos - line_start)
end

-- Position of the next non-blank character (a UTF-8 byte order mark counts
-- as blank), nil at the end.
local function skip_blanks(text, pos)
	while true do
		pos = find(text, "%S", pos)
		if not pos then
			return nil
		end
		if sub(text, pos, pos + 2) ~= "\239\187\191" then
			return pos
		end
		pos = pos + 3
	end
end

local function utf8_char(cp)
	if cp < 0 then
		return nil
	elseif cp < 0x80 then
		return char(cp)
	elseif cp < 0x800 then
		return char(0xc0 + floor(cp / 64), 0x80 + cp % 64)
	elseif cp < 0x10000 then
		return char(0xe0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
	elseif cp <= 0x10ffff then
		return char(0xf0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64, 0x80 + floor(cp / 64) % 64,
			0x80 + cp % 64)
	end
	return nil
end

local simple_unescape = {
	['"'] = '"',
	["\\"] = "\\",
	["/"] = "/",
	b = "\b",
	f = "\f",
	n = "\n",
	r = "\r",
	t = "\t",
}

local Failure = {}

local function fail(pos, msg)
	error({ Failure, pos, msg })
end

local function read_string(text, start)
	local pieces = {}
	local pos = start + 1
	while true do
		local stop = find(text, '["\\]', pos)
		if not stop then
			fail(#text + 1, "unterminated string at " .. where(text, start))
		end
		if stop > pos then
			pieces[#pieces + 1] = sub(text, pos, stop - 1)
		end
		if sub(text, stop, stop) == '"' then
			return concat(pieces), stop + 1
		end
		local esc = sub(text, stop + 1, stop + 1)
		local piece, width
		if esc == "u" then
			local cp = tonumber(sub(text, stop + 2, stop + 5), 16)
			if cp then
				width = 6
				if cp >= 0xd800 and cp <= 0xdbff and sub(text, stop + 6, stop + 7) == "\\u" then
					local low = tonumber(sub(text, stop + 8, stop + 11), 16)
					if low and low >= 0xdc00 and low <= 0xdfff then
						cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
						width = 12
					end
				end
				piece = utf8_char(cp)
			end
		end
		if not piece then
			piece = simple_unescape[esc] or esc
			width = 2
		end
		pieces[#pieces + 1] = piece
		pos = stop + width
	end
end

local read_value -- forward

local function read_container(text, start, close, ctx, meta)
	local result = setmetatable({}, meta)
	local kind = close == "}" and "object" or "array"
	local count = 0
	local pos = start + 1
	while true do
		pos = skip_blanks(text, pos)
		if not pos then
			fail(#text + 1, "unterminated " .. kind .. " at " .. where(text, start))
		end
		if sub(text, pos, pos) == close then
			return result, pos + 1
		end
		local first
		first, pos = read_value(text, pos, ctx)
		pos = skip_blanks(text, pos)
		if not pos then
			fail(#text + 1, "unterminated " .. kind .. " at " .. where(text, start))
		end
		local c = sub(text, pos, pos)
		if c == ":" then
			if first == nil then
				fail(pos, "cannot use nil as table index (at " .. where(text, pos) .. ")")
			end
			local second
			pos = skip_blanks(text, pos + 1)
			if not pos then
				fail(#text + 1, "unterminated " .. kind .. " at " .. where(text, start))
			end
			second, pos = read_value(text, pos, ctx)
			result[first] = second
			pos = skip_blanks(text, pos)
			if not pos then
				fail(#text + 1, "unterminated " .. kind .. " at " .. where(text, start))
			end
			c = sub(text, pos, pos)
		else
			count = count + 1
			result[count] = first
		end
		if c == "," then
			pos = pos + 1
		end
	end
end

read_value = function(text, pos, ctx)
	pos = skip_blanks(text, pos)
	if not pos then
		fail(#text + 1, "no valid JSON value (reached the end)")
	end
	local c = sub(text, pos, pos)
	if c == "{" then
		return read_container(text, pos, "}", ctx, ctx.objectmeta)
	elseif c == "[" then
		return read_container(text, pos, "]", ctx, ctx.arraymeta)
	elseif c == '"' then
		return read_string(text, pos)
	end
	local s, e = find(text, "^%-?[%d%.]+[eE]?[%+%-]?%d*", pos)
	if s then
		local num = tonumber(sub(text, s, e))
		if num then
			return num, e + 1
		end
	end
	s, e = find(text, "^%a%w*", pos)
	if s then
		local word = sub(text, s, e)
		if word == "true" then
			return true, e + 1
		elseif word == "false" then
			return false, e + 1
		elseif word == "null" then
			return ctx.null, e + 1
		end
	end
	fail(pos, "no valid JSON value at " .. where(text, pos))
end

local default_objectmeta = { __jsontype = "object" }
local default_arraymeta = { __jsontype = "array" }

function json.decode(text, pos, nullval, ...)
	local ctx = { null = nullval }
	if select("#", ...) > 0 then
		ctx.objectmeta, ctx.arraymeta = ...
	else
		ctx.objectmeta, ctx.arraymeta = default_objectmeta, default_arraymeta
	end
	local ok, value, nextpos = pcall(read_value, text, pos or 1, ctx)
	if ok then
		return value, nextpos
	end
	if type(value) == "table" and value[1] == Failure then
		return nil, value[2], value[3]
	end
	error(value, 0)
end

return json
