/* Event parsers: how each event changes the thread and fd tables.  They
 * run before the event is filtered or printed, for every event. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path_resolve.h"
#include "proc_info.h"
#include "sockfmt.h"
#include "state_internal.h"

#define AT_FDCWD_VALUE (-100)
#define EINPROGRESS_VALUE 115
#define PPM_O_DIRECTORY 0x400u
#define PPM_AF_UNIX 1
#define PPM_AF_INET 2
#define PPM_AF_INET6 10
#define PPM_AF_NETLINK 16

/* ---- parameter access ------------------------------------------------- */

static int param_idx(const struct event *ev, const char *name)
{
	int i = event_param_index(ev, name);
	return i >= 0 && (uint32_t)i < ev->nparams ? i : -1;
}

static bool param_int(const struct event *ev, const char *name, int64_t *out)
{
	int i = param_idx(ev, name);
	if (i < 0 || ev->param_len[i] == 0)
		return false;
	*out = event_param_int(ev, (unsigned)i);
	return true;
}

/* A string parameter (CHARBUF, FSPATH…) up to its NUL. */
static bool param_str(const struct event *ev, const char *name, const char **s, size_t *len)
{
	int i = param_idx(ev, name);
	if (i < 0)
		return false;
	*s = (const char *)ev->param[i];
	*len = strnlen(*s, ev->param_len[i]);
	return true;
}

/* The value the syscall returned: the first parameter of an exit event. */
static int64_t exit_result(const struct event *ev)
{
	return ev->nparams ? event_param_int(ev, 0) : -1;
}

/* Prefer the exit's own parameter, else the matching enter's. */
static bool arg_int(const struct event *ev, const struct evt_ctx *ctx, const char *name, int64_t *out)
{
	return param_int(ev, name, out) || (ctx->has_enter && param_int(&ctx->enter, name, out));
}

static struct fd_table *fds_of(struct state *st, struct evt_ctx *ctx)
{
	return state_thread_fds(st, ctx->thread);
}

static void set_ctx_fd(struct state *st, struct evt_ctx *ctx, int64_t fd)
{
	ctx->fd_num = fd;
	ctx->fd = fd_table_find(fds_of(st, ctx), fd);
}

/* ---- fd names --------------------------------------------------------- */

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

/* ---- file opens ------------------------------------------------------- */

/* The directory a relative path of this event is relative to. */
static const char *base_dir(struct state *st, struct evt_ctx *ctx, int64_t dirfd)
{
	if (dirfd == AT_FDCWD_VALUE)
		return ctx->thread->cwd;
	struct fd_entry *d = fd_table_find(fds_of(st, ctx), dirfd);
	return d ? d->name : ctx->thread->cwd;
}

static void parse_open_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd = exit_result(ev);
	if (fd < 0)
		return;
	const char *name = "";
	size_t len = 0;
	if (!param_str(ev, "name", &name, &len) && ctx->has_enter)
		param_str(&ctx->enter, "name", &name, &len);
	int64_t dirfd = AT_FDCWD_VALUE, flags = 0;
	arg_int(ev, ctx, "dirfd", &dirfd);
	arg_int(ev, ctx, "flags", &flags);
	char path[PATH_OUT_MAX];
	/* Without a name (a damaged or truncated event) the fd stays unnamed. */
	size_t n = len ? path_resolve(path, base_dir(st, ctx, dirfd), name, len) : 0;
	path[n] = '\0';
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (!e)
		return;
	e->type = (flags & PPM_O_DIRECTORY) ? SCAP_FD_DIRECTORY : SCAP_FD_FILE;
	e->open_flags = (uint32_t)flags;
	int64_t dev = 0;
	if (param_int(ev, "dev", &dev))
		e->dev = (uint32_t)dev;
	fd_entry_set_name(e, path, n);
	set_ctx_fd(st, ctx, fd);
}

static void parse_close_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	if (exit_result(ev) < 0)
		return;
	/* Removed once this event has been shown, so its line can name it. */
	st->close_pending = true;
	st->close_tid = ctx->thread->tid;
	st->close_fd = fd;
}

/* ---- sockets: sinsp's model ------------------------------------------- */

/* sysdig 0.29.3 (falcosecurity/libs, March 2022) keeps a socket's
 * addresses in a union whose members overlap:
 *   IPv4 tuple   sip 0-3, dip 4-7, sport 8-9, dport 10-11, l4proto 12
 *   IPv6 tuple   sip 0-15, dip 16-31, sport 32-33, dport 34-35, l4proto 36
 *   IPv4 server  ip 0-3, port 4-5, l4proto 6
 *   IPv6 server  ip 0-15, port 16-17, l4proto 18
 *   unix         source 0-7, destination 8-15
 * and often writes one member while the fd's type names another, so what
 * it shows depends on the bytes.  The parsers below rebuild those bytes
 * from the fd entry, change them as sinsp does, and store them back.
 * Bytes outside the current type's member are kept aside while they
 * matter (see sock_shadow). */
enum {
	U4_SIP = 0, U4_DIP = 4, U4_SPORT = 8, U4_DPORT = 10, U4_L4 = 12,
	U6_SIP = 0, U6_DIP = 16, U6_SPORT = 32, U6_DPORT = 34, U6_L4 = 36,
	US4_IP = 0, US4_PORT = 4, US4_L4 = 6,
	US6_IP = 0, US6_PORT = 16, US6_L4 = 18,
	SU_LEN = 40,
};

