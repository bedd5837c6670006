/* Cases: reads, writes, pipes, fd copies, waits and the fds of other kinds
 * (calls.h explains the cases). */
#define _GNU_SOURCE 1  /* strerrorname_np */
#include "calls.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>  /* snprintf only */
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* From the kernel's uapi, which the libc headers do not all carry. */
#define L_EFD_SEMAPHORE 1
#define L_EFD_CLOEXEC 02000000
#define L_SFD_CLOEXEC 02000000
#define L_SFD_NONBLOCK 04000
#define L_TFD_CLOEXEC 02000000
#define L_IN_CLOEXEC 02000000
#define L_IN_NONBLOCK 04000
#define L_SPLICE_F_MOVE 1
#define L_SPLICE_F_MORE 4

/* The exit's parameters of the event table's `new` column are checked as
 * evt.rawarg shows them: bare decimal numbers (an fd without its name, a
 * hex mask in decimal), hence the >/< pairs where evt.info on the enter
 * renders the same value otherwise. */

/* A file of the work dir, created (truncated) read-write and unlinked at
 * once, so that closing it is all the clean-up; LEN bytes of TEXT are
 * written at offset 0 with pwrite64, leaving the file offset at 0.  PATH
 * (CALLS_PATH bytes) gets its name, which the fd keeps in the tracer. */
static long scratch(const char *name, char *path, const char *text, size_t len)
{
	path_of(path, name);
	long fd = must(syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600),
		       "openat");
	note_call("openat", "fd=%ld(<f>%s)\tname=%s", fd, path, path);
	must(syscall(SYS_unlinkat, AT_FDCWD, path, 0), "unlinkat");
	note_call("unlinkat", "res=0");
	if (len) {
		if (must(syscall(SYS_pwrite64, fd, text, len, 0), "pwrite64") != (long)len)
			die("pwrite64: short");
		note_call("pwrite", "res=%zu\t@fd=%s", len, path);
	}
	return fd;
}

static void close_fd(long fd)
{
	must(syscall(SYS_close, fd), "close");
	note_call("close", "res=0");
}

/* A pipe made with pipe2 (the pipe event), its fds in fds[0] (read) and
 * fds[1] (write); LEN bytes of TEXT written into it when LEN > 0. */
static void make_pipe(int fds[2], const char *text, size_t len)
{
	must(syscall(SYS_pipe2, fds, 0), "pipe2");
	note_call("pipe", "res=0\tfd1=%d(<p>)\tfd2=%d(<p>)", fds[0], fds[1]);
	if (len) {
		if (must(syscall(SYS_write, fds[1], text, len), "write") != (long)len)
			die("write: short");
		note_call("write", "res=%zu", len);
	}
}

static void close_pipe(const int fds[2])
{
	close_fd(fds[0]);
	close_fd(fds[1]);
}

/* The checks of the fd of a call on a file: the enter's evt.info names it,
 * the exit's raw value is the bare number, fd.name is the file's path. */
#define FD_CHECKS (2 * CALLS_PATH + 64)
static const char *fd_checks(char out[FD_CHECKS], long fd, const char *path)
{
	snprintf(out, FD_CHECKS, ">fd=%ld(<f>%s)\t<fd=%ld\t@fd=%s", fd, path, fd, path);
	return out;
}

/* Data with bytes evt.info shows as '.': a newline, 0x01 and 0xff (no tab,
 * which would split the capture's columns). */
static const char data_in[] = "in\ndata\x01z\xffQ";
#define DATA_IN_LEN (sizeof data_in - 1)        /* 11 */
#define DATA_IN_SHOWN "in.data.z.Q"

static void case_read(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH], buf[64];
	long fd = scratch("io_read", path, data_in, DATA_IN_LEN);
	long rc = must(syscall(SYS_read, fd, buf, sizeof buf), "read");
	/* A short read: the size asked for and the bytes got differ. */
	expect("read", "read", "res=%ld\tdata=%s\t%s\tsize=%zu", rc, DATA_IN_SHOWN,
	       fd_checks(fdc, fd, path), sizeof buf);
	close_fd(fd);
}

static void case_write(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH];
	static const char out[] = "out\x01put\n";
	long fd = scratch("io_write", path, "", 0);
	long rc = must(syscall(SYS_write, fd, out, sizeof out - 1), "write");
	expect("write", "write", "res=%ld\tdata=out.put.\t%s\tsize=%zu", rc,
	       fd_checks(fdc, fd, path), sizeof out - 1);
	close_fd(fd);
}

