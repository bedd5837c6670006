-- syscope stock chisel topcontainers_cpu (Lua 5.1 / LuaJIT).
--
-- The CPU share comes from the procinfo events the driver writes for each
-- thread that ran: thread.cpu is the CPU time of the last tick in hundredths
-- of a second, turned here into nanoseconds and summed per row; the table
-- shows each sum as a percentage of the capture's (or the second's) length.

description = "Lists the containers that used the most CPU, as a share of the capture's duration (of each second, live)."
short_description = "Containers by CPU use"
category = "CPU Usage"

require("cpu_table").install({ fld = { "container.name" }, desc = { "container.name" } })
