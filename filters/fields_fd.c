/* fd.* extractors beyond the core ones in fields_registry.c, and the
 * fdlist.* fields of poll-like events. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "fields_internal.h"
#include "path_resolve.h"
#include "port_names.h"

static bool is_socket(const struct fd_entry *f)
{
	switch (f->type) {
	case SCAP_FD_IPV4_SOCK: case SCAP_FD_IPV6_SOCK:
	case SCAP_FD_IPV4_SERVSOCK: case SCAP_FD_IPV6_SERVSOCK:
		return true;
	default:
		return false;
	}
}

/* An fd event whose fd has no entry (a failed call, an fd from before the
 * capture) still has a type letter in sysdig 0.29.3: the kind of fd the
 * call creates, else 'o' (unknown). */
static const struct {
	const char *call;
	uint8_t type;
} created_fd_types[] = {
	{ "open", SCAP_FD_FILE },       { "openat", SCAP_FD_FILE },
	{ "openat2", SCAP_FD_FILE },    { "creat", SCAP_FD_FILE },
	{ "socket", SCAP_FD_IPV4_SOCK }, { "accept", SCAP_FD_IPV4_SOCK },
	{ "accept4", SCAP_FD_IPV4_SOCK }, { "connect", SCAP_FD_IPV4_SOCK },
	{ "bind", SCAP_FD_IPV4_SOCK },  { "pipe", SCAP_FD_FIFO },
	{ "eventfd", SCAP_FD_EVENT },   { "signalfd", SCAP_FD_SIGNALFD },
	{ "timerfd_create", SCAP_FD_TIMERFD }, { "inotify_init", SCAP_FD_INOTIFY },
};

static uint8_t null_fd_type(const struct event *ev)
{
	for (size_t i = 0; i < sizeof created_fd_types / sizeof created_fd_types[0]; i++)
		if (strcmp(ev->info->name, created_fd_types[i].call) == 0)
			return created_fd_types[i].type;
	return SCAP_FD_UNKNOWN;
}

/* The event is about an fd, but the fd has no entry. */
static bool fd_without_entry(const struct event *ev, const struct evt_ctx *c)
{
	return c && c->thread && event_has_fd(ev) && !event_fd(ev, c);
}

FIELD_X(x_fd_typechar)
{
	(void)st;
	const struct fd_entry *fd = event_fd(ev, c);
	if ((!fd && !fd_without_entry(ev, c)) || !r->scratch || r->scratch_cap < 2)
		return false;
	r->scratch[0] = fd_type_char(fd ? fd->type : null_fd_type(ev));
	r->scratch[1] = 0;
	o->str.ptr = r->scratch;
	o->str.len = 1;
	return true;
}

/* Files: the directory and the last component of the name. */
/* fd.directory without an fd entry, from the name the call would have
 * given it: everything before the last slash, or "/" when the only slash
 * is the first character or there is none (sysdig 0.29.3's rule). */
static bool null_fd_directory(const struct field_ref *r, const struct event *ev,
			      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	if (!fd_without_entry(ev, c) || !null_fd_name(r, ev, c, st, o))
		return false;
	const char *slash = o->str.len ? memrchr(o->str.ptr, '/', o->str.len) : NULL;
	if (!slash || slash == o->str.ptr)
		set_str(o, "/");
	else if ((uint32_t)(slash - o->str.ptr) < o->str.len - 1)
		o->str.len = (uint32_t)(slash - o->str.ptr);
	return true;
}

static bool split_name(const struct event *ev, const struct evt_ctx *c, bool want_dir,
		       struct field_value *o)
{
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd || !fd->name)
		return false;
	size_t len = strlen(fd->name);
	if (fd->type == SCAP_FD_DIRECTORY) {
		if (!want_dir)
			return false;
		o->str.ptr = fd->name;
		o->str.len = (uint32_t)len;
		return true;
	}
	if (fd->type != SCAP_FD_FILE && fd->type != SCAP_FD_FILE_V2)
		return false;
	const char *slash = memrchr(fd->name, '/', len);
	if (!slash)
		return false;
	if (want_dir) {
		o->str.ptr = fd->name;
		/* the root keeps its slash: "/" for "/file" */
		o->str.len = slash == fd->name ? 1 : (uint32_t)(slash - fd->name);
	} else {
		o->str.ptr = slash + 1;
		o->str.len = (uint32_t)(len - (size_t)(slash + 1 - fd->name));
	}
	return true;
}

