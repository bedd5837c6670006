/* Sockets as sysdig 0.29.3 sees them: their addresses, names, roles and
 * protocols, the parsers of the socket calls, the interface list that
 * completes datagram tuples, and the clean-up of the fd lists' sockets. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path_resolve.h"
#include "proc_info.h"
#include "sockfmt.h"
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

/* ---- sinsp's address union ---------------------------------------------- */

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

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static bool is_inet_sock(uint8_t type)
{
	return type == SCAP_FD_IPV4_SOCK || type == SCAP_FD_IPV6_SOCK;
}

static bool is_inet_any(uint8_t type)
{
	return is_inet_sock(type) || type == SCAP_FD_IPV4_SERVSOCK ||
	       type == SCAP_FD_IPV6_SERVSOCK;
}

/* The fd types that have an address union. */
static bool has_sock_union(uint8_t type)
{
	return is_inet_any(type) || type == SCAP_FD_UNIX_SOCK;
}

/* The protocol byte of the union's member for the fd's type.  Sockets
 * whose union was never built (fd lists of the file) take the protocol
 * the list gave them. */
static uint8_t sock_l4(const struct fd_entry *e)
{
	if (!e->sock_raw_set)
		return e->l4proto;
	switch (e->type) {
	case SCAP_FD_IPV4_SOCK: return e->sock_raw[U4_L4];
	case SCAP_FD_IPV6_SOCK: return e->sock_raw[U6_L4];
	case SCAP_FD_IPV4_SERVSOCK: return e->sock_raw[US4_L4];
	case SCAP_FD_IPV6_SERVSOCK: return e->sock_raw[US6_L4];
	default: return e->l4proto;
	}
}

/* l4proto becomes what sinsp's get_l4proto() answers: a connected socket
 * whose role is still unknown reports "n/a", unless it is raw. */
static void sock_publish_l4(struct fd_entry *e)
{
	uint8_t l4 = sock_l4(e);
	if (is_inet_sock(e->type))
		e->l4proto = (l4 == SCAP_L4_RAW || e->role) ? l4 : SCAP_L4_NA;
	else if (is_inet_any(e->type))
		e->l4proto = l4;
}

static void sock_add_role(struct fd_entry *e, uint8_t role)
{
	e->role |= role;
	sock_publish_l4(e);
}

/* A new socket type for an fd; one that was not a socket starts afresh. */
static void sock_retype(struct fd_entry *e, uint8_t type)
{
	if (!has_sock_union(e->type)) {
		e->role = FD_ROLE_NONE;
		e->sock_raw_set = false;
	}
	e->type = type;
}

/* Write the member of the union that type shows, from the entry's ports
 * and unix addresses and the given IP addresses; false for types that
 * have no member. */
static bool su_put(uint8_t *u, uint8_t type, const struct fd_entry *e, const uint8_t *sip,
		   const uint8_t *dip, uint8_t l4)
{
	switch (type) {
	case SCAP_FD_IPV4_SOCK:
		memcpy(u + U4_SIP, sip, 4);
		memcpy(u + U4_DIP, dip, 4);
		put16(u + U4_SPORT, e->sport);
		put16(u + U4_DPORT, e->dport);
		u[U4_L4] = l4;
		return true;
	case SCAP_FD_IPV6_SOCK:
		memcpy(u + U6_SIP, sip, 16);
		memcpy(u + U6_DIP, dip, 16);
		put16(u + U6_SPORT, e->sport);
		put16(u + U6_DPORT, e->dport);
		u[U6_L4] = l4;
		return true;
	case SCAP_FD_IPV4_SERVSOCK:
		memcpy(u + US4_IP, sip, 4);
		put16(u + US4_PORT, e->sport);
		u[US4_L4] = l4;
		return true;
	case SCAP_FD_IPV6_SERVSOCK:
		memcpy(u + US6_IP, sip, 16);
		put16(u + US6_PORT, e->sport);
		u[US6_L4] = l4;
		return true;
	case SCAP_FD_UNIX_SOCK:
		for (int i = 0; i < 8; i++) {
			u[i] = (uint8_t)(e->unix_src >> (8 * i));
			u[8 + i] = (uint8_t)(e->unix_dst >> (8 * i));
		}
		return true;
	default:
		return false;
	}
}

/* The union of an entry that has none yet, from its fields. */
static void su_rebuild(const struct fd_entry *e, uint8_t *u)
{
	uint8_t l4 = sock_l4(e);
	memset(u, 0, SU_LEN);
	su_put(u, e->type, e, e->sip, e->dip, l4);
	/* bind() copied the protocol from the IPv4 member, which keeps it. */
	if (e->type == SCAP_FD_IPV4_SERVSOCK)
		u[U4_L4] = l4;
}

static void su_load(const struct fd_entry *e, uint8_t *u)
{
	if (e->sock_raw_set)
		memcpy(u, e->sock_raw, SU_LEN);
	else
		su_rebuild(e, u);
}

/* The union becomes the entry's; the fields show its member for the
 * entry's type. */
