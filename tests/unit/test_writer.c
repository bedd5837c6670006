/* The trace-file writer: metadata round trips through state, export,
 * writer and reader; event records copied unchanged (legacy headers made
 * current, LARGE and flagged blocks); compression; rotation names; and
 * failures that must leave a readable file or none. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "scap_blocks.h"
#include "replay_helper.h"
#include "scap_encode.h"
#include "scap_reader.h"
#include "scap_writer.h"
#include "state.h"
#include "strbuf.h"
#include "trace_out.h"

#define T0 1700000000000000000ull /* 2023-11-14 22:13:20 UTC */

static char dir[64];

static const char *tmp_path(const char *name)
{
	static char buf[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static uint8_t *slurp(const char *path, size_t *len)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *data = NULL;
	size_t cap = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap);
		}
		size_t n = fread(data + *len, 1, cap - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	return data;
}

/* ---- a sink that writes what it is given as text ------------------------- */

static void dump_ref(struct strbuf *sb, const char *label, struct str_ref r)
{
	sb_printf(sb, " %s=", label);
	sb_quoted(sb, r.ptr, r.len);
}

static void dump_machine(void *ctx, const struct machine_info *mi)
{
	sb_printf(ctx, "machine cpus=%u mem=%llu maxpid=%llu host=%s boot=%llu\n", mi->num_cpus,
		  (unsigned long long)mi->memory_bytes, (unsigned long long)mi->max_pid,
		  mi->hostname, (unsigned long long)mi->boot_ts);
}

static void dump_thread(void *ctx, const struct proc_info *p)
{
	struct strbuf *sb = ctx;
	sb_printf(sb, "thread %lld pid=%lld ptid=%lld sid=%lld vpgid=%lld vtid=%lld vpid=%lld",
		  (long long)p->tid, (long long)p->pid, (long long)p->ptid, (long long)p->sid,
		  (long long)p->vpgid, (long long)p->vtid, (long long)p->vpid);
	dump_ref(sb, "comm", p->comm);
	dump_ref(sb, "exe", p->exe);
	dump_ref(sb, "exepath", p->exepath);
	dump_ref(sb, "args", p->args);
	dump_ref(sb, "cwd", p->cwd);
	dump_ref(sb, "env", p->env);
	dump_ref(sb, "cgroups", p->cgroups);
	dump_ref(sb, "root", p->root);
	sb_printf(sb, " fdlimit=%llu flags=%x uid=%u gid=%u vm=%u/%u/%u pf=%llu/%llu login=%u\n",
		  (unsigned long long)p->fdlimit, p->flags, p->uid, p->gid, p->vmsize_kb,
		  p->vmrss_kb, p->vmswap_kb, (unsigned long long)p->pfmajor,
		  (unsigned long long)p->pfminor, p->loginuid);
}

static void dump_fd(void *ctx, int64_t tid, const struct fd_info *f)
{
	struct strbuf *sb = ctx;
	sb_printf(sb, "fd %lld:%lld ino=%llu type=%u l4=%u ports=%u/%u unix=%llx/%llx flags=%x dev=%x",
		  (long long)tid, (long long)f->fd, (unsigned long long)f->ino, f->type, f->l4proto,
		  f->sport, f->dport, (unsigned long long)f->unix_src,
		  (unsigned long long)f->unix_dst, f->open_flags, f->dev);
	sb_puts(sb, " sip=");
	sb_quoted(sb, (const char *)f->sip, 16);
	sb_puts(sb, " dip=");
	sb_quoted(sb, (const char *)f->dip, 16);
	dump_ref(sb, "name", f->name);
	sb_putc(sb, '\n');
}

static void dump_user(void *ctx, const struct user_info *u)
{
	struct strbuf *sb = ctx;
	sb_printf(sb, "user %u gid=%u", u->uid, u->gid);
	dump_ref(sb, "name", u->name);
	dump_ref(sb, "home", u->home);
	dump_ref(sb, "shell", u->shell);
	sb_putc(sb, '\n');
}

static void dump_group(void *ctx, const struct group_info *g)
{
	sb_printf(ctx, "group %u", g->gid);
	dump_ref(ctx, "name", g->name);
	sb_putc(ctx, '\n');
}

static void dump_iface(void *ctx, const struct iface_info *i)
{
	struct strbuf *sb = ctx;
	sb_printf(sb, "iface type=%u addr=", i->type);
	sb_quoted(sb, (const char *)i->addr, 16);
	sb_puts(sb, " mask=");
	sb_quoted(sb, (const char *)i->netmask, (i->type & 1) ? 4 : 0);
	sb_putc(sb, '\n');
}

/* The state's metadata as text, through state_export. */
static char *export_text(struct state *st)
{
	struct strbuf sb = { 0 };
	struct scap_sink s = { .ctx = &sb, .machine = dump_machine, .thread = dump_thread,
			       .fd = dump_fd, .user = dump_user, .group = dump_group,
			       .iface = dump_iface };
	state_export(st, &s, NULL);
	return sb_take(&sb);
}

