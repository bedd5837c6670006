-- spy_ip: dump the network data exchanged with one IP address.
-- Part of syscope's own stock chisels (compatible with sysdig's spy_ip).

description = "Prints the payload of every read and write on an IPv4 or IPv6 socket whose local or remote address is the given one. The -A, -x and -X options change how the data is shown."
short_description = "Dump the payloads exchanged with one IP address"
category = "Net"

require("payload_spy").install({ name = "host_ip", description = "The IP address to watch.", argtype = "ipv4",
	field = "fd.ip", write_word = "Read" })
