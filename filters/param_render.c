/* One renderer per parameter type, chosen from a table.  Each writes the
 * value to j->val and, where sysdig adds one, the resolved text to j->res. */
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "param_render.h"
#include "path_resolve.h"
#include "proc_info.h"
#include "sockfmt.h"

#define AT_FDCWD_VALUE (-100)
#define PPM_AF_UNIX 1
#define PPM_AF_INET 2
#define PPM_AF_INET6 10

struct render_job {
	struct strbuf *val, *res;
	const struct event *ev;
	unsigned idx;
	const uint8_t *p;
	uint32_t len;
	uint8_t type, fmt;
	const struct param_info *pi;
	const struct evt_ctx *ctx;
	struct state *st;
	const struct render_opts *o;
};

typedef void (*render_fn)(struct render_job *j);

/* ---- numbers ---------------------------------------------------------- */

static const uint8_t int_width[PT_MAX] = {
	[PT_INT8] = 1, [PT_INT16] = 2, [PT_INT32] = 4, [PT_INT64] = 8,
	[PT_UINT8] = 1, [PT_UINT16] = 2, [PT_UINT32] = 4, [PT_UINT64] = 8,
	[PT_ERRNO] = 8, [PT_FD] = 8, [PT_PID] = 8, [PT_SYSCALLID] = 2,
	[PT_SIGTYPE] = 1, [PT_RELTIME] = 8, [PT_ABSTIME] = 8, [PT_PORT] = 2,
	[PT_L4PROTO] = 1, [PT_SOCKFAMILY] = 1, [PT_BOOL] = 4,
	[PT_FLAGS8] = 1, [PT_FLAGS16] = 2, [PT_FLAGS32] = 4, [PT_UID] = 4,
	[PT_GID] = 4, [PT_SIGSET] = 4, [PT_MODE] = 4, [PT_ENUMFLAGS8] = 1,
	[PT_ENUMFLAGS16] = 2, [PT_ENUMFLAGS32] = 4, [PT_FD32] = 4, [PT_PID32] = 4,
};

static const bool is_signed[PT_MAX] = {
	[PT_INT8] = true, [PT_INT16] = true, [PT_INT32] = true, [PT_INT64] = true,
	[PT_ERRNO] = true, [PT_FD] = true, [PT_PID] = true, [PT_FD32] = true,
	[PT_PID32] = true,
	/* sysdig 0.29.3 prints 64-bit unsigned decimals as signed ones
	 * (lseek's offset=-60), and so does syscope. */
	[PT_UINT64] = true,
};

/* The value at its natural width.  A value stored shorter than that (some
 * old captures do this) is read on from the bytes that follow it inside
 * the record, as sysdig reads it, and never past the record. */
static uint64_t raw_uint(const struct render_job *j)
{
	unsigned w = int_width[j->type];
	if (j->len >= w)
		return le_read(j->p, w, w);
	const uint8_t *end = j->ev->record + j->ev->record_len;
	uint32_t have = (uint32_t)(end - j->p);
	uint64_t v = 0;
	for (unsigned i = 0; i < w && i < have; i++)
		v |= (uint64_t)j->p[i] << (8 * i);
	return v;
}

static int64_t sign_extend(uint64_t u, unsigned width)
{
	switch (width) {
	case 1: return (int8_t)u;
	case 2: return (int16_t)u;
	case 4: return (int32_t)u;
	default: return (int64_t)u;
	}
}

/* u, a value of the job's type, sign-extended if that type is signed. */
static int64_t as_signed(const struct render_job *j, uint64_t u)
{
	return is_signed[j->type] ? sign_extend(u, int_width[j->type]) : (int64_t)u;
}

static int64_t raw_int(const struct render_job *j) { return as_signed(j, raw_uint(j)); }

static void put_number(struct strbuf *sb, const struct render_job *j, uint8_t fmt)
{
	uint64_t u = raw_uint(j);
	switch (fmt) {
	case PF_HEX:
		sb_hex(sb, u, true);
		break;
	case PF_OCT:
		sb_oct(sb, u);
		break;
	case PF_10_PADDED_DEC:
		sb_u64_padded(sb, u, 10);
		break;
	default:
		if (is_signed[j->type])
			sb_i64(sb, as_signed(j, u));
		else
			sb_u64(sb, u);
	}
}

static void r_number(struct render_job *j) { put_number(j->val, j, j->fmt); }

