/* A socket fd as sysdig 0.29.3 keeps it (state_sock.c): its addresses in
 * sinsp's union, its name, role and protocol.  Private to capture/state/:
 * the socket parsers (state_net.c) build on it. */
#ifndef SYSCOPE_STATE_SOCK_H
#define SYSCOPE_STATE_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "state_internal.h"

#define EINPROGRESS_VALUE 115
#define PPM_AF_UNIX 1
#define PPM_AF_INET 2
#define PPM_AF_INET6 10
#define PPM_AF_NETLINK 16
#define PPM_SOCK_STREAM 1
#define PPM_SOCK_DGRAM 2
#define PPM_SOCK_RAW 3
#define PPM_IPPROTO_IP 0
#define PPM_IPPROTO_ICMP 1
#define PPM_IPPROTO_TCP 6
#define PPM_IPPROTO_UDP 17
#define PPM_IPPROTO_RAW 255

/* sysdig 0.29.3 (falcosecurity/libs, March 2022) keeps a socket's
 * addresses in a union whose members overlap:
 *   IPv4 tuple   sip 0-3, dip 4-7, sport 8-9, dport 10-11, l4proto 12
 *   IPv6 tuple   sip 0-15, dip 16-31, sport 32-33, dport 34-35, l4proto 36
 *   IPv4 server  ip 0-3, port 4-5, l4proto 6
 *   IPv6 server  ip 0-15, port 16-17, l4proto 18
 *   unix         source 0-7, destination 8-15
 * and often writes one member while the fd's type names another, so what
 * it shows depends on the bytes.  fd_entry.sock_raw holds those bytes; the
 * parsers below change a copy of them as sinsp does and store it back,
 * which also decodes the member of the fd's type into the entry's fields.
 * The protocol byte of that member is not always what sinsp reports for
 * the fd: that is fd_entry.l4proto (see sock_publish_l4). */
enum {
	U4_SIP = 0, U4_DIP = 4, U4_SPORT = 8, U4_DPORT = 10, U4_L4 = 12,
	U6_SIP = 0, U6_DIP = 16, U6_SPORT = 32, U6_DPORT = 34, U6_L4 = 36,
	US4_IP = 0, US4_PORT = 4, US4_L4 = 6,
	US6_IP = 0, US6_PORT = 16, US6_L4 = 18,
	SU_LEN = FD_SOCK_RAW_LEN,
};

_Static_assert(U6_L4 < SU_LEN, "the union holds the IPv6 tuple");

static inline uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

bool is_inet_sock(uint8_t type);
bool is_inet_any(uint8_t type);   /* an IPv4/IPv6 socket, server or not */
/* The protocol byte of the union's member for the fd's type. */
uint8_t sock_l4(const struct fd_entry *e);
void sock_add_role(struct fd_entry *e, uint8_t role);
/* A new socket type for an fd; one that was not a socket starts afresh. */
void sock_retype(struct fd_entry *e, uint8_t type);

/* The union: a copy is loaded, changed as sinsp changes it, and stored
 * back, which also decodes the member of the fd's type into its fields. */
void su_load(const struct fd_entry *e, uint8_t *u);
void su_store(struct fd_entry *e, const uint8_t *u);
/* Write the member that type shows; false for types without one. */
bool su_put(uint8_t *u, uint8_t type, const struct fd_entry *e, const uint8_t *sip,
	    const uint8_t *dip, uint8_t l4);
/* Set an IPv4/IPv6 tuple (see state_sock.c for compare). */
bool su_set_v4(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
	       const uint8_t *dip, uint16_t dport);
bool su_set_v6(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
	       const uint8_t *dip, uint16_t dport);
/* Source and destination exchanged in the member of type. */
void su_swap(uint8_t *u, uint8_t type);
/* sinsp's set_unix_info(): the 16 bytes after the family. */
void take_unix_addrs(uint8_t *u, const uint8_t *v, uint32_t len);

/* Names: of a socket from the fd lists, of an IP socket from its union,
 * and from a SOCKTUPLE or SOCKADDR parameter as sysdig prints it. */
void name_socket(struct fd_entry *e);
void su_name(struct fd_entry *e, const uint8_t *u);
void name_from_param(struct fd_entry *e, const uint8_t *v, uint32_t len, bool tuple);

/* sinsp's set_net_role_by_guessing() (see state_sock.c). */
void guess_role(struct fd_table *fdt, struct fd_entry *e, const uint8_t *u, bool incoming);

#endif