#define PPM_SOCK_STREAM 1
#define PPM_SOCK_DGRAM 2
#define PPM_SOCK_RAW 3
#define PPM_IPPROTO_IP 0
#define PPM_IPPROTO_ICMP 1
#define PPM_IPPROTO_TCP 6
#define PPM_IPPROTO_UDP 17
#define PPM_IPPROTO_RAW 255

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

/* sinsp's test for an IPv4 address inside IPv6: ::ffff:a.b.c.d, and also
 * the all-zero address. */
static bool sinsp_v4_mapped(const uint8_t *ip)
{
	return all_zero(ip, 10) &&
	       ((ip[10] == 0xff && ip[11] == 0xff) || all_zero(ip + 10, 6));
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

/* The fd types whose address union these helpers look after. */
static bool has_sock_union(uint8_t type)
{
	return is_inet_any(type) || type == SCAP_FD_UNIX_SOCK;
}

/* What sinsp keeps per socket and struct fd_entry has no field for: the
 * client/server role bits and the protocol byte of the union (l4proto
 * holds what sinsp reports for the fd, which is "n/a" while a connected
 * socket's role is unknown).  Sockets have no device, so both live in
 * `dev`.  Entries that never went through these helpers (fd lists of the
 * file) have dev 0: no role, protocol taken from l4proto. */
#define SX_CLIENT 0x1u
#define SX_SERVER 0x2u
#define SX_ROLES (SX_CLIENT | SX_SERVER)
#define SX_HAS_L4 0x4u
#define SX_L4_SHIFT 8

static unsigned sock_role(const struct fd_entry *e) { return e->dev & SX_ROLES; }

static uint8_t sock_l4(const struct fd_entry *e)
{
	return (e->dev & SX_HAS_L4) ? (uint8_t)(e->dev >> SX_L4_SHIFT) : e->l4proto;
}

static void sock_set_l4(struct fd_entry *e, uint8_t l4)
{
	e->dev = (e->dev & SX_ROLES) | SX_HAS_L4 | (uint32_t)l4 << SX_L4_SHIFT;
}

/* l4proto becomes what sinsp's get_l4proto() answers. */
static void sock_publish_l4(struct fd_entry *e)
{
	uint8_t l4 = sock_l4(e);
	sock_set_l4(e, l4);
	if (is_inet_sock(e->type))
		e->l4proto = (l4 == SCAP_L4_RAW || sock_role(e)) ? l4 : SCAP_L4_NA;
	else if (is_inet_any(e->type))
		e->l4proto = l4;
}

static void sock_add_role(struct fd_entry *e, unsigned role)
{
	e->dev |= role;
	sock_publish_l4(e);
}

/* A new type for an fd; one that was not a socket starts with no role. */
static void sock_retype(struct fd_entry *e, uint8_t type)
{
	if (!has_sock_union(e->type))
		e->dev = 0;
	e->type = type;
}

static void su_rebuild(const struct fd_entry *e, uint8_t *u)
{
	uint8_t l4 = sock_l4(e);
	memset(u, 0, SU_LEN);
	switch (e->type) {
	case SCAP_FD_IPV4_SOCK:
		memcpy(u + U4_SIP, e->sip, 4);
		memcpy(u + U4_DIP, e->dip, 4);
		put16(u + U4_SPORT, e->sport);
		put16(u + U4_DPORT, e->dport);
		u[U4_L4] = l4;
		break;
	case SCAP_FD_IPV6_SOCK:
		memcpy(u + U6_SIP, e->sip, 16);
		memcpy(u + U6_DIP, e->dip, 16);
		put16(u + U6_SPORT, e->sport);
		put16(u + U6_DPORT, e->dport);
		u[U6_L4] = l4;
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		memcpy(u + US4_IP, e->sip, 4);
		put16(u + US4_PORT, e->sport);
		/* bind() copied it from the IPv4 member, which keeps it. */
		u[US4_L4] = u[U4_L4] = l4;
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		memcpy(u + US6_IP, e->sip, 16);
		put16(u + US6_PORT, e->sport);
		u[US6_L4] = l4;
		break;
	case SCAP_FD_UNIX_SOCK:
		for (int i = 0; i < 8; i++) {
			u[i] = (uint8_t)(e->unix_src >> (8 * i));
			u[8 + i] = (uint8_t)(e->unix_dst >> (8 * i));
		}
		break;
	default:
		break;
	}
}

/* The bytes sinsp has outside the member that the fd's type shows are kept
 * aside, per fd entry, while they differ from what su_rebuild() gives.
 * They are trusted only while the entry still holds what it held when
 * they were kept (a freed entry's address may come back for another). */
struct sock_shadow {
	struct fd_entry seen; /* its name pointer is never followed */
	uint8_t u[SU_LEN];
};

static struct int_map shadows; /* fd entry address → struct sock_shadow */

static int64_t shadow_key(const struct fd_entry *e) { return (int64_t)(uintptr_t)e; }

static bool same_socket(const struct fd_entry *a, const struct fd_entry *b)
{
	return a->fd == b->fd && a->type == b->type && a->ino == b->ino &&
	       (a->dev & ~SX_ROLES) == (b->dev & ~SX_ROLES) && a->sport == b->sport &&
	       a->dport == b->dport && a->unix_src == b->unix_src && a->unix_dst == b->unix_dst &&
	       !memcmp(a->sip, b->sip, sizeof a->sip) && !memcmp(a->dip, b->dip, sizeof a->dip);
}

static void shadow_forget(const struct fd_entry *e)
{
	free(int_map_del(&shadows, shadow_key(e)));
}

/* Keep u for e if a rebuild would not give it back. */
static void shadow_keep(const struct fd_entry *e, const uint8_t *u)
{
	uint8_t r[SU_LEN];
	su_rebuild(e, r);
	if (!has_sock_union(e->type) || !memcmp(r, u, SU_LEN)) {
		shadow_forget(e);
		return;
	}
	struct sock_shadow *sh = int_map_get(&shadows, shadow_key(e));
	if (!sh) {
		sh = malloc(sizeof *sh);
		if (!sh || !int_map_put(&shadows, shadow_key(e), sh)) {
			free(sh);
			return;
		}
	}
	sh->seen = *e;
	memcpy(sh->u, u, SU_LEN);
}

static void su_load(const struct fd_entry *e, uint8_t *u)
{
	const struct sock_shadow *sh = int_map_get(&shadows, shadow_key(e));
	if (sh && same_socket(&sh->seen, e))
		memcpy(u, sh->u, SU_LEN);
	else
		su_rebuild(e, u);
}

/* A dup'd fd gets the same hidden bytes. */
static void shadow_copy(const struct fd_entry *from, const struct fd_entry *to)
{
	uint8_t u[SU_LEN];
	su_load(from, u);
	shadow_keep(to, u);
}

static void shadows_free(void)
{
	for (size_t i = 0; i < shadows.cap; i++)
		free(shadows.vals[i]);
	int_map_free(&shadows);
}

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
		sock_set_l4(e, u[U4_L4]);
		break;
	case SCAP_FD_IPV6_SOCK:
		memcpy(e->sip, u + U6_SIP, 16);
		memcpy(e->dip, u + U6_DIP, 16);
		e->sport = get16(u + U6_SPORT);
		e->dport = get16(u + U6_DPORT);
		sock_set_l4(e, u[U6_L4]);
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		memcpy(e->sip, u + US4_IP, 4);
		e->sport = get16(u + US4_PORT);
		e->dport = 0;
		sock_set_l4(e, u[US4_L4]);
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		memcpy(e->sip, u + US6_IP, 16);
		e->sport = get16(u + US6_PORT);
		e->dport = 0;
		sock_set_l4(e, u[US6_L4]);
		break;
	case SCAP_FD_UNIX_SOCK:
		e->unix_src = le_read(u, 8, 8);
		e->unix_dst = le_read(u + 8, 8, 8);
		break;
	default:
		break;
	}
	sock_publish_l4(e);
	shadow_keep(e, u);
}

