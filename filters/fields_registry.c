/* The field table and its extractors.
 *
 * Each field is one row below plus one small function that reads the event
 * record (struct event), what the state engine established for it (struct
 * evt_ctx: thread, fd, latency) or the state tables.  Extractors return
 * false when the event has no such value; they never allocate. */
#include "fields.h"

#include <stdio.h>
#include <string.h>

#include "event.h"
#include "event_table.h"
#include "param_render.h"
#include "path_resolve.h"
#include "proc_info.h"
#include "state.h"

/* ---- small helpers ---- */

static bool has_param(const struct event *ev, int idx)
{
	return idx >= 0 && (uint32_t)idx < ev->nparams && ev->param_len[idx] > 0 && ev->info &&
	       (unsigned)idx < ev->info->nparams_all;
}

static uint8_t param_ptype(const struct event *ev, int idx)
{
	return ev->info->params[idx].type;
}

/* Text of a CHARBUF/FSPATH parameter, without its NUL. */
static void param_text(const struct event *ev, int idx, struct field_value *out)
{
	const char *p = (const char *)ev->param[idx];
	uint32_t len = ev->param_len[idx];
	const char *nul = memchr(p, 0, len);
	out->str.ptr = p;
	out->str.len = nul ? (uint32_t)(nul - p) : len;
}

static void set_str(struct field_value *out, const char *s)
{
	out->str.ptr = s;
	out->str.len = (uint32_t)strlen(s);
}

static struct thread *ctx_thread(const struct evt_ctx *ctx)
{
	return ctx ? ctx->thread : NULL;
}

/* The main thread of t's process (t itself for a main thread). */
static struct thread *main_thread(struct state *st, struct thread *t)
{
	if (t->tid == t->pid)
		return t;
	return st ? state_find_thread(st, t->pid) : NULL;
}

static struct thread *parent_of(struct state *st, struct thread *t)
{
	if (!st || t->ptid == t->tid || t->ptid <= 0)
		return NULL;
	struct thread *p = state_find_thread(st, t->ptid);
	return p ? main_thread(st, p) : NULL;
}

