/* live_workload: a fixed, known sequence of system calls for the live
 * capture tests (the bats files in tests/live).
 *
 *   live_workload DIR
 *
 * Handshake: the program writes its pid to DIR/pid, then polls
 * access("DIR/go") every 5 ms until the test, once its tracers are
 * attached, creates DIR/go.  Then it runs the sequence below and ends with
 * access("DIR/end"), which fails with ENOENT.  The two access calls bound
 * the window the tests check.
 *
 * For every call of the sequence it records what it knows (thread id, the
 * event type sysdig shows for it, and the arguments and results as
 * syscope's default line renders them) in DIR/expected.tsv, one call a line:
 *
 *   TID <tab> TYPE { <tab> CHECK }
 *
 * where CHECK is one of
 *   key=value    " key=value " occurs in the event's evt.info text
 *   key~ERE      the value of key in evt.info matches the extended regex
 *   @fd=NAME     the event's fd.name is NAME (checked when the test prints
 *                fd.name, i.e. when syscope has -p)
 * Lines starting with '#' carry facts the checks do not use directly.
 *
 * Every asserted call goes through syscall(2) so glibc cannot substitute a
 * different system call (open for openat, clone3 for clone, pipe2 for
 * pipe...).  Nothing in the window allocates memory or writes the record
 * file: the record is kept in a static buffer and written after the end
 * marker, so the only calls in the window are the sequence and a few of
 * glibc's own (signal return, futex, wait4, exit).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIR_MAX 256
#define PATH_MAX_LEN (DIR_MAX + 32)

static char dir[DIR_MAX];
static char record[1 << 16];
static size_t record_len;

static void die(const char *what)
{
	fprintf(stderr, "live_workload: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Appends one line to the record; fails loudly rather than cut a line. */
static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(record + record_len, sizeof record - record_len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof record - record_len) {
		fputs("live_workload: record buffer full\n", stderr);
		exit(1);
	}
	record_len += (size_t)n;
}

static pid_t tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void path_of(char *out, const char *name)
{
	snprintf(out, PATH_MAX_LEN, "%s/%s", dir, name);
}

/* A checked call: stops the workload when the result is not the one the
 * sequence relies on, since every later expectation would be wrong. */
static long must(long rc, const char *what)
{
	if (rc < 0)
		die(what);
	return rc;
}

/* ------------------------------------------------------------- files */

static const char file_text[] = "hello syscope\n";

static void files(void)
{
	char data[PATH_MAX_LEN], moved[PATH_MAX_LEN];
	path_of(data, "data");
	path_of(moved, "moved");
	pid_t me = tid();

	/* PPM flags: O_TRUNC 0x100, O_CREAT 0x4, O_RDWR 0x3, named in the flag
	 * table's order. */
	long fd = must(syscall(SYS_openat, AT_FDCWD, data, O_RDWR | O_CREAT | O_TRUNC, 0600),
		       "openat");
	note("%d\topenat\tfd=%ld(<f>%s)\tdirfd=-100(AT_FDCWD)\tname=%s"
	     "\tflags=263(O_TRUNC|O_CREAT|O_RDWR)\tmode=0600\t@fd=%s\n",
	     me, fd, data, data, data);

	long n = must(syscall(SYS_write, fd, file_text, strlen(file_text)), "write");
	note("%d\twrite\tres=%ld\tdata=hello syscope.\t@fd=%s\n", me, n, data);

	must(syscall(SYS_close, fd), "close");
	note("%d\tclose\tres=0\n", me);

	fd = must(syscall(SYS_open, data, O_RDONLY), "open");
	note("%d\topen\tfd=%ld(<f>%s)\tname=%s\tflags=1(O_RDONLY)\tmode=0\t@fd=%s\n",
	     me, fd, data, data, data);

	char buf[64];
	n = must(syscall(SYS_read, fd, buf, sizeof buf), "read");
	if ((size_t)n != strlen(file_text) || memcmp(buf, file_text, (size_t)n) != 0) {
		fputs("live_workload: read back something else\n", stderr);
		exit(1);
	}
	note("%d\tread\tres=%ld\tdata=hello syscope.\t@fd=%s\n", me, n, data);

	must(syscall(SYS_close, fd), "close");
	note("%d\tclose\tres=0\n", me);

	must(syscall(SYS_rename, data, moved), "rename");
	note("%d\trename\tres=0\toldpath=%s\tnewpath=%s\n", me, data, moved);

	must(syscall(SYS_unlink, moved), "unlink");
	note("%d\tunlink\tres=0\tpath=%s\n", me, moved);
}

