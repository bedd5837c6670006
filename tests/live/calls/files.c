/* Cases: files and paths (calls.h explains the cases). */
#define _GNU_SOURCE 1  /* strerrorname_np */
#include "calls.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* From the kernel's uapi (linux/openat2.h, linux/quota.h, linux/fs.h),
 * which the libc headers do not all carry. */
struct l_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
#define L_RESOLVE_NO_SYMLINKS 0x04
#define L_RESOLVE_BENEATH 0x08
#define L_RENAME_NOREPLACE 1
#define L_Q_GETQUOTA 0x800007
#define L_USRQUOTA 0
#define L_QCMD(cmd, type) (((cmd) << 8) | ((type) & 0xff))

/* ---- shared set-up, every call recorded ---- */

static void close_fd(long fd)
{
	must(syscall(SYS_close, fd), "close");
	note_call("close", "res=0");
}

/* The work dir (or another directory) opened as an O_DIRECTORY fd, which
 * the tracer names <d>PATH: the dirfd of the *at cases. */
static long open_dir(const char *path)
{
	long fd = must(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_DIRECTORY), "openat");
	note_call("openat", "fd=%ld(<d>%s)\tname=%s", fd, path, path);
	return fd;
}

/* An empty file at PATH, opened read-write; the caller closes it. */
static long new_file(const char *path)
{
	long fd = must(syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600),
		       "openat");
	note_call("openat", "fd=%ld(<f>%s)\tname=%s", fd, path, path);
	return fd;
}

static void make_file(const char *path)
{
	close_fd(new_file(path));
}

static void make_dir(const char *path)
{
	must(syscall(SYS_mkdirat, AT_FDCWD, path, 0700), "mkdirat");
	note_call("mkdirat", "res=0\tpath=%s", path);
}

static void remove_file(const char *path)
{
	must(syscall(SYS_unlinkat, AT_FDCWD, path, 0), "unlinkat");
	note_call("unlinkat", "res=0\tname=%s", path);
}

static void remove_dir(const char *path)
{
	must(syscall(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR), "unlinkat");
	note_call("unlinkat", "res=0\tname=%s", path);
}

/* dev (scap encoding) and inode of an fd, read back with fstat; the caller
 * records the fstat after its expectation (the call under test came first). */
static void fd_id(long fd, unsigned long *dev, unsigned long *ino)
{
	struct stat st;
	must(syscall(SYS_fstat, fd, &st), "fstat");
	*dev = scap_dev(st.st_dev);
	*ino = (unsigned long)st.st_ino;
}

/* A mode as MODE/OCT{chmod_mode} renders it: octal, then the names of its
 * bits in the table's order (flag_tables.tsv). */
static const char *mode_text(char *out, size_t size, unsigned mode)
{
	static const char *const names[] = {"S_IXOTH", "S_IWOTH", "S_IROTH", "S_IXGRP",
					    "S_IWGRP", "S_IRGRP", "S_IXUSR", "S_IWUSR",
					    "S_IRUSR", "S_ISVTX", "S_ISGID", "S_ISUID"};
	size_t n = (size_t)snprintf(out, size, "0%o(", mode);
	const char *sep = "";
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (mode & (1u << i)) {
			n += (size_t)snprintf(out + n, size - n, "%s%s", sep, names[i]);
			sep = "|";
		}
	snprintf(out + n, size - n, ")");
	return out;
}

/* ---- open and close ---- */

static void case_open(void)
{
	char path[CALLS_PATH];
	path_of(path, "open");
	/* PPM flags: O_EXCL 0x20 | O_CREAT 0x4 | O_WRONLY 0x2 | O_CLOEXEC 0x1000. */
	long fd = must(syscall(SYS_open, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0604),
		       "open");
	unsigned long dev, ino;
	fd_id(fd, &dev, &ino);
	expect("open", "open",
	       "fd=%ld(<f>%s)\tname=%s\tflags=4134(O_EXCL|O_CREAT|O_WRONLY|O_CLOEXEC)\tmode=0604"
	       "\tdev=%lX\tino=%lu\t@fd=%s",
	       fd, path, path, dev, ino, path);
	note_call("fstat", "res=0");
	close_fd(fd);
	remove_file(path);
}

