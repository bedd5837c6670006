/* Cases: processes, memory, ids, limits, signals to oneself, SysV
 * semaphores, namespaces, seccomp and bpf (calls.h explains the cases).
 *
 * The exits of clone, clone3, fork, vfork, execve and execveat carry the
 * calling task's properties.  The program reads each of them itself, with
 * recorded calls: its argv from /proc/self/cmdline, its counters, group,
 * tty and parent from /proc/self/stat, its working directory with getcwd,
 * its fd limit with getrlimit, ids with geteuid/getegid, capabilities from
 * /proc/self/status.  Counters that move under the program (page faults,
 * vm sizes) are checked as ranges, written as regular expressions: between
 * a reading before and a reading after the call where both can be made.
 */
#define _GNU_SOURCE 1
#include "calls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>  /* snprintf only */
#include <stdlib.h> /* strtoull */
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef unsigned long long u64;

/* The note of a call that makes a generic event: no checks (its evt.info
 * is empty), an empty format that gcc would otherwise reject. */
static void note_generic(const char *type)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-zero-length"
	note_call(type, "");
#pragma GCC diagnostic pop
}

/* ---- text helpers --------------------------------------------------------- */

/* A check line built piece by piece (the task events have ~30 checks). */
struct line {
	char s[8192];
	size_t n;
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(l->s + l->n, sizeof l->s - l->n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof l->s - l->n) {
		errno = ENOBUFS;
		die("check line too long");
	}
	l->n += (size_t)k;
}

/* An ERE matching exactly the decimal numbers lo..hi: the range cut into
 * runs of one length, each run into blocks "prefix[a-b][0-9]{k}". */
#define RANGE_RE 1536
static const char *range_re(char out[RANGE_RE], u64 lo, u64 hi)
{
	struct line l;
	l.n = 0;
	put(&l, "^(");
	if (hi < lo) {
		u64 t = lo;
		lo = hi;
		hi = t;
	}
	for (int first = 1;; first = 0) {
		int d = 1;      /* digits of lo */
		u64 p10 = 10;   /* 10^d */
		while (d < 19 && p10 <= lo) {
			p10 *= 10;
			d++;
		}
		u64 top = d < 19 && p10 - 1 < hi ? p10 - 1 : hi;
		u64 size = 1;   /* 10^k: the block's free low digits */
		int k = 0;
		while (k < d - 1 && lo % (size * 10) == 0 && lo + size * 10 - 1 <= top) {
			size *= 10;
			k++;
		}
		u64 digit = lo / size % 10, m = 1;
		while (digit + m <= 9 && lo + (m + 1) * size - 1 <= top)
			m++;
		put(&l, "%s", first ? "" : "|");
		if (k + 1 < d)
			put(&l, "%llu", lo / (size * 10));
		if (m == 1)
			put(&l, "%llu", digit);
		else
			put(&l, "[%llu-%llu]", digit, digit + m - 1);
		if (k)
			put(&l, "[0-9]{%d}", k);
		u64 next = lo + m * size;
		if (next - 1 >= hi)
			break;
		lo = next;
	}
	put(&l, ")$");
	if (l.n >= RANGE_RE) {
		errno = ENOBUFS;
		die("range_re");
	}
	memcpy(out, l.s, l.n + 1);
	return out;
}

/* What evt.info shows of a byte buffer or string: non-printable bytes as
 * '.', and past 80 characters 77 of them and "...". */
static void shown(char *out, size_t size, const char *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < size; i++)
		out[k++] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.';
	if (k > 80)
		memcpy(out + 77, "...", 3), k = 80;
	out[k] = 0;
}

/* A number as evt.rawarg shows a parameter whose name a buffer parameter
 * has first in the event table (addr: bind's sockaddr; val: setsockopt's
 * DYN): its WIDTH bytes, little-endian, non-printable ones as '.'. */
static const char *raw_bytes(char out[9], u64 v, int width)
{
	for (int i = 0; i < width; i++) {
		unsigned char c = (unsigned char)(v >> (8 * i));
		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	out[width] = 0;
	return out;
}

/* ---- recorded reads of small files ---------------------------------------- */

/* One read of a small file: its calls, for recording when the reader
 * chooses (after the call under test when the file is read after it). */
struct small_read {
	char path[CALLS_PATH];
	long fd, n;     /* fd -errno when the open failed */
};

static void note_read(const struct small_read *r)
{
	if (r->fd < 0) {
		note_call("openat", "fd=%ld\tname=%s", r->fd, r->path);
		return;
	}
	note_call("openat", "fd=%ld(<f>%s)\tname=%s", r->fd, r->path, r->path);
	note_call("read", "res=%ld\t@fd=%s", r->n, r->path);
	note_call("close", "res=0");
}

#define MAY_FAIL 1  /* the file may be missing: -errno then */
#define MAY_CUT 2   /* the file may be longer than buf: its start then */

/* Reads PATH into buf (NUL-terminated) with one read, keeps the calls in
 * *r for note_read; returns the length, or -errno when the open failed
 * and how has MAY_FAIL.  One read is enough: the files are short. */
static long read_small(const char *path, char *buf, size_t size, struct small_read *r, int how)
{
	snprintf(r->path, sizeof r->path, "%s", path);
	r->fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	if (r->fd < 0) {
		r->fd = -errno;
		if (!(how & MAY_FAIL))
			die(path);
		return r->fd;
	}
	r->n = must(syscall(SYS_read, r->fd, buf, size - 1), path);
	if ((size_t)r->n == size - 1 && !(how & MAY_CUT)) {
		errno = EFBIG;
		die(path);
	}
	buf[r->n] = 0;
	must(syscall(SYS_close, r->fd), "close");
	return r->n;
}

static long read_noted(const char *path, char *buf, size_t size)
{
	struct small_read r;
	long n = read_small(path, buf, size, &r, 0);
	note_read(&r);
	return n;
}

/* The fields of /proc/PID/stat the task events show. */
struct pstat {
	char comm[20];
	long ppid, pgrp, tty;
	u64 minflt, majflt, start, vm_kb;
};

static void parse_stat(const char *text, struct pstat *st)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	if (!open || !close || close - open - 1 >= (long)sizeof st->comm) {
		errno = EINVAL;
		die("stat");
	}
	memcpy(st->comm, open + 1, (size_t)(close - open - 1));
	st->comm[close - open - 1] = 0;
	/* Fields from 3 (state) on; the field numbers of proc(5). */
	u64 f[24] = {0};
	const char *p = close + 2;
	for (int i = 3; i < 24 && *p; i++) {
		while (*p == ' ')
			p++;
		char *end;
		f[i] = i == 3 ? 0 : strtoull(p, &end, 10);
		if (i == 3)
			end = (char *)p + 1;
		p = end;
	}
	st->ppid = (long)f[4];
	st->pgrp = (long)f[5];
	st->tty = (long)f[7];
	st->minflt = f[10];
	st->majflt = f[12];
	st->start = f[22];
	st->vm_kb = f[23] / 1024;
}

