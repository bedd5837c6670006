/* evt.* extractors beyond the core ones in fields_registry.c: times,
 * rendered arguments, results, I/O classification and counters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event_table.h"
#include "fields_internal.h"
#include "path_resolve.h"

#define NS_PER_SEC 1000000000ull

/* ---- times ---- */

/* Text times are written into the reference's scratch (32+ bytes). */
static bool put_scratch(const struct field_ref *r, struct field_value *o, int n)
{
	if (n < 0 || !r->scratch || (uint32_t)n >= r->scratch_cap)
		return false;
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n;
	return true;
}

static bool broken_down(uint64_t ts, bool utc, struct tm *tm)
{
	time_t t = (time_t)(ts / NS_PER_SEC);
	return utc ? gmtime_r(&t, tm) != NULL : localtime_r(&t, tm) != NULL;
}

/* strftime of the event time, then ".nnnnnnnnn" when with_ns. */
static bool time_text(const struct field_ref *r, const struct event *ev, const char *fmt,
		      bool utc, bool with_ns, const char *suffix, struct field_value *o)
{
	struct tm tm;
	if (!r->scratch || !broken_down(ev->ts, utc, &tm))
		return false;
	size_t n = strftime(r->scratch, r->scratch_cap, fmt, &tm);
	if (n == 0)
		return false;
	int m = 0;
	if (with_ns)
		m = snprintf(r->scratch + n, r->scratch_cap - n, ".%09llu%s",
			     (unsigned long long)(ev->ts % NS_PER_SEC), suffix);
	return put_scratch(r, o, (int)n + m);
}

FIELD_X(x_evt_time)
{
	(void)c; (void)st;
	return time_text(r, ev, "%H:%M:%S", false, true, "", o);
}

FIELD_X(x_evt_time_s)
{
	(void)c; (void)st;
	return time_text(r, ev, "%H:%M:%S", false, false, "", o);
}

FIELD_X(x_evt_time_iso8601)
{
	(void)c; (void)st;
	return time_text(r, ev, "%Y-%m-%dT%H:%M:%S", true, true, "+0000", o);
}

FIELD_X(x_evt_datetime)
{
	(void)c; (void)st;
	return time_text(r, ev, "%Y-%m-%d %H:%M:%S", false, true, "", o);
}

FIELD_X(x_evt_datetime_s)
{
	(void)c; (void)st;
	return time_text(r, ev, "%Y-%m-%d %H:%M:%S", false, false, "", o);
}

/* For filters, evt.outputtime is the default (-t h) column; the formatter
 * prints it according to -t itself. */
FIELD_X(x_evt_outputtime)
{
	return x_evt_time(r, ev, c, st, o);
}

FIELD_X(x_evt_rawtime_s)
{
	(void)r; (void)c; (void)st;
	o->u = ev->ts / NS_PER_SEC;
	return true;
}

FIELD_X(x_evt_rawtime_ns)
{
	(void)r; (void)c; (void)st;
	o->u = ev->ts % NS_PER_SEC;
	return true;
}

static uint64_t reltime(const struct event *ev, struct state *st)
{
	uint64_t first = st ? state_first_ts(st) : ev->ts;
	return ev->ts >= first ? ev->ts - first : 0;
}

FIELD_X(x_evt_reltime)
{
	(void)r; (void)c;
	o->u = reltime(ev, st);
	return true;
}

FIELD_X(x_evt_reltime_s)
{
	(void)r; (void)c;
	o->u = reltime(ev, st) / NS_PER_SEC;
	return true;
}

FIELD_X(x_evt_reltime_ns)
{
	(void)r; (void)c;
	o->u = reltime(ev, st) % NS_PER_SEC;
	return true;
}

/* sysdig reports the thread's last latency: a context switch inside a call
 * repeats that of the call before. */
static uint64_t latency(const struct evt_ctx *c)
{
	return c && c->thread ? c->thread->latency : c ? c->latency : 0;
}

FIELD_X(x_evt_latency_s)
{
	(void)r; (void)ev; (void)st;
	o->u = latency(c) / NS_PER_SEC;
	return true;
}

FIELD_X(x_evt_latency_ns)
{
	(void)r; (void)ev; (void)st;
	o->u = latency(c) % NS_PER_SEC;
	return true;
}