static void case_pread64(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH], buf[32];
	long fd = scratch("io_pread", path, data_in, DATA_IN_LEN);
	/* From offset 3: "data\x01z\xffQ". */
	long rc = must(syscall(SYS_pread64, fd, buf, sizeof buf, 3), "pread64");
	expect("pread64", "pread", "res=%ld\tdata=data.z.Q\t%s\tsize=%zu\tpos=3", rc,
	       fd_checks(fdc, fd, path), sizeof buf);
	close_fd(fd);
}

static void case_pwrite64(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH];
	static const char out[] = "\xfe" "at 7";
	long fd = scratch("io_pwrite", path, "", 0);
	long rc = must(syscall(SYS_pwrite64, fd, out, sizeof out - 1, 7), "pwrite64");
	expect("pwrite64", "pwrite", "res=%ld\tdata=.at 7\t%s\tsize=%zu\tpos=7", rc,
	       fd_checks(fdc, fd, path), sizeof out - 1);
	close_fd(fd);
}

static void case_readv(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH], a[4], b[16];
	long fd = scratch("io_readv", path, data_in, DATA_IN_LEN);
	struct iovec iov[2] = {{a, sizeof a}, {b, sizeof b}};
	/* 11 bytes into 4 + 16: data is the bytes read, across both iovecs;
	 * size is what the iovecs offered. */
	long rc = must(syscall(SYS_readv, fd, iov, 2), "readv");
	expect("readv", "readv", "res=%ld\tsize=%zu\tdata=%s\t%s", rc, sizeof a + sizeof b,
	       DATA_IN_SHOWN, fd_checks(fdc, fd, path));
	close_fd(fd);
}

static void case_writev(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH];
	long fd = scratch("io_writev", path, "", 0);
	struct iovec iov[3] = {{"ab\n", 3}, {"", 0}, {"cd\x01" "e", 4}};
	long rc = must(syscall(SYS_writev, fd, iov, 3), "writev");
	expect("writev", "writev", "res=%ld\tdata=ab.cd.e\t%s\tsize=7", rc, fd_checks(fdc, fd, path));
	close_fd(fd);
}

static void case_preadv(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH], a[2], b[8];
	long fd = scratch("io_preadv", path, data_in, DATA_IN_LEN);
	struct iovec iov[2] = {{a, sizeof a}, {b, sizeof b}};
	/* From offset 1: "n\ndata\x01z\xffQ" fills both (10 bytes). */
	long rc = must(syscall(SYS_preadv, fd, iov, 2, 1, 0), "preadv");
	expect("preadv", "preadv", "res=%ld\tsize=%zu\tdata=n.data.z.Q\t%s\tpos=1", rc,
	       sizeof a + sizeof b, fd_checks(fdc, fd, path));
	close_fd(fd);
}

static void case_pwritev(void)
{
	char fdc[FD_CHECKS];
	char path[CALLS_PATH];
	long fd = scratch("io_pwritev", path, "", 0);
	struct iovec iov[2] = {{"pw", 2}, {"\x02v!", 3}};
	/* preadv/pwritev take the offset in two halves (low, high). */
	long rc = must(syscall(SYS_pwritev, fd, iov, 2, 9, 0), "pwritev");
	expect("pwritev", "pwritev", "res=%ld\tdata=pw.v!\t%s\tsize=5\tpos=9", rc,
	       fd_checks(fdc, fd, path));
	close_fd(fd);
}

static void case_sendfile(void)
{
	char in_path[CALLS_PATH], out_path[CALLS_PATH];
	long in = scratch("io_sendfile_in", in_path, "0123456789", 10);
	long out = scratch("io_sendfile_out", out_path, "", 0);
	off_t off = 2;
	long rc = must(syscall(SYS_sendfile, out, in, &off, 5), "sendfile");
	if (off != 2 + rc)
		die("sendfile: offset");
	/* The offset is read at each side: the start on enter, where the
	 * kernel left it on exit. */
	expect("sendfile", "sendfile",
	       "res=%ld\t>offset=2\t<offset=%ld\t>out_fd=%ld(<f>%s)\t<out_fd=%ld"
	       "\t>in_fd=%ld(<f>%s)\t<in_fd=%ld\tsize=5",
	       rc, (long)off, out, out_path, out, in, in_path, in);
	close_fd(out);
	close_fd(in);
}