static void read_stat(const char *path, struct pstat *st, struct small_read *later)
{
	char text[1024];
	struct small_read r;
	read_small(path, text, sizeof text, later ? later : &r, 0);
	if (!later)
		note_read(&r);
	parse_stat(text, st);
}

/* ---- the task properties -------------------------------------------------- */

struct facts {
	char exe[CALLS_PATH];           /* argv[0], as evt.info shows it */
	char args[2 * CALLS_PATH];      /* the rest of argv, shown */
	char cwd[CALLS_PATH];           /* shown: a CHARBUF is cut too */
	char cgroups[96];               /* shown (cut at 80) */
	char ptid[64];                  /* our parent, as a PID shows it */
	long fdlimit;
	unsigned euid, egid;
	struct pstat st;                /* ours, before the call */
	u64 init_lo, init_hi;           /* pidns_init_start_ts bounds */
};

/* The start time of the pid namespace's init (its child_reaper), in ns
 * since the epoch, as the driver computes it (start_boottime + REALTIME -
 * BOOTTIME): /proc/1/stat gives it in clock ticks, so it is known to a
 * tick; the two clocks are read here and by syscope at its start, which
 * may differ by a clock step, hence a margin. */
static void init_start(struct facts *f)
{
	struct pstat init;
	read_stat("/proc/1/stat", &init, NULL);
	struct timespec rt, bt;
	must(syscall(SYS_clock_gettime, CLOCK_REALTIME, &rt), "clock_gettime");
	note_generic("clock_gettime");
	must(syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &bt), "clock_gettime");
	note_generic("clock_gettime");
	u64 b2e = ((u64)rt.tv_sec - (u64)bt.tv_sec) * 1000000000ull + (u64)rt.tv_nsec -
		  (u64)bt.tv_nsec;
	u64 tick = 1000000000ull / (u64)sysconf(_SC_CLK_TCK), margin = 100000000ull;
	f->init_lo = init.start * tick + b2e - margin;
	f->init_hi = (init.start + 1) * tick + b2e + margin;
}

/* The cgroups the drivers write for us: for each subsystem of
 * /proc/cgroups (the kernel's order), "name=path" with the path of its
 * hierarchy's line in /proc/self/cgroup (hierarchy 0: the v2 line, "/"
 * when there is none), NUL
 * after each; the kernel's name of blkio is io. */
static void expected_cgroups(struct facts *f)
{
	static char subsys[4096], mine[4096];
	char list[4096];
	size_t n = 0;
	read_noted("/proc/cgroups", subsys, sizeof subsys);
	/* a newline first, so that every line starts with one */
	mine[0] = '\n';
	read_noted("/proc/self/cgroup", mine + 1, sizeof mine - 1);
	for (char *line = subsys, *next; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = 0;
		char name[64];
		int hier;
		if (line[0] == '#' || sscanf(line, "%63s %d", name, &hier) != 2)
			continue;
		/* its hierarchy's line: "ID:controllers:path" */
		char want[32];
		size_t wl = (size_t)snprintf(want, sizeof want, "\n%d:", hier);
		const char *at = strstr(mine, want);
		const char *path = at ? strchr(at + wl, ':') : NULL;
		if (path)
			path++;
		else if (hier == 0)
			path = "/"; /* no v2 line before cgroup2 is first mounted: all in its root */
		if (!path)
			continue;
		int pl = (int)strcspn(path, "\n");
		int w = snprintf(list + n, sizeof list - n, "%s=%.*s",
				 strcmp(name, "blkio") == 0 ? "io" : name, pl, path);
		if (w < 0 || (size_t)w + 1 >= sizeof list - n)
			break;
		n += (size_t)w + 1; /* past the NUL snprintf wrote */
	}
	shown(f->cgroups, sizeof f->cgroups, list, n);
}

static void gather(struct facts *f)
{
	char text[2 * CALLS_PATH];
	long n = read_noted("/proc/self/cmdline", text, sizeof text);
	size_t len0 = strnlen(text, (size_t)n);
	shown(f->exe, sizeof f->exe, text, len0);
	shown(f->args, sizeof f->args, text + len0 + 1, (size_t)n - len0 - 1);
	expected_cgroups(f);

	read_stat("/proc/self/stat", &f->st, NULL);
	char ppath[64];
	struct pstat parent;
	snprintf(ppath, sizeof ppath, "/proc/%ld/stat", f->st.ppid);
	read_stat(ppath, &parent, NULL);
	snprintf(f->ptid, sizeof f->ptid, "%ld(%s)", f->st.ppid, parent.comm);

	char cwd[CALLS_PATH];
	long rc = must(syscall(SYS_getcwd, cwd, sizeof cwd), "getcwd");
	shown(f->cwd, sizeof f->cwd, cwd, strlen(cwd));
	note_call("getcwd", "res=%ld\tpath=%s", rc, f->cwd);

	struct rlimit rl;
	must(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl), "getrlimit");
	note_call("getrlimit", "res=0\tcur=%ld", (long)rl.rlim_cur);
	f->fdlimit = (long)rl.rlim_cur;

	f->euid = (unsigned)syscall(SYS_geteuid);
	note_call("geteuid", "euid~^%u\\(", f->euid);
	f->egid = (unsigned)syscall(SYS_getegid);
	note_call("getegid", "egid~^%u\\(", f->egid);

	init_start(f);
}

/* What the exit of a fork-like call shows, beyond the facts. */
struct task_exit {
	const char *res;
	long tid;                       /* and pid: one thread */
	const char *ptid;
	const char *flags;
	u64 min_lo, min_hi, maj_lo, maj_hi, vm_lo, vm_hi;
};

