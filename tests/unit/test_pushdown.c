/* The kernel pushdown planner: which syscalls and which processes a live
 * driver may drop for a filter, and that it pushes nothing it is unsure of. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "filter.h"
#include "pushdown.h"

/* x86-64 syscall numbers used below. */
enum { NR_READ = 0, NR_WRITE = 1, NR_OPEN = 2, NR_CLOSE = 3, NR_GETPID = 39,
       NR_CLONE = 56, NR_EXECVE = 59, NR_KILL = 62, NR_GETPPID = 110, NR_OPENAT = 257,
       NR_UNKNOWN = 500 };

static struct pushdown_plan plan_for(const char *text, bool enter_events)
{
	char err[256];
	struct pushdown_plan p;
	struct filter *f = text ? filter_compile(text, err, sizeof err) : NULL;
	if (text && !f) {
		fprintf(stderr, "cannot compile '%s': %s\n", text, err);
		CHECK(f != NULL);
	}
	pushdown_plan_build(text, f, enter_events, &p);
	filter_free(f);
	return p;
}

static bool no_process_constraint(const struct pushdown_plan *p)
{
	return !p->ntgids && !p->ntids && !p->ncomms && !p->nuids;
}

static void test_no_filter(void)
{
	struct pushdown_plan p = plan_for(NULL, false);
	CHECK(p.all_syscalls);
	CHECK(no_process_constraint(&p));
	p = plan_for("fd.name contains /etc", false);
	CHECK(p.all_syscalls);
	CHECK(no_process_constraint(&p));
}

static void test_event_types(void)
{
	struct pushdown_plan p = plan_for("evt.type=kill", false);
	CHECK(!p.all_syscalls);
	CHECK(p.syscall[NR_KILL]);
	/* Not matched and no state change: dropped. */
	CHECK(!p.syscall[NR_READ]);
	CHECK(!p.syscall[NR_WRITE]);
	CHECK(!p.syscall[NR_GETPID]);
	CHECK(!p.syscall[NR_UNKNOWN]);
	/* Not matched, but the state needs them (fds, processes). */
	CHECK(p.syscall[NR_OPEN]);
	CHECK(p.syscall[NR_OPENAT]);
	CHECK(p.syscall[NR_CLOSE]);
	CHECK(p.syscall[NR_CLONE]);
	CHECK(p.syscall[NR_EXECVE]);
	CHECK(pushdown_syscall_count(&p) < 120);

	/* Generic syscalls by the name they carry. */
	p = plan_for("evt.type=getppid", false);
	CHECK(p.syscall[NR_GETPPID]);
	CHECK(!p.syscall[NR_GETPID]);
	CHECK(!p.syscall[NR_UNKNOWN]);
	CHECK(!p.syscall[NR_READ]);
	p = plan_for("evt.type=read or not evt.type=getppid", false);
	CHECK(p.syscall[NR_GETPID]);
	CHECK(p.syscall[NR_UNKNOWN]);

	/* or, not: the filter's own type analysis decides. */
	p = plan_for("evt.type=read or evt.type=write", false);
	CHECK(p.syscall[NR_READ]);
	CHECK(p.syscall[NR_WRITE]);
	CHECK(!p.syscall[NR_KILL]);
	p = plan_for("not evt.type=read", false);
	CHECK(p.syscall[NR_KILL]);
	CHECK(p.syscall[NR_GETPID]);
}

static void test_enter_types(void)
{
	/* evt.dir=> matches enter events only; with enter events on, an enter
	 * type alone keeps its syscall. */
	struct pushdown_plan p = plan_for("evt.type=kill and evt.dir=>", true);
	CHECK(p.syscall[NR_KILL]);
}

static void test_processes(void)
{
	struct pushdown_plan p = plan_for("proc.name=cat", false);
	CHECK(p.all_syscalls);
	CHECK_INTEQ(p.ncomms, 1);
	CHECK_STREQ(p.comms[0], "cat");
	CHECK_INTEQ(p.ntgids + p.ntids + p.nuids, 0);

	p = plan_for("evt.type=open and proc.pid=42 and thread.tid in (7, 8) and user.uid=1000",
		     false);
	CHECK_INTEQ(p.ntgids, 1);
	CHECK_INTEQ(p.tgids[0], 42);
	CHECK_INTEQ(p.ntids, 2);
	CHECK_INTEQ(p.tids[0], 7);
	CHECK_INTEQ(p.tids[1], 8);
	CHECK_INTEQ(p.nuids, 1);
	CHECK_INTEQ(p.uids[0], 1000);
	CHECK(p.syscall[NR_OPEN]);
	CHECK(!p.syscall[NR_READ]);

	p = plan_for("proc.name in (nginx, \"php-fpm\")", false);
	CHECK_INTEQ(p.ncomms, 2);
	CHECK_STREQ(p.comms[1], "php-fpm");
}

static void test_conservative(void)
{
	/* Under or / not, or with other operators: nothing about processes. */
	const char *cases[] = {
		"proc.name=cat or proc.name=dog",
		"not proc.name=cat",
		"proc.name!=cat",
		"proc.name contains cat",
		"proc.pid>10",
		"(proc.name=cat or evt.type=open) and evt.type=close",
		/* The kernel keeps 15 characters: a longer name is not pushed. */
		"proc.name=abcdefghijklmnopq",
		/* Too many values for the driver's table. */
		"proc.pid in (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)",
		"user.uid=99999999999",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pushdown_plan p = plan_for(cases[i], false);
		if (!no_process_constraint(&p))
			fprintf(stderr, "pushed a constraint for '%s'\n", cases[i]);
		CHECK(no_process_constraint(&p));
	}
	/* Two tests of one field: only the first is pushed (both still run). */
	struct pushdown_plan p = plan_for("proc.pid=1 and proc.pid=2", false);
	CHECK_INTEQ(p.ntgids, 1);
	CHECK_INTEQ(p.tgids[0], 1);
	/* Fifteen characters fit. */
	p = plan_for("proc.name=abcdefghijklmno", false);
	CHECK_INTEQ(p.ncomms, 1);
}
/* Page faults (--page-faults) pass when the filter's types may include
 * page_fault, and only then: they change no state. */
static void test_page_faults(void)
{
	static const struct { const char *filter; bool passes; } cases[] = {
		{ NULL, true },
		{ "proc.name=cat", true },
		{ "evt.type=page_fault", true },
		{ "evt.type=page_fault and proc.pid=42", true },
		{ "evt.type in (open, page_fault)", true },
		{ "not evt.type=open", true },
		{ "evt.type!=open", true },
		{ "evt.type=open", false },
		{ "evt.type in (read, write) and proc.name=cat", false },
		{ "not evt.type=page_fault", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pushdown_plan p = plan_for(cases[i].filter, false);
		if (p.page_faults != cases[i].passes)
			fprintf(stderr, "page faults with filter '%s'\n", cases[i].filter);
		CHECK_INTEQ(p.page_faults, cases[i].passes);
	}
	/* A filter naming only page_fault still keeps what the state needs,
	 * and drops the other syscalls. */
	struct pushdown_plan p = plan_for("evt.type=page_fault", false);
	CHECK(!p.all_syscalls);
	CHECK(p.syscall[NR_OPENAT]);
	CHECK(!p.syscall[NR_READ]);
}

int main(void)
{
	test_no_filter();
	test_page_faults();
	test_event_types();
	test_enter_types();
	test_processes();
	test_conservative();
	return check_summary();
}