static void put_errno_name(struct strbuf *res, int64_t v)
{
	const char *name = v < 0 ? errno_name(-v) : NULL;
	if (name)
		sb_puts(res, name);
}

static void r_errno(struct render_job *j)
{
	int64_t v = raw_int(j);
	sb_i64(j->val, v);
	put_errno_name(j->res, v);
}

/* ---- fds, pids, users ------------------------------------------------- */

char fd_type_char(uint8_t type)
{
	static const char type_char[SCAP_FD_TYPE_MAX] = {
		[SCAP_FD_UNKNOWN] = 'o', [SCAP_FD_FILE] = 'f', [SCAP_FD_DIRECTORY] = 'd',
		[SCAP_FD_IPV4_SOCK] = '4', [SCAP_FD_IPV6_SOCK] = '6',
		[SCAP_FD_IPV4_SERVSOCK] = '4', [SCAP_FD_IPV6_SERVSOCK] = '6',
		[SCAP_FD_FIFO] = 'p', [SCAP_FD_UNIX_SOCK] = 'u', [SCAP_FD_EVENT] = 'e',
		[SCAP_FD_UNSUPPORTED] = 'X', [SCAP_FD_SIGNALFD] = 's',
		[SCAP_FD_EVENTPOLL] = 'l', [SCAP_FD_INOTIFY] = 'i', [SCAP_FD_TIMERFD] = 't',
		[SCAP_FD_NETLINK] = 'n', [SCAP_FD_FILE_V2] = 'f', [SCAP_FD_BPF] = 'b',
		[SCAP_FD_USERFAULTFD] = 'u', [SCAP_FD_IOURING] = 'r', [SCAP_FD_MEMFD] = 'm',
		[SCAP_FD_PIDFD] = 'P',
	};
	return type < SCAP_FD_TYPE_MAX ? type_char[type] : 'o';
}

/* The type letter and, for IP sockets with a protocol, its letter: at
 * most two bytes at w. */
static char *fmt_fd_letters(char *w, const struct fd_entry *e)
{
	static const char l4_char[] = { [SCAP_L4_TCP] = 't', [SCAP_L4_UDP] = 'u',
					[SCAP_L4_ICMP] = 'i', [SCAP_L4_RAW] = 'r' };
	*w++ = fd_type_char(e->type);
	bool inet = e->type >= SCAP_FD_IPV4_SOCK && e->type <= SCAP_FD_IPV6_SERVSOCK;
	/* The state reports no protocol until sysdig would show one (until
	 * the socket has a role; raw sockets at once). */
	if (inet && e->l4proto < sizeof l4_char && l4_char[e->l4proto])
		*w++ = l4_char[e->l4proto];
	return w;
}

void fd_type_letters(struct strbuf *out, const struct fd_entry *e)
{
	char *w = sb_claim(out, 2);
	if (w)
		sb_commit(out, fmt_fd_letters(w, e));
}

static struct fd_entry *lookup_fd(const struct render_job *j, int64_t fd)
{
	return fd_table_find(state_thread_fds(j->st, j->ctx->thread), fd);
}

static void r_fd(struct render_job *j)
{
	int64_t fd = raw_int(j);
	sb_i64(j->val, fd);
	if (fd == AT_FDCWD_VALUE) {
		sb_puts(j->res, "AT_FDCWD");
		return;
	}
	if (fd < 0) {
		put_errno_name(j->res, fd);
		return;
	}
	const struct fd_entry *e = lookup_fd(j, fd);
	if (!e)
		return;
	sb_putc(j->res, '<');
	fd_type_letters(j->res, e);
	sb_putc(j->res, '>');
	sb_puts(j->res, e->name);
}

static void r_pid(struct render_job *j)
{
	int64_t pid = raw_int(j);
	sb_i64(j->val, pid);
	const struct thread *t = state_find_thread(j->st, pid);
	if (t && !t->placeholder)
		sb_puts(j->res, t->comm);
}

static void r_uid(struct render_job *j)
{
	uint32_t id = (uint32_t)raw_uint(j);
	if (id == UINT32_MAX) {
		sb_puts(j->val, "-1");
		sb_puts(j->res, "<NONE>");
		return;
	}
	sb_u64(j->val, id);
	const char *name = j->type == PT_UID ? state_user_name(j->st, id) : state_group_name(j->st, id);
	sb_puts(j->res, name ? name : "<NA>");
}

/* ---- flags ------------------------------------------------------------ */

/* sysdig's walk (scap-format.md §6.0): names whose bits are all set, in
 * table order, until an entry equal to the whole value, which ends it. */