static void su_store(struct fd_entry *e, const uint8_t *u)
{
	switch (e->type) {
	case SCAP_FD_IPV4_SOCK:
	case SCAP_FD_IPV4_SERVSOCK:
		memset(e->sip, 0, sizeof e->sip);
		memset(e->dip, 0, sizeof e->dip);
		break;
	default:
		break;
	}
	switch (e->type) {
	case SCAP_FD_IPV4_SOCK:
		memcpy(e->sip, u + U4_SIP, 4);
		memcpy(e->dip, u + U4_DIP, 4);
		e->sport = get16(u + U4_SPORT);
		e->dport = get16(u + U4_DPORT);
		break;
	case SCAP_FD_IPV6_SOCK:
		memcpy(e->sip, u + U6_SIP, 16);
		memcpy(e->dip, u + U6_DIP, 16);
		e->sport = get16(u + U6_SPORT);
		e->dport = get16(u + U6_DPORT);
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		memcpy(e->sip, u + US4_IP, 4);
		e->sport = get16(u + US4_PORT);
		e->dport = 0;
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		memcpy(e->sip, u + US6_IP, 16);
		e->sport = get16(u + US6_PORT);
		e->dport = 0;
		break;
	case SCAP_FD_UNIX_SOCK:
		e->unix_src = le_read(u, 8, 8);
		e->unix_dst = le_read(u + 8, 8, 8);
		break;
	default:
		break;
	}
	/* An fd that is no socket keeps no union: an IPv6 tuple written to
	 * one (sendto on an fd of another kind) is dropped. */
	e->sock_raw_set = has_sock_union(e->type);
	if (e->sock_raw_set)
		memcpy(e->sock_raw, u, SU_LEN);
	sock_publish_l4(e);
}

/* Where a family's addresses and ports sit in sysdig's storage. */
struct su_layout {
	size_t alen, sip, dip, sport, dport;
};

static const struct su_layout su_v4 = { 4, U4_SIP, U4_DIP, U4_SPORT, U4_DPORT };
static const struct su_layout su_v6 = { 16, U6_SIP, U6_DIP, U6_SPORT, U6_DPORT };

/* Take a tuple's addresses unless it is the one already there, either way
 * round.  The source always replaces the old one, the destination only
 * fills an empty slot.  True if anything was written. */
static bool su_set(uint8_t *u, const struct su_layout *l, bool compare, const uint8_t *sip,
		   uint16_t sport, const uint8_t *dip, uint16_t dport)
{
	uint8_t *usip = u + l->sip, *udip = u + l->dip;
	uint16_t usport = get16(u + l->sport), udport = get16(u + l->dport);
	size_t n = l->alen;
	if (compare &&
	    ((!memcmp(sip, usip, n) && sport == usport && !memcmp(dip, udip, n) && dport == udport) ||
	     (!memcmp(dip, usip, n) && dport == usport && !memcmp(sip, udip, n) && sport == udport)))
		return false;
	bool changed = false;
	if (memcmp(usip, sip, n)) {
		memcpy(usip, sip, n);
		changed = true;
	}
	if (usport != sport) {
		put16(u + l->sport, sport);
		changed = true;
	}
	if (all_zero(udip, n)) {
		memcpy(udip, dip, n);
		changed = true;
	}
	if (udport == 0) {
		put16(u + l->dport, dport);
		changed = true;
	}
	return changed;
}

static bool su_set_v4(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
		      const uint8_t *dip, uint16_t dport)
{
	return su_set(u, &su_v4, compare, sip, sport, dip, dport);
}

static bool su_set_v6(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
		      const uint8_t *dip, uint16_t dport)
{
	return su_set(u, &su_v6, compare, sip, sport, dip, dport);
}

