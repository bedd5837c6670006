/* The interface between syscope's kernel module and user space
 * (capture/engine/engine_kmod.c).  Both sides include this file, so it uses only
 * <linux/types.h> and <linux/ioctl.h>.
 *
 * One character device, /dev/syscope0, serves one reader at a time (a
 * second open gets EBUSY).  Each possible CPU has a ring of scap event
 * records (scap-format.md §2, exactly as written to trace files); user
 * space maps each ring read-only with
 *
 *     mmap(NULL, layout.map_size, PROT_READ, MAP_SHARED, fd, cpu * layout.map_size)
 *
 * and gets one page of struct syscope_ring_info followed by the ring's
 * data pages mapped twice in a row, so a record that wraps around the end
 * of the ring is still contiguous in memory and can be parsed in place.
 * The producer publishes records by advancing `head` (release order); the
 * consumer hands records back with SYSCOPE_IOC_RELEASE once it is done
 * with them.  Positions are byte counts that never wrap (u64).
 */
#ifndef SYSCOPE_KMOD_H
#define SYSCOPE_KMOD_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SYSCOPE_DEVICE "/dev/syscope0"
#define SYSCOPE_KMOD_ABI 2 /* 2: -U (SET_SUPPRESS, SUPPRESS_TID, the suppressed counters) */

/* Page 0 of every mapped ring. */
struct syscope_ring_info {
	__u64 head;         /* bytes written by the module (record boundary) */
	__u64 tail;         /* bytes released by the reader */
	__u64 events;       /* records written */
	__u64 drops;        /* records lost because the ring was full */
	__u64 failed_reads; /* parameters written empty: user memory unreadable */
	__u64 seen;         /* events that passed the kernel filter (written + dropped) */
	__u32 data_size;    /* bytes of record data, a power of two */
	__u32 cpu;
	__u64 suppressed;   /* -U: events of suppressed threads, not written */
};

struct syscope_layout {
	__u32 abi;        /* SYSCOPE_KMOD_ABI */
	__u32 nrings;     /* one per possible CPU: rings 0 .. nrings-1 */
	__u32 data_size;  /* bytes of record data per ring */
	__u32 page_size;
	__u64 map_size;   /* bytes to map per ring; also the offset stride */
};

/* Which syscalls produce events: a bit per x86-64 syscall number. */
#define SYSCOPE_NR_SYSCALLS 512
struct syscope_syscall_set {
	__u64 bits[SYSCOPE_NR_SYSCALLS / 64];
};

/* Simple constraints pushed down from the filter: an event is kept when
 * every non-empty list has a match (lists are ORed inside, ANDed across).
 * The reader's own process is always left out. */
#define SYSCOPE_PUSHDOWN_MAX 16
#define SYSCOPE_COMM_LEN 16
struct syscope_pushdown {
	__u32 npids;  /* thread-group ids (proc.pid) */
	__u32 ntids;  /* thread ids (thread.tid) */
	__u32 ncomms; /* comm values (proc.name, at most 15 characters) */
	__u32 nuids;  /* user ids (user.uid) */
	__s32 pids[SYSCOPE_PUSHDOWN_MAX];
	__s32 tids[SYSCOPE_PUSHDOWN_MAX];
	char comms[SYSCOPE_PUSHDOWN_MAX][SYSCOPE_COMM_LEN];
	__u32 uids[SYSCOPE_PUSHDOWN_MAX];
};

struct syscope_release {
	__u32 ring;
	__u32 pad;
	__u64 tail; /* new tail: every record before it is no longer in use */
};

struct syscope_counters {
	__u32 ring; /* in: which ring */
	__u32 pad;
	__u64 events, drops, failed_reads, seen, suppressed; /* out */
};

/* -U: the module drops every event of the threads named here and of their
 * descendants, keeping the set itself by the rule of syscope's
 * capture/state/suppress.h: at the exit of a syscall in `spawn` (clone,
 * fork, vfork, clone3, execve, execveat), the calling thread is suppressed
 * when its parent (real_parent's tgid, the ptid the records carry) is, or
 * when its name is one of comms; else it leaves the set.  Its exit takes
 * it out.  ncomms = 0: nothing is suppressed. */
#define SYSCOPE_SUPPRESS_MAX 32
struct syscope_suppress {
	__u32 ncomms;
	__u32 pad;
	char comms[SYSCOPE_SUPPRESS_MAX][SYSCOPE_COMM_LEN]; /* NUL-terminated */
	struct syscope_syscall_set spawn;
};

/* Options for SYSCOPE_IOC_SET_FLAGS. */
#define SYSCOPE_FLAG_ENTER_EVENTS (1u << 0) /* also the classic enter events */
#define SYSCOPE_FLAG_NO_PROCEXIT (1u << 1)  /* no procexit events (the filter rejects them) */
#define SYSCOPE_FLAG_PAGE_FAULTS (1u << 2)  /* page_fault events (x86 exceptions tracepoints) */
#define SYSCOPE_FLAG_TRACERS (1u << 3)      /* writes to /dev/null keep 4096 bytes (-T) */
#define SYSCOPE_FLAGS_ALL (SYSCOPE_FLAG_ENTER_EVENTS | SYSCOPE_FLAG_NO_PROCEXIT | \
			   SYSCOPE_FLAG_PAGE_FAULTS | SYSCOPE_FLAG_TRACERS)

#define SYSCOPE_IOC_MAGIC 0xb7
/* Configuration; buffer size only before the first mmap/LAYOUT. */
#define SYSCOPE_IOC_SET_BUFFER_SIZE _IOW(SYSCOPE_IOC_MAGIC, 1, __u32)
#define SYSCOPE_IOC_LAYOUT _IOR(SYSCOPE_IOC_MAGIC, 2, struct syscope_layout)
#define SYSCOPE_IOC_SET_SNAPLEN _IOW(SYSCOPE_IOC_MAGIC, 3, __u32)
#define SYSCOPE_IOC_SET_SYSCALLS _IOW(SYSCOPE_IOC_MAGIC, 4, struct syscope_syscall_set)
#define SYSCOPE_IOC_SET_PUSHDOWN _IOW(SYSCOPE_IOC_MAGIC, 5, struct syscope_pushdown)
#define SYSCOPE_IOC_SET_FLAGS _IOW(SYSCOPE_IOC_MAGIC, 6, __u32)
/* Capture on / off (the rings keep their contents). */
#define SYSCOPE_IOC_START _IO(SYSCOPE_IOC_MAGIC, 7)
#define SYSCOPE_IOC_STOP _IO(SYSCOPE_IOC_MAGIC, 8)
#define SYSCOPE_IOC_RELEASE _IOW(SYSCOPE_IOC_MAGIC, 9, struct syscope_release)
#define SYSCOPE_IOC_COUNTERS _IOWR(SYSCOPE_IOC_MAGIC, 10, struct syscope_counters)
/* -U: the names (stopped only), then each thread a /proc scan found
 * suppressed (a tid, any time). */
#define SYSCOPE_IOC_SET_SUPPRESS _IOW(SYSCOPE_IOC_MAGIC, 11, struct syscope_suppress)
#define SYSCOPE_IOC_SUPPRESS_TID _IOW(SYSCOPE_IOC_MAGIC, 12, __u32)

#endif
