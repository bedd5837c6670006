/* Event parsers: how each event changes the thread and fd tables.  They
 * run before the event is filtered or printed, for every event. */
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

/* Set an fd's addresses from a SOCKTUPLE value; false if it has none. */
static bool apply_tuple(struct fd_entry *e, const uint8_t *v, uint32_t len)
{
	if (len < 1)
		return false;
	uint8_t family = v[0];
	if (family == PPM_AF_INET && len >= 13) {
		e->type = SCAP_FD_IPV4_SOCK;
		memcpy(e->sip, v + 1, 4);
		e->sport = (uint16_t)le_read(v + 5, 2, 2);
		memcpy(e->dip, v + 7, 4);
		e->dport = (uint16_t)le_read(v + 11, 2, 2);
	} else if (family == PPM_AF_INET6 && len >= 37) {
		const uint8_t *sip = v + 1, *dip = v + 19;
		if (ipv6_is_v4_mapped(sip) && ipv6_is_v4_mapped(dip)) {
			e->type = SCAP_FD_IPV4_SOCK;
			memcpy(e->sip, sip + 12, 4);
			memcpy(e->dip, dip + 12, 4);
		} else {
			e->type = SCAP_FD_IPV6_SOCK;
			memcpy(e->sip, sip, 16);
			memcpy(e->dip, dip, 16);
		}
		e->sport = (uint16_t)le_read(v + 17, 2, 2);
		e->dport = (uint16_t)le_read(v + 35, 2, 2);
	} else if (family == PPM_AF_UNIX && len >= 17) {
		e->type = SCAP_FD_UNIX_SOCK;
		e->unix_src = le_read(v + 1, 8, 8);
		e->unix_dst = le_read(v + 9, 8, 8);
		fd_entry_set_name(e, (const char *)v + 17, strnlen((const char *)v + 17, len - 17));
		return true;
	} else {
		return false;
	}
	if (e->l4proto == SCAP_L4_UNKNOWN)
		e->l4proto = SCAP_L4_TCP;
	name_socket(e);
	return true;
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

/* ---- sockets ---------------------------------------------------------- */

static uint8_t l4_of(int64_t type, int64_t proto)
{
	switch (proto) {
	case 6: return SCAP_L4_TCP;
	case 17: return SCAP_L4_UDP;
	case 1: case 58: return SCAP_L4_ICMP;
	case 255: return SCAP_L4_RAW;
	default: break;
	}
	switch (type & 0xff) {
	case 1: return SCAP_L4_TCP;
	case 2: return SCAP_L4_UDP;
	case 3: return SCAP_L4_RAW;
	default: return SCAP_L4_UNKNOWN;
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

static void parse_socket_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd = exit_result(ev), domain = -1, type = 0, proto = 0;
	if (fd < 0)
		return;
	arg_int(ev, ctx, "domain", &domain);
	arg_int(ev, ctx, "type", &type);
	arg_int(ev, ctx, "proto", &proto);
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (!e)
		return;
	e->type = fd_type_of_domain(domain);
	if (e->type == SCAP_FD_IPV4_SOCK || e->type == SCAP_FD_IPV6_SOCK)
		e->l4proto = l4_of(type, proto);
	set_ctx_fd(st, ctx, fd);
}

static void parse_bind_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int i = param_idx(ev, "addr");
	if (!ctx->fd || exit_result(ev) < 0 || i < 0 || ev->param_len[i] < 1)
		return;
	const uint8_t *v = ev->param[i];
	uint32_t len = ev->param_len[i];
	struct fd_entry *e = ctx->fd;
	if (v[0] == PPM_AF_INET && len >= 7) {
		e->type = SCAP_FD_IPV4_SERVSOCK;
		memcpy(e->sip, v + 1, 4);
		e->sport = (uint16_t)le_read(v + 5, 2, 2);
	} else if (v[0] == PPM_AF_INET6 && len >= 19) {
		e->type = SCAP_FD_IPV6_SERVSOCK;
		memcpy(e->sip, v + 1, 16);
		e->sport = (uint16_t)le_read(v + 17, 2, 2);
	} else if (v[0] == PPM_AF_UNIX && len >= 2) {
		fd_entry_set_name(e, (const char *)v + 1, strnlen((const char *)v + 1, len - 1));
		return;
	} else {
		return;
	}
	if (e->l4proto == SCAP_L4_UNKNOWN)
		e->l4proto = SCAP_L4_TCP;
	name_socket(e);
}

/* A unix socket is named after the path it connects to as soon as the
 * call starts. */
static void parse_connect_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	int i = param_idx(ev, "addr");
	if (!param_int(ev, "fd", &fd) || i < 0 || ev->param_len[i] < 2)
		return;
	set_ctx_fd(st, ctx, fd);
	const uint8_t *v = ev->param[i];
	if (ctx->fd && v[0] == PPM_AF_UNIX)
		fd_entry_set_name(ctx->fd, (const char *)v + 1,
				  strnlen((const char *)v + 1, ev->param_len[i] - 1));
}