/* Index of the parameter called `name` in the table row of `type`. */
static int table_param_index(uint16_t type, const char *name)
{
	const struct event_info *info = event_info_of(type);
	if (!info || !info->params)
		return -1;
	for (unsigned i = 0; i < info->nparams_all; i++)
		if (info->params[i].name && strcmp(info->params[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Where an exit event keeps its return value: the "res" parameter, or for
 * fd-creating calls the "fd" one.  Filled by bind_res (compile time). */
static int8_t res_index[EVENT_TYPE_MAX];
static bool res_index_ready;

static bool bind_res(struct field_ref *ref, char *err, size_t errlen)
{
	(void)ref; (void)err; (void)errlen;
	if (res_index_ready)
		return true;
	for (unsigned t = 0; t < EVENT_TYPE_MAX; t++) {
		int idx = -1;
		if (!event_is_enter((uint16_t)t)) {
			idx = table_param_index((uint16_t)t, "res");
			if (idx < 0 && (event_table[t].flags & EF_CREATES_FD))
				idx = table_param_index((uint16_t)t, "fd");
		}
		res_index[t] = (int8_t)idx;
	}
	res_index_ready = true;
	return true;
}

static bool return_value(const struct event *ev, int64_t *out)
{
	if (!res_index_ready || ev->type >= EVENT_TYPE_MAX)
		return false;
	int idx = res_index[ev->type];
	if (!has_param(ev, idx))
		return false;
	*out = event_param_int(ev, (unsigned)idx);
	return true;
}

/* Does any event of the table have a parameter called name? */
static const struct param_info *any_param_named(const char *name)
{
	for (unsigned t = 0; t < EVENT_TYPE_MAX; t++) {
		int idx = table_param_index((uint16_t)t, name);
		if (idx >= 0)
			return &event_table[t].params[idx];
	}
	return NULL;
}

/* ---- the evt.arg rendering seam ---- */

size_t field_param_render_raw(const struct event *ev, unsigned idx,
			      const struct evt_ctx *ctx, struct state *st,
			      char *buf, size_t cap)
{
	(void)ctx; (void)st;
	char tmp[32];
	const char *s = tmp;
	size_t len;
	if (!has_param(ev, (int)idx)) {
		len = 0;
		tmp[0] = 0;
	} else {
		uint8_t pt = param_ptype(ev, (int)idx);
		switch (field_type_kind(field_type_of_ptype(pt))) {
		case VK_SIGNED:
			len = (size_t)snprintf(tmp, sizeof(tmp), "%lld",
					       (long long)event_param_int(ev, idx));
			break;
		case VK_UNSIGNED:
		case VK_BOOL:
			if (pt == PT_SYSCALLID) {
				s = event_type_name(ev);
				len = strlen(s);
				break;
			}
			len = (size_t)snprintf(tmp, sizeof(tmp), "%llu",
					       (unsigned long long)event_param_uint(ev, idx));
			break;
		case VK_STRING: {
			struct field_value v;
			param_text(ev, (int)idx, &v);
			s = v.str.ptr;
			len = v.str.len;
			break;
		}
		default:
			s = (const char *)ev->param[idx];
			len = ev->param_len[idx];
			break;
		}
	}
	if (cap) {
		size_t n = len < cap - 1 ? len : cap - 1;
		memcpy(buf, s, n);
		buf[n] = 0;
	}
	return len;
}

/* What sysdig's evt.arg shows: the resolved form of the parameter when it
 * has one ("<f>/etc/hosts" for fd=3(<f>/etc/hosts), "ENOENT" for
 * res=-2(ENOENT), "O_RDONLY|O_CLOEXEC" for flags), else its value, uncut;
 * a generic event's ID is its syscall's name.  The formatter's param_render
 * needs the state; without it the raw rendering is used.  The two buffers
 * grow to the largest value once and are reused (one thread at a time, as
 * for filters). */
static size_t render_sysdig(const struct event *ev, unsigned idx, const struct evt_ctx *ctx,
			    struct state *st, char *buf, size_t cap)
{
	static struct strbuf val, res;
	if (!st || !ctx || !ctx->thread || !has_param(ev, (int)idx) ||
	    param_ptype(ev, (int)idx) == PT_SYSCALLID)
		return field_param_render_raw(ev, idx, ctx, st, buf, cap);
	struct render_opts o = { .buf = BUF_DOTS, .verbose = true };
	sb_clear(&val);
	param_render(&val, &res, ev, idx, ctx, st, &o);
	const struct strbuf *pick = res.len ? &res : &val;
	if (cap) {
		size_t n = pick->len < cap - 1 ? pick->len : cap - 1;
		if (n)
			memcpy(buf, pick->data, n);
		buf[n] = 0;
	}
	return pick->len;
}

static field_param_render_fn param_renderer = render_sysdig;

void fields_set_param_renderer(field_param_render_fn fn)
{
	param_renderer = fn ? fn : render_sysdig;
}

/* ---- evt.* ---- */

static bool x_evt_num(const struct field_ref *r, const struct event *ev,
		      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	o->u = ev->num;
	return true;
}

static bool x_evt_type(const struct field_ref *r, const struct event *ev,
		       const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	if (!ev->info || !ev->info->name)
		return false;
	set_str(o, event_type_name(ev));
	return true;
}

static bool x_evt_dir(const struct field_ref *r, const struct event *ev,
		      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	set_str(o, event_is_enter(ev->type) ? ">" : "<");
	return true;
}

static bool x_evt_cpu(const struct field_ref *r, const struct event *ev,
		      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	o->i = ev->cpu;
	return true;
}

static bool x_evt_rawtime(const struct field_ref *r, const struct event *ev,
			  const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	o->u = ev->ts;
	return true;
}

static bool x_evt_latency(const struct field_ref *r, const struct event *ev,
			  const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)ev; (void)st;
	/* sysdig reports the thread's last latency: a context switch inside a
	 * call repeats that of the call before */
	o->u = c && c->thread ? c->thread->latency : c ? c->latency : 0;
	return true;
}

static bool x_evt_rawres(const struct field_ref *r, const struct event *ev,
			 const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	return return_value(ev, &o->i);
}

static bool x_evt_failed(const struct field_ref *r, const struct event *ev,
			 const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	int64_t res;
	o->u = return_value(ev, &res) && res < 0;
	return true;
}

static bool x_evt_is_io(const struct field_ref *r, const struct event *ev,
			const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	o->u = ev->info && (ev->info->flags & (EF_READS_FROM_FD | EF_WRITES_TO_FD)) != 0;
	return true;
}

static bool bind_evt_arg(struct field_ref *ref, char *err, size_t errlen)
{
	if (ref->has_index) {
		if (ref->index < 0 || ref->index >= EVENT_MAX_PARAMS) {
			snprintf(err, errlen, "argument index %lld is out of range (0-%d)",
				 (long long)ref->index, EVENT_MAX_PARAMS - 1);
			return false;
		}
		return true;
	}
	if (!any_param_named(ref->name)) {
		snprintf(err, errlen, "unknown event argument '%s'", ref->name);
		return false;
	}
	return true;
}

static int arg_index(const struct field_ref *r, const struct event *ev)
{
	if (r->has_index)
		return (int)r->index;
	return ev->info ? table_param_index(ev->type, r->name) : -1;
}

static bool x_evt_arg(const struct field_ref *r, const struct event *ev,
		      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	int idx = arg_index(r, ev);
	if (!has_param(ev, idx) || !r->scratch)
		return false;
	size_t n = param_renderer(ev, (unsigned)idx, c, st, r->scratch, r->scratch_cap);
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)(n < r->scratch_cap ? n : r->scratch_cap - 1);
	return true;
}

static bool bind_evt_rawarg(struct field_ref *ref, char *err, size_t errlen)
{
	if (!ref->has_name) {
		snprintf(err, errlen, "'evt.rawarg' takes a parameter name (%s), not an index",
			 "evt.rawarg.NAME");
		return false;
	}
	const struct param_info *pi = any_param_named(ref->name);
	if (!pi) {
		snprintf(err, errlen, "unknown event argument '%s'", ref->name);
		return false;
	}
	ref->aux = pi->type;
	ref->type = (uint8_t)field_type_of_ptype(pi->type);
	return true;
}

/* The raw value, converted to the kind the reference was typed with (the
 * first table row that has the name); false if this event's parameter is
 * of an incompatible kind. */
static bool x_evt_rawarg(const struct field_ref *r, const struct event *ev,
			 const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)c; (void)st;
	int idx = arg_index(r, ev);
	if (!has_param(ev, idx))
		return false;
	uint8_t pt = param_ptype(ev, idx);
	enum value_kind have = field_type_kind(field_type_of_ptype(pt));
	switch ((enum value_kind)r->kind) {
	case VK_SIGNED:
	case VK_UNSIGNED:
	case VK_BOOL:
		if (have == VK_SIGNED)
			o->i = event_param_int(ev, (unsigned)idx);
		else if (have == VK_UNSIGNED || have == VK_BOOL)
			o->u = event_param_uint(ev, (unsigned)idx);
		else
			return false;
		if (r->kind == VK_BOOL)
			o->u = o->u != 0;
		return true;
	case VK_STRING:
		if (have != VK_STRING)
			return false;
		param_text(ev, idx, o);
		return true;
	case VK_BUFFER:
		o->str.ptr = (const char *)ev->param[idx];
		o->str.len = ev->param_len[idx];
		return true;
	case VK_IPADDR:
	case VK_IPNET: {
		uint32_t len = ev->param_len[idx];
		if (len != 4 && len != 16)
			return false;
		o->ip.family = len == 4 ? 4 : 6;
		o->ip.prefix = (uint8_t)(len * 8);
		memcpy(o->ip.addr, ev->param[idx], len);
		return true;
	}
	default:
		return false;
	}
}

static bool x_evt_buffer(const struct field_ref *r, const struct event *ev,
			 const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	int idx = ev->info ? table_param_index(ev->type, "data") : -1;
	if (!has_param(ev, idx) || param_ptype(ev, idx) != PT_BYTEBUF)
		return false;
	o->str.ptr = (const char *)ev->param[idx];
	o->str.len = ev->param_len[idx];
	return true;
}

/* ---- proc.* / thread.* / user.* ---- */

static bool x_proc_name(const struct field_ref *r, const struct event *ev,
			const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t || !t->comm)
		return false;
	/* a thread known only from its events: sysdig names it "<NA>" */
	set_str(o, t->placeholder && !t->comm[0] ? "<NA>" : t->comm);
	return true;
}

