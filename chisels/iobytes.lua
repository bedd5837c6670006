-- syscope stock chisel iobytes (Lua 5.1 / LuaJIT).
--
-- Once a second of event time, the bytes read and written (io_per_second.lua).

description = "Every second, prints how many bytes were read from and written to file descriptors of any kind (files, sockets, pipes, ...)."
short_description = "Bytes of I/O on all FDs, each second"
category = "I/O"

args = {}

require("io_per_second").install("evt.is_io=true")