/* ----------------------------------------------------------- network */

static unsigned port_of(int fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	must(syscall(SYS_getsockname, fd, &sa, &len), "getsockname");
	note("%d\tgetsockname\n", tid());
	return ntohs(sa.sin_port);
}

static void exchange(int from, int to, const char *msg, const char *from_name,
		     const char *to_name)
{
	pid_t me = tid();
	size_t len = strlen(msg);
	long n = must(syscall(SYS_sendto, from, msg, len, 0, NULL, 0), "sendto");
	note("%d\tsendto\tres=%ld\tdata=%s\t@fd=%s\n", me, n, msg, from_name);

	char buf[64];
	n = must(syscall(SYS_recvfrom, to, buf, sizeof buf, 0, NULL, NULL), "recvfrom");
	if ((size_t)n != len || memcmp(buf, msg, len) != 0) {
		fputs("live_workload: received something else\n", stderr);
		exit(1);
	}
	note("%d\trecvfrom\tres=%ld\tdata=%s\t@fd=%s\n", me, n, msg, to_name);
}

static void network(void)
{
	pid_t me = tid();
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	long lfd = must(syscall(SYS_socket, AF_INET, SOCK_STREAM, 0), "socket");
	note("%d\tsocket\tfd=%ld(<4>)\n", me, lfd);
	must(syscall(SYS_bind, lfd, &sa, sizeof sa), "bind");
	note("%d\tbind\tres=0\taddr=127.0.0.1:0\n", me);
	must(syscall(SYS_listen, lfd, 4), "listen");
	note("%d\tlisten\tres=0\n", me);
	unsigned lport = port_of((int)lfd);

	long cfd = must(syscall(SYS_socket, AF_INET, SOCK_STREAM, 0), "socket");
	note("%d\tsocket\tfd=%ld(<4>)\n", me, cfd);
	sa.sin_port = htons((uint16_t)lport);
	must(syscall(SYS_connect, cfd, &sa, sizeof sa), "connect");
	/* The client's port is known only after the call: record it first and
	 * write the connect line after getsockname's, in call order. */
	char conn_note[128];
	snprintf(conn_note, sizeof conn_note, "%d\tconnect\tres=0", me);
	unsigned cport;
	{
		struct sockaddr_in ca;
		socklen_t len = sizeof ca;
		must(syscall(SYS_getsockname, cfd, &ca, &len), "getsockname");
		cport = ntohs(ca.sin_port);
	}
	char tuple[64];
	snprintf(tuple, sizeof tuple, "127.0.0.1:%u->127.0.0.1:%u", cport, lport);
	note("%s\ttuple=%s\t@fd=%s\n", conn_note, tuple, tuple);
	note("%d\tgetsockname\n", me);

	long sfd = must(syscall(SYS_accept, lfd, NULL, NULL), "accept");
	note("%d\taccept\tfd=%ld(<4t>%s)\ttuple=%s\t@fd=%s\n", me, sfd, tuple, tuple, tuple);
	note("# tcp client_port=%u server_port=%u\n", cport, lport);

	exchange((int)cfd, (int)sfd, "ping", tuple, tuple);
	exchange((int)sfd, (int)cfd, "pong", tuple, tuple);

	long fds[] = {cfd, sfd, lfd};
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		must(syscall(SYS_close, fds[i]), "close");
		note("%d\tclose\tres=0\n", me);
	}
}

/* -------------------------------------------------- pipe, dup2, memory */

static const char pipe_text[] = "through a pipe";

