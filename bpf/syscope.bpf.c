// SPDX-License-Identifier: Apache-2.0 OR GPL-2.0-only
/* syscope's eBPF driver.  One exit event per syscall, carrying every
 * parameter of the event table (old ones, then the ones newer drivers
 * append), written as a scap event record (scap-format.md §2) into the
 * current CPU's ring buffer.  What goes into each parameter is data: the
 * syscall recipes generated from capture/recipes/recipes.tsv (see capture/recipes/recipe.h
 * and bpf/README.md); this file only implements the recipe kinds.
 *
 * Programs: tp_btf/sys_exit (always), tp_btf/sys_enter (classic enter
 * events, only with --enter-events), tp_btf/sched_process_exit (procexit),
 * tp_btf/page_fault_user and tp_btf/page_fault_kernel (page_fault, only with
 * --page-faults).
 * CO-RE only: needs /sys/kernel/btf/vmlinux, no kernel headers; helpers and
 * program types of Linux 6.1. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "page_fault.h"
#include "recipe.h"
#include "syscope_bpf.h"
#include "syscope_recipes.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- settings, fixed before load (the verifier sees their values) ----- */

const volatile __u32 own_tgid;               /* syscope itself: never captured */
const volatile __u32 snaplen = SCOPE_SNAPLEN_DEFAULT;
const volatile __u64 boot_to_epoch_ns;       /* CLOCK_REALTIME - CLOCK_BOOTTIME */
const volatile __u8 enter_events;            /* sys_enter is attached too */
const volatile __u8 force_tracers;           /* -T: writes to /dev/null kept whole */
/* Wake the reader for about one record in wake_mask + 1 (a power of two
 * minus one; the loader makes that about an eighth of a ring): waking it
 * for every record (the default policy when it keeps up) costs a context
 * switch per event, and waking it for every record while a ring is fuller
 * than a mark costs an interrupt per event whenever the reader lags.  The
 * reader also polls every few milliseconds. */
const volatile __u64 wake_mask = (1 << 14) - 1;

/* Pushdown (filters/pushdown.c).  pd_sc_all = 0: only syscalls whose
 * pd_sc[nr] is set are recorded. */
const volatile __u8 pd_sc_all = 1;
const volatile __u8 pd_sc[RECIPE_NR_MAX];
const volatile __u8 pd_procexit = 1;
const volatile __u32 pd_ntgids, pd_ntids, pd_ncomms, pd_nuids;
const volatile __u32 pd_tgids[SCOPE_PD_MAX];
const volatile __u32 pd_tids[SCOPE_PD_MAX];
const volatile __u32 pd_uids[SCOPE_PD_MAX];
/* Task names as two 64-bit words each, and which of their bytes count
 * (the name and its NUL): a name is matched with a few loads and compares
 * instead of a string copy.  The loader fills them (engine_bpf.c). */
const volatile __u64 pd_comm_words[SCOPE_PD_MAX][2];
const volatile __u64 pd_comm_masks[SCOPE_PD_MAX][2];

/* -U: the names, in the same form as pd_comm_*, and which syscalls' exit
 * events are the ones the rule reads (clone, fork, vfork, clone3, execve,
 * execveat: the loader takes them from the recipes).  sup_ncomms = 0:
 * every line of the suppression is dead code the verifier removes. */
const volatile __u32 sup_ncomms;
const volatile __u64 sup_comm_words[SCOPE_SUP_MAX][2];
const volatile __u64 sup_comm_masks[SCOPE_SUP_MAX][2];
const volatile __u8 sup_spawn[RECIPE_NR_MAX];

/* ---- maps ----------------------------------------------------------------- */

struct scratch {
	__u64 busy;
	/* The event being built, and the cursors of the parameter and path
	 * walks.  They live here, not on the stack: the global functions that
	 * fill parameters are verified once each, apart from their callers,
	 * and the verifier tracks neither map memory nor what a global
	 * function writes, so nothing it assumed about a caller's stack can
	 * go stale (a count it took for a constant 0 would have been cut as
	 * dead code). */
	__u64 args[6];
	__s64 ret;
	__u32 first;    /* first recipe_params entry of the event */
	__u32 failed;   /* parameters left empty: counted once, at the end */
	__u32 off;      /* where the next value goes, from the record start */
	__u32 walk_pos; /* start of the path built so far in tmp */
	__u32 cg_len;   /* bytes of the cgroups list so far */
	__u64 cg_walked; /* the cgroup whose path tmp holds */
	__u8 rec[2 * SCOPE_REC_AREA];
	__u8 tmp[2 * SCOPE_TMP_AREA];
};

/* One scratch area per CPU (an ARRAY indexed by CPU: per-CPU arrays are
 * limited to 32 KiB values).  The loader sets max_entries. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scope_counters);
} counters SEC(".maps");

/* One ring per CPU.  The loader creates the rings (all of one size) and
 * gives the first as the inner-map template: libbpf 1.1 cannot resize an
 * inner map declared here. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} rings SEC(".maps");

/* -U: the suppressed threads (tid → 1).  The driver keeps it itself, by
 * the rule of capture/state/suppress.h; user space only seeds it from its
 * /proc scan before attaching. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SCOPE_SUP_TIDS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u8);
} sup_tids SEC(".maps");

/* ---- constants the vmlinux BTF does not carry ------------------------------ */

#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFCHR 0020000
#define DEV_NULL_RDEV ((1u << 20) | 3) /* char 1:3 in the kernel's dev_t (MKDEV) */
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define O_CREAT 0100
#define O_TMPFILE_BIT 020000000
#define TS_COMPAT 0x0002
#define RLIMIT_NOFILE 7
#define SOL_SOCKET 1
#define SO_ERROR 4
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define PAGE_KB_SHIFT 2 /* pages of 4 KiB → KiB */
#define MM_FILEPAGES 0
#define MM_ANONPAGES 1
#define MM_SWAPENTS 2
#define MM_SHMEMPAGES 3

#define REC_MASK (SCOPE_REC_AREA - 1)
#define TMP_MASK (SCOPE_TMP_AREA - 1)
#define IOV_MAX_WALK 16   /* iovecs read per buffer */
#define FDLIST_MAX 16     /* pollfds recorded per poll */
#define PATH_DEPTH 48     /* components of a path walk */

/* Fields whose layout changed between kernels are read only through CO-RE
 * flavours (struct NAME___SUFFIX: libbpf matches them to the running
 * kernel's NAME by field name), never through the vmlinux.h the driver is
 * built against, so the same source builds with any kernel's types
 * (bpf/vmlinux/ holds Linux 6.1's) and runs on every kernel.
 *
 * RSS counters: atomics in struct mm_rss_stat before 6.2, percpu_counters
 * after. */
struct mm_rss_stat___old {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));

struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

struct percpu_counter___new {
	__s64 count;
} __attribute__((preserve_access_index));

struct mm_struct___new {
	struct percpu_counter___new rss_stat[4];
} __attribute__((preserve_access_index));

/* Inode times: timespec64 fields before 6.6, renamed __i_* in 6.6, split
 * into seconds and nanoseconds in 6.11. */