/* The checks of a clone, clone3, fork or vfork exit. */
static void expect_fork_like(const char *syscall_name, const struct facts *f,
			     const struct task_exit *t)
{
	char re[RANGE_RE];
	struct line l;
	l.n = 0;
	put(&l, "res=%s\texe=%s\targs=%s", t->res, f->exe, f->args);
	put(&l, "\ttid=%ld(%s)\tpid=%ld(%s)\tptid=%s", t->tid, CALLS_COMM, t->tid, CALLS_COMM,
	    t->ptid);
	put(&l, "\tcwd=%s\tfdlimit=%ld", f->cwd, f->fdlimit);
	put(&l, "\tpgft_maj~%s", range_re(re, t->maj_lo, t->maj_hi));
	put(&l, "\tpgft_min~%s", range_re(re, t->min_lo, t->min_hi));
	put(&l, "\tvm_size~%s", range_re(re, t->vm_lo, t->vm_hi));
	/* Resident and swapped KiB: the driver reads the counters' shared part
	 * only (per-cpu counters since 6.2), so they lag; at most the size. */
	put(&l, "\tvm_rss~%s", range_re(re, 0, t->vm_hi));
	put(&l, "\tvm_swap~%s", range_re(re, 0, t->vm_hi));
	put(&l, "\tcomm=%s\tcgroups=%s\tflags=%s\tuid=%u\tgid=%u", CALLS_COMM, f->cgroups,
	    t->flags, f->euid, f->egid);
	put(&l, "\tvtid=%ld(%s)\tvpid=%ld(%s)", t->tid, CALLS_COMM, t->tid, CALLS_COMM);
	put(&l, "\tpidns_init_start_ts~%s", range_re(re, f->init_lo, f->init_hi));
	expect(syscall_name, syscall_name, "%s", l.s);
}

static u64 min_u(u64 a, u64 b) { return a < b ? a : b; }
static u64 max_u(u64 a, u64 b) { return a > b ? a : b; }

/* The parent's side of a fork-like call that returned child: waits for
 * the child (wait4, unrecorded like run_child's), reads its own counters
 * again and records the exit, then those reads. */
static void parent_side(const char *syscall_name, const struct facts *f, long child,
			const char *flags)
{
	int status;
	if (syscall(SYS_wait4, child, &status, 0, NULL) != child)
		die("wait4");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = ECHILD;
		die("child");
	}
	struct pstat after;
	struct small_read r;
	read_stat("/proc/self/stat", &after, &r);
	char res[64];
	snprintf(res, sizeof res, "%ld(%s)", child, CALLS_COMM);
	struct task_exit t = {
		.res = res, .tid = tid(), .ptid = f->ptid, .flags = flags,
		.min_lo = f->st.minflt, .min_hi = after.minflt,
		.maj_lo = f->st.majflt, .maj_hi = after.majflt,
		.vm_lo = min_u(f->st.vm_kb, after.vm_kb), .vm_hi = max_u(f->st.vm_kb, after.vm_kb),
	};
	expect_fork_like(syscall_name, f, &t);
	note_read(&r);
}

/* The child's side: its counters started at 0 with the call and have
 * grown since; its memory is a copy (or, for vfork, the same). */
static void child_side(const char *syscall_name, const struct facts *f, long parent,
		       const char *flags)
{
	struct pstat now;
	struct small_read r;
	read_stat("/proc/self/stat", &now, &r);
	char ptid[64];
	snprintf(ptid, sizeof ptid, "%ld(%s)", parent, CALLS_COMM);
	struct task_exit t = {
		.res = "0", .tid = tid(), .ptid = ptid, .flags = flags,
		.min_lo = 0, .min_hi = now.minflt, .maj_lo = 0, .maj_hi = now.majflt,
		.vm_lo = min_u(f->st.vm_kb, now.vm_kb), .vm_hi = max_u(f->st.vm_kb, now.vm_kb),
	};
	expect_fork_like(syscall_name, f, &t);
	note_read(&r);
}

/* ---- clone, clone3, fork, vfork ------------------------------------------- */

static void case_clone(void)
{
	struct facts f;
	gather(&f);
	long parent = tid();
	pid_t ptid_out = 0, ctid_out = 0;
	/* No new stack: the child runs on a copy of ours, as after fork.  The
	 * PPM flags: CLONE_PARENT_SETTID 0x200 | CLONE_CHILD_SETTID 0x1000000;
	 * the exit signal in the low byte has no name. */
	long rc = must(syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD,
			       0, &ptid_out, &ctid_out, 0), "clone");
	const char *flags = "16777728(CLONE_PARENT_SETTID|CLONE_CHILD_SETTID)";
	if (rc == 0) {
		/* The kernel wrote our tid at ctid_out in our copy. */
		if (ctid_out != tid()) {
			errno = EINVAL;
			die("clone: child tid");
		}
		child_side("clone", &f, parent, flags);
		child_exit(0);
	}
	if (ptid_out != rc) {
		errno = EINVAL;
		die("clone: parent tid");
	}
	parent_side("clone", &f, rc, flags);
}

static void case_clone3(void)
{
	struct facts f;
	gather(&f);
	long parent = tid();
	pid_t ptid_out = 0;
	struct clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_PARENT_SETTID;
	ca.parent_tid = (u64)(unsigned long)&ptid_out;
	ca.exit_signal = SIGCHLD;
	long rc = must(syscall(SYS_clone3, &ca, sizeof ca), "clone3");
	/* The flags are read from the struct: CLONE_PARENT_SETTID, PPM 0x200. */
	const char *flags = "512(CLONE_PARENT_SETTID)";
	if (rc == 0) {
		child_side("clone3", &f, parent, flags);
		child_exit(0);
	}
	if (ptid_out != rc) {
		errno = EINVAL;
		die("clone3: parent tid");
	}
	parent_side("clone3", &f, rc, flags);
}

static void case_fork(void)
{
	struct facts f;
	gather(&f);
	long parent = tid();
	long rc = must(syscall(SYS_fork), "fork");
	/* fork has no flags: the driver writes 0. */
	if (rc == 0) {
		child_side("fork", &f, parent, "0");
		child_exit(0);
	}
	parent_side("fork", &f, rc, "0");
}