static void swap_bytes(uint8_t *a, uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

static void su_swap(uint8_t *u, uint8_t type)
{
	if (type == SCAP_FD_IPV4_SOCK) {
		swap_bytes(u + U4_SIP, u + U4_DIP, 4);
		swap_bytes(u + U4_SPORT, u + U4_DPORT, 2);
	} else {
		swap_bytes(u + U6_SIP, u + U6_DIP, 16);
		swap_bytes(u + U6_SPORT, u + U6_DPORT, 2);
	}
}

/* sinsp's set_unix_info(): the first 16 bytes after the family become
 * the union's unix member, whatever the parameter holds and whatever the
 * fd's type. */
static void take_unix_addrs(uint8_t *u, const uint8_t *v, uint32_t len)
{
	memset(u, 0, 16);
	memcpy(u, v + 1, len - 1 < 16 ? len - 1 : 16);
}

/* ---- names ---------------------------------------------------------------- */

static void set_name(struct fd_entry *e, const char *buf, size_t size, int n)
{
	if (n < 0)
		n = 0;
	fd_entry_set_name(e, buf, (size_t)n < size ? (size_t)n : size - 1);
}

/* The name of a socket from the fd lists, from its fields. */
static void name_socket(struct fd_entry *e)
{
	char buf[SOCKFMT_TUPLE_MAX];
	size_t n = 0;
	switch (e->type) {
	case SCAP_FD_IPV4_SOCK:
		n = sockfmt_tuple(buf, false, e->sip, e->sport, e->dip, e->dport);
		break;
	case SCAP_FD_IPV6_SOCK:
		n = sockfmt_tuple(buf, true, e->sip, e->sport, e->dip, e->dport);
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		n = sockfmt_endpoint(buf, false, e->sip, e->sport);
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		n = sockfmt_endpoint(buf, true, e->sip, e->sport);
		break;
	default:
		return;
	}
	fd_entry_set_name(e, buf, n);
}

/* The name sinsp gives an IPv4 or IPv6 socket from its union. */
static void su_name(struct fd_entry *e, const uint8_t *u)
{
	char buf[SOCKFMT_TUPLE_MAX];
	bool v4_sock = e->type == SCAP_FD_IPV4_SOCK;
	uint8_t l4 = v4_sock ? u[U4_L4] : u[U6_L4];
	bool ports = l4 == SCAP_L4_TCP || l4 == SCAP_L4_UDP;
	bool bare = l4 == SCAP_L4_ICMP || (v4_sock && l4 == SCAP_L4_RAW);
	bool v6 = false;
	const uint8_t *sip = u + U4_SIP, *dip = u + U4_DIP;
	uint16_t sport = get16(u + U4_SPORT), dport = get16(u + U4_DPORT);
	if (!v4_sock && ipv6_is_v4_mapped(u + U6_SIP) && ipv6_is_v4_mapped(u + U6_DIP)) {
		/* An IPv6 socket between mapped addresses is printed as IPv4,
		 * with the ports of the IPv4 member (bytes 8-11). */
		sip = u + U6_SIP + 12;
		dip = u + U6_DIP + 12;
	} else if (!v4_sock) {
		v6 = true;
		sip = u + U6_SIP;
		dip = u + U6_DIP;
		sport = get16(u + U6_SPORT);
		dport = get16(u + U6_DPORT);
	}
	int n;
	if (ports) {
		n = (int)sockfmt_tuple(buf, v6, sip, sport, dip, dport);
	} else if (bare) {
		char a[SOCKFMT_MAX], b[SOCKFMT_MAX];
		sockfmt_ip(a, v6, sip);
		sockfmt_ip(b, v6, dip);
		n = snprintf(buf, sizeof buf, "%s->%s", a, b);
	} else {
		n = snprintf(buf, sizeof buf, "<unknown>");
	}
	set_name(e, buf, sizeof buf, n);
}

/* A SOCKTUPLE or SOCKADDR value as sysdig prints it, which is also the
 * name sinsp gives an fd in the cases where it copies the parameter. */
static void name_from_param(struct fd_entry *e, const uint8_t *v, uint32_t len, bool tuple)
{
	char buf[SOCKFMT_TUPLE_MAX + PATH_OUT_MAX];
	int n = 0;
	if (len == 0) {
		n = snprintf(buf, sizeof buf, "NULL");
	} else if (tuple && v[0] == PPM_AF_INET && len >= 13) {
		n = (int)sockfmt_tuple(buf, false, v + 1, get16(v + 5), v + 7, get16(v + 11));
	} else if (tuple && v[0] == PPM_AF_INET6 && len >= 37) {
		if (ipv6_is_v4_mapped(v + 1) && ipv6_is_v4_mapped(v + 19))
			n = (int)sockfmt_tuple(buf, false, v + 13, get16(v + 17), v + 31, get16(v + 35));
		else
			n = (int)sockfmt_tuple(buf, true, v + 1, get16(v + 17), v + 19, get16(v + 35));
	} else if (tuple && v[0] == PPM_AF_UNIX && len >= 17) {
		n = snprintf(buf, sizeof buf, "%" PRIx64 "->%" PRIx64 " %.*s", le_read(v + 1, 8, 8),
			     le_read(v + 9, 8, 8), (int)strnlen((const char *)v + 17, len - 17),
			     (const char *)v + 17);
	} else if (!tuple && v[0] == PPM_AF_INET && len >= 7) {
		n = (int)sockfmt_endpoint(buf, false, v + 1, get16(v + 5));
	} else if (!tuple && v[0] == PPM_AF_INET6 && len >= 19) {
		n = (int)sockfmt_endpoint(buf, true, v + 1, get16(v + 17));
	} else if (!tuple && v[0] == PPM_AF_UNIX) {
		n = snprintf(buf, sizeof buf, "%.*s", (int)strnlen((const char *)v + 1, len - 1),
			     (const char *)v + 1);
	} else {
		n = snprintf(buf, sizeof buf, "family %u", v[0]);
	}
	set_name(e, buf, sizeof buf, n);
}

/* ---- interfaces ------------------------------------------------------------ */

void state_net_reset(struct state *st)
{
	free(st->ifaces.v4);
	free(st->ifaces.v6);
	memset(&st->ifaces, 0, sizeof st->ifaces);
}

/* Room in *p for at least n + 1 elements. */
static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap : 8;
	while (ncap <= n)
		ncap *= 2;
	void *np = realloc(*p, ncap * size);
	if (!np)
		return false;
	*p = np;
	*cap = ncap;
	return true;
}