FIELD_X(x_fd_directory)
{
	return split_name(ev, c, true, o) || null_fd_directory(r, ev, c, st, o);
}

FIELD_X(x_fd_filename)
{
	(void)r; (void)st;
	return split_name(ev, c, false, o);
}

/* An address of this machine: one of the capture's interfaces; for IPv6
 * also the loopback and the unspecified address (a socket not connected
 * yet), which sysdig 0.29.3 counts as local. */
static bool is_local_v4(const struct state *st, const uint8_t *a)
{
	return st && state_has_iface_addr(st, false, a);
}

static bool is_local_v6(const struct state *st, const uint8_t *a)
{
	static const uint8_t zero[16], loopback[16] = { [15] = 1 };
	if (!memcmp(a, zero, 16) || !memcmp(a, loopback, 16))
		return true;
	return st && state_has_iface_addr(st, true, a);
}

/* Local and remote ends as sysdig 0.29.3 picks them: the source (client)
 * end is the local one when its address is this machine's, else the
 * destination is; so on loopback both ends of a connection show the
 * client as local. */
static enum endpoint local_end(const struct event *ev, const struct evt_ctx *c,
			       const struct state *st, bool local)
{
	const struct fd_entry *fd = event_fd(ev, c);
	bool src_local = false;
	if (fd && fd->type == SCAP_FD_IPV4_SOCK)
		src_local = is_local_v4(st, fd->sip);
	else if (fd && fd->type == SCAP_FD_IPV6_SOCK)
		src_local = is_local_v6(st, fd->sip);
	else if (fd)
		return local ? EP_SERVER : EP_CLIENT; /* listening: its own address */
	return (src_local == local) ? EP_CLIENT : EP_SERVER;
}

FIELD_X(x_fd_lip)
{
	(void)r; (void)st;
	return endpoint_ip(ev, c, local_end(ev, c, st, true), true, o);
}

FIELD_X(x_fd_rip)
{
	(void)r; (void)st;
	return endpoint_ip(ev, c, local_end(ev, c, st, false), true, o);
}

FIELD_X(x_fd_lport)
{
	(void)r; (void)st;
	return endpoint_port(ev, c, local_end(ev, c, st, true), true, o);
}

FIELD_X(x_fd_rport)
{
	(void)r; (void)st;
	return endpoint_port(ev, c, local_end(ev, c, st, false), true, o);
}

FIELD_X(x_fd_l4proto)
{
	(void)r; (void)st;
	static const char *const names[] = { [SCAP_L4_TCP] = "tcp", [SCAP_L4_UDP] = "udp",
					     [SCAP_L4_ICMP] = "icmp", [SCAP_L4_RAW] = "raw" };
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd)
		return false;
	/* sysdig 0.29.3: any other fd has the protocol "<NA>", as text */
	if (!is_socket(fd) || fd->l4proto >= sizeof(names) / sizeof(names[0]) ||
	    !names[fd->l4proto])
		set_str(o, "<NA>");
	else
		set_str(o, names[fd->l4proto]);
	return true;
}

FIELD_X(x_fd_sockfamily)
{
	(void)r; (void)st;
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd)
		return false;
	if (is_socket(fd))
		set_str(o, "ip");
	else if (fd->type == SCAP_FD_UNIX_SOCK)
		set_str(o, "unix");
	else
		return false;
	return true;
}

/* sysdig 0.29.3: a socket is a server's when its server end (the
 * destination, whatever the role) is an address of this machine; a
 * listening socket when it listens on one (or on all of them). */
FIELD_X(x_fd_is_server)
{
	(void)r;
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd)
		return false;
	static const uint8_t any[16];
	switch (fd->type) {
	case SCAP_FD_IPV4_SOCK:
		o->u = is_local_v4(st, fd->dip);
		break;
	case SCAP_FD_IPV6_SOCK:
		o->u = is_local_v6(st, fd->dip);
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		o->u = !memcmp(fd->sip, any, 4) || is_local_v4(st, fd->sip);
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		o->u = is_local_v6(st, fd->sip);
		break;
	default:
		o->u = false;
	}
	return true;
}

/* The thread id and the fd number written one after the other, as sysdig
 * builds its per-thread fd key ("174974" for tid 17497, fd 4). */
FIELD_X(x_fd_uid)
{
	(void)st;
	if (!r->scratch || !c || !c->thread || !event_has_fd(ev))
		return false;
	int64_t num = c->fd_num;
	/* as fd.num shows it: a call that failed to create an fd has -1 */
	if (num < 0 && (ev->info->flags & EF_CREATES_FD) && !event_is_enter(ev->type))
		num = -1;
	int n = snprintf(r->scratch, r->scratch_cap, "%lld%lld", (long long)ev->tid,
			 (long long)num);
	if (n < 0 || (uint32_t)n >= r->scratch_cap)
		return false;
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n;
	return true;
}