/* Take a tuple's addresses unless it is the one already there, either way
 * round.  The source always replaces the old one, the destination only
 * fills an empty slot.  True if anything was written. */
static bool su_set_v4(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
		      const uint8_t *dip, uint16_t dport)
{
	uint8_t *usip = u + U4_SIP, *udip = u + U4_DIP;
	uint16_t usport = get16(u + U4_SPORT), udport = get16(u + U4_DPORT);
	if (compare &&
	    ((!memcmp(sip, usip, 4) && sport == usport && !memcmp(dip, udip, 4) && dport == udport) ||
	     (!memcmp(dip, usip, 4) && dport == usport && !memcmp(sip, udip, 4) && sport == udport)))
		return false;
	bool changed = false;
	if (memcmp(usip, sip, 4)) {
		memcpy(usip, sip, 4);
		changed = true;
	}
	if (usport != sport) {
		put16(u + U4_SPORT, sport);
		changed = true;
	}
	if (all_zero(udip, 4)) {
		memcpy(udip, dip, 4);
		changed = true;
	}
	if (udport == 0) {
		put16(u + U4_DPORT, dport);
		changed = true;
	}
	return changed;
}

static bool su_set_v6(uint8_t *u, bool compare, const uint8_t *sip, uint16_t sport,
		      const uint8_t *dip, uint16_t dport)
{
	uint8_t *usip = u + U6_SIP, *udip = u + U6_DIP;
	uint16_t usport = get16(u + U6_SPORT), udport = get16(u + U6_DPORT);
	if (compare &&
	    ((!memcmp(sip, usip, 16) && sport == usport && !memcmp(dip, udip, 16) && dport == udport) ||
	     (!memcmp(dip, usip, 16) && dport == usport && !memcmp(sip, udip, 16) && sport == udport)))
		return false;
	bool changed = false;
	if (memcmp(usip, sip, 16)) {
		memcpy(usip, sip, 16);
		changed = true;
	}
	if (usport != sport) {
		put16(u + U6_SPORT, sport);
		changed = true;
	}
	if (all_zero(udip, 16)) {
		memcpy(udip, dip, 16);
		changed = true;
	}
	if (udport == 0) {
		put16(u + U6_DPORT, dport);
		changed = true;
	}
	return changed;
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

/* The name sinsp gives an IPv4 or IPv6 socket from its addresses. */
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
	if (!v4_sock && sinsp_v4_mapped(u + U6_SIP) && sinsp_v4_mapped(u + U6_DIP)) {
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
	if (n < 0)
		n = 0;
	fd_entry_set_name(e, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
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
		if (sinsp_v4_mapped(v + 1) && sinsp_v4_mapped(v + 19))
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
	if (n < 0)
		n = 0;
	fd_entry_set_name(e, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* sinsp's set_unix_info(): the first 16 bytes after the family become
 * the union's unix member, whatever the parameter holds and whatever the
 * fd's type. */
static void take_unix_addrs(uint8_t *u, const uint8_t *v, uint32_t len)
{
	memset(u, 0, 16);
	memcpy(u, v + 1, len - 1 < 16 ? len - 1 : 16);
}

/* ---- interfaces ------------------------------------------------------- */

/* The capture's interface list (IL blocks), in file order, as sinsp keeps
 * it: IPv4 addresses with their netmasks, IPv6 addresses.  It lives here
 * until struct state has room for it; `owner` is the state it belongs to,
 * and other states see an empty list. */
struct iface_v4 {
	uint8_t addr[4], mask[4];
};

struct iface_v6 {
	uint8_t addr[16];
};

static struct {
	const struct state *owner;
	struct iface_v4 *v4;
	struct iface_v6 *v6;
	size_t n4, n6, cap4, cap6;
} ifaces;

/* For state.c (move these two to state_internal.h): the sink hands over
 * each interface-list entry in file order; a new section and state_free()
 * call state_net_reset(), which drops the state's interfaces and every
 * kept union (they are only an aid: see sock_shadow). */

static void ifaces_clear(void)
{
	free(ifaces.v4);
	free(ifaces.v6);
	memset(&ifaces, 0, sizeof ifaces);
}

void state_net_reset(struct state *st)
{
	if (ifaces.owner == st)
		ifaces_clear();
	shadows_free();
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
	if (ifaces.owner != st) {
		ifaces_clear();
		ifaces.owner = st;
	}
	if (ii->type == 1 || ii->type == 3) {
		if (!grow((void **)&ifaces.v4, &ifaces.cap4, ifaces.n4, sizeof *ifaces.v4))
			return;
		memcpy(ifaces.v4[ifaces.n4].addr, ii->addr, 4);
		memcpy(ifaces.v4[ifaces.n4].mask, ii->netmask, 4);
		ifaces.n4++;
	} else if (ii->type == 2 || ii->type == 4) {
		if (!grow((void **)&ifaces.v6, &ifaces.cap6, ifaces.n6, sizeof *ifaces.v6))
			return;
		memcpy(ifaces.v6[ifaces.n6].addr, ii->addr, 16);
		ifaces.n6++;
	}
}

/* The local address sinsp guesses for a peer: an interface with that very
 * address, else one on the same subnet, else the first that is not
 * loopback, else none. */
static void infer_local_v4(const struct state *st, const uint8_t *peer, uint8_t *out)
{
	static const uint8_t loopback[4] = { 127, 0, 0, 1 };
	size_t n = ifaces.owner == st ? ifaces.n4 : 0;
	const struct iface_v4 *f = ifaces.v4;
	for (size_t i = 0; i < n; i++)
		if (!memcmp(f[i].addr, peer, 4)) {
			memcpy(out, peer, 4);
			return;
		}
	for (size_t i = 0; i < n; i++) {
		bool same = true;
		for (int k = 0; k < 4; k++)
			same = same && (f[i].addr[k] & f[i].mask[k]) == (peer[k] & f[i].mask[k]);
		if (same) {
			memcpy(out, f[i].addr, 4);
			return;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (memcmp(f[i].addr, loopback, 4)) {
			memcpy(out, f[i].addr, 4);
			return;
		}
	memset(out, 0, 4);
}

static void infer_local_v6(const struct state *st, const uint8_t *peer, uint8_t *out)
{
	static const uint8_t loopback[16] = { [15] = 1 };
	size_t n = ifaces.owner == st ? ifaces.n6 : 0;
	const struct iface_v6 *f = ifaces.v6;
	for (size_t i = 0; i < n; i++)
		if (!memcmp(f[i].addr, peer, 16)) {
			memcpy(out, peer, 16);
			return;
		}
	/* "Same subnet" is the first 64 bits. */
	for (size_t i = 0; i < n; i++)
		if (!memcmp(f[i].addr, peer, 8)) {
			memcpy(out, f[i].addr, 16);
			return;
		}
	for (size_t i = 0; i < n; i++)
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
		infer_local_v4(st, known, guess);
	else
		infer_local_v6(st, known, guess);
	if (!memcmp(guess, known, alen) && sport == dport)
		return;
	memcpy(unset, guess, alen);
}

/* ---- sockets: roles ----------------------------------------------------- */

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
	unsigned role;
	if (!port_is_bound(fdt, get16(u + U4_DPORT)))
		role = SX_CLIENT;
	else if (!port_is_client(fdt, get16(u + U4_SPORT)))
		role = SX_SERVER;
	else
		role = incoming ? SX_SERVER : SX_CLIENT;
	sock_add_role(e, role);
}

/* ---- sockets: parsers ------------------------------------------------- */

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

static void add_socket(struct state *st, struct evt_ctx *ctx, int64_t fd, int64_t domain,
		       int64_t type, int64_t proto)
{
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (!e)
		return;
	e->type = fd_type_of_domain(domain);
	if (is_inet_sock(e->type)) {
		sock_set_l4(e, l4_of(type, proto));
		sock_publish_l4(e);
	}
	set_ctx_fd(st, ctx, fd);
}

/* Only a socket whose enter event is known gets into the table. */
static void parse_socket_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd = exit_result(ev), domain = -1, type = 0, proto = 0;
	if (fd < 0 || !ctx->has_enter)
		return;
	param_int(&ctx->enter, "domain", &domain);
	param_int(&ctx->enter, "type", &type);
	param_int(&ctx->enter, "proto", &proto);
	add_socket(st, ctx, fd, domain, type, proto);
}

/* A bound port makes a listening socket; the name is the address. */
static void parse_bind_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
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
		sock_add_role(e, SX_SERVER);
	} else if (v[0] == PPM_AF_INET6 && len >= 19 && get16(v + 17) > 0) {
		if (sinsp_v4_mapped(v + 1)) {
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
		sock_add_role(e, SX_SERVER);
	}
	name_from_param(e, v, len, false);
}

/* A connect names a unix socket after its target at once; for IP it only
 * records the destination. */
static void parse_connect_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx)
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
		if (sinsp_v4_mapped(v + 1)) {
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

static void parse_connect_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
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
	if (v[0] == PPM_AF_INET || v[0] == PPM_AF_INET6) {
		uint8_t u[SU_LEN];
		bool changed;
		su_load(e, u);
		if (v[0] == PPM_AF_INET6 && len >= 37) {
			if (sinsp_v4_mapped(v + 1) && sinsp_v4_mapped(v + 19)) {
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
		if (changed && (sock_role(e) & SX_SERVER) && e->type == SCAP_FD_IPV4_SOCK &&
		    u[U4_L4] == SCAP_L4_UDP)
			su_swap(u, e->type);
		su_store(e, u);
		su_name(e, u);
	} else {
		uint8_t u[SU_LEN];
		su_load(e, u);
		take_unix_addrs(u, v, len);
		su_store(e, u);
		name_from_param(e, v, len, true);
	}
	if (!sock_role(e))
		sock_add_role(e, SX_CLIENT);
}

static void parse_accept_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
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
	} else if (v[0] == PPM_AF_INET6 && len >= 37 && sinsp_v4_mapped(v + 1) &&
		   sinsp_v4_mapped(v + 19)) {
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
	sock_add_role(e, SX_SERVER);
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
		if (sinsp_v4_mapped(v + 1) && sinsp_v4_mapped(v + 19)) {
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
	if (!sock_role(e))
		guess_role(fds_of(st, ctx), e, u, incoming);
	if (sock_role(e) & (incoming ? SX_CLIENT : SX_SERVER)) {
		su_swap(u, e->type);
		su_store(e, u);
	}
	su_name(e, u);
}

/* recvfrom/recvmsg: the tuple is in the exit event. */
static void parse_recv_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
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
static void parse_send_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!ctx->has_enter || !param_int(&ctx->enter, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(&ctx->enter, "tuple");
	if (ctx->fd && exit_result(ev) >= 0 && i >= 0)
		rw_take_tuple(st, ctx, ctx->enter.param[i], ctx->enter.param_len[i], false);
}

/* A sendto on an fd nobody saw created: sinsp assumes a UDP socket. */
static void parse_sendto_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx)
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

/* ---- fds of other kinds ----------------------------------------------- */

static void add_typed_fd(struct state *st, struct evt_ctx *ctx, int64_t fd, uint8_t type)
{
	if (fd < 0)
		return;
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (e)
		e->type = type;
}

static void parse_pipe_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd1, fd2, ino = 0;
	if (exit_result(ev) < 0 || !param_int(ev, "fd1", &fd1) || !param_int(ev, "fd2", &fd2))
		return;
	param_int(ev, "ino", &ino);
	add_typed_fd(st, ctx, fd1, SCAP_FD_FIFO);
	add_typed_fd(st, ctx, fd2, SCAP_FD_FIFO);
	struct fd_entry *a = fd_table_find(fds_of(st, ctx), fd1);
	struct fd_entry *b = fd_table_find(fds_of(st, ctx), fd2);
	if (a)
		a->ino = (uint64_t)ino;
	if (b)
		b->ino = (uint64_t)ino;
}

static void parse_socketpair_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd1, fd2, src = 0, peer = 0;
	if (exit_result(ev) < 0 || !param_int(ev, "fd1", &fd1) || !param_int(ev, "fd2", &fd2))
		return;
	param_int(ev, "source", &src);
	param_int(ev, "peer", &peer);
	add_typed_fd(st, ctx, fd1, SCAP_FD_UNIX_SOCK);
	add_typed_fd(st, ctx, fd2, SCAP_FD_UNIX_SOCK);
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
}

static void parse_eventfd_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_typed_fd(st, ctx, exit_result(ev), SCAP_FD_EVENT);
}