void state_iface_add(struct state *st, const struct iface_info *ii)
{
	struct iface_list *l = &st->ifaces;
	if (ii->type == 1 || ii->type == 3) {
		if (!grow((void **)&l->v4, &l->cap4, l->n4, sizeof *l->v4))
			return;
		memcpy(l->v4[l->n4].addr, ii->addr, 4);
		memcpy(l->v4[l->n4].mask, ii->netmask, 4);
		l->n4++;
	} else if (ii->type == 2 || ii->type == 4) {
		if (!grow((void **)&l->v6, &l->cap6, l->n6, sizeof *l->v6))
			return;
		memcpy(l->v6[l->n6].addr, ii->addr, 16);
		l->n6++;
	}
}

/* The local address sinsp guesses for a peer: an interface with that very
 * address, else one on the same subnet, else the first that is not
 * loopback, else none. */
static void infer_local_v4(const struct iface_list *l, const uint8_t *peer, uint8_t *out)
{
	static const uint8_t loopback[4] = { 127, 0, 0, 1 };
	const struct iface_v4 *f = l->v4;
	for (size_t i = 0; i < l->n4; i++)
		if (!memcmp(f[i].addr, peer, 4)) {
			memcpy(out, peer, 4);
			return;
		}
	for (size_t i = 0; i < l->n4; i++) {
		bool same = true;
		for (int k = 0; k < 4; k++)
			same = same && (f[i].addr[k] & f[i].mask[k]) == (peer[k] & f[i].mask[k]);
		if (same) {
			memcpy(out, f[i].addr, 4);
			return;
		}
	}
	for (size_t i = 0; i < l->n4; i++)
		if (memcmp(f[i].addr, loopback, 4)) {
			memcpy(out, f[i].addr, 4);
			return;
		}
	memset(out, 0, 4);
}

static void infer_local_v6(const struct iface_list *l, const uint8_t *peer, uint8_t *out)
{
	static const uint8_t loopback[16] = { [15] = 1 };
	const struct iface_v6 *f = l->v6;
	for (size_t i = 0; i < l->n6; i++)
		if (!memcmp(f[i].addr, peer, 16)) {
			memcpy(out, peer, 16);
			return;
		}
	/* "Same subnet" is the first 64 bits. */
	for (size_t i = 0; i < l->n6; i++)
		if (!memcmp(f[i].addr, peer, 8)) {
			memcpy(out, f[i].addr, 16);
			return;
		}
	for (size_t i = 0; i < l->n6; i++)
		if (memcmp(f[i].addr, loopback, 16)) {
			memcpy(out, f[i].addr, 16);
			return;
		}
	memset(out, 0, 16);
}

/* sinsp_network_interfaces::update_fd(): a tuple with one address unset
 * (0.0.0.0 or ::) gets a local address inferred from the other one,
 * unless that guess is the other address itself and both ports match. */
static void patch_from_ifaces(const struct state *st, uint8_t type, uint8_t *u)
{
	size_t alen;
	uint8_t *sip, *dip;
	uint16_t sport, dport;
	if (type == SCAP_FD_IPV4_SOCK) {
		alen = 4;
		sip = u + U4_SIP;
		dip = u + U4_DIP;
		sport = get16(u + U4_SPORT);
		dport = get16(u + U4_DPORT);
	} else if (type == SCAP_FD_IPV6_SOCK) {
		alen = 16;
		sip = u + U6_SIP;
		dip = u + U6_DIP;
		sport = get16(u + U6_SPORT);
		dport = get16(u + U6_DPORT);
	} else {
		return;
	}
	bool no_sip = all_zero(sip, alen);
	if (!no_sip && !all_zero(dip, alen))
		return;
	uint8_t *known = no_sip ? dip : sip, *unset = no_sip ? sip : dip;
	uint8_t guess[16];
	if (alen == 4)
		infer_local_v4(&st->ifaces, known, guess);
	else
		infer_local_v6(&st->ifaces, known, guess);
	if (!memcmp(guess, known, alen) && sport == dport)
		return;
	memcpy(unset, guess, alen);
}

/* ---- roles ------------------------------------------------------------------ */

/* sinsp's ports of "this process": IPv4 connections' destination ports
 * and IPv4 listening ports (bound), IPv4 connections' source ports
 * (client). */
static bool port_is_bound(struct fd_table *fdt, uint16_t port)
{
	for (size_t i = 0; fdt && i < fdt->fds.cap; i++) {
		const struct fd_entry *f = fdt->fds.vals[i];
		if (f && ((f->type == SCAP_FD_IPV4_SOCK && f->dport == port) ||
			  (f->type == SCAP_FD_IPV4_SERVSOCK && f->sport == port)))
			return true;
	}
	return false;
}

