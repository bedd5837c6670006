/* Internal declarations of the syscope kernel module.  The user-space
 * interface is in syscope_kmod.h; this file is only for the module's own
 * files: main.c (device, ioctls), ring.c (per-CPU rings and the record
 * writer), probes.c (tracepoints) and fill.c (records from the recipes). */
#ifndef SYSCOPE_MOD_H
#define SYSCOPE_MOD_H

#include <linux/bitops.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "syscope_kmod.h"

struct sc_ring {
	struct syscope_ring_info *info; /* page 0, shared read-only with the reader */
	u8 *data;                       /* data pages mapped twice: [0, 2 * size) */
	struct page **pages;            /* the info page, then the data pages */
	unsigned int npages;            /* data pages */
	/* A record is being written (sc_rec_begin to sc_rec_commit).  A page
	 * fault taken by a probe's own user-memory read, or in an NMI, runs
	 * the page-fault probe on the same CPU in the middle of that record:
	 * its event is dropped rather than written over the half-built one. */
	bool busy;
};

/* One reader's capture: exists from open() to the last release(). */
struct sc_session {
	struct mutex lock;   /* serialises ioctls and mmap */
	struct sc_ring *rings; /* indexed by CPU id, nr_cpu_ids entries */
	unsigned int nrings;
	u32 data_size;       /* 0 until the rings exist */
	u32 want_size;       /* SYSCOPE_IOC_SET_BUFFER_SIZE, applied at allocation */
	u32 snaplen;
	u32 flags;           /* SYSCOPE_FLAG_* */
	pid_t self_tgid;     /* the reader's process: never captured */
	bool running;
	u64 boot_to_real;    /* add to the boot clock to get wall-clock ns */
	unsigned long syscalls[BITS_TO_LONGS(SYSCOPE_NR_SYSCALLS)];
	struct syscope_pushdown pd;
	/* -U (suppress.c): the names, the spawning syscalls, and a bit per
	 * possible tid (NULL: -U is off). */
	struct syscope_suppress sup;
	unsigned long sup_spawn[BITS_TO_LONGS(SYSCOPE_NR_SYSCALLS)];
	unsigned long *sup_tids;
};

/* ring.c */
int sc_rings_alloc(struct sc_session *s);
void sc_rings_free(struct sc_session *s);
u64 sc_map_size(u32 data_size);
int sc_rings_mmap(struct sc_session *s, struct vm_area_struct *vma);

/* A record being written straight into a ring's free space.  Nothing is
 * visible to the reader until sc_rec_commit() moves the head. */
struct sc_rec {
	struct sc_session *s;
	struct sc_ring *ring;
	u8 *base;      /* the record's first byte in the ring */
	u32 cap;       /* bytes it may use */
	u32 len;       /* bytes used so far */
	u32 nparams;
	u32 idx;       /* parameters written so far */
	bool overflow; /* did not fit: the record is dropped */
};

bool sc_rec_begin(struct sc_rec *r, struct sc_session *s, u16 type, u32 nparams);
void sc_rec_put(struct sc_rec *r, const void *value, u32 n);
/* A parameter built in pieces: open, append, close. */
void sc_rec_open(struct sc_rec *r);
void sc_rec_append(struct sc_rec *r, const void *value, u32 n);
u8 *sc_rec_room(struct sc_rec *r, u32 n); /* reserve n bytes to fill in place */
void sc_rec_trim(struct sc_rec *r, u32 n); /* give back unused room */
void sc_rec_close(struct sc_rec *r);
void sc_rec_commit(struct sc_rec *r);
void sc_count_failed_read(struct sc_session *s);

/* probes.c */
int sc_probes_init(void);
int sc_probes_start(struct sc_session *s);
void sc_probes_stop(struct sc_session *s);

/* suppress.c */
int sc_suppress_configure(struct sc_session *s, const struct syscope_suppress *sup);
int sc_suppress_seed(struct sc_session *s, u32 tid);
void sc_suppress_free(struct sc_session *s);
bool sc_suppress_syscall(struct sc_session *s, struct task_struct *t, long nr, bool enter);
bool sc_suppress_exit(struct sc_session *s, struct task_struct *t);

/* fill.c */
void sc_fill_syscall(struct sc_session *s, struct pt_regs *regs, long nr, long ret, bool enter);
void sc_fill_procexit(struct sc_session *s, struct task_struct *p);
void sc_fill_page_fault(struct sc_session *s, unsigned long address, struct pt_regs *regs,
			unsigned long error_code);

#endif
