/* -p formats, -j lines, the fields they print, -S and -l: a small trace
 * run through the state engine and a format, and the error messages a
 * user sees for bad formats. */
#include <stdlib.h>

#include "check.h"
#include "fields.h"
#include "format.h"
#include "list_fields.h"
#include "scap_build.h"
#include "scap_reader.h"
#include "summary.h"

#define T0 1700000000000000000ull

/* cat (pid 10, cwd /home/alice) opens /etc/hosts as fd 3, reads
 * "ab\ncd" (with a NUL and a 0x01) from it and fails an access. */
static void build(struct bytes *f)
{
	static const char data[] = { 0, 1, 'a', 'b', '\n', 'c', 'd' };
	f->len = 0;
	put_shb(f, 1);
	put_process(f, 10, 10, 1, "cat", "/home/alice", 0);
	put_event(f, T0 + 1000, 10, 2, 3, (struct pval[]){ PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0) });
	put_event(f, T0 + 3000, 10, 3, 5, (struct pval[]){ PV_U64(3), PV_STR("/etc/hosts"), PV_U32(1),
							  PV_U32(0), PV_U32(0x803) });
	put_event(f, T0 + 4000, 10, 6, 2, (struct pval[]){ PV_U64(3), PV_U32(64) });
	put_event(f, T0 + 5589, 10, 7, 2, (struct pval[]){ PV_U64(7), PV_BUF(data, 7) });
	put_event(f, T0 + 6000, 10, 265, 2, (struct pval[]){ PV_U64((uint64_t)-2), PV_STR("/nope") });
}

/* python (pid 20, cwd /srv) makes fds of several kinds, some calls name an
 * fd that has no entry, and a connect fails. */
static void build_fds(struct bytes *f)
{
	uint8_t tuple[13] = { 2, 10, 0, 0, 5, 0x12, 0xa1, 10, 255, 255, 1, 80, 0 };
	f->len = 0;
	put_shb(f, 1);
	put_iface_v4(f, "lo", (const uint8_t[]){ 127, 0, 0, 1 }, (const uint8_t[]){ 255, 0, 0, 0 });
	put_process(f, 20, 20, 1, "python", "/srv", 0);
	put_event(f, T0 + 1, 20, 60, 0, NULL);                                  /* 1 > pipe */
	put_event(f, T0 + 2, 20, 61, 4, (struct pval[]){ PV_U64(0), PV_U64(3), PV_U64(4),
							 PV_U64(77) });           /* 2 < pipe */
	put_event(f, T0 + 3, 20, 43, 5, (struct pval[]){ PV_U64(0), PV_U64(5), PV_U64(6),
							 PV_U64(1), PV_U64(2) }); /* 3 < socketpair */
	put_event(f, T0 + 4, 20, 63, 1, (struct pval[]){ PV_U64(7) });          /* 4 < eventfd */
	put_event(f, T0 + 5, 20, 44, 0, NULL);                                  /* 5 > setsockopt */
	put_event(f, T0 + 6, 20, 45, 2, (struct pval[]){ PV_U64(0), PV_U64(5) }); /* 6 < setsockopt */
	put_event(f, T0 + 7, 20, 3, 5, (struct pval[]){ PV_U64((uint64_t)-2), PV_STR("a/b.txt"),
							PV_U32(1), PV_U32(0), PV_U32(0) }); /* 7 < open */
	put_event(f, T0 + 8, 20, 70, 1, (struct pval[]){ PV_U64(9) });         /* 8 > fstat */
	put_event(f, T0 + 9, 20, 18, 3, (struct pval[]){ PV_U32(2), PV_U32(1), PV_U32(0) });
	put_event(f, T0 + 10, 20, 19, 1, (struct pval[]){ PV_U64(8) });        /* 10 < socket */
	put_event(f, T0 + 11, 20, 22, 1, (struct pval[]){ PV_U64(8) });        /* 11 > connect */
	put_event(f, T0 + 12, 20, 23, 2, (struct pval[]){ PV_U64((uint64_t)-111),
							  PV_BUF(tuple, 13) });   /* 12 < connect */
	/* both ends of a loopback connection in one process */
	uint8_t lo[13] = { 2, 127, 0, 0, 1, 0x40, 0x9c, 127, 0, 0, 1, 80, 0 };
	put_event(f, T0 + 13, 20, 18, 3, (struct pval[]){ PV_U32(2), PV_U32(1), PV_U32(0) });
	put_event(f, T0 + 14, 20, 19, 1, (struct pval[]){ PV_U64(10) });        /* 14 < socket */
	put_event(f, T0 + 15, 20, 22, 1, (struct pval[]){ PV_U64(10) });        /* 15 > connect */
	put_event(f, T0 + 16, 20, 23, 2, (struct pval[]){ PV_U64(0), PV_BUF(lo, 13) });
}