static void case_openat(void)
{
	char path[CALLS_PATH];
	path_of(path, "openat");
	struct stat st;
	/* PPM flags: O_TRUNC 0x100 | O_CREAT 0x4 | O_RDWR 0x3. */
	long fd = must(syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0640),
		       "openat");
	if (syscall(SYS_fstat, fd, &st) != 0)
		die("fstat");
	/* The fstat above is a call too. */
	expect("openat", "openat",
	       "fd=%ld(<f>%s)\tdirfd=-100(AT_FDCWD)\tname=%s\tflags=263(O_TRUNC|O_CREAT|O_RDWR)"
	       "\tmode=0640\tdev=%lX\tino=%lu\t@fd=%s",
	       fd, path, path, scap_dev(st.st_dev), (unsigned long)st.st_ino, path);
	note_call("fstat", "res=0");
	must(syscall(SYS_close, fd), "close");
	note_call("close", "res=0");
	remove_file(path);
}

/* A relative name under a directory fd, with two resolve flags whose Linux
 * and PPM bits differ (Linux 0x8|0x4, PPM 0x1|0x8). */
static void case_openat2(void)
{
	char path[CALLS_PATH];
	path_of(path, "openat2");
	long dfd = open_dir(work_dir());
	struct l_open_how how = {
		.flags = O_RDWR | O_CREAT | O_EXCL,
		.mode = 0620,
		.resolve = L_RESOLVE_BENEATH | L_RESOLVE_NO_SYMLINKS,
	};
	long fd = must(syscall(SYS_openat2, dfd, "openat2", &how, sizeof how), "openat2");
	unsigned long dev, ino;
	fd_id(fd, &dev, &ino);
	/* PPM flags: O_EXCL 0x20 | O_CREAT 0x4 | O_RDWR 0x3.  dev is a new
	 * parameter here (raw, in decimal), not a shown one as for openat. */
	expect("openat2", "openat2",
	       "fd=%ld(<f>%s)\tdirfd=%ld(<d>%s)\tname=openat2(%s)\tflags=39(O_EXCL|O_CREAT|O_RDWR)"
	       "\tmode=0620\tresolve=9(RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS)\tdev=%lu\tino=%lu"
	       "\t@fd=%s",
	       fd, path, dfd, work_dir(), path, dev, ino, path);
	note_call("fstat", "res=0");
	close_fd(fd);
	close_fd(dfd);
	remove_file(path);
}

static void case_creat(void)
{
	char path[CALLS_PATH];
	path_of(path, "creat");
	long fd = must(syscall(SYS_creat, path, 0644), "creat");
	unsigned long dev, ino;
	fd_id(fd, &dev, &ino);
	/* creat_flags (overlayfs layers) is not collected: 0. */
	expect("creat", "creat",
	       "fd=%ld(<f>%s)\tname=%s\tmode=0644\tdev=%lX\tino=%lu\tcreat_flags=0\t@fd=%s", fd,
	       path, path, dev, ino, path);
	note_call("fstat", "res=0");
	close_fd(fd);
	remove_file(path);
}

/* close is a !pair call: its enter (with the fd named) is written in every
 * mode; the exit's fd is a new parameter, checked raw. */
static void case_close(void)
{
	char path[CALLS_PATH];
	path_of(path, "close");
	long fd = new_file(path);
	remove_file(path);
	must(syscall(SYS_close, fd), "close");
	expect("close", "close", "res=0\t<fd=%ld\t>fd=%ld(<f>%s)", fd, fd, path);
}

/* ---- stat and access ---- */

static void case_stat(void)
{
	struct stat st;
	must(syscall(SYS_stat, work_dir(), &st), "stat");
	if (!S_ISDIR(st.st_mode))
		die("stat: not a directory");
	expect("stat", "stat", "res=0\tpath=%s", work_dir());
}

