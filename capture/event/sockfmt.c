/* Addresses are written by hand rather than with snprintf and inet_ntop:
 * tuples and socket names are printed for most network events, and the
 * library calls cost more than the rest of such a line.  The IPv6 form is
 * inet_ntop's (glibc's, which sysdig's output shows): lowercase hex words,
 * the longest run of two or more zero words (the first of equal runs)
 * written "::", and the last 32 bits as a dotted quad for ::a.b.c.d and
 * ::ffff:a.b.c.d.  tests/unit/test_sockfmt.c checks it against inet_ntop. */
#include <string.h>

#include "port_names.h"
#include "sockfmt.h"

bool ipv6_is_v4_mapped(const uint8_t *ip)
{
	static const uint8_t zero[16];
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(ip, prefix, sizeof prefix) == 0 || memcmp(ip, zero, sizeof zero) == 0;
}

/* v in decimal, without leading zeros (v < 100000). */
static char *put_dec(char *w, unsigned v)
{
	char tmp[5];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*w++ = tmp[--n];
	return w;
}

static char *put_quad(char *w, const uint8_t *ip)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*w++ = '.';
		w = put_dec(w, ip[i]);
	}
	return w;
}

static char *put_hex16(char *w, unsigned v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = v >= 0x1000 ? 12 : v >= 0x100 ? 8 : v >= 0x10 ? 4 : 0;
	for (; shift >= 0; shift -= 4)
		*w++ = digits[(v >> shift) & 0xf];
	return w;
}

static char *put_ipv6(char *w, const uint8_t *ip)
{
	unsigned words[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0;
	for (int i = 0; i < 8; i++) {
		words[i] = (unsigned)ip[2 * i] << 8 | ip[2 * i + 1];
		if (words[i] == 0) {
			if (cur < 0) {
				cur = i;
				cur_len = 0;
			}
			if (++cur_len > best_len) {
				best = cur;
				best_len = cur_len;
			}
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*w++ = ':';
			continue;
		}
		if (i)
			*w++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)))
			return put_quad(w, ip + 12);
		w = put_hex16(w, words[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*w++ = ':';
	return w;
}

static char *put_ip(char *w, bool v6, const uint8_t *ip)
{
	return v6 ? put_ipv6(w, ip) : put_quad(w, ip);
}

static char *put_endpoint(char *w, bool v6, const uint8_t *ip, uint16_t port)
{
	w = put_ip(w, v6, ip);
	*w++ = ':';
	const char *name = port_name(port); /* -R; at most PORT_NAME_MAX bytes */
	if (!name)
		return put_dec(w, port);
	size_t n = strlen(name);
	memcpy(w, name, n);
	return w + n;
}

size_t sockfmt_ip(char *out, bool v6, const uint8_t *ip)
{
	char *end = put_ip(out, v6, ip);
	*end = '\0';
	return (size_t)(end - out);
}

size_t sockfmt_endpoint(char *out, bool v6, const uint8_t *ip, uint16_t port)
{
	char *end = put_endpoint(out, v6, ip, port);
	*end = '\0';
	return (size_t)(end - out);
}

size_t sockfmt_tuple(char *out, bool v6, const uint8_t *sip, uint16_t sport,
		     const uint8_t *dip, uint16_t dport)
{
	char *w = put_endpoint(out, v6, sip, sport);
	*w++ = '-';
	*w++ = '>';
	w = put_endpoint(w, v6, dip, dport);
	*w = '\0';
	return (size_t)(w - out);
}
