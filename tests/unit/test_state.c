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

int main(void)
{
	open_names_the_fd_and_close_removes_it();
	sockets_get_named_by_connect();
	clone_creates_children_and_threads_share_fds();
	unknown_threads_print_as_na();
	chdir_moves_the_cwd();
	return check_summary();
}
