/* The socket calls' parsers, over the socket model of state_sock.c; the
 * interface list that completes datagram tuples; and the clean-up of the
 * fd lists' sockets. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path_resolve.h"
#include "proc_info.h"
#include "sockfmt.h"
#include "state_sock.h"

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
	param_int(ctx->enter, SP_DOMAIN, &domain);
	param_int(ctx->enter, SP_TYPE, &type);
	param_int(ctx->enter, SP_PROTO, &proto);
	add_socket(st, ctx, fd, domain, type, proto);
}

/* A bound port makes a listening socket; the name is the address. */
void net_parse_bind_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, SP_FD, &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(ev, SP_ADDR);
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
	int i = param_idx(ev, SP_ADDR);
	if (!param_int(ev, SP_FD, &fd))
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
	if (!arg_int(ev, ctx, SP_FD, &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int64_t res = exit_result(ev);
	int i = param_idx(ev, SP_TUPLE);
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
	int i = param_idx(ev, SP_TUPLE);
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
	if (!arg_int(ev, ctx, SP_FD, &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(ev, SP_TUPLE);
	if (ctx->fd && exit_result(ev) >= 0 && i >= 0)
		rw_take_tuple(st, ctx, ev->param[i], ev->param_len[i], true);
}

/* sendto/sendmsg: the tuple is in the enter event. */
void net_parse_send_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!ctx->enter || !param_int(ctx->enter, SP_FD, &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(ctx->enter, SP_TUPLE);
	if (ctx->fd && exit_result(ev) >= 0 && i >= 0)
		rw_take_tuple(st, ctx, ctx->enter->param[i], ctx->enter->param_len[i], false);
}

/* A sendto on an fd nobody saw created: sinsp assumes a UDP socket. */
void net_parse_sendto_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	int i = param_idx(ev, SP_TUPLE);
	if (!param_int(ev, SP_FD, &fd) || fd < 0 || fd_table_find(fds_of(st, ctx), fd) ||
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
	if (exit_result(ev) < 0 || !param_int(ev, SP_FD1, &fd1) || !param_int(ev, SP_FD2, &fd2))
		return;
	param_int(ev, SP_SOURCE, &src);
	param_int(ev, SP_PEER, &peer);
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