struct inode___ts {
	struct timespec64 i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

struct inode___ts66 {
	struct timespec64 __i_ctime;
	struct timespec64 __i_mtime;
} __attribute__((preserve_access_index));

struct inode___ts611 {
	__s64 i_ctime_sec;
	__s64 i_mtime_sec;
	__u32 i_ctime_nsec;
	__u32 i_mtime_nsec;
} __attribute__((preserve_access_index));

/* ---- the record being built ------------------------------------------------ */

/* Functions marked SCOPE_GLOBAL are global BPF functions: the verifier
 * checks each once, on its own, from its arguments' types (scalars, and
 * the scratch area as plain memory of its size), instead of once per path
 * that reaches it.  Inlined into one walk, the recipe kinds multiplied
 * each other's paths until a 6.18 kernel refused the program at the limit
 * of a million instructions; this way each kind costs what its own code
 * costs.  They return a scalar and take no kernel pointer (those pass as
 * u64 and are read with probe reads). */
#define SCOPE_GLOBAL __attribute__((noinline))

static __always_inline void put_len(struct scratch *s, __u32 i, __u32 len)
{
	__u32 at = (SCOPE_HDR_LEN + 2 * (i & 31)) & REC_MASK;
	s->rec[at] = len & 0xff;
	s->rec[at + 1] = (len >> 8) & 0xff;
}

static __always_inline void put_u64(__u8 *dst, __u64 v)
{
	__builtin_memcpy(dst, &v, 8);
}

/* Bytes left for a variable value at offset off. */
static __always_inline __u32 room_at(__u32 off)
{
	return off < SCOPE_REC_LIMIT ? SCOPE_REC_LIMIT - off : 0;
}

/* The barrier hides the result's range from clang, which would otherwise
 * drop a mask that follows (min(x, masked) needs no mask, it reasons);
 * 6.1's verifier learns nothing from comparing two registers, so it needs
 * that mask to bound a length. */
static __always_inline __u32 min32(__u32 a, __u32 b)
{
	__u32 r = a < b ? a : b;
	barrier_var(r);
	return r;
}

/* ---- kernel objects ------------------------------------------------------- */

static __always_inline struct file *fd_file(long fd)
{
	struct task_struct *t = bpf_get_current_task_btf();
	if (fd < 0)
		return NULL;
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	if (!fdt || (unsigned long)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	struct file **arr = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
	return f;
}

static __always_inline struct sock *fd_sock(long fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return NULL;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return NULL;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* dev_t in the old 16+16 bit user encoding sysdig writes (dev=803). */
static __always_inline __u32 encode_dev(__u32 kdev)
{
	__u32 major = kdev >> 20, minor = kdev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline __u64 inode_time(struct inode *ino, bool ctime)
{
	if (!ino)
		return 0;
	struct inode___ts611 *i611 = (void *)ino;
	if (bpf_core_field_exists(i611->i_ctime_sec)) {
		__s64 sec = ctime ? BPF_CORE_READ(i611, i_ctime_sec) : BPF_CORE_READ(i611, i_mtime_sec);
		__u32 ns = ctime ? BPF_CORE_READ(i611, i_ctime_nsec) : BPF_CORE_READ(i611, i_mtime_nsec);
		/* From 6.13 the top bit of i_ctime_nsec says whether the ctime
		 * was queried (multigrain timestamps), not time: the kernel's
		 * own inode_get_ctime_nsec() masks it.  Nanoseconds never reach
		 * it, so masking on older kernels changes nothing. */
		ns &= 0x7fffffffu;
		return (__u64)sec * 1000000000ull + ns;
	}
	struct inode___ts66 *i66 = (void *)ino;
	if (bpf_core_field_exists(i66->__i_ctime)) {
		struct timespec64 ts = ctime ? BPF_CORE_READ(i66, __i_ctime) : BPF_CORE_READ(i66, __i_mtime);
		return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	}
	struct inode___ts *io = (void *)ino;
	struct timespec64 ts = ctime ? BPF_CORE_READ(io, i_ctime) : BPF_CORE_READ(io, i_mtime);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static __always_inline __u64 mm_counter(struct mm_struct *mm, int which)
{
	if (bpf_core_type_exists(struct mm_rss_stat___old)) {
		struct mm_struct___old *old = (void *)mm;
		return BPF_CORE_READ(old, rss_stat.count[which].counter);
	}
	/* Constant indexes only: CO-RE relocates rss_stat[N].count with the
	 * running kernel's element size, while a variable index would step by
	 * the local flavour's (8 bytes, not a whole percpu_counter). */
	struct mm_struct___new *new = (void *)mm;
	__s64 v;
	switch (which) {
	case 0: v = BPF_CORE_READ(new, rss_stat[0].count); break;
	case 1: v = BPF_CORE_READ(new, rss_stat[1].count); break;
	case 2: v = BPF_CORE_READ(new, rss_stat[2].count); break;
	default: v = BPF_CORE_READ(new, rss_stat[3].count); break;
	}
	return v > 0 ? v : 0;
}

/* The tid/pid a task has in its own pid namespace. */
static __always_inline __s64 pid_vnr(struct pid *p)
{
	if (!p)
		return 0;
	unsigned int level = BPF_CORE_READ(p, level);
	int nr = 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), &p->numbers[level & 31].nr);
	return nr;
}

static __always_inline __u32 tty_of(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	__u32 major = BPF_CORE_READ(tty, driver, major);
	__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
	return encode_dev((major << 20) | minor);
}

/* ---- path walk: a dentry chain written backwards into the tmp area ----- */

struct walk {
	struct scratch *s;
	struct dentry *d;
	struct vfsmount *vmnt;
	struct dentry *root_d;
	struct vfsmount *root_mnt;
};

static long walk_step(__u32 i, void *data)
{
	struct walk *w = data;
	struct dentry *d = w->d;
	struct vfsmount *vmnt = w->vmnt;
	if (d == w->root_d && vmnt == w->root_mnt)
		return 1;
	struct mount *mnt = (void *)vmnt - bpf_core_field_offset(struct mount, mnt);
	if (d == BPF_CORE_READ(vmnt, mnt_root)) {
		struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
		if (parent == mnt)
			return 1;
		w->d = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->vmnt = (void *)parent + bpf_core_field_offset(struct mount, mnt);
		return 0;
	}
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	if (parent == d)
		return 1;
	__u32 len = BPF_CORE_READ(d, d_name.len);
	const unsigned char *name = BPF_CORE_READ(d, d_name.name);
	struct scratch *s = w->s;
	__u32 at = s->walk_pos;
	if (len > 255 || len + 1 >= at)
		return 1;
	__u32 pos = (at - len - 1) & TMP_MASK;
	if (bpf_probe_read_kernel(&s->tmp[(pos + 1) & TMP_MASK], len & 255, name))
		return 1;
	s->tmp[pos & TMP_MASK] = '/';
	s->walk_pos = pos;
	w->d = parent;
	return 0;
}

/* Write the path of (mnt, dentry) as a NUL-terminated string at dst. */
static __always_inline __u32 put_path(struct scratch *s, __u8 *dst, __u32 room,
				      struct vfsmount *vmnt, struct dentry *d)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct walk w = {
		.s = s, .d = d, .vmnt = vmnt,
		.root_d = BPF_CORE_READ(t, fs, root.dentry),
		.root_mnt = BPF_CORE_READ(t, fs, root.mnt),
	};
	if (!d || room < 2)
		return 0;
	s->walk_pos = SCOPE_TMP_AREA - 1;
	bpf_loop(PATH_DEPTH, walk_step, &w, 0);
	__u32 pos = s->walk_pos & TMP_MASK;
	__u32 n = (SCOPE_TMP_AREA - 1) - pos; /* bytes of the path */
	if (n == 0) {
		dst[0] = '/';
		dst[1] = 0;
		return 2;
	}
	n = min32(n, room - 1) & TMP_MASK;
	bpf_probe_read_kernel(dst, n, &s->tmp[pos]);
	dst[n & TMP_MASK] = 0;
	return n + 1;
}

/* ---- cgroups: subsys=path for every cgroup subsystem ------------------- */

/* What clone/fork/vfork/execve exits carry in `cgroups`: one NUL-terminated
 * `name=path` per cgroup subsystem the kernel has, in the kernel's
 * subsystem order, as sysdig's kernel module writes them (io as "io";
 * the state renames it blkio, as sysdig's does).  A subsystem on a v1
 * hierarchy gives the path of the task's cgroup there; one bound to the v2
 * hierarchy gives the task's own v2 cgroup (what /proc/PID/cgroup's "0::"
 * line shows), which is what capture/state/proc_scan.c writes for it, so a
 * process seen by the /proc scan and one started during the capture carry
 * the same entries.  Paths are absolute (from the hierarchy's root, not a
 * cgroup namespace's): container ids are found in the host's paths. */
#define CG_SUBSYS_MAX 16 /* CGROUP_SUBSYS_COUNT is 12 to 14 on today's kernels */
#define CG_DEPTH 32      /* components of a cgroup path (k8s uses 4 or 5) */
#define CG_NAME_MAX 256  /* a kernfs name, staged at tmp[SCOPE_TMP_AREA] */
#define CG_LIST_MAX 4096 /* the cgroups parameter (str16 ≤ 4096, scap-format.md) */

/* kernfs_node.parent became the RCU pointer __parent in Linux 6.15. */
struct kernfs_node___parent {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

struct kernfs_node___rcu_parent {
	struct kernfs_node *__parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(struct kernfs_node___rcu_parent, __parent))
		return BPF_CORE_READ((struct kernfs_node___rcu_parent *)kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___parent *)kn, parent);
}

struct cg_walk {
	struct scratch *s;
	struct kernfs_node *kn;
};

/* One component: its name is read forwards into the staging area (kernfs
 * names carry no length), then copied in front of what is built so far.
 * The root's name is not part of the path. */
static long cg_walk_step(__u32 i, void *data)
{
	struct cg_walk *w = data;
	struct scratch *s = w->s;
	struct kernfs_node *kn = w->kn;
	struct kernfs_node *parent = kn ? kn_parent(kn) : NULL;
	if (!parent)
		return 1;
	__u8 *stage = &s->tmp[SCOPE_TMP_AREA];
	long n = bpf_probe_read_kernel_str(stage, CG_NAME_MAX, BPF_CORE_READ(kn, name));
	if (n <= 1)
		return 1;
	__u32 len = (__u32)(n - 1) & (CG_NAME_MAX - 1);
	__u32 at = s->walk_pos;
	if (len + 1 >= at)
		return 1;
	__u32 pos = (at - len - 1) & TMP_MASK;
	if (bpf_probe_read_kernel(&s->tmp[(pos + 1) & TMP_MASK], len, stage))
		return 1;
	s->tmp[pos] = '/';
	s->walk_pos = pos;
	w->kn = parent;
	return 0;
}

/* One subsystem's entry (subsystem id i) appended to the list at off.
 * Global, with its cursors in the scratch area (cg_len, cg_walked): the
 * verifier checks it once, instead of once per subsystem with every
 * length the entries before could have had (inlined into the loop over
 * the subsystems, that was over 700,000 processed instructions). */
SCOPE_GLOBAL long scope_cgroup_one(struct scratch *s, __u32 i, __u32 off)
{
	if (!s || i >= CG_SUBSYS_MAX)
		return 0;
	__u32 room = min32(room_at(off & REC_MASK), CG_LIST_MAX - 1);
	struct task_struct *t = bpf_get_current_task_btf();
	struct css_set *cset = BPF_CORE_READ(t, cgroups);
	if (!cset)
		return 0;
	struct cgroup_subsys_state *css = NULL;
	__u64 at_subsys = (__u64)cset + bpf_core_field_offset(struct css_set, subsys) + 8 * i;
	if (bpf_probe_read_kernel(&css, sizeof(css), (void *)at_subsys) || !css)
		return 0;
	struct cgroup *cg = BPF_CORE_READ(css, cgroup);
	struct cgroup_subsys *ss = BPF_CORE_READ(css, ss);
	if (!cg || !ss)
		return 0;
	struct cgroup *dfl = BPF_CORE_READ(cset, dfl_cgrp);
	if (dfl && BPF_CORE_READ(cg, root) == BPF_CORE_READ(dfl, root))
		cg = dfl;
	if ((__u64)cg != s->cg_walked) {
		struct cg_walk w = { .s = s, .kn = BPF_CORE_READ(cg, kn) };
		s->walk_pos = SCOPE_TMP_AREA - 1;
		bpf_loop(CG_DEPTH, cg_walk_step, &w, 0);
		s->cg_walked = (__u64)cg;
	}
	/* name=, then the path ("/" for a hierarchy's root), then NUL */
	__u32 len = s->cg_len & (CG_LIST_MAX - 1);
	if (len + 32 >= room)
		return 0;
	__u8 *dst = &s->rec[(off + len) & REC_MASK];
	long n = bpf_probe_read_kernel_str(dst, 32, BPF_CORE_READ(ss, name));
	if (n <= 1)
		return 0;
	__u32 at = len + (__u32)(n & 31); /* past the name's NUL, which becomes '=' */
	__u32 pos = s->walk_pos & TMP_MASK;
	__u32 plen = ((SCOPE_TMP_AREA - 1) - pos) & TMP_MASK;
	bool root = plen == 0;
	if (root)
		plen = 1;
	if (at + plen + 1 > room)
		return 0;
	__u8 *pdst = &s->rec[(off + at) & REC_MASK];
	if (root)
		pdst[0] = '/';
	else if (bpf_probe_read_kernel(pdst, plen, &s->tmp[pos]))
		return 0;
	dst[(n - 1) & 31] = '=';
	s->rec[(off + at + plen) & REC_MASK] = 0;
	s->cg_len = at + plen + 1;
	return 0;
}

/* The cgroups list into the record at off; its length. */
SCOPE_GLOBAL long scope_cgroups(struct scratch *s, __u32 off)
{
	if (!s)
		return -1;
	__u32 count = bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT);
	s->cg_len = 0;
	s->cg_walked = 0;
	for (__u32 i = 0; i < CG_SUBSYS_MAX; i++) {
		if (i >= count)
			break;
		scope_cgroup_one(s, i, off);
	}
	return s->cg_len & (CG_LIST_MAX - 1);
}