/* sh (pid 30, cwd /home/bob) dups an fd with fcntl, starts a session,
 * fails an lseek on a pipe and runs a script by a relative path. */
static void build_calls(struct bytes *f)
{
	f->len = 0;
	put_shb(f, 1);
	put_process(f, 30, 30, 1, "sh", "/home/bob", 0);
	put_event(f, T0 + 1, 30, 3, 5, (struct pval[]){ PV_U64(3), PV_STR("/etc/hosts"), PV_U32(1),
							PV_U32(0), PV_U32(0) });      /* 1 < open */
	put_event(f, T0 + 2, 30, 150, 2, (struct pval[]){ PV_U64(3), PV_U8(1) }); /* 2 > fcntl F_DUPFD */
	put_event(f, T0 + 3, 30, 151, 1, (struct pval[]){ PV_U64(11) });          /* 3 < fcntl */
	put_event(f, T0 + 4, 30, 274, 0, NULL);                                    /* 4 > setsid */
	put_event(f, T0 + 5, 30, 275, 1, (struct pval[]){ PV_U64(77) });          /* 5 < setsid */
	put_event(f, T0 + 6, 30, 61, 4, (struct pval[]){ PV_U64(0), PV_U64(4), PV_U64(5),
							 PV_U64(9) });             /* 6 < pipe */
	put_event(f, T0 + 7, 30, 86, 3, (struct pval[]){ PV_U64(4), PV_U64(0), PV_U8(1) });
	put_event(f, T0 + 8, 30, 87, 1, (struct pval[]){ PV_U64((uint64_t)-29) }); /* 8 < lseek */
	put_event(f, T0 + 9, 30, 292, 1, (struct pval[]){ PV_STR("bin/run.sh") }); /* 9 > execve */
	put_event(f, T0 + 10, 30, 293, 2, (struct pval[]){ PV_U64(0), PV_STR("/bin/sh") });
	put_event(f, T0 + 11, 30, 319, 6, (struct pval[]){ PV_U64(0), PV_U64((uint64_t)-100),
							   PV_STR("a"), PV_U64((uint64_t)-100),
							   PV_STR("/tmp/b"), PV_U32(0) }); /* 11 < renameat2 */
	put_event(f, T0 + 12, 30, 181, 4, (struct pval[]){ PV_U64(0), PV_STR("t"),
							   PV_U64((uint64_t)-100), PV_STR("l") });
	put_event(f, T0 + 13, 30, 306, 4, (struct pval[]){ PV_U64((uint64_t)-100), PV_STR("x"),
							   PV_U32(1), PV_U32(0) });    /* 13 > openat */
	put_event(f, T0 + 14, 30, 44, 0, NULL);                                   /* 14 > setsockopt */
	put_event(f, T0 + 15, 30, 45, 2, (struct pval[]){ PV_U64((uint64_t)-9),
							  PV_U64((uint64_t)-1) }); /* 15 < setsockopt */
	put_event(f, T0 + 16, 30, 6, 2, (struct pval[]){ PV_U64(3), PV_U32(10) }); /* 16 > read */
	put_event(f, T0 + 1016, 30, 7, 2, (struct pval[]){ PV_U64((uint64_t)-4), PV_BUF("", 0) });
	put_event(f, T0 + 1017, 30, 16, 0, NULL);                                 /* 18 > procexit */
}