static void pipes_and_memory(void)
{
	pid_t me = tid();
	int p[2];
	must(syscall(SYS_pipe, p), "pipe");
	struct stat st;
	if (fstat(p[0], &st) != 0)
		die("fstat");
	note("%d\tpipe\tres=0\tfd1=%d(<p>)\tfd2=%d(<p>)\tino=%llu\n", me, p[0], p[1],
	     (unsigned long long)st.st_ino);

	long n = must(syscall(SYS_write, p[1], pipe_text, strlen(pipe_text)), "write");
	note("%d\twrite\tres=%ld\tdata=%s\n", me, n, pipe_text);
	char buf[64];
	n = must(syscall(SYS_read, p[0], buf, sizeof buf), "read");
	note("%d\tread\tres=%ld\tdata=%.*s\n", me, n, (int)n, buf);

	/* sysdig 0.29.3 routes dup2 to its dup event, which shows the new fd. */
	long d = must(syscall(SYS_dup2, p[0], 10), "dup2");
	note("%d\tdup\tres=%ld(<p>)\n", me, d);
	int fds[] = {10, p[0], p[1]};
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		must(syscall(SYS_close, fds[i]), "close");
		note("%d\tclose\tres=0\n", me);
	}

	size_t len = 1 << 16;
	long addr = syscall(SYS_mmap, NULL, len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr == -1)
		die("mmap");
	note("%d\tmmap\tres=%lX\n", me, (unsigned long)addr);
	must(syscall(SYS_munmap, addr, len), "munmap");
	note("%d\tmunmap\tres=0\n", me);
}

/* ------------------------------------------------------------ thread */

/* The thread runs on a static stack, created by a raw clone: no mmap for a
 * stack, no clone3.  It may only make raw system calls. */
static char thread_stack[1 << 16] __attribute__((aligned(16)));
static pid_t thread_tid;            /* CLONE_PARENT_SETTID / CHILD_CLEARTID */
static pid_t thread_reported_tid;
static long thread_fd = -1, thread_written = -1;
static const char thread_text[] = "from a thread\n";

static int thread_main(void *arg)
{
	const char *path = arg;
	thread_reported_tid = (pid_t)syscall(SYS_gettid);
	thread_fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (thread_fd >= 0) {
		thread_written = syscall(SYS_write, thread_fd, thread_text, sizeof thread_text - 1);
		syscall(SYS_close, thread_fd);
	}
	return 0;
}

static void thread(void)
{
	pid_t me = tid();
	static char path[PATH_MAX_LEN];
	path_of(path, "thread");
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	/* glibc's clone() wrapper makes the clone system call itself. */
	int t = clone(thread_main, thread_stack + sizeof thread_stack, flags, path,
		      &thread_tid, NULL, &thread_tid);
	if (t < 0)
		die("clone");
	/* The kernel clears thread_tid and wakes us when the thread is gone. */
	for (;;) {
		pid_t v = __atomic_load_n(&thread_tid, __ATOMIC_ACQUIRE);
		if (v == 0)
			break;
		syscall(SYS_futex, &thread_tid, FUTEX_WAIT, v, NULL, NULL, 0);
	}
	if (thread_fd < 0 || thread_written != (long)(sizeof thread_text - 1)) {
		fputs("live_workload: the thread's file calls failed\n", stderr);
		exit(1);
	}
	/* A PID result shows the comm of that thread: N(comm). */
	note("%d\tclone\tres=%d(live_workload)\tflags~CLONE_THREAD\n", me, t);
	/* PPM flags: O_TRUNC 0x100 | O_CREAT 0x4 | O_WRONLY 0x2 = 262. */
	note("%d\tclone\tres=0\n", thread_reported_tid);
	note("%d\topenat\tfd=%ld(<f>%s)\tname=%s\tflags=262(O_TRUNC|O_CREAT|O_WRONLY)"
	     "\tmode=0644\t@fd=%s\n",
	     thread_reported_tid, thread_fd, path, path, path);
	note("%d\twrite\tres=%ld\tdata=from a thread.\t@fd=%s\n", thread_reported_tid,
	     thread_written, path);
	note("%d\tclose\tres=0\n", thread_reported_tid);
	note("# thread tid=%d\n", thread_reported_tid);
}