static void case_vfork(void)
{
	struct facts f;
	gather(&f);
	long parent = tid();
	/* glibc's vfork is the vfork system call, made so that the child's
	 * return does not clobber the parent's: syscall(SYS_vfork) cannot be
	 * used, as its child returns from syscall() on the shared stack.  The
	 * parent sleeps until the child exits; the child only writes the
	 * shared record, on the stack below the parent's frame. */
	long rc = vfork();
	if (rc < 0)
		die("vfork");
	if (rc == 0) {
		child_side("vfork", &f, parent, "0");
		child_exit(0);
	}
	parent_side("vfork", &f, rc, "0");
}

/* ---- execve, execveat ------------------------------------------------------ */

/* A pid as a PID parameter shows it: with the name of its process when
 * there is one (syscope knows the processes that ran before it). */
static const char *pid_shown(char out[64], long pid)
{
	char path[64], text[1024];
	struct small_read r;
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (pid <= 0 || read_small(path, text, sizeof text, &r, MAY_FAIL) < 0) {
		if (pid > 0)
			note_read(&r);
		snprintf(out, 64, "%ld", pid);
		return out;
	}
	note_read(&r);
	struct pstat st;
	parse_stat(text, &st);
	snprintf(out, 64, "%ld(%s)", pid, st.comm);
	return out;
}

/* The exec exits' properties beyond the facts, read before the call. */
struct exec_facts {
	struct facts f;
	char path[CALLS_PATH];          /* the program's real path */
	char base[CALLS_PATH];          /* its file name */
	char pgid[64];                  /* our group, as a PID shows it */
	struct stat st;                 /* of path */
	long loginuid;
	u64 cap_inh, cap_perm, cap_eff, cap_bnd;
};

static u64 status_hex(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	if (!p) {
		errno = ENOENT;
		die(key);
	}
	return strtoull(p + strlen(key), NULL, 16);
}

static void gather_exec(struct exec_facts *x)
{
	gather(&x->f);
	long n = must(syscall(SYS_readlink, "/proc/self/exe", x->path, sizeof x->path - 1),
		      "readlink");
	x->path[n] = 0;
	note_generic("readlink");
	snprintf(x->base, sizeof x->base, "%s", strrchr(x->path, '/') + 1);
	must(syscall(SYS_stat, x->path, &x->st), "stat");
	note_call("stat", "res=0\tpath=%s", x->path);
	pid_shown(x->pgid, x->f.st.pgrp);
	/* loginuid: absent without audit, then the driver writes -1. */
	char text[4096];
	struct small_read r;
	long rc = read_small("/proc/self/loginuid", text, sizeof text, &r, MAY_FAIL);
	note_read(&r);
	x->loginuid = rc < 0 ? -1 : (long)(int)strtoul(text, NULL, 10);
	read_noted("/proc/self/status", text, sizeof text);
	x->cap_inh = status_hex(text, "CapInh:");
	x->cap_perm = status_hex(text, "CapPrm:");
	x->cap_eff = status_hex(text, "CapEff:");
	x->cap_bnd = status_hex(text, "CapBnd:");
}

/* What an exec exit shows beyond the exec facts. */
struct exec_exit {
	const char *res, *exe, *args, *comm, *env;
	long tid;
	const char *ptid;
	u64 min_lo, min_hi, maj_lo, maj_hi, vm_lo, vm_hi;
	u64 cap_inh, cap_perm, cap_eff;
};

