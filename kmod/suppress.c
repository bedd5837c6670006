// SPDX-License-Identifier: GPL-2.0
/* -U in the module: the set of suppressed threads, kept by the probes
 * themselves (see struct syscope_suppress in syscope_kmod.h for the rule).
 *
 * The set is a bitmap with a bit per possible tid (PID_MAX_LIMIT bits,
 * 512 KiB on 64-bit, allocated only when -U is given): every CPU's probes
 * test, set and clear bits with atomic bit operations, so lookups take no
 * lock and an update never allocates in a probe.  It changes size or goes
 * away only while the probes are detached (SET_SUPPRESS is a stopped-only
 * ioctl; the session frees it after sc_probes_stop). */
#include <linux/bitmap.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/threads.h>
#include <linux/vmalloc.h>

#include "syscope_mod.h"

#define SUP_TIDS PID_MAX_LIMIT

int sc_suppress_configure(struct sc_session *s, const struct syscope_suppress *sup)
{
	unsigned int i;

	if (sup->ncomms > SYSCOPE_SUPPRESS_MAX)
		return -EINVAL;
	if (sup->ncomms && !s->sup_tids) {
		s->sup_tids = vzalloc(BITS_TO_LONGS(SUP_TIDS) * sizeof(unsigned long));
		if (!s->sup_tids)
			return -ENOMEM;
	} else if (!sup->ncomms) {
		sc_suppress_free(s);
	}
	s->sup = *sup;
	for (i = 0; i < SYSCOPE_SUPPRESS_MAX; i++)
		s->sup.comms[i][SYSCOPE_COMM_LEN - 1] = '\0';
	bitmap_from_arr64(s->sup_spawn, sup->spawn.bits, SYSCOPE_NR_SYSCALLS);
	return 0;
}

int sc_suppress_seed(struct sc_session *s, u32 tid)
{
	if (!s->sup_tids)
		return -EINVAL;
	if (tid >= SUP_TIDS)
		return -ERANGE;
	set_bit(tid, s->sup_tids);
	return 0;
}

void sc_suppress_free(struct sc_session *s)
{
	vfree(s->sup_tids);
	s->sup_tids = NULL;
}

static bool comm_listed(const struct sc_session *s, const char *comm)
{
	unsigned int i;

	for (i = 0; i < s->sup.ncomms && i < SYSCOPE_SUPPRESS_MAX; i++)
		if (strncmp(s->sup.comms[i], comm, SYSCOPE_COMM_LEN) == 0)
			return true;
	return false;
}

/* Counted in the current CPU's ring, like the other losses: probes do not
 * migrate while they run. */
static void count(struct sc_session *s)
{
	struct syscope_ring_info *info = s->rings[raw_smp_processor_id()].info;

	WRITE_ONCE(info->suppressed, info->suppressed + 1);
}

/* The rule at a spawning syscall's exit, for the calling thread. */
static bool spawned(struct sc_session *s, struct task_struct *t, u32 tid)
{
	u32 ptid;
	bool hit;

	rcu_read_lock();
	ptid = rcu_dereference(t->real_parent)->tgid;
	rcu_read_unlock();
	hit = (ptid < SUP_TIDS && test_bit(ptid, s->sup_tids)) || comm_listed(s, t->comm);
	if (hit)
		set_bit(tid, s->sup_tids);
	else
		clear_bit(tid, s->sup_tids); /* it stopped qualifying: its event is kept */
	return hit;
}

bool sc_suppress_syscall(struct sc_session *s, struct task_struct *t, long nr, bool enter)
{
	u32 tid = t->pid;
	bool hit;

	if (!s->sup_tids || tid >= SUP_TIDS)
		return false;
	if (!enter && test_bit(nr, s->sup_spawn))
		hit = spawned(s, t, tid);
	else
		hit = test_bit(tid, s->sup_tids);
	if (hit)
		count(s);
	return hit;
}

bool sc_suppress_exit(struct sc_session *s, struct task_struct *t)
{
	u32 tid = t->pid;

	if (!s->sup_tids || tid >= SUP_TIDS || !test_and_clear_bit(tid, s->sup_tids))
		return false;
	count(s);
	return true;
}