static void case_splice(void)
{
	char path[CALLS_PATH];
	int p[2];
	static const char text[] = "spliced\n";
	make_pipe(p, text, sizeof text - 1);
	long fd = scratch("io_splice", path, "", 0);
	long rc = must(syscall(SYS_splice, p[0], NULL, fd, NULL, 64,
			       (long)(L_SPLICE_F_MOVE | L_SPLICE_F_MORE)), "splice");
	/* Pipe fds have no name: <p> alone.  The event's fd is fd_out. */
	expect("splice", "splice",
	       "res=%ld\t>fd_in=%d(<p>)\t<fd_in=%d\t>fd_out=%ld(<f>%s)\t<fd_out=%ld\tsize=64"
	       "\t>flags=5(SPLICE_F_MOVE|SPLICE_F_MORE)\t<flags=5\t@fd=%s",
	       rc, p[0], p[0], fd, path, fd, path);
	close_fd(fd);
	close_pipe(p);
}

static void case_copy_file_range(void)
{
	char in_path[CALLS_PATH], out_path[CALLS_PATH];
	long in = scratch("io_cfr_in", in_path, "0123456789abcdef", 16);
	long out = scratch("io_cfr_out", out_path, "", 0);
	loff_t off_in = 4, off_out = 1;
	long rc = must(syscall(SYS_copy_file_range, in, &off_in, out, &off_out, 6, 0L),
		       "copy_file_range");
	/* offin/offout are the pointer arguments themselves, as the recipe
	 * (and the libs driver) take them, not the offsets they point to.
	 * The exit's fd is fdout. */
	expect("copy_file_range", "copy_file_range",
	       "res=%ld\tfdout=%ld(<f>%s)\toffout=%lu\t>fdin=%ld(<f>%s)\t<fdin=%ld\toffin=%lu\tlen=6"
	       "\t@fd=%s",
	       rc, out, out_path, (unsigned long)&off_out, in, in_path, in,
	       (unsigned long)&off_in, out_path);
	close_fd(out);
	close_fd(in);
}

/* pipe and pipe2: both fds and the pipe's inode, read back with fstat. */
static void check_pipe(const char *syscall_name, long rc, const int fds[2])
{
	struct stat st;
	must(syscall(SYS_fstat, fds[0], &st), "fstat");
	expect(syscall_name, "pipe", "res=%ld\tfd1=%d(<p>)\tfd2=%d(<p>)\tino=%lu", rc, fds[0], fds[1],
	       (unsigned long)st.st_ino);
	note_call("fstat", "res=0");
	close_pipe(fds);
}

static void case_pipe(void)
{
	int fds[2] = {-1, -1};
	long rc = must(syscall(SYS_pipe, fds), "pipe");
	check_pipe("pipe", rc, fds);
}

static void case_pipe2(void)
{
	int fds[2] = {-1, -1};
	/* The flags are not a parameter of the pipe event. */
	long rc = must(syscall(SYS_pipe2, fds, O_CLOEXEC | O_NONBLOCK), "pipe2");
	check_pipe("pipe2", rc, fds);
}

/* dup, dup2, dup3: the enter names the fd copied, the exit the new one
 * (with the copied fd's name). */
static void case_dup(void)
{
	char path[CALLS_PATH];
	long fd = scratch("io_dup", path, "", 0);
	long rc = must(syscall(SYS_dup, fd), "dup");
	expect("dup", "dup", ">fd=%ld(<f>%s)\tres=%ld(<f>%s)", fd, path, rc, path);
	close_fd(rc);
	close_fd(fd);
}

static void case_dup2(void)
{
	char path[CALLS_PATH];
	long fd = scratch("io_dup2", path, "", 0);
	long rc = must(syscall(SYS_dup2, fd, 40), "dup2");
	expect("dup2", "dup", ">fd=%ld(<f>%s)\tres=40(<f>%s)", fd, path, path);
	close_fd(rc);
	close_fd(fd);
}

static void case_dup3(void)
{
	char path[CALLS_PATH];
	long fd = scratch("io_dup3", path, "", 0);
	long rc = must(syscall(SYS_dup3, fd, 41, O_CLOEXEC), "dup3");
	expect("dup3", "dup", ">fd=%ld(<f>%s)\tres=41(<f>%s)", fd, path, path);
	close_fd(rc);
	close_fd(fd);
}

/* A pipe holding one byte: its read end is readable, its write end
 * writable, and nothing else, so the revents are known.  The events asked
 * for are more than that (POLLPRI on the read end, POLLIN on the write
 * end), so that the enter's list (events) and the exit's (revents)
 * differ.  PPM poll flags: POLLIN 1, POLLPRI 2, POLLOUT 4. */