static bool x_proc_pid(const struct field_ref *r, const struct event *ev,
		       const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->i = t->pid;
	return true;
}

/* sysdig: the parent of the process is its main thread's parent. */
static bool x_proc_ppid(const struct field_ref *r, const struct event *ev,
			const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	struct thread *mt = t ? main_thread(st, t) : NULL;
	if (!mt)
		return false;
	o->i = mt->ptid;
	return true;
}

#define MAX_ANCESTRY 64

/* The n-th ancestor process (0 = the process itself). */
static struct thread *ancestor(struct state *st, struct thread *t, int64_t n)
{
	struct thread *p = t ? main_thread(st, t) : NULL;
	for (int64_t i = 0; p && i < n; i++) {
		if (i >= MAX_ANCESTRY)
			return NULL;
		p = parent_of(st, p);
	}
	return p;
}

static bool bind_aname(struct field_ref *ref, char *err, size_t errlen)
{
	if (ref->has_index && ref->index < 0) {
		snprintf(err, errlen, "the ancestor index of '%s' must not be negative",
			 ref->desc->name);
		return false;
	}
	/* Without [N] the field means "any ancestor": several values. */
	ref->multi = !ref->has_index;
	return true;
}

static bool x_proc_aname(const struct field_ref *r, const struct event *ev,
			 const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)ev;
	struct thread *a = ancestor(st, ctx_thread(c), r->has_index ? r->index : 1);
	if (!a || !a->comm)
		return false;
	set_str(o, a->comm);
	return true;
}