static void parse_signalfd_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_typed_fd(st, ctx, exit_result(ev), SCAP_FD_SIGNALFD);
}

static void parse_timerfd_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_typed_fd(st, ctx, exit_result(ev), SCAP_FD_TIMERFD);
}

static void parse_inotify_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_typed_fd(st, ctx, exit_result(ev), SCAP_FD_INOTIFY);
}

static void copy_fd(struct state *st, struct evt_ctx *ctx, int64_t from, int64_t to)
{
	struct fd_table *fdt = fds_of(st, ctx);
	struct fd_entry *src = fd_table_find(fdt, from);
	if (!src || to < 0 || from == to)
		return;
	struct fd_entry saved = *src;
	char *name = strdup(src->name);
	struct fd_entry *dst = fd_table_add(fdt, to); /* may move nothing: src stays valid by copy */
	if (dst && name) {
		char *dname = dst->name;
		*dst = saved;
		dst->fd = to;
		dst->name = dname;
		fd_entry_set_name(dst, name, strlen(name));
		if (has_sock_union(dst->type))
			shadow_copy(src, dst);
	}
	free(name);
}

static void parse_dup_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t newfd = exit_result(ev), oldfd;
	if (!arg_int(ev, ctx, "fd", &oldfd) && !param_int(ev, "oldfd", &oldfd))
		return;
	copy_fd(st, ctx, oldfd, newfd);
	set_ctx_fd(st, ctx, newfd >= 0 ? newfd : oldfd);
}

