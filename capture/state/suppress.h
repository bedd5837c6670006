/* -U COMM: every event of the threads whose name is COMM, and of their
 * descendants, is dropped before anything else sees it (the state, the
 * filter, -n, -S, -w), as sysdig 0.29.3 does it in libscap:
 *
 *  - a set of suppressed tids is kept;
 *  - at the exit of clone, fork, vfork, clone3 (sysdig's current versions
 *    of them: ids 223, 225, 227, 335), execve (293) and execveat (331),
 *    the event's thread is suppressed when its parent (the ptid
 *    parameter) is in the set or its comm parameter is one of the names.
 *    A suppressed thread joins the set and the event is dropped; a thread
 *    of the set that no longer qualifies (it exec'd something else after
 *    its suppressed parent went away) leaves the set and the event is kept;
 *  - procexit (186) of a thread in the set takes it out, and is dropped;
 *  - every other event is dropped when its thread is in the set.
 * Older versions of those events (execve 231, clone 157, ...) change
 * nothing: sysdig does not look at them either.  On trace files the
 * process list is not put through the rule (sysdig does not either: a
 * process known only from it is shown until it forks or execs); live, the
 * /proc scan is (suppress_sink), and the drivers apply the same rule in
 * the kernel. */
#ifndef SYSCOPE_SUPPRESS_H
#define SYSCOPE_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "int_map.h"
#include "scap_reader.h"

#define SUPPRESS_COMMS_MAX 32 /* names given with -U */
#define SUPPRESS_COMM_LEN 15  /* bytes of a task name (the kernel's 16, NUL excluded) */

/* The names alone: what the options hold and the drivers are given. */
struct suppress_names {
	unsigned n;
	char comm[SUPPRESS_COMMS_MAX][SUPPRESS_COMM_LEN + 1]; /* NUL-padded */
};

/* Add one name; false with the reason in *why (a static string) when it
 * is empty, longer than a task name can be, or one too many. */
bool suppress_names_add(struct suppress_names *sn, const char *comm, const char **why);

struct suppress {
	struct suppress_names names;
	struct int_map tids;  /* the suppressed set; values are a non-NULL marker */
	uint64_t suppressed;  /* events dropped */
	bool failed;          /* a tid could not be added (out of memory) */
	/* suppress_sink: where the threads that are kept go. */
	struct scap_sink inner;
};

/* The names are copied; nothing is allocated until a tid joins the set. */
void suppress_init(struct suppress *s, const struct suppress_names *names);
/* Empties the set and the count (a new input file starts afresh). */
void suppress_reset(struct suppress *s);
void suppress_free(struct suppress *s);

static inline bool suppress_active(const struct suppress *s)
{
	return s && s->names.n > 0;
}

/* Whether comm (len bytes, or up to a NUL before them) is one of the names. */
bool suppress_comm_listed(const struct suppress_names *sn, const char *comm, size_t len);

/* Whether the rule reads events of this type (the exits of clone, fork,
 * vfork, clone3, execve, execveat in sysdig's versions). */
bool suppress_spawn_event(uint16_t type);

/* The rule for one thread that is created or exec'd: true when it is
 * suppressed.  Updates the set. */
bool suppress_thread(struct suppress *s, int64_t tid, int64_t ptid, const char *comm,
		     size_t comm_len);

/* Whether ev is dropped; counts it if so.  Call for every event, in order. */
bool suppress_event(struct suppress *s, const struct event *ev);

static inline bool suppress_has_tid(const struct suppress *s, int64_t tid)
{
	return int_map_get(&s->tids, tid) != NULL;
}

/* A sink that puts each thread of a /proc scan through suppress_thread
 * and hands inner only those kept, with their fds; the rest goes through.
 * s must outlive the sink; inner is copied. */
struct scap_sink suppress_sink(struct suppress *s, const struct scap_sink *inner);

#endif