static u64 ns_of(struct timespec ts)
{
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

/* The checks of an execve or execveat exit, then MORE (the enter's). */
static void expect_exec(const char *syscall_name, const struct exec_facts *x,
			const struct exec_exit *e, const char *more)
{
	const struct facts *f = &x->f;
	char re[RANGE_RE];
	struct line l;
	l.n = 0;
	put(&l, "res=%s\texe=%s\targs=%s", e->res, e->exe, e->args);
	put(&l, "\ttid=%ld(%s)\tpid=%ld(%s)\tptid=%s", e->tid, CALLS_COMM, e->tid, CALLS_COMM,
	    e->ptid);
	put(&l, "\tcwd=%s\tfdlimit=%ld", f->cwd, f->fdlimit);
	put(&l, "\tpgft_maj~%s", range_re(re, e->maj_lo, e->maj_hi));
	put(&l, "\tpgft_min~%s", range_re(re, e->min_lo, e->min_hi));
	put(&l, "\tvm_size~%s", range_re(re, e->vm_lo, e->vm_hi));
	put(&l, "\tvm_rss~%s", range_re(re, 0, e->vm_hi));
	put(&l, "\tvm_swap~%s", range_re(re, 0, e->vm_hi));
	put(&l, "\tcomm=%s\tcgroups=%s\tenv=%s", e->comm, f->cgroups, e->env);
	put(&l, "\ttty=%ld\tpgid=%s\tloginuid=%ld", f->st.tty, x->pgid, x->loginuid);
	/* The exit's flags (EXE_WRITABLE) are not collected: <flags=0. */
	put(&l, "\t<flags=0\tcap_inheritable=%llu\tcap_permitted=%llu\tcap_effective=%llu",
	    e->cap_inh, e->cap_perm, e->cap_eff);
	put(&l, "\texe_ino=%lu\texe_ino_ctime=%llu\texe_ino_mtime=%llu", (unsigned long)x->st.st_ino,
	    ns_of(x->st.st_ctim), ns_of(x->st.st_mtim));
	put(&l, "\tuid=%u\ttrusted_exepath=%s\tgid=%u\t%s", f->euid, x->path, f->egid, more);
	expect(syscall_name, syscall_name, "%s", l.s);
}

static char *const exec_argv[] = {"calls-execve", "--list", NULL};
static char *const exec_env[] = {"CALLS_A=1", "CALLS_B=two words", NULL};

/* The child execs this program with --list, which prints the list of
 * cases and returns 0.  The new image makes none of the calls the child
 * records (fork, openat, read, close, execve), so its own calls are out
 * of the check.  What the exit shows is the new image's: written before
 * the call, which does not return. */
static void do_execve(void *arg)
{
	const struct exec_facts *x = arg;
	char ptid[64], more[2 * CALLS_PATH + 32], comm[16];
	struct pstat now;
	read_stat("/proc/self/stat", &now, NULL);
	snprintf(ptid, sizeof ptid, "%ld(%s)", now.ppid, CALLS_COMM);
	/* comm: the file's name, cut to 15 bytes as the kernel sets it. */
	snprintf(comm, sizeof comm, "%.15s", x->base);
	/* A root exec: permitted = bounding | inheritable, effective the
	 * same, inheritable kept (commoncap's handle_privileged_root). */
	u64 perm = x->cap_bnd | x->cap_inh;
	struct exec_exit e = {
		.res = "0", .exe = exec_argv[0], .args = "--list.", .comm = comm,
		.env = "CALLS_A=1.CALLS_B=two words.", .tid = tid(), .ptid = ptid,
		/* The counters go on from ours; what the exec adds is not known
		 * here: a bound.  The fresh image of the same static program is
		 * smaller than ours, which adds the record mapping and a heap. */
		.min_lo = now.minflt, .min_hi = now.minflt + 1024,
		.maj_lo = now.majflt, .maj_hi = now.majflt + 64,
		.vm_lo = 1, .vm_hi = now.vm_kb,
		.cap_inh = x->cap_inh, .cap_perm = perm, .cap_eff = perm,
	};
	/* filename: the argument on the enter, the executable's path on the
	 * exit (the same here). */
	snprintf(more, sizeof more, ">filename=%s\t<filename=%s", x->path, x->path);
	expect_exec("execve", x, &e, more);
	syscall(SYS_execve, x->path, exec_argv, exec_env);
	die("execve");
}

static void case_execve(void)
{
	struct exec_facts x;
	gather_exec(&x);
	run_child(do_execve, &x);
}

/* A successful execveat ends as an execve: the kernel sets the syscall
 * number to execve's (orig_ax 59 at the exit), so its exit is an execve
 * exit after an execveat enter.  The case makes one that fails (a symlink
 * not to follow: ELOOP), whose exit is execveat's and shows the task as it
 * is; a failed exec changes nothing, so it runs here. */
static void case_execveat(void)
{
	struct exec_facts x;
	gather_exec(&x);
	char env_text[4096], env[96];
	struct small_read r;
	long n = read_small("/proc/self/environ", env_text, sizeof env_text, &r, MAY_CUT);
	note_read(&r);
	shown(env, sizeof env, env_text, (size_t)n);

	char link[CALLS_PATH];
	path_of(link, "execveat-link");
	must(syscall(SYS_symlinkat, x.path, AT_FDCWD, link), "symlinkat");
	note_call("symlinkat", "res=0\ttarget=%s\tlinkpath=%s", x.path, link);
	long dirfd = must(syscall(SYS_openat, AT_FDCWD, work_dir(), O_PATH | O_DIRECTORY | O_CLOEXEC),
			  "openat");
	note_call("openat", "fd=%ld(<d>%s)\tname=%s", dirfd, work_dir(), work_dir());

	long rc = syscall(SYS_execveat, dirfd, "execveat-link", exec_argv, exec_env,
			  AT_SYMLINK_NOFOLLOW);
	if (rc != -1 || errno != ELOOP)
		die("execveat: not ELOOP");
	struct pstat after;
	struct small_read ra;
	read_stat("/proc/self/stat", &after, &ra);
	struct exec_exit e = {
		.res = "-40(ELOOP)", .exe = x.f.exe, .args = x.f.args, .comm = CALLS_COMM,
		.env = env, .tid = tid(), .ptid = x.f.ptid,
		.min_lo = x.f.st.minflt, .min_hi = after.minflt,
		.maj_lo = x.f.st.majflt, .maj_hi = after.majflt,
		.vm_lo = min_u(x.f.st.vm_kb, after.vm_kb), .vm_hi = max_u(x.f.st.vm_kb, after.vm_kb),
		.cap_inh = x.cap_inh, .cap_perm = x.cap_perm, .cap_eff = x.cap_eff,
	};
	/* The enter's: the path resolved from the dir fd; PPM
	 * AT_SYMLINK_NOFOLLOW is 0x2. */
	char more[3 * CALLS_PATH];
	snprintf(more, sizeof more, ">dirfd=%ld(<d>%s)\t>pathname=execveat-link(%s)"
		 "\t>flags=2(AT_SYMLINK_NOFOLLOW)", dirfd, work_dir(), link);
	expect_exec("execveat", &x, &e, more);
	note_read(&ra);
	must(syscall(SYS_close, dirfd), "close");
	note_call("close", "res=0");
	must(syscall(SYS_unlinkat, AT_FDCWD, link, 0), "unlinkat");
	note_call("unlinkat", "res=0");
}

/* ---- signals to oneself ---------------------------------------------------- */

/* Signal 0: the checks of permission and existence, nothing delivered.
 * The pid parameters of the exits are raw (evt.rawarg): bare numbers. */
static void case_kill(void)
{
	long me = tid();
	long rc = must(syscall(SYS_kill, me, 0), "kill");
	expect("kill", "kill", "res=%ld\t>pid=%ld(%s)\t<pid=%ld\tsig=0", rc, me, CALLS_COMM, me);
}

static void case_tkill(void)
{
	long me = tid();
	long rc = must(syscall(SYS_tkill, me, 0), "tkill");
	expect("tkill", "tkill", "res=%ld\t>tid=%ld(%s)\t<tid=%ld\tsig=0", rc, me, CALLS_COMM, me);
}

static void case_tgkill(void)
{
	long me = tid();
	long rc = must(syscall(SYS_tgkill, me, me, 0), "tgkill");
	expect("tgkill", "tgkill", "res=%ld\t>pid=%ld(%s)\t<pid=%ld\t>tid=%ld(%s)\t<tid=%ld\tsig=0",
	       rc, me, CALLS_COMM, me, me, CALLS_COMM, me);
}

/* ---- memory ------------------------------------------------------------------ */

#define MAP_LEN 8192

/* The exits' vm_size (KiB, total_vm: a mapping counts from its mmap),
 * exact as the program knows it, and vm_rss and vm_swap, at most that. */
static const char *vm_checks(char out[3 * RANGE_RE], u64 size_kb)
{
	char re[RANGE_RE];
	int n = snprintf(out, 3 * RANGE_RE, "vm_size=%llu\tvm_rss~%s", size_kb,
			 range_re(re, 0, size_kb));
	snprintf(out + n, 3 * RANGE_RE - (size_t)n, "\tvm_swap~%s", re);
	return out;
}

static void case_mmap(void)
{
	char vm[3 * RANGE_RE], raw[9];
	struct pstat before;
	read_stat("/proc/self/stat", &before, NULL);
	long addr = syscall(SYS_mmap, 0, MAP_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0L);
	if (addr == -1)
		die("mmap");
	/* PPM flags: MAP_PRIVATE 0x2 | MAP_ANONYMOUS 0x8. */
	expect("mmap", "mmap",
	       "res=%lX\t%s\t>addr=0\t<addr=%s\tlength=%d\t>prot=3(PROT_READ|PROT_WRITE)\t<prot=3"
	       "\t>flags=10(MAP_PRIVATE|MAP_ANONYMOUS)\t<flags=10\t>fd=-1(EPERM)\t<fd=-1\toffset=0",
	       addr, vm_checks(vm, before.vm_kb + MAP_LEN / 1024), raw_bytes(raw, 0, 8), MAP_LEN);
	must(syscall(SYS_munmap, addr, MAP_LEN), "munmap");
	note_call("munmap", "res=0");
}

static long map_pages(void)
{
	long addr = syscall(SYS_mmap, 0, MAP_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0L);
	if (addr == -1)
		die("mmap");
	note_call("mmap", "res=%lX", addr);
	return addr;
}

static void case_mprotect(void)
{
	char raw[9];
	long addr = map_pages();
	long rc = must(syscall(SYS_mprotect, addr, MAP_LEN, PROT_READ), "mprotect");
	expect("mprotect", "mprotect", "res=%ld\t>addr=%lX\t<addr=%s\tlength=%d\t>prot=1(PROT_READ)"
	       "\t<prot=1", rc, addr, raw_bytes(raw, (u64)addr, 8), MAP_LEN);
	must(syscall(SYS_munmap, addr, MAP_LEN), "munmap");
	note_call("munmap", "res=0");
}

static void case_munmap(void)
{
	char vm[3 * RANGE_RE], raw[9];
	struct pstat before;
	read_stat("/proc/self/stat", &before, NULL);
	long addr = map_pages();
	long rc = must(syscall(SYS_munmap, addr, MAP_LEN), "munmap");
	/* Back to the size before the mmap. */
	expect("munmap", "munmap", "res=%ld\t%s\t>addr=%lX\t<addr=%s\tlength=%d", rc,
	       vm_checks(vm, before.vm_kb), addr, raw_bytes(raw, (u64)addr, 8), MAP_LEN);
}

static void case_brk(void)
{
	char vm[3 * RANGE_RE], raw[9];
	struct pstat before;
	read_stat("/proc/self/stat", &before, NULL);
	long cur = syscall(SYS_brk, 0);
	note_call("brk", "res=%lX", cur);
	/* Two pages more, whatever the alignment of the break: +8 KiB. */
	long want = cur + MAP_LEN;
	long rc = syscall(SYS_brk, want);
	if (rc != want) {
		errno = ENOMEM;
		die("brk");
	}
	expect("brk", "brk", "res=%lX\t%s\t>addr=%lX\t<addr=%s", rc,
	       vm_checks(vm, before.vm_kb + MAP_LEN / 1024), want, raw_bytes(raw, (u64)want, 8));
	/* Back where malloc left it. */
	if (syscall(SYS_brk, cur) != cur) {
		errno = ENOMEM;
		die("brk");
	}
	note_call("brk", "res=%lX", cur);
}

static void case_nanosleep(void)
{
	struct timespec ts = {0, 1500000};
	long rc = must(syscall(SYS_nanosleep, &ts, NULL), "nanosleep");
	expect("nanosleep", "nanosleep", "res=%ld\t>interval=1500000(0.0015s)\t<interval=1500000", rc);
}

static void case_futex(void)
{
	static int word;
	/* Nobody waits: 0 woken.  FUTEX_WAKE 1 | FUTEX_PRIVATE_FLAG 0x80, the
	 * same values in PPM. */
	long rc = must(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0L), "futex");
	char raw_addr[9], raw_val[9];
	expect("futex", "futex", "res=%ld\t>addr=%lX\t<addr=%s\t>op=129(FUTEX_PRIVATE_FLAG|FUTEX_WAKE)"
	       "\t<op=129\t>val=1\t<val=%s", rc, (unsigned long)&word,
	       raw_bytes(raw_addr, (u64)(unsigned long)&word, 8), raw_bytes(raw_val, 1, 8));
}

