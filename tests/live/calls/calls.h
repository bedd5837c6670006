/* live_calls: one known call of every syscall in capture/recipes/recipes.tsv, for
 * the live test that checks each parameter the drivers capture
 * (tests/live/calls.bats, tests/live/check_calls.py).
 *
 * The program follows live_workload's handshake (tests/live/workload.c):
 * it writes DIR/pid, waits for DIR/go, runs every case, ends with
 * access("DIR/end") (ENOENT) and writes DIR/expected.tsv.  Each case makes
 * its call through syscall(2), with arguments it chose, and records what
 * the event must show:
 *
 *   expect("openat", "openat", "fd=%ld(<f>%s)\tname=%s\t...", ...)
 *       the call under test: the checker requires a check for every
 *       parameter of its exit event, and of its enter event where that is
 *       captured (see check_calls.py for the check syntax: key=value,
 *       key~ERE, @fd=NAME, and the >/< prefixes for one side only);
 *   note_call("close", "res=0")
 *       an incidental call the case needs (set-up, clean-up): it must be
 *       in the capture too, with these checks, but need not name them all.
 *
 * Every call inside the window must be recorded, one way or the other: for
 * each thread and event type recorded, the checker wants exactly the
 * recorded calls.  Nothing in the window may allocate or use stdio.
 *
 * syscall(2) reads each argument as a long: an int given for the sixth
 * (passed on the stack) leaves its upper half to chance, and the drivers
 * record what the kernel got.  Write such arguments as longs (0L).
 */
#ifndef LIVE_CALLS_H
#define LIVE_CALLS_H

#include <stdarg.h>
#include <sys/types.h>

#define CALLS_PATH 320      /* room for DIR/name */
#define CALLS_COMM "live_calls" /* the program's name, as PID results show it */

struct call_case {
	const char *syscall;    /* its name in capture/recipes/recipes.tsv */
	void (*run)(void);
};

/* One family of cases per file, each array ending with {0}. */
extern const struct call_case file_cases[];
extern const struct call_case io_cases[];
extern const struct call_case net_cases[];
extern const struct call_case proc_cases[];

void expect(const char *syscall, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void note_call(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void comment(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

pid_t tid(void);
/* The result, or the end of the run with the call's name and errno: every
 * later expectation would be wrong otherwise. */
long must(long rc, const char *what);
__attribute__((noreturn)) void die(const char *what);
/* DIR/name into out (CALLS_PATH bytes). */
void path_of(char *out, const char *name);
const char *work_dir(void);
/* A device number in the encoding the dev parameters show (the kernel's
 * new_encode_dev: minor's low byte, major, then minor's high bits). */
unsigned long scap_dev(dev_t dev);

/* Runs fn(arg) in a child made by the fork system call and waits for it;
 * records the two fork exits (parent: the child's pid; child: 0).  The
 * child ends with exit_group(0) after fn, or fn's own exit status when it
 * calls child_exit().  Dies when the child exits otherwise. */
pid_t run_child(void (*fn)(void *), void *arg);
__attribute__((noreturn)) void child_exit(int status);

#endif