static bool xn_proc_aname(const struct field_ref *r, const struct event *ev,
			  const struct evt_ctx *c, struct state *st, unsigned n,
			  struct field_value *o)
{
	(void)r; (void)ev;
	struct thread *a = ancestor(st, ctx_thread(c), (int64_t)n + 1);
	if (!a || !a->comm)
		return false;
	set_str(o, a->comm);
	return true;
}

static bool x_thread_tid(const struct field_ref *r, const struct event *ev,
			 const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)c; (void)st;
	o->i = ev->tid;
	return true;
}

/* thread.cgroup.SUBSYS: the path after "SUBSYS=" in the cgroups list. */
static bool x_thread_cgroup(const struct field_ref *r, const struct event *ev,
			    const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t || !t->cgroups)
		return false;
	size_t nl = strlen(r->name);
	const char *p = t->cgroups, *end = t->cgroups + t->cgroups_len;
	while (p < end) {
		const char *nul = memchr(p, 0, (size_t)(end - p));
		const char *e = nul ? nul : end;
		if ((size_t)(e - p) > nl && memcmp(p, r->name, nl) == 0 && p[nl] == '=') {
			o->str.ptr = p + nl + 1;
			o->str.len = (uint32_t)(e - p - (ptrdiff_t)nl - 1);
			return true;
		}
		p = e + 1;
	}
	return false;
}

static bool x_user_uid(const struct field_ref *r, const struct event *ev,
		       const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->uid;
	return true;
}

/* ---- fd.* ---- */