static void walk_flag_names(struct strbuf *res, const struct flag_table *ft, uint64_t v)
{
	uint64_t left = v;
	bool first = true;
	for (unsigned i = 0; i < ft->count; i++) {
		const struct flag_name *f = &ft->names[i];
		bool last = f->value == v;
		if (last || (f->value && left && (left & f->value) == f->value)) {
			if (!first)
				sb_putc(res, '|');
			sb_append(res, f->name, f->name_len);
			first = false;
			left &= ~(uint64_t)f->value;
		}
		if (last)
			break;
	}
}

/* The walk visits every entry of the table, yet a capture repeats the same
 * few values (O_RDONLY|O_CLOEXEC, PROT_READ|PROT_WRITE…) over and over, so
 * the text is kept by (table, value) in a small direct-mapped cache. */
#define FLAG_CACHE_SLOTS 256
#define FLAG_CACHE_TEXT 56
static struct flag_cache_slot {
	const struct flag_table *ft;
	uint64_t value;
	uint8_t len;
	char text[FLAG_CACHE_TEXT];
} flag_cache[FLAG_CACHE_SLOTS];

static void put_flag_names(struct strbuf *res, const struct flag_table *ft, uint64_t v)
{
	if (!ft)
		return;
	uint64_t h = (v ^ ((uintptr_t)ft >> 4)) * 0x9E3779B97F4A7C15ull;
	struct flag_cache_slot *slot = &flag_cache[h >> 56];
	if (slot->ft == ft && slot->value == v) {
		sb_append(res, slot->text, slot->len);
		return;
	}
	size_t start = res->len;
	walk_flag_names(res, ft, v);
	size_t n = res->len - start;
	if (n <= FLAG_CACHE_TEXT && !res->oom) {
		slot->ft = ft;
		slot->value = v;
		slot->len = (uint8_t)n;
		if (n) /* nothing written: the buffer may not even exist yet */
			memcpy(slot->text, res->data + start, n);
	}
}

static void r_flags(struct render_job *j)
{
	uint64_t v = raw_uint(j);
	sb_u64(j->val, v);
	put_flag_names(j->res, j->pi->flags, v);
}

static void r_mode(struct render_job *j)
{
	uint64_t v = raw_uint(j);
	sb_oct(j->val, v);
	put_flag_names(j->res, j->pi->flags, v);
}

static void r_sigtype(struct render_job *j)
{
	uint64_t v = raw_uint(j);
	sb_u64(j->val, v);
	const char *name = signal_name(v);
	if (name)
		sb_puts(j->res, name);
}

static void r_sigset(struct render_job *j)
{
	uint64_t v = raw_uint(j);
	sb_u64(j->val, v);
	bool first = true;
	for (unsigned bit = 0; bit < 32; bit++) {
		const char *name = (v >> bit) & 1 ? signal_name(bit + 1) : NULL;
		if (!name)
			continue;
		if (!first)
			sb_putc(j->res, ' ');
		sb_puts(j->res, name);
		first = false;
	}
}

static void r_reltime(struct render_job *j)
{
	uint64_t v = raw_uint(j);
	if (v == UINT64_MAX) {
		sb_puts(j->val, "none");
		return;
	}
	sb_u64(j->val, v);
	sb_printf(j->res, "%gs", (double)v / 1e9);
}

/* ---- strings, paths, buffers ----------------------------------------- */

static void r_charbuf(struct render_job *j)
{
	sb_append(j->val, j->p, strnlen((const char *)j->p, j->len));
}

static void r_path(struct render_job *j)
{
	char clean[PATH_OUT_MAX], full[PATH_OUT_MAX];
	size_t n = path_printable(clean, (const char *)j->p, j->len);
	sb_append(j->val, clean, n);
	if (n == 0 || clean[0] == '/')
		return;
	const char *base = j->ctx->thread->cwd;
	if (j->type == PT_FSRELPATH && j->pi->dirfd_index >= 0 &&
	    (unsigned)j->pi->dirfd_index < j->ev->nparams) {
		int64_t dirfd = event_param_int(j->ev, (unsigned)j->pi->dirfd_index);
		const struct fd_entry *d = dirfd == AT_FDCWD_VALUE ? NULL : lookup_fd(j, dirfd);
		if (d)
			base = d->name;
	}
	path_resolve(full, base, clean, n);
	sb_puts(j->res, full);
}


