-- spy_port: dump the network data sent or received on one port.
-- Part of syscope's own stock chisels (compatible with sysdig's spy_port).

description = "Prints the payload of every read and write on an IPv4 or IPv6 socket whose local or remote port is the given one. The -A, -x and -X options change how the data is shown."
short_description = "Dump the payloads sent or received on one port"
category = "Net"

require("payload_spy").install({ name = "host_port", description = "The port number to watch.", argtype = "int",
	field = "fd.port", write_word = "Write" })
