/* live_calls: the handshake, the shared record and the list of cases (see
 * calls.h).
 *
 *   live_calls DIR      run every case, recording into DIR/expected.tsv
 *   live_calls --list   print the syscalls the cases cover, one a line
 *                       (tests/meson.build compares them with the recipes)
 */
#include "calls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Built with -DCALLS_ONLY=net_cases, the program runs one family alone
 * (for working on it); the test build runs them all. */
#ifdef CALLS_ONLY
static const struct call_case *const families[] = {CALLS_ONLY};
#else
static const struct call_case *const families[] = {file_cases, io_cases, net_cases,
						   proc_cases};
#endif

#define DIR_MAX 256
#define RECORD_SIZE (1 << 20)

static char dir[DIR_MAX];

/* Children made by run_child record into the same buffer: it is a shared
 * mapping made before the window, with its length at its start. */
struct record {
	size_t len;
	char text[RECORD_SIZE];
};
static struct record *record;

__attribute__((noreturn)) void die(const char *what)
{
	fprintf(stderr, "live_calls: %s: %s\n", what, strerror(errno));
	exit(1);
}

long must(long rc, const char *what)
{
	if (rc < 0)
		die(what);
	return rc;
}

pid_t tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

const char *work_dir(void)
{
	return dir;
}

void path_of(char *out, const char *name)
{
	snprintf(out, CALLS_PATH, "%s/%s", dir, name);
}

unsigned long scap_dev(dev_t dev)
{
	unsigned long ma = major(dev), mi = minor(dev);
	return (mi & 0xff) | (ma << 8) | ((mi & ~0xfful) << 12);
}

static void append(const char *fmt, va_list ap)
{
	size_t room = sizeof record->text - record->len;
	int n = vsnprintf(record->text + record->len, room, fmt, ap);
	if (n < 0 || (size_t)n >= room) {
		fputs("live_calls: record buffer full\n", stderr);
		exit(1);
	}
	record->len += (size_t)n;
}

static void add(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	append(fmt, ap);
	va_end(ap);
}

void expect(const char *syscall, const char *type, const char *fmt, ...)
{
	add("%d\t%s@%s\t", tid(), type, syscall);
	va_list ap;
	va_start(ap, fmt);
	append(fmt, ap);
	va_end(ap);
	add("\n");
}

void note_call(const char *type, const char *fmt, ...)
{
	add("%d\t%s%s", tid(), type, *fmt ? "\t" : "");
	va_list ap;
	va_start(ap, fmt);
	append(fmt, ap);
	va_end(ap);
	add("\n");
}

void comment(const char *fmt, ...)
{
	add("# ");
	va_list ap;
	va_start(ap, fmt);
	append(fmt, ap);
	va_end(ap);
	add("\n");
}

__attribute__((noreturn)) void child_exit(int status)
{
	syscall(SYS_exit_group, status);
	_exit(status);
}

pid_t run_child(void (*fn)(void *), void *arg)
{
	pid_t parent = tid();
	long child = syscall(SYS_fork);
	if (child < 0)
		die("fork");
	if (child == 0) {
		note_call("fork", "res=0");
		fn(arg);
		child_exit(0);
	}
	int status;
	if (waitpid((pid_t)child, &status, 0) != child)
		die("waitpid");
	/* Recorded once the child is gone: both append to the one record, and
	 * its length is no lock.  The child's name in the result is the one it
	 * had when the parent's exit was made: still ours, unless it already
	 * ran an execve. */
	add("%d\tfork\tres~^%ld\\(\n", parent, child);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "live_calls: child %ld failed (status %#x)\n", child, status);
		exit(1);
	}
	return (pid_t)child;
}

static void list(void)
{
	for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
		for (const struct call_case *c = families[f]; c->syscall; c++)
			printf("%s\n", c->syscall);
}

static void write_record(void)
{
	char path[CALLS_PATH];
	path_of(path, "expected.tsv");
	FILE *f = fopen(path, "w");
	if (!f)
		die(path);
	if (fwrite(record->text, 1, record->len, f) != record->len || fclose(f) != 0)
		die(path);
}

static void write_pid(void)
{
	char pid_path[CALLS_PATH], pid_tmp[CALLS_PATH];
	path_of(pid_path, "pid");
	path_of(pid_tmp, "pid.tmp");
	FILE *pf = fopen(pid_tmp, "w");
	if (!pf || fprintf(pf, "%d\n", (int)getpid()) < 0 || fclose(pf) != 0 ||
	    rename(pid_tmp, pid_path) != 0)
		die(pid_path);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		list();
		return 0;
	}
	if (argc != 2 || strlen(argv[1]) >= DIR_MAX - 16) {
		fputs("usage: live_calls DIR (a short path) | live_calls --list\n", stderr);
		return 2;
	}
	snprintf(dir, sizeof dir, "%s", argv[1]);
	record = mmap(NULL, sizeof *record, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (record == MAP_FAILED)
		die("mmap");
	memset(record, 0, sizeof *record);  /* touched now, not inside the window */
	free(malloc(4096));
	setvbuf(stderr, NULL, _IONBF, 0);
	write_pid();

	char go[CALLS_PATH], end[CALLS_PATH];
	path_of(go, "go");
	path_of(end, "end");
	struct timespec pause = {0, 5 * 1000 * 1000};
	for (int i = 0; syscall(SYS_access, go, 0) != 0; i++) {
		if (i == 12000) {
			fputs("live_calls: DIR/go never appeared\n", stderr);
			return 1;
		}
		nanosleep(&pause, NULL);
	}
	comment("pid=%d", (int)getpid());
	note_call("access", "res=0\tname=%s", go);

	for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
		for (const struct call_case *c = families[f]; c->syscall; c++) {
			comment("case %s", c->syscall);
			c->run();
		}

	long rc = syscall(SYS_access, end, 0);
	if (rc != -1 || errno != ENOENT) {
		fputs("live_calls: DIR/end exists\n", stderr);
		return 1;
	}
	note_call("access", "res=-2(ENOENT)\tname=%s", end);
	write_record();
	return 0;
}