static void buf_dots(struct strbuf *sb, const uint8_t *p, uint32_t n)
{
	if (sb->len + n > sb->cap && !sb_reserve(sb, n))
		return;
	char *d = sb->data + sb->len;
	uint32_t i = 0;
	/* Most payloads are text: copy it eight bytes at a time. */
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, p + i, 8);
		if (ascii_printable8(x)) {
			memcpy(d + i, &x, 8);
			continue;
		}
		for (unsigned k = 0; k < 8; k++)
			d[i + k] = ascii_printable(p[i + k]) ? (char)p[i + k] : '.';
	}
	for (; i < n; i++)
		d[i] = ascii_printable(p[i]) ? (char)p[i] : '.';
	sb->len += n;
}

static void buf_ascii(struct strbuf *sb, const uint8_t *p, uint32_t n)
{
	sb_putc(sb, '\n');
	for (uint32_t i = 0; i < n; i++) {
		if (p[i] == '\r') {
			if (i + 1 < n && p[i + 1] == '\n')
				continue;
			sb_putc(sb, '\n');
		} else if (p[i] == '\n' || ascii_printable(p[i])) {
			sb_putc(sb, (char)p[i]);
		}
	}
}

static void buf_hex(struct strbuf *sb, const uint8_t *p, uint32_t n, bool ascii)
{
	static const char hexd[] = "0123456789abcdef";
	for (uint32_t row = 0; row < n; row += 16) {
		uint32_t end = row + 16 < n ? row + 16 : n;
		sb_printf(sb, "\n\t0x%04x: ", row);
		for (uint32_t i = row; i < end; i++) {
			if (i > row && (i - row) % 2 == 0)
				sb_putc(sb, ' ');
			sb_putc(sb, hexd[p[i] >> 4]);
			sb_putc(sb, hexd[p[i] & 15]);
		}
		if (!ascii)
			continue;
		/* Every group, the odd byte included, ends in a space; absent
		 * groups are five spaces each; then one space before the text. */
		size_t groups = (end - row + 1) / 2;
		sb_putc(sb, ' ');
		for (size_t g = groups; g < 8; g++)
			sb_puts(sb, "     ");
		sb_putc(sb, ' ');
		for (uint32_t i = row; i < end; i++)
			sb_putc(sb, ascii_printable(p[i]) ? (char)p[i] : '.');
	}
	sb_putc(sb, '\n');
}

static void buf_base64(struct strbuf *sb, const uint8_t *p, uint32_t n)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (uint32_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		sb_putc(sb, b64[(v >> 18) & 63]);
		sb_putc(sb, b64[(v >> 12) & 63]);
		sb_putc(sb, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		sb_putc(sb, i + 2 < n ? b64[v & 63] : '=');
	}
}

void render_buffer(struct strbuf *sb, const uint8_t *p, uint32_t n, enum buf_mode mode)
{
	if (n == 0)
		return; /* every view of an empty buffer is empty */
	switch (mode) {
	case BUF_ASCII: buf_ascii(sb, p, n); break;
	case BUF_HEX: buf_hex(sb, p, n, false); break;
	case BUF_HEXASCII: buf_hex(sb, p, n, true); break;
	case BUF_BASE64: buf_base64(sb, p, n); break;
	default: buf_dots(sb, p, n); break;
	}
}

static void r_bytebuf(struct render_job *j)
{
	render_buffer(j->val, j->p, j->len, j->o->buf);
}

/* ---- socket addresses ------------------------------------------------- */

static void r_sockaddr(struct render_job *j)
{
	char buf[SOCKFMT_MAX];
	if (j->len == 0) {
		sb_puts(j->val, "NULL");
		return;
	}
	uint8_t family = j->p[0];
	if (family == PPM_AF_INET && j->len >= 7) {
		sockfmt_endpoint(buf, false, j->p + 1, (uint16_t)le_read(j->p + 5, 2, 2));
		sb_puts(j->val, buf);
	} else if (family == PPM_AF_INET6 && j->len >= 19) {
		sockfmt_endpoint(buf, true, j->p + 1, (uint16_t)le_read(j->p + 17, 2, 2));
		sb_puts(j->val, buf);
	} else if (family == PPM_AF_UNIX) {
		sb_append(j->val, j->p + 1, strnlen((const char *)j->p + 1, j->len - 1));
	} else {
		sb_printf(j->val, "family %u", family);
	}
}

