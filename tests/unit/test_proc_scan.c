/* The /proc scan on live processes: a child (this program re-executed with
 * a known argv and environment) opens one fd of every kind, changes
 * directory, names itself and starts a thread; the scan must report each
 * as the child knows it.  Then a scan of the whole /proc must find this
 * process, and a gone process must be reported as gone. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "proc_recorder.h"
#include "proc_scan.h"
#include "state.h"

#define REPORT_FD 100 /* child -> parent */
#define GO_FD 101     /* parent -> child: close to let it exit */

enum kind { K_FILE, K_PIPE_R, K_PIPE_W, K_LISTEN, K_CLIENT, K_ACCEPTED, K_UDP, K_UNIX, K_EVENT,
	    K_SIGNAL, K_TIMER, K_EPOLL, K_INOTIFY, K_PIDFD, K_MEMFD, K_DIR, K_NETLINK, K_V6,
	    K_COUNT };

struct report {
	int fd[K_COUNT];
	uint64_t ino[K_COUNT];
	unsigned int file_major, file_minor;
	uint16_t lport, cport, uport, udport, v6port;
	int thread_tid;
	uint64_t fdlimit;
};

/* ---- the child --------------------------------------------------------- */

static atomic_int worker_tid;

static void *worker(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "worker (1)");
	atomic_store(&worker_tid, (int)syscall(SYS_gettid));
	for (;;)
		pause();
	return NULL;
}

static int tcp_listener(uint16_t *port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4) ||
	    getsockname(s, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	return s;
}

static uint16_t local_port(int s)
{
	struct sockaddr_storage a;
	socklen_t len = sizeof a;
	if (getsockname(s, (struct sockaddr *)&a, &len))
		return 0;
	return a.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&a)->sin6_port)
				       : ntohs(((struct sockaddr_in *)&a)->sin_port);
}

static void open_sockets(struct report *r, const char *dir)
{
	r->fd[K_LISTEN] = tcp_listener(&r->lport);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(r->lport),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	r->fd[K_CLIENT] = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(r->fd[K_CLIENT], (struct sockaddr *)&to, sizeof to) == 0) {
		r->cport = local_port(r->fd[K_CLIENT]);
		r->fd[K_ACCEPTED] = accept(r->fd[K_LISTEN], NULL, NULL);
	}
	r->fd[K_UDP] = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ua = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in ut = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(r->fd[K_UDP], (struct sockaddr *)&ua, sizeof ua) == 0 &&
	    connect(r->fd[K_UDP], (struct sockaddr *)&ut, sizeof ut) == 0) {
		r->uport = local_port(r->fd[K_UDP]);
		r->udport = 9;
	}
	r->fd[K_UNIX] = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	snprintf(un.sun_path, sizeof un.sun_path, "%s/sock", dir);
	if (bind(r->fd[K_UNIX], (struct sockaddr *)&un, sizeof un) || listen(r->fd[K_UNIX], 1))
		r->fd[K_UNIX] = -1;
	r->fd[K_NETLINK] = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	if (r->fd[K_NETLINK] >= 0 && bind(r->fd[K_NETLINK], (struct sockaddr *)&nl, sizeof nl))
		r->fd[K_NETLINK] = -1;
	/* IPv6 may be off: then the check is skipped. */
	r->fd[K_V6] = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	if (r->fd[K_V6] >= 0 && (bind(r->fd[K_V6], (struct sockaddr *)&a6, sizeof a6) ||
				 listen(r->fd[K_V6], 1)))
		r->fd[K_V6] = -1;
	r->v6port = r->fd[K_V6] >= 0 ? local_port(r->fd[K_V6]) : 0;
}