/* ---- flag translation --------------------------------------------------- */

static __always_inline __u64 xlat_enum(__u32 first, __u32 count, __u64 v, __u64 dflt)
{
	for (__u32 i = 0; i < 64; i++) {
		if (i >= count)
			break;
		__u32 k = first + i;
		barrier_var(k);
		if (k >= RECIPE_XLAT_PAIRS)
			break;
		if (recipe_xlat_pairs[k].from == v)
			return recipe_xlat_pairs[k].to;
	}
	return dflt;
}

/* Translation `which` (1-based; 0 or out of range: none) of v. */
SCOPE_GLOBAL __u64 scope_xlat(__u32 which, __u64 v)
{
	__u32 k = which - 1;
	barrier_var(k); /* keep the bounds check on the value used as index */
	if (k >= RECIPE_XLATS)
		return v;
	const struct recipe_xlat *x = &recipe_xlats[k];
	if (x->mode == XLAT_ENUM)
		return xlat_enum(x->first, x->count, v, x->dflt == 0xffffffffu ? v : x->dflt);
	__u64 out = 0;
	for (__u32 i = 0; i < 32; i++) {
		if (i >= x->count)
			break;
		__u32 k = x->first + i;
		barrier_var(k);
		if (k >= RECIPE_XLAT_PAIRS)
			break;
		if (v & recipe_xlat_pairs[k].from)
			out |= recipe_xlat_pairs[k].to;
	}
	if (x->sub_count)
		out |= xlat_enum(x->sub_first, x->sub_count, v & x->sub_mask, 0);
	return out;
}

/* ---- numbers -------------------------------------------------------------- */

/* Syscall argument a (0..5); the index is checked where it is used, so
 * the verifier sees a bounded offset. */
static __always_inline __u64 argv_of(const struct scratch *s, __u8 a)
{
	__u32 k = a;
	barrier_var(k);
	return k < 6 ? s->args[k] : 0;
}

static __always_inline __u64 arg_fd(const struct scratch *s, __u8 which)
{
	return which == RECIPE_RET ? (__u64)s->ret : argv_of(s, which);
}

/* Declares p, the recipe entry of parameter idx, or returns -1 from the
 * function when idx or s is bad.  The check comes before the index is
 * used: a conditional pointer (idx < N ? &table[idx] : NULL) let clang
 * compute the address from an unchecked copy of idx. */
#define PARAM_OR_FAIL(p, s, idx)                                                  \
	barrier_var(idx);                                                         \
	if (!(s) || (idx) >= RECIPE_PARAMS)                                       \
		return -1;                                                        \
	const struct recipe_param *p = &recipe_params[idx]

static __always_inline int read_user_num(__u64 *out, __u64 ptr, __u8 flags)
{
	__u64 v = 0;
	int err;
	if (flags & RF_SRC1)
		err = bpf_probe_read_user(&v, 1, (void *)ptr);
	else if (flags & RF_SRC2)
		err = bpf_probe_read_user(&v, 2, (void *)ptr);
	else if (flags & RF_SRC4)
		err = bpf_probe_read_user(&v, 4, (void *)ptr);
	else
		err = bpf_probe_read_user(&v, 8, (void *)ptr);
	if (flags & RF_SIGNED32)
		v = (__u64)(__s64)(__s32)v;
	*out = v;
	return err;
}

static __always_inline __u64 vm_value(__u8 sel)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	if (!mm)
		return 0;
	if (sel == RT_VM_SIZE)
		return BPF_CORE_READ(mm, total_vm) << PAGE_KB_SHIFT;
	if (sel == RT_VM_SWAP)
		return mm_counter(mm, MM_SWAPENTS) << PAGE_KB_SHIFT;
	return (mm_counter(mm, MM_FILEPAGES) + mm_counter(mm, MM_ANONPAGES) +
		mm_counter(mm, MM_SHMEMPAGES)) << PAGE_KB_SHIFT;
}