/* ---------------------------------------------- signal, child process */

static volatile sig_atomic_t got_signal;

static void on_usr1(int sig)
{
	(void)sig;
	got_signal = 1;
}

static void signal_and_child(void)
{
	pid_t me = tid();
	must(syscall(SYS_kill, getpid(), SIGUSR1), "kill");
	if (!got_signal) {
		fputs("live_workload: SIGUSR1 was not delivered\n", stderr);
		exit(1);
	}
	note("%d\tkill\tres=0\n", me);

	/* glibc's fork() is a clone system call (SIGCHLD, child tid flags). */
	pid_t child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		char *argv[] = {"true", "live-child", NULL};
		char *envp[] = {"LIVE_WORKLOAD=child", NULL};
		syscall(SYS_execve, "/bin/true", argv, envp);
		_exit(127);
	}
	/* The child may exec before the parent's clone returns: its name in
	 * the parent's result is then already "true", as sysdig would show. */
	note("%d\tclone\tres~^%d\\((live_workload|true)\\)$\n", me, child);
	note("%d\tclone\tres=0\n", child);
	note("%d\texecve\tres=0\texe=true\targs=live-child.\tpid=%d(true)\n", child, child);
	int status;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fputs("live_workload: the child did not run /bin/true\n", stderr);
		exit(1);
	}
	note("%d\twait4\n", me);
	note("# child pid=%d\n", child);
}

/* -------------------------------------------------------------- main */

static void write_record(void)
{
	char path[PATH_MAX_LEN];
	path_of(path, "expected.tsv");
	FILE *f = fopen(path, "w");
	if (!f)
		die(path);
	if (fwrite(record, 1, record_len, f) != record_len || fclose(f) != 0)
		die(path);
}

int main(int argc, char **argv)
{
	if (argc != 2 || strlen(argv[1]) >= DIR_MAX - 16) {
		fputs("usage: live_workload DIR (a short path)\n", stderr);
		return 2;
	}
	snprintf(dir, sizeof dir, "%s", argv[1]);

	/* Everything that could make hidden calls inside the window happens
	 * here: the signal handler, stdio's buffers, the first malloc. */
	struct sigaction sa = {.sa_handler = on_usr1};
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		die("sigaction");
	free(malloc(4096));
	setvbuf(stderr, NULL, _IONBF, 0);

	/* The pid, for the tracer's filter (the test may start us under a
	 * wrapper such as strace, so $! is not our pid). */
	char pid_path[PATH_MAX_LEN], pid_tmp[PATH_MAX_LEN];
	path_of(pid_path, "pid");
	path_of(pid_tmp, "pid.tmp");
	FILE *pf = fopen(pid_tmp, "w");
	if (!pf || fprintf(pf, "%d\n", (int)getpid()) < 0 || fclose(pf) != 0 ||
	    rename(pid_tmp, pid_path) != 0)
		die(pid_path);

	char go[PATH_MAX_LEN], end[PATH_MAX_LEN];
	path_of(go, "go");
	path_of(end, "end");
	struct timespec pause = {0, 5 * 1000 * 1000};
	for (int i = 0; syscall(SYS_access, go, F_OK) != 0; i++) {
		if (i == 12000) {   /* 60 s: nobody is going to start us */
			fputs("live_workload: DIR/go never appeared\n", stderr);
			return 1;
		}
		nanosleep(&pause, NULL);
	}
	pid_t me = tid();
	note("# pid=%d\n", (int)getpid());
	note("%d\taccess\tres=0\tname=%s\n", me, go);

	files();
	network();
	pipes_and_memory();
	thread();
	signal_and_child();

	long rc = syscall(SYS_access, end, F_OK);
	if (rc != -1 || errno != ENOENT) {
		fputs("live_workload: DIR/end exists\n", stderr);
		return 1;
	}
	note("%d\taccess\tres=-2(ENOENT)\tname=%s\n", me, end);

	write_record();
	return 0;
}