static bool port_is_client(struct fd_table *fdt, uint16_t port)
{
	for (size_t i = 0; fdt && i < fdt->fds.cap; i++) {
		const struct fd_entry *f = fdt->fds.vals[i];
		if (f && f->type == SCAP_FD_IPV4_SOCK && f->sport == port)
			return true;
	}
	return false;
}

/* set_net_role_by_guessing(): server if the process owns the destination
 * port and does not use the source port as a client; client if it does
 * not own it; otherwise the first data decides (read: server).  The ports
 * come from the IPv4 member, also for IPv6 sockets. */
static void guess_role(struct fd_table *fdt, struct fd_entry *e, const uint8_t *u, bool incoming)
{
	uint8_t role;
	if (!port_is_bound(fdt, get16(u + U4_DPORT)))
		role = FD_ROLE_CLIENT;
	else if (!port_is_client(fdt, get16(u + U4_SPORT)))
		role = FD_ROLE_SERVER;
	else
		role = incoming ? FD_ROLE_SERVER : FD_ROLE_CLIENT;
	sock_add_role(e, role);
}

/* ---- parsers ---------------------------------------------------------------- */

/* The protocol sinsp gives a new socket. */
static uint8_t l4_of(int64_t type, int64_t proto)
{
	switch (proto) {
	case PPM_IPPROTO_TCP:
		return type == PPM_SOCK_RAW ? SCAP_L4_RAW : SCAP_L4_TCP;
	case PPM_IPPROTO_UDP:
		return type == PPM_SOCK_RAW ? SCAP_L4_RAW : SCAP_L4_UDP;
	case PPM_IPPROTO_ICMP:
		return type == PPM_SOCK_RAW ? SCAP_L4_RAW : SCAP_L4_ICMP;
	case PPM_IPPROTO_RAW:
		return SCAP_L4_RAW;
	case PPM_IPPROTO_IP:
		/* Masked: the type may carry SOCK_NONBLOCK|SOCK_CLOEXEC. */
		if ((type & 0xff) == PPM_SOCK_STREAM)
			return SCAP_L4_TCP;
		if ((type & 0xff) == PPM_SOCK_DGRAM)
			return SCAP_L4_UDP;
		return SCAP_L4_UNKNOWN;
	default:
		return SCAP_L4_UNKNOWN;
	}
}

static uint8_t fd_type_of_domain(int64_t domain)
{
	switch (domain) {
	case PPM_AF_INET: return SCAP_FD_IPV4_SOCK;
	case PPM_AF_INET6: return SCAP_FD_IPV6_SOCK;
	case PPM_AF_UNIX: return SCAP_FD_UNIX_SOCK;
	case PPM_AF_NETLINK: return SCAP_FD_NETLINK;
	default: return SCAP_FD_UNKNOWN;
	}
}

/* A new socket: an empty union but for the protocol of its member. */
static void add_socket(struct state *st, struct evt_ctx *ctx, int64_t fd, int64_t domain,
		       int64_t type, int64_t proto)
{
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (!e)
		return;
	e->type = fd_type_of_domain(domain);
	if (is_inet_sock(e->type)) {
		uint8_t u[SU_LEN] = { 0 };
		u[e->type == SCAP_FD_IPV4_SOCK ? U4_L4 : U6_L4] = l4_of(type, proto);
		su_store(e, u);
	}
	set_ctx_fd(st, ctx, fd);
}

/* Only a socket whose enter event is known gets into the table. */
void net_parse_socket_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd = exit_result(ev), domain = -1, type = 0, proto = 0;
	if (fd < 0 || !ctx->enter)
		return;
	param_int(ctx->enter, "domain", &domain);
	param_int(ctx->enter, "type", &type);
	param_int(ctx->enter, "proto", &proto);
	add_socket(st, ctx, fd, domain, type, proto);
}

/* A bound port makes a listening socket; the name is the address. */
void net_parse_bind_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(ev, "addr");
	struct fd_entry *e = ctx->fd;
	if (!e || exit_result(ev) < 0 || i < 0 || ev->param_len[i] == 0)
		return;
	const uint8_t *v = ev->param[i];
	uint32_t len = ev->param_len[i];
	uint8_t u[SU_LEN];
	su_load(e, u);
	if (v[0] == PPM_AF_INET && len >= 7 && get16(v + 5) > 0) {
		sock_retype(e, SCAP_FD_IPV4_SERVSOCK);
		memcpy(u + US4_IP, v + 1, 4);
		put16(u + US4_PORT, get16(v + 5));
		u[US4_L4] = u[U4_L4];
		su_store(e, u);
		sock_add_role(e, FD_ROLE_SERVER);
	} else if (v[0] == PPM_AF_INET6 && len >= 19 && get16(v + 17) > 0) {
		if (ipv6_is_v4_mapped(v + 1)) {
			sock_retype(e, SCAP_FD_IPV4_SERVSOCK);
			u[US4_L4] = u[U6_L4];
			memcpy(u + US4_IP, v + 13, 4);
			put16(u + US4_PORT, get16(v + 17));
		} else {
			sock_retype(e, SCAP_FD_IPV6_SERVSOCK);
			put16(u + US6_PORT, get16(v + 17));
			memcpy(u + US6_IP, v + 1, 16);
			u[US6_L4] = u[U6_L4];
		}
		su_store(e, u);
		sock_add_role(e, FD_ROLE_SERVER);
	}
	name_from_param(e, v, len, false);
}