/* A number property of the current task (enum recipe_task). */
SCOPE_GLOBAL __u64 scope_task_number(__u32 sel)
{
	struct task_struct *t = bpf_get_current_task_btf();
	switch (sel) {
	case RT_TID: return t->pid;
	case RT_PID: return t->tgid;
	case RT_PTID: return BPF_CORE_READ(t, real_parent, tgid);
	case RT_VTID: return pid_vnr(BPF_CORE_READ(t, thread_pid));
	case RT_VPID: return pid_vnr(BPF_CORE_READ(t, group_leader, thread_pid));
	case RT_PGID: {
		struct pid *p = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
		return p ? BPF_CORE_READ(p, numbers[0].nr) : 0;
	}
	case RT_FDLIMIT: return BPF_CORE_READ(t, signal, rlim[RLIMIT_NOFILE].rlim_cur);
	case RT_PGFT_MAJ: return BPF_CORE_READ(t, maj_flt);
	case RT_PGFT_MIN: return BPF_CORE_READ(t, min_flt);
	case RT_VM_SIZE:
	case RT_VM_RSS:
	case RT_VM_SWAP: return vm_value(sel);
	case RT_TTY: return tty_of(t);
	case RT_LOGINUID:
		if (bpf_core_field_exists(t->loginuid))
			return (__u32)BPF_CORE_READ(t, loginuid.val);
		return (__u32)-1;
	case RT_EUID: return BPF_CORE_READ(t, cred, euid.val);
	case RT_EGID: return BPF_CORE_READ(t, cred, egid.val);
	case RT_CAP_INH:
	case RT_CAP_PERM:
	case RT_CAP_EFF: {
		/* 8 bytes in both layouts (u64 since 6.3, two u32 before). */
		const struct cred *c = BPF_CORE_READ(t, cred);
		__u64 v = 0;
		const void *p = sel == RT_CAP_INH ? (void *)&c->cap_inheritable
			      : sel == RT_CAP_PERM ? (void *)&c->cap_permitted : (void *)&c->cap_effective;
		bpf_probe_read_kernel(&v, 8, p);
		return v;
	}
	case RT_EXE_INO: return BPF_CORE_READ(t, mm, exe_file, f_inode, i_ino);
	case RT_EXE_CTIME: return inode_time(BPF_CORE_READ(t, mm, exe_file, f_inode), true);
	case RT_EXE_MTIME: return inode_time(BPF_CORE_READ(t, mm, exe_file, f_inode), false);
	case RT_PIDNS_INIT_TS: {
		struct task_struct *r = BPF_CORE_READ(t, nsproxy, pid_ns_for_children, child_reaper);
		return r ? BPF_CORE_READ(r, start_boottime) + boot_to_epoch_ns : 0;
	}
	default: return 0; /* RT_EXE_FLAGS: not collected */
	}
}

/* Socket accept-queue numbers of a listening fd. */
static __always_inline __u64 backlog_value(long fd, __u8 which)
{
	struct sock *sk = fd_sock(fd);
	if (!sk)
		return 0;
	__u32 len = BPF_CORE_READ(sk, sk_ack_backlog);
	__u32 max = BPF_CORE_READ(sk, sk_max_ack_backlog);
	if (which == 1)
		return len;
	if (which == 2)
		return max;
	return max ? len * 100 / max : 0;
}

static __always_inline __u64 file_ino(long fd)
{
	struct file *f = fd_file(fd);
	return f ? BPF_CORE_READ(f, f_inode, i_ino) : 0;
}

/* Number parameter idx of the event into the record at off: returns its
 * width, or -1 when its source cannot be read. */
SCOPE_GLOBAL int scope_number(struct scratch *s, __u32 idx, __u32 off)
{
	PARAM_OR_FAIL(p, s, idx);
	__u64 v = 0;
	switch (p->kind) {
	case RK_RET:
		v = s->ret;
		break;
	case RK_ARG:
		v = argv_of(s, p->a) >> (p->b & 63);
		if (p->c != RECIPE_NONE)
			v &= (1ull << (p->c & 63)) - 1;
		if (p->flags & RF_SIGNED32)
			v = (__u64)(__s64)(__s32)v;
		break;
	case RK_ZERO:
		break;
	case RK_UMEM: {
		/* A fixed-width parameter keeps its width (readers of the file
		 * would take the next bytes for it): what cannot be read is -1
		 * or 0.  A missing pointer, such as prlimit's NULL new limit,
		 * is no failed read. */
		__u64 ptr = argv_of(s, p->a);
		if (read_user_num(&v, ptr + p->b, p->flags)) {
			if (ptr)
				s->failed++;
			v = (p->flags & RF_NEG1) ? ~0ull : 0;
			put_u64(&s->rec[off & REC_MASK], v);
			return p->width & 15;
		}
		break;
	}
	case RK_TIMESPEC: {
		__s64 ts[2];
		__u64 ptr = argv_of(s, p->a);
		if (!ptr) {
			v = ~0ull; /* no timeout: RELTIME "none" */
			break;
		}
		if (bpf_probe_read_user(ts, sizeof(ts), (void *)ptr))
			return -1;
		v = ts[0] * 1000000000ull + ts[1];
		break;
	}
	case RK_FD_DEV: {
		struct file *fl = fd_file(arg_fd(s, p->a));
		v = fl ? encode_dev(BPF_CORE_READ(fl, f_inode, i_sb, s_dev)) : 0;
		break;
	}
	case RK_FD_INO:
		v = file_ino(arg_fd(s, p->a));
		break;
	case RK_PIPE_INO: {
		int fd;
		if (bpf_probe_read_user(&fd, sizeof(fd), (void *)argv_of(s, p->a)))
			return -1;
		v = s->ret < 0 ? 0 : file_ino(fd);
		break;
	}
	case RK_OPEN_MODE: {
		__u64 flags = argv_of(s, p->b), mode = argv_of(s, p->a);
		if (p->flags & RF_HOW) {
			__u64 how[2] = {};
			if (bpf_probe_read_user(how, sizeof(how), (void *)argv_of(s, p->a)))
				return -1;
			flags = how[0];
			mode = how[1];
		}
		v = (flags & (O_CREAT | O_TMPFILE_BIT)) ? mode : 0;
		break;
	}
	case RK_BACKLOG:
		v = backlog_value(argv_of(s, p->a), p->b);
		break;
	case RK_TASK:
		v = scope_task_number(p->a);
		break;
	case RK_SOCKPAIR: {
		int fd;
		if (bpf_probe_read_user(&fd, sizeof(fd), (void *)argv_of(s, p->a)))
			return -1;
		struct sock *sk = s->ret < 0 ? NULL : fd_sock(fd);
		if (sk && p->b == 1) {
			struct unix_sock *us = (void *)sk;
			sk = BPF_CORE_READ(us, peer);
		}
		v = (__u64)sk;
		break;
	}
	case RK_IOVLEN:
	case RK_MSG_LEN: {
		__u64 iov = argv_of(s, p->a), cnt = argv_of(s, p->b);
		if (p->kind == RK_MSG_LEN) {
			__u64 m[2];
			/* msghdr: msg_iov at 16, msg_iovlen at 24 */
			if (bpf_probe_read_user(m, sizeof(m), (void *)(iov + 16)))
				return -1;
			iov = m[0];
			cnt = m[1];
		}
		for (__u32 i = 0; i < IOV_MAX_WALK; i++) {
			__u64 e[2];
			if (i >= cnt)
				break;
			if (bpf_probe_read_user(e, sizeof(e), (void *)(iov + 16 * i)))
				return -1;
			v += e[1];
		}
		break;
	}
	default:
		return -1;
	}
	if (p->xlat)
		v = scope_xlat(p->xlat, v);
	put_u64(&s->rec[off & REC_MASK], v);
	return p->width & 15;
}

/* ---- variable-size values ---------------------------------------------- */

/* Copy user bytes of an iovec array into the record at off, at most `cap`
 * in total.  Each piece's place is computed from the record's start and
 * masked once: a masked offset added to a pointer that already has a
 * masked offset could, for the verifier, reach past the scratch area. */