/* As in sysdig, an event is "about" an fd only if its table row says it
 * uses, creates or destroys one (mmap's fd parameter does not count). */
static bool event_has_fd(const struct event *ev)
{
	return ev->info && (ev->info->flags & (EF_USES_FD | EF_CREATES_FD | EF_DESTROYS_FD));
}

static const struct fd_entry *event_fd(const struct event *ev, const struct evt_ctx *c)
{
	return c && c->fd && event_has_fd(ev) ? c->fd : NULL;
}

static bool x_fd_num(const struct field_ref *r, const struct event *ev,
		     const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)st;
	if (!c || !event_has_fd(ev))
		return false;
	o->i = c->fd_num;
	/* a call that failed to create an fd: sysdig shows -1, not the errno */
	if (o->i < 0 && (ev->info->flags & EF_CREATES_FD) && !event_is_enter(ev->type))
		o->i = -1;
	return true;
}

/* Resolve a relative path against dir into the scratch buffer, folding
 * "." and ".." as the formatter does. */
static bool join_path(const struct field_ref *r, const char *dir, const char *name,
		      uint32_t name_len, struct field_value *o)
{
	if (!r->scratch || r->scratch_cap < PATH_OUT_MAX || !dir)
		return false;
	o->str.len = (uint32_t)path_resolve(r->scratch, dir, name, name_len);
	o->str.ptr = r->scratch;
	return true;
}

/* Without an fd entry (a failed open), sysdig still names the file the
 * call tried to open: the exit's path, made absolute. */
static bool fd_name_from_creator(const struct field_ref *r, const struct event *ev,
				 const struct evt_ctx *c, struct state *st,
				 struct field_value *o)
{
	if (event_is_enter(ev->type) || !(ev->info->flags & EF_CREATES_FD))
		return false;
	int idx = table_param_index(ev->type, "name");
	if (!has_param(ev, idx))
		return false;
	uint8_t pt = param_ptype(ev, idx);
	if (pt != PT_FSPATH && pt != PT_FSRELPATH)
		return false;
	param_text(ev, idx, o);
	if (o->str.len > 0 && o->str.ptr[0] == '/')
		return join_path(r, "", o->str.ptr, o->str.len, o);
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	int dirfd = ev->info->params[idx].dirfd_index;
	if (pt == PT_FSRELPATH && dirfd >= 0 && has_param(ev, dirfd)) {
		int64_t dfd = event_param_int(ev, (unsigned)dirfd);
		if (dfd != -100) { /* not AT_FDCWD: relative to that directory */
			struct fd_table *fdt = st ? state_thread_fds(st, t) : NULL;
			struct fd_entry *d = fdt ? fd_table_find(fdt, dfd) : NULL;
			return d && join_path(r, d->name, o->str.ptr, o->str.len, o);
		}
	}
	return join_path(r, t->cwd, o->str.ptr, o->str.len, o);
}

static bool x_fd_name(const struct field_ref *r, const struct event *ev,
		      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	const struct fd_entry *fd = event_fd(ev, c);
	if (fd) {
		if (!fd->name)
			return false;
		set_str(o, fd->name);
		return true;
	}
	if (!ev->info)
		return false;
	if (fd_name_from_creator(r, ev, c, st, o))
		return true;
	/* sysdig 0.29.3: the exit of a call on an fd it does not know (close(1)
	 * when stdout came from before the capture) has an empty name */
	if (!event_is_enter(ev->type) && (ev->info->flags & EF_USES_FD)) {
		set_str(o, "");
		return true;
	}
	return false;
}