/* A connect names a unix socket after its target at once; for IP it only
 * records the destination. */
void net_parse_connect_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	int i = param_idx(ev, "addr");
	if (!param_int(ev, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	struct fd_entry *e = ctx->fd;
	if (!e || i < 0 || ev->param_len[i] == 0)
		return;
	const uint8_t *v = ev->param[i];
	uint32_t len = ev->param_len[i];
	uint8_t u[SU_LEN];
	su_load(e, u);
	if (v[0] == PPM_AF_INET) {
		if (len < 7)
			return;
		sock_retype(e, SCAP_FD_IPV4_SOCK);
		memcpy(u + U4_DIP, v + 1, 4);
		put16(u + U4_DPORT, get16(v + 5));
	} else if (v[0] == PPM_AF_INET6) {
		if (len < 19)
			return;
		if (ipv6_is_v4_mapped(v + 1)) {
			sock_retype(e, SCAP_FD_IPV4_SOCK);
			memcpy(u + U4_DIP, v + 13, 4);
			put16(u + U4_DPORT, get16(v + 17));
		} else {
			sock_retype(e, SCAP_FD_IPV6_SOCK);
			put16(u + U6_DPORT, get16(v + 17));
			memcpy(u + U6_DIP, v + 1, 16);
		}
	} else {
		name_from_param(e, v, len, false);
		take_unix_addrs(u, v, len);
	}
	su_store(e, u);
}

void net_parse_connect_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int64_t res = exit_result(ev);
	int i = param_idx(ev, "tuple");
	struct fd_entry *e = ctx->fd;
	/* A connect still in progress already has its addresses. */
	if (!e || (res < 0 && res != -EINPROGRESS_VALUE) || i < 0 || ev->param_len[i] == 0)
		return;
	const uint8_t *v = ev->param[i];
	uint32_t len = ev->param_len[i];
	uint8_t u[SU_LEN];
	su_load(e, u);
	if (v[0] == PPM_AF_INET || v[0] == PPM_AF_INET6) {
		bool changed;
		if (v[0] == PPM_AF_INET6 && len >= 37) {
			if (ipv6_is_v4_mapped(v + 1) && ipv6_is_v4_mapped(v + 19)) {
				sock_retype(e, SCAP_FD_IPV4_SOCK);
				changed = su_set_v4(u, true, v + 13, get16(v + 17), v + 31, get16(v + 35));
			} else {
				sock_retype(e, SCAP_FD_IPV6_SOCK);
				changed = su_set_v6(u, true, v + 1, get16(v + 17), v + 19, get16(v + 35));
			}
		} else if (v[0] == PPM_AF_INET && len >= 13) {
			sock_retype(e, SCAP_FD_IPV4_SOCK);
			changed = su_set_v4(u, true, v + 1, get16(v + 5), v + 7, get16(v + 11));
		} else {
			return;
		}
		/* A UDP server that connects: its view is server→client. */
		if (changed && (e->role & FD_ROLE_SERVER) && e->type == SCAP_FD_IPV4_SOCK &&
		    u[U4_L4] == SCAP_L4_UDP)
			su_swap(u, e->type);
		su_store(e, u);
		su_name(e, u);
	} else {
		take_unix_addrs(u, v, len);
		su_store(e, u);
		name_from_param(e, v, len, true);
	}
	if (!e->role)
		sock_add_role(e, FD_ROLE_CLIENT);
}

void net_parse_accept_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd = exit_result(ev);
	int i = param_idx(ev, "tuple");
	if (fd < 0 || i < 0 || ev->param_len[i] == 0)
		return;
	const uint8_t *v = ev->param[i];
	uint32_t len = ev->param_len[i];
	uint8_t u[SU_LEN] = { 0 };
	uint8_t type;
	if (v[0] == PPM_AF_INET && len >= 13) {
		type = SCAP_FD_IPV4_SOCK;
		su_set_v4(u, false, v + 1, get16(v + 5), v + 7, get16(v + 11));
		u[U4_L4] = SCAP_L4_TCP;
	} else if (v[0] == PPM_AF_INET6 && len >= 37 && ipv6_is_v4_mapped(v + 1) &&
		   ipv6_is_v4_mapped(v + 19)) {
		type = SCAP_FD_IPV4_SOCK;
		su_set_v4(u, false, v + 13, get16(v + 17), v + 31, get16(v + 35));
		u[U4_L4] = SCAP_L4_TCP;
	} else if (v[0] == PPM_AF_INET6 && len >= 37) {
		type = SCAP_FD_IPV6_SOCK;
		su_set_v6(u, false, v + 1, get16(v + 17), v + 19, get16(v + 35));
		u[U6_L4] = SCAP_L4_TCP;
	} else if (v[0] == PPM_AF_UNIX && len >= 17) {
		type = SCAP_FD_UNIX_SOCK;
		memcpy(u, v + 1, 16);
	} else {
		return; /* no address sinsp understands: no fd */
	}
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (!e)
		return;
	e->type = type;
	su_store(e, u);
	name_from_param(e, v, len, true);
	sock_add_role(e, FD_ROLE_SERVER);
	set_ctx_fd(st, ctx, fd);
}

