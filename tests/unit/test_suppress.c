/* -U: the suppressed set and sysdig 0.29.3's rule (capture/state/suppress.c).
 * Events are built as views (struct event), with the two parameters the
 * rule reads: ptid (5) and comm (13). */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "suppress.h"
#include "suppress_plan.h"

enum {
	CLONE_X = 223, FORK_X = 225, VFORK_X = 227, EXECVE_X = 293, EXECVEAT_X = 331,
	CLONE3_X = 335, EXECVE_OLD_X = 231, CLONE_OLD_X = 157, PROCEXIT = 186, READ_X = 7,
};

struct fake {
	struct event ev;
	uint8_t ptid[8];
	char comm[32];
};

/* An exit of a spawning event (clone, execve...) by tid, naming its parent
 * and comm; nparams 14 (as many as the rule needs). */
static const struct event *spawn(struct fake *f, uint16_t type, int64_t tid, int64_t ptid,
				 const char *comm)
{
	memset(f, 0, sizeof *f);
	f->ev.type = type;
	f->ev.tid = tid;
	f->ev.info = event_info_of(type);
	f->ev.nparams = 14;
	static const uint8_t zero8[8];
	for (unsigned i = 0; i < 14; i++) {
		f->ev.param[i] = zero8;
		f->ev.param_len[i] = 8;
	}
	for (unsigned i = 0; i < 8; i++)
		f->ptid[i] = (uint8_t)((uint64_t)ptid >> (8 * i));
	f->ev.param[5] = f->ptid;
	snprintf(f->comm, sizeof f->comm, "%s", comm);
	f->ev.param[13] = (const uint8_t *)f->comm;
	f->ev.param_len[13] = (uint32_t)strlen(comm) + 1;
	return &f->ev;
}

static const struct event *plain(struct fake *f, uint16_t type, int64_t tid)
{
	memset(f, 0, sizeof *f);
	f->ev.type = type;
	f->ev.tid = tid;
	f->ev.info = event_info_of(type);
	return &f->ev;
}

static void names_of(struct suppress_names *sn, const char *a, const char *b)
{
	const char *why;
	memset(sn, 0, sizeof *sn);
	CHECK(suppress_names_add(sn, a, &why));
	if (b)
		CHECK(suppress_names_add(sn, b, &why));
}

static void test_names_checked(void)
{
	struct suppress_names sn = {0};
	const char *why = NULL;
	CHECK(!suppress_names_add(&sn, "", &why));
	CHECK(why && strstr(why, "empty"));
	CHECK(suppress_names_add(&sn, "123456789012345", &why)); /* 15 bytes: a full comm */
	CHECK(!suppress_names_add(&sn, "1234567890123456", &why));
	CHECK(why && strstr(why, "15 bytes"));
	for (unsigned i = 1; i < SUPPRESS_COMMS_MAX; i++)
		CHECK(suppress_names_add(&sn, "x", &why));
	CHECK_INTEQ(sn.n, SUPPRESS_COMMS_MAX);
	CHECK(!suppress_names_add(&sn, "one-more", &why));
	CHECK(why && strstr(why, "32"));
	CHECK_INTEQ(sn.n, SUPPRESS_COMMS_MAX);
}

static void test_comm_compare(void)
{
	struct suppress_names sn;
	names_of(&sn, "curl", NULL);
	CHECK(suppress_comm_listed(&sn, "curl", 4));
	CHECK(suppress_comm_listed(&sn, "curl\0junk", 9)); /* ends at its NUL, as strcmp */
	CHECK(!suppress_comm_listed(&sn, "curl2", 5));
	CHECK(!suppress_comm_listed(&sn, "cur", 3));
	CHECK(!suppress_comm_listed(&sn, "", 0));
}