static int child_main(const char *dir)
{
	struct report r;
	memset(&r, 0, sizeof r);
	for (int k = 0; k < K_COUNT; k++)
		r.fd[k] = -1;
	prctl(PR_SET_NAME, "scan child");
	if (chdir(dir) != 0)
		return 1;
	r.fd[K_FILE] = open("known.txt", O_RDONLY | O_CLOEXEC);
	int p[2];
	if (pipe(p) == 0) {
		r.fd[K_PIPE_R] = p[0];
		r.fd[K_PIPE_W] = p[1];
	}
	open_sockets(&r, dir);
	r.fd[K_EVENT] = eventfd(0, 0);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	r.fd[K_SIGNAL] = signalfd(-1, &mask, 0);
	r.fd[K_TIMER] = timerfd_create(CLOCK_MONOTONIC, 0);
	r.fd[K_EPOLL] = epoll_create1(0);
	r.fd[K_INOTIFY] = inotify_init1(0);
	r.fd[K_PIDFD] = (int)syscall(SYS_pidfd_open, getpid(), 0);
	r.fd[K_MEMFD] = memfd_create("scanmem", 0);
	r.fd[K_DIR] = open(dir, O_RDONLY | O_DIRECTORY);
	for (int k = 0; k < K_COUNT; k++) {
		struct stat st;
		if (r.fd[k] >= 0 && fstat(r.fd[k], &st) == 0) {
			r.ino[k] = st.st_ino;
			if (k == K_FILE) {
				r.file_major = major(st.st_dev);
				r.file_minor = minor(st.st_dev);
			}
		}
	}
	pthread_t th;
	if (pthread_create(&th, NULL, worker, NULL) == 0)
		while (!atomic_load(&worker_tid))
			sched_yield();
	r.thread_tid = atomic_load(&worker_tid);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		r.fdlimit = rl.rlim_cur;
	if (write(REPORT_FD, &r, sizeof r) != (ssize_t)sizeof r)
		return 1;
	char c;
	while (read(GO_FD, &c, 1) < 0 && errno == EINTR)
		;
	return 0;
}

/* ---- the parent -------------------------------------------------------- */

static char tmpdir[PATH_MAX];
static char self_path[PATH_MAX]; /* this program, for the child to run */

static pid_t start_child(int *rep_rd, int *go_wr)
{
	int rep[2], go[2];
	if (pipe(rep) || pipe(go))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(rep[1], REPORT_FD);
		dup2(go[0], GO_FD);
		close(rep[0]);
		close(rep[1]);
		close(go[0]);
		close(go[1]);
		char *argv[] = { "proc-scan-child", "--child", "arg two", tmpdir, NULL };
		char *envp[] = { "PROC_SCAN_MARK=hello", "LANG=C", NULL };
		execve(self_path, argv, envp);
		_exit(127);
	}
	close(rep[1]);
	close(go[0]);
	*rep_rd = rep[0];
	*go_wr = go[1];
	return pid;
}

