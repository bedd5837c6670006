/* The /proc scan: every process directory, its threads (task/TID) and, for
 * each process, its fds.  Process-wide files (cmdline, environ, exe, root,
 * limits, cgroup, loginuid) are read once per process; stat, status and cwd
 * once per thread.  Files are opened relative to a directory fd so that no
 * path is built or resolved twice. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc_info.h"
#include "proc_net.h"
#include "proc_scan.h"
#include "proc_scan_internal.h"
#include "state.h" /* PPM_CL_* */

/* What every thread of a process shares. */
struct proc_common {
	char cmdline[PS_LIST_MAX + 1];
	size_t cmdline_len;
	char env[PS_LIST_MAX + 1];
	size_t env_len;
	char exepath[PS_NAME_MAX + 1];
	ssize_t exepath_len; /* -1: no exe link (kernel thread, zombie, no permission) */
	char root[PS_NAME_MAX + 1];
	ssize_t root_len;
	char cgroups[PS_LIST_MAX];
	size_t cgroups_len;
	uint64_t fdlimit;
	uint32_t loginuid;
};

struct scan {
	struct proc_scan_ctx ctx;
	struct proc_common pc;
	char stat[1024];
	char status[8192];
	char cwd[PS_NAME_MAX + 1];
	char small[256];
	/* The cgroup subsystems bound to the v2 hierarchy (hierarchy 0 in
	 * /proc/cgroups), NUL-separated, in the kernel's order. */
	char v2_subsys[512];
	size_t v2_subsys_len;
};

/* ---- file helpers ------------------------------------------------------ */

ssize_t ps_read_at(int dirfd, const char *name, char *buf, size_t cap)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* EOF, or the process went away mid-read: keep what we have */
		got += (size_t)n;
	}
	close(fd);
	return (ssize_t)got;
}