/* The rule reads ptid and comm where sysdig does: the table must agree. */
static void test_table_positions(void)
{
	static const uint16_t types[] = { CLONE_X, FORK_X, VFORK_X, EXECVE_X, EXECVEAT_X, CLONE3_X };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		const struct event_info *info = event_info_of(types[i]);
		CHECK(info && info->nparams > 13);
		CHECK_STREQ(info->params[5].name, "ptid");
		CHECK_STREQ(info->params[13].name, "comm");
	}
}

/* curl_google.scap in small: curl's clone exit suppresses it, its thread
 * follows (same comm), everything of both is dropped, procexit takes them
 * out; another process goes through. */
static void test_comm_and_descendants(void)
{
	struct suppress_names sn;
	names_of(&sn, "curl", NULL);
	struct suppress s;
	suppress_init(&s, &sn);
	struct fake f;
	CHECK(!suppress_event(&s, plain(&f, READ_X, 17497))); /* not known yet */
	CHECK(suppress_event(&s, spawn(&f, CLONE_X, 17497, 3200, "curl")));
	CHECK(suppress_event(&s, plain(&f, READ_X, 17497)));
	CHECK(suppress_event(&s, spawn(&f, CLONE_X, 17498, 3200, "curl")));
	/* a child renamed by exec is still a descendant */
	CHECK(suppress_event(&s, spawn(&f, FORK_X, 500, 17497, "curl")));
	CHECK(suppress_event(&s, spawn(&f, EXECVE_X, 500, 17497, "sh")));
	CHECK(suppress_event(&s, spawn(&f, CLONE3_X, 501, 500, "sh")));
	CHECK(!suppress_event(&s, plain(&f, READ_X, 3200)));
	CHECK(!suppress_event(&s, spawn(&f, VFORK_X, 3200, 1, "bash")));
	CHECK(suppress_event(&s, plain(&f, PROCEXIT, 17498)));
	CHECK(!suppress_has_tid(&s, 17498));
	CHECK(!suppress_event(&s, plain(&f, READ_X, 17498))); /* a reused tid is new */
	CHECK(!suppress_event(&s, plain(&f, PROCEXIT, 17498)));
	CHECK_INTEQ(s.suppressed, 7);
	suppress_reset(&s);
	CHECK(!suppress_event(&s, plain(&f, READ_X, 17497)));
	CHECK_INTEQ(s.suppressed, 0);
	suppress_free(&s);
}

/* A thread of the set that no longer qualifies leaves it, and the event
 * that says so is kept (what sysdig 0.29.3 prints). */
static void test_leaves_the_set(void)
{
	struct suppress_names sn;
	names_of(&sn, "bash", NULL);
	struct suppress s;
	suppress_init(&s, &sn);
	struct fake f;
	CHECK(suppress_event(&s, spawn(&f, CLONE_X, 100, 1, "bash")));
	CHECK(suppress_event(&s, spawn(&f, CLONE_X, 200, 100, "bash")));
	CHECK(!suppress_event(&s, spawn(&f, EXECVEAT_X, 200, 1, "ls")));
	CHECK(!suppress_has_tid(&s, 200));
	CHECK(!suppress_event(&s, plain(&f, READ_X, 200)));
	CHECK_INTEQ(s.suppressed, 2);
	suppress_free(&s);
}

/* Older event versions, and records too short to name comm, change nothing. */
static void test_old_versions_and_short_records(void)
{
	struct suppress_names sn;
	names_of(&sn, "ls", "cat");
	struct suppress s;
	suppress_init(&s, &sn);
	struct fake f;
	CHECK(!suppress_event(&s, spawn(&f, EXECVE_OLD_X, 10, 1, "ls")));
	CHECK(!suppress_event(&s, spawn(&f, CLONE_OLD_X, 11, 1, "cat")));
	const struct event *ev = spawn(&f, EXECVE_X, 12, 1, "cat");
	f.ev.nparams = 13;
	CHECK(!suppress_event(&s, ev));
	/* a short ptid reads as 0, not past its end */
	ev = spawn(&f, EXECVE_X, 13, 1, "cat");
	f.ev.param_len[5] = 2;
	CHECK(suppress_event(&s, ev));
	CHECK_INTEQ(s.suppressed, 1);
	suppress_free(&s);
}