SCOPE_GLOBAL long scope_iov(struct scratch *s, __u32 off, __u64 iov, __u64 cnt, __u32 cap)
{
	if (!s)
		return -1;
	__u32 done = 0;
	cap &= REC_MASK;
	for (__u32 i = 0; i < IOV_MAX_WALK; i++) {
		__u64 e[2];
		if (i >= cnt || done >= cap)
			break;
		if (bpf_probe_read_user(e, sizeof(e), (void *)(iov + 16 * i)))
			break;
		__u32 n = min32(e[1] > cap ? cap : (__u32)e[1], cap - done) & REC_MASK;
		if (bpf_probe_read_user(&s->rec[(off + done) & REC_MASK], n, (void *)e[0]))
			break;
		done += n;
	}
	return done;
}

/* scap SOCKADDR from a user sockaddr; 0 bytes if it cannot be read. */
static __always_inline __u32 put_user_sockaddr(__u8 *dst, __u64 uaddr, __u32 ulen)
{
	__u16 family = 0;
	if (!uaddr || ulen < 2 || bpf_probe_read_user(&family, 2, (void *)uaddr))
		return 0;
	if (family == AF_INET) {
		struct sockaddr_in sin = {};
		if (bpf_probe_read_user(&sin, sizeof(sin), (void *)uaddr))
			return 0;
		__u16 port = bpf_ntohs(sin.sin_port);
		dst[0] = AF_INET;
		__builtin_memcpy(dst + 1, &sin.sin_addr.s_addr, 4);
		__builtin_memcpy(dst + 5, &port, 2);
		return 7;
	}
	if (family == AF_INET6) {
		struct sockaddr_in6 sin6 = {};
		if (bpf_probe_read_user(&sin6, sizeof(sin6), (void *)uaddr))
			return 0;
		__u16 port = bpf_ntohs(sin6.sin6_port);
		dst[0] = AF_INET6;
		__builtin_memcpy(dst + 1, &sin6.sin6_addr, 16);
		__builtin_memcpy(dst + 17, &port, 2);
		return 19;
	}
	if (family == AF_UNIX) {
		dst[0] = AF_UNIX;
		long n = bpf_probe_read_user_str(dst + 1, 108, (void *)(uaddr + 2));
		if (n <= 0) {
			dst[1] = 0;
			n = 1;
		}
		return 1 + (n & 127);
	}
	dst[0] = family & 0xff;
	return 1;
}

/* The peer address of a datagram call, from a user sockaddr. */
static __always_inline bool user_peer(__u64 uaddr, __u32 ulen, __u16 want, __u8 *ip, __u16 *port)
{
	__u16 family = 0;
	if (!uaddr || ulen < 2 || bpf_probe_read_user(&family, 2, (void *)uaddr) || family != want)
		return false;
	if (want == AF_INET) {
		struct sockaddr_in sin = {};
		if (bpf_probe_read_user(&sin, sizeof(sin), (void *)uaddr))
			return false;
		__builtin_memcpy(ip, &sin.sin_addr.s_addr, 4);
		*port = bpf_ntohs(sin.sin_port);
		return true;
	}
	struct sockaddr_in6 sin6 = {};
	if (bpf_probe_read_user(&sin6, sizeof(sin6), (void *)uaddr))
		return false;
	__builtin_memcpy(ip, &sin6.sin6_addr, 16);
	*port = bpf_ntohs(sin6.sin6_port);
	return true;
}

static __always_inline bool all_zero16(const __u8 *p, int n)
{
	__u8 acc = 0;
	for (int i = 0; i < 16; i++)
		if (i < n)
			acc |= p[i];
	return acc == 0;
}