#define PPM_FCNTL_F_DUPFD 1
#define PPM_FCNTL_F_DUPFD_CLOEXEC 26

static void parse_fcntl_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd, cmd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	if (arg_int(ev, ctx, "cmd", &cmd) &&
	    (cmd == PPM_FCNTL_F_DUPFD || cmd == PPM_FCNTL_F_DUPFD_CLOEXEC))
		copy_fd(st, ctx, fd, exit_result(ev));
}

/* ---- working directory ------------------------------------------------ */

static void parse_chdir_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	const char *p;
	size_t len;
	if (exit_result(ev) < 0 || !param_str(ev, "path", &p, &len))
		return;
	char path[PATH_OUT_MAX];
	size_t n = path_resolve(path, ctx->thread->cwd, p, len);
	thread_set_cwd(ctx->thread, path, n);
}

static void parse_fchdir_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	if (exit_result(ev) >= 0 && ctx->fd && ctx->fd->name[0])
		thread_set_cwd(ctx->thread, ctx->fd->name, strlen(ctx->fd->name));
}

/* ---- processes -------------------------------------------------------- */

static void set_str_param(const struct event *ev, const char *name, char **dst)
{
	const char *s;
	size_t len;
	if (param_str(ev, name, &s, &len))
		thread_set_str(dst, s, len);
}