/* ---- ids ------------------------------------------------------------------------ */

/* How evt.info shows a uid or gid: with its name from the system's user
 * and group files, which the tests' systems (this host, the guests'
 * initramfs) give only for root. */
static const char *id_shown(char out[48], long id)
{
	if (id == 0)
		snprintf(out, 48, "0(root)");
	else if (id == -1 || id == 0xffffffffL)
		snprintf(out, 48, "-1(<NONE>)");
	else
		snprintf(out, 48, "%ld(<NA>)", id);
	return out;
}

static void case_getuid(void)
{
	char s[48];
	long id = syscall(SYS_getuid);
	expect("getuid", "getuid", "uid=%s", id_shown(s, id));
}

static void case_getgid(void)
{
	char s[48];
	long id = syscall(SYS_getgid);
	expect("getgid", "getgid", "gid=%s", id_shown(s, id));
}

static void case_geteuid(void)
{
	char s[48];
	long id = syscall(SYS_geteuid);
	expect("geteuid", "geteuid", "euid=%s", id_shown(s, id));
}

static void case_getegid(void)
{
	char s[48];
	long id = syscall(SYS_getegid);
	expect("getegid", "getegid", "egid=%s", id_shown(s, id));
}

/* The set*id cases run in a child (their effect stays) and set the ids
 * the child has (root's: allowed, nothing changes). */
static void do_setuid(void *arg)
{
	(void)arg;
	char s[48];
	long id = syscall(SYS_getuid);
	note_call("getuid", "uid~^%ld\\(", id);
	long rc = must(syscall(SYS_setuid, id), "setuid");
	/* The exit's uid is raw: a bare number. */
	expect("setuid", "setuid", "res=%ld\t>uid=%s\t<uid=%ld", rc, id_shown(s, id), id);
}

static void case_setuid(void)
{
	run_child(do_setuid, NULL);
}

static void do_setgid(void *arg)
{
	(void)arg;
	char s[48];
	long id = syscall(SYS_getgid);
	note_call("getgid", "gid~^%ld\\(", id);
	long rc = must(syscall(SYS_setgid, id), "setgid");
	expect("setgid", "setgid", "res=%ld\t>gid=%s\t<gid=%ld", rc, id_shown(s, id), id);
}

