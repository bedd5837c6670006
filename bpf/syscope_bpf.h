/* What the eBPF program and its loader (capture/engine/engine_bpf.c) share: limits,
 * the counters' layout and the pushdown settings' sizes.  Types come from
 * the includer (vmlinux.h in BPF, <linux/types.h> in user space). */
#ifndef SYSCOPE_BPF_H
#define SYSCOPE_BPF_H

/* A record is built in a per-CPU scratch area before it is copied into the
 * CPU's ring.  Offsets into the area are masked with SCOPE_REC_AREA - 1,
 * and the area is twice that size, so no write can leave it whatever the
 * verifier thinks an offset may be. */
#define SCOPE_REC_AREA 65536
/* Longest record written: it must fit a non-LARGE event block of a trace
 * file (65536 bytes after the block header, scap-format.md §1.12). */
#define SCOPE_REC_LIMIT 65000
#define SCOPE_SNAPLEN_DEFAULT 80
#define SCOPE_SNAPLEN_MAX 65000
/* Strings and paths: at most this many bytes each (PATH_MAX). */
#define SCOPE_STR_MAX 4096
/* Argument and environment lists of execve/clone. */
#define SCOPE_ARGS_MAX 4096
/* Working area for building paths backwards (dentry walk). */
#define SCOPE_TMP_AREA 4096

#define SCOPE_HDR_LEN 26 /* ts, tid, len, type, nparams */

/* Per-CPU counters (a PERCPU_ARRAY of one element).  Only losses are
 * counted: the reader counts what it receives. */
struct scope_counters {
	__u64 drops;        /* records lost: ring full */
	__u64 failed_reads; /* parameters written empty: user/kernel memory unreadable */
	__u64 busy;         /* records lost: the CPU's scratch area was in use */
	__u64 suppressed;   /* -U: events of suppressed threads, not written */
};

/* Kernel pushdown (filters/pushdown.h): at most this many values per
 * constraint; a filter with more is not pushed down. */
#define SCOPE_PD_MAX 16
#define SCOPE_COMM_LEN 16

/* -U (capture/state/suppress.h): names, and the suppressed threads the
 * driver can hold (a HASH map, allocated as it fills; the loader makes it
 * one entry when -U is not given).  A thread that does not fit is not
 * suppressed. */
#define SCOPE_SUP_MAX 32
#define SCOPE_SUP_TIDS 65536

#endif