static bool read_report(int fd, struct report *r)
{
	size_t got = 0;
	while (got < sizeof *r) {
		ssize_t n = read(fd, (char *)r + got, sizeof *r - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

static const uint8_t lo4[4] = { 127, 0, 0, 1 };

static void check_fd_kind(const struct recorder *rec, pid_t pid, const struct report *r, enum kind k,
			  uint8_t type, const char *name)
{
	if (r->fd[k] < 0) {
		fprintf(stderr, "    (fd kind %d not available here: skipped)\n", (int)k);
		return;
	}
	const struct rec_fd *f = rec_fd(rec, pid, r->fd[k]);
	if (!CHECK(f != NULL)) {
		fprintf(stderr, "    fd %d (kind %d) missing\n", r->fd[k], (int)k);
		return;
	}
	CHECK_INTEQ(f->fi.type, type);
	if (name)
		CHECK_STREQ(f->name.s, name);
	if (r->ino[k] && type != SCAP_FD_EVENT && type != SCAP_FD_SIGNALFD &&
	    type != SCAP_FD_TIMERFD && type != SCAP_FD_EVENTPOLL && type != SCAP_FD_INOTIFY)
		CHECK_INTEQ(f->fi.ino, r->ino[k]);
}

static void check_threads(const struct recorder *rec, pid_t pid, const struct report *r)
{
	const struct rec_thread *m = rec_thread(rec, pid);
	if (!CHECK(m != NULL))
		return;
	CHECK_INTEQ(m->pi.pid, pid);
	CHECK_INTEQ(m->pi.ptid, getpid());
	CHECK_INTEQ(m->pi.sid, getsid(0));
	CHECK_INTEQ(m->pi.vpgid, getpgrp());
	CHECK_INTEQ(m->pi.flags, 0);
	CHECK_STREQ(m->comm.s, "scan child");
	CHECK_STREQ(m->exe.s, "proc-scan-child");
	char want_args[PATH_MAX + 32];
	int n = snprintf(want_args, sizeof want_args, "--child%carg two%c%s%c", 0, 0, tmpdir, 0);
	CHECK_INTEQ(m->args.len, n);
	CHECK_MEMEQ(m->args.s, want_args, (size_t)n);
	static const char want_env[] = "PROC_SCAN_MARK=hello\0LANG=C";
	CHECK_INTEQ(m->env.len, sizeof want_env);
	CHECK_MEMEQ(m->env.s, want_env, sizeof want_env);
	CHECK_STREQ(m->exepath.s, self_path);
	CHECK_STREQ(m->cwd.s, tmpdir);
	CHECK_STREQ(m->root.s, "/");
	CHECK_INTEQ(m->pi.uid, geteuid());
	CHECK_INTEQ(m->pi.gid, getegid());
	CHECK_INTEQ(m->pi.fdlimit, r->fdlimit);
	CHECK(m->pi.vmsize_kb > 0 && m->pi.vmrss_kb > 0);
	CHECK(m->pi.pfminor > 0);
	CHECK(m->pi.vtid > 0 && m->pi.vtid == m->pi.vpid);
	/* The loginuid the child inherited from us. */
	FILE *f = fopen("/proc/self/loginuid", "r");
	unsigned long lu = UINT32_MAX;
	if (f) {
		if (fscanf(f, "%lu", &lu) != 1)
			lu = UINT32_MAX;
		fclose(f);
	}
	CHECK_INTEQ(m->pi.loginuid, (uint32_t)lu);
	/* Every cgroup item is "subsys=path" and the list ends with a NUL. */
	CHECK(m->cgroups.len == 0 || m->cgroups.s[m->cgroups.len - 1] == '\0');
	for (uint32_t i = 0; i < m->cgroups.len; i += (uint32_t)strlen(m->cgroups.s + i) + 1)
		CHECK(strchr(m->cgroups.s + i, '=') != NULL);

	const struct rec_thread *t = rec_thread(rec, r->thread_tid);
	if (!CHECK(r->thread_tid > 0 && t != NULL))
		return;
	CHECK_INTEQ(t->pi.pid, pid);
	CHECK_INTEQ(t->pi.ptid, getpid());
	CHECK_INTEQ(t->pi.flags, PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES);
	CHECK_STREQ(t->comm.s, "worker (1)");
	CHECK_STREQ(t->exe.s, "proc-scan-child");
	CHECK_STREQ(t->cwd.s, tmpdir);
	CHECK_INTEQ(t->pi.vpid, m->pi.vpid);
	CHECK(t->pi.vtid > 0 && t->pi.vtid != t->pi.vpid);
	CHECK_INTEQ(rec_fd_count(rec, r->thread_tid), 0); /* it shares the process's */
	/* The main thread comes first: the state needs it before its threads. */
	CHECK(rec->threads[0].pi.tid == pid);
}

static void check_inet(const struct recorder *rec, pid_t pid, const struct report *r)
{
	const struct rec_fd *f = rec_fd(rec, pid, r->fd[K_LISTEN]);
	if (CHECK(f && f->fi.type == SCAP_FD_IPV4_SERVSOCK)) {
		CHECK_MEMEQ(f->fi.sip, lo4, 4);
		CHECK_INTEQ(f->fi.sport, r->lport);
		CHECK_INTEQ(f->fi.l4proto, SCAP_L4_TCP);
	}
	f = rec_fd(rec, pid, r->fd[K_CLIENT]);
	if (CHECK(f && f->fi.type == SCAP_FD_IPV4_SOCK)) {
		CHECK_MEMEQ(f->fi.sip, lo4, 4);
		CHECK_MEMEQ(f->fi.dip, lo4, 4);
		CHECK_INTEQ(f->fi.sport, r->cport);
		CHECK_INTEQ(f->fi.dport, r->lport);
		CHECK_INTEQ(f->fi.l4proto, SCAP_L4_TCP);
	}
	f = rec_fd(rec, pid, r->fd[K_ACCEPTED]);
	if (CHECK(f && f->fi.type == SCAP_FD_IPV4_SOCK)) {
		CHECK_INTEQ(f->fi.sport, r->lport);
		CHECK_INTEQ(f->fi.dport, r->cport);
	}
	f = rec_fd(rec, pid, r->fd[K_UDP]);
	if (CHECK(f && f->fi.type == SCAP_FD_IPV4_SOCK)) {
		CHECK_INTEQ(f->fi.l4proto, SCAP_L4_UDP);
		CHECK_INTEQ(f->fi.sport, r->uport);
		CHECK_INTEQ(f->fi.dport, r->udport);
		CHECK_MEMEQ(f->fi.dip, lo4, 4);
	}
	if (r->fd[K_V6] >= 0) {
		static const uint8_t lo6[16] = { [15] = 1 };
		f = rec_fd(rec, pid, r->fd[K_V6]);
		if (CHECK(f && f->fi.type == SCAP_FD_IPV6_SERVSOCK)) {
			CHECK_MEMEQ(f->fi.sip, lo6, 16);
			CHECK_INTEQ(f->fi.sport, r->v6port);
			CHECK_INTEQ(f->fi.l4proto, SCAP_L4_TCP);
		}
	}
}

static void check_fds(const struct recorder *rec, pid_t pid, const struct report *r)
{
	char path[PATH_MAX + 16];
	for (int k = 0; k <= K_UNIX; k++)
		CHECK(r->fd[k] >= 0); /* the kinds every Linux has */
	snprintf(path, sizeof path, "%s/known.txt", tmpdir);
	check_fd_kind(rec, pid, r, K_FILE, SCAP_FD_FILE_V2, path);
	const struct rec_fd *f = rec_fd(rec, pid, r->fd[K_FILE]);
	if (f) {
		/* O_RDONLY|O_CLOEXEC; the kernel adds O_LARGEFILE on 64-bit. */
		CHECK_INTEQ(f->fi.open_flags & ~0x800u, 0x1001);
		CHECK_INTEQ(f->fi.dev, (r->file_minor & 0xff) | (r->file_major << 8) |
					       ((r->file_minor & ~0xffu) << 12));
	}
	snprintf(path, sizeof path, "pipe:[%llu]", (unsigned long long)r->ino[K_PIPE_R]);
	check_fd_kind(rec, pid, r, K_PIPE_R, SCAP_FD_FIFO, path);
	check_fd_kind(rec, pid, r, K_PIPE_W, SCAP_FD_FIFO, path);
	check_inet(rec, pid, r);
	snprintf(path, sizeof path, "%s/sock", tmpdir);
	check_fd_kind(rec, pid, r, K_UNIX, SCAP_FD_UNIX_SOCK, path);
	check_fd_kind(rec, pid, r, K_EVENT, SCAP_FD_EVENT, "");
	check_fd_kind(rec, pid, r, K_SIGNAL, SCAP_FD_SIGNALFD, "");
	check_fd_kind(rec, pid, r, K_TIMER, SCAP_FD_TIMERFD, "");
	check_fd_kind(rec, pid, r, K_EPOLL, SCAP_FD_EVENTPOLL, "");
	check_fd_kind(rec, pid, r, K_INOTIFY, SCAP_FD_INOTIFY, "");
	check_fd_kind(rec, pid, r, K_PIDFD, SCAP_FD_PIDFD, "");
	check_fd_kind(rec, pid, r, K_MEMFD, SCAP_FD_MEMFD, "/memfd:scanmem (deleted)");
	check_fd_kind(rec, pid, r, K_DIR, SCAP_FD_DIRECTORY, tmpdir);
	check_fd_kind(rec, pid, r, K_NETLINK, SCAP_FD_NETLINK, "");
	f = rec_fd(rec, pid, REPORT_FD);
	CHECK(f && f->fi.type == SCAP_FD_FIFO);
}

/* The same records through the state: names resolve, threads share fds. */
static void check_state(struct state *st, pid_t pid, const struct report *r)
{
	struct thread *m = state_find_thread(st, pid);
	if (!CHECK(m != NULL))
		return;
	CHECK_STREQ(m->comm, "scan child");
	char cwd[PATH_MAX + 2];
	snprintf(cwd, sizeof cwd, "%s/", tmpdir);
	CHECK_STREQ(m->cwd, cwd);
	struct thread *t = state_find_thread(st, r->thread_tid);
	if (!CHECK(t != NULL))
		return;
	struct fd_entry *e = fd_table_find(state_thread_fds(st, t), r->fd[K_FILE]);
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/known.txt", tmpdir);
	if (CHECK(e != NULL))
		CHECK_STREQ(e->name, path);
}

static void scan_live_child(void)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/known.txt", tmpdir);
	FILE *kf = fopen(path, "w");
	if (!CHECK(kf != NULL))
		return;
	fputs("known\n", kf);
	fclose(kf);

	int rep = -1, go = -1;
	pid_t pid = start_child(&rep, &go);
	struct report r;
	if (!CHECK(pid > 0 && read_report(rep, &r))) {
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		unlink(path);
		return;
	}
	struct state *st = state_new();
	struct scap_sink ssink = state_sink(st);
	struct recorder rec = { .next = &ssink };
	struct scap_sink sink = recorder_sink(&rec);
	CHECK_INTEQ(proc_scan_pid(pid, &sink), 0);
	check_threads(&rec, pid, &r);
	check_fds(&rec, pid, &r);
	check_state(st, pid, &r);
	CHECK_INTEQ(rec.nmachines + rec.nusers + rec.nifaces, 0); /* one process only */

	/* A thread id finds its whole process. */
	struct recorder rec2 = { 0 };
	struct scap_sink sink2 = recorder_sink(&rec2);
	CHECK_INTEQ(proc_scan_pid(r.thread_tid, &sink2), 0);
	CHECK_INTEQ(rec2.nthreads, rec.nthreads);
	CHECK_INTEQ(rec2.nfds, rec.nfds);

	close(go);
	close(rep);
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	recorder_free(&rec);
	recorder_free(&rec2);
	state_free(st);
	unlink(path);
	snprintf(path, sizeof path, "%s/sock", tmpdir);
	unlink(path);
}

/* A whole scan finds this process with its fds, and a machine record. */
static void scan_everything(void)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/mine.txt", tmpdir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	struct recorder rec = { 0 };
	struct scap_sink sink = recorder_sink(&rec);
	char err[256] = "";
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	int rc = proc_scan(&sink, err, sizeof err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK_INTEQ(rc, 0);
	/* Our own name, as the kernel has it (under valgrind it is not ours). */
	char comm[64] = "";
	FILE *cf = fopen("/proc/self/comm", "r");
	if (cf) {
		if (!fgets(comm, sizeof comm, cf))
			comm[0] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
		fclose(cf);
	}
	const struct rec_thread *me = rec_thread(&rec, getpid());
	if (CHECK(me != NULL))
		CHECK_STREQ(me->comm.s, comm);
	const struct rec_fd *f = rec_fd(&rec, getpid(), fd);
	if (CHECK(f != NULL)) {
		CHECK_STREQ(f->name.s, path);
		/* O_WRONLY|O_APPEND: the kernel keeps no O_CREAT/O_TRUNC after open. */
		CHECK_INTEQ(f->fi.open_flags & ~0x800u, 0x2 | 0x8);
	}
	CHECK_INTEQ(rec.nmachines, 1);
	CHECK(rec.machine.num_cpus >= 1 && rec.machine.memory_bytes > 0 && rec.machine.max_pid > 0);
	CHECK(rec.machine.boot_ts > 1000000000ull * 1000000000ull); /* after 2001 */
	CHECK(rec.nusers > 0 && rec.ngroups > 0);
	CHECK(rec.saw_loopback_v4);
	printf("proc_scan: %zu threads, %zu fds, %zu users, %zu groups, %zu interface addresses "
	       "in %.2f ms\n",
	       rec.nthreads, rec.nfds, rec.nusers, rec.ngroups, rec.nifaces,
	       (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	recorder_free(&rec);
	close(fd);
	unlink(path);
}

static void gone_is_gone(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	struct recorder rec = { 0 };
	struct scap_sink sink = recorder_sink(&rec);
	CHECK_INTEQ(proc_scan_pid(pid, &sink), -1);
	CHECK_INTEQ(rec.nthreads + rec.nfds, 0);
	CHECK_INTEQ(proc_scan_pid(-5, &sink), -1);
	char err[256] = "";
	CHECK_INTEQ(proc_scan_root("/nonexistent/proc", &sink, err, sizeof err), -1);
	CHECK(strstr(err, "/nonexistent/proc") != NULL);
	recorder_free(&rec);
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "--child") == 0)
		return child_main(argv[3]);
	char tmpl[] = "/tmp/proc_scan_XXXXXX";
	if (!realpath(argv[0], self_path)) {
		perror(argv[0]);
		return 1;
	}
	if (!mkdtemp(tmpl) || !realpath(tmpl, tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	scan_live_child();
	scan_everything();
	gone_is_gone();
	rmdir(tmpdir);
	return check_summary();
}
