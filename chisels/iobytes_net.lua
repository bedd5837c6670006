-- syscope stock chisel iobytes_net (Lua 5.1 / LuaJIT).
--
-- Once a second of event time, the bytes read and written (io_per_second.lua).

description = "Every second, prints how many bytes were received from and sent to the network."
short_description = "Bytes of network I/O, each second"
category = "Net"

args = {}

require("io_per_second").install("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)")
