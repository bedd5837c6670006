#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "sockfmt.h"

bool ipv6_is_v4_mapped(const uint8_t *ip)
{
	static const uint8_t zero[16];
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(ip, prefix, sizeof prefix) == 0 || memcmp(ip, zero, sizeof zero) == 0;
}

size_t sockfmt_ip(char *out, bool v6, const uint8_t *ip)
{
	if (!v6)
		return (size_t)snprintf(out, SOCKFMT_MAX, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
	if (!inet_ntop(AF_INET6, ip, out, SOCKFMT_MAX))
		out[0] = '\0';
	return strlen(out);
}

size_t sockfmt_endpoint(char *out, bool v6, const uint8_t *ip, uint16_t port)
{
	size_t n = sockfmt_ip(out, v6, ip);
	return n + (size_t)snprintf(out + n, SOCKFMT_MAX - n, ":%u", port);
}

size_t sockfmt_tuple(char *out, bool v6, const uint8_t *sip, uint16_t sport,
		     const uint8_t *dip, uint16_t dport)
{
	char a[SOCKFMT_MAX], b[SOCKFMT_MAX];
	sockfmt_endpoint(a, v6, sip, sport);
	sockfmt_endpoint(b, v6, dip, dport);
	int n = snprintf(out, SOCKFMT_TUPLE_MAX, "%s->%s", a, b);
	return n < 0 ? 0 : (size_t)n;
}
