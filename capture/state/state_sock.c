/* A socket fd as sysdig 0.29.3 keeps it: its addresses in sinsp's union,
 * its name, role and protocol (state_sock.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "path_resolve.h"
#include "proc_info.h"
#include "sockfmt.h"
#include "state_sock.h"

/* ---- sinsp's address union ---------------------------------------------- */

bool is_inet_sock(uint8_t type)
{
	return type == SCAP_FD_IPV4_SOCK || type == SCAP_FD_IPV6_SOCK;
}

bool is_inet_any(uint8_t type)
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
uint8_t sock_l4(const struct fd_entry *e)
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

void sock_add_role(struct fd_entry *e, uint8_t role)
{
	e->role |= role;
	sock_publish_l4(e);
}

/* A new socket type for an fd; one that was not a socket starts afresh. */
void sock_retype(struct fd_entry *e, uint8_t type)
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
bool su_put(uint8_t *u, uint8_t type, const struct fd_entry *e, const uint8_t *sip,
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

void su_load(const struct fd_entry *e, uint8_t *u)
{
	if (e->sock_raw_set)
		memcpy(u, e->sock_raw, SU_LEN);
	else
		su_rebuild(e, u);
}

/* The union becomes the entry's; the fields show its member for the
 * entry's type. */
void su_store(struct fd_entry *e, const uint8_t *u)
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

bool su_set_v4(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
		      const uint8_t *dip, uint16_t dport)
{
	return su_set(u, &su_v4, compare, sip, sport, dip, dport);
}

bool su_set_v6(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
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

void su_swap(uint8_t *u, uint8_t type)
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
void take_unix_addrs(uint8_t *u, const uint8_t *v, uint32_t len)
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
void name_socket(struct fd_entry *e)
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
void su_name(struct fd_entry *e, const uint8_t *u)
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
/* A unix socket's path as sysdig names the fd after it: up to its NUL,
 * and up to a newline, which sysdig's names never hold. */
static int unix_path_len(const uint8_t *p, uint32_t len)
{
	size_t n = strnlen((const char *)p, len);
	const void *nl = memchr(p, '\n', n);
	return (int)(nl ? (size_t)((const uint8_t *)nl - p) : n);
}

void name_from_param(struct fd_entry *e, const uint8_t *v, uint32_t len, bool tuple)
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
			     le_read(v + 9, 8, 8), unix_path_len(v + 17, len - 17),
			     (const char *)v + 17);
	} else if (!tuple && v[0] == PPM_AF_INET && len >= 7) {
		n = (int)sockfmt_endpoint(buf, false, v + 1, get16(v + 5));
	} else if (!tuple && v[0] == PPM_AF_INET6 && len >= 19) {
		n = (int)sockfmt_endpoint(buf, true, v + 1, get16(v + 17));
	} else if (!tuple && v[0] == PPM_AF_UNIX) {
		n = snprintf(buf, sizeof buf, "%.*s", unix_path_len(v + 1, len - 1),
			     (const char *)v + 1);
	} else {
		n = snprintf(buf, sizeof buf, "family %u", v[0]);
	}
	set_name(e, buf, sizeof buf, n);
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
void guess_role(struct fd_table *fdt, struct fd_entry *e, const uint8_t *u, bool incoming)
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