static void case_setgid(void)
{
	run_child(do_setgid, NULL);
}

static void do_setresuid(void *arg)
{
	(void)arg;
	char s1[48], s2[48];
	long id = syscall(SYS_geteuid);
	note_call("geteuid", "euid~^%ld\\(", id);
	/* -1 leaves the real and saved ids as they are. */
	long rc = must(syscall(SYS_setresuid, -1, id, -1), "setresuid");
	expect("setresuid", "setresuid",
	       "res=%ld\t>ruid=%s\t<ruid=4294967295\t>euid=%s\t<euid=%ld\t>suid=%s"
	       "\t<suid=4294967295", rc, id_shown(s1, -1), id_shown(s2, id), id, s1);
}

static void case_setresuid(void)
{
	run_child(do_setresuid, NULL);
}

static void do_setresgid(void *arg)
{
	(void)arg;
	char s1[48], s2[48];
	long id = syscall(SYS_getegid);
	note_call("getegid", "egid~^%ld\\(", id);
	long rc = must(syscall(SYS_setresgid, id, id, -1), "setresgid");
	expect("setresgid", "setresgid",
	       "res=%ld\t>rgid=%s\t<rgid=%ld\t>egid=%s\t<egid=%ld\t>sgid=%s\t<sgid=4294967295", rc,
	       id_shown(s2, id), id, s2, id, id_shown(s1, -1));
}

static void case_setresgid(void)
{
	run_child(do_setresgid, NULL);
}

static void case_getresuid(void)
{
	char r[48], e[48], s[48];
	unsigned ids[3];
	long rc = must(syscall(SYS_getresuid, &ids[0], &ids[1], &ids[2]), "getresuid");
	expect("getresuid", "getresuid", "res=%ld\truid=%s\teuid=%s\tsuid=%s", rc,
	       id_shown(r, ids[0]), id_shown(e, ids[1]), id_shown(s, ids[2]));
}

static void case_getresgid(void)
{
	char r[48], e[48], s[48];
	unsigned ids[3];
	long rc = must(syscall(SYS_getresgid, &ids[0], &ids[1], &ids[2]), "getresgid");
	expect("getresgid", "getresgid", "res=%ld\trgid=%s\tegid=%s\tsgid=%s", rc,
	       id_shown(r, ids[0]), id_shown(e, ids[1]), id_shown(s, ids[2]));
}

/* ---- process groups, sessions ------------------------------------------------- */

static void do_setpgid(void *arg)
{
	(void)arg;
	long me = tid();
	/* A group of its own, named by its pid. */
	long rc = must(syscall(SYS_setpgid, me, me), "setpgid");
	expect("setpgid", "setpgid", "res=%ld\t>pid=%ld(%s)\t<pid=%ld\t>pgid=%ld(%s)\t<pgid=%ld", rc,
	       me, CALLS_COMM, me, me, CALLS_COMM, me);
}

static void case_setpgid(void)
{
	run_child(do_setpgid, NULL);
}

static void do_setsid(void *arg)
{
	(void)arg;
	/* A forked child leads no group: setsid makes a session, its id the
	 * child's pid. */
	long rc = must(syscall(SYS_setsid), "setsid");
	expect("setsid", "setsid", "res=%ld(%s)", rc, CALLS_COMM);
}

static void case_setsid(void)
{
	run_child(do_setsid, NULL);
}

/* ---- limits ------------------------------------------------------------------------- */

/* A limit as the INT64 parameters show it: RLIM_INFINITY is -1. */
static long lim(rlim_t v) { return (long)v; }

static void case_getrlimit(void)
{
	struct rlimit rl;
	long rc = must(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl), "getrlimit");
	expect("getrlimit", "getrlimit", "res=%ld\tcur=%ld\tmax=%ld\t>resource=7(RLIMIT_NOFILE)"
	       "\t<resource=7", rc, lim(rl.rlim_cur), lim(rl.rlim_max));
}

static void do_setrlimit(void *arg)
{
	(void)arg;
	struct rlimit old, rl;
	must(syscall(SYS_getrlimit, RLIMIT_CORE, &old), "getrlimit");
	note_call("getrlimit", "res=0\tcur=%ld\tmax=%ld", lim(old.rlim_cur), lim(old.rlim_max));
	/* Lowering the soft limit is always allowed. */
	rl.rlim_cur = 0;
	rl.rlim_max = old.rlim_max;
	long rc = must(syscall(SYS_setrlimit, RLIMIT_CORE, &rl), "setrlimit");
	expect("setrlimit", "setrlimit", "res=%ld\tcur=0\tmax=%ld\t>resource=4(RLIMIT_CORE)"
	       "\t<resource=4", rc, lim(rl.rlim_max));
}

static void case_setrlimit(void)
{
	run_child(do_setrlimit, NULL);
}

static void do_prlimit64(void *arg)
{
	(void)arg;
	struct rlimit old, cur, rl;
	must(syscall(SYS_getrlimit, RLIMIT_NOFILE, &cur), "getrlimit");
	note_call("getrlimit", "res=0\tcur=%ld\tmax=%ld", lim(cur.rlim_cur), lim(cur.rlim_max));
	rl.rlim_cur = 64;
	rl.rlim_max = cur.rlim_max;
	long me = tid();
	long rc = must(syscall(SYS_prlimit64, me, RLIMIT_NOFILE, &rl, &old), "prlimit64");
	/* The exit's pid is INT64: a bare number. */
	expect("prlimit64", "prlimit", "res=%ld\tnewcur=64\tnewmax=%ld\toldcur=%ld\toldmax=%ld"
	       "\t>pid=%ld(%s)\t<pid=%ld\t>resource=7(RLIMIT_NOFILE)\t<resource=7", rc,
	       lim(rl.rlim_max), lim(old.rlim_cur), lim(old.rlim_max), me, CALLS_COMM, me);
}

static void case_prlimit64(void)
{
	run_child(do_prlimit64, NULL);
}

/* ---- ptrace ---------------------------------------------------------------------------- */