static void set_list_param(const struct event *ev, const char *name, char **dst, uint32_t *dst_len)
{
	int i = param_idx(ev, name);
	if (i >= 0)
		thread_set_list(dst, dst_len, (const char *)ev->param[i], ev->param_len[i]);
}

static void set_u32_param(const struct event *ev, const char *name, uint32_t *dst)
{
	int64_t v;
	if (param_int(ev, name, &v))
		*dst = (uint32_t)v;
}

static void set_vm_params(const struct event *ev, struct thread *t)
{
	int64_t v;
	set_u32_param(ev, "vm_size", &t->vmsize_kb);
	set_u32_param(ev, "vm_rss", &t->vmrss_kb);
	set_u32_param(ev, "vm_swap", &t->vmswap_kb);
	if (param_int(ev, "pgft_maj", &v))
		t->pfmajor = (uint64_t)v;
	if (param_int(ev, "pgft_min", &v))
		t->pfminor = (uint64_t)v;
}

static void parse_execve_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	struct thread *t = ctx->thread;
	int64_t v;
	if (exit_result(ev) < 0)
		return;
	set_str_param(ev, "exe", &t->exe);
	set_list_param(ev, "args", &t->args, &t->args_len);
	set_str_param(ev, "comm", &t->comm);
	set_list_param(ev, "env", &t->env, &t->env_len);
	set_list_param(ev, "cgroups", &t->cgroups, &t->cgroups_len);
	const char *cwd;
	size_t len;
	/* Some drivers leave cwd empty: the old one stays. */
	if (param_str(ev, "cwd", &cwd, &len) && len)
		thread_set_cwd(t, cwd, len);
	if (param_int(ev, "pid", &v))
		t->pid = v;
	if (param_int(ev, "ptid", &v))
		t->ptid = v;
	if (param_int(ev, "fdlimit", &v))
		t->fdlimit = (uint64_t)v;
	if (param_int(ev, "pgid", &v))
		t->vpgid = v;
	set_u32_param(ev, "loginuid", &t->loginuid);
	set_vm_params(ev, t);
	t->placeholder = false;
}

/* clone/fork/vfork/clone3 exits come from both sides; either one creates
 * the child if it is not known yet. */
static void parse_clone_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t res = exit_result(ev), ptid = -1, pid = -1, flags = 0, v;
	if (res < 0)
		return;
	param_int(ev, "flags", &flags);
	param_int(ev, "pid", &pid);
	param_int(ev, "ptid", &ptid);
	struct thread *caller = ctx->thread;
	int64_t child_tid = res > 0 ? res : ev->tid;
	struct thread *parent = res > 0 ? caller : state_find_thread(st, ptid);
	if (state_find_thread(st, child_tid) && !(res == 0 && caller->placeholder))
		return;
	struct thread *c = res == 0 ? caller : state_thread_new(st, child_tid);
	if (!c)
		return;
	c->placeholder = false;
	c->flags = (uint32_t)flags;
	if (res > 0) {
		bool thread = flags & PPM_CL_CLONE_THREAD;
		c->pid = thread ? caller->pid : child_tid;
		c->ptid = thread ? caller->ptid : caller->pid;
	} else {
		c->pid = pid >= 0 ? pid : ev->tid;
		c->ptid = ptid;
	}
	set_str_param(ev, "exe", &c->exe);
	set_list_param(ev, "args", &c->args, &c->args_len);
	set_str_param(ev, "comm", &c->comm);
	set_list_param(ev, "cgroups", &c->cgroups, &c->cgroups_len);
	const char *cwd;
	size_t len;
	if (param_str(ev, "cwd", &cwd, &len) && len)
		thread_set_cwd(c, cwd, len);
	if (param_int(ev, "fdlimit", &v))
		c->fdlimit = (uint64_t)v;
	set_u32_param(ev, "uid", &c->uid);
	set_u32_param(ev, "gid", &c->gid);
	if (res == 0) {
		if (param_int(ev, "vtid", &v))
			c->vtid = v;
		if (param_int(ev, "vpid", &v))
			c->vpid = v;
	} else {
		c->vtid = child_tid;
		c->vpid = c->pid;
	}
	if (parent && parent != c) {
		c->sid = parent->sid;
		c->vpgid = parent->vpgid;
		c->loginuid = parent->loginuid;
		thread_set_str(&c->exepath, parent->exepath, strlen(parent->exepath));
		thread_set_list(&c->env, &c->env_len, parent->env ? parent->env : "", parent->env_len);
	}
	if (!(c->flags & PPM_CL_CLONE_FILES) && !c->fdt && parent && parent != c)
		c->fdt = fd_table_copy(state_thread_fds(st, parent));
}