static bool keep_tid_11(void *arg, struct thread *t)
{
	(void)arg;
	return t->tid == 11;
}

/* --filter-proclist: a process goes in whole when one of its threads is
 * kept, the others stay out; users are not processes and stay. */
static void an_export_lists_the_processes_kept(void)
{
	struct state *st = state_new();
	struct scap_sink in = state_sink(st);
	const struct { int64_t tid, pid; const char *comm; } procs[] = {
		{ 10, 10, "srv" }, { 11, 10, "srv" }, { 20, 20, "other" }, { 21, 20, "other" },
	};
	for (size_t i = 0; i < sizeof procs / sizeof procs[0]; i++) {
		struct proc_info pi = { .tid = procs[i].tid, .pid = procs[i].pid, .ptid = 1,
					.comm = { procs[i].comm, (uint32_t)strlen(procs[i].comm) },
					.flags = procs[i].tid == procs[i].pid ? 0 : 0x2001 };
		in.thread(in.ctx, &pi);
	}
	struct fd_info fi = { .fd = 3, .type = SCAP_FD_FILE_V2, .name = { "/srv/log", 8 } };
	in.fd(in.ctx, 10, &fi);
	fi.name = (struct str_ref){ "/other/log", 10 };
	in.fd(in.ctx, 20, &fi);
	struct user_info ui = { .uid = 7, .gid = 7, .name = { "u", 1 } };
	in.user(in.ctx, &ui);
	struct strbuf sb = { 0 };
	struct scap_sink out = { .ctx = &sb, .thread = dump_thread, .fd = dump_fd,
				 .user = dump_user };
	struct export_filter only = { keep_tid_11, NULL };
	state_export(st, &out, &only);
	char *text = sb_take(&sb);
	CHECK(text && strstr(text, "thread 10 pid=10"));
	CHECK(text && strstr(text, "thread 11 pid=10"));
	CHECK(text && strstr(text, "\"/srv/log\""));
	CHECK(text && strstr(text, "user 7 "));
	CHECK(text && !strstr(text, "thread 20 "));
	CHECK(text && !strstr(text, "thread 21 "));
	CHECK(text && !strstr(text, "/other/log"));
	free(text);
	/* without a filter, everything */
	state_export(st, &out, NULL);
	text = sb_take(&sb);
	CHECK(text && strstr(text, "thread 21 pid=20") && strstr(text, "/other/log"));
	free(text);
	state_free(st);
}

/* A state holding the metadata of a file (its events are not applied). */
static struct state *load_meta(const uint8_t *data, size_t len)
{
	struct state *st = state_new();
	struct scap_sink sink = state_sink(st);
	char err[256];
	struct scap_reader *r = scap_reader_open_mem(data, len, &sink, err, sizeof err);
	struct event ev;
	if (!CHECK(r && scap_reader_next(r, &ev) == 1))
		fprintf(stderr, "    %s\n", r ? scap_reader_error(r) : err);
	scap_reader_close(r);
	return st;
}

/* ---- hand-made metadata blocks (independent of the encoder) -------------- */

static void put_mi(struct bytes *f)
{
	struct bytes b = { .len = 0 };
	put_le(&b, 4, 4);
	put_le(&b, 8000000000ull, 8);
	put_le(&b, 4194304, 8);
	char host[128] = "box";
	put_raw(&b, host, sizeof host);
	put_le(&b, 1600000000000000000ull, 8);
	put_le(&b, 0, 24);
	put_block(f, BT_MI, &b);
}

static void put_users(struct bytes *f)
{
	struct bytes b = { .len = 0 };
	put_le(&b, 19 + 5 + 11 + 9, 4);
	put_le(&b, 0, 1);
	put_le(&b, 1000, 4);
	put_le(&b, 100, 4);
	put_str16(&b, "alice");
	put_str16(&b, "/home/alice");
	put_str16(&b, "/bin/bash");
	put_le(&b, 11 + 5, 4);
	put_le(&b, 1, 1);
	put_le(&b, 100, 4);
	put_str16(&b, "users");
	put_block(f, BT_UL_V2, &b);
}

static void put_ifaces(struct bytes *f)
{
	struct bytes b = { .len = 0 };
	put_le(&b, 24 + 2, 4);
	put_le(&b, 1, 2);
	put_le(&b, 2, 2);
	put_raw(&b, "\x7f\0\0\x01\xff\0\0\0\x7f\xff\xff\xff", 12);
	put_le(&b, 0, 8);
	put_raw(&b, "lo", 2);
	put_le(&b, 60 + 4, 4);
	put_le(&b, 2, 2);
	put_le(&b, 4, 2);
	uint8_t a6[48] = { [15] = 1 };
	put_raw(&b, a6, sizeof a6);
	put_le(&b, 0, 8);
	put_raw(&b, "eth0", 4);
	put_block(f, BT_IL_V2, &b);
}

