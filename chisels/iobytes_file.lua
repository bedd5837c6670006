-- syscope stock chisel iobytes_file (Lua 5.1 / LuaJIT).
--
-- Once a second of event time, the bytes read and written (io_per_second.lua).

description = "Every second, prints how many bytes were read from and written to files."
short_description = "Bytes of file I/O, each second"
category = "I/O"

args = {}

require("io_per_second").install("evt.is_io=true and fd.type=file")