static void case_fstat(void)
{
	long dfd = open_dir(work_dir());
	struct stat st;
	must(syscall(SYS_fstat, dfd, &st), "fstat");
	expect("fstat", "fstat", "res=0\t<fd=%ld\t>fd=%ld(<d>%s)", dfd, dfd, work_dir());
	close_fd(dfd);
}

/* A failing one: a path that does not exist. */
static void case_lstat(void)
{
	char path[CALLS_PATH];
	path_of(path, "lstat.missing");
	struct stat st;
	long rc = syscall(SYS_lstat, path, &st);
	if (rc != -1 || errno != ENOENT)
		die("lstat: not ENOENT");
	expect("lstat", "lstat", "res=-2(ENOENT)\tpath=%s", path);
}

/* The markers are access calls too; this one is neither (its name and mode
 * differ).  The exit's mode is a new parameter, checked raw. */
static void case_access(void)
{
	must(syscall(SYS_access, work_dir(), R_OK | W_OK | X_OK), "access");
	expect("access", "access", "res=0\tname=%s\t<mode=7\t>mode=7(R_OK|W_OK|X_OK)", work_dir());
}

/* An offset past 32 bits, from SEEK_CUR at 0 (the result is the offset). */
static void case_lseek(void)
{
	char path[CALLS_PATH];
	path_of(path, "lseek");
	long fd = new_file(path);
	remove_file(path);
	const long off = 0x123456789L;
	if (must(syscall(SYS_lseek, fd, off, SEEK_CUR), "lseek") != off)
		die("lseek: wrong offset");
	expect("lseek", "lseek", "res=%ld\t<fd=%ld\t>fd=%ld(<f>%s)\toffset=%ld\t<whence=1"
	       "\t>whence=1(SEEK_CUR)", off, fd, fd, path, off);
	close_fd(fd);
}

/* ---- renames ---- */

static void case_rename(void)
{
	char from[CALLS_PATH], to[CALLS_PATH];
	path_of(from, "rename.from");
	path_of(to, "rename.to");
	make_file(from);
	must(syscall(SYS_rename, from, to), "rename");
	expect("rename", "rename", "res=0\toldpath=%s\tnewpath=%s", from, to);
	remove_file(to);
}

/* From a relative name under a dirfd to an absolute one (AT_FDCWD). */
static void case_renameat(void)
{
	char from[CALLS_PATH], to[CALLS_PATH];
	path_of(from, "renameat.from");
	path_of(to, "renameat.to");
	make_file(from);
	long dfd = open_dir(work_dir());
	must(syscall(SYS_renameat, dfd, "renameat.from", AT_FDCWD, to), "renameat");
	expect("renameat", "renameat",
	       "res=0\tolddirfd=%ld(<d>%s)\toldpath=renameat.from(%s)"
	       "\tnewdirfd=-100(AT_FDCWD)\tnewpath=%s",
	       dfd, work_dir(), from, to);
	close_fd(dfd);
	remove_file(to);
}

static void case_renameat2(void)
{
	char from[CALLS_PATH], to[CALLS_PATH];
	path_of(from, "renameat2.from");
	path_of(to, "renameat2.to");
	make_file(from);
	long dfd = open_dir(work_dir());
	must(syscall(SYS_renameat2, dfd, "renameat2.from", dfd, "renameat2.to",
		     L_RENAME_NOREPLACE),
	     "renameat2");
	expect("renameat2", "renameat2",
	       "res=0\tolddirfd=%ld(<d>%s)\toldpath=renameat2.from(%s)"
	       "\tnewdirfd=%ld(<d>%s)\tnewpath=renameat2.to(%s)\tflags=1(RENAME_NOREPLACE)",
	       dfd, work_dir(), from, dfd, work_dir(), to);
	close_fd(dfd);
	remove_file(to);
}

/* ---- directories ---- */

