/* Text forms of socket addresses, as sysdig writes them in fd names and
 * SOCKADDR/SOCKTUPLE parameters: "1.2.3.4:80", "::1:5353",
 * "a:p->b:q"; with -R (port_names.h) known ports by name, "1.2.3.4:http".
 * Each writes a NUL-terminated string into out (SOCKFMT_MAX
 * bytes; SOCKFMT_TUPLE_MAX for tuples) and returns its length. */
#ifndef SYSCOPE_SOCKFMT_H
#define SYSCOPE_SOCKFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SOCKFMT_MAX 128
#define SOCKFMT_TUPLE_MAX (2 * SOCKFMT_MAX)

size_t sockfmt_ip(char *out, bool v6, const uint8_t *ip);
size_t sockfmt_endpoint(char *out, bool v6, const uint8_t *ip, uint16_t port);
size_t sockfmt_tuple(char *out, bool v6, const uint8_t *sip, uint16_t sport,
		     const uint8_t *dip, uint16_t dport);

/* True if the 16-byte address is IPv4 mapped into IPv6 (::ffff:a.b.c.d),
 * or all zeros, which sysdig counts as mapped too. */
bool ipv6_is_v4_mapped(const uint8_t *ip);

#endif
