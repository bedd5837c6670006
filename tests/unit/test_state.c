/* The state engine, seen through the lines it lets the printer write: fd
 * names after open/socket/connect/dup/pipe, removal after close, threads
 * from clone sharing or copying fd tables, execve renaming, cwd tracking. */
#include "check.h"
#include "replay_helper.h"

#define T0 1700000000000000000ull

static void has_line(const char *text, const char *line)
{
	if (!CHECK(text && strstr(text, line) != NULL))
		fprintf(stderr, "    missing line: %s\n    in:\n%s\n", line, text ? text : "(null)");
}

static void open_names_the_fd_and_close_removes_it(void)
{
	static struct bytes f;
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 10, 10, 1, "cat", "/home/alice", 0);
	put_event(&f, T0 + 1, 10, 3, 5, (struct pval[]){ PV_U64(3), PV_STR("notes.txt"), PV_U32(1),
							   PV_U32(0), PV_U32(0) });
	put_event(&f, T0 + 2, 10, 4, 1, (struct pval[]){ PV_U64(3) });
	put_event(&f, T0 + 3, 10, 5, 1, (struct pval[]){ PV_U64(0) });
	put_event(&f, T0 + 4, 10, 4, 1, (struct pval[]){ PV_U64(3) });
	char *t = replay_text(&f, NULL);
	has_line(t, "1 22:13:20.000000001 0 cat (10) < open fd=3(<f>/home/alice/notes.txt) "
		    "name=notes.txt(/home/alice/notes.txt) flags=1(O_RDONLY) mode=0 dev=0 \n");
	has_line(t, "2 22:13:20.000000002 0 cat (10) > close fd=3(<f>/home/alice/notes.txt) \n");
	has_line(t, "4 22:13:20.000000004 0 cat (10) > close fd=3 \n");
	free(t);
}

static void sockets_get_named_by_connect(void)
{
	static struct bytes f;
	uint8_t tuple[13] = { 2, 10, 0, 0, 5, 0x12, 0xa1, 93, 184, 216, 34, 80, 0 };
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 10, 10, 1, "curl", "/", 0);
	put_event(&f, T0 + 1, 10, 18, 3, (struct pval[]){ PV_U32(2), PV_U32(1), PV_U32(0) });
	put_event(&f, T0 + 2, 10, 19, 1, (struct pval[]){ PV_U64(4) });
	put_event(&f, T0 + 3, 10, 22, 1, (struct pval[]){ PV_U64(4) });
	put_event(&f, T0 + 4, 10, 23, 2, (struct pval[]){ PV_U64(0), PV_BUF(tuple, 13) });
	put_event(&f, T0 + 5, 10, 124, 1, (struct pval[]){ PV_U64(4) });
	put_event(&f, T0 + 6, 10, 125, 1, (struct pval[]){ PV_U64(7) });
	char *t = replay_text(&f, NULL);
	has_line(t, "2 22:13:20.000000002 0 curl (10) < socket fd=4(<4>) \n");
	has_line(t, "< connect res=0 tuple=10.0.0.5:41234->93.184.216.34:80 \n");
	has_line(t, "> dup fd=4(<4t>10.0.0.5:41234->93.184.216.34:80) \n");
	has_line(t, "< dup res=7(<4t>10.0.0.5:41234->93.184.216.34:80) \n");
	free(t);
}

/* sysdig names a unix socket fd after its path up to a newline. */
static void unix_names_end_at_a_newline(void)
{
	static struct bytes f;
	static const char addr[] = "\001/var/run/docker.sock\nGET /info";
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 10, 10, 1, "dockerd", "/", 0);
	put_event(&f, T0 + 1, 10, 18, 3, (struct pval[]){ PV_U32(1), PV_U32(1), PV_U32(0) });
	put_event(&f, T0 + 2, 10, 19, 1, (struct pval[]){ PV_U64(4) });
	put_event(&f, T0 + 3, 10, 22, 2, (struct pval[]){ PV_U64(4), PV_BUF(addr, sizeof addr) });
	put_event(&f, T0 + 4, 10, 124, 1, (struct pval[]){ PV_U64(4) });
	char *t = replay_text(&f, NULL);
	has_line(t, "> dup fd=4(<u>/var/run/docker.sock) \n");
	free(t);
}