static const char *const fd_type_names[SCAP_FD_TYPE_MAX] = {
	[SCAP_FD_FILE] = "file",           [SCAP_FD_FILE_V2] = "file",
	[SCAP_FD_DIRECTORY] = "directory", [SCAP_FD_IPV4_SOCK] = "ipv4",
	[SCAP_FD_IPV4_SERVSOCK] = "ipv4",  [SCAP_FD_IPV6_SOCK] = "ipv6",
	[SCAP_FD_IPV6_SERVSOCK] = "ipv6",  [SCAP_FD_UNIX_SOCK] = "unix",
	[SCAP_FD_FIFO] = "pipe",           [SCAP_FD_EVENT] = "event",
	[SCAP_FD_SIGNALFD] = "signalfd",   [SCAP_FD_EVENTPOLL] = "eventpoll",
	[SCAP_FD_INOTIFY] = "inotify",     [SCAP_FD_TIMERFD] = "timerfd",
	[SCAP_FD_NETLINK] = "netlink",
	/* UNKNOWN, UNSUPPORTED and the types newer than sysdig 0.29.3 (bpf,
	 * io_uring, memfd, ...) have no name there: the field is missing. */
};

static bool x_fd_type(const struct field_ref *r, const struct event *ev,
		      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)st;
	const struct fd_entry *fd = event_fd(ev, c);
	if (!fd || fd->type >= SCAP_FD_TYPE_MAX || !fd_type_names[fd->type])
		return false;
	set_str(o, fd_type_names[fd->type]);
	return true;
}

/* Socket endpoints.  fd_entry keeps a connection as source (client) and
 * destination (server); a listening socket has only its own address, in
 * the source slot. */
enum endpoint { EP_CLIENT, EP_SERVER };

/* need_role: like sysdig, the client/server fields exist only once the
 * socket's role is known; the state engine reports an unknown role as
 * l4proto "n/a" (SCAP_L4_NA).  fd.ip / fd.port / fd.net do not need it. */
static bool fd_endpoint(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
			bool need_role, uint8_t *family, const uint8_t **addr, uint16_t *port)
{
	const struct fd_entry *f = event_fd(ev, c);
	if (!f)
		return false;
	switch (f->type) {
	case SCAP_FD_IPV4_SOCK:
	case SCAP_FD_IPV6_SOCK: {
		/* a socket with no address yet (socket() just returned) has no ends */
		static const uint8_t zero[16];
		if (f->sport == 0 && f->dport == 0 && memcmp(f->sip, zero, 16) == 0 &&
		    memcmp(f->dip, zero, 16) == 0)
			return false;
		if (need_role && f->l4proto == SCAP_L4_NA)
			return false;
		*family = f->type == SCAP_FD_IPV4_SOCK ? 4 : 6;
		*addr = which == EP_CLIENT ? f->sip : f->dip;
		*port = which == EP_CLIENT ? f->sport : f->dport;
		return true;
	}
	case SCAP_FD_IPV4_SERVSOCK:
	case SCAP_FD_IPV6_SERVSOCK:
		if (which == EP_CLIENT)
			return false;
		*family = f->type == SCAP_FD_IPV4_SERVSOCK ? 4 : 6;
		*addr = f->sip;
		*port = f->sport;
		return true;
	default:
		return false;
	}
}

static bool endpoint_ip(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
			bool need_role, struct field_value *o)
{
	const uint8_t *a;
	uint16_t port;
	if (!fd_endpoint(ev, c, which, need_role, &o->ip.family, &a, &port))
		return false;
	memset(o->ip.addr, 0, sizeof(o->ip.addr));
	memcpy(o->ip.addr, a, o->ip.family == 4 ? 4 : 16);
	o->ip.prefix = o->ip.family == 4 ? 32 : 128;
	return true;
}

static bool endpoint_port(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
			  bool need_role, struct field_value *o)
{
	uint8_t fam;
	const uint8_t *a;
	uint16_t port;
	if (!fd_endpoint(ev, c, which, need_role, &fam, &a, &port))
		return false;
	o->u = port;
	return true;
}

static bool x_fd_cip(const struct field_ref *r, const struct event *ev,
		     const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)st;
	return endpoint_ip(ev, c, EP_CLIENT, true, o);
}

static bool x_fd_sip(const struct field_ref *r, const struct event *ev,
		     const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)st;
	return endpoint_ip(ev, c, EP_SERVER, true, o);
}