/* A thread of process 10: flags CLONE_THREAD|CLONE_FILES, cwd without
 * the trailing slash the state adds. */
static void put_thread(struct bytes *f)
{
	struct bytes e = { .len = 0 };
	put_le(&e, 11, 8);
	put_le(&e, 10, 8);
	put_le(&e, 1, 8);
	put_le(&e, 10, 8);
	put_le(&e, 10, 8);
	put_str16(&e, "worker");
	put_str16(&e, "/usr/bin/srv");
	put_str16(&e, "/usr/bin/srv");
	put_le(&e, 3, 2);
	put_raw(&e, "-v\0", 3);
	put_str16(&e, "/srv");
	put_le(&e, 4096, 8);
	put_le(&e, 0x2001, 4);
	put_le(&e, 1000, 4);
	put_le(&e, 100, 4);
	put_le(&e, 10, 4);
	put_le(&e, 20, 4);
	put_le(&e, 30, 4);
	put_le(&e, 40, 8);
	put_le(&e, 50, 8);
	put_le(&e, 8, 2);
	put_raw(&e, "A=1\0B=2\0", 8);
	put_le(&e, 11, 8);
	put_le(&e, 10, 8);
	put_le(&e, 8, 2);
	put_raw(&e, "cpu=/x\0\0", 8);
	put_str16(&e, "/");
	put_le(&e, 1000, 4);
	put_le(&e, 0, 1);
	struct bytes b = { .len = 0 };
	put_le(&b, e.len + 4, 4);
	put_raw(&b, e.data, e.len);
	put_block(f, BT_PL_V9, &b);
}

static void put_fd_entry(struct bytes *b, int64_t fd, uint8_t type, const struct bytes *payload)
{
	put_le(b, 4 + 8 + 8 + 1 + payload->len, 4);
	put_le(b, (uint64_t)fd, 8);
	put_le(b, 1000 + (uint64_t)fd, 8);
	put_le(b, type, 1);
	put_raw(b, payload->data, payload->len);
}

static void put_fds(struct bytes *f, bool with_memfd)
{
	struct bytes b = { .len = 0 }, p;
	put_le(&b, 10, 8);
	p.len = 0; /* FILE_V2: flags, name, dev */
	put_le(&p, 0x1003, 4);
	put_str16(&p, "/var/log/app.log");
	put_le(&p, 0x803, 4);
	put_fd_entry(&b, 3, SCAP_FD_FILE_V2, &p);
	p.len = 0; /* IPv4 tuple */
	put_raw(&p, "\x0a\0\0\x05\x5d\xb8\xd8\x22", 8);
	put_le(&p, 41234, 2);
	put_le(&p, 80, 2);
	put_le(&p, SCAP_L4_TCP, 1);
	put_fd_entry(&b, 4, SCAP_FD_IPV4_SOCK, &p);
	p.len = 0; /* IPv4 server */
	put_raw(&p, "\0\0\0\0", 4);
	put_le(&p, 8080, 2);
	put_le(&p, SCAP_L4_TCP, 1);
	put_fd_entry(&b, 5, SCAP_FD_IPV4_SERVSOCK, &p);
	p.len = 0; /* unix */
	put_le(&p, 0xffff0001, 8);
	put_le(&p, 0xffff0002, 8);
	put_str16(&p, "/run/app.sock");
	put_fd_entry(&b, 6, SCAP_FD_UNIX_SOCK, &p);
	p.len = 0;
	put_str16(&p, "pipe:[4242]");
	put_fd_entry(&b, 7, SCAP_FD_FIFO, &p);
	if (with_memfd) { /* a type sysdig 0.29.3 cannot read: not written */
		p.len = 0;
		put_str16(&p, "memfd:x");
		put_fd_entry(&b, 8, SCAP_FD_MEMFD, &p);
	}
	put_block(f, BT_FDL_V2, &b);
}

static void rich_file_with(struct bytes *f, bool with_memfd)
{
	f->len = 0;
	put_shb(f, 1);
	put_mi(f);
	put_ifaces(f);
	put_users(f);
	put_process(f, 10, 10, 1, "srv", "/srv/", 0);
	put_thread(f);
	put_fds(f, with_memfd);
	put_event(f, T0, 10, 2, 3,
		  (struct pval[]){ PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0) });
	put_event(f, T0 + 5, 11, 3, 5,
		  (struct pval[]){ PV_U64(9), PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0),
				   PV_U32(0x803) });
}

static void rich_file(struct bytes *f) { rich_file_with(f, false); }

/* ---- writing helpers -------------------------------------------------------- */

/* Copy a file through the writer the way `syscope -r IN -w OUT` does: the
 * state is exported when the first event comes, before it is applied. */