static void clone_creates_children_and_threads_share_fds(void)
{
	static struct bytes f;
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 100, 100, 1, "bash", "/home/alice", 0);
	put_event(&f, T0 + 1, 100, 3, 5, (struct pval[]){ PV_U64(3), PV_STR("/var/log/x"), PV_U32(2),
							    PV_U32(0), PV_U32(0) });
	/* clone exit in the parent: res = child, flags = CLONE_FILES|CLONE_THREAD. */
	struct pval clone[20] = {
		PV_U64(101), PV_STR("/bin/bash"), PV_BUF("", 0), PV_U64(100), PV_U64(100),
		PV_U64(1), PV_STR(""), PV_U64(1024), PV_U64(0), PV_U64(0), PV_U32(0), PV_U32(0),
		PV_U32(0), PV_STR("worker"), PV_BUF("", 0), PV_U32(0x2001), PV_U32(0), PV_U32(0),
		PV_U64(101), PV_U64(100),
	};
	put_event(&f, T0 + 2, 100, 223, 20, clone);
	put_event(&f, T0 + 3, 101, 8, 2, (struct pval[]){ PV_U64(3), PV_U32(5) });
	/* The child execs ls. */
	struct pval exec[20] = {
		PV_U64(0), PV_STR("ls"), PV_BUF("-l\0", 3), PV_U64(101), PV_U64(101), PV_U64(100),
		PV_STR("/tmp"), PV_U64(1024), PV_U64(0), PV_U64(0), PV_U32(0), PV_U32(0), PV_U32(0),
		PV_STR("ls"), PV_BUF("", 0), PV_BUF("", 0), PV_U32(0), PV_U64(101), PV_U32(0),
		PV_U32(0),
	};
	put_event(&f, T0 + 4, 101, 293, 20, exec);
	put_event(&f, T0 + 5, 101, 2, 3, (struct pval[]){ PV_STR("f"), PV_U32(1), PV_U32(0) });
	char *t = replay_text(&f, NULL);
	has_line(t, "< clone res=101(worker) exe=/bin/bash");
	has_line(t, "3 22:13:20.000000003 0 worker (101) > write fd=3(<f>/var/log/x) size=5 \n");
	has_line(t, "4 22:13:20.000000004 0 ls (101) < execve res=0 exe=ls args=-l. ");
	has_line(t, "5 22:13:20.000000005 0 ls (101) > open name=f(/tmp/f) flags=1(O_RDONLY) mode=0 \n");
	free(t);
}

static void unknown_threads_print_as_na(void)
{
	static struct bytes f;
	f.len = 0;
	put_shb(&f, 1);
	put_event(&f, T0, 555, 2, 3, (struct pval[]){ PV_STR("/x"), PV_U32(1), PV_U32(0) });
	char *t = replay_text(&f, NULL);
	has_line(t, "1 22:13:20.000000000 0 <NA> (555) > open name=/x flags=1(O_RDONLY) mode=0 \n");
	free(t);
}

static void chdir_moves_the_cwd(void)
{
	static struct bytes f;
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 10, 10, 1, "sh", "/", 0);
	put_event(&f, T0 + 1, 10, 95, 2, (struct pval[]){ PV_U64(0), PV_STR("/srv/www/../data") });
	put_event(&f, T0 + 2, 10, 2, 3, (struct pval[]){ PV_STR("./a"), PV_U32(1), PV_U32(0) });
	char *t = replay_text(&f, NULL);
	has_line(t, "> open name=./a(/srv/data/a) ");
	free(t);
}

/* A UDP socket whose first datagram leaves its local address unset: sysdig
 * completes it from the capture's interface list. */