static void (*builder)(struct bytes *) = build;

/* Every line the format prints for the trace (NULL if it does not compile). */
static char *run(const char *format, bool json, enum buf_mode mode)
{
	static struct bytes f;
	builder(&f);
	char err[256];
	struct format *fmt = format_compile(format, err, sizeof(err));
	if (!CHECK(fmt != NULL)) {
		fprintf(stderr, "    %s: %s\n", format, err);
		return NULL;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct state *st = state_new();
	struct scap_sink sink = state_sink(st);
	struct scap_reader *r = scap_reader_open_mem(f.data, f.len, &sink, err, sizeof err);
	struct printer pr;
	printer_init(&pr, out);
	pr.ro.buf = mode;
	pr.fmt = fmt;
	pr.json = json;
	struct event ev;
	struct evt_ctx ctx;
	while (r && scap_reader_next(r, &ev) > 0) {
		state_process_event(st, &ev, &ctx);
		if (print_line(&pr, &ev, &ctx, st))
			printer_observe(&pr, &ev);
	}
	printer_flush(&pr);
	printer_free(&pr);
	scap_reader_close(r);
	state_free(st);
	format_free(fmt);
	fields_cleanup();
	fclose(out);
	return text;
}

static void expect(const char *format, bool json, enum buf_mode mode, const char *want)
{
	char *got = run(format, json, mode);
	if (got && !CHECK_STREQ(got, want))
		fprintf(stderr, "    format: %s\n", format);
	free(got);
}

static void fields_print_as_sysdig_does(void)
{
	/* without '*', events missing a field are skipped */
	expect("%evt.num %fd.name", false, BUF_DOTS, "2 /etc/hosts\n3 /etc/hosts\n4 /etc/hosts\n");
	/* an open that has not returned yet is about fd -1, as in sysdig */
	expect("*%evt.num %fd.num", false, BUF_DOTS, "1 -1\n2 3\n3 3\n4 3\n5 <NA>\n");
	expect("%evt.num:%5proc.name|%2evt.type|", false, BUF_DOTS,
	       "1:cat  |op|\n2:cat  |op|\n3:cat  |re|\n4:cat  |re|\n5:cat  |ac|\n");
	expect("%evt.res %evt.rawres %evt.failed %evt.count.error", false, BUF_DOTS,
	       "ENOENT -2 true 1\n");
	expect("%evt.latency %evt.latency.human %evt.latency.ns %evt.deltatime", false, BUF_DOTS,
	       "0 0ns 000000000 0\n2000 2.00us 000002000 2000\n0 0ns 000000000 1000\n"
	       "1589 1.58us 000001589 1589\n0 0ns 000000000 411\n");
	expect("%evt.buflen %evt.buffer", false, BUF_DOTS, "7 ..ab.cd\n");
	expect("%evt.buffer", false, BUF_HEX, "\n\t0x0000: 0001 6162 0a63 64\n\n");
	expect("%evt.buffer", false, BUF_BASE64, "AAFhYgpjZA==\n");
	expect("%evt.arg.name %evt.arg[0] %evt.arg.flags %evt.arg.dev", false, BUF_DOTS,
	       "/etc/hosts <f>/etc/hosts O_RDONLY 803\n");
	expect("%fd.type %fd.typechar %fd.directory %fd.filename %fd.uid", false, BUF_DOTS,
	       "file f /etc hosts 103\nfile f /etc hosts 103\nfile f /etc hosts 103\n");
	/* without [N], the ancestor fields print the process itself */
	expect("%evt.num %proc.aname %proc.apid", false, BUF_DOTS,
	       "1 cat 10\n2 cat 10\n3 cat 10\n4 cat 10\n5 cat 10\n");
	expect("%evt.category %evt.is_io_read %evt.io_dir", false, BUF_DOTS,
	       "file true read\nfile true read\n");
	expect("%proc.cmdline|%proc.cwd|%user.uid|%container.id|%thread.ismain", false, BUF_DOTS,
	       "cat|/home/alice/|1000|host|true\ncat|/home/alice/|1000|host|true\n"
	       "cat|/home/alice/|1000|host|true\ncat|/home/alice/|1000|host|true\n"
	       "cat|/home/alice/|1000|host|true\n");
	expect("%evt.type.is.open %evt.type.is.3 %syscall.type", false, BUF_DOTS,
	       "1 0 open\n1 1 open\n0 0 read\n0 0 read\n0 0 access\n");
	expect("%evt.time %evt.datetime.s", false, BUF_DOTS,
	       "22:13:20.000001000 2023-11-14 22:13:20\n22:13:20.000003000 2023-11-14 22:13:20\n"
	       "22:13:20.000004000 2023-11-14 22:13:20\n22:13:20.000005589 2023-11-14 22:13:20\n"
	       "22:13:20.000006000 2023-11-14 22:13:20\n");
}

/* Which fd an event is about, and what sysdig 0.29.3 shows of an fd that
 * has no entry. */
static void fds_as_sysdig_attributes_them(void)
{
	builder = build_fds;
	/* pipe and socketpair: the second end; eventfd: the new fd;
	 * setsockopt: its enter names no fd; fstat of an unknown fd */
	expect("*%evt.num %fd.num %fd.type %fd.typechar %fd.uid", false, BUF_DOTS,
	       "1 -1 <NA> p 20-1\n2 4 pipe p 204\n3 6 unix u 206\n4 7 event e 207\n"
	       "5 <NA> <NA> <NA> <NA>\n6 -1 <NA> o 20-1\n7 -1 <NA> f 20-1\n8 9 <NA> o 209\n"
	       "9 -1 <NA> 4 20-1\n10 8 ipv4 4 208\n11 8 ipv4 4 208\n12 8 ipv4 4 208\n"
	       "13 -1 <NA> 4 20-1\n14 10 ipv4 4 2010\n15 10 ipv4 4 2010\n16 10 ipv4 4 2010\n");
	/* a failed open names the file it tried; a failed connect the tuple */
	expect("*%evt.num %fd.name|%fd.directory|%fd.containername|%fd.containerdirectory", false,
	       BUF_DOTS,
	       "1 <NA>|<NA>|<NA>|<NA>\n2 |<NA>|:|<NA>\n3 |<NA>|:|<NA>\n4 |<NA>|:|<NA>\n"
	       "5 <NA>|<NA>|<NA>|<NA>\n6 |/|:|:/\n7 /srv/a/b.txt|/srv/a|:/srv/a/b.txt|:/srv/a\n"
	       "8 <NA>|<NA>|<NA>|<NA>\n9 <NA>|<NA>|<NA>|<NA>\n10 |<NA>|:|<NA>\n"
	       "11 |<NA>|:|<NA>\n12 10.0.0.5:41234->10.255.255.1:80|<NA>|:10.0.0.5:41234->10.255.255.1:80|<NA>\n"
	       "13 <NA>|<NA>|<NA>|<NA>\n14 |<NA>|:|<NA>\n15 |<NA>|:|<NA>\n"
	       "16 127.0.0.1:40000->127.0.0.1:80|<NA>|:127.0.0.1:40000->127.0.0.1:80|<NA>\n");
	/* loopback: the client end is the local one, and the server is here */
	expect("%evt.num %fd.lip:%fd.lport %fd.rip:%fd.rport %fd.is_server", false, BUF_DOTS,
	       "16 127.0.0.1:40000 127.0.0.1:80 true\n");
	/* evt.reltime is zero-padded to nine digits, evt.deltatime is not */
	expect("%evt.num %evt.reltime %evt.deltatime", false, BUF_DOTS,
	       "1 000000000 0\n2 000000001 1\n3 000000002 1\n4 000000003 1\n"
	       "5 000000004 1\n6 000000005 1\n7 000000006 1\n8 000000007 1\n"
	       "9 000000008 1\n10 000000009 1\n11 000000010 1\n12 000000011 1\n"
	       "13 000000012 1\n14 000000013 1\n15 000000014 1\n16 000000015 1\n");
	builder = build;
}

/* State some calls change as sysdig 0.29.3 changes it. */
static void calls_update_state_as_sysdig_does(void)
{
	builder = build_calls;
	/* a net call on an fd with no entry is an 'other' error; a thread's
	 * end has no latency even right after a call */
	expect("*%evt.num %evt.count.error.net|%evt.count.error.other", false, BUF_DOTS,
	       "1 <NA>|<NA>\n2 <NA>|<NA>\n3 <NA>|<NA>\n4 <NA>|<NA>\n5 <NA>|<NA>\n6 <NA>|<NA>\n"
	       "7 <NA>|<NA>\n8 <NA>|1\n9 <NA>|<NA>\n10 <NA>|<NA>\n11 <NA>|<NA>\n12 <NA>|<NA>\n"
	       "13 <NA>|<NA>\n14 <NA>|<NA>\n15 <NA>|1\n16 <NA>|<NA>\n17 <NA>|<NA>\n"
	       "18 <NA>|<NA>\n");
	expect("%evt.num %evt.latency", false, BUF_DOTS,
	       "1 0\n2 0\n3 1\n4 0\n5 1\n6 0\n7 0\n8 1\n9 0\n10 1\n11 0\n12 0\n13 0\n14 0\n"
	       "15 1\n16 0\n17 1000\n18 0\n");
	/* a rename's old path unless .dst; a symlink's link; no enter events */
	expect("%evt.num %evt.abspath %evt.abspath.src %evt.abspath.dst", false, BUF_DOTS,
	       "11 /home/bob/a /home/bob/a /tmp/b\n12 /home/bob/l /home/bob/l /home/bob/l\n");
	/* an fcntl dup is about the new fd; setsid gives the session; an lseek
	 * on a pipe is no file error; exepath is the script, made absolute */
	expect("*%evt.num %fd.num %proc.sid %evt.count.error.file %evt.count.error.other %proc.exepath",
	       false, BUF_DOTS,
	       "1 3 30 <NA> <NA> /usr/bin/x\n2 3 30 <NA> <NA> /usr/bin/x\n"
	       "3 11 30 <NA> <NA> /usr/bin/x\n4 <NA> 30 <NA> <NA> /usr/bin/x\n"
	       "5 <NA> 77 <NA> <NA> /usr/bin/x\n6 5 77 <NA> <NA> /usr/bin/x\n"
	       "7 4 77 <NA> <NA> /usr/bin/x\n8 4 77 <NA> 1 /usr/bin/x\n"
	       "9 <NA> 77 <NA> <NA> /usr/bin/x\n10 <NA> 77 <NA> <NA> /home/bob/bin/run.sh\n"
	       "11 <NA> 77 <NA> <NA> /home/bob/bin/run.sh\n"
	       "12 <NA> 77 <NA> <NA> /home/bob/bin/run.sh\n"
	       "13 -1 77 <NA> <NA> /home/bob/bin/run.sh\n"
	       "14 <NA> 77 <NA> <NA> /home/bob/bin/run.sh\n"
	       "15 -1 77 <NA> 1 /home/bob/bin/run.sh\n16 3 77 <NA> <NA> /home/bob/bin/run.sh\n"
	       "17 3 77 1 <NA> /home/bob/bin/run.sh\n18 <NA> 77 <NA> <NA> /home/bob/bin/run.sh\n");
	builder = build;
}

static void escapes_and_json(void)
{
	expect("a\\tb\\\\c\\q %evt.num\\n", false, BUF_DOTS,
	       "a\tb\\c\\q 1\n\na\tb\\c\\q 2\n\na\tb\\c\\q 3\n\na\tb\\c\\q 4\n\n"
	       "a\tb\\c\\q 5\n\n");
	/* JSON: keys sorted, types kept, times as ns, missing fields null */
	expect("*%fd.num %evt.time %proc.name %evt.failed", true, BUF_DOTS,
	       "{\"evt.failed\":false,\"evt.time\":1700000000000001000,\"fd.num\":-1,"
	       "\"proc.name\":\"cat\"}\n"
	       "{\"evt.failed\":false,\"evt.time\":1700000000000003000,\"fd.num\":3,"
	       "\"proc.name\":\"cat\"}\n"
	       "{\"evt.failed\":false,\"evt.time\":1700000000000004000,\"fd.num\":3,"
	       "\"proc.name\":\"cat\"}\n"
	       "{\"evt.failed\":false,\"evt.time\":1700000000000005589,\"fd.num\":3,"
	       "\"proc.name\":\"cat\"}\n"
	       "{\"evt.failed\":true,\"evt.time\":1700000000000006000,\"fd.num\":null,"
	       "\"proc.name\":\"cat\"}\n");
	expect("%evt.buffer", true, BUF_ASCII, "{\"evt.buffer\":\"\\nab\\ncd\"}\n");
	/* a key given twice is written once */
	expect("%evt.num %evt.num", true, BUF_DOTS,
	       "{\"evt.num\":1}\n{\"evt.num\":2}\n{\"evt.num\":3}\n{\"evt.num\":4}\n{\"evt.num\":5}\n");

	struct strbuf sb = { 0 };
	static const char in[] = "q\"b\\\x01\x7f\xc3\xa9\xf0\x9f\x98\x80\xff";
	json_escape(&sb, in, sizeof(in) - 1);
	CHECK_STREQ(sb_cstr(&sb), "q\\\"b\\\\\\u0001\x7f\\u00e9\\ud83d\\ude00\\ufffd");
	sb_free(&sb);
}

static void bad_formats_are_named(void)
{
	static const struct {
		const char *format, *msg;
	} cases[] = {
		{ "%evt.num %proc.nme", "format error at column 11: unknown field 'proc.nme' "
					"(did you mean 'proc.name'?)" },
		{ "%evt.num %", "the format ends with '%' where a field name should follow" },
		{ "x %12", "the format ends with '%12' where a field name should follow" },
		{ "%fd.ip", "'fd.ip' can only be used in filters, not in -p formats" },
		{ "%evt.arg", "format error at column 2: 'evt.arg' needs an argument: evt.arg.NAME "
			      "or evt.arg[N]" },
		{ "%evt.type.is.bogus", "format error at column 2: unknown event type 'bogus'" },
		{ "%evt.abspath.bogus",
		  "format error at column 2: 'evt.abspath' takes .src or .dst, not '.bogus'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[256] = "";
		struct format *f = format_compile(cases[i].format, err, sizeof(err));
		CHECK(f == NULL);
		format_free(f);
		if (!CHECK_STREQ(err, cases[i].msg))
			fprintf(stderr, "    format: %s\n", cases[i].format);
	}
}

static void summary_sorts_like_sysdig(void)
{
	struct summary *s = summary_new();
	struct event ev = { .type = 3 };
	for (int i = 0; i < 3; i++)
		summary_add(s, &ev);
	ev.type = 2;
	summary_add(s, &ev);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	CHECK(summary_print(s, out));
	fclose(out);
	CHECK_STREQ(text, "----------------------\nEvent           #Calls\n----------------------\n"
			  "< open            3\n> open            1\n");
	free(text);
	summary_free(s);
}

static void field_list_wraps_at_120(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	list_fields(out, true);
	fclose(out);
	CHECK(strncmp(text, "-------------------------------\nField Class:                  evt "
			    "(All event types)\n", 77) == 0);
	size_t longest = 0, cur = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			if (cur > longest)
				longest = cur;
			cur = 0;
		} else {
			cur++;
		}
	}
	CHECK(longest <= 120);
	CHECK(strstr(text, "\nevt.latency.human             (Type: CHARBUF) ") != NULL);
	free(text);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	fields_print_as_sysdig_does();
	fds_as_sysdig_attributes_them();
	calls_update_state_as_sysdig_does();
	escapes_and_json();
	bad_formats_are_named();
	summary_sorts_like_sysdig();
	field_list_wraps_at_120();
	return check_summary();
}
