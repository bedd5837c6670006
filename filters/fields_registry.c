/* The field table and its extractors.
 *
 * Each field is one row below plus one small function that reads the event
 * record (struct event), what the state engine established for it (struct
 * evt_ctx: thread, fd, latency) or the state tables.  Extractors return
 * false when the event has no such value; they never allocate. */
#include "fields.h"
#include "fields_internal.h"

#include <stdio.h>
#include <string.h>

#include "event.h"
#include "event_table.h"
#include "param_render.h"
#include "path_resolve.h"
#include "proc_info.h"
#include "state.h"

/* ---- small helpers ---- */

bool has_param(const struct event *ev, int idx)
{
	return idx >= 0 && (uint32_t)idx < ev->nparams && ev->param_len[idx] > 0 && ev->info &&
	       (unsigned)idx < ev->info->nparams_all;
}

uint8_t param_ptype(const struct event *ev, int idx)
{
	return ev->info->params[idx].type;
}

/* Text of a CHARBUF/FSPATH parameter, without its NUL. */
void param_text(const struct event *ev, int idx, struct field_value *out)
{
	const char *p = (const char *)ev->param[idx];
	uint32_t len = ev->param_len[idx];
	const char *nul = memchr(p, 0, len);
	out->str.ptr = p;
	out->str.len = nul ? (uint32_t)(nul - p) : len;
}

void set_str(struct field_value *out, const char *s)
{
	out->str.ptr = s;
	out->str.len = (uint32_t)strlen(s);
}

struct thread *ctx_thread(const struct evt_ctx *ctx)
{
	return ctx && ctx->thread && !ctx->thread->absent ? ctx->thread : NULL;
}

/* The main thread of t's process (t itself for a main thread). */
struct thread *main_thread(struct state *st, struct thread *t)
{
	if (t->tid == t->pid)
		return t;
	return st ? state_find_thread(st, t->pid) : NULL;
}

struct thread *parent_of(struct state *st, struct thread *t)
{
	if (!st || t->ptid == t->tid || t->ptid <= 0)
		return NULL;
	struct thread *p = state_find_thread(st, t->ptid);
	return p ? main_thread(st, p) : NULL;
}

/* Index of the parameter called `name` in the table row of `type`. */
int table_param_index(uint16_t type, const char *name)
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

bool bind_res(struct field_ref *ref, char *err, size_t errlen)
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

bool return_value(const struct event *ev, int64_t *out)
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

/* ---- rendering options and shared text buffers ---- */

static const struct render_opts default_opts = { .buf = BUF_DOTS, .verbose = true };
static const struct render_opts *render_opts_now = &default_opts;

void fields_set_render_opts(const struct render_opts *o)
{
	render_opts_now = o ? o : &default_opts;
}

const struct render_opts *fields_render_opts(void)
{
	return render_opts_now;
}

static struct strbuf text_buffers[FTB_COUNT];

struct strbuf *fields_text_buffer(unsigned which)
{
	return &text_buffers[which < FTB_COUNT ? which : 0];
}

void fields_cleanup(void)
{
	for (unsigned i = 0; i < FTB_COUNT; i++)
		sb_free(&text_buffers[i]);
}

/* What sysdig's evt.arg shows: the resolved form of the parameter when it
 * has one ("<f>/etc/hosts" for fd=3(<f>/etc/hosts), "ENOENT" for
 * res=-2(ENOENT), "O_RDONLY|O_CLOEXEC" for flags), else its value, cut at
 * 80 characters unless -v; a generic event's ID is its syscall's name.
 * The formatter's param_render needs the state; without it the raw
 * rendering is used. */