/* scap SOCKTUPLE of a socket fd (parameter idx) into the record at off. */
SCOPE_GLOBAL long scope_tuple(struct scratch *s, __u32 idx, __u32 off)
{
	PARAM_OR_FAIL(p, s, idx);
	__u8 *dst = &s->rec[off & REC_MASK];
	long fd = (long)arg_fd(s, p->a);
	struct sock *sk = fd_sock(fd);
	if (!sk)
		return 0;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	/* Where a datagram's peer may be given instead. */
	__u64 uaddr = 0;
	__u32 ulen = 0;
	if (p->b != RECIPE_NONE) {
		if (p->flags & RF_MSG) {
			__u64 m[2]; /* msg_name, msg_namelen */
			if (!bpf_probe_read_user(m, sizeof(m), (void *)argv_of(s, p->b))) {
				uaddr = m[0];
				ulen = (__u32)m[1];
			}
		} else {
			uaddr = argv_of(s, p->b);
			ulen = argv_of(s, p->c);
			if (p->flags & RF_LENPTR) {
				__u32 l = 0;
				ulen = (uaddr && !bpf_probe_read_user(&l, 4, (void *)argv_of(s, p->c))) ? l : 0;
			}
		}
	}
	bool in = p->flags & RF_IN;
	if (family == AF_INET) {
		__u8 lip[4], rip[4];
		__u32 la = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 ra = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		__builtin_memcpy(lip, &la, 4);
		__builtin_memcpy(rip, &ra, 4);
		if (ra == 0 && rport == 0)
			user_peer(uaddr, ulen, AF_INET, rip, &rport);
		dst[0] = AF_INET;
		__builtin_memcpy(dst + 1, in ? rip : lip, 4);
		__builtin_memcpy(dst + 5, in ? &rport : &lport, 2);
		__builtin_memcpy(dst + 7, in ? lip : rip, 4);
		__builtin_memcpy(dst + 11, in ? &lport : &rport, 2);
		return 13;
	}
	if (family == AF_INET6) {
		__u8 lip[16], rip[16];
		BPF_CORE_READ_INTO(&lip, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&rip, sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (rport == 0 && all_zero16(rip, 16))
			user_peer(uaddr, ulen, AF_INET6, rip, &rport);
		dst[0] = AF_INET6;
		__builtin_memcpy(dst + 1, in ? rip : lip, 16);
		__builtin_memcpy(dst + 17, in ? &rport : &lport, 2);
		__builtin_memcpy(dst + 19, in ? lip : rip, 16);
		__builtin_memcpy(dst + 35, in ? &lport : &rport, 2);
		return 37;
	}
	if (family == AF_UNIX) {
		struct unix_sock *us = (void *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		__u64 src = (__u64)sk, dstp = (__u64)peer;
		dst[0] = AF_UNIX;
		__builtin_memcpy(dst + 1, &src, 8);
		__builtin_memcpy(dst + 9, &dstp, 8);
		/* The path bound by either end (the server's, for a client). */
		struct unix_address *ua = peer ? BPF_CORE_READ((struct unix_sock *)peer, addr) : NULL;
		if (!ua)
			ua = BPF_CORE_READ(us, addr);
		long n = 0;
		if (ua)
			n = bpf_probe_read_kernel_str(dst + 17, 108, &ua->name[0].sun_path);
		if (n <= 0) {
			dst[17] = 0;
			n = 1;
		}
		return 17 + (n & 127);
	}
	return 0;
}

/* scap FDLIST of a pollfd array (parameter idx) into the record at off. */
SCOPE_GLOBAL long scope_fdlist(struct scratch *s, __u32 idx, __u32 off)
{
	PARAM_OR_FAIL(p, s, idx);
	__u8 *dst = &s->rec[off & REC_MASK];
	__u64 arr = argv_of(s, p->a), n = argv_of(s, p->b);
	bool requested = p->flags & RF_IN;
	__u16 count = 0;
	for (__u32 i = 0; i < FDLIST_MAX; i++) {
		struct pollfd pfd;
		if (i >= n)
			break;
		if (bpf_probe_read_user(&pfd, sizeof(pfd), (void *)(arr + 8 * i)))
			break;
		__s64 fd = pfd.fd;
		__u16 ev = (__u16)scope_xlat(RECIPE_XLAT_poll_flags,
					     (__u16)(requested ? pfd.events : pfd.revents));
		__builtin_memcpy(dst + 2 + 10 * i, &fd, 8);
		__builtin_memcpy(dst + 10 + 10 * i, &ev, 2);
		count++;
	}
	__builtin_memcpy(dst, &count, 2);
	return 2 + 10 * count;
}

static __always_inline __u32 put_dyn(__u8 *dst, __u8 index, __u64 v)
{
	dst[0] = index;
	put_u64(dst + 1, v);
	return 9;
}

/* A socket option's value (parameter idx) as a DYN into the record at off. */
SCOPE_GLOBAL long scope_sockopt(struct scratch *s, __u32 idx, __u32 off)
{
	PARAM_OR_FAIL(p, s, idx);
	off &= REC_MASK;
	__u8 *dst = &s->rec[off];
	__u32 room = room_at(off);
	if (room < 16)
		return -1;
	__u64 val = argv_of(s, p->a);
	__u64 len = argv_of(s, p->b);
	__u64 level = s->args[1], optname = s->args[2]; /* set/getsockopt(fd, level, optname, ...) */
	if (p->flags & RF_LENPTR) {
		__u32 l = 0;
		if (bpf_probe_read_user(&l, 4, (void *)len))
			return put_dyn(dst, 1, s->ret);
		len = l;
	}
	if (s->ret < 0)
		return put_dyn(dst, 1, s->ret); /* ERRNO */
	if (level == SOL_SOCKET && optname == SO_ERROR) {
		__s32 e = 0;
		bpf_probe_read_user(&e, 4, (void *)val);
		return put_dyn(dst, 1, (__u64)(__s64)-e);
	}
	if (level == SOL_SOCKET && (optname == SO_RCVTIMEO || optname == SO_SNDTIMEO) && len >= 16) {
		__s64 tv[2] = {};
		bpf_probe_read_user(tv, sizeof(tv), (void *)val);
		return put_dyn(dst, 4, tv[0] * 1000000000ull + tv[1] * 1000);
	}
	if (len == 4 || len == 8) {
		__u64 v = 0;
		if (bpf_probe_read_user(&v, len == 4 ? 4 : 8, (void *)val))
			return 0;
		return put_dyn(dst, len == 4 ? 2 : 3, v);
	}
	__u32 n = min32(min32(len, snaplen), room - 1) & REC_MASK;
	dst[0] = 0; /* BYTEBUF */
	if (bpf_probe_read_user(dst + 1, n, (void *)val))
		return 0;
	return 1 + n;
}

/* A text property of the current task (enum recipe_task) into the record
 * at off: returns its length, or -1 when it cannot be read. */
SCOPE_GLOBAL long scope_task_text(struct scratch *s, __u32 sel, __u32 off)
{
	if (!s)
		return -1;
	off &= REC_MASK;
	__u8 *dst = &s->rec[off];
	__u32 room = room_at(off);
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 big = min32(room, SCOPE_ARGS_MAX) & REC_MASK;
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	switch (sel) {
	case RT_COMM: {
		long n = bpf_probe_read_kernel_str(dst, min32(room, 16) & 31, t->comm);
		return n > 0 ? n : -1;
	}
	case RT_EXE:
	case RT_ARGS: {
		if (!mm)
			return sel == RT_EXE ? -1 : 0;
		__u64 start = BPF_CORE_READ(mm, arg_start), end = BPF_CORE_READ(mm, arg_end);
		long n = bpf_probe_read_user_str(dst, big, (void *)start);
		if (n <= 0)
			return -1;
		if (sel == RT_EXE)
			return n;
		if (end <= start + n)
			return 0;
		__u32 len = min32(end - start - n, big) & REC_MASK;
		return bpf_probe_read_user(dst, len, (void *)(start + n)) ? -1 : len;
	}
	case RT_ENV: {
		if (!mm)
			return 0;
		__u64 start = BPF_CORE_READ(mm, env_start), end = BPF_CORE_READ(mm, env_end);
		if (end <= start)
			return 0;
		__u32 len = min32(end - start, big) & REC_MASK;
		return bpf_probe_read_user(dst, len, (void *)start) ? -1 : len;
	}
	case RT_CWD:
		return put_path(s, dst, big, BPF_CORE_READ(t, fs, pwd.mnt),
				BPF_CORE_READ(t, fs, pwd.dentry));
	case RT_EXEPATH: {
		struct file *exe = mm ? BPF_CORE_READ(mm, exe_file) : NULL;
		if (!exe)
			return room ? (dst[0] = 0, 1) : -1;
		return put_path(s, dst, big, BPF_CORE_READ(exe, f_path.mnt),
				BPF_CORE_READ(exe, f_path.dentry));
	}
	case RT_CGROUPS:
		return scope_cgroups(s, off);
	default:
		return 0;
	}
}

/* Whether fd is /dev/null (or another node of char device 1:3). */
static __always_inline bool fd_is_dev_null(long fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return false;
	struct inode *ino = BPF_CORE_READ(f, f_inode);
	if (!ino)
		return false;
	umode_t mode = BPF_CORE_READ(ino, i_mode);
	return (mode & S_IFMT) == S_IFCHR && BPF_CORE_READ(ino, i_rdev) == DEV_NULL_RDEV;
}

/* Whether a buffer parameter keeps RECIPE_TRACER_SNAPLEN bytes instead of
 * the snaplen: with -T, the data of a write (RF_TRACER: its fd is argument
 * 0) to /dev/null, where programs send tracer markers meant to be seen
 * whole.  Asked once, before the kinds' cases, so the fd's reads are
 * verified once.  Not a global function: 6.1 verifies every global one
 * even when nothing calls it, while force_tracers, read-only data, makes
 * this code dead without -T. */
static __always_inline bool tracer_buffer(const struct scratch *s, const struct recipe_param *p)
{
	return force_tracers && snaplen < RECIPE_TRACER_SNAPLEN &&
	       (p->kind == RK_UBUF || p->kind == RK_IOV) && (p->flags & RF_TRACER) &&
	       fd_is_dev_null((long)s->args[0]);
}

/* Variable-size parameter idx of the event into the record at off:
 * returns its length, or -1 when its source could not be read (the
 * parameter is then empty). */
SCOPE_GLOBAL long scope_variable(struct scratch *s, __u32 idx, __u32 off)
{
	PARAM_OR_FAIL(p, s, idx);
	off &= REC_MASK;
	__u8 *dst = &s->rec[off];
	__u32 room = room_at(off);
	__u32 cap = min32(tracer_buffer(s, p) ? RECIPE_TRACER_SNAPLEN : snaplen, room) & REC_MASK;
	switch (p->kind) {
	case RK_EMPTY:
		return 0;
	case RK_USTR: {
		__u64 ptr = argv_of(s, p->a);
		if (!ptr) {
			if (room < 7)
				return -1;
			__builtin_memcpy(dst, "(NULL)", 7);
			return 7;
		}
		long n = bpf_probe_read_user_str(dst, min32(room, SCOPE_STR_MAX) & REC_MASK, (void *)ptr);
		return n > 0 ? n : -1;
	}
	case RK_UBUF: {
		__u64 len;
		if (p->b == RECIPE_RET)
			len = s->ret > 0 ? (__u64)s->ret : (p->c != RECIPE_NONE ? argv_of(s, p->c) : 0);
		else
			len = argv_of(s, p->b);
		__u32 n = min32(len > cap ? cap : (__u32)len, cap) & REC_MASK;
		if (n && bpf_probe_read_user(dst, n, (void *)argv_of(s, p->a)))
			return -1;
		return n;
	}
	case RK_IOV:
		if (s->ret <= 0)
			return 0;
		return scope_iov(s, off, argv_of(s, p->a), argv_of(s, p->b), min32(cap, s->ret));
	case RK_MSG_DATA: {
		__u64 m[2];
		__u64 hdr = argv_of(s, p->a);
		__u64 limit = s->ret;
		if (p->flags & RF_MMSG) {
			__u32 ml = 0; /* mmsghdr.msg_len after the 56-byte msghdr */
			if (s->ret <= 0 || bpf_probe_read_user(&ml, 4, (void *)(hdr + 56)))
				return 0;
			limit = ml;
		}
		if ((__s64)limit <= 0)
			return 0;
		if (bpf_probe_read_user(m, sizeof(m), (void *)(hdr + 16)))
			return -1;
		return scope_iov(s, off, m[0], m[1], min32(cap, limit));
	}
	case RK_MSG_CONTROL: {
		__u64 m[2]; /* msg_control, msg_controllen at 32 */
		if (s->ret < 0)
			return 0;
		if (bpf_probe_read_user(m, sizeof(m), (void *)(argv_of(s, p->a) + 32)))
			return -1;
		__u32 n = min32(m[1] > cap ? cap : (__u32)m[1], cap) & REC_MASK;
		if (n && bpf_probe_read_user(dst, n, (void *)m[0]))
			return -1;
		return n;
	}
	case RK_SOCKADDR: {
		__u64 len = argv_of(s, p->b);
		if (p->flags & RF_LENPTR) {
			__u32 l = 0;
			if (bpf_probe_read_user(&l, 4, (void *)len))
				return 0;
			len = l;
		}
		if (room < 128)
			return -1;
		return put_user_sockaddr(dst, argv_of(s, p->a), len);
	}
	case RK_TUPLE:
		if (room < 128)
			return -1;
		return scope_tuple(s, idx, off);
	case RK_FDLIST:
		if (room < 2 + 10 * FDLIST_MAX)
			return -1;
		return scope_fdlist(s, idx, off);
	case RK_DYN_U64:
		return put_dyn(dst, 0, argv_of(s, p->a));
	case RK_BPF_RES: {
		__u64 cmd = argv_of(s, p->a);
		/* BPF_MAP_CREATE 0, BPF_PROG_LOAD 5, BPF_BTF_LOAD 18, BPF_LINK_CREATE 28 */
		bool makes_fd = cmd == 0 || cmd == 5 || cmd == 18 || cmd == 28;
		return put_dyn(dst, s->ret >= 0 && makes_fd ? 0 : 1, s->ret);
	}
	case RK_SOCKOPT:
		return scope_sockopt(s, idx, off);
	case RK_TASK:
		return scope_task_text(s, p->a, off);
	default:
		return -1;
	}
}

/* Every parameter of the event: each is written at s->off, its length
 * stored, and s->off moved past it.  A plain bounded loop in a function
 * verified once: its body only dispatches, so each round costs the
 * verifier a few dozen instructions. */
SCOPE_GLOBAL int scope_fill(struct scratch *s, __u32 n)
{
	if (!s)
		return 0;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < 32; i++) {
		if (i >= n)
			break;
		__u32 idx = s->first + i;
		barrier_var(idx);
		if (idx >= RECIPE_PARAMS)
			break;
		__u32 off = s->off & REC_MASK;
		long len;
		if (recipe_params[idx].flags & RF_VAR)
			len = scope_variable(s, idx, off);
		else
			len = scope_number(s, idx, off);
		if (len < 0) {
			s->failed++;
			len = 0;
		}
		len &= REC_MASK;
		if (off + len > SCOPE_REC_LIMIT)
			len = 0;
		put_len(s, i, len);
		s->off = off + len;
	}
	return 0;
}

/* ---- filters pushed down from the user's filter ----------------------- */

/* Whether a task name (16 bytes, NUL-padded by the kernel) is one of the
 * pushed-down names.  The name is read with two plain loads through the
 * task's BTF pointer: no helper call, no copy. */
static __always_inline bool comm_listed(const char *comm)
{
	__u64 w0 = *(const __u64 *)comm, w1 = *(const __u64 *)(comm + 8);
	__u32 n = pd_ncomms; /* read once: the loop stops at the count */
	for (__u32 k = 0; k < SCOPE_PD_MAX; k++) {
		if (k >= n)
			break;
		if (!(((w0 ^ pd_comm_words[k][0]) & pd_comm_masks[k][0]) |
		      ((w1 ^ pd_comm_words[k][1]) & pd_comm_masks[k][1])))
			return true;
	}
	return false;
}

static __always_inline bool u32_listed(const volatile __u32 *list, __u32 n, __u32 v)
{
	for (__u32 k = 0; k < SCOPE_PD_MAX; k++) {
		if (k >= n)
			break;
		if (list[k] == v)
			return true;
	}
	return false;
}

/* The pushed-down process constraints, cheapest first.  The counts are
 * read-only data the verifier knows, so the checks of an unused constraint
 * (and the loop rounds past its count) are removed before the program runs. */
static __always_inline bool task_wanted(struct task_struct *t, __u32 tgid, __u32 tid)
{
	if (pd_ntgids && !u32_listed(pd_tgids, pd_ntgids, tgid))
		return false;
	if (pd_ntids && !u32_listed(pd_tids, pd_ntids, tid))
		return false;
	/* A thread may have renamed itself: its process's name counts too. */
	if (pd_ncomms && !comm_listed(t->comm) && !comm_listed(t->group_leader->comm))
		return false;
	if (pd_nuids) {
		__u32 uid = BPF_CORE_READ(t, cred, uid.val), euid = BPF_CORE_READ(t, cred, euid.val);
		if (!u32_listed(pd_uids, pd_nuids, uid) && !u32_listed(pd_uids, pd_nuids, euid))
			return false;
	}
	return true;
}

static __always_inline bool is_compat(struct task_struct *t)
{
	if (!bpf_core_field_exists(t->thread_info.status))
		return false;
	return t->thread_info.status & TS_COMPAT; /* a trusted pointer: a plain load */
}

/* ---- building and sending a record --------------------------------------- */

/* The counters are looked up only when there is something to count: a
 * record lost or a parameter left empty, never on the path of a kept one. */
static __always_inline struct scope_counters *counters_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

#define COUNT(field, n)                                          \
	do {                                                     \
		struct scope_counters *c_ = counters_get();      \
		if (c_)                                          \
			c_->field += (n);                        \
	} while (0)

static __always_inline struct scratch *scratch_get(__u32 cpu)
{
	struct scratch *s = bpf_map_lookup_elem(&scratch, &cpu);
	if (!s)
		return NULL;
	/* Another of our programs, preempted on this CPU, may still be
	 * building its record here. */
	if (__sync_lock_test_and_set(&s->busy, 1)) {
		COUNT(busy, 1);
		return NULL;
	}
	return s;
}

static __always_inline void header(struct scratch *s, __u64 ts, __u32 tid, __u16 type, __u32 np)
{
	__u64 tid64 = tid;
	__builtin_memcpy(&s->rec[0], &ts, 8);
	__builtin_memcpy(&s->rec[8], &tid64, 8);
	__builtin_memcpy(&s->rec[20], &type, 2);
	__builtin_memcpy(&s->rec[22], &np, 4);
}

/* The low bits of a nanosecond clock are as good as a counter to pick one
 * record in wake_mask + 1, and cost nothing: no helper call for the ring's
 * position, no per-CPU counter to look up. */
static __always_inline __u64 wakeup_flags(__u64 ts)
{
	return (ts >> 3) & wake_mask ? BPF_RB_NO_WAKEUP : BPF_RB_FORCE_WAKEUP;
}

static __always_inline void send(struct scratch *s, __u32 cpu, __u32 len, __u64 ts)
{
	len &= REC_MASK;
	__builtin_memcpy(&s->rec[16], &len, 4);
	void *ring = bpf_map_lookup_elem(&rings, &cpu);
	if (!ring || len < SCOPE_HDR_LEN || bpf_ringbuf_output(ring, s->rec, len, wakeup_flags(ts)))
		COUNT(drops, 1);
	*(volatile __u64 *)&s->busy = 0; /* the record was copied out */
}

/* A generic event: ID (PPM_SC code) and nativeID, both u16.  Its size is
 * fixed, so it is written straight into the ring: the most frequent
 * syscalls are generic, and this skips the scratch area and a copy. */
struct generic_rec {
	__u64 ts;
	__u64 tid;
	__u32 len;
	__u16 type;
	__u32 nparams;
	__u16 lens[2];
	__u16 id, native;
} __attribute__((packed));

static __always_inline void emit_generic(__u64 nr, bool enter, __u64 ts, __u32 tid)
{
	__u32 cpu = bpf_get_smp_processor_id();
	void *ring = bpf_map_lookup_elem(&rings, &cpu);
	struct generic_rec *r = ring ? bpf_ringbuf_reserve(ring, sizeof(*r), 0) : NULL;
	if (!r) {
		COUNT(drops, 1);
		return;
	}
	r->ts = ts;
	r->tid = tid;
	r->len = sizeof(*r);
	r->type = enter ? 0 : 1;
	r->nparams = 2;
	r->lens[0] = 2;
	r->lens[1] = 2;
	r->id = recipe_ppm_sc[nr & (RECIPE_NR_MAX - 1)];
	r->native = (__u16)nr;
	bpf_ringbuf_submit(r, wakeup_flags(ts));
}

/* Build and send one event of a syscall with a recipe. */
static __always_inline void emit_recipe(const struct recipe_syscall *rs, struct pt_regs *regs,
					long ret, bool enter, __u64 ts, __u32 tid)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct scratch *s = scratch_get(cpu);
	if (!s)
		return;
	__u32 n = (enter ? rs->enter_count : rs->exit_count) & 31;
	s->args[0] = regs->di;
	s->args[1] = regs->si;
	s->args[2] = regs->dx;
	s->args[3] = regs->r10;
	s->args[4] = regs->r8;
	s->args[5] = regs->r9;
	s->ret = ret;
	s->first = enter ? rs->enter_first : rs->exit_first;
	s->failed = 0;
	header(s, ts, tid, enter ? rs->enter_event : rs->exit_event, n);
	s->off = SCOPE_HDR_LEN + 2 * n;
	scope_fill(s, n);
	if (s->failed)
		COUNT(failed_reads, s->failed);
	send(s, cpu, s->off, ts);
}

