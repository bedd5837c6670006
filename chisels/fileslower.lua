-- fileslower: file reads and writes that took longer than a threshold.
-- Part of syscope's own stock chisels (compatible with sysdig's fileslower).

description = "Prints every read or write on a file whose latency is above the given number of milliseconds (0 shows them all); files under /dev are left out. Lines are green for host processes and blue inside containers; -pc or -pcontainer adds the container id and name."
short_description = "Show the file I/O calls slower than a threshold"
category = "Performance"

require("io_slower").install("evt.is_io=true and fd.type=file", true)
