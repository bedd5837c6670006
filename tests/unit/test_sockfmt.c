/* Socket address text: IPv4, IPv6 in inet_ntop's form (the oracle here is
 * the C library's own inet_ntop), endpoints and tuples, and -R's service
 * names. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "port_names.h"
#include "sockfmt.h"

static void check_v6(const uint8_t ip[16])
{
	char want[INET6_ADDRSTRLEN], got[SOCKFMT_MAX];
	if (!inet_ntop(AF_INET6, ip, want, sizeof want))
		want[0] = '\0';
	size_t n = sockfmt_ip(got, true, ip);
	CHECK_INTEQ(n, strlen(got));
	if (!CHECK_STREQ(got, want))
		exit(check_summary()); /* one wrong form is enough to see */
}

int main(void)
{
	char out[SOCKFMT_TUPLE_MAX];
	const uint8_t a[4] = { 192, 168, 0, 1 }, b[4] = { 0, 10, 100, 255 };
	CHECK_INTEQ(sockfmt_ip(out, false, a), 11);
	CHECK_STREQ(out, "192.168.0.1");
	sockfmt_endpoint(out, false, b, 0);
	CHECK_STREQ(out, "0.10.100.255:0");
	sockfmt_tuple(out, false, a, 65535, b, 80);
	CHECK_STREQ(out, "192.168.0.1:65535->0.10.100.255:80");

	/* Every pattern of zero and non-zero words, with values of every
	 * width, and the forms with an embedded IPv4 address. */
	srand(1);
	for (unsigned mask = 0; mask < 256; mask++) {
		for (int round = 0; round < 40; round++) {
			uint8_t ip[16];
			for (int w = 0; w < 8; w++) {
				unsigned v = 0;
				if (mask & (1u << w)) {
					static const unsigned widths[] = { 0xf, 0xff, 0xfff, 0xffff };
					v = 1 + (unsigned)rand() % widths[round % 4];
				}
				if (round == 39 && w == 5 && !(mask & 0x1f))
					v = 0xffff; /* ::ffff:a.b.c.d */
				ip[2 * w] = (uint8_t)(v >> 8);
				ip[2 * w + 1] = (uint8_t)v;
			}
			check_v6(ip);
		}
	}
	const uint8_t loop6[16] = { [15] = 1 };
	sockfmt_tuple(out, true, loop6, 5353, loop6, 1);
	CHECK_STREQ(out, "::1:5353->::1:1");
	const uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff, [12] = 10, [15] = 7 };
	sockfmt_ip(out, true, mapped);
	CHECK_STREQ(out, "::ffff:10.0.0.7");
	CHECK(ipv6_is_v4_mapped(mapped));
	CHECK(!ipv6_is_v4_mapped(loop6));

	/* -R: ports by name once the services database is loaded, numbers
	 * for the ports it does not list, and numbers again once freed. */
	CHECK(port_name(80) == NULL);
	CHECK(port_names_load());
	if (access("/etc/services", R_OK) == 0) {
		CHECK_STREQ(port_name(80), "http");
		sockfmt_tuple(out, false, a, 40251, b, 53);
		CHECK_STREQ(out, "192.168.0.1:40251->0.10.100.255:domain");
	}
	CHECK(port_name(40251) == NULL);
	port_names_free();
	sockfmt_endpoint(out, false, b, 80);
	CHECK_STREQ(out, "0.10.100.255:80");
	return check_summary();
}