static void r_socktuple(struct render_job *j)
{
	char buf[SOCKFMT_TUPLE_MAX];
	if (j->len == 0) {
		sb_puts(j->val, "NULL");
		return;
	}
	const uint8_t *v = j->p;
	uint8_t family = v[0];
	if (family == PPM_AF_INET && j->len >= 13) {
		sockfmt_tuple(buf, false, v + 1, (uint16_t)le_read(v + 5, 2, 2), v + 7,
			      (uint16_t)le_read(v + 11, 2, 2));
		sb_puts(j->val, buf);
	} else if (family == PPM_AF_INET6 && j->len >= 37) {
		const uint8_t *sip = v + 1, *dip = v + 19;
		uint16_t sport = (uint16_t)le_read(v + 17, 2, 2), dport = (uint16_t)le_read(v + 35, 2, 2);
		if (ipv6_is_v4_mapped(sip) && ipv6_is_v4_mapped(dip))
			sockfmt_tuple(buf, false, sip + 12, sport, dip + 12, dport);
		else
			sockfmt_tuple(buf, true, sip, sport, dip, dport);
		sb_puts(j->val, buf);
	} else if (family == PPM_AF_UNIX && j->len >= 17) {
		sb_hex(j->val, le_read(v + 1, 8, 8), false);
		sb_puts(j->val, "->");
		sb_hex(j->val, le_read(v + 9, 8, 8), false);
		sb_putc(j->val, ' ');
		sb_append(j->val, v + 17, strnlen((const char *)v + 17, j->len - 17));
	} else {
		sb_printf(j->val, "family %u", family);
	}
}

static void r_fdlist(struct render_job *j)
{
	uint16_t count = (uint16_t)le_read(j->p, j->len, 2);
	for (uint32_t i = 0, off = 2; i < count && off + 10 <= j->len; i++, off += 10) {
		int64_t fd = (int64_t)le_read(j->p + off, 8, 8);
		uint16_t flags = (uint16_t)le_read(j->p + off + 8, 2, 2);
		if (i)
			sb_putc(j->val, ' ');
		sb_i64(j->val, fd);
		sb_putc(j->val, ':');
		const struct fd_entry *e = lookup_fd(j, fd);
		/* Only the type letter here, never the protocol one. */
		sb_putc(j->val, e ? fd_type_char(e->type) : '?');
		sb_hex(j->val, flags, false);
	}
}

static void r_dyn(struct render_job *j);

static const render_fn renderers[PT_MAX] = {
	[PT_INT8] = r_number, [PT_INT16] = r_number, [PT_INT32] = r_number,
	[PT_INT64] = r_number, [PT_UINT8] = r_number, [PT_UINT16] = r_number,
	[PT_UINT32] = r_number, [PT_UINT64] = r_number, [PT_PORT] = r_number,
	[PT_L4PROTO] = r_number, [PT_SOCKFAMILY] = r_number, [PT_BOOL] = r_number,
	[PT_ABSTIME] = r_number, [PT_SYSCALLID] = r_number,
	[PT_CHARBUF] = r_charbuf, [PT_BYTEBUF] = r_bytebuf, [PT_ERRNO] = r_errno,
	[PT_SOCKADDR] = r_sockaddr, [PT_SOCKTUPLE] = r_socktuple, [PT_FD] = r_fd,
	[PT_FD32] = r_fd, [PT_PID] = r_pid, [PT_PID32] = r_pid, [PT_FDLIST] = r_fdlist,
	[PT_FSPATH] = r_path, [PT_FSRELPATH] = r_path, [PT_SIGTYPE] = r_sigtype,
	[PT_RELTIME] = r_reltime, [PT_DYN] = r_dyn,
	[PT_FLAGS8] = r_flags, [PT_FLAGS16] = r_flags, [PT_FLAGS32] = r_flags,
	[PT_ENUMFLAGS8] = r_flags, [PT_ENUMFLAGS16] = r_flags, [PT_ENUMFLAGS32] = r_flags,
	[PT_UID] = r_uid, [PT_GID] = r_uid, [PT_SIGSET] = r_sigset, [PT_MODE] = r_mode,
};

/* PT_DYN: the first byte picks the real type; the rest is its value. */
static void r_dyn(struct render_job *j)
{
	const struct dyn_table *dt = j->pi->dyn;
	if (j->len < 1 || !dt || j->p[0] >= dt->count)
		return;
	const struct dyn_variant *v = &dt->variants[j->p[0]];
	struct render_job sub = *j;
	sub.p = j->p + 1;
	sub.len = j->len - 1;
	sub.type = v->type;
	if (v->fmt != PF_NA)
		sub.fmt = v->fmt;
	render_fn fn = sub.type < PT_MAX ? renderers[sub.type] : NULL;
	if (fn && fn != r_dyn)
		fn(&sub);
}