static void poll_set(int p[2], struct pollfd pfd[2])
{
	make_pipe(p, "x", 1);
	pfd[0] = (struct pollfd){.fd = p[0], .events = POLLIN | POLLPRI};
	pfd[1] = (struct pollfd){.fd = p[1], .events = POLLOUT | POLLIN};
}

static void case_poll(void)
{
	int p[2];
	struct pollfd pfd[2];
	poll_set(p, pfd);
	long rc = must(syscall(SYS_poll, pfd, 2, 2500), "poll");
	if (pfd[0].revents != POLLIN || pfd[1].revents != POLLOUT)
		die("poll: revents");
	expect("poll", "poll", "res=%ld\t>fds=%d:p3 %d:p5\t<fds=%d:p1 %d:p4\ttimeout=2500", rc, p[0],
	       p[1], p[0], p[1]);
	close_pipe(p);
}

static void case_ppoll(void)
{
	int p[2];
	struct pollfd pfd[2];
	poll_set(p, pfd);
	struct timespec ts = {1, 500000000};
	/* The mask is the kernel's sigset (8 bytes): SIGUSR1 (bit 9) and
	 * SIGTERM (bit 14), blocked only during the call. */
	unsigned long mask = (1ul << (SIGUSR1 - 1)) | (1ul << (SIGTERM - 1));
	long rc = must(syscall(SYS_ppoll, pfd, 2, &ts, &mask, sizeof mask), "ppoll");
	if (pfd[0].revents != POLLIN || pfd[1].revents != POLLOUT)
		die("ppoll: revents");
	/* The kernel writes the time left back into ts, and the exit reads
	 * it there: the enter has the timeout given, the exit what is left. */
	unsigned long left = (unsigned long)ts.tv_sec * 1000000000ul + (unsigned long)ts.tv_nsec;
	expect("ppoll", "ppoll",
	       "res=%ld\t>fds=%d:p3 %d:p5\t<fds=%d:p1 %d:p4\t>timeout=1500000000(1.5s)"
	       "\t<timeout=%lu\t>sigmask=%lu(SIGUSR1 SIGTERM)\t<sigmask=%lu",
	       rc, p[0], p[1], p[0], p[1], left, mask, mask);
	close_pipe(p);
}

static void case_select(void)
{
	int p[2];
	make_pipe(p, "s", 1);
	unsigned long rd = 1ul << p[0];   /* an fd_set of one word */
	struct timeval tv = {0, 0};
	long rc = must(syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv), "select");
	if (rc != 1)
		die("select: not ready");
	expect("select", "select", "res=1");
	close_pipe(p);
}

static void case_epoll_wait(void)
{
	int p[2];
	make_pipe(p, "e", 1);
	/* epoll_create1 and epoll_ctl have no events of their own: generic
	 * events, typed by the syscall's name, with no parameters shown. */
	long ep = must(syscall(SYS_epoll_create1, EPOLL_CLOEXEC), "epoll_create1");
	note_call("epoll_create1", "@fd=<NA>");
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7};
	must(syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev), "epoll_ctl");
	note_call("epoll_ctl", "@fd=<NA>");
	struct epoll_event got[4];
	long rc = must(syscall(SYS_epoll_wait, ep, got, 4, 2500), "epoll_wait");
	if (rc != 1 || got[0].data.u64 != 7)
		die("epoll_wait: not ready");
	expect("epoll_wait", "epoll_wait", "res=1\tmaxevents=4");
	close_fd(ep);
	close_pipe(p);
}

/* The new fd of an eventfd, signalfd, timerfd or inotify has no name:
 * N(<e>), N(<s>), N(<t>), N(<i>). */
static void case_eventfd(void)
{
	long fd = must(syscall(SYS_eventfd, 7), "eventfd");
	/* eventfd has no flags argument: 0. */
	expect("eventfd", "eventfd", "res=%ld(<e>)\tinitval=7\tflags=0", fd);
	close_fd(fd);
}

static void case_eventfd2(void)
{
	long fd = must(syscall(SYS_eventfd2, 5, L_EFD_SEMAPHORE | L_EFD_CLOEXEC), "eventfd2");
	/* The Linux flags as they are: no flag table names them. */
	expect("eventfd2", "eventfd", "res=%ld(<e>)\tinitval=5\tflags=%u", fd,
	       L_EFD_SEMAPHORE | L_EFD_CLOEXEC);
	close_fd(fd);
}

static const unsigned long sfd_mask = (1ul << (SIGUSR1 - 1)) | (1ul << (SIGUSR2 - 1));

