/* syscall_storm: fixed amounts of cheap system calls, for bench/overhead.sh
 * (the cost a tracer adds to each call) and the live storm tests.
 *
 *   syscall_storm getppid N         N getppid calls
 *   syscall_storm pipe N            N rounds of a 1-byte write and a 1-byte
 *                                   read on a pipe (2N calls)
 *   syscall_storm storm SECONDS [RATE]
 *                                   getppid for SECONDS of wall time, at most
 *                                   RATE calls a second (0 or absent: as fast
 *                                   as it goes)
 *
 * Prints one line: "CALLS NS_PER_CALL", the number of system calls made and
 * the wall time each took on average.  Every call is checked, so a tracer
 * that breaks a call is noticed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int usage(void)
{
	fputs("usage: syscall_storm getppid N | pipe N | storm SECONDS [RATE]\n", stderr);
	return 2;
}

/* A positive count or duration; 0 on anything else. */
static uint64_t parse_count(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return 0;
	return v;
}

/* The raw call: glibc could answer getppid without the kernel one day. */
static void one_getppid(void)
{
	if (syscall(SYS_getppid) < 0) {
		perror("syscall_storm: getppid");
		exit(1);
	}
}

static uint64_t run_getppid(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		one_getppid();
	return n;
}

static uint64_t run_pipe(uint64_t n)
{
	int p[2];
	if (pipe(p) != 0) {
		perror("syscall_storm: pipe");
		exit(1);
	}
	char c = 'x';
	for (uint64_t i = 0; i < n; i++) {
		if (syscall(SYS_write, p[1], &c, 1) != 1 || syscall(SYS_read, p[0], &c, 1) != 1) {
			perror("syscall_storm: pipe write/read");
			exit(1);
		}
	}
	close(p[0]);
	close(p[1]);
	return 2 * n;
}

/* Calls in slices of 1 ms: each slice makes its share of RATE calls, then
 * sleeps to the slice's end, so the rate holds without a clock read per
 * call. */
static uint64_t run_storm(uint64_t seconds, uint64_t rate)
{
	uint64_t start = now_ns(), stop = start + seconds * 1000000000u;
	uint64_t calls = 0;
	if (rate == 0) {
		while (now_ns() < stop)
			calls += run_getppid(1000);
		return calls;
	}
	uint64_t per_slice = rate / 1000 ? rate / 1000 : 1;
	for (uint64_t slice = 1;; slice++) {
		calls += run_getppid(per_slice);
		uint64_t due = start + slice * 1000000u, t = now_ns();
		if (t >= stop)
			break;
		if (due > t) {
			struct timespec d = {0, (long)(due - t)};
			nanosleep(&d, NULL);
		}
	}
	return calls;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	uint64_t n = parse_count(argv[2]);
	if (n == 0)
		return usage();
	uint64_t t0 = now_ns(), calls;
	if (strcmp(argv[1], "getppid") == 0 && argc == 3)
		calls = run_getppid(n);
	else if (strcmp(argv[1], "pipe") == 0 && argc == 3)
		calls = run_pipe(n);
	else if (strcmp(argv[1], "storm") == 0 && argc <= 4) {
		uint64_t rate = 0;
		if (argc == 4 && strcmp(argv[3], "0") != 0 && (rate = parse_count(argv[3])) == 0)
			return usage();
		calls = run_storm(n, rate);
	} else
		return usage();
	uint64_t dt = now_ns() - t0;
	printf("%llu %.1f\n", (unsigned long long)calls, (double)dt / (double)calls);
	return 0;
}