static size_t render_sysdig(const struct event *ev, unsigned idx, const struct evt_ctx *ctx,
			    struct state *st, char *buf, size_t cap)
{
	struct strbuf *val = fields_text_buffer(FTB_INFO), *res = fields_text_buffer(FTB_RES);
	if (!st || !ctx || !ctx->thread || !has_param(ev, (int)idx) ||
	    param_ptype(ev, (int)idx) == PT_SYSCALLID)
		return field_param_render_raw(ev, idx, ctx, st, buf, cap);
	sb_clear(val);
	param_render(val, res, ev, idx, ctx, st, fields_render_opts());
	const struct strbuf *pick = res->len ? res : val;
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
	/* an empty parameter (a read of 0 bytes) is there, and prints empty.
	 * The parameters newer drivers append to exit events are not
	 * arguments here, as they are not in sysdig 0.29.3 (nor in evt.args). */
	if (idx < 0 || (uint32_t)idx >= ev->nparams || !ev->info ||
	    (unsigned)idx >= ev->info->nparams || !r->scratch)
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
	/* an empty buffer (a read of 0 bytes) is there, and empty */
	if (idx < 0 || (uint32_t)idx >= ev->nparams || ev->info->params[idx].type != PT_BYTEBUF)
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
struct thread *ancestor(struct state *st, struct thread *t, int64_t n)
{
	struct thread *p = t ? main_thread(st, t) : NULL;
	for (int64_t i = 0; p && i < n; i++) {
		if (i >= MAX_ANCESTRY)
			return NULL;
		p = parent_of(st, p);
	}
	return p;
}

static bool x_proc_aname(const struct field_ref *r, const struct event *ev,
			 const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	(void)ev;
	struct thread *a = ancestor(st, ctx_thread(c), r->has_index ? r->index : 1);
	if (!a || !a->comm)
		return false;
	set_str(o, a->placeholder && !a->comm[0] ? "<NA>" : a->comm); /* as proc.name */
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
	set_str(o, a->placeholder && !a->comm[0] ? "<NA>" : a->comm);
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
bool event_has_fd(const struct event *ev)
{
	return ev->info && (ev->info->flags & (EF_USES_FD | EF_CREATES_FD | EF_DESTROYS_FD));
}

const struct fd_entry *event_fd(const struct event *ev, const struct evt_ctx *c)
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
bool join_path(const struct field_ref *r, const char *dir, const char *name,
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

bool null_fd_name(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c,
		  struct state *st, struct field_value *o)
{
	if (!ev->info || event_fd(ev, c))
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

/* sysdig 0.29.3 names the fd of a failed connect by the event's tuple,
 * as if the fd had no entry. */
static bool failed_connect_name(const struct field_ref *r, const struct event *ev,
				const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	if (!ev->info || event_is_enter(ev->type) || ev->info->name[0] != 'c' ||
	    strcmp(ev->info->name, "connect") != 0 ||
	    !r->scratch)
		return false;
	int res = table_param_index(ev->type, "res");
	if (!has_param(ev, res) || event_param_int(ev, (unsigned)res) >= 0)
		return false;
	int idx = table_param_index(ev->type, "tuple");
	if (idx < 0 || (uint32_t)idx >= ev->nparams)
		return false;
	size_t n = param_renderer(ev, (unsigned)idx, c, st, r->scratch, r->scratch_cap);
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)(n < r->scratch_cap ? n : r->scratch_cap - 1);
	return true;
}

bool fd_name_text(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c,
		  struct state *st, struct field_value *o)
{
	if (failed_connect_name(r, ev, c, st, o))
		return true;
	const struct fd_entry *fd = event_fd(ev, c);
	if (fd) {
		set_str(o, fd->name ? fd->name : ""); /* sysdig: every fd has a name, maybe empty */
		return true;
	}
	return null_fd_name(r, ev, c, st, o);
}

static bool x_fd_name(const struct field_ref *r, const struct event *ev,
		      const struct evt_ctx *c, struct state *st, struct field_value *o)
{
	return fd_name_text(r, ev, c, st, o);
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
	if (!fd)
		return false;
	/* a type sysdig has no name for is its "<NA>", a value all the same */
	bool named = fd->type < SCAP_FD_TYPE_MAX && fd_type_names[fd->type];
	set_str(o, named ? fd_type_names[fd->type] : "<NA>");
	return true;
}

/* Socket endpoints.  fd_entry keeps a connection as source (client) and
 * destination (server); a listening socket has only its own address, in
 * the source slot. */

/* need_role: like sysdig, the client/server fields exist only once the
 * socket's role is known; the state engine reports an unknown role as
 * l4proto "n/a" (SCAP_L4_NA).  fd.ip / fd.port / fd.net do not need it. */
bool fd_endpoint(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
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

bool endpoint_ip(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
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

bool endpoint_port(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
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
bool bind_multi(struct field_ref *ref, char *err, size_t errlen)
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

/* ---- the table ----
 * One row per field, grouped by class in the order -l lists them (sysdig's
 * order, so its users find fields where they expect them).  The help
 * strings are what -l, -lv and the man page show. */

#define NOARG FARG_NONE
#define ROW(n, t, f, a, fl, scr, g, h, b, x, xn) \
	{ n, t, f, a, fl, scr, g, h, b, x, xn }
#define TIME_SCRATCH 64
#define LIST_SCRATCH 8192
#define P9 PF_10_PADDED_DEC /* nine-digit, zero-padded nanoseconds */

static const struct field_class field_classes[] = {
	{ "evt-all", "evt", "All event types", "Fields every event has: its number and its time." },
	{ "evt", "evt", "Syscall events only",
	  "Fields of system call events: type, direction, arguments, result, latency. Each "
	  "argument can be read by name or position with evt.arg (evt.arg.fd, evt.arg[0])." },
	{ "process", "process", NULL,
	  "The process and thread that caused the event, from the thread table." },
	{ "user", "user", NULL, "The user the thread runs as." },
	{ "group", "group", NULL, "The group the thread runs as." },
	{ "container", "container", NULL,
	  "The container of the thread: its id from the thread's cgroups, the rest from the "
	  "container metadata events of the capture. Outside containers id, name and type are "
	  "'host' and the others have no value." },
	{ "fd", "fd", NULL,
	  "The file descriptor the event works on: files, sockets, pipes and the rest." },
	{ "fdlist", "fdlist", NULL, "The file descriptors of poll-like events, as comma-separated lists." },
};

size_t field_class_count(void)
{
	return sizeof(field_classes) / sizeof(field_classes[0]);
}

const struct field_class *field_class_at(size_t i)
{
	return i < field_class_count() ? &field_classes[i] : NULL;
}

static const struct field_desc field_table[] = {
	/* evt, all event types */
	ROW("evt.num", FT_UINT64, PF_ID, NOARG, 0, 0, "evt-all",
	    "event number, counting every event read (internal ones too)", NULL, x_evt_num, NULL),
	ROW("evt.time", FT_CHARBUF, PF_NA, NOARG, FF_TIME_TEXT, TIME_SCRATCH, "evt-all",
	    "event time of day in the local time zone, with nanoseconds (17:35:48.514632619)",
	    NULL, x_evt_time, NULL),
	ROW("evt.time.s", FT_CHARBUF, PF_NA, NOARG, FF_TIME_TEXT, TIME_SCRATCH, "evt-all",
	    "event time of day in the local time zone, whole seconds (17:35:48)",
	    NULL, x_evt_time_s, NULL),
	ROW("evt.time.iso8601", FT_CHARBUF, PF_NA, NOARG, FF_TIME_TEXT, TIME_SCRATCH, "evt-all",
	    "event date and time in UTC, ISO 8601 with nanoseconds "
	    "(2018-08-17T17:35:48.514632619+0000)", NULL, x_evt_time_iso8601, NULL),
	ROW("evt.datetime", FT_CHARBUF, PF_NA, NOARG, FF_TIME_TEXT, TIME_SCRATCH, "evt-all",
	    "event date and local time with nanoseconds (2018-08-17 17:35:48.514632619)",
	    NULL, x_evt_datetime, NULL),
	ROW("evt.datetime.s", FT_CHARBUF, PF_NA, NOARG, FF_TIME_TEXT, TIME_SCRATCH, "evt-all",
	    "event date and local time, whole seconds", NULL, x_evt_datetime_s, NULL),
	ROW("evt.rawtime", FT_ABSTIME, PF_DEC, NOARG, 0, 0, "evt-all",
	    "event timestamp in nanoseconds since the epoch", NULL, x_evt_rawtime, NULL),
	ROW("evt.rawtime.s", FT_ABSTIME, PF_DEC, NOARG, 0, 0, "evt-all",
	    "seconds part of evt.rawtime", NULL, x_evt_rawtime_s, NULL),
	ROW("evt.rawtime.ns", FT_ABSTIME, P9, NOARG, 0, 0, "evt-all",
	    "nanoseconds part of evt.rawtime", NULL, x_evt_rawtime_ns, NULL),
	ROW("evt.reltime", FT_RELTIME, P9, NOARG, 0, 0, "evt-all",
	    "nanoseconds since the first event of the capture", NULL, x_evt_reltime, NULL),
	ROW("evt.reltime.s", FT_RELTIME, PF_DEC, NOARG, 0, 0, "evt-all",
	    "seconds part of evt.reltime", NULL, x_evt_reltime_s, NULL),
	ROW("evt.reltime.ns", FT_RELTIME, P9, NOARG, 0, 0, "evt-all",
	    "nanoseconds part of evt.reltime", NULL, x_evt_reltime_ns, NULL),
	ROW("evt.outputtime", FT_CHARBUF, PF_NA, NOARG, FF_HIDDEN | FF_TIME_TEXT, TIME_SCRATCH,
	    "evt-all", "the time column of the default line, as -t asks", NULL, x_evt_outputtime,
	    NULL),

	/* evt, system call events */
	ROW("evt.latency", FT_RELTIME, PF_DEC, NOARG, 0, 0, "evt",
	    "nanoseconds between the enter event and this exit event (0 for enter events)",
	    NULL, x_evt_latency, NULL),
	ROW("evt.latency.s", FT_RELTIME, PF_DEC, NOARG, 0, 0, "evt",
	    "seconds part of evt.latency", NULL, x_evt_latency_s, NULL),
	ROW("evt.latency.ns", FT_RELTIME, P9, NOARG, 0, 0, "evt",
	    "nanoseconds part of evt.latency", NULL, x_evt_latency_ns, NULL),
	ROW("evt.latency.human", FT_CHARBUF, PF_NA, NOARG, 0, 32, "evt",
	    "evt.latency for people: 835ns, 1.59us, 16us, 1.37ms", NULL, x_evt_latency_human,
	    NULL),
	ROW("evt.deltatime", FT_RELTIME, PF_DEC, NOARG, 0, 0, "evt",
	    "nanoseconds since the previous event (internal events do not count)",
	    NULL, x_evt_deltatime, NULL),
	ROW("evt.deltatime.s", FT_RELTIME, PF_DEC, NOARG, 0, 0, "evt",
	    "seconds part of evt.deltatime", NULL, x_evt_deltatime_s, NULL),
	ROW("evt.deltatime.ns", FT_RELTIME, P9, NOARG, 0, 0, "evt",
	    "nanoseconds part of evt.deltatime", NULL, x_evt_deltatime_ns, NULL),
	ROW("evt.dir", FT_CHARBUF, PF_NA, NOARG, 0, 0, "evt",
	    "direction: '>' for an enter event, '<' for an exit event", NULL, x_evt_dir, NULL),
	ROW("evt.type", FT_CHARBUF, PF_NA, NOARG, FF_EVENT_TYPE, 0, "evt",
	    "event name, e.g. 'open'; generic events show their system call's name",
	    NULL, x_evt_type, NULL),
	ROW("evt.type.is", FT_UINT32, PF_DEC, FARG_NAME | FARG_REQUIRED, 0, 0, "evt",
	    "1 if the event is of the type named (evt.type.is.open) or numbered "
	    "(evt.type.is.3), else 0", bind_type_is, x_evt_type_is, NULL),
	ROW("syscall.type", FT_CHARBUF, PF_NA, NOARG, 0, 0, "evt",
	    "like evt.type, but only for system calls: missing for scheduler switches and "
	    "internal events", NULL, x_syscall_type, NULL),
	ROW("evt.category", FT_CHARBUF, PF_NA, NOARG, 0, 0, "evt",
	    "kind of event: file, net, IPC, memory, process, sleep, system, signal, user, time, "
	    "wait, scheduler, other or unknown; reads and writes take the kind of their fd "
	    "(file, net, ipc)", NULL, x_evt_category, NULL),
	ROW("evt.cpu", FT_INT16, PF_DEC, NOARG, 0, 0, "evt",
	    "CPU the event happened on", NULL, x_evt_cpu, NULL),
	ROW("evt.args", FT_CHARBUF, PF_NA, NOARG, 0, 0, "evt",
	    "every argument as name=value, each followed by a blank", NULL, x_evt_args, NULL),
	ROW("evt.arg", FT_CHARBUF, PF_NA, FARG_NAME | FARG_INDEX | FARG_REQUIRED, 0, 4096, "evt",
	    "one event argument as text, by name (evt.arg.fd) or position (evt.arg[0]); fds, "
	    "errors and flags show their resolved form (<f>/etc/hosts, ENOENT, O_RDONLY)",
	    bind_evt_arg, x_evt_arg, NULL),
	ROW("evt.rawarg", FT_DYNAMIC, PF_NA, FARG_NAME | FARG_REQUIRED, 0, 0, "evt",
	    "one event argument with its own type, by name, e.g. evt.rawarg.res < 0",
	    bind_evt_rawarg, x_evt_rawarg, NULL),
	ROW("evt.info", FT_CHARBUF, PF_NA, NOARG, 0, 0, "evt",
	    "the arguments as the default line shows them (the same as evt.args)",
	    NULL, x_evt_info, NULL),
	ROW("evt.buffer", FT_BYTEBUF, PF_NA, NOARG, FF_SHOWN_BYTES, 0, "evt",
	    "the data buffer of an I/O event; in filters, search it with contains",
	    NULL, x_evt_buffer, NULL),
	ROW("evt.buflen", FT_UINT64, PF_DEC, NOARG, 0, 0, "evt",
	    "bytes an I/O call moved (its return value on exit)", bind_res, x_evt_buflen, NULL),
	ROW("evt.res", FT_CHARBUF, PF_NA, NOARG, 0, 32, "evt",
	    "result of an exit event: SUCCESS, or the error's name (ENOENT)",
	    bind_res, x_evt_res, NULL),
	ROW("evt.rawres", FT_INT64, PF_DEC, NOARG, 0, 0, "evt",
	    "return value of an exit event as a number, e.g. -2", bind_res, x_evt_rawres, NULL),
	ROW("evt.failed", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for exit events that returned an error", bind_res, x_evt_failed, NULL),
	ROW("evt.is_io", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for events that read from or write to a file descriptor",
	    NULL, x_evt_is_io, NULL),
	ROW("evt.is_io_read", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for events that read from a file descriptor", NULL, x_evt_is_io_read, NULL),
	ROW("evt.is_io_write", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for events that write to a file descriptor", NULL, x_evt_is_io_write, NULL),
	ROW("evt.io_dir", FT_CHARBUF, PF_NA, NOARG, 0, 0, "evt",
	    "'read' or 'write' for I/O events", NULL, x_evt_io_dir, NULL),
	ROW("evt.is_wait", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for calls that wait: poll, select, epoll_wait, nanosleep", NULL, x_evt_is_wait,
	    NULL),
	ROW("evt.wait_latency", FT_RELTIME, PF_DEC, NOARG, 0, 0, "evt",
	    "for the exit of a waiting call, the nanoseconds it waited", NULL, x_evt_wait_latency,
	    NULL),
	ROW("evt.is_syslog", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for writes to /dev/log", NULL, x_evt_is_syslog, NULL),
	ROW("evt.count", FT_UINT32, PF_DEC, NOARG, 0, 0, "evt",
	    "always 1: sums count events", NULL, x_evt_count, NULL),
	ROW("evt.count.error", FT_UINT32, PF_DEC, NOARG, 0, 0, "evt",
	    "1 for exit events that failed, missing otherwise", bind_res, x_evt_count_error, NULL),
	ROW("evt.count.error.file", FT_UINT32, PF_DEC, NOARG, 0, 0, "evt",
	    "1 for failed file events", bind_res, x_evt_count_error_file, NULL),
	ROW("evt.count.error.net", FT_UINT32, PF_DEC, NOARG, 0, 0, "evt",
	    "1 for failed network events", bind_res, x_evt_count_error_net, NULL),
	ROW("evt.count.error.memory", FT_UINT32, PF_DEC, NOARG, 0, 0, "evt",
	    "1 for failed memory events", bind_res, x_evt_count_error_memory, NULL),
	ROW("evt.count.error.other", FT_UINT32, PF_DEC, NOARG, 0, 0, "evt",
	    "1 for failed events that are not about files, network or memory",
	    bind_res, x_evt_count_error_other, NULL),
	ROW("evt.count.exit", FT_UINT32, PF_DEC, NOARG, 0, 0, "evt",
	    "1 for exit events, missing for enter events", NULL, x_evt_count_exit, NULL),
	ROW("evt.abspath", FT_CHARBUF, PF_NA, FARG_NAME, 0, PATH_OUT_MAX, "evt",
	    "absolute path an *at() call names, from its dirfd and path; evt.abspath.src and "
	    "evt.abspath.dst for calls with two paths (renameat, linkat, symlinkat)",
	    bind_abspath, x_evt_abspath, NULL),
	ROW("evt.is_open_read", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for opens of a path for reading", NULL, x_evt_is_open_read, NULL),
	ROW("evt.is_open_write", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for opens of a path for writing", NULL, x_evt_is_open_write, NULL),
	ROW("evt.is_open_exec", FT_BOOL, PF_NA, NOARG, 0, 0, "evt",
	    "true for opens or creats that create a file with an execute permission bit",
	    NULL, x_evt_is_open_exec, NULL),

	/* process and thread */
	ROW("proc.pid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "process id", NULL, x_proc_pid, NULL),
	ROW("proc.exe", FT_CHARBUF, PF_NA, NOARG, 0, 0, "process",
	    "first command-line argument (argv[0]), usually the program as it was started",
	    NULL, x_proc_exe, NULL),
	ROW("proc.name", FT_CHARBUF, PF_NA, NOARG, 0, 0, "process",
	    "name of the executable (the comm), e.g. 'curl'", NULL, x_proc_name, NULL),
	ROW("proc.args", FT_CHARBUF, PF_NA, NOARG, 0, LIST_SCRATCH, "process",
	    "command-line arguments after argv[0], joined by blanks", NULL, x_proc_args, NULL),
	ROW("proc.env", FT_CHARBUF, PF_NA, NOARG, 0, LIST_SCRATCH, "process",
	    "environment variables, joined by blanks", NULL, x_proc_env, NULL),
	ROW("proc.cmdline", FT_CHARBUF, PF_NA, NOARG, 0, LIST_SCRATCH, "process",
	    "proc.name followed by proc.args", NULL, x_proc_cmdline, NULL),
	ROW("proc.exeline", FT_CHARBUF, PF_NA, NOARG, 0, LIST_SCRATCH, "process",
	    "proc.exe followed by proc.args", NULL, x_proc_exeline, NULL),
	ROW("proc.cwd", FT_CHARBUF, PF_NA, NOARG, 0, 0, "process",
	    "working directory", NULL, x_proc_cwd, NULL),
	ROW("proc.nthreads", FT_UINT32, PF_DEC, NOARG, 0, 0, "process",
	    "threads the process has, the main one included", NULL, x_proc_nthreads, NULL),
	ROW("proc.nchilds", FT_UINT32, PF_DEC, NOARG, 0, 0, "process",
	    "threads the process has besides the main one", NULL, x_proc_nchilds, NULL),
	ROW("proc.ppid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "process id of the parent process", NULL, x_proc_ppid, NULL),
	ROW("proc.pname", FT_CHARBUF, PF_NA, NOARG, 0, 0, "process",
	    "name of the parent process", NULL, x_proc_pname, NULL),
	ROW("proc.pcmdline", FT_CHARBUF, PF_NA, NOARG, 0, LIST_SCRATCH, "process",
	    "command line (name and arguments) of the parent process", NULL, x_proc_pcmdline,
	    NULL),
	ROW("proc.apid", FT_INT64, PF_ID, FARG_INDEX, 0, 0, "process",
	    "pid of an ancestor: proc.apid[1] is the parent, [2] the grandparent, [0] the "
	    "process itself; without [N], filters match any ancestor and -p shows [0]",
	    bind_ancestor, x_proc_apid, xn_proc_apid),
	ROW("proc.aname", FT_CHARBUF, PF_NA, FARG_INDEX, 0, 0, "process",
	    "name of an ancestor: proc.aname[1] is the parent; "
	    "without [N], filters match any ancestor and -p shows [0]",
	    bind_ancestor, x_proc_aname, xn_proc_aname),
	ROW("proc.loginshellid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "pid of the eldest shell among the process and its ancestors: one id per login "
	    "session", NULL, x_proc_loginshellid, NULL),
	ROW("proc.duration", FT_RELTIME, PF_DEC, NOARG, 0, 0, "process",
	    "nanoseconds since the process was created (missing if that was before the capture)",
	    NULL, x_proc_duration, NULL),
	ROW("proc.fdopencount", FT_UINT64, PF_DEC, NOARG, 0, 0, "process",
	    "file descriptors the process has open", NULL, x_proc_fdopencount, NULL),
	ROW("proc.fdlimit", FT_INT64, PF_DEC, NOARG, 0, 0, "process",
	    "most file descriptors the process may open", NULL, x_proc_fdlimit, NULL),
	ROW("proc.fdusage", FT_DOUBLE, PF_NA, NOARG, 0, 0, "process",
	    "open file descriptors as a percentage of the limit", NULL, x_proc_fdusage, NULL),
	ROW("proc.vmsize", FT_UINT64, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "virtual memory of the process, in KiB", NULL, x_proc_vmsize, NULL),
	ROW("proc.vmrss", FT_UINT64, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "resident memory of the process, in KiB", NULL, x_proc_vmrss, NULL),
	ROW("proc.vmswap", FT_UINT64, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "swapped-out memory of the process, in KiB", NULL, x_proc_vmswap, NULL),
	ROW("thread.pfmajor", FT_UINT64, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "major page faults of the thread", NULL, x_thread_pfmajor, NULL),
	ROW("thread.pfminor", FT_UINT64, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "minor page faults of the thread", NULL, x_thread_pfminor, NULL),
	ROW("thread.tid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "thread id", NULL, x_thread_tid, NULL),
	ROW("thread.ismain", FT_BOOL, PF_NA, NOARG, 0, 0, "process",
	    "true for the main thread of its process", NULL, x_thread_ismain, NULL),
	ROW("thread.exectime", FT_RELTIME, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "on a switch, the CPU time of the thread switched out, in nanoseconds (since the "
	    "previous switch on that CPU); 0 on other events", NULL, x_thread_exectime, NULL),
	ROW("thread.totexectime", FT_RELTIME, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "the thread's CPU time since the capture began, in nanoseconds, summed over its "
	    "switches", NULL, x_thread_totexectime, NULL),
	ROW("thread.cgroups", FT_CHARBUF, PF_NA, NOARG, 0, LIST_SCRATCH, "process",
	    "every cgroup of the thread as subsystem=path, joined by blanks",
	    NULL, x_thread_cgroups, NULL),
	ROW("thread.cgroup", FT_CHARBUF, PF_NA, FARG_NAME | FARG_REQUIRED, 0, 0, "process",
	    "cgroup of the thread for one subsystem, e.g. thread.cgroup.cpuacct",
	    NULL, x_thread_cgroup, NULL),
	ROW("thread.vtid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "thread id inside its pid namespace", NULL, x_thread_vtid, NULL),
	ROW("proc.vpid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "process id inside its pid namespace", NULL, x_proc_vpid, NULL),
	ROW("thread.cpu", FT_DOUBLE, PF_NA, NOARG, 0, 0, "process",
	    "on a procinfo event, the CPU the thread used in the last second, in percent",
	    NULL, x_thread_cpu, NULL),
	ROW("thread.cpu.user", FT_DOUBLE, PF_NA, NOARG, 0, 0, "process",
	    "on a procinfo event, the user CPU the thread used in the last second, in percent",
	    NULL, x_thread_cpu, NULL),
	ROW("thread.cpu.system", FT_DOUBLE, PF_NA, NOARG, 0, 0, "process",
	    "on a procinfo event, the system CPU the thread used in the last second, in percent",
	    NULL, x_thread_cpu, NULL),
	ROW("thread.vmsize", FT_UINT64, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "proc.vmsize on the main thread, 0 on the others", NULL, x_thread_vmsize, NULL),
	ROW("thread.vmrss", FT_UINT64, PF_DEC, NOARG, FF_MEMORY, 0, "process",
	    "proc.vmrss on the main thread, 0 on the others", NULL, x_thread_vmrss, NULL),
	ROW("proc.sid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "session id", NULL, x_proc_sid, NULL),
	ROW("proc.sname", FT_CHARBUF, PF_NA, NOARG, 0, 0, "process",
	    "name of the session leader: the process whose pid is proc.sid, else the eldest "
	    "ancestor in the same session", NULL, x_proc_sname, NULL),
	ROW("proc.exepath", FT_CHARBUF, PF_NA, NOARG, 0, 0, "process",
	    "full path of the executable (empty in older captures)", NULL, x_proc_exepath, NULL),
	ROW("proc.vpgid", FT_INT64, PF_ID, NOARG, 0, 0, "process",
	    "process group id inside its pid namespace", NULL, x_proc_vpgid, NULL),
	ROW("proc.is_container_healthcheck", FT_BOOL, PF_NA, NOARG, 0, 0, "process",
	    "true when the process, or an ancestor in its container, runs the container's "
	    "health check", NULL, x_proc_is_healthcheck, NULL),
	ROW("proc.is_container_liveness_probe", FT_BOOL, PF_NA, NOARG, 0, 0, "process",
	    "true when the process runs the container's liveness probe", NULL,
	    x_proc_is_liveness, NULL),
	ROW("proc.is_container_readiness_probe", FT_BOOL, PF_NA, NOARG, 0, 0, "process",
	    "true when the process runs the container's readiness probe", NULL,
	    x_proc_is_readiness, NULL),

	/* user and group */
	ROW("user.uid", FT_UINT32, PF_ID, NOARG, 0, 0, "user",
	    "user id", NULL, x_user_uid, NULL),
	ROW("user.name", FT_CHARBUF, PF_NA, NOARG, 0, 0, "user",
	    "user name, from the capture's user list", NULL, x_user_name, NULL),
	ROW("user.homedir", FT_CHARBUF, PF_NA, NOARG, 0, 0, "user",
	    "home directory of the user, from the capture's user list", NULL, x_user_homedir,
	    NULL),
	ROW("user.shell", FT_CHARBUF, PF_NA, NOARG, 0, 0, "user",
	    "login shell of the user, from the capture's user list", NULL, x_user_shell, NULL),
	ROW("user.loginuid", FT_INT32, PF_ID, NOARG, 0, 0, "user",
	    "audit user id, the user who logged in (-1 if none)", NULL, x_user_loginuid, NULL),
	ROW("user.loginname", FT_CHARBUF, PF_NA, NOARG, 0, 0, "user",
	    "name of the audit user", NULL, x_user_loginname, NULL),
	ROW("group.gid", FT_UINT64, PF_ID, NOARG, 0, 0, "group",
	    "group id", NULL, x_group_gid, NULL),
	ROW("group.name", FT_CHARBUF, PF_NA, NOARG, 0, 0, "group",
	    "group name, from the capture's group list", NULL, x_group_name, NULL),

	/* container */
	ROW("container.id", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "first 12 characters of the container id found in the thread's cgroups (docker, "
	    "cri-o, containerd, podman, kubepods), or 'host'", NULL, x_container_id, NULL),
	ROW("container.name", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "the container's name ('host' outside containers; no value without metadata)",
	    NULL, x_container_name, NULL),
	ROW("container.image", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "the image the container runs (e.g. nginx, or falcosecurity/falco:latest)",
	    NULL, x_container_image, NULL),
	ROW("container.image.id", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "the image's id", NULL, x_container_image_id, NULL),
	ROW("container.type", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "the runtime: docker, cri-o, containerd, ...; 'host' outside containers",
	    NULL, x_container_type, NULL),
	ROW("container.privileged", FT_BOOL, PF_NA, NOARG, 0, 0, "container",
	    "true for a privileged container", NULL, x_container_privileged, NULL),
	ROW("container.mounts", FT_CHARBUF, PF_NA, NOARG, 0, LIST_SCRATCH, "container",
	    "every mount, blank-separated, each as source:dest:mode:rdwr:propagation",
	    NULL, x_container_mounts, NULL),
	ROW("container.mount", FT_CHARBUF, PF_NA, FARG_INDEX | FARG_BRACKET | FARG_REQUIRED, 0, 2 * PATH_OUT_MAX,
	    "container",
	    "one mount, by position (container.mount[0]) or by its source, a glob "
	    "(container.mount[/usr/local/*])", NULL, x_container_mount, NULL),
	ROW("container.mount.source", FT_CHARBUF, PF_NA, FARG_INDEX | FARG_BRACKET | FARG_REQUIRED, 0, 0,
	    "container", "a mount's source, by position or by its destination (a glob)",
	    NULL, x_container_mount_source, NULL),
	ROW("container.mount.dest", FT_CHARBUF, PF_NA, FARG_INDEX | FARG_BRACKET | FARG_REQUIRED, 0, 0, "container",
	    "a mount's destination, by position or by its source (a glob)",
	    NULL, x_container_mount_dest, NULL),
	ROW("container.mount.mode", FT_CHARBUF, PF_NA, FARG_INDEX | FARG_BRACKET | FARG_REQUIRED, 0, 0, "container",
	    "a mount's mode, by position or by its source (a glob)",
	    NULL, x_container_mount_mode, NULL),
	ROW("container.mount.rdwr", FT_CHARBUF, PF_NA, FARG_INDEX | FARG_BRACKET | FARG_REQUIRED, 0, 0, "container",
	    "whether a mount is writable (true or false), by position or by its source",
	    NULL, x_container_mount_rdwr, NULL),
	ROW("container.mount.propagation", FT_CHARBUF, PF_NA, FARG_INDEX | FARG_BRACKET | FARG_REQUIRED, 0, 0,
	    "container", "a mount's propagation, by position or by its source (a glob)",
	    NULL, x_container_mount_propagation, NULL),
	ROW("container.image.repository", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "the image's repository (e.g. falcosecurity/falco)", NULL, x_container_image_repo,
	    NULL),
	ROW("container.image.tag", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "the image's tag (e.g. latest)", NULL, x_container_image_tag, NULL),
	ROW("container.image.digest", FT_CHARBUF, PF_NA, NOARG, 0, 0, "container",
	    "the image's registry digest (sha256:...)", NULL, x_container_image_digest, NULL),
	ROW("container.healthcheck", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX, "container",
	    "the container's health check command, or NONE", NULL, x_container_healthcheck,
	    NULL),
	ROW("container.liveness_probe", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX, "container",
	    "the container's liveness probe command, or NONE", NULL, x_container_liveness, NULL),
	ROW("container.readiness_probe", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX, "container",
	    "the container's readiness probe command, or NONE", NULL, x_container_readiness,
	    NULL),

	/* fd */
	ROW("fd.num", FT_INT64, PF_ID, NOARG, 0, 0, "fd",
	    "number of the file descriptor the event is about", NULL, x_fd_num, NULL),
	ROW("fd.type", FT_CHARBUF, PF_NA, NOARG, 0, 0, "fd",
	    "file descriptor type: file, directory, ipv4, ipv6, unix, pipe, event, signalfd, "
	    "eventpoll, inotify, timerfd or netlink", NULL, x_fd_type, NULL),
	ROW("fd.typechar", FT_CHARBUF, PF_NA, NOARG, 0, 2, "fd",
	    "fd.type as one letter: f d 4 6 u p e s l i t n, o for others",
	    NULL, x_fd_typechar, NULL),
	ROW("fd.name", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX, "fd",
	    "file descriptor name: a path, a connection tuple, a pipe name...",
	    NULL, x_fd_name, NULL),
	ROW("fd.directory", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX, "fd",
	    "for files, the directory of fd.name; for directories, fd.name",
	    NULL, x_fd_directory, NULL),
	ROW("fd.filename", FT_CHARBUF, PF_NA, NOARG, 0, 0, "fd",
	    "for files, the last component of fd.name", NULL, x_fd_filename, NULL),
	ROW("fd.ip", FT_IPADDR, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches either end's IP address", bind_multi, NULL, xn_fd_ip),
	ROW("fd.cip", FT_IPADDR, PF_NA, NOARG, 0, 0, "fd",
	    "client IP address", NULL, x_fd_cip, NULL),
	ROW("fd.sip", FT_IPADDR, PF_NA, NOARG, 0, 0, "fd",
	    "server IP address", NULL, x_fd_sip, NULL),
	ROW("fd.lip", FT_IPADDR, PF_NA, NOARG, 0, 0, "fd",
	    "local IP address (the server's on a server socket, else the client's)",
	    NULL, x_fd_lip, NULL),
	ROW("fd.rip", FT_IPADDR, PF_NA, NOARG, 0, 0, "fd",
	    "remote IP address", NULL, x_fd_rip, NULL),
	ROW("fd.port", FT_PORT, PF_DEC, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches either end's port", bind_multi, NULL, xn_fd_port),
	ROW("fd.cport", FT_PORT, PF_DEC, NOARG, 0, 0, "fd",
	    "client port", NULL, x_fd_cport, NULL),
	ROW("fd.sport", FT_PORT, PF_DEC, NOARG, 0, 0, "fd",
	    "server port", NULL, x_fd_sport, NULL),
	ROW("fd.lport", FT_PORT, PF_DEC, NOARG, 0, 0, "fd",
	    "local port", NULL, x_fd_lport, NULL),
	ROW("fd.rport", FT_PORT, PF_DEC, NOARG, 0, 0, "fd",
	    "remote port", NULL, x_fd_rport, NULL),
	ROW("fd.l4proto", FT_CHARBUF, PF_NA, NOARG, 0, 0, "fd",
	    "transport protocol of a socket: tcp, udp, icmp or raw", NULL, x_fd_l4proto, NULL),
	ROW("fd.sockfamily", FT_CHARBUF, PF_NA, NOARG, 0, 0, "fd",
	    "socket family: ip or unix", NULL, x_fd_sockfamily, NULL),
	ROW("fd.is_server", FT_BOOL, PF_NA, NOARG, 0, 0, "fd",
	    "true for sockets on the server side of a connection", NULL, x_fd_is_server, NULL),
	ROW("fd.uid", FT_CHARBUF, PF_NA, NOARG, 0, 48, "fd",
	    "thread id and fd number written together, unique per open fd", NULL, x_fd_uid, NULL),
	ROW("fd.containername", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX + 16, "fd",
	    "container id, ':' and fd.name (the id is empty on the host)",
	    NULL, x_fd_containername, NULL),
	ROW("fd.containerdirectory", FT_CHARBUF, PF_NA, NOARG, 0, PATH_OUT_MAX + 16, "fd",
	    "container id, ':' and fd.directory (the id is empty on the host)",
	    NULL, x_fd_containerdirectory, NULL),
	ROW("fd.proto", FT_PORT, PF_DEC, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches either end's port number",
	    bind_multi, NULL, xn_fd_port),
	ROW("fd.cproto", FT_CHARBUF, PF_NA, NOARG, 0, 32, "fd",
	    "client port as text: its service name with -R, else the number", NULL,
	    x_fd_cproto, NULL),
	ROW("fd.sproto", FT_CHARBUF, PF_NA, NOARG, 0, 32, "fd",
	    "server port as text: its service name with -R, else the number", NULL,
	    x_fd_sproto, NULL),
	ROW("fd.lproto", FT_CHARBUF, PF_NA, NOARG, 0, 32, "fd",
	    "local port as text: its service name with -R, else the number", NULL,
	    x_fd_lproto, NULL),
	ROW("fd.rproto", FT_CHARBUF, PF_NA, NOARG, 0, 32, "fd",
	    "remote port as text: its service name with -R, else the number", NULL,
	    x_fd_rproto, NULL),
	ROW("fd.net", FT_IPNET, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches either end's IP network, e.g. fd.net=10.0.0.0/8", bind_multi, NULL, xn_fd_ip),
	ROW("fd.cnet", FT_IPNET, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches the client's IP network", NULL, x_fd_cnet, NULL),
	ROW("fd.snet", FT_IPNET, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches the server's IP network", NULL, x_fd_sip, NULL),
	ROW("fd.lnet", FT_IPNET, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches the local IP network", NULL, x_fd_lnet, NULL),
	ROW("fd.rnet", FT_IPNET, PF_NA, NOARG, FF_FILTER_ONLY, 0, "fd",
	    "matches the remote IP network", NULL, x_fd_rnet, NULL),
	ROW("fd.dev", FT_INT32, PF_HEX, NOARG, 0, 0, "fd",
	    "device of the file, in hex (0 when the capture did not record it)",
	    NULL, x_fd_dev, NULL),
	ROW("fd.dev.major", FT_INT32, PF_DEC, NOARG, 0, 0, "fd",
	    "major number of fd.dev", NULL, x_fd_dev_major, NULL),
	ROW("fd.dev.minor", FT_INT32, PF_DEC, NOARG, 0, 0, "fd",
	    "minor number of fd.dev", NULL, x_fd_dev_minor, NULL),

	/* fdlist */
	ROW("fdlist.nums", FT_CHARBUF, PF_NA, NOARG, 0, 1024, "fdlist",
	    "numbers of the fds of a poll-like call", NULL, x_fdlist_nums, NULL),
	ROW("fdlist.names", FT_CHARBUF, PF_NA, NOARG, 0, 4096, "fdlist",
	    "names of the fds of a poll-like call", NULL, x_fdlist_names, NULL),
	ROW("fdlist.cips", FT_CHARBUF, PF_NA, NOARG, 0, 2048, "fdlist",
	    "client IP addresses of the socket fds of a poll-like call", NULL, x_fdlist_cips, NULL),
	ROW("fdlist.sips", FT_CHARBUF, PF_NA, NOARG, 0, 2048, "fdlist",
	    "server IP addresses of the socket fds of a poll-like call", NULL, x_fdlist_sips, NULL),
	ROW("fdlist.cports", FT_CHARBUF, PF_NA, NOARG, 0, 1024, "fdlist",
	    "client ports of the socket fds of a poll-like call", NULL, x_fdlist_cports, NULL),
	ROW("fdlist.sports", FT_CHARBUF, PF_NA, NOARG, 0, 1024, "fdlist",
	    "server ports of the socket fds of a poll-like call", NULL, x_fdlist_sports, NULL),
};

size_t field_count(void)
{
	return sizeof(field_table) / sizeof(field_table[0]);
}

const struct field_desc *field_at(size_t i)
{
	return i < field_count() ? &field_table[i] : NULL;
}