static void case_signalfd(void)
{
	unsigned long mask = sfd_mask;
	/* fd -1: a new signalfd.  A negative fd shows as an errno. */
	long fd = must(syscall(SYS_signalfd, -1, &mask, sizeof mask), "signalfd");
	expect("signalfd", "signalfd", "res=%ld(<s>)\t>fd=-1(EPERM)\t<fd=-1\t>mask=%lX\t<mask=%lu\tflags=0", fd, mask, mask);
	close_fd(fd);
}

static void case_signalfd4(void)
{
	unsigned long mask = sfd_mask;
	long fd = must(syscall(SYS_signalfd4, -1, &mask, sizeof mask,
			       L_SFD_CLOEXEC | L_SFD_NONBLOCK), "signalfd4");
	/* The flags parameter is 8 bits wide: SFD_CLOEXEC (0x80000) and
	 * SFD_NONBLOCK (0x800) leave nothing in it. */
	expect("signalfd4", "signalfd", "res=%ld(<s>)\t>fd=-1(EPERM)\t<fd=-1\t>mask=%lX\t<mask=%lu\tflags=%u", fd, mask, mask,
	       (L_SFD_CLOEXEC | L_SFD_NONBLOCK) & 0xff);
	close_fd(fd);
}

static void case_timerfd_create(void)
{
	long fd = must(syscall(SYS_timerfd_create, CLOCK_MONOTONIC, L_TFD_CLOEXEC),
		       "timerfd_create");
	/* flags: 8 bits, as for signalfd4. */
	expect("timerfd_create", "timerfd_create", "res=%ld(<t>)\tclockid=%d\tflags=%u", fd,
	       CLOCK_MONOTONIC, L_TFD_CLOEXEC & 0xff);
	close_fd(fd);
}

static void case_inotify_init(void)
{
	long fd = must(syscall(SYS_inotify_init), "inotify_init");
	expect("inotify_init", "inotify_init", "res=%ld(<i>)\tflags=0", fd);
	close_fd(fd);
}

static void case_inotify_init1(void)
{
	long fd = must(syscall(SYS_inotify_init1, L_IN_CLOEXEC | L_IN_NONBLOCK), "inotify_init1");
	/* flags: 8 bits, as for signalfd4. */
	expect("inotify_init1", "inotify_init", "res=%ld(<i>)\tflags=%u", fd,
	       (L_IN_CLOEXEC | L_IN_NONBLOCK) & 0xff);
	close_fd(fd);
}

static void case_userfaultfd(void)
{
	/* PPM file flags: O_NONBLOCK 0x40, O_RDONLY 0x1 (access mode 0),
	 * O_CLOEXEC 0x1000. */
	long rc = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	const char *flags = "4161(O_NONBLOCK|O_RDONLY|O_CLOEXEC)";
	if (rc >= 0) {
		/* res is an ERRNO here, not an FD: a bare number. */
		expect("userfaultfd", "userfaultfd", "res=%ld\tflags=%s", rc, flags);
		close_fd(rc);
		return;
	}
	/* Refused (no CONFIG_USERFAULTFD: ENOSYS; a policy: EPERM): what we
	 * got is what the event must show. */
	int err = errno;
	comment("userfaultfd refused: %s", strerrorname_np(err));
	expect("userfaultfd", "userfaultfd", "res=-%d(%s)\tflags=%s", err, strerrorname_np(err),
	       flags);
}

const struct call_case io_cases[] = {
	{"read", case_read},
	{"write", case_write},
	{"pread64", case_pread64},
	{"pwrite64", case_pwrite64},
	{"readv", case_readv},
	{"writev", case_writev},
	{"preadv", case_preadv},
	{"pwritev", case_pwritev},
	{"sendfile", case_sendfile},
	{"splice", case_splice},
	{"copy_file_range", case_copy_file_range},
	{"pipe", case_pipe},
	{"pipe2", case_pipe2},
	{"dup", case_dup},
	{"dup2", case_dup2},
	{"dup3", case_dup3},
	{"poll", case_poll},
	{"ppoll", case_ppoll},
	{"select", case_select},
	{"epoll_wait", case_epoll_wait},
	{"eventfd", case_eventfd},
	{"eventfd2", case_eventfd2},
	{"signalfd", case_signalfd},
	{"signalfd4", case_signalfd4},
	{"timerfd_create", case_timerfd_create},
	{"inotify_init", case_inotify_init},
	{"inotify_init1", case_inotify_init1},
	{"userfaultfd", case_userfaultfd},
	{0},
};