static bool rewrite(const uint8_t *data, size_t len, const char *out, enum ostream_kind kind)
{
	char err[512];
	struct state *st = state_new();
	struct scap_sink sink = state_sink(st);
	struct scap_reader *r = scap_reader_open_mem(data, len, &sink, err, sizeof err);
	struct scap_writer *w = scap_writer_open(out, kind, err, sizeof err);
	CHECK(r && w);
	struct event ev;
	struct evt_ctx ctx;
	bool first = true, ok = r && w;
	while (ok && scap_reader_next(r, &ev) > 0) {
		if (first) {
			struct scap_sink ws = scap_writer_sink(w);
			state_export(st, &ws, NULL);
			first = false;
		}
		state_process_event(st, &ev, &ctx);
		ok = scap_writer_event(w, &ev) == 1;
	}
	if (w && !scap_writer_close(w, true, err, sizeof err)) {
		fprintf(stderr, "    %s\n", err);
		ok = false;
	}
	scap_reader_close(r);
	state_free(st);
	return ok;
}

/* Events of a file: count, or -1 if it does not read cleanly to its end. */
static long count_events(const char *path)
{
	char err[512];
	struct scap_reader *r = scap_reader_open(path, NULL, err, sizeof err);
	if (!r)
		return -1;
	struct event ev;
	long n = 0;
	int rc;
	while ((rc = scap_reader_next(r, &ev)) > 0)
		n++;
	if (rc < 0)
		fprintf(stderr, "    %s\n", scap_reader_error(r));
	scap_reader_close(r);
	return rc < 0 ? -1 : n;
}

/* ---- tests ---------------------------------------------------------------- */

static void metadata_round_trips(void)
{
	static struct bytes f;
	rich_file(&f);
	struct state *a = load_meta(f.data, f.len);
	char *ta = export_text(a);
	CHECK(ta && strstr(ta, "user 1000 gid=100 name=\"alice\" home=\"/home/alice\""));
	CHECK(ta && strstr(ta, "thread 11 pid=10"));
	CHECK(ta && strstr(ta, "name=\"/run/app.sock\""));
	for (int k = 0; k < 3; k++) {
		enum ostream_kind kind = (enum ostream_kind)k;
		const char *out = tmp_path("meta.scap");
		CHECK(rewrite(f.data, f.len, out, kind));
		size_t len;
		uint8_t *back = slurp(out, &len);
		struct state *b = load_meta(back, len);
		char *tb = export_text(b);
		CHECK_STREQ(tb, ta);
		free(tb);
		state_free(b);
		free(back);
	}
	/* An fd type sysdig 0.29.3 refuses is left out, the rest is kept. */
	rich_file_with(&f, true);
	struct state *m = load_meta(f.data, f.len);
	char *tm = export_text(m);
	CHECK(tm && strstr(tm, "memfd:x"));
	const char *out = tmp_path("memfd.scap");
	CHECK(rewrite(f.data, f.len, out, OSTREAM_PLAIN));
	size_t len;
	uint8_t *back = slurp(out, &len);
	struct state *b = load_meta(back, len);
	char *tb = export_text(b);
	CHECK_STREQ(tb, ta);
	free(tb);
	state_free(b);
	free(back);
	free(tm);
	state_free(m);
	free(ta);
	state_free(a);
}

static void records_are_copied_unchanged(void)
{
	static struct bytes f;
	rich_file(&f);
	const char *out = tmp_path("records.scap");
	CHECK(rewrite(f.data, f.len, out, OSTREAM_PLAIN));
	size_t len;
	uint8_t *back = slurp(out, &len);
	char err[256];
	struct scap_reader *ra = scap_reader_open_mem(f.data, f.len, NULL, err, sizeof err);
	struct scap_reader *rb = scap_reader_open_mem(back, len, NULL, err, sizeof err);
	struct event ea, eb;
	int n = 0;
	while (scap_reader_next(ra, &ea) > 0) {
		CHECK_INTEQ(scap_reader_next(rb, &eb), 1);
		CHECK_INTEQ(eb.record_len, ea.record_len);
		CHECK_MEMEQ(eb.record, ea.record, ea.record_len);
		CHECK_INTEQ(eb.cpu, ea.cpu);
		n++;
	}
	CHECK_INTEQ(n, 2);
	CHECK_INTEQ(scap_reader_next(rb, &eb), 0);
	scap_reader_close(ra);
	scap_reader_close(rb);
	free(back);
}

/* The same events print the same lines from the copy. */
static void copy_prints_like_the_original(void)
{
	static struct bytes f;
	rich_file(&f);
	const char *out = tmp_path("print.scap");
	CHECK(rewrite(f.data, f.len, out, OSTREAM_PLAIN));
	size_t len;
	uint8_t *back = slurp(out, &len);
	CHECK(len <= sizeof f.data);
	static struct bytes g;
	g.len = len < sizeof g.data ? len : 0;
	memcpy(g.data, back, g.len);
	char *ta = replay_text(&f, NULL), *tb = replay_text(&g, NULL);
	CHECK(ta && strstr(ta, "fd=9(<f>/etc/hosts)"));
	CHECK_STREQ(tb, ta);
	free(ta);
	free(tb);
	free(back);
}