static void put_udp_capture(struct bytes *f, const uint8_t addr[4], const uint8_t mask[4])
{
	static const uint8_t tuple[13] = { 2, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 53, 0 };
	f->len = 0;
	put_shb(f, 1);
	put_iface_v4(f, "eth0", addr, mask);
	put_process(f, 10, 10, 1, "app", "/", 0);
	put_event(f, T0 + 1, 10, 18, 3, (struct pval[]){ PV_U32(2), PV_U32(2), PV_U32(0) });
	put_event(f, T0 + 2, 10, 19, 1, (struct pval[]){ PV_U64(3) });
	put_event(f, T0 + 3, 10, 30, 3, (struct pval[]){ PV_U64(3), PV_U32(3), PV_BUF(tuple, 13) });
	put_event(f, T0 + 4, 10, 31, 2, (struct pval[]){ PV_U64(3), PV_BUF("abc", 3) });
	put_event(f, T0 + 5, 10, 8, 2, (struct pval[]){ PV_U64(3), PV_U32(3) });
}

/* Two states fed event by event in turn: each must see only its own
 * capture's interfaces, exactly as when it runs alone. */
static void states_do_not_share_interfaces(void)
{
	static struct bytes fa, fb;
	put_udp_capture(&fa, (const uint8_t[]){ 10, 0, 0, 5 }, (const uint8_t[]){ 255, 255, 255, 0 });
	put_udp_capture(&fb, (const uint8_t[]){ 192, 168, 1, 7 }, (const uint8_t[]){ 255, 255, 0, 0 });
	char *alone_a = replay_text(&fa, NULL), *alone_b = replay_text(&fb, NULL);
	has_line(alone_a, "> write fd=3(<4u>10.0.0.5:0->8.8.8.8:53) size=3 \n");
	has_line(alone_b, "> write fd=3(<4u>192.168.1.7:0->8.8.8.8:53) size=3 \n");

	const struct bytes *in[2] = { &fa, &fb };
	struct state *st[2];
	struct scap_sink sink[2];
	struct scap_reader *r[2];
	struct printer pr[2];
	char *text[2] = { NULL, NULL };
	size_t len[2];
	FILE *out[2];
	char err[256];
	for (int k = 0; k < 2; k++) {
		out[k] = open_memstream(&text[k], &len[k]);
		st[k] = state_new();
		sink[k] = state_sink(st[k]);
		r[k] = scap_reader_open_mem(in[k]->data, in[k]->len, &sink[k], err, sizeof err);
		printer_init(&pr[k], out[k]);
	}
	for (bool more = true; more;) {
		more = false;
		for (int k = 0; k < 2; k++) {
			struct event ev;
			struct evt_ctx ctx;
			if (!r[k] || scap_reader_next(r[k], &ev) <= 0)
				continue;
			more = true;
			state_process_event(st[k], &ev, &ctx);
			print_default_line(&pr[k], &ev, &ctx, st[k]);
			printer_observe(&pr[k], &ev);
		}
	}
	for (int k = 0; k < 2; k++) {
		printer_flush(&pr[k]);
		printer_free(&pr[k]);
		scap_reader_close(r[k]);
		state_free(st[k]);
		fclose(out[k]);
	}
	CHECK_STREQ(text[0], alone_a);
	CHECK_STREQ(text[1], alone_b);
	free(text[0]);
	free(text[1]);
	free(alone_a);
	free(alone_b);
}

/* A fork's clone exit (no CLONE_FILES: the child gets a copy of the fds),
 * from the parent (res = child) or the child (res = 0). */
static void put_fork(struct bytes *f, uint64_t ts, int64_t tid, int64_t res, int64_t ptid)
{
	struct pval clone[20] = {
		PV_U64(res), PV_STR("/usr/bin/app"), PV_BUF("", 0), PV_U64(tid), PV_U64(tid),
		PV_U64(ptid), PV_STR("/"), PV_U64(1024), PV_U64(0), PV_U64(0), PV_U32(0), PV_U32(0),
		PV_U32(0), PV_STR("app"), PV_BUF("", 0), PV_U32(0), PV_U32(0), PV_U32(0),
		PV_U64(tid), PV_U64(tid),
	};
	put_event(f, ts, tid, 223, 20, clone);
}