/* mode is UINT32/HEX: 0750 = 0x1E8; on the exit a new parameter, raw. */
static void case_mkdir(void)
{
	char path[CALLS_PATH];
	path_of(path, "mkdir");
	must(syscall(SYS_mkdir, path, 0750), "mkdir");
	expect("mkdir", "mkdir", "res=0\tpath=%s\t<mode=%u\t>mode=1E8", path, 0750u);
	remove_dir(path);
}

static void case_mkdirat(void)
{
	char path[CALLS_PATH];
	path_of(path, "mkdirat");
	long dfd = open_dir(work_dir());
	must(syscall(SYS_mkdirat, dfd, "mkdirat", 0701), "mkdirat");
	expect("mkdirat", "mkdirat", "res=0\tdirfd=%ld(<d>%s)\tpath=mkdirat(%s)\tmode=1C1", dfd,
	       work_dir(), path);
	close_fd(dfd);
	remove_dir(path);
}

static void case_rmdir(void)
{
	char path[CALLS_PATH];
	path_of(path, "rmdir");
	make_dir(path);
	must(syscall(SYS_rmdir, path), "rmdir");
	expect("rmdir", "rmdir", "res=0\tpath=%s", path);
}

/* ---- links ---- */

static void case_link(void)
{
	char from[CALLS_PATH], to[CALLS_PATH];
	path_of(from, "link.from");
	path_of(to, "link.to");
	make_file(from);
	must(syscall(SYS_link, from, to), "link");
	expect("link", "link", "res=0\toldpath=%s\tnewpath=%s", from, to);
	remove_file(from);
	remove_file(to);
}

static void case_linkat(void)
{
	char from[CALLS_PATH], to[CALLS_PATH];
	path_of(from, "linkat.from");
	path_of(to, "linkat.to");
	make_file(from);
	long dfd = open_dir(work_dir());
	must(syscall(SYS_linkat, dfd, "linkat.from", AT_FDCWD, to, AT_SYMLINK_FOLLOW), "linkat");
	expect("linkat", "linkat",
	       "res=0\tolddir=%ld(<d>%s)\toldpath=linkat.from(%s)\tnewdir=-100(AT_FDCWD)"
	       "\tnewpath=%s\tflags=1024(AT_SYMLINK_FOLLOW)",
	       dfd, work_dir(), from, to);
	close_fd(dfd);
	remove_file(from);
	remove_file(to);
}

static void case_unlink(void)
{
	char path[CALLS_PATH];
	path_of(path, "unlink");
	make_file(path);
	must(syscall(SYS_unlink, path), "unlink");
	expect("unlink", "unlink", "res=0\tpath=%s", path);
}

/* A directory removed relative to a dirfd (AT_REMOVEDIR). */
static void case_unlinkat(void)
{
	char path[CALLS_PATH];
	path_of(path, "unlinkat");
	make_dir(path);
	long dfd = open_dir(work_dir());
	must(syscall(SYS_unlinkat, dfd, "unlinkat", AT_REMOVEDIR), "unlinkat");
	expect("unlinkat", "unlinkat",
	       "res=0\tdirfd=%ld(<d>%s)\tname=unlinkat(%s)\tflags=512(AT_REMOVEDIR)", dfd,
	       work_dir(), path);
	close_fd(dfd);
}

/* The targets are dangling on purpose: a symlink's target is any text. */
static void case_symlink(void)
{
	char path[CALLS_PATH];
	path_of(path, "symlink");
	must(syscall(SYS_symlink, "no/such/target", path), "symlink");
	expect("symlink", "symlink", "res=0\ttarget=no/such/target\tlinkpath=%s", path);
	remove_file(path);
}

static void case_symlinkat(void)
{
	char path[CALLS_PATH];
	path_of(path, "symlinkat");
	long dfd = open_dir(work_dir());
	must(syscall(SYS_symlinkat, "../symlinkat.target", dfd, "symlinkat"), "symlinkat");
	expect("symlinkat", "symlinkat",
	       "res=0\ttarget=../symlinkat.target\tlinkdirfd=%ld(<d>%s)\tlinkpath=symlinkat(%s)", dfd,
	       work_dir(), path);
	close_fd(dfd);
	remove_file(path);
}