static bool x_fd_cport(const struct field_ref *r, const struct event *ev,
		       const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)st;
	return endpoint_port(ev, c, EP_CLIENT, true, o);
}

static bool x_fd_sport(const struct field_ref *r, const struct event *ev,
		       const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)r; (void)st;
	return endpoint_port(ev, c, EP_SERVER, true, o);
}

/* fd.ip / fd.net / fd.port: either end of the connection. */
static bool bind_multi(struct field_ref *ref, char *err, size_t errlen)
{
	(void)err; (void)errlen;
	ref->multi = true;
	return true;
}

/* The n-th present end: the client if there is one, then the server. */
static bool nth_endpoint(const struct event *ev, const struct evt_ctx *c, unsigned n,
			 enum endpoint *which)
{
	uint8_t fam;
	const uint8_t *a;
	uint16_t port;
	unsigned i = 0;
	for (int e = EP_CLIENT; e <= EP_SERVER; e++) {
		if (!fd_endpoint(ev, c, (enum endpoint)e, false, &fam, &a, &port))
			continue;
		if (i++ == n) {
			*which = (enum endpoint)e;
			return true;
		}
	}
	return false;
}

static bool xn_fd_ip(const struct field_ref *r, const struct event *ev,
		     const struct evt_ctx *c, struct state *st, unsigned n,
		     struct field_value *o)
{
	(void)r; (void)st;
	enum endpoint e;
	return nth_endpoint(ev, c, n, &e) && endpoint_ip(ev, c, e, false, o);
}

static bool xn_fd_port(const struct field_ref *r, const struct event *ev,
		       const struct evt_ctx *c, struct state *st, unsigned n,
		       struct field_value *o)
{
	(void)r; (void)st;
	enum endpoint e;
	return nth_endpoint(ev, c, n, &e) && endpoint_port(ev, c, e, false, o);
}

/* ---- the table ---- */

#define NOARG FARG_NONE
#define ROW(n, t, f, a, fl, scr, g, h, b, x, xn) \
	{ n, t, f, a, fl, scr, g, h, b, x, xn }