/* A connected TCP socket is a client; a forked child's copy stays one, so
 * when the child touches it again it still shows its protocol (an fd
 * without a role would show "<4>", as sysdig does for one). */
static void forked_child_keeps_socket_role(void)
{
	static struct bytes f;
	uint8_t addr[7] = { 2, 93, 184, 216, 34, 80, 0 };
	uint8_t tuple[13] = { 2, 10, 0, 0, 5, 0x12, 0xa1, 93, 184, 216, 34, 80, 0 };
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 10, 10, 1, "app", "/", 0);
	put_event(&f, T0 + 1, 10, 18, 3, (struct pval[]){ PV_U32(2), PV_U32(1), PV_U32(0) });
	put_event(&f, T0 + 2, 10, 19, 1, (struct pval[]){ PV_U64(3) });
	put_event(&f, T0 + 3, 10, 22, 2, (struct pval[]){ PV_U64(3), PV_BUF(addr, 7) });
	put_event(&f, T0 + 4, 10, 23, 2, (struct pval[]){ PV_U64(0), PV_BUF(tuple, 13) });
	put_event(&f, T0 + 5, 10, 222, 0, NULL);
	put_fork(&f, T0 + 6, 10, 11, 1);
	put_fork(&f, T0 + 7, 11, 0, 10);
	put_event(&f, T0 + 8, 11, 22, 2, (struct pval[]){ PV_U64(3), PV_BUF(addr, 7) });
	put_event(&f, T0 + 9, 11, 23, 2, (struct pval[]){ PV_U64(-106), PV_BUF(tuple, 13) });
	char *t = replay_text(&f, NULL);
	has_line(t, "3 22:13:20.000000003 0 app (10) > connect fd=3(<4>) addr=93.184.216.34:80 \n");
	has_line(t, "8 22:13:20.000000008 0 app (11) > connect "
		    "fd=3(<4t>10.0.0.5:41234->93.184.216.34:80) addr=93.184.216.34:80 \n");
	free(t);
}

/* The vm_size of an mmap exit reaches the thread unless the state was told
 * nothing reads memory sizes; then mmap exits are not parsed at all (and
 * may be skimmed), while opens still are. */
static uint32_t vmsize_after_mmap(bool skip)
{
	static struct bytes f;
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 10, 10, 1, "app", "/", 0);
	put_event(&f, T0 + 1, 10, 161, 4,
		  (struct pval[]){ PV_U64(0x7f0000000000), PV_U32(4242), PV_U32(99), PV_U32(0) });
	struct state *st = state_new();
	if (skip)
		state_skip_memory(st);
	CHECK(state_parses_type(st, 161) == !skip);
	CHECK(state_parses_type(st, 3)); /* open exit */
	struct scap_sink sink = state_sink(st);
	char err[256];
	struct scap_reader *r = scap_reader_open_mem(f.data, f.len, &sink, err, sizeof err);
	struct event ev;
	struct evt_ctx ctx;
	while (r && scap_reader_next(r, &ev) > 0)
		state_process_event(st, &ev, &ctx);
	struct thread *t = state_find_thread(st, 10);
	uint32_t kb = t ? t->vmsize_kb : 0;
	scap_reader_close(r);
	state_free(st);
	return kb;
}

static void memory_sizes_can_be_left_out(void)
{
	CHECK_INTEQ(vmsize_after_mmap(false), 4242);
	CHECK(vmsize_after_mmap(true) != 4242);
}

int main(void)
{
	open_names_the_fd_and_close_removes_it();
	sockets_get_named_by_connect();
	unix_names_end_at_a_newline();
	clone_creates_children_and_threads_share_fds();
	unknown_threads_print_as_na();
	chdir_moves_the_cwd();
	states_do_not_share_interfaces();
	forked_child_keeps_socket_role();
	memory_sizes_can_be_left_out();
	return check_summary();
}