/* "<container id>:<fd name or directory>"; sysdig 0.29.3 leaves the id
 * empty for host processes, and so does syscope. */
static bool container_prefixed(const struct field_ref *r, const struct event *ev,
			       const struct evt_ctx *c, struct state *st, bool dir,
			       struct field_value *o)
{
	struct field_value id, v;
	if (!r->scratch || !x_container_id(r, ev, c, st, &id))
		return false;
	/* Without an fd entry the name is built in a buffer of its own, since
	 * the result goes to r's scratch. */
	char built[PATH_OUT_MAX];
	struct field_ref own = *r;
	own.scratch = built;
	own.scratch_cap = sizeof built;
	if (dir) {
		if (!split_name(ev, c, true, &v) && !null_fd_directory(&own, ev, c, st, &v))
			return false;
	} else if ((!event_fd(ev, c) && !fd_without_entry(ev, c)) ||
		   !fd_name_text(&own, ev, c, st, &v)) {
		return false;
	}
	bool host = id.str.len == 4 && memcmp(id.str.ptr, "host", 4) == 0;
	int n = snprintf(r->scratch, r->scratch_cap, "%.*s:%.*s", host ? 0 : (int)id.str.len,
			 id.str.ptr, (int)v.str.len, v.str.ptr);
	if (n < 0)
		return false;
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n < r->scratch_cap ? (uint32_t)n : r->scratch_cap - 1;
	return true;
}

FIELD_X(x_fd_containername)
{
	return container_prefixed(r, ev, c, st, false, o);
}

FIELD_X(x_fd_containerdirectory)
{
	return container_prefixed(r, ev, c, st, true, o);
}

/* Ports as text: the service name with -R, else the number. */
static bool port_text(const struct field_ref *r, bool ok, const struct field_value *p,
		      struct field_value *o)
{
	if (!ok || !r->scratch)
		return false;
	const char *name = port_name((uint16_t)p->u);
	int n = name ? snprintf(r->scratch, r->scratch_cap, "%s", name)
		     : snprintf(r->scratch, r->scratch_cap, "%llu", (unsigned long long)p->u);
	if (n < 0 || (uint32_t)n >= r->scratch_cap)
		return false;
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n;
	return true;
}

FIELD_X(x_fd_cproto)
{
	(void)st;
	struct field_value p;
	return port_text(r, endpoint_port(ev, c, EP_CLIENT, true, &p), &p, o);
}

FIELD_X(x_fd_sproto)
{
	(void)st;
	struct field_value p;
	return port_text(r, endpoint_port(ev, c, EP_SERVER, true, &p), &p, o);
}

FIELD_X(x_fd_lproto)
{
	(void)st;
	struct field_value p;
	return port_text(r, endpoint_port(ev, c, local_end(ev, c, st, true), true, &p), &p, o);
}

FIELD_X(x_fd_rproto)
{
	(void)st;
	struct field_value p;
	return port_text(r, endpoint_port(ev, c, local_end(ev, c, st, false), true, &p), &p, o);
}

FIELD_X(x_fd_cnet)
{
	(void)r; (void)st;
	return endpoint_ip(ev, c, EP_CLIENT, true, o);
}

FIELD_X(x_fd_lnet)
{
	(void)r; (void)st;
	return endpoint_ip(ev, c, local_end(ev, c, st, true), true, o);
}

FIELD_X(x_fd_rnet)
{
	(void)r; (void)st;
	return endpoint_ip(ev, c, local_end(ev, c, st, false), true, o);
}

/* Device numbers use the kernel's user-space dev_t encoding. */
FIELD_X(x_fd_dev)
{
	(void)r; (void)st;
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd)
		return false;
	o->i = (int32_t)fd->dev;
	return true;
}

FIELD_X(x_fd_dev_major)
{
	(void)r; (void)st;
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd)
		return false;
	o->i = (fd->dev >> 8) & 0xfff;
	return true;
}

FIELD_X(x_fd_dev_minor)
{
	(void)r; (void)st;
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd)
		return false;
	o->i = (fd->dev & 0xff) | ((fd->dev >> 12) & 0xfff00);
	return true;
}

/* ---- fdlist.*: the fds of a poll-like call ---- */