/* ---- -U: suppressed threads ------------------------------------------- */

static __always_inline bool sup_comm_listed(const char *comm)
{
	__u64 w0 = *(const __u64 *)comm, w1 = *(const __u64 *)(comm + 8);
	__u32 n = sup_ncomms;
	for (__u32 k = 0; k < SCOPE_SUP_MAX; k++) {
		if (k >= n)
			break;
		if (!(((w0 ^ sup_comm_words[k][0]) & sup_comm_masks[k][0]) |
		      ((w1 ^ sup_comm_words[k][1]) & sup_comm_masks[k][1])))
			return true;
	}
	return false;
}

/* sysdig's rule at a clone/fork/vfork/clone3/execve/execveat exit, in the
 * thread the event is about: suppressed when its parent is (the parent
 * the ptid parameter names: real_parent's tgid) or its name is listed.
 * One that stops qualifying leaves the set, and its event is kept. */
static __always_inline bool sup_spawned(struct task_struct *t, __u32 tid)
{
	__u32 ptid = BPF_CORE_READ(t, real_parent, tgid);
	if (bpf_map_lookup_elem(&sup_tids, &ptid) || sup_comm_listed(t->comm)) {
		__u8 one = 1;
		bpf_map_update_elem(&sup_tids, &tid, &one, BPF_ANY);
		return true;
	}
	bpf_map_delete_elem(&sup_tids, &tid);
	return false;
}