void param_render(struct strbuf *val, struct strbuf *res, const struct event *ev, unsigned idx,
		  const struct evt_ctx *ctx, struct state *st, const struct render_opts *o)
{
	sb_clear(res);
	if (idx >= ev->nparams || !ev->info || idx >= ev->info->nparams_all)
		return;
	const struct param_info *pi = &ev->info->params[idx];
	struct render_job j = {
		.val = val, .res = res, .ev = ev, .idx = idx,
		.p = ev->param[idx], .len = ev->param_len[idx],
		.type = pi->type, .fmt = pi->fmt, .pi = pi,
		.ctx = ctx, .st = st, .o = o,
	};
	render_fn fn = pi->type < PT_MAX ? renderers[pi->type] : NULL;
	size_t start = val->len;
	if (fn)
		fn(&j);
	/* sysdig cuts long strings and dotted buffers, never addresses or
	 * paths, nor the JSON of container metadata. */
	bool cut = !o->verbose && pi->type != PT_SOCKTUPLE && pi->type != PT_SOCKADDR &&
		   ev->type != EVT_CONTAINER_JSON_E && ev->type != EVT_CONTAINER_JSON_2_E &&
		   pi->type != PT_FSPATH && pi->type != PT_FSRELPATH &&
		   (pi->type != PT_BYTEBUF || o->buf == BUF_DOTS);
	if (cut && val->len - start > RENDER_MAX_VALUE) {
		val->len = start + RENDER_MAX_VALUE - 3;
		sb_puts(val, "...");
	}
}

void render_evt_info(struct strbuf *out, struct strbuf *scratch, const struct event *ev,
		     const struct evt_ctx *ctx, struct state *st, const struct render_opts *o)
{
	if (!ev->info || ev->type == EVT_GENERIC_E || ev->type == EVT_GENERIC_X)
		return;
	unsigned n = ev->nparams < ev->info->nparams ? ev->nparams : ev->info->nparams;
	for (unsigned i = 0; i < n; i++) {
		const struct param_info *pi = &ev->info->params[i];
		char *w = sb_claim(out, pi->name_len + 1u + 21u);
		if (!w)
			return;
		w = fmt_mem(w, pi->name, pi->name_len);
		*w++ = '=';
		/* Plain decimal numbers, the most common parameters, go
		 * straight in: no job, no resolved text. */
		unsigned width = pi->type < PT_MAX ? int_width[pi->type] : 0;
		if (width && renderers[pi->type] == r_number && ev->param_len[i] >= width &&
		    (pi->fmt == PF_DEC || pi->fmt == PF_NA || pi->fmt == PF_ID || pi->fmt == PF_DIR)) {
			uint64_t u = le_read(ev->param[i], width, width);
			if (is_signed[pi->type])
				w = fmt_i64(w, sign_extend(u, width));
			else
				w = fmt_u64(w, u);
			*w++ = ' ';
			sb_commit(out, w);
			continue;
		}
		/* An fd of the table: fd=3(<f>/etc/hosts), straight in too. */
		if ((pi->type == PT_FD || pi->type == PT_FD32) && ev->param_len[i] >= width) {
			int64_t fd = sign_extend(le_read(ev->param[i], width, width), width);
			if (fd >= 0) {
				const struct fd_entry *e =
					fd_table_find(state_thread_fds(st, ctx->thread), fd);
				w = fmt_i64(w, fd);
				size_t n = e ? strlen(e->name) : 0;
				sb_commit(out, w);
				if (!(w = sb_claim(out, n + 6)))
					return;
				if (e) {
					w = fmt_mem(w, "(<", 2);
					w = fmt_fd_letters(w, e);
					*w++ = '>';
					w = fmt_mem(w, e->name, n);
					*w++ = ')';
				}
				*w++ = ' ';
				sb_commit(out, w);
				continue;
			}
		}
		sb_commit(out, w);
		param_render(out, scratch, ev, i, ctx, st, o);
		if (!(w = sb_claim(out, scratch->len + 3)))
			return;
		if (scratch->len) {
			*w++ = '(';
			w = fmt_mem(w, scratch->data, scratch->len);
			*w++ = ')';
		}
		*w++ = ' ';
		sb_commit(out, w);
	}
}
