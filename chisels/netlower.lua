-- netlower: network reads and writes that took longer than a threshold.
-- Part of syscope's own stock chisels (compatible with sysdig's netlower).

description = "Prints every read or write on an IPv4 or IPv6 socket whose latency is above the given number of milliseconds (0 shows them all). Lines are green for host processes and blue inside containers; -pc or -pcontainer adds the container id and name."
short_description = "Show the network I/O calls slower than a threshold"
category = "Performance"

require("io_slower").install("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)", false)