static void parse_procexit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)ctx;
	st->exit_pending = true;
	st->exit_tid = ev->tid;
}

/* set*id: on success the thread takes the id from the call's arguments
 * (-1 in setres*id means "unchanged"). */
static void take_id(const struct event *ev, struct evt_ctx *ctx, const char *param, uint32_t *dst)
{
	int64_t v;
	if (exit_result(ev) == 0 && arg_int(ev, ctx, param, &v) && (uint32_t)v != UINT32_MAX)
		*dst = (uint32_t)v;
}

static void parse_setuid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, "uid", &ctx->thread->uid);
}

static void parse_setgid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, "gid", &ctx->thread->gid);
}

static void parse_setresuid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, "euid", &ctx->thread->uid);
}

static void parse_setresgid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, "egid", &ctx->thread->gid);
}

static void parse_vm_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	set_vm_params(ev, ctx->thread);
}

/* ---- dispatch --------------------------------------------------------- */

static const struct parser_row {
	const char *name; /* evt.type */
	bool enter;
	event_parser parse;
} parser_rows[] = {
	{ "open", false, parse_open_exit },
	{ "openat", false, parse_open_exit },
	{ "openat2", false, parse_open_exit },
	{ "creat", false, parse_open_exit },
	{ "close", false, parse_close_exit },
	{ "socket", false, parse_socket_exit },
	{ "bind", false, parse_bind_exit },
	{ "connect", true, parse_connect_enter },
	{ "connect", false, parse_connect_exit },
	{ "accept", false, parse_accept_exit },
	{ "sendto", true, parse_sendto_enter },
	{ "sendto", false, parse_send_exit },
	{ "sendmsg", false, parse_send_exit },
	{ "recvfrom", false, parse_recv_exit },
	{ "recvmsg", false, parse_recv_exit },
	{ "pipe", false, parse_pipe_exit },
	{ "socketpair", false, parse_socketpair_exit },
	{ "eventfd", false, parse_eventfd_exit },
	{ "signalfd", false, parse_signalfd_exit },
	{ "timerfd_create", false, parse_timerfd_exit },
	{ "inotify_init", false, parse_inotify_exit },
	{ "dup", false, parse_dup_exit },
	{ "fcntl", false, parse_fcntl_exit },
	{ "chdir", false, parse_chdir_exit },
	{ "fchdir", false, parse_fchdir_exit },
	{ "execve", false, parse_execve_exit },
	{ "execveat", false, parse_execve_exit },
	{ "clone", false, parse_clone_exit },
	{ "clone3", false, parse_clone_exit },
	{ "fork", false, parse_clone_exit },
	{ "vfork", false, parse_clone_exit },
	{ "procexit", true, parse_procexit },
	{ "setuid", false, parse_setuid_exit },
	{ "setgid", false, parse_setgid_exit },
	{ "setresuid", false, parse_setresuid_exit },
	{ "setresgid", false, parse_setresgid_exit },
	{ "brk", false, parse_vm_exit },
	{ "mmap", false, parse_vm_exit },
	{ "mmap2", false, parse_vm_exit },
	{ "munmap", false, parse_vm_exit },
	{ "switch", true, parse_vm_exit },
};

void state_install_parsers(struct state *st)
{
	for (unsigned type = 0; type < EVENT_TYPE_MAX; type++) {
		const struct event_info *info = &event_table[type];
		st->fd_param[type] = -1;
		for (unsigned i = 0; i < info->nparams_all; i++)
			if (strcmp(info->params[i].name, "fd") == 0 &&
			    (info->params[i].type == PT_FD || info->params[i].type == PT_FD32))
				st->fd_param[type] = (int8_t)i;
		for (size_t i = 0; i < sizeof parser_rows / sizeof parser_rows[0]; i++) {
			const struct parser_row *row = &parser_rows[i];
			if (row->enter == event_is_enter((uint16_t)type) && info->name &&
			    strcmp(row->name, info->name) == 0)
				st->parsers[type] = row->parse;
		}
	}
}

/* sinsp loads a thread's fd list through one scratch fd whose address
 * union is never cleared: each entry writes its own member over what the
 * entries before it left, and keeps the rest.  The list is in fd order. */
