/* The fds of one process, from /proc/PID/fd and fdinfo: what each is (by
 * the link target first, then by stat for paths), its name as sysdig shows
 * it, and for files the open flags (PPM encoding) and device. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "proc_info.h"
#include "proc_net.h"
#include "proc_scan_internal.h"

/* fdinfo prints the kernel's flags, and the kernel always adds O_LARGEFILE
 * on 64-bit; glibc defines O_LARGEFILE as 0 there, so use the kernel's
 * value for the architecture. */
#if defined(__aarch64__) || defined(__arm__)
#define KERNEL_O_LARGEFILE 0400000
#else
#define KERNEL_O_LARGEFILE 0100000
#endif

/* Linux open flags -> PPM_O_* (scap-format.md §6.1).  A flag made of
 * several bits (O_SYNC, O_TMPFILE) matches only when all are set. */
static const struct {
	unsigned long linux_flag;
	uint32_t ppm;
} open_flag_map[] = {
	{ O_CREAT, 0x4 },      { O_EXCL, 0x20 },         { O_TRUNC, 0x100 },
	{ O_APPEND, 0x8 },     { O_NONBLOCK, 0x40 },     { O_DSYNC, 0x10 },
	{ O_SYNC, 0x80 },      { O_DIRECT, 0x200 },      { O_DIRECTORY, 0x400 },
	{ KERNEL_O_LARGEFILE, 0x800 }, { O_CLOEXEC, 0x1000 }, { O_TMPFILE, 0x2000 },
};

/* Access modes 0..3 (O_RDONLY, O_WRONLY, O_RDWR, and the odd 3 that
 * sysdig reads as read-only). */
static const uint32_t ppm_access[4] = { 0x1, 0x2, 0x3, 0x1 };

static uint32_t open_flags_to_ppm(unsigned long flags)
{
	uint32_t ppm = ppm_access[flags & O_ACCMODE];
	for (size_t i = 0; i < sizeof open_flag_map / sizeof open_flag_map[0]; i++)
		if ((flags & open_flag_map[i].linux_flag) == open_flag_map[i].linux_flag)
			ppm |= open_flag_map[i].ppm;
	return ppm;
}

/* Anonymous inodes by link target.  A prefix entry matches any target that
 * starts with it (bpf-map, bpf-prog, bpf_link, …). */
static const struct {
	const char *target;
	uint8_t prefix;
	uint8_t type;
} anon_types[] = {
	{ "anon_inode:[eventfd]", 0, SCAP_FD_EVENT },
	{ "anon_inode:[signalfd]", 0, SCAP_FD_SIGNALFD },
	{ "anon_inode:[eventpoll]", 0, SCAP_FD_EVENTPOLL },
	{ "anon_inode:inotify", 0, SCAP_FD_INOTIFY },
	{ "anon_inode:[timerfd]", 0, SCAP_FD_TIMERFD },
	{ "anon_inode:[io_uring]", 0, SCAP_FD_IOURING },
	{ "anon_inode:[userfaultfd]", 0, SCAP_FD_USERFAULTFD },
	{ "anon_inode:[pidfd]", 0, SCAP_FD_PIDFD },
	{ "anon_inode:bpf", 1, SCAP_FD_BPF },
	{ "anon_inode:[bpf", 1, SCAP_FD_BPF },
};

static uint8_t anon_type(const char *target)
{
	for (size_t i = 0; i < sizeof anon_types / sizeof anon_types[0]; i++) {
		const char *t = anon_types[i].target;
		if (anon_types[i].prefix ? strncmp(target, t, strlen(t)) == 0 : strcmp(target, t) == 0)
			return anon_types[i].type;
	}
	return SCAP_FD_UNSUPPORTED;
}

/* The device number as userspace (and a trace file) encodes it. */
static uint32_t encode_dev(unsigned int major, unsigned int minor)
{
	return (minor & 0xffu) | ((major & 0xfffu) << 8) | ((minor & ~0xffu) << 12);
}

/* ---- mount id -> device ------------------------------------------------ */

static int mount_cmp(const void *a, const void *b)
{
	const struct mount_dev *x = a, *y = b;
	return (x->mnt_id > y->mnt_id) - (x->mnt_id < y->mnt_id);
}

static const struct mount_dev *mount_find(const struct proc_scan_ctx *ps, uint32_t id)
{
	struct mount_dev key = { id, 0 };
	return ps->nmounts ? bsearch(&key, ps->mounts, ps->nmounts, sizeof key, mount_cmp) : NULL;
}