static const struct field_desc field_table[] = {
	ROW("evt.num", FT_UINT64, PF_ID, NOARG, 0, 0, "evt",
	    "event number, counting every event read (internal ones too)", NULL, x_evt_num, NULL),
	ROW("evt.rawtime", FT_ABSTIME, PF_DEC, NOARG, 0, 0, "evt",
	    "event timestamp in nanoseconds since the epoch", NULL, x_evt_rawtime, NULL),
	ROW("evt.latency", FT_RELTIME, PF_DEC, NOARG, 0, 0, "evt",
	    "nanoseconds between the enter event and this exit event (0 for enter events)",
	    NULL, x_evt_latency, NULL),
	ROW("evt.dir", FT_CHARBUF, PF_NA, NOARG, 0, 0, "evt",
	    "direction: '>' for an enter event, '<' for an exit event", NULL, x_evt_dir, NULL),
	ROW("evt.type", FT_CHARBUF, PF_NA, NOARG, FF_EVENT_TYPE, 0, "evt",
	    "event name, e.g. 'open'; generic events show their system call's name",
	    NULL, x_evt_type, NULL),
	ROW("evt.cpu", FT_INT16, PF_DEC, NOARG, 0, 0, "evt",
	    "CPU the event happened on", NULL, x_evt_cpu, NULL),
	ROW("evt.arg", FT_CHARBUF, PF_NA, FARG_NAME | FARG_INDEX | FARG_REQUIRED, 0, 4096, "evt",
	    "one event argument as text, by name (evt.arg.fd) or position (evt.arg[0])",
	    bind_evt_arg, x_evt_arg, NULL),
	ROW("evt.rawarg", FT_DYNAMIC, PF_NA, FARG_NAME | FARG_REQUIRED, 0, 0, "evt",
	    "one event argument with its own type, by name, e.g. evt.rawarg.res < 0",
	    bind_evt_rawarg, x_evt_rawarg, NULL),
	ROW("evt.buffer", FT_BYTEBUF, PF_NA, NOARG, 0, 0, "evt",
	    "the data buffer of an I/O event", NULL, x_evt_buffer, NULL),
	ROW("evt.rawres", FT_INT64, PF_DEC, NOARG, 0, 0, "evt",
	    "return value of an exit event as a number, e.g. -2", bind_res, x_evt_rawres, NULL),
	ROW("evt.failed", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for exit events that returned an error", bind_res, x_evt_failed, NULL),
	ROW("evt.is_io", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for events that read from or write to a file descriptor",
	    NULL, x_evt_is_io, NULL),

	ROW("proc.pid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "process id", NULL, x_proc_pid, NULL),
	ROW("proc.name", FT_CHARBUF, PF_NA, NOARG, 0, 0, "process",
	    "name of the executable (the comm), e.g. 'curl'", NULL, x_proc_name, NULL),
	ROW("proc.ppid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "process id of the parent process", NULL, x_proc_ppid, NULL),
	ROW("proc.aname", FT_CHARBUF, PF_NA, FARG_INDEX, 0, 0, "process",
	    "name of an ancestor: proc.aname[1] is the parent; "
	    "without [N], filters match any ancestor",
	    bind_aname, x_proc_aname, xn_proc_aname),
	ROW("thread.tid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "thread id", NULL, x_thread_tid, NULL),
	ROW("thread.cgroup", FT_CHARBUF, PF_NA, FARG_NAME | FARG_REQUIRED, 0, 0, "process",
	    "cgroup of the thread for one subsystem, e.g. thread.cgroup.cpuacct",
	    NULL, x_thread_cgroup, NULL),

	ROW("user.uid", FT_UINT32, PF_ID, NOARG, 0, 0, "user",
	    "user id", NULL, x_user_uid, NULL),

	ROW("fd.num", FT_INT64, PF_ID, NOARG, 0, 0, "fd",
	    "number of the file descriptor the event is about", NULL, x_fd_num, NULL),
	ROW("fd.type", FT_CHARBUF, PF_NA, NOARG, 0, 0, "fd",
	    "file descriptor type: file, directory, ipv4, ipv6, unix, pipe, event, signalfd, "
	    "eventpoll, inotify, timerfd or netlink", NULL, x_fd_type, NULL),
	ROW("fd.name", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX, "fd",
	    "file descriptor name: a path, a connection tuple, a pipe name...",
	    NULL, x_fd_name, NULL),
	ROW("fd.cip", FT_IPADDR, PF_NA, NOARG, 0, 0, "fd",
	    "client IP address", NULL, x_fd_cip, NULL),
	ROW("fd.sip", FT_IPADDR, PF_NA, NOARG, 0, 0, "fd",
	    "server IP address", NULL, x_fd_sip, NULL),
	ROW("fd.cport", FT_PORT, PF_DEC, NOARG, 0, 0, "fd",
	    "client port", NULL, x_fd_cport, NULL),
	ROW("fd.sport", FT_PORT, PF_DEC, NOARG, 0, 0, "fd",
	    "server port", NULL, x_fd_sport, NULL),
	ROW("fd.ip", FT_IPADDR, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches either end's IP address", bind_multi, NULL, xn_fd_ip),
	ROW("fd.port", FT_PORT, PF_DEC, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches either end's port", bind_multi, NULL, xn_fd_port),
	ROW("fd.net", FT_IPNET, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches either end's IP network, e.g. fd.net=10.0.0.0/8", bind_multi, NULL, xn_fd_ip),
	ROW("fd.snet", FT_IPNET, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches the server's IP network", NULL, x_fd_sip, NULL),
};

size_t field_count(void)
{
	return sizeof(field_table) / sizeof(field_table[0]);
}

const struct field_desc *field_at(size_t i)
{
	return i < field_count() ? &field_table[i] : NULL;
}