/* sinsp's update_fd(): the addresses of a sendto/recvfrom tuple, with an
 * unset local address guessed from the interfaces.  Works on u, the fd's
 * union, and stores it.  False if the tuple is empty or changed nothing. */
static bool take_tuple(struct state *st, struct fd_entry *e, uint8_t *u, const uint8_t *v,
		       uint32_t len)
{
	if (len == 0)
		return false;
	su_load(e, u);
	bool ok = true;
	if (v[0] == PPM_AF_INET) {
		if (len < 13)
			return false;
		if (e->type == SCAP_FD_IPV4_SERVSOCK)
			u[U4_L4] = u[US4_L4];
		sock_retype(e, SCAP_FD_IPV4_SOCK);
		ok = su_set_v4(u, true, v + 1, get16(v + 5), v + 7, get16(v + 11));
	} else if (v[0] == PPM_AF_INET6) {
		if (len < 37)
			return false;
		if (ipv6_is_v4_mapped(v + 1) && ipv6_is_v4_mapped(v + 19)) {
			sock_retype(e, SCAP_FD_IPV4_SOCK);
			ok = su_set_v4(u, true, v + 13, get16(v + 17), v + 31, get16(v + 35));
		} else {
			/* The type stays whatever it was. */
			ok = su_set_v6(u, e->type == SCAP_FD_IPV6_SOCK, v + 1, get16(v + 17), v + 19,
				       get16(v + 35));
		}
	} else if (v[0] == PPM_AF_UNIX) {
		if (len < 17)
			return false;
		sock_retype(e, SCAP_FD_UNIX_SOCK);
		take_unix_addrs(u, v, len);
		su_store(e, u);
		return true;
	}
	if (ok) {
		/* An address that changes under a connection means UDP. */
		if (e->type == SCAP_FD_IPV4_SOCK && u[U4_L4] == SCAP_L4_UNKNOWN)
			u[U4_L4] = SCAP_L4_UDP;
		else if (e->type == SCAP_FD_IPV6_SOCK && u[U6_L4] == SCAP_L4_UNKNOWN)
			u[U6_L4] = SCAP_L4_UDP;
		patch_from_ifaces(st, e->type, u);
	}
	su_store(e, u);
	return ok;
}

/* parse_rw_exit(): a datagram's tuple updates an fd that has no name yet
 * or is not a TCP/IPv4 socket.  The fd is shown client→server: a client's
 * reads and a server's writes are swapped. */
static void rw_take_tuple(struct state *st, struct evt_ctx *ctx, const uint8_t *v, uint32_t len,
			  bool incoming)
{
	struct fd_entry *e = ctx->fd;
	uint8_t u[SU_LEN];
	if (e->name[0] && e->type == SCAP_FD_IPV4_SOCK && sock_l4(e) == SCAP_L4_TCP)
		return;
	if (!take_tuple(st, e, u, v, len))
		return;
	if (!is_inet_sock(e->type)) {
		name_from_param(e, v, len, true);
		return;
	}
	if (!e->role)
		guess_role(fds_of(st, ctx), e, u, incoming);
	if (e->role & (incoming ? FD_ROLE_CLIENT : FD_ROLE_SERVER)) {
		su_swap(u, e->type);
		su_store(e, u);
	}
	su_name(e, u);
}

/* recvfrom/recvmsg: the tuple is in the exit event. */
void net_parse_recv_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(ev, "tuple");
	if (ctx->fd && exit_result(ev) >= 0 && i >= 0)
		rw_take_tuple(st, ctx, ev->param[i], ev->param_len[i], true);
}

/* sendto/sendmsg: the tuple is in the enter event. */
void net_parse_send_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!ctx->enter || !param_int(ctx->enter, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(ctx->enter, "tuple");
	if (ctx->fd && exit_result(ev) >= 0 && i >= 0)
		rw_take_tuple(st, ctx, ctx->enter->param[i], ctx->enter->param_len[i], false);
}

/* A sendto on an fd nobody saw created: sinsp assumes a UDP socket. */
void net_parse_sendto_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	int i = param_idx(ev, "tuple");
	if (!param_int(ev, "fd", &fd) || fd < 0 || fd_table_find(fds_of(st, ctx), fd) ||
	    i < 0 || ev->param_len[i] == 0)
		return;
	uint8_t family = ev->param[i][0];
	if (family == PPM_AF_INET || family == PPM_AF_INET6)
		add_socket(st, ctx, fd, family, PPM_SOCK_DGRAM, PPM_IPPROTO_UDP);
}