enum fdlist_what { FL_NUMS, FL_NAMES, FL_CIPS, FL_SIPS, FL_CPORTS, FL_SPORTS };

/* The FDLIST parameter: a u16 count, then per fd an int64 number and a
 * u16 flags word.  The list is the exit's, else its enter's. */
static bool fdlist_param(const struct event *ev, const struct evt_ctx *c, const uint8_t **p,
			 uint32_t *len)
{
	const struct event *srcs[2] = { ev, c ? c->enter : NULL };
	for (int k = 0; k < 2; k++) {
		const struct event *e = srcs[k];
		if (!e || !e->info)
			continue;
		for (unsigned i = 0; i < e->nparams && i < e->info->nparams_all; i++) {
			if (e->info->params[i].type == PT_FDLIST && e->param_len[i] >= 2) {
				*p = e->param[i];
				*len = e->param_len[i];
				return true;
			}
		}
	}
	return false;
}

static bool fdlist(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c,
		   struct state *st, enum fdlist_what what, struct field_value *o)
{
	const uint8_t *p;
	uint32_t len;
	if (!r->scratch || !c || !c->thread || !st || !fdlist_param(ev, c, &p, &len))
		return false;
	uint32_t count = (uint32_t)le_read(p, len, 2);
	struct fd_table *fdt = state_thread_fds(st, c->thread);
	size_t n = 0, cap = r->scratch_cap;
	r->scratch[0] = 0;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t off = 2 + i * 10;
		if (off + 10 > len)
			break;
		int64_t fdn = (int64_t)le_read(p + off, 8, 8);
		const struct fd_entry *fd = fdt ? fd_table_find(fdt, fdn) : NULL;
		char item[PATH_OUT_MAX]; /* a whole fd name: paths, IPv6 tuples */
		item[0] = 0;
		uint8_t fam = 0;
		const uint8_t *addr = NULL;
		uint16_t port = 0;
		/* connected sockets; of a listening one sysdig lists only the
		 * address it listens on, as a server IP */
		bool servsock = fd && (fd->type == SCAP_FD_IPV4_SERVSOCK ||
				       fd->type == SCAP_FD_IPV6_SERVSOCK);
		bool sock = fd && fd->l4proto != SCAP_L4_NA &&
			    (fd->type == SCAP_FD_IPV4_SOCK || fd->type == SCAP_FD_IPV6_SOCK ||
			     (servsock && what == FL_SIPS));
		switch (what) {
		case FL_NUMS:
			snprintf(item, sizeof(item), "%lld", (long long)fdn);
			break;
		case FL_NAMES:
			if (fd && fd->name && fd->name[0])
				snprintf(item, sizeof(item), "%.*s", (int)sizeof(item) - 1, fd->name);
			break;
		case FL_CIPS: case FL_SIPS: case FL_CPORTS: case FL_SPORTS: {
			if (!sock)
				break;
			bool client = what == FL_CIPS || what == FL_CPORTS;
			fam = fd->type == SCAP_FD_IPV4_SOCK || fd->type == SCAP_FD_IPV4_SERVSOCK ? 4 : 6;
			addr = client || servsock ? fd->sip : fd->dip;
			port = client ? fd->sport : fd->dport;
			if (what == FL_CPORTS || what == FL_SPORTS)
				snprintf(item, sizeof(item), "%u", port);
			else if (!inet_ntop(fam == 4 ? AF_INET : AF_INET6, addr, item, sizeof(item)))
				item[0] = 0;
			break;
		}
		}
		size_t il = strlen(item);
		if (!il)
			continue;
		if (n + il + 2 > cap)
			break;
		if (n)
			r->scratch[n++] = ',';
		memcpy(r->scratch + n, item, il);
		n += il;
		r->scratch[n] = 0;
	}
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n;
	return n > 0; /* a call with no fds has no list */
}

FIELD_X(x_fdlist_nums) { return fdlist(r, ev, c, st, FL_NUMS, o); }
FIELD_X(x_fdlist_names) { return fdlist(r, ev, c, st, FL_NAMES, o); }
FIELD_X(x_fdlist_cips) { return fdlist(r, ev, c, st, FL_CIPS, o); }
FIELD_X(x_fdlist_sips) { return fdlist(r, ev, c, st, FL_SIPS, o); }
FIELD_X(x_fdlist_cports) { return fdlist(r, ev, c, st, FL_CPORTS, o); }
FIELD_X(x_fdlist_sports) { return fdlist(r, ev, c, st, FL_SPORTS, o); }