static bool mnt_ns_seen(struct proc_scan_ctx *ps, uint64_t ns)
{
	for (size_t i = 0; i < ps->n_mnt_ns; i++)
		if (ps->mnt_ns_done[i] == ns)
			return true;
	if (ps->n_mnt_ns == ps->mnt_ns_cap) {
		size_t cap = ps->mnt_ns_cap ? ps->mnt_ns_cap * 2 : 4;
		uint64_t *p = realloc(ps->mnt_ns_done, cap * sizeof *p);
		if (!p)
			return true; /* cannot remember it: do not read it again */
		ps->mnt_ns_done = p;
		ps->mnt_ns_cap = cap;
	}
	ps->mnt_ns_done[ps->n_mnt_ns++] = ns;
	return false;
}

/* Mount ids are unique across namespaces, so every mountinfo read goes
 * into one table.  Each line: "ID PARENT MAJOR:MINOR …". */
static void load_mountinfo(struct proc_scan_ctx *ps, int pid_fd)
{
	int fd = openat(pid_fd, "mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		unsigned int id, parent, major, minor;
		if (sscanf(line, "%u %u %u:%u", &id, &parent, &major, &minor) != 4)
			continue;
		if (ps->nmounts == ps->mounts_cap) {
			size_t ncap = ps->mounts_cap ? ps->mounts_cap * 2 : 64;
			struct mount_dev *m = realloc(ps->mounts, ncap * sizeof *m);
			if (!m)
				break;
			ps->mounts = m;
			ps->mounts_cap = ncap;
		}
		ps->mounts[ps->nmounts].mnt_id = id;
		ps->mounts[ps->nmounts].dev = encode_dev(major, minor);
		ps->nmounts++;
	}
	free(line);
	fclose(f);
	/* Sort, then drop the mounts another namespace already listed. */
	qsort(ps->mounts, ps->nmounts, sizeof *ps->mounts, mount_cmp);
	size_t out = 0;
	for (size_t i = 0; i < ps->nmounts; i++)
		if (out == 0 || ps->mounts[out - 1].mnt_id != ps->mounts[i].mnt_id)
			ps->mounts[out++] = ps->mounts[i];
	ps->nmounts = out;
}

static uint32_t mount_dev_of(struct proc_scan_ctx *ps, int pid_fd, uint32_t mnt_id)
{
	const struct mount_dev *m = mount_find(ps, mnt_id);
	if (!m && !mnt_ns_seen(ps, ps_ns_inode(pid_fd, "ns/mnt"))) {
		load_mountinfo(ps, pid_fd);
		m = mount_find(ps, mnt_id);
	}
	return m ? m->dev : 0;
}

/* ---- one fd ------------------------------------------------------------ */

/* "flags:\t0100002" and "mnt_id:\t27" from fdinfo/N. */
static void read_fdinfo(int fdinfo_fd, const char *name, unsigned long *flags, uint32_t *mnt_id)
{
	char buf[512];
	*flags = 0;
	*mnt_id = 0;
	ssize_t n = fdinfo_fd >= 0 ? ps_read_at(fdinfo_fd, name, buf, sizeof buf - 1) : -1;
	if (n <= 0)
		return;
	buf[n] = '\0';
	const char *p = strstr(buf, "flags:");
	if (p)
		*flags = strtoul(p + 6, NULL, 8);
	p = strstr(buf, "mnt_id:");
	if (p)
		*mnt_id = (uint32_t)strtoul(p + 7, NULL, 10);
}