ssize_t ps_readlink_at(int dirfd, const char *name, char *buf, size_t cap)
{
	ssize_t n = readlinkat(dirfd, name, buf, cap - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

uint64_t ps_ns_inode(int pid_fd, const char *which)
{
	char buf[64];
	if (ps_readlink_at(pid_fd, which, buf, sizeof buf) < 0)
		return 0;
	const char *b = strchr(buf, '[');
	return b ? strtoull(b + 1, NULL, 10) : 0;
}

/* A NUL-separated list as read from cmdline or environ: make sure its last
 * item ends with a NUL, dropping a byte when the list filled the buffer. */
static size_t terminate_list(char *buf, ssize_t n, size_t cap)
{
	if (n <= 0)
		return 0;
	if (buf[n - 1] != '\0') {
		if ((size_t)n < cap)
			buf[n++] = '\0';
		else
			buf[n - 1] = '\0';
	}
	return (size_t)n;
}

static void skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* ---- process-wide files ------------------------------------------------ */

/* "Max open files            1024                 1048576              files" */
static uint64_t read_fdlimit(struct scan *s, int pid_fd)
{
	ssize_t n = ps_read_at(pid_fd, "limits", s->status, sizeof s->status - 1);
	if (n <= 0)
		return UINT64_MAX;
	s->status[n] = '\0';
	const char *p = strstr(s->status, "Max open files");
	if (!p)
		return UINT64_MAX;
	p += strlen("Max open files");
	skip_blanks(&p);
	if (strncmp(p, "unlimited", 9) == 0)
		return UINT64_MAX;
	char *end;
	unsigned long long v = strtoull(p, &end, 10);
	return end == p ? UINT64_MAX : v;
}

/* "ID:SUBSYS[,SUBSYS…]:PATH" lines become "SUBSYS=PATH\0" items.  A line
 * without subsystems (the v2 hierarchy) adds nothing; a list that would
 * outgrow the limit stops where it is, as sysdig's does. */
/* /proc/cgroups: "name hierarchy num_cgroups enabled" a line, in the
 * kernel's subsystem order; hierarchy 0 is the v2 one. */
static void read_v2_subsys(struct scan *s)
{
	s->v2_subsys_len = 0;
	ssize_t n = ps_read_at(s->ctx.root_fd, "cgroups", s->status, sizeof s->status - 1);
	if (n <= 0)
		return;
	s->status[n] = '\0';
	for (char *line = s->status, *next; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		size_t nlen = strcspn(line, " \t");
		if (line[0] == '#' || nlen == 0 || !line[nlen])
			continue;
		char *end;
		long h = strtol(line + nlen + 1, &end, 10);
		if (end == line + nlen + 1 || h != 0)
			continue;
		if (s->v2_subsys_len + nlen + 1 > sizeof s->v2_subsys)
			return;
		memcpy(s->v2_subsys + s->v2_subsys_len, line, nlen);
		s->v2_subsys[s->v2_subsys_len + nlen] = '\0';
		s->v2_subsys_len += nlen + 1;
	}
}

/* One "sub=path" item appended; false when the list is full. */
static bool put_cgroup(struct proc_common *pc, const char *sub, size_t slen, const char *path,
		       size_t plen)
{
	if (pc->cgroups_len + slen + 1 + plen + 1 > sizeof pc->cgroups)
		return false;
	char *o = pc->cgroups + pc->cgroups_len;
	memcpy(o, sub, slen);
	o[slen] = '=';
	memcpy(o + slen + 1, path, plen);
	o[slen + 1 + plen] = '\0';
	pc->cgroups_len += slen + 1 + plen + 1;
	return true;
}

/* /proc/PID/cgroup as subsys=path items.  A v1 line gives one per
 * subsystem it lists (and its name= for a named hierarchy).  The v2 line
 * ("0::/path") gives the path to each subsystem bound to the v2 hierarchy,
 * ("/" when there is no such line: see below), which is what the drivers
 * write for them on clone and execve exits
 * (bpf/syscope.bpf.c scope_cgroups, kmod/fill.c put_cgroups): a process
 * found here and one started during the capture carry the same entries
 * (in another order: the drivers go by subsystem, this by hierarchy). */
/* The v2 path to each subsystem bound to the v2 hierarchy. */
static void put_v2(struct scan *s, const char *path, size_t plen)
{
	for (size_t i = 0; i < s->v2_subsys_len;) {
		size_t slen = strlen(s->v2_subsys + i);
		if (!put_cgroup(&s->pc, s->v2_subsys + i, slen, path, plen))
			return;
		i += slen + 1;
	}
}

static void read_cgroups(struct scan *s, int pid_fd)
{
	struct proc_common *pc = &s->pc;
	bool v2_seen = false;
	pc->cgroups_len = 0;
	ssize_t n = ps_read_at(pid_fd, "cgroup", s->status, sizeof s->status - 1);
	if (n <= 0)
		return;
	s->status[n] = '\0';
	for (char *line = s->status, *next; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		const char *path = c2 + 1;
		size_t plen = strlen(path);
		if (c2 == c1 + 1) {
			put_v2(s, path, plen);
			v2_seen = true;
			continue;
		}
		*c2 = '\0';
		for (char *sub = c1 + 1, *comma; sub; sub = comma) {
			comma = strchr(sub, ',');
			if (comma)
				*comma++ = '\0';
			size_t slen = strlen(sub);
			if (slen && !put_cgroup(pc, sub, slen, path, plen))
				return;
		}
	}
	/* The kernel leaves the v2 line out until cgroup2 has been mounted
	 * once: every process is then in its root, which the drivers write. */
	if (!v2_seen)
		put_v2(s, "/", 1);
}

/* False for a kernel thread or a zombie: no command line and no exe. */
static bool read_common(struct scan *s, int pid_fd)
{
	struct proc_common *pc = &s->pc;
	ssize_t n = ps_read_at(pid_fd, "cmdline", pc->cmdline, PS_LIST_MAX);
	pc->cmdline_len = terminate_list(pc->cmdline, n, PS_LIST_MAX);
	pc->exepath_len = ps_readlink_at(pid_fd, "exe", pc->exepath, sizeof pc->exepath);
	if (pc->cmdline_len == 0 && pc->exepath_len < 0)
		return false;
	n = ps_read_at(pid_fd, "environ", pc->env, PS_LIST_MAX);
	pc->env_len = terminate_list(pc->env, n, PS_LIST_MAX);
	pc->root_len = ps_readlink_at(pid_fd, "root", pc->root, sizeof pc->root);
	pc->fdlimit = read_fdlimit(s, pid_fd);
	read_cgroups(s, pid_fd);
	pc->loginuid = UINT32_MAX;
	n = ps_read_at(pid_fd, "loginuid", s->small, sizeof s->small - 1);
	if (n > 0) {
		s->small[n] = '\0';
		char *end;
		unsigned long long v = strtoull(s->small, &end, 10);
		if (end != s->small)
			pc->loginuid = (uint32_t)v;
	}
	return true;
}

/* ---- per-thread files -------------------------------------------------- */

/* The status lines we use, and which number of each. */
enum status_field { SF_PPID, SF_UID, SF_GID, SF_VMSIZE, SF_VMRSS, SF_VMSWAP, SF_NSTGID,
		    SF_NSPID, SF_NSPGID, SF_COUNT };
enum pick { PICK_FIRST, PICK_SECOND, PICK_LAST };

static const struct {
	const char *key;
	uint8_t field, pick;
} status_keys[] = {
	{ "PPid:", SF_PPID, PICK_FIRST },     { "Uid:", SF_UID, PICK_SECOND }, /* effective */
	{ "Gid:", SF_GID, PICK_SECOND },      { "VmSize:", SF_VMSIZE, PICK_FIRST },
	{ "VmRSS:", SF_VMRSS, PICK_FIRST },   { "VmSwap:", SF_VMSWAP, PICK_FIRST },
	/* NS*: the id in each nested namespace; the last is the innermost. */
	{ "NStgid:", SF_NSTGID, PICK_LAST },  { "NSpid:", SF_NSPID, PICK_LAST },
	{ "NSpgid:", SF_NSPGID, PICK_LAST },
};

static void parse_status(char *buf, int64_t *val, uint32_t *found)
{
	*found = 0;
	for (char *line = buf, *next; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		for (size_t k = 0; k < sizeof status_keys / sizeof status_keys[0]; k++) {
			size_t klen = strlen(status_keys[k].key);
			if (strncmp(line, status_keys[k].key, klen) != 0)
				continue;
			/* Up to 8 numbers: NS* lines have one per namespace level. */
			const char *p = line + klen;
			long long nums[8];
			int count = 0;
			while (count < 8) {
				char *end;
				nums[count] = strtoll(p, &end, 10);
				if (end == p)
					break;
				p = end;
				count++;
			}
			int at = status_keys[k].pick == PICK_FIRST ? 0
				 : status_keys[k].pick == PICK_SECOND ? 1 : count - 1;
			if (at >= 0 && at < count) {
				val[status_keys[k].field] = nums[at];
				*found |= 1u << status_keys[k].field;
			}
			break;
		}
	}
}

/* stat: "TID (COMM) S PPID PGRP SESSION TTY TPGID FLAGS MINFLT CMINFLT MAJFLT …".
 * The name may hold blanks and parentheses, so it ends at the last ')'. */
struct stat_fields {
	const char *comm;
	size_t comm_len;
	bool has_comm, has_nums;
	int64_t pgrp, session;
	uint64_t minflt, majflt;
};

static void parse_stat(char *buf, struct stat_fields *sf)
{
	memset(sf, 0, sizeof *sf);
	char *open = strchr(buf, '(');
	char *close = strrchr(buf, ')');
	if (!open || !close || close < open)
		return;
	sf->comm = open + 1;
	sf->comm_len = (size_t)(close - open - 1);
	sf->has_comm = true;
	const char *p = close + 1;
	skip_blanks(&p);
	if (!*p)
		return;
	p++; /* the state letter */
	long long v[9];
	for (int i = 0; i < 9; i++) {
		char *end;
		v[i] = strtoll(p, &end, 10);
		if (end == p)
			return;
		p = end;
	}
	sf->pgrp = v[1];
	sf->session = v[2];
	sf->minflt = (uint64_t)v[6];
	sf->majflt = (uint64_t)v[8];
	sf->has_nums = true;
}

static struct str_ref ref(const char *p, size_t len, size_t max)
{
	struct str_ref r = { p, (uint32_t)(len > max ? max : len) };
	return r;
}

/* Hand one thread to the sink; false when it is gone. */
static bool emit_thread(struct scan *s, int tfd, int64_t pid, int64_t tid)
{
	ssize_t ns = ps_read_at(tfd, "stat", s->stat, sizeof s->stat - 1);
	ssize_t nst = ps_read_at(tfd, "status", s->status, sizeof s->status - 1);
	if (ns < 0 && nst < 0)
		return false;
	s->stat[ns > 0 ? ns : 0] = '\0';
	s->status[nst > 0 ? nst : 0] = '\0';

	struct stat_fields sf;
	parse_stat(s->stat, &sf);
	int64_t val[SF_COUNT];
	uint32_t found;
	parse_status(s->status, val, &found);
#define HAVE(f) (found & (1u << (f)))

	const struct proc_common *pc = &s->pc;
	struct proc_info pi;
	memset(&pi, 0, sizeof pi);
	pi.tid = tid;
	pi.pid = pid;
	pi.ptid = HAVE(SF_PPID) ? val[SF_PPID] : -1;
	pi.sid = sf.has_nums ? sf.session : 0;
	pi.vpgid = HAVE(SF_NSPGID) ? val[SF_NSPGID] : sf.has_nums ? sf.pgrp : 0;
	pi.vtid = HAVE(SF_NSPID) ? val[SF_NSPID] : tid;
	pi.vpid = HAVE(SF_NSTGID) ? val[SF_NSTGID] : pid;
	pi.uid = HAVE(SF_UID) ? (uint32_t)val[SF_UID] : UINT32_MAX;
	pi.gid = HAVE(SF_GID) ? (uint32_t)val[SF_GID] : UINT32_MAX;
	pi.vmsize_kb = HAVE(SF_VMSIZE) ? (uint32_t)val[SF_VMSIZE] : 0;
	pi.vmrss_kb = HAVE(SF_VMRSS) ? (uint32_t)val[SF_VMRSS] : 0;
	pi.vmswap_kb = HAVE(SF_VMSWAP) ? (uint32_t)val[SF_VMSWAP] : 0;
#undef HAVE
	pi.pfminor = sf.minflt;
	pi.pfmajor = sf.majflt;

	if (sf.has_comm) {
		pi.comm = ref(sf.comm, sf.comm_len, PS_NAME_MAX);
	} else {
		/* A damaged stat: the comm file has the name too. */
		ssize_t n = ps_read_at(tfd, "comm", s->small, sizeof s->small - 1);
		size_t len = n > 0 ? strcspn(s->small, "\n") : 0;
		if (n > 0 && len > (size_t)n)
			len = (size_t)n;
		pi.comm = ref(s->small, len, PS_NAME_MAX);
	}
	size_t exe_len = strnlen(pc->cmdline, pc->cmdline_len);
	pi.exe = ref(pc->cmdline, exe_len, PS_NAME_MAX);
	pi.args = exe_len < pc->cmdline_len
			  ? ref(pc->cmdline + exe_len + 1, pc->cmdline_len - exe_len - 1, PS_LIST_MAX)
			  : ref("", 0, 0);
	pi.exepath = ref(pc->exepath, pc->exepath_len > 0 ? (size_t)pc->exepath_len : 0, PS_NAME_MAX);
	pi.env = ref(pc->env, pc->env_len, PS_LIST_MAX);
	pi.cgroups = ref(pc->cgroups, pc->cgroups_len, PS_LIST_MAX);
	pi.root = ref(pc->root, pc->root_len > 0 ? (size_t)pc->root_len : 0, PS_NAME_MAX);
	ssize_t cwd_len = ps_readlink_at(tfd, "cwd", s->cwd, sizeof s->cwd);
	pi.cwd = ref(s->cwd, cwd_len > 0 ? (size_t)cwd_len : 0, PS_NAME_MAX);
	pi.fdlimit = pc->fdlimit;
	pi.loginuid = pc->loginuid;
	/* /proc does not keep clone flags; threads are taken to share the
	 * process's fd table, which is what pthreads do (scap-format.md §1.10). */
	pi.flags = tid == pid ? 0 : PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES;

	s->ctx.nthreads++;
	if (s->ctx.sink->thread)
		s->ctx.sink->thread(s->ctx.sink->ctx, &pi);
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The other threads of a process, from its open task directory (closed). */
static void scan_tasks(struct scan *s, int task_fd, int64_t pid)
{
	DIR *d = fdopendir(task_fd);
	if (!d) {
		close(task_fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!all_digits(de->d_name))
			continue;
		int64_t tid = strtoll(de->d_name, NULL, 10);
		if (tid == pid)
			continue;
		int tfd = openat(task_fd, de->d_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (tfd < 0)
			continue;
		emit_thread(s, tfd, pid, tid);
		close(tfd);
	}
	closedir(d);
}

/* One process: main thread, its fds, then its other threads (the state
 * needs the main thread before the threads that share its fd table).
 * 0, or -1 when it is gone or a kernel thread. */
static int scan_process(struct scan *s, int64_t pid)
{
	char name[24];
	snprintf(name, sizeof name, "%lld", (long long)pid);
	int pfd = openat(s->ctx.root_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	if (!read_common(s, pfd)) {
		close(pfd);
		return -1;
	}
	int task_fd = openat(pfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int mfd = task_fd >= 0 ? openat(task_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	bool alive = emit_thread(s, mfd >= 0 ? mfd : pfd, pid, pid);
	if (mfd >= 0)
		close(mfd);
	if (alive) {
		ps_scan_fds(&s->ctx, pfd, pid);
		if (task_fd >= 0) {
			scan_tasks(s, task_fd, pid);
			task_fd = -1;
		}
	}
	if (task_fd >= 0)
		close(task_fd);
	close(pfd);
	return alive ? 0 : -1;
}

/* ---- entry points ------------------------------------------------------ */

void ps_ctx_free(struct proc_scan_ctx *ps)
{
	for (size_t i = 0; i < ps->netns.cap; i++)
		if (ps->netns.vals[i])
			sock_table_free(ps->netns.vals[i]);
	int_map_free(&ps->netns);
	free(ps->mounts);
	free(ps->mnt_ns_done);
	if (ps->root_fd >= 0)
		close(ps->root_fd);
}

static struct scan *scan_open(const char *root, const struct scap_sink *sink, char *err,
			      size_t errlen)
{
	struct scan *s = calloc(1, sizeof *s);
	if (!s) {
		if (err)
			snprintf(err, errlen, "out of memory for the /proc scan");
		return NULL;
	}
	s->ctx.sink = sink;
	s->ctx.root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->ctx.root_fd < 0) {
		if (err)
			snprintf(err, errlen, "cannot open %s: %s", root, strerror(errno));
		free(s);
		return NULL;
	}
	read_v2_subsys(s);
	return s;
}

static void scan_close(struct scan *s)
{
	ps_ctx_free(&s->ctx);
	free(s);
}

int proc_scan_root(const char *proc_root, const struct scap_sink *sink, char *err, size_t errlen)
{
	struct scan *s = scan_open(proc_root, sink, err, errlen);
	if (!s)
		return -1;
	int dfd = openat(s->ctx.root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (err)
			snprintf(err, errlen, "cannot list %s: %s", proc_root, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		scan_close(s);
		return -1;
	}
	ps_scan_host(&s->ctx);
	struct dirent *de;
	while ((de = readdir(d)))
		if (all_digits(de->d_name))
			scan_process(s, strtoll(de->d_name, NULL, 10));
	closedir(d);
	scan_close(s);
	return 0;
}

int proc_scan(const struct scap_sink *sink, char *err, size_t errlen)
{
	return proc_scan_root("/proc", sink, err, errlen);
}

int proc_scan_pid_root(const char *proc_root, int64_t pid, const struct scap_sink *sink)
{
	if (pid <= 0)
		return -1;
	struct scan *s = scan_open(proc_root, sink, NULL, 0);
	if (!s)
		return -1;
	/* /proc/TID exists for every thread (unlisted): find its process. */
	char name[40];
	snprintf(name, sizeof name, "%lld/status", (long long)pid);
	ssize_t n = ps_read_at(s->ctx.root_fd, name, s->status, sizeof s->status - 1);
	if (n > 0) {
		s->status[n] = '\0';
		const char *t = strstr(s->status, "\nTgid:");
		if (t) {
			long long tgid = strtoll(t + 6, NULL, 10);
			if (tgid > 0)
				pid = tgid;
		}
	}
	int rc = scan_process(s, pid);
	scan_close(s);
	return rc;
}

int proc_scan_pid(int64_t pid, const struct scap_sink *sink)
{
	return proc_scan_pid_root("/proc", pid, sink);
}