/* ---- modes ---- */

/* With the set-uid bit, the table's last entry. */
static void case_chmod(void)
{
	char path[CALLS_PATH], mode[160];
	path_of(path, "chmod");
	make_file(path);
	must(syscall(SYS_chmod, path, 04751), "chmod");
	expect("chmod", "chmod", "res=0\tfilename=%s\tmode=%s", path,
	       mode_text(mode, sizeof mode, 04751));
	remove_file(path);
}

static void case_fchmod(void)
{
	char path[CALLS_PATH], mode[160];
	path_of(path, "fchmod");
	long fd = new_file(path);
	must(syscall(SYS_fchmod, fd, 0640), "fchmod");
	expect("fchmod", "fchmod", "res=0\tfd=%ld(<f>%s)\tmode=%s", fd, path,
	       mode_text(mode, sizeof mode, 0640));
	close_fd(fd);
	remove_file(path);
}

/* With the sticky and set-gid bits, on a directory. */
static void case_fchmodat(void)
{
	char path[CALLS_PATH], mode[160];
	path_of(path, "fchmodat");
	make_dir(path);
	long dfd = open_dir(work_dir());
	must(syscall(SYS_fchmodat, dfd, "fchmodat", 03705), "fchmodat");
	expect("fchmodat", "fchmodat", "res=0\tdirfd=%ld(<d>%s)\tfilename=fchmodat(%s)\tmode=%s",
	       dfd, work_dir(), path, mode_text(mode, sizeof mode, 03705));
	close_fd(dfd);
	remove_dir(path);
}

/* ---- the working directory and the root ---- */

/* The working directory of a child that moved into the work dir: the path
 * the kernel writes is the work dir's (it is absolute), its length + 1 the
 * result. */
static void getcwd_child(void *arg)
{
	(void)arg;
	must(syscall(SYS_chdir, work_dir()), "chdir");
	note_call("chdir", "res=0\tpath=%s", work_dir());
	char buf[CALLS_PATH];
	long rc = must(syscall(SYS_getcwd, buf, sizeof buf), "getcwd");
	if (strcmp(buf, work_dir()) != 0 || rc != (long)strlen(buf) + 1)
		die("getcwd: not the work dir");
	expect("getcwd", "getcwd", "res=%ld\tpath=%s", rc, work_dir());
}

static void case_getcwd(void)
{
	run_child(getcwd_child, NULL);
}

/* In a child, which need not come back. */
static void chdir_child(void *arg)
{
	(void)arg;
	must(syscall(SYS_chdir, work_dir()), "chdir");
	expect("chdir", "chdir", "res=0\tpath=%s", work_dir());
}

static void case_chdir(void)
{
	run_child(chdir_child, NULL);
}

/* fchdir is a !pair call; its exit's fd is a new parameter, checked raw.
 * In a child too. */
static void fchdir_child(void *arg)
{
	(void)arg;
	long dfd = open_dir(work_dir());
	must(syscall(SYS_fchdir, dfd), "fchdir");
	expect("fchdir", "fchdir", "res=0\t<fd=%ld\t>fd=%ld(<d>%s)", dfd, dfd, work_dir());
}

static void case_fchdir(void)
{
	run_child(fchdir_child, NULL);
}

static void chroot_child(void *arg)
{
	(void)arg;
	must(syscall(SYS_chroot, work_dir()), "chroot");
	expect("chroot", "chroot", "res=0\tpath=%s", work_dir());
}

static void case_chroot(void)
{
	run_child(chroot_child, NULL);
}

/* ---- directory listings ---- */

/* A directory of two files, read in one go; the result is the length the
 * kernel wrote, which the program reads back.  The exit's fd is new, raw. */