/* Socket of net namespace `ns`, whose tables are read on first use. */
static const struct sock_table *net_table(struct proc_scan_ctx *ps, int pid_fd, uint64_t ns)
{
	struct sock_table *t = int_map_get(&ps->netns, (int64_t)ns);
	if (t)
		return t;
	/* An unknown namespace (no ns link to read) means the root's own. */
	int dfd = openat(ns ? pid_fd : ps->root_fd, "net", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return NULL;
	t = sock_table_load(dfd);
	close(dfd);
	if (t && !int_map_put(&ps->netns, (int64_t)ns, t)) {
		sock_table_free(t);
		t = NULL;
	}
	return t;
}

static bool parse_bracket_ino(const char *target, const char *prefix, uint64_t *ino)
{
	size_t n = strlen(prefix);
	if (strncmp(target, prefix, n) != 0)
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(target + n, &end, 10);
	if (errno || end == target + n || *end != ']')
		return false;
	*ino = v;
	return true;
}

static void set_name(struct fd_info *fi, const char *s, size_t len)
{
	fi->name.ptr = s;
	fi->name.len = (uint32_t)(len > PS_FDNAME_MAX ? PS_FDNAME_MAX : len);
}

/* Fill fi for a socket fd; false when its inode is in no table. */
static bool fill_socket(struct proc_scan_ctx *ps, int pid_fd, uint64_t *netns, struct fd_info *fi,
			uint64_t ino)
{
	if (*netns == UINT64_MAX)
		*netns = ps_ns_inode(pid_fd, "ns/net");
	const struct sock_table *t = net_table(ps, pid_fd, *netns);
	const struct sock_rec *r = sock_table_find(t, ino);
	if (!r)
		return false;
	fi->ino = ino;
	fi->type = r->type;
	fi->l4proto = r->l4proto;
	memcpy(fi->sip, r->sip, sizeof fi->sip);
	memcpy(fi->dip, r->dip, sizeof fi->dip);
	fi->sport = r->sport;
	fi->dport = r->dport;
	fi->unix_src = r->unix_src;
	if (r->type == SCAP_FD_UNIX_SOCK)
		set_name(fi, sock_table_path(t, r), r->path_len);
	return true;
}

/* A path: a file, directory, named pipe or memfd.  False when it vanished. */
static bool fill_path(struct proc_scan_ctx *ps, int pid_fd, int fd_dir, int *fdinfo_fd,
		      const char *name, struct fd_info *fi, size_t tlen)
{
	struct stat st;
	if (fstatat(fd_dir, name, &st, 0) != 0)
		return false;
	fi->ino = st.st_ino;
	set_name(fi, ps->link, tlen);
	if (S_ISDIR(st.st_mode)) {
		fi->type = SCAP_FD_DIRECTORY;
	} else if (S_ISFIFO(st.st_mode)) {
		fi->type = SCAP_FD_FIFO;
	} else if (strncmp(ps->link, "/memfd:", 7) == 0) {
		fi->type = SCAP_FD_MEMFD;
	} else {
		fi->type = SCAP_FD_FILE_V2;
		if (*fdinfo_fd == -2)
			*fdinfo_fd = openat(pid_fd, "fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		unsigned long flags;
		uint32_t mnt_id;
		read_fdinfo(*fdinfo_fd, name, &flags, &mnt_id);
		fi->open_flags = open_flags_to_ppm(flags);
		fi->dev = mnt_id ? mount_dev_of(ps, pid_fd, mnt_id) : 0;
	}
	return true;
}

void ps_scan_fds(struct proc_scan_ctx *ps, int pid_fd, int64_t pid)
{
	int fd_dir = openat(pid_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd_dir < 0)
		return; /* gone, or not ours to read */
	DIR *d = fdopendir(fd_dir);
	if (!d) {
		close(fd_dir);
		return;
	}
	int fdinfo_fd = -2;          /* opened on the first file */
	uint64_t netns = UINT64_MAX; /* read on the first socket */
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] < '0' || name[0] > '9')
			continue;
		char *end;
		long long fdnum = strtoll(name, &end, 10);
		if (*end)
			continue;
		ssize_t tlen = ps_readlink_at(fd_dir, name, ps->link, sizeof ps->link);
		if (tlen < 0)
			continue; /* closed meanwhile */
		struct fd_info fi;
		memset(&fi, 0, sizeof fi);
		fi.fd = fdnum;
		fi.name.ptr = "";
		uint64_t ino;
		bool keep = true;
		if (parse_bracket_ino(ps->link, "socket:[", &ino)) {
			keep = fill_socket(ps, pid_fd, &netns, &fi, ino);
		} else if (parse_bracket_ino(ps->link, "pipe:[", &ino)) {
			fi.type = SCAP_FD_FIFO;
			fi.ino = ino;
			set_name(&fi, ps->link, (size_t)tlen);
		} else if (strncmp(ps->link, "anon_inode:", 11) == 0) {
			struct stat st;
			fi.type = anon_type(ps->link);
			fi.ino = fstatat(fd_dir, name, &st, 0) == 0 ? st.st_ino : 0;
		} else {
			keep = fill_path(ps, pid_fd, fd_dir, &fdinfo_fd, name, &fi, (size_t)tlen);
		}
		if (!keep)
			continue;
		ps->nfds++;
		if (ps->sink->fd)
			ps->sink->fd(ps->sink->ctx, pid, &fi);
	}
	if (fdinfo_fd >= 0)
		close(fdinfo_fd);
	closedir(d);
}
