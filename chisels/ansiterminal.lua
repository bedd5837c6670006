-- syscope's terminal helper for chisels, with the interface of the
-- ansiterminal module shipped with sysdig: `terminal = require "ansiterminal"`.
--
-- After terminal.enable_color(true) the colour and attribute fields (red,
-- bright, onblue, reset, ...) hold ANSI SGR escape sequences; after
-- enable_color(false) they hold empty strings.  Before either call they are
-- not set.  The cursor and screen functions write their escape sequence to
-- stdout straight away.
--
-- Lua 5.1 / LuaJIT.

local ESC = string.char(27) .. "["

local terminal = {}

-- SGR codes by name: attributes, then foreground 30-37, background 40-47.
local sgr = {
	reset = 0, clear = 0, bright = 1, dim = 2, underscore = 4, blink = 5,
	reverse = 7, hidden = 8,
}
local colour_names = { "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white" }
for i, name in ipairs(colour_names) do
	sgr[name] = 29 + i
	sgr["on" .. name] = 39 + i
end

function terminal.enable_color(enable_colors)
	local on = enable_colors == true
	for name, code in pairs(sgr) do
		terminal[name] = on and (ESC .. code .. "m") or ""
	end
end

local function emit(seq)
	io.write(ESC .. seq)
end

function terminal.clearscreen()
	emit("2J")
end

function terminal.moveto(x, y)
	emit(tostring(x) .. ";" .. tostring(y) .. "H")
end

function terminal.moveup(n)
	emit(tostring(n) .. "F")
end

function terminal.clearline()
	emit("2K")
end

function terminal.hidecursor()
	emit("?25l")
end

function terminal.showcursor()
	emit("?25h")
end

function terminal.setfgcol(color)
	emit("38;5;" .. color .. "m")
end

function terminal.setbgcol(color)
	emit("48;5;" .. color .. "m")
end

return terminal