/* ---- the /proc scan's sink -------------------------------------------- */

struct seen {
	int64_t threads[8], fds[8];
	unsigned nthreads, nfds, users;
};

static void seen_thread(void *ctx, const struct proc_info *pi)
{
	struct seen *k = ctx;
	if (k->nthreads < 8)
		k->threads[k->nthreads++] = pi->tid;
}

static void seen_fd(void *ctx, int64_t tid, const struct fd_info *fi)
{
	(void)fi;
	struct seen *k = ctx;
	if (k->nfds < 8)
		k->fds[k->nfds++] = tid;
}

static void seen_user(void *ctx, const struct user_info *ui)
{
	(void)ui;
	((struct seen *)ctx)->users++;
}

static void give_thread(const struct scap_sink *sk, int64_t tid, int64_t ptid, const char *comm)
{
	struct proc_info pi;
	memset(&pi, 0, sizeof pi);
	pi.tid = pi.pid = tid;
	pi.ptid = ptid;
	pi.comm.ptr = comm;
	pi.comm.len = (uint32_t)strlen(comm);
	sk->thread(sk->ctx, &pi);
	struct fd_info fi;
	memset(&fi, 0, sizeof fi);
	sk->fd(sk->ctx, tid, &fi);
}

static void test_scan_sink(void)
{
	struct suppress_names sn;
	names_of(&sn, "noisy", NULL);
	struct suppress s;
	suppress_init(&s, &sn);
	struct seen k = {0};
	struct scap_sink inner = { .ctx = &k, .thread = seen_thread, .fd = seen_fd,
				   .user = seen_user };
	struct scap_sink sk = suppress_sink(&s, &inner);
	give_thread(&sk, 1, 0, "init");
	give_thread(&sk, 40, 1, "noisy");
	give_thread(&sk, 41, 40, "worker");
	give_thread(&sk, 42, 1, "other");
	struct user_info ui = {0};
	sk.user(sk.ctx, &ui);
	CHECK_INTEQ(k.nthreads, 2);
	CHECK_INTEQ(k.threads[0], 1);
	CHECK_INTEQ(k.threads[1], 42);
	CHECK_INTEQ(k.nfds, 2);
	CHECK_INTEQ(k.fds[1], 42);
	CHECK_INTEQ(k.users, 1);
	CHECK(suppress_has_tid(&s, 40) && suppress_has_tid(&s, 41));
	CHECK_INTEQ(s.suppressed, 0); /* threads are not events */
	suppress_free(&s);
}

/* What the drivers are given: the names, and the syscalls whose exits
 * carry the rule's events (x86-64 numbers), found from the recipes. */
static void test_kernel_plan(void)
{
	struct suppress_names sn;
	names_of(&sn, "curl", "sshd");
	struct suppress_plan p;
	suppress_plan_build(&sn, &p);
	CHECK_INTEQ(p.ncomms, 2);
	CHECK_STREQ(p.comms[1], "sshd");
	static const unsigned spawning[] = { 56, 57, 58, 59, 322, 435 };
	unsigned n = 0;
	for (unsigned nr = 0; nr < SUPPRESS_NR_MAX; nr++)
		n += p.spawn[nr];
	CHECK_INTEQ(n, 6);
	for (size_t i = 0; i < sizeof spawning / sizeof spawning[0]; i++)
		CHECK_INTEQ(p.spawn[spawning[i]], 1);
	suppress_plan_build(NULL, &p);
	CHECK_INTEQ(p.ncomms, 0);
	CHECK_INTEQ(p.spawn[56], 0);
}

int main(void)
{
	test_kernel_plan();
	test_names_checked();
	test_comm_compare();
	test_table_positions();
	test_comm_and_descendants();
	test_leaves_the_set();
	test_old_versions_and_short_records();
	test_scan_sink();
	return check_summary();
}
