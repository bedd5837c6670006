// SPDX-License-Identifier: GPL-2.0
/* Tracepoints: found by name (sys_enter and sys_exit are not exported to
 * modules), attached while a capture runs, detached with a grace period
 * before anything they use may go away.  Those of an option (enter events,
 * page faults) are attached only when it is on.
 *
 * Each probe gets the session as its `data` pointer, so no global state is
 * shared between a capture and the probes. */
#include <linux/compat.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/uidgid.h>
#include <linux/cred.h>
#include <asm/syscall.h>

#include "syscope_mod.h"

static bool wanted(const struct sc_session *s, struct task_struct *t)
{
	const struct syscope_pushdown *pd = &s->pd;
	unsigned int i;

	/* syscope's own threads: their events would feed back on themselves. */
	if (t->tgid == s->self_tgid)
		return false;
	if (pd->npids) {
		for (i = 0; i < pd->npids && pd->pids[i] != t->tgid; i++)
			;
		if (i == pd->npids)
			return false;
	}
	if (pd->ntids) {
		for (i = 0; i < pd->ntids && pd->tids[i] != t->pid; i++)
			;
		if (i == pd->ntids)
			return false;
	}
	/* proc.name: the thread's name or its process's (the filter's
	 * pushdown planner promises both). */
	if (pd->ncomms) {
		const char *leader = t->group_leader->comm;

		for (i = 0; i < pd->ncomms &&
			    strncmp(pd->comms[i], t->comm, SYSCOPE_COMM_LEN) != 0 &&
			    strncmp(pd->comms[i], leader, SYSCOPE_COMM_LEN) != 0; i++)
			;
		if (i == pd->ncomms)
			return false;
	}
	/* user.uid: the real or the effective uid. */
	if (pd->nuids) {
		u32 uid = from_kuid_munged(&init_user_ns, task_uid(t));
		u32 euid = from_kuid_munged(&init_user_ns, task_euid(t));

		for (i = 0; i < pd->nuids && pd->uids[i] != uid && pd->uids[i] != euid; i++)
			;
		if (i == pd->nuids)
			return false;
	}
	return true;
}

/* The native x86-64 syscall number, or -1 for 32-bit and x32 calls (their
 * numbers mean other syscalls) and numbers outside the selected set. */
static long native_nr(const struct sc_session *s, long nr)
{
	if (in_compat_syscall() || nr < 0 || nr >= SYSCOPE_NR_SYSCALLS)
		return -1;
	return test_bit(nr, s->syscalls) ? nr : -1;
}

static void probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct sc_session *s = data;
	long nr = native_nr(s, id);

	if (nr >= 0 && (s->flags & SYSCOPE_FLAG_ENTER_EVENTS) &&
	    !sc_suppress_syscall(s, current, nr, true) && wanted(s, current))
		sc_fill_syscall(s, regs, nr, 0, true);
}

static void probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct sc_session *s = data;
	long nr = native_nr(s, syscall_get_nr(current, regs));

	/* -U before the pushdown: the rule sees every fork and exec. */
	if (nr >= 0 && !sc_suppress_syscall(s, current, nr, false) && wanted(s, current))
		sc_fill_syscall(s, regs, nr, ret, false);
}

static void probe_process_exit(void *data, struct task_struct *p)
{
	struct sc_session *s = data;

	/* A suppressed thread leaves the set; its procexit is dropped. */
	if (sc_suppress_exit(s, p))
		return;
	if (!(s->flags & SYSCOPE_FLAG_NO_PROCEXIT) && wanted(s, p))
		sc_fill_procexit(s, p);
}

/* exceptions:page_fault_user and page_fault_kernel (x86): the thread that
 * faulted is current. */
static void probe_page_fault(void *data, unsigned long address, struct pt_regs *regs,
			     unsigned long error_code)
{
	struct sc_session *s = data;

	if (wanted(s, current))
		sc_fill_page_fault(s, address, regs, error_code);
}

static struct hook {
	const char *name;
	void *probe;
	u32 need;   /* SYSCOPE_FLAG_* that must be set for it to be attached; 0: always */
	u32 unless; /* SYSCOPE_FLAG_* that keeps it detached */
	bool optional; /* a kernel without it still loads the module */
	struct tracepoint *tp;
	bool attached;
} hooks[] = {
	{ "sys_enter", probe_sys_enter, SYSCOPE_FLAG_ENTER_EVENTS },
	{ "sys_exit", probe_sys_exit },
	{ "sched_process_exit", probe_process_exit, 0, SYSCOPE_FLAG_NO_PROCEXIT },
	{ "page_fault_user", probe_page_fault, SYSCOPE_FLAG_PAGE_FAULTS, 0, true },
	{ "page_fault_kernel", probe_page_fault, SYSCOPE_FLAG_PAGE_FAULTS, 0, true },
};

static void find_one(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++)
		if (!strcmp(tp->name, hooks[i].name))
			hooks[i].tp = tp;
}

int sc_probes_init(void)
{
	unsigned int i;

	for_each_kernel_tracepoint(find_one, NULL);
	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		if (!hooks[i].tp && !hooks[i].optional) {
			pr_err("syscope: kernel tracepoint %s not found\n", hooks[i].name);
			return -ENOENT;
		}
	}
	return 0;
}

int sc_probes_start(struct sc_session *s)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		/* Probes whose events are not wanted are not attached at all. */
		/* procexit is also how -U forgets a suppressed thread */
		if ((hooks[i].need & ~s->flags) ||
		    ((hooks[i].unless & s->flags) &&
		     !(hooks[i].probe == (void *)probe_process_exit && s->sup_tids)))
			continue;
		/* Asked for, but this kernel has no such tracepoint. */
		err = hooks[i].tp ? tracepoint_probe_register(hooks[i].tp, hooks[i].probe, s)
				  : -ENOENT;
		if (err) {
			sc_probes_stop(s);
			return err;
		}
		hooks[i].attached = true;
	}
	return 0;
}

void sc_probes_stop(struct sc_session *s)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		if (!hooks[i].attached)
			continue;
		tracepoint_probe_unregister(hooks[i].tp, hooks[i].probe, s);
		hooks[i].attached = false;
	}
	/* No probe is still running with this session when we return, so
	 * the caller may change its settings or free its rings. */
	tracepoint_synchronize_unregister();
}