static void load_fd_list(struct fd_entry **list, size_t n)
{
	uint8_t u[SU_LEN] = { 0 };
	for (size_t k = 0; k < n; k++) {
		struct fd_entry *e = list[k];
		uint8_t l4 = e->l4proto;
		switch (e->type) {
		case SCAP_FD_IPV6_SOCK:
			if (sinsp_v4_mapped(e->sip) && sinsp_v4_mapped(e->dip)) {
				e->type = SCAP_FD_IPV4_SOCK;
				memcpy(u + U4_SIP, e->sip + 12, 4);
				memcpy(u + U4_DIP, e->dip + 12, 4);
				put16(u + U4_SPORT, e->sport);
				put16(u + U4_DPORT, e->dport);
				u[U4_L4] = l4;
				break;
			}
			memcpy(u + U6_SIP, e->sip, 16);
			memcpy(u + U6_DIP, e->dip, 16);
			put16(u + U6_SPORT, e->sport);
			put16(u + U6_DPORT, e->dport);
			u[U6_L4] = l4;
			break;
		case SCAP_FD_IPV4_SOCK:
			memcpy(u + U4_SIP, e->sip, 4);
			memcpy(u + U4_DIP, e->dip, 4);
			put16(u + U4_SPORT, e->sport);
			put16(u + U4_DPORT, e->dport);
			u[U4_L4] = l4;
			break;
		case SCAP_FD_IPV4_SERVSOCK:
			memcpy(u + US4_IP, e->sip, 4);
			put16(u + US4_PORT, e->sport);
			u[US4_L4] = l4;
			break;
		case SCAP_FD_IPV6_SERVSOCK:
			memcpy(u + US6_IP, e->sip, 16);
			put16(u + US6_PORT, e->sport);
			u[US6_L4] = l4;
			break;
		case SCAP_FD_UNIX_SOCK:
			for (int i = 0; i < 8; i++) {
				u[i] = (uint8_t)(e->unix_src >> (8 * i));
				u[8 + i] = (uint8_t)(e->unix_dst >> (8 * i));
			}
			break;
		default:
			continue;
		}
		e->dev = 0;
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
		sock_add_role(e, SX_SERVER);
	} else {
		sock_add_role(e, SX_CLIENT);
	}
}

/* The fd tables as sinsp has them after loading the capture's metadata. */
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

/* ---- the per-event entry point ---------------------------------------- */

static void flush_pending(struct state *st)
{
	if (st->close_pending) {
		struct thread *t = state_find_thread(st, st->close_tid);
		if (t)
			fd_table_remove(state_thread_fds(st, t), st->close_fd);
		st->close_pending = false;
	}
	if (st->exit_pending) {
		state_thread_remove(st, st->exit_tid);
		st->exit_pending = false;
	}
}

static void store_enter(struct thread *t, const struct event *ev)
{
	if (t->enter_cap < ev->record_len) {
		uint8_t *p = realloc(t->enter_rec, ev->record_len);
		if (!p) {
			t->has_enter = false;
			return;
		}
		t->enter_rec = p;
		t->enter_cap = ev->record_len;
	}
	memcpy(t->enter_rec, ev->record, ev->record_len);
	t->enter_len = ev->record_len;
	t->enter_type = ev->type;
	t->enter_v1 = ev->v1_header;
	t->has_enter = true;
}

/* The enter event stored for this exit, if it is the matching one.  It is
 * re-parsed from the copy; the copy was written by store_enter from a
 * record that parsed, so it parses again. */
static void match_enter(struct thread *t, const struct event *ev, struct evt_ctx *ctx)
{
	const char *why;
	if (!t->has_enter || t->enter_type + 1 != ev->type)
		return;
	int rc = t->enter_v1 ? event_parse_v1(&ctx->enter, t->enter_rec, t->enter_len, &why)
			     : event_parse(&ctx->enter, t->enter_rec, t->enter_len, &why);
	if (rc < 0)
		return;
	ctx->enter.cpu = 0;
	ctx->has_enter = true;
	ctx->latency = ev->ts >= ctx->enter.ts ? ev->ts - ctx->enter.ts : 0;
}

static bool has_exit_event(uint16_t type)
{
	const struct event_info *x = event_info_of((uint16_t)(type + 1));
	return x && !(x->flags & EF_UNUSED);
}

void state_process_event(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	flush_pending(st);
	if (!st->seen_event) {
		st->seen_event = true;
		st->first_ts = ev->ts;
	}
	if (!st->fixed_sockets) {
		st->fixed_sockets = true;
		state_fix_proc_sockets(st);
	}
	ctx->thread = state_get_thread(st, ev->tid);
	ctx->fd = NULL;
	ctx->fd_num = -1;
	ctx->has_enter = false;
	ctx->latency = 0;
	if (!ctx->thread) {
		static struct thread oom_thread;
		ctx->thread = &oom_thread; /* out of memory: keep going without state */
		return;
	}
	bool enter = event_is_enter(ev->type);
	if (!enter) {
		match_enter(ctx->thread, ev, ctx);
		ctx->thread->latency = ctx->latency;
	} else if (has_exit_event(ev->type)) {
		ctx->thread->latency = 0;
	}
	event_parser parse = st->parsers[ev->type];
	if (parse)
		parse(st, ev, ctx);
	if (ctx->fd_num < 0) {
		/* The fd the event is about: its own "fd" argument, else its
		 * enter event's. */
		int i = st->fd_param[ev->type];
		if (i >= 0 && (uint32_t)i < ev->nparams)
			set_ctx_fd(st, ctx, event_param_int(ev, (unsigned)i));
		else if (ctx->has_enter && (i = st->fd_param[ctx->enter.type]) >= 0 &&
			 (uint32_t)i < ctx->enter.nparams)
			set_ctx_fd(st, ctx, event_param_int(&ctx->enter, (unsigned)i));
	}
	if (enter && has_exit_event(ev->type) && ev->record)
		store_enter(ctx->thread, ev);
}
