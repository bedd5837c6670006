-- syscope stock chisel topprocs_cpu (Lua 5.1 / LuaJIT).
--
-- The CPU share comes from the procinfo events the driver writes for each
-- thread that ran: thread.cpu is the CPU time of the last tick in hundredths
-- of a second, turned here into nanoseconds and summed per row; the table
-- shows each sum as a percentage of the capture's (or the second's) length.

description = "Lists the processes that used the most CPU, as a share of the capture's duration (of each second, live). With -pc or -pcontainer, each row also shows the container and the process id inside it."
short_description = "Processes by CPU use"
category = "CPU Usage"

require("cpu_table").install({
	fld = { "proc.name", "proc.pid" },
	desc = { "Process", "PID" },
	pc_fld = { "proc.name", "proc.pid", "proc.vpid", "container.name" },
	pc_desc = { "Process", "Host_pid", "Container_pid", "container.name" },
})