static void listing(const char *name, long nr, const char *type)
{
	char dir[CALLS_PATH], file[CALLS_PATH + 8];
	path_of(dir, name);
	make_dir(dir);
	snprintf(file, sizeof file, "%s/a", dir);
	make_file(file);
	long dfd = open_dir(dir);
	char buf[4096];
	long rc = must(syscall(nr, dfd, buf, sizeof buf), type);
	if (rc <= 0)
		die("getdents: empty");
	expect(type, type, "res=%ld\t<fd=%ld\t>fd=%ld(<d>%s)", rc, dfd, dfd, dir);
	close_fd(dfd);
	remove_file(file);
	remove_dir(dir);
}

static void case_getdents(void)
{
	listing("getdents", SYS_getdents, "getdents");
}

static void case_getdents64(void)
{
	listing("getdents64", SYS_getdents64, "getdents64");
}

/* ---- fd operations ---- */

/* F_DUPFD_CLOEXEC (PPM 26) from 40 up: the result is a new fd, which the
 * tracer names as the one it copies.  fcntl is a !pair call. */
static void case_fcntl(void)
{
	char path[CALLS_PATH];
	path_of(path, "fcntl");
	long fd = new_file(path);
	remove_file(path);
	long dup = must(syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 40), "fcntl");
	if (dup < 40)
		die("fcntl: fd below 40");
	expect("fcntl", "fcntl",
	       "res=%ld(<f>%s)\t<fd=%ld\t>fd=%ld(<f>%s)\t<cmd=26\t>cmd=26(F_DUPFD_CLOEXEC)", dup,
	       path, fd, fd, path);
	close_fd(dup);
	close_fd(fd);
}

static void case_flock(void)
{
	char path[CALLS_PATH];
	path_of(path, "flock");
	long fd = new_file(path);
	remove_file(path);
	must(syscall(SYS_flock, fd, LOCK_EX | LOCK_NB), "flock");
	expect("flock", "flock",
	       "res=0\t<fd=%ld\t>fd=%ld(<f>%s)\t<operation=6\t>operation=6(LOCK_EX|LOCK_NB)", fd,
	       fd, path);
	close_fd(fd);   /* drops the lock */
}

/* FIONREAD on a regular file: the bytes from the offset to the end (the
 * kernel's generic handler), read back from the argument. */
static void case_ioctl(void)
{
	char path[CALLS_PATH];
	path_of(path, "ioctl");
	long fd = new_file(path);
	remove_file(path);
	static const char text[] = "twelve bytes";
	if (must(syscall(SYS_pwrite64, fd, text, 12, 0), "pwrite64") != 12)
		die("pwrite64: short");
	note_call("pwrite", "res=12");
	int avail = -1;
	must(syscall(SYS_ioctl, fd, FIONREAD, &avail), "ioctl");
	if (avail != 12)
		die("ioctl: FIONREAD is not 12");
	unsigned long arg = (unsigned long)&avail;
	expect("ioctl", "ioctl",
	       "res=0\t<fd=%ld\t>fd=%ld(<f>%s)\t<request=%lu\t>request=%lX\t<argument=%lu"
	       "\t>argument=%lX",
	       fd, fd, path, (unsigned long)FIONREAD, (unsigned long)FIONREAD, arg, arg);
	close_fd(fd);
}

/* ---- mounts and quotas ---- */

/* A tmpfs on a fresh directory of the work dir, mounted and unmounted in a
 * child (the mount is gone before the child ends). */
struct mnt {
	char dir[CALLS_PATH];
	int checked;            /* 0: mount is the checked call, 1: umount2 */
};

static void mount_child(void *arg)
{
	struct mnt *m = arg;
	/* NOSUID 0x2 | NODEV 0x4 | NOEXEC 0x8: the flags are Linux's. */
	unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	must(syscall(SYS_mount, "live_calls", m->dir, "tmpfs", flags, "size=64k"), "mount");
	if (m->checked == 0)
		expect("mount", "mount",
		       "res=0\tdev=live_calls\tdir=%s\ttype=tmpfs\t<flags=%lu"
		       "\t>flags=14(NOSUID|NODEV|NOEXEC)",
		       m->dir, flags);
	else
		note_call("mount", "res=0\tdir=%s", m->dir);
	/* DETACH 0x2 | NOFOLLOW 0x8, on the enter event only. */
	must(syscall(SYS_umount2, m->dir, MNT_DETACH | UMOUNT_NOFOLLOW), "umount2");
	if (m->checked == 1)
		expect("umount2", "umount", "res=0\tname=%s\t>flags=10(DETACH|NOFOLLOW)", m->dir);
	else
		note_call("umount", "res=0\tname=%s", m->dir);
}