static void parse_connect_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, "fd", &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	int64_t res = exit_result(ev);
	int i = param_idx(ev, "tuple");
	/* A connect still in progress already has its addresses. */
	if (ctx->fd && i >= 0 && (res >= 0 || res == -EINPROGRESS_VALUE))
		apply_tuple(ctx->fd, ev->param[i], ev->param_len[i]);
}

static void parse_accept_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd = exit_result(ev);
	if (fd < 0)
		return;
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	int i = param_idx(ev, "tuple");
	if (!e)
		return;
	if (i < 0 || !apply_tuple(e, ev->param[i], ev->param_len[i]))
		e->type = SCAP_FD_UNKNOWN;
	set_ctx_fd(st, ctx, fd);
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

static void parse_setuid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	int64_t v;
	if (exit_result(ev) == 0 && arg_int(ev, ctx, "uid", &v))
		ctx->thread->uid = (uint32_t)v;
}

static void parse_setgid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	int64_t v;
	if (exit_result(ev) == 0 && arg_int(ev, ctx, "gid", &v))
		ctx->thread->gid = (uint32_t)v;
}

static void parse_setresuid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	int64_t v;
	if (exit_result(ev) == 0 && arg_int(ev, ctx, "euid", &v) && (uint32_t)v != UINT32_MAX)
		ctx->thread->uid = (uint32_t)v;
}

static void parse_setresgid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	int64_t v;
	if (exit_result(ev) == 0 && arg_int(ev, ctx, "egid", &v) && (uint32_t)v != UINT32_MAX)
		ctx->thread->gid = (uint32_t)v;
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

/* Sockets that came from /proc were stored local→remote; those whose local
 * port is a listening port were accepted, and sysdig shows them
 * client→server. */
void state_fix_proc_sockets(struct state *st)
{
	struct int_map ports = { 0 };
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < st->threads.cap; i++) {
			struct thread *t = st->threads.vals[i];
			struct fd_table *fdt = t ? t->fdt : NULL;
			for (size_t j = 0; fdt && j < fdt->fds.cap; j++) {
				struct fd_entry *e = fdt->fds.vals[j];
				if (!e)
					continue;
				if (pass == 0 && e->type == SCAP_FD_IPV4_SERVSOCK)
					int_map_put(&ports, e->sport, e);
				if (pass == 1 && e->type == SCAP_FD_IPV4_SOCK && int_map_get(&ports, e->sport)) {
					uint8_t ip[16];
					memcpy(ip, e->sip, 16);
					memcpy(e->sip, e->dip, 16);
					memcpy(e->dip, ip, 16);
					uint16_t p = e->sport;
					e->sport = e->dport;
					e->dport = p;
				}
			}
		}
	}
	int_map_free(&ports);
	/* Names of every /proc socket, now that their direction is settled. */
	for (size_t i = 0; i < st->threads.cap; i++) {
		struct thread *t = st->threads.vals[i];
		struct fd_table *fdt = t ? t->fdt : NULL;
		for (size_t j = 0; fdt && j < fdt->fds.cap; j++) {
			struct fd_entry *e = fdt->fds.vals[j];
			if (e && !e->name[0])
				name_socket(e);
		}
	}
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
	if (!enter)
		match_enter(ctx->thread, ev, ctx);
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