/* A duration the way sysdig shows it to people: the largest unit that
 * keeps the number at least 1, two decimals below 10 and none above,
 * digits cut rather than rounded ("1.58us" for 1589 ns, "15us"). */
static int human_duration(char *buf, size_t cap, uint64_t ns)
{
	static const struct {
		uint64_t div;
		const char *unit;
	} units[] = { { 1000000000ull, "s" }, { 1000000ull, "ms" }, { 1000ull, "us" } };
	if (ns >= 60 * NS_PER_SEC) {
		uint64_t s = ns / NS_PER_SEC;
		return snprintf(buf, cap, "%llu:%02llu:%02llu", (unsigned long long)(s / 3600),
				(unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint64_t d = units[i].div;
		if (ns < d)
			continue;
		if (ns / d >= 10)
			return snprintf(buf, cap, "%llu%s", (unsigned long long)(ns / d), units[i].unit);
		uint64_t hundredths = ns / (d / 100);
		return snprintf(buf, cap, "%llu.%02llu%s", (unsigned long long)(hundredths / 100),
				(unsigned long long)(hundredths % 100), units[i].unit);
	}
	return snprintf(buf, cap, "%lluns", (unsigned long long)ns);
}

FIELD_X(x_evt_latency_human)
{
	(void)ev; (void)st;
	if (!r->scratch)
		return false;
	return put_scratch(r, o, human_duration(r->scratch, r->scratch_cap, latency(c)));
}

FIELD_X(x_evt_deltatime)
{
	(void)r; (void)ev; (void)st;
	o->u = c ? c->deltatime : 0;
	return true;
}

FIELD_X(x_evt_deltatime_s)
{
	(void)r; (void)ev; (void)st;
	o->u = (c ? c->deltatime : 0) / NS_PER_SEC;
	return true;
}

FIELD_X(x_evt_deltatime_ns)
{
	(void)r; (void)ev; (void)st;
	o->u = (c ? c->deltatime : 0) % NS_PER_SEC;
	return true;
}

/* ---- type and category ---- */

/* evt.type.is.NAME (or .NUMBER, an event type id): the name is checked
 * against the event table once, here. */
bool bind_type_is(struct field_ref *ref, char *err, size_t errlen)
{
	const char *n = ref->name;
	char *end;
	long id = strtol(n, &end, 10);
	if (*n && !*end) {
		if (id < 0 || id >= EVENT_TYPE_MAX) {
			snprintf(err, errlen, "event type number %s is out of range (0-%d)", n,
				 EVENT_TYPE_MAX - 1);
			return false;
		}
		ref->aux = (int32_t)id;
		return true;
	}
	ref->aux = -1;
	for (unsigned t = 0; t < EVENT_TYPE_MAX; t++)
		if (event_table[t].name && strcmp(event_table[t].name, n) == 0)
			return true;
	for (unsigned sc = 0; sc < PPM_SC_MAX; sc++) {
		const char *name = ppm_sc_name((uint16_t)sc);
		if (name && strcmp(name, n) == 0)
			return true;
	}
	snprintf(err, errlen, "unknown event type '%s'", n);
	return false;
}

FIELD_X(x_evt_type_is)
{
	(void)c; (void)st;
	if (r->aux >= 0)
		o->u = ev->type == (uint16_t)r->aux;
	else
		o->u = ev->info && strcmp(event_type_name(ev), r->name) == 0;
	return true;
}

/* Unset for scheduler switches and internal or plugin events. */
FIELD_X(x_syscall_type)
{
	(void)r; (void)c; (void)st;
	if (!ev->info || (ev->info->category & (EC_INTERNAL | EC_PLUGIN)) ||
	    (ev->info->category & EC_BASE_MASK) == EC_SCHEDULER)
		return false;
	set_str(o, event_type_name(ev));
	return true;
}

static const char *const category_names[] = {
	[EC_UNKNOWN] = "unknown", [EC_OTHER] = "other",     [EC_FILE] = "file",
	[EC_NET] = "net",         [EC_IPC] = "IPC",         [EC_MEMORY] = "memory",
	[EC_PROCESS] = "process", [EC_SLEEP] = "sleep",     [EC_SYSTEM] = "system",
	[EC_SIGNAL] = "signal",   [EC_USER] = "user",       [EC_TIME] = "time",
	[EC_PROCESSING] = "processing",
	[EC_WAIT] = "wait",       [EC_SCHEDULER] = "scheduler",
};

/* I/O calls take their category from the fd they work on; ipc in lower
 * case, as sysdig shows it. */
static const char *io_category(const struct fd_entry *fd)
{
	if (!fd)
		return "unknown";
	switch (fd->type) {
	case SCAP_FD_FILE: case SCAP_FD_FILE_V2: case SCAP_FD_DIRECTORY:
		return "file";
	case SCAP_FD_IPV4_SOCK: case SCAP_FD_IPV6_SOCK:
	case SCAP_FD_IPV4_SERVSOCK: case SCAP_FD_IPV6_SERVSOCK:
		return "net";
	case SCAP_FD_FIFO: case SCAP_FD_UNIX_SOCK: case SCAP_FD_EVENT:
	case SCAP_FD_SIGNALFD: case SCAP_FD_INOTIFY:
		return "ipc";
	case SCAP_FD_UNKNOWN: case SCAP_FD_UNSUPPORTED:
		return "unknown";
	default:
		return "other";
	}
}

static uint32_t base_category(const struct event *ev)
{
	if (!ev->info)
		return EC_UNKNOWN;
	uint32_t cat = ev->info->category;
	if ((ev->type == EVT_GENERIC_E || ev->type == EVT_GENERIC_X) && ev->nparams > 0)
		cat = ppm_sc_category((uint16_t)event_param_uint(ev, 0));
	return cat & EC_BASE_MASK;
}

static bool is_io_category(uint32_t base)
{
	return base == EC_IO_READ || base == EC_IO_WRITE || base == EC_IO_OTHER;
}

FIELD_X(x_evt_category)
{
	(void)r; (void)st;
	uint32_t base = base_category(ev);
	if (is_io_category(base)) {
		set_str(o, io_category(c ? c->fd : NULL));
		return true;
	}
	if (base >= sizeof(category_names) / sizeof(category_names[0]) || !category_names[base])
		base = EC_UNKNOWN;
	set_str(o, category_names[base]);
	return true;
}

/* ---- rendered arguments ---- */

static bool info_text(const struct event *ev, const struct evt_ctx *c, struct state *st,
		      struct field_value *o)
{
	if (!c || !c->thread || !st)
		return false;
	struct strbuf *out = fields_text_buffer(FTB_INFO);
	struct strbuf *res = fields_text_buffer(FTB_RES);
	sb_clear(out);
	render_evt_info(out, res, ev, c, st, fields_render_opts());
	o->str.ptr = out->data ? out->data : "";
	o->str.len = (uint32_t)out->len;
	return true;
}

/* evt.info equals evt.args here: syscope decodes no protocol (syslog). */
FIELD_X(x_evt_args)
{
	(void)r;
	return info_text(ev, c, st, o);
}

FIELD_X(x_evt_info)
{
	(void)r;
	return info_text(ev, c, st, o);
}

/* ---- results and I/O ---- */

/* The byte count of an I/O call that succeeded on a known fd. */
FIELD_X(x_evt_buflen)
{
	(void)r; (void)st;
	int64_t res;
	if (event_is_enter(ev->type) || !is_io_category(base_category(ev)) || !c || !c->fd ||
	    !return_value(ev, &res) || res < 0)
		return false;
	o->u = (uint64_t)res;
	return true;
}

FIELD_X(x_evt_res)
{
	(void)c; (void)st;
	int64_t res;
	if (!return_value(ev, &res))
		return false;
	if (res >= 0) {
		set_str(o, "SUCCESS");
		return true;
	}
	const char *name = errno_name(-res);
	if (name) {
		set_str(o, name);
		return true;
	}
	if (!r->scratch)
		return false;
	return put_scratch(r, o, snprintf(r->scratch, r->scratch_cap, "%lld", (long long)res));
}

/* The direction comes from the event's flags, as evt.is_io's does; a call
 * that both reads and writes (copy_file_range) is a write. */
static uint32_t io_flags(const struct event *ev)
{
	return ev->info ? ev->info->flags & (EF_READS_FROM_FD | EF_WRITES_TO_FD) : 0;
}

FIELD_X(x_evt_is_io_read)
{
	(void)r; (void)c; (void)st;
	o->u = (io_flags(ev) & EF_READS_FROM_FD) != 0;
	return true;
}

FIELD_X(x_evt_is_io_write)
{
	(void)r; (void)c; (void)st;
	o->u = (io_flags(ev) & EF_WRITES_TO_FD) != 0;
	return true;
}

FIELD_X(x_evt_io_dir)
{
	(void)r; (void)c; (void)st;
	uint32_t f = io_flags(ev);
	if (!f)
		return false;
	set_str(o, (f & EF_WRITES_TO_FD) ? "write" : "read");
	return true;
}

static bool waits(const struct event *ev)
{
	return ev->info && (ev->info->flags & EF_WAITS);
}

FIELD_X(x_evt_is_wait)
{
	(void)r; (void)c; (void)st;
	o->u = waits(ev);
	return true;
}

FIELD_X(x_evt_wait_latency)
{
	(void)r; (void)st;
	if (!waits(ev) || event_is_enter(ev->type))
		return false;
	o->u = latency(c);
	return true;
}

/* A write to the syslog socket. */
FIELD_X(x_evt_is_syslog)
{
	(void)r; (void)st;
	const struct fd_entry *fd = event_fd(ev, c);
	o->u = (io_flags(ev) & EF_WRITES_TO_FD) && fd && fd->name && strcmp(fd->name, "/dev/log") == 0;
	return true;
}

/* ---- counters: 1 when the event counts, missing otherwise ---- */

FIELD_X(x_evt_count)
{
	UNUSED_X();
	o->u = 1;
	return true;
}

static bool failed(const struct event *ev)
{
	int64_t res;
	return !event_is_enter(ev->type) && return_value(ev, &res) && res < 0;
}

FIELD_X(x_evt_count_error)
{
	(void)r; (void)c; (void)st;
	o->u = 1;
	return failed(ev);
}

/* The error counters by kind: the fd's category for I/O calls. */
static const char *error_kind(const struct event *ev, const struct evt_ctx *c)
{
	uint32_t base = base_category(ev);
	if (is_io_category(base))
		return io_category(c ? c->fd : NULL);
	switch (base) {
	case EC_FILE: /* by the kind of their fd (lseek on a pipe is not a file
		       * error); a failed open is one, calls on unknown fds not */
		if (c && c->fd && event_has_fd(ev))
			return io_category(c->fd);
		return ev->info->flags & EF_CREATES_FD ? "file" : "other";
	case EC_NET: /* a call on an fd that has no entry (setsockopt(-1)) is not */
		return (c && c->fd && event_has_fd(ev)) || (ev->info->flags & EF_CREATES_FD) ? "net"
											       : "other";
	case EC_MEMORY: return "memory";
	default: return "other";
	}
}

static bool count_error_kind(const struct event *ev, const struct evt_ctx *c, const char *kind,
			     struct field_value *o)
{
	if (!failed(ev))
		return false;
	const char *k = error_kind(ev, c);
	bool other = strcmp(k, "file") != 0 && strcmp(k, "net") != 0 && strcmp(k, "memory") != 0;
	o->u = 1;
	return kind ? strcmp(k, kind) == 0 : other;
}

FIELD_X(x_evt_count_error_file)
{
	(void)r; (void)st;
	return count_error_kind(ev, c, "file", o);
}

FIELD_X(x_evt_count_error_net)
{
	(void)r; (void)st;
	return count_error_kind(ev, c, "net", o);
}

FIELD_X(x_evt_count_error_memory)
{
	(void)r; (void)st;
	return count_error_kind(ev, c, "memory", o);
}

FIELD_X(x_evt_count_error_other)
{
	(void)r; (void)st;
	return count_error_kind(ev, c, NULL, o);
}

FIELD_X(x_evt_count_exit)
{
	(void)r; (void)c; (void)st;
	o->u = 1;
	return !event_is_enter(ev->type);
}

/* ---- paths ---- */

/* Only .src and .dst select a path: any other argument would name none. */
bool bind_abspath(struct field_ref *ref, char *err, size_t errlen)
{
	if (ref->has_name && strcmp(ref->name, "src") != 0 && strcmp(ref->name, "dst") != 0) {
		snprintf(err, errlen, "'evt.abspath' takes .src or .dst, not '.%s'", ref->name);
		return false;
	}
	return true;
}

/* The path an *at() call names, made absolute from its dirfd (or the cwd):
 * the argument's resolved form as the formatter shows it. */
FIELD_X(x_evt_abspath)
{
	if (!ev->info || !c || !c->thread || !st)
		return false;
	/* sysdig 0.29.3 resolves exit events only; a call's single path
	 * answers for .src and .dst as well, a rename's old path for the plain
	 * field, a symlink's link for all three. */
	if (event_is_enter(ev->type))
		return false;
	static const char *const plain[] = { "oldpath", "name", "path", "pathname", "filename",
					     "linkpath", NULL };
	static const char *const src[] = { "oldpath", "name", "path", "pathname", "filename",
					   "linkpath", NULL };
	static const char *const dst[] = { "newpath", "linkpath", "name", "path", "pathname",
					   "filename", NULL };
	const char *const *names = plain;
	if (r->has_name) {
		if (strcmp(r->name, "src") == 0)
			names = src;
		else if (strcmp(r->name, "dst") == 0)
			names = dst;
		else
			return false;
	}
	for (const char *const *n = names; *n; n++) {
		int idx = table_param_index(ev->type, *n);
		if (!has_param(ev, idx) || param_ptype(ev, idx) != PT_FSRELPATH)
			continue;
		struct field_value v;
		param_text(ev, idx, &v);
		if (v.str.len && v.str.ptr[0] == '/')
			return join_path(r, "", v.str.ptr, v.str.len, o);
		const char *base = c->thread->cwd;
		int dirfd = ev->info->params[idx].dirfd_index;
		if (dirfd >= 0 && has_param(ev, dirfd)) {
			int64_t dfd = event_param_int(ev, (unsigned)dirfd);
			if (dfd != -100) {
				struct fd_table *fdt = state_thread_fds(st, c->thread);
				struct fd_entry *d = fdt ? fd_table_find(fdt, dfd) : NULL;
				if (!d)
					return false;
				base = d->name;
			}
		}
		return join_path(r, base, v.str.ptr, v.str.len, o);
	}
	return false;
}

/* ---- open classification ---- */

#define PPM_O_RDONLY (1u << 0)
#define PPM_O_WRONLY (1u << 1)
#define PPM_O_CREAT (1u << 2)
#define PPM_O_TMPFILE (1u << 13)

static bool open_flags(const struct event *ev, const struct evt_ctx *c, uint32_t *flags,
		       uint32_t *mode)
{
	if (!ev->info || !(ev->info->flags & EF_CREATES_FD) || event_is_enter(ev->type))
		return false;
	const char *name = event_type_name(ev);
	/* creat is not one of them in sysdig 0.29.3: it has no flags */
	if (strcmp(name, "open") != 0 && strcmp(name, "openat") != 0 &&
	    strcmp(name, "openat2") != 0)
		return false;
	const struct event *srcs[2] = { ev, c ? c->enter : NULL };
	bool got_flags = false;
	*mode = 0;
	for (int k = 0; k < 2; k++) {
		const struct event *e = srcs[k];
		if (!e)
			continue;
		int fi = event_param_index(e, "flags");
		if (!got_flags && fi >= 0 && has_param(e, fi)) {
			*flags = (uint32_t)event_param_uint(e, (unsigned)fi);
			got_flags = true;
		}
		int mi = event_param_index(e, "mode");
		if (mi >= 0 && has_param(e, mi) && !*mode)
			*mode = (uint32_t)event_param_uint(e, (unsigned)mi);
	}
	return got_flags;
}

FIELD_X(x_evt_is_open_read)
{
	(void)r; (void)st;
	uint32_t f, m;
	o->u = open_flags(ev, c, &f, &m) && (f & PPM_O_RDONLY);
	return true;
}

FIELD_X(x_evt_is_open_write)
{
	(void)r; (void)st;
	uint32_t f, m;
	o->u = open_flags(ev, c, &f, &m) && (f & PPM_O_WRONLY);
	return true;
}

/* A file created with an execute bit in its mode. */
FIELD_X(x_evt_is_open_exec)
{
	(void)r; (void)st;
	uint32_t f, m;
	o->u = open_flags(ev, c, &f, &m) && (f & (PPM_O_CREAT | PPM_O_TMPFILE)) &&
	       (m & 0111u);
	return true;
}