static void add_unix_sock(struct state *st, struct evt_ctx *ctx, int64_t fd)
{
	struct fd_entry *e = fd >= 0 ? fd_table_add(fds_of(st, ctx), fd) : NULL;
	if (e)
		e->type = SCAP_FD_UNIX_SOCK;
}

void net_parse_socketpair_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd1, fd2, src = 0, peer = 0;
	if (exit_result(ev) < 0 || !param_int(ev, "fd1", &fd1) || !param_int(ev, "fd2", &fd2))
		return;
	param_int(ev, "source", &src);
	param_int(ev, "peer", &peer);
	add_unix_sock(st, ctx, fd1);
	add_unix_sock(st, ctx, fd2);
	/* Looked up again: fd2 may have replaced fd1. */
	struct fd_entry *a = fd_table_find(fds_of(st, ctx), fd1);
	struct fd_entry *b = fd_table_find(fds_of(st, ctx), fd2);
	if (a) {
		a->unix_src = (uint64_t)src;
		a->unix_dst = (uint64_t)peer;
	}
	if (b) {
		b->unix_src = (uint64_t)peer;
		b->unix_dst = (uint64_t)src;
	}
	/* sysdig 0.29.3 takes the second end as the event's fd */
	set_ctx_fd(st, ctx, fd2);
}

/* ---- the fd lists' sockets ------------------------------------------------ */

/* sinsp loads a thread's fd list through one scratch fd whose address
 * union is never cleared: each entry writes its own member over what the
 * entries before it left, and keeps the rest.  The list is in fd order. */
static void load_fd_list(struct fd_entry **list, size_t n)
{
	uint8_t u[SU_LEN] = { 0 };
	for (size_t k = 0; k < n; k++) {
		struct fd_entry *e = list[k];
		bool put;
		if (e->type == SCAP_FD_IPV6_SOCK && ipv6_is_v4_mapped(e->sip) &&
		    ipv6_is_v4_mapped(e->dip)) {
			e->type = SCAP_FD_IPV4_SOCK;
			put = su_put(u, e->type, e, e->sip + 12, e->dip + 12, e->l4proto);
		} else {
			put = su_put(u, e->type, e, e->sip, e->dip, e->l4proto);
		}
		if (!put)
			continue;
		e->role = FD_ROLE_NONE;
		su_store(e, u);
	}
}

static int by_fd(const void *a, const void *b)
{
	const struct fd_entry *x = *(struct fd_entry *const *)a, *y = *(struct fd_entry *const *)b;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

/* IPv4 sockets from the fd lists were stored local→remote; those whose
 * local port is a listening port (IPv4 or IPv6, of any process) were
 * accepted: they are turned client→server and are servers, the others
 * are clients.  IPv6 sockets get no role. */
static void fix_proc_socket(struct fd_entry *e, const struct int_map *server_ports)
{
	if (e->type != SCAP_FD_IPV4_SOCK)
		return;
	if (int_map_get(server_ports, e->sport)) {
		uint8_t u[SU_LEN];
		su_load(e, u);
		su_swap(u, e->type);
		su_store(e, u);
		fd_entry_set_name(e, "", 0);
		sock_add_role(e, FD_ROLE_SERVER);
	} else {
		sock_add_role(e, FD_ROLE_CLIENT);
	}
}

void state_fix_proc_sockets(struct state *st)
{
	struct int_map ports = { 0 };
	struct fd_entry **list = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < st->threads.cap; i++) {
		struct thread *t = st->threads.vals[i];
		struct fd_table *fdt = t ? t->fdt : NULL;
		size_t n = 0;
		if (!fdt || !grow((void **)&list, &cap, fdt->fds.count, sizeof *list))
			continue;
		for (size_t j = 0; j < fdt->fds.cap; j++) {
			struct fd_entry *e = fdt->fds.vals[j];
			if (e && n < cap)
				list[n++] = e;
		}
		qsort(list, n, sizeof *list, by_fd);
		load_fd_list(list, n);
		for (size_t k = 0; k < n; k++)
			if (list[k]->type == SCAP_FD_IPV4_SERVSOCK ||
			    list[k]->type == SCAP_FD_IPV6_SERVSOCK)
				int_map_put(&ports, list[k]->sport, list[k]);
	}
	free(list);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < st->threads.cap; i++) {
			struct thread *t = st->threads.vals[i];
			struct fd_table *fdt = t ? t->fdt : NULL;
			for (size_t j = 0; fdt && j < fdt->fds.cap; j++) {
				struct fd_entry *e = fdt->fds.vals[j];
				if (!e)
					continue;
				if (pass == 0)
					fix_proc_socket(e, &ports);
				else if (is_inet_any(e->type) && !e->name[0])
					name_socket(e); /* now that the direction is settled */
			}
		}
	}
	int_map_free(&ports);
}
