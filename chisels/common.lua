-- syscope chisel helpers: the global functions sysdig's chisels expect to
-- find after `require "common"`.
--
-- Every function keeps the name, arguments and results of the helper of the
-- same name shipped with sysdig 0.29.3, including the odd corners that show
-- in chisel output (extend_string always leaves a blank at the end of a cut
-- string, format_bytes says "KB" but "M"/"G", ...), so that sysdig's own
-- chisels print the same bytes when they run on syscope.
--
-- Lua 5.1 / LuaJIT.

local floor = math.floor
local fmt = string.format
local srep = string.rep
local ssub = string.sub

json = require("dkjson")

ONE_S_IN_NS = 1000000000
ONE_MS_IN_NS = 1000000
ONE_US_IN_NS = 1000

-- A printable rendering of any value, tables recursively, one member a line
-- unless skipnewlines is set.  Members come in pairs() order.
function st(val, name, skipnewlines, depth)
	depth = depth or 0
	local eol = skipnewlines and "" or "\n"
	local parts = { srep(" ", depth) }
	if name then
		parts[#parts + 1] = name .. " = "
	end
	local kind = type(val)
	if kind == "table" then
		parts[#parts + 1] = "{" .. eol
		for k, v in pairs(val) do
			parts[#parts + 1] = st(v, k, skipnewlines, depth + 1) .. "," .. eol
		end
		parts[#parts + 1] = srep(" ", depth) .. "}"
	elseif kind == "number" then
		parts[#parts + 1] = tostring(val)
	elseif kind == "string" then
		parts[#parts + 1] = fmt("%q", val)
	elseif kind == "boolean" then
		parts[#parts + 1] = val and "true" or "false"
	else
		parts[#parts + 1] = '"[inserializeable datatype:' .. kind .. ']"'
	end
	return table.concat(parts)
end

-- Make s exactly `width` characters wide for a table column.  A shorter
-- string is padded with blanks; a string that does not fit (or fits
-- exactly) keeps width-1 characters and gets one blank, so that columns
-- never touch.  sysdig's version pads with at most 167 blanks; we keep that
-- limit so that very wide columns line up the same way.
local MAX_PAD = 167

function extend_string(s, width)
	local len = #s
	if len < width then
		local pad = width - len
		if pad > MAX_PAD then
			pad = MAX_PAD
		end
		return s .. srep(" ", pad)
	end
	if width <= 0 then
		return ""
	end
	return ssub(s, 1, width - 1) .. " "
end

-- Split s at every match of the Lua pattern `delimiter`; an empty field is
-- kept wherever two delimiters meet or the string starts or ends with one.
function split(s, delimiter)
	local fields = {}
	local text = tostring(s) .. delimiter
	local from = 1
	while true do
		local first, last = string.find(text, delimiter, from)
		if not first then
			break
		end
		fields[#fields + 1] = ssub(text, from, first - 1)
		from = last + 1
	end
	return fields
end

function starts_with(str, prefix)
	if prefix == "" then
		return true
	end
	return ssub(str, 1, #prefix) == prefix
end

function ends_with(str, suffix)
	if suffix == "" then
		return true
	end
	return ssub(str, -#suffix) == suffix
end

-- Byte counts in binary units: "512B", "1.50KB", "3.20M", "1.00G" ...
local byte_units = {
	{ 1024 * 1024 * 1024 * 1024 * 1024, "P" },
	{ 1024 * 1024 * 1024 * 1024, "T" },
	{ 1024 * 1024 * 1024, "G" },
	{ 1024 * 1024, "M" },
	{ 1024, "KB" },
}

function format_bytes(val)
	for _, unit in ipairs(byte_units) do
		if val > unit[1] then
			return fmt("%.2f", val / unit[1]) .. unit[2]
		end
	end
	return fmt("%dB", val)
end

-- A duration in nanoseconds, with two decimals below ten units and none
-- above (seconds always get two): "2.05s", "35ms", "1.20ms", "12us", "3.40us",
-- "870ns".
local time_units = {
	{ ONE_S_IN_NS, "s", math.huge },
	{ ONE_MS_IN_NS, "ms", 10 * ONE_MS_IN_NS },
	{ ONE_US_IN_NS, "us", 10 * ONE_US_IN_NS },
}

function format_time_interval(val)
	for _, unit in ipairs(time_units) do
		local size, suffix, no_decimals_from = unit[1], unit[2], unit[3]
		if val >= no_decimals_from then
			return fmt("%u", floor(val / size)) .. suffix
		elseif val >= size then
			return fmt("%u.%02u", floor(val / size), (val % size) / (size / 100)) .. suffix
		end
	end
	return fmt("%u", val) .. "ns"
end

-- Iterate over the entries of t in the order given by order(t, a, b)
-- ("a comes before b"), at most num of them (0: all).  Entries that order()
-- cannot tell apart come out sorted by key, so that the output does not
-- depend on the hash order of the table.
local function key_before(a, b)
	local ta, tb = type(a), type(b)
	if ta ~= tb then
		return ta < tb
	end
	if ta == "number" or ta == "string" then
		return a < b
	end
	return tostring(a) < tostring(b)
end

function pairs_top_by_val(t, num, order)
	local keys = {}
	for k in pairs(t) do
		keys[#keys + 1] = k
	end
	table.sort(keys, function(a, b)
		if order(t, a, b) then
			return true
		end
		if order(t, b, a) then
			return false
		end
		return key_before(a, b)
	end)
	local limit = #keys
	if num ~= 0 and num < limit then
		limit = num
	end
	local pos = 0
	return function()
		pos = pos + 1
		if pos <= limit then
			local k = keys[pos]
			return k, t[k]
		end
	end
end

-- Seconds and nanoseconds as one decimal string of nanoseconds.
function ts_to_str(tshi, tslo)
	return fmt("%u%.9u", tshi, tslo)
end

-- The standard top-N table of the top* chisels.  stable maps a key (the key
-- fields' values joined with "\001\001") to a number; viz_info describes
-- the columns (key_fld, key_desc, value_fld, value_desc, value_units,
-- top_number, output_format).
local COLUMN = 20
local RULE = string.rep("-", 80)
local KEY_SEP = "\001\001"

local function render_value(v, units, timedelta)
	if units == "none" then
		return tostring(v)
	elseif units == "bytes" then
		return format_bytes(v)
	elseif units == "time" then
		return format_time_interval(v)
	elseif units == "timepct" then
		if timedelta > 0 then
			return fmt("%.2f%%", v / timedelta * 100)
		end
		return "0.00%"
	end
	return nil
end

local function print_table_json(rows, ts_s, ts_ns, viz_info)
	local data = {}
	for k, v in rows do
		local row = split(k, KEY_SEP)
		row[#row + 1] = v
		data[#data + 1] = row
	end
	local info = {}
	for i, fld in ipairs(viz_info.key_fld) do
		info[i] = { name = fld, desc = viz_info.key_desc[i], is_key = true }
	end
	-- As in sysdig, the value's column always goes at position 3, whatever
	-- the number of keys.
	info[3] = { name = viz_info.value_fld, desc = viz_info.value_desc, is_key = false }
	local doc = { ts = sysdig.make_ts(ts_s, ts_ns), data = data, info = info }
	print(json.encode(doc, { indent = true, keyorder = { "ts", "data", "info", "name", "desc", "is_key" } }))
end

local function print_table_text(rows, timedelta, viz_info)
	local header = { extend_string(viz_info.value_desc, COLUMN) }
	for _, title in ipairs(viz_info.key_desc) do
		header[#header + 1] = extend_string(title, COLUMN)
	end
	print(table.concat(header))
	print(RULE)
	for k, v in rows do
		local cells = split(k, KEY_SEP)
		for i = 1, #cells - 1 do
			cells[i] = extend_string(ssub(cells[i], 1, COLUMN), COLUMN)
		end
		local shown = render_value(v, viz_info.value_units, timedelta)
		if shown then
			print(extend_string(shown, COLUMN) .. table.concat(cells))
		end
	end
end

function print_sorted_table(stable, ts_s, ts_ns, timedelta, viz_info)
	local rows = pairs_top_by_val(stable, viz_info.top_number, function(t, a, b)
		return t[b] < t[a]
	end)
	if viz_info.output_format == "json" then
		print_table_json(rows, ts_s, ts_ns, viz_info)
	else
		print_table_text(rows, timedelta, viz_info)
	end
end

-- A number given as a chisel argument; anything else ends the program with
-- a message on stdout (and, as in sysdig, exit status 0).
function parse_numeric_input(value, name)
	local num = tonumber(value)
	if num == nil then
		print(fmt("Input %s must be a number.", name))
		os.exit()
	end
	return num
end

-- Deep copy, keys, values and metatables included.
function copytable(orig)
	if type(orig) ~= "table" then
		return orig
	end
	local copy = {}
	for k, v in next, orig, nil do
		copy[copytable(k)] = copytable(v)
	end
	return setmetatable(copy, copytable(getmetatable(orig)))
end

-- Append the array part of src to dst; returns dst.
function concattable(dst, src)
	local n = #dst
	for i = 1, #src do
		dst[n + i] = src[i]
	end
	return dst
end

-- type(), except that a table or userdata whose metatable has a _NAME
-- reports that name.
function typeof(var)
	local kind = type(var)
	if kind == "table" or kind == "userdata" then
		local meta = getmetatable(var)
		if meta ~= nil and meta._NAME ~= nil then
			return meta._NAME
		end
	end
	return kind
end