/* Whether this syscall event of t is dropped for -U (and counted). */
static __always_inline bool sup_event(struct task_struct *t, __u64 nr, bool enter)
{
	/* Compat calls are never recorded, and their numbers would read
	 * sup_spawn wrong. */
	if (is_compat(t))
		return false;
	__u32 tid = t->pid;
	bool hit = !enter && sup_spawn[nr & (RECIPE_NR_MAX - 1)]
		? sup_spawned(t, tid)
		: bpf_map_lookup_elem(&sup_tids, &tid) != NULL;
	if (hit)
		COUNT(suppressed, 1);
	return hit;
}

/* Whether the current task's event is recorded: syscope's own never, then
 * the pushdown.  Only fields of the task are read (plain loads through its
 * BTF pointer), nothing of the syscall. */
static __always_inline bool current_wanted(struct task_struct *t)
{
	if (t->tgid == own_tgid)
		return false;
	return task_wanted(t, t->tgid, t->pid);
}

static __always_inline void emit_syscall(__u64 nr, struct pt_regs *regs, long ret, bool enter)
{
	/* Cheapest first: the syscall set is read-only data. */
	if (nr >= RECIPE_NR_MAX)
		return;
	if (!pd_sc_all && !pd_sc[nr])
		return;
	struct task_struct *t = bpf_get_current_task_btf();
	/* -U comes before the pushdown, so the rule sees every fork and exec
	 * of the processes the filter leaves out too. */
	if (sup_ncomms && sup_event(t, nr, enter))
		return;
	if (!current_wanted(t) || is_compat(t))
		return;
	/* The clock is read only for events that are kept. */
	__u64 ts = bpf_ktime_get_boot_ns() + boot_to_epoch_ns;
	__u32 tid = t->pid;
	/* recipe_index is 1-based (0: generic).  The bounds check is on the
	 * index itself: 6.1's verifier learns no lower bound from "!= 0", so
	 * checking the 1-based value and subtracting afterwards leaves the
	 * index unbounded for it. */
	__u32 which = recipe_index[nr] - 1u;
	barrier_var(which);
	if (which >= RECIPE_SYSCALLS) {
		emit_generic(nr, enter, ts, tid);
		return;
	}
	const struct recipe_syscall *rs = &recipe_syscalls[which];
	if (!enter && !enter_events && (rs->flags & RS_PAIR))
		emit_recipe(rs, regs, ret, true, ts, tid);
	emit_recipe(rs, regs, ret, enter, ts, tid);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(scope_sys_exit, struct pt_regs *regs, long ret)
{
	emit_syscall((__u64)regs->orig_ax, regs, ret, false);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(scope_sys_enter, struct pt_regs *regs, long id)
{
	emit_syscall((__u64)id, regs, 0, true);
	return 0;
}

/* procexit (PPME_PROCEXIT_1_E): status, ret, sig, core, reaper_tid. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(scope_proc_exit, struct task_struct *p)
{
	struct task_struct *t = bpf_get_current_task_btf();
	/* A suppressed thread leaves the set as it exits; its procexit is
	 * dropped (whether or not procexit events are wanted). */
	if (sup_ncomms) {
		__u32 tid = t->pid;
		if (bpf_map_delete_elem(&sup_tids, &tid) == 0) {
			COUNT(suppressed, 1);
			return 0;
		}
	}
	if (!pd_procexit || !current_wanted(t))
		return 0;
	__u64 ts = bpf_ktime_get_boot_ns() + boot_to_epoch_ns;
	__u32 cpu = bpf_get_smp_processor_id();
	struct scratch *s = scratch_get(cpu);
	if (!s)
		return 0;
	__s64 code = BPF_CORE_READ(p, exit_code);
	__s64 status = (code >> 8) & 0xff;
	__u8 sig = code & 0x7f, core = (code & 0x80) ? 1 : 0;
	__s64 reaper = 0; /* not computed: sinsp reparents to init */
	header(s, ts, t->pid, 186, 5);
	__u32 off = SCOPE_HDR_LEN + 10;
	put_len(s, 0, 8);
	put_len(s, 1, 8);
	put_len(s, 2, 1);
	put_len(s, 3, 1);
	put_len(s, 4, 8);
	__builtin_memcpy(&s->rec[off], &code, 8);
	__builtin_memcpy(&s->rec[off + 8], &status, 8);
	s->rec[off + 16] = sig;
	s->rec[off + 17] = core;
	__builtin_memcpy(&s->rec[off + 18], &reaper, 8);
	send(s, cpu, off + 26, ts);
	return 0;
}

/* page_fault (PAGE_FAULT_E): addr, ip, error, from the x86 tracepoints
 * exceptions:page_fault_user and exceptions:page_fault_kernel, attached
 * only with --page-faults (and a filter page_fault events may match).
 * The record has a fixed size: like a generic event it is written in the
 * ring directly, without the scratch area, which the program a fault
 * interrupts (a probe read in sys_exit faults too) may be using. */
struct page_fault_rec {
	__u64 ts;
	__u64 tid;
	__u32 len;
	__u16 type;
	__u32 nparams;
	__u16 lens[PAGE_FAULT_NPARAMS];
	__u64 addr, ip;
	__u32 error;
} __attribute__((packed));

static __always_inline void emit_page_fault(__u64 addr, struct pt_regs *regs, __u64 code)
{
	struct task_struct *t = bpf_get_current_task_btf();
	if (!current_wanted(t))
		return;
	__u64 ts = bpf_ktime_get_boot_ns() + boot_to_epoch_ns;
	__u32 cpu = bpf_get_smp_processor_id();
	void *ring = bpf_map_lookup_elem(&rings, &cpu);
	struct page_fault_rec *r = ring ? bpf_ringbuf_reserve(ring, sizeof(*r), 0) : NULL;
	if (!r) {
		COUNT(drops, 1);
		return;
	}
	r->ts = ts;
	r->tid = t->pid;
	r->len = sizeof(*r);
	r->type = PAGE_FAULT_EVENT;
	r->nparams = PAGE_FAULT_NPARAMS;
	r->lens[0] = 8;
	r->lens[1] = 8;
	r->lens[2] = 4;
	r->addr = addr;
	r->ip = regs ? regs->ip : 0;
	r->error = page_fault_flags(code);
	bpf_ringbuf_submit(r, wakeup_flags(ts));
}

SEC("tp_btf/page_fault_user")
int BPF_PROG(scope_page_fault_user, unsigned long address, struct pt_regs *regs,
	     unsigned long error_code)
{
	emit_page_fault(address, regs, error_code);
	return 0;
}

SEC("tp_btf/page_fault_kernel")
int BPF_PROG(scope_page_fault_kernel, unsigned long address, struct pt_regs *regs,
	     unsigned long error_code)
{
	emit_page_fault(address, regs, error_code);
	return 0;
}