static void case_ptrace(void)
{
	long me = tid();
	/* Nobody traces us and we trace nobody: ESRCH.  PEEKDATA (2) is
	 * PPM 0x3; addr and data are hex numbers (DYN index 0). */
	long rc = syscall(SYS_ptrace, PTRACE_PEEKDATA, me, 0x1000, 0);
	if (rc != -1 || errno != ESRCH)
		die("ptrace: not ESRCH");
	expect("ptrace", "ptrace", "res=-3(ESRCH)\taddr=1000\tdata=0\t>request=3(PTRACE_PEEKDATA)"
	       "\t<request=3\t>pid=%ld(%s)\t<pid=%ld", me, CALLS_COMM, me);
}

/* ---- SysV semaphores ------------------------------------------------------------------ */

/* A private set of two semaphores, read-write for us; PPM IPC_CREAT is
 * 0x2000 (the mode bits are not flags). */
static long make_sems(void)
{
	long id = must(syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600), "semget");
	note_call("semget", "res=%ld", id);
	return id;
}

static void remove_sems(long id)
{
	must(syscall(SYS_semctl, id, 0, IPC_RMID, 0), "semctl");
	note_call("semctl", "res=0");
}

static void case_semget(void)
{
	long id = must(syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600), "semget");
	expect("semget", "semget", "res=%ld\tkey=0\tnsems=2\t>semflg=8192(IPC_CREAT)\t<semflg=8192",
	       id);
	remove_sems(id);
}

static void case_semop(void)
{
	long id = make_sems();
	/* Up by 2, then down by 1 without waiting (PPM IPC_NOWAIT 0x1). */
	struct sembuf ops[2] = {{0, 2, 0}, {0, -1, IPC_NOWAIT}};
	long rc = must(syscall(SYS_semop, id, ops, 2), "semop");
	expect("semop", "semop", "res=%ld\tnsops=2\tsem_num_0=0\tsem_op_0=2\tsem_flg_0=0"
	       "\tsem_num_1=0\tsem_op_1=-1\tsem_flg_1=1(IPC_NOWAIT)\t>semid=%ld\t<semid=%ld", rc, id,
	       id);
	remove_sems(id);
}

static void case_semctl(void)
{
	long id = make_sems();
	/* SETVAL (16) is PPM 0x1000; val is the value set. */
	long rc = must(syscall(SYS_semctl, id, 1, SETVAL, 5), "semctl");
	char raw[9];
	expect("semctl", "semctl", "res=%ld\tsemid=%ld\tsemnum=1\t>cmd=4096(SETVAL)\t<cmd=4096"
	       "\t>val=5\t<val=%s", rc, id, raw_bytes(raw, 5, 4));
	remove_sems(id);
}

/* ---- namespaces, seccomp, bpf ---------------------------------------------------------- */

static void do_unshare(void *arg)
{
	(void)arg;
	/* PPM CLONE_NEWUTS 0x80. */
	long rc = must(syscall(SYS_unshare, CLONE_NEWUTS), "unshare");
	expect("unshare", "unshare", "res=%ld\t>flags=128(CLONE_NEWUTS)\t<flags=128", rc);
}

static void case_unshare(void)
{
	run_child(do_unshare, NULL);
}

static void do_setns(void *arg)
{
	(void)arg;
	static const char ns[] = "/proc/self/ns/uts";
	long fd = must(syscall(SYS_openat, AT_FDCWD, ns, O_RDONLY | O_CLOEXEC), "openat");
	note_call("openat", "fd=%ld(<f>%s)\tname=%s", fd, ns, ns);
	/* Into the namespace we are in: allowed for root, a no-op. */
	long rc = must(syscall(SYS_setns, fd, CLONE_NEWUTS), "setns");
	expect("setns", "setns", "res=%ld\t>fd=%ld(<f>%s)\t<fd=%ld\t>nstype=128(CLONE_NEWUTS)"
	       "\t<nstype=128", rc, fd, ns, fd);
	must(syscall(SYS_close, fd), "close");
	note_call("close", "res=0");
}

static void case_setns(void)
{
	run_child(do_setns, NULL);
}

static void case_seccomp(void)
{
	unsigned action = SECCOMP_RET_KILL_PROCESS;
	/* A question, no filter installed: is the action known? (0 = yes) */
	long rc = must(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action), "seccomp");
	/* flags is a parameter of both events, not printed by either. */
	expect("seccomp", "seccomp", "res=%ld\top=%d\t>flags=0\t<flags=0", rc, SECCOMP_GET_ACTION_AVAIL);
}

static void case_bpf(void)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	long fd = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr);
	/* Root may still be refused (a locked-down kernel): then the result
	 * is the errno (DYN index 1). */
	if (fd < 0) {
		expect("bpf", "bpf", "res_or_fd=%d\t>cmd=%d", -errno, BPF_MAP_CREATE);
		return;
	}
	expect("bpf", "bpf", "res_or_fd=%ld\t>cmd=%d", fd, BPF_MAP_CREATE);
	must(syscall(SYS_close, fd), "close");
	note_call("close", "res=0");
}

const struct call_case proc_cases[] = {
	{"clone", case_clone},
	{"clone3", case_clone3},
	{"fork", case_fork},
	{"vfork", case_vfork},
	{"execve", case_execve},
	{"execveat", case_execveat},
	{"kill", case_kill},
	{"tkill", case_tkill},
	{"tgkill", case_tgkill},
	{"mmap", case_mmap},
	{"mprotect", case_mprotect},
	{"munmap", case_munmap},
	{"brk", case_brk},
	{"nanosleep", case_nanosleep},
	{"futex", case_futex},
	{"getuid", case_getuid},
	{"getgid", case_getgid},
	{"geteuid", case_geteuid},
	{"getegid", case_getegid},
	{"setuid", case_setuid},
	{"setgid", case_setgid},
	{"setresuid", case_setresuid},
	{"setresgid", case_setresgid},
	{"getresuid", case_getresuid},
	{"getresgid", case_getresgid},
	{"setpgid", case_setpgid},
	{"setsid", case_setsid},
	{"getrlimit", case_getrlimit},
	{"setrlimit", case_setrlimit},
	{"prlimit64", case_prlimit64},
	{"ptrace", case_ptrace},
	{"semget", case_semget},
	{"semop", case_semop},
	{"semctl", case_semctl},
	{"unshare", case_unshare},
	{"setns", case_setns},
	{"seccomp", case_seccomp},
	{"bpf", case_bpf},
	{0},
};