/* A v1 record (22-byte header, no parameter count) becomes a v2 record
 * with the count the reader inferred. */
static void v1_records_get_the_current_header(void)
{
	static struct bytes f, rec;
	f.len = rec.len = 0;
	put_shb(&f, 1);
	put_process(&f, 42, 42, 1, "demo", "/", 0);
	/* open exit with its 5 OLD parameters, as a v1 record */
	put_record(&rec, T0, 42, 3, 5,
		   (struct pval[]){ PV_U64(3), PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0),
				    PV_U32(0x803) });
	struct bytes v1 = { .len = 0 };
	put_le(&v1, 0, 2); /* cpu */
	put_raw(&v1, rec.data, 16);
	put_le(&v1, rec.len - 4, 4);
	put_raw(&v1, rec.data + 20, 2);
	put_raw(&v1, rec.data + 26, rec.len - 26);
	put_block(&f, BT_EV, &v1);
	const char *out = tmp_path("v1.scap");
	CHECK(rewrite(f.data, f.len, out, OSTREAM_PLAIN));
	size_t len;
	uint8_t *back = slurp(out, &len);
	char err[256];
	struct scap_reader *r = scap_reader_open_mem(back, len, NULL, err, sizeof err);
	struct event ev;
	CHECK(r && scap_reader_next(r, &ev) == 1);
	if (r) {
		CHECK(!ev.v1_header);
		CHECK_INTEQ(ev.nparams, 5);
		CHECK_INTEQ(ev.record_len, rec.len);
		CHECK_MEMEQ(ev.record, rec.data, rec.len);
	}
	scap_reader_close(r);
	free(back);
}

/* Parse a record built in a buffer into ev (which points into it). */
static void parse_record(struct event *ev, const uint8_t *rec, size_t len)
{
	const char *why = "";
	CHECK(event_parse(ev, rec, len, &why) == 0);
	ev->cpu = 3;
	ev->dump_flags = 0;
}

/* Block types of a plain file, in order (up to max). */
static size_t block_types(const uint8_t *p, size_t len, uint32_t *types, size_t max)
{
	size_t n = 0, off = 0;
	while (off + 12 <= len && n < max) {
		types[n++] = (uint32_t)le_read(p + off, 4, 4);
		uint32_t total = (uint32_t)le_read(p + off + 4, 4, 4);
		if (total < 12)
			break;
		off += total;
	}
	return n;
}

/* Events that do not fit a 64 KiB block go in LARGE blocks; flagged
 * (state-only) events keep their flags; ids sysdig 0.29.3 does not know
 * are left out. */
static void large_flagged_and_unknown_events(void)
{
	size_t big = 26 + 3 * 2 + 8 + 65000 + 2000;
	uint8_t *rec = calloc(1, big);
	uint8_t small[64];
	memset(small, 0, sizeof small);
	struct bytes h = { .len = 0 };
	put_le(&h, T0, 8);
	put_le(&h, 42, 8);
	put_le(&h, big, 4);
	put_le(&h, 9, 2); /* write exit */
	put_le(&h, 3, 4);
	put_le(&h, 8, 2);
	put_le(&h, 65000, 2);
	put_le(&h, 2000, 2);
	memcpy(rec, h.data, h.len);
	for (size_t i = h.len; i < big; i++)
		rec[i] = (uint8_t)(i * 7);
	const char *out = tmp_path("large.scap");
	char err[512];
	struct scap_writer *w = scap_writer_open(out, OSTREAM_PLAIN, err, sizeof err);
	CHECK(w != NULL);
	if (!w) {
		free(rec);
		return;
	}
	struct event ev;
	parse_record(&ev, rec, big);
	CHECK_INTEQ(scap_writer_event(w, &ev), 1);
	struct bytes s = { .len = 0 };
	put_record(&s, T0 + 1, 42, 1, 1, (struct pval[]){ PV_U16(16) });
	parse_record(&ev, s.data, s.len);
	ev.dump_flags = SCAP_DF_STATE_ONLY;
	CHECK_INTEQ(scap_writer_event(w, &ev), 1);
	ev.type = SCAP_OLD_EVENT_MAX; /* a NEW-only id */
	CHECK_INTEQ(scap_writer_event(w, &ev), 0);
	CHECK_INTEQ(scap_writer_skipped(w), 1);
	CHECK_INTEQ(scap_writer_events(w), 2);
	CHECK(scap_writer_close(w, true, err, sizeof err));
	size_t len;
	uint8_t *back = slurp(out, &len);
	uint32_t types[8];
	size_t n = block_types(back, len, types, 8);
	CHECK_INTEQ(n, 3);
	if (n == 3) {
		CHECK_INTEQ(types[0], BT_SHB);
		CHECK_INTEQ(types[1], BT_EV_V2_LARGE);
		CHECK_INTEQ(types[2], BT_EVF_V2);
	}
	struct scap_reader *r = scap_reader_open_mem(back, len, NULL, err, sizeof err);
	CHECK(r && scap_reader_next(r, &ev) == 1);
	if (r) {
		CHECK_INTEQ(ev.record_len, big);
		CHECK_MEMEQ(ev.record, rec, big);
		CHECK_INTEQ(ev.cpu, 3);
		CHECK_INTEQ(scap_reader_next(r, &ev), 1);
		CHECK_INTEQ(ev.dump_flags, SCAP_DF_STATE_ONLY);
		CHECK_INTEQ(scap_reader_next(r, &ev), 0);
	}
	scap_reader_close(r);
	free(back);
	free(rec);
}