static void mount_case(const char *name, int checked)
{
	struct mnt m = {.checked = checked};
	path_of(m.dir, name);
	make_dir(m.dir);
	run_child(mount_child, &m);
	remove_dir(m.dir);
}

static void case_mount(void)
{
	mount_case("mount", 0);
}

static void case_umount2(void)
{
	mount_case("umount2", 1);
}

/* Q_GETQUOTA of uid 1234 on a regular file: lookup_bdev fails (ENOTBLK), or
 * the kernel has no quotactl at all (ENOSYS); either way the error is the
 * result.  The quota fields and the file path are not collected (0, empty);
 * cmd and type are translated to PPM (Q_GETQUOTA 0x20, USRQUOTA 1) and
 * quota_fmt, which Q_GETQUOTA does not use, is QFMT_NOT_USED (1). */
static void case_quotactl(void)
{
	char path[CALLS_PATH];
	path_of(path, "quotactl");
	make_file(path);
	char dqblk[128] __attribute__((aligned(8)));
	memset(dqblk, 0, sizeof dqblk);
	long rc = syscall(SYS_quotactl, L_QCMD(L_Q_GETQUOTA, L_USRQUOTA), path, 1234, dqblk);
	if (rc != -1)
		die("quotactl: no error");
	int err = errno;
	expect("quotactl", "quotactl",
	       "res=-%d(%s)\tspecial=%s\tquotafilepath=\tdqb_bhardlimit=0\tdqb_bsoftlimit=0"
	       "\tdqb_curspace=0\tdqb_ihardlimit=0\tdqb_isoftlimit=0\tdqb_btime=0(0s)"
	       "\tdqb_itime=0(0s)\tdqi_bgrace=0(0s)\tdqi_igrace=0(0s)\tdqi_flags=0\tquota_fmt_out=1(QFMT_NOT_USED)"
	       "\t<cmd=32\t>cmd=32(Q_GETQUOTA)\t<type=1\t>type=1(USRQUOTA)\tid=1234"
	       "\t<quota_fmt=1\t>quota_fmt=1(QFMT_NOT_USED)",
	       err, strerrorname_np(err), path);
	remove_file(path);
}

const struct call_case file_cases[] = {
	{"open", case_open},
	{"openat", case_openat},
	{"openat2", case_openat2},
	{"creat", case_creat},
	{"close", case_close},
	{"stat", case_stat},
	{"fstat", case_fstat},
	{"lstat", case_lstat},
	{"access", case_access},
	{"lseek", case_lseek},
	{"rename", case_rename},
	{"renameat", case_renameat},
	{"renameat2", case_renameat2},
	{"mkdir", case_mkdir},
	{"mkdirat", case_mkdirat},
	{"rmdir", case_rmdir},
	{"link", case_link},
	{"linkat", case_linkat},
	{"unlink", case_unlink},
	{"unlinkat", case_unlinkat},
	{"symlink", case_symlink},
	{"symlinkat", case_symlinkat},
	{"chmod", case_chmod},
	{"fchmod", case_fchmod},
	{"fchmodat", case_fchmodat},
	{"getcwd", case_getcwd},
	{"chdir", case_chdir},
	{"fchdir", case_fchdir},
	{"chroot", case_chroot},
	{"getdents", case_getdents},
	{"getdents64", case_getdents64},
	{"fcntl", case_fcntl},
	{"flock", case_flock},
	{"ioctl", case_ioctl},
	{"mount", case_mount},
	{"umount2", case_umount2},
	{"quotactl", case_quotactl},
	{0},
};