/* The section header, machine and process blocks byte for byte as the
 * format's worked example lays them out (scap-format.md §1.5, §8.4). */
static void blocks_match_the_format(void)
{
	struct strbuf sb = { 0 };
	scap_put_shb(&sb);
	static const uint8_t shb[28] = {
		0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 2, 0,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1c, 0, 0, 0,
	};
	CHECK_INTEQ(sb.len, 28);
	CHECK_MEMEQ(sb.data, shb, 28);
	sb_clear(&sb);
	struct machine_info mi = { .num_cpus = 4, .memory_bytes = 1, .max_pid = 2, .hostname = "h" };
	scap_put_mi(&sb, &mi);
	CHECK_INTEQ(sb.len, 192);
	CHECK_INTEQ(le_read((uint8_t *)sb.data + 4, 4, 4), 192);
	CHECK_INTEQ(le_read((uint8_t *)sb.data + 188, 4, 4), 192);
	/* One PL_V9 entry: the same bytes scap_build.h lays out by hand. */
	sb_clear(&sb);
	size_t b = scap_block_open(&sb, BT_PL_V9);
	struct proc_info pi = {
		.tid = 42, .pid = 42, .ptid = 1, .sid = 42, .vpgid = 42, .vtid = 42, .vpid = 42,
		.comm = { "demo", 4 }, .exe = { "demo", 4 }, .exepath = { "/usr/bin/x", 10 },
		.args = { "", 0 }, .cwd = { "/", 1 }, .env = { "", 0 }, .cgroups = { "", 0 },
		.root = { "/", 1 }, .fdlimit = 1024, .uid = 1000, .gid = 1000,
		.loginuid = UINT32_MAX,
	};
	scap_put_pl_entry(&sb, &pi);
	scap_block_close(&sb, b);
	static struct bytes ref;
	ref.len = 0;
	put_process(&ref, 42, 42, 1, "demo", "/", 0);
	CHECK_INTEQ(sb.len, ref.len);
	CHECK_MEMEQ(sb.data, ref.data, ref.len);
	sb_free(&sb);
}

/* ---- compression ------------------------------------------------------------ */

static uint64_t rng = 88172645463325252ull;
static uint8_t next_byte(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint8_t)rng;
}

/* n events carrying `size` bytes each (random when noisy, so they do
 * not compress), written to w.  Returns how many were written. */
static long write_events(struct scap_writer *w, long n, uint16_t size, bool noisy)
{
	static uint8_t rec[26 + 4 + 8 + 65535];
	struct bytes h = { .len = 0 };
	long done = 0;
	for (long i = 0; i < n; i++) {
		h.len = 0;
		put_le(&h, T0 + (uint64_t)i, 8);
		put_le(&h, 42, 8);
		put_le(&h, 26 + 4 + 8 + size, 4);
		put_le(&h, 9, 2);
		put_le(&h, 2, 4);
		put_le(&h, 8, 2);
		put_le(&h, size, 2);
		put_le(&h, size, 8);
		memcpy(rec, h.data, h.len);
		for (uint32_t k = 0; k < size; k++)
			rec[h.len + k] = noisy ? next_byte() : (uint8_t)(k % 17);
		struct event ev;
		parse_record(&ev, rec, h.len + size);
		if (scap_writer_event(w, &ev) != 1)
			break;
		done++;
	}
	return done;
}

/* Past OSTREAM_SEGMENT the compressed output is several gzip members or
 * zstd frames; the reader takes them all. */
static void compressed_files_span_several_segments(void)
{
	for (int k = 0; k < 3; k++) {
		const char *out = tmp_path("segments.scap");
		char err[512];
		struct scap_writer *w = scap_writer_open(out, (enum ostream_kind)k, err, sizeof err);
		CHECK(w != NULL);
		if (!w)
			continue;
		CHECK_INTEQ(write_events(w, 200, 50000, false), 200);
		CHECK(scap_writer_close(w, true, err, sizeof err));
		CHECK_INTEQ(count_events(out), 200);
		struct stat sb;
		CHECK(stat(out, &sb) == 0 && (k == 0 ? sb.st_size > 10000000 : sb.st_size < 1000000));
	}
}

/* ---- failures ----------------------------------------------------------------- */

static void open_failures_create_nothing(void)
{
	char err[512];
	const char *missing = tmp_path("no/such/dir.scap");
	CHECK(scap_writer_open(missing, OSTREAM_ZSTD, err, sizeof err) == NULL);
	CHECK(strstr(err, "no/such/dir.scap: cannot create: No such file or directory") != NULL);
	CHECK(scap_writer_open(dir, OSTREAM_ZSTD, err, sizeof err) == NULL);
	CHECK(strstr(err, ": cannot create: Is a directory") != NULL);
	/* A new file is private: mode 0600 (under the test's umask 077). */
	const char *out = tmp_path("mode.scap");
	struct scap_writer *w = scap_writer_open(out, OSTREAM_ZSTD, err, sizeof err);
	struct stat sb;
	CHECK(w && stat(out, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	/* Closing without events removes it: it would not be a readable trace. */
	if (w)
		CHECK(scap_writer_close(w, false, err, sizeof err));
	CHECK(stat(out, &sb) != 0 && errno == ENOENT);
}

static void a_full_device_is_reported(void)
{
	char err[512] = "";
	struct scap_writer *w = scap_writer_open("/dev/full", OSTREAM_PLAIN, err, sizeof err);
	CHECK(w != NULL);
	if (!w)
		return;
	write_events(w, 10, 100, false);
	CHECK(!scap_writer_close(w, true, err, sizeof err));
	CHECK_STREQ(err, "/dev/full: write failed: No space left on device");
}

/* When the disk fills up mid-way (here: a file size limit), the file is
 * cut back to its last complete block, or gzip member / zstd frame, and
 * reads cleanly to its end. */
static void a_write_failure_leaves_a_readable_file(void)
{
	struct rlimit old;
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	static const struct {
		enum ostream_kind kind;
		rlim_t limit;
		long n;
		uint16_t size;
	} cases[] = {
		{ OSTREAM_PLAIN, 1000000, 2000, 997 },
		{ OSTREAM_GZIP, 6000000, 200, 60000 },
		{ OSTREAM_ZSTD, 6000000, 200, 60000 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *out = tmp_path("full.scap");
		char err[512] = "";
		struct scap_writer *w = scap_writer_open(out, cases[i].kind, err, sizeof err);
		CHECK(w != NULL);
		if (!w)
			continue;
		struct rlimit lim = { cases[i].limit, old.rlim_max };
		setrlimit(RLIMIT_FSIZE, &lim);
		long written = write_events(w, cases[i].n, cases[i].size, true);
		bool ok = scap_writer_close(w, true, err, sizeof err);
		setrlimit(RLIMIT_FSIZE, &old);
		CHECK(!ok);
		CHECK(strstr(err, "full.scap: write failed: File too large") != NULL);
		long back = count_events(out);
		if (!CHECK(back > 0 && back <= written))
			fprintf(stderr, "    compression %d: %ld events written, %ld read back\n",
				(int)cases[i].kind, written, back);
	}
	signal(SIGXFSZ, SIG_DFL);
}

/* ---- rotation ----------------------------------------------------------------- */

static struct state *small_state(void)
{
	static struct bytes f;
	rich_file(&f);
	return load_meta(f.data, f.len);
}

/* Feed events at the given times through a trace_out as main.c does.
 * Returns how many were taken before it asked to stop. */
static int feed(struct trace_out *t, struct state *st, const uint64_t *ts, int n)
{
	char err[512];
	int i;
	for (i = 0; i < n; i++) {
		struct bytes s = { .len = 0 };
		put_record(&s, ts[i], 10, 1, 1, (struct pval[]){ PV_U16(16) });
		struct event ev;
		parse_record(&ev, s.data, s.len);
		int go = trace_out_prepare(t, st, &ev, err, sizeof err);
		CHECK(go >= 0);
		if (go <= 0)
			break;
		CHECK_INTEQ(trace_out_write(t, &ev, err, sizeof err), 0);
	}
	CHECK(trace_out_finish(t, err, sizeof err));
	return i;
}

static void rotation_by_events_makes_a_ring(void)
{
	struct state *st = small_state();
	char err[512];
	struct trace_out_opts o = { .path = tmp_path("ring.scap"), .kind = OSTREAM_PLAIN,
				    .file_events = 2, .max_files = 3 };
	struct trace_out *t = trace_out_new(&o, err, sizeof err);
	CHECK(t && trace_out_start(t, err, sizeof err));
	uint64_t ts[7];
	for (int i = 0; i < 7; i++)
		ts[i] = T0 + (uint64_t)i;
	CHECK_INTEQ(feed(t, st, ts, 7), 7);
	CHECK_INTEQ(trace_out_files(t), 4);
	CHECK_INTEQ(trace_out_events(t), 7);
	trace_out_free(t);
	/* ring.scap0 was written again with the 7th event. */
	CHECK_INTEQ(count_events(tmp_path("ring.scap0")), 1);
	CHECK_INTEQ(count_events(tmp_path("ring.scap1")), 2);
	CHECK_INTEQ(count_events(tmp_path("ring.scap2")), 2);
	CHECK(access(tmp_path("ring.scap3"), F_OK) != 0);
	/* Each file carries the metadata: the process is known in all. */
	size_t len;
	uint8_t *back = slurp(tmp_path("ring.scap2"), &len);
	struct state *b = load_meta(back, len);
	char *ta = export_text(st), *tb = export_text(b);
	CHECK_STREQ(tb, ta);
	free(ta);
	free(tb);
	state_free(b);
	free(back);
	state_free(st);
}

static void rotation_by_size(void)
{
	struct state *st = small_state();
	char err[512];
	struct trace_out_opts o = { .path = tmp_path("size.scap"), .kind = OSTREAM_PLAIN,
				    .file_bytes = 1 };
	struct trace_out *t = trace_out_new(&o, err, sizeof err);
	CHECK(t && trace_out_start(t, err, sizeof err));
	uint64_t ts[3] = { T0, T0 + 1, T0 + 2 };
	CHECK_INTEQ(feed(t, st, ts, 3), 3);
	CHECK_INTEQ(trace_out_files(t), 3);
	trace_out_free(t);
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof name, "size.scap%d", i);
		CHECK_INTEQ(count_events(tmp_path(name)), 1);
	}
	state_free(st);
}

/* -G: a new file every N seconds of event time; strftime conversions in
 * the name take the time of the file's first event; -W stops after N. */
static void rotation_by_time_with_strftime_names(void)
{
	struct state *st = small_state();
	char err[512];
	char pattern[128];
	snprintf(pattern, sizeof pattern, "%s/t_%%H%%M%%S.scap", dir);
	struct trace_out_opts o = { .path = pattern, .kind = OSTREAM_GZIP,
				    .file_ns = 1000000000ull, .max_files = 2 };
	struct trace_out *t = trace_out_new(&o, err, sizeof err);
	CHECK(t && trace_out_start(t, err, sizeof err));
	uint64_t ts[4] = { T0, T0 + 500000000, T0 + 1200000000, T0 + 5000000000 };
	CHECK_INTEQ(feed(t, st, ts, 4), 3); /* the 4th would start a 3rd file */
	CHECK_INTEQ(trace_out_files(t), 2);
	trace_out_free(t);
	CHECK_INTEQ(count_events(tmp_path("t_221320.scap")), 2);
	CHECK_INTEQ(count_events(tmp_path("t_221321.scap")), 1);
	CHECK(access(tmp_path("t_221325.scap"), F_OK) != 0);
	state_free(st);
}

static void the_input_is_never_overwritten(void)
{
	const char *in = tmp_path("input.scap");
	FILE *f = fopen(in, "w");
	if (f)
		fclose(f);
	char err[512];
	struct trace_out_opts o = { .path = in, .kind = OSTREAM_PLAIN, .input_path = in };
	struct trace_out *t = trace_out_new(&o, err, sizeof err);
	CHECK(t && !trace_out_start(t, err, sizeof err));
	CHECK(strstr(err, "input.scap: is the file being read") != NULL);
	trace_out_free(t);
}

static void names_choose_the_compression(void)
{
	CHECK_INTEQ(trace_out_kind_of_name("a.scap.gz"), OSTREAM_GZIP);
	CHECK_INTEQ(trace_out_kind_of_name("a.scap.zst"), OSTREAM_ZSTD);
	CHECK_INTEQ(trace_out_kind_of_name("a.scap"), OSTREAM_ZSTD);
	CHECK_INTEQ(trace_out_kind_of_name("gz"), OSTREAM_ZSTD);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(void)
{
	umask(077);
	snprintf(dir, sizeof dir, "/tmp/syscope-test-writer-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	metadata_round_trips();
	an_export_lists_the_processes_kept();
	records_are_copied_unchanged();
	copy_prints_like_the_original();
	v1_records_get_the_current_header();
	large_flagged_and_unknown_events();
	blocks_match_the_format();
	compressed_files_span_several_segments();
	open_failures_create_nothing();
	a_full_device_is_reported();
	a_write_failure_leaves_a_readable_file();
	rotation_by_events_makes_a_ring();
	rotation_by_size();
	rotation_by_time_with_strftime_names();
	the_input_is_never_overwritten();
	names_choose_the_compression();
	nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	return check_summary();
}
