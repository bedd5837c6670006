/* Kernel pushdown: what a live driver may drop before an event reaches
 * user space (struct pushdown_plan, capture/engine/kernel_plan.h), derived
 * from the user's filter.
 *
 * The full filter still runs on every event that arrives, so a plan only
 * has to let through a superset of what can match.  It is built to be
 * conservative:
 *  - syscalls: those whose event types the filter can match (evt.type
 *    tests, filter_event_types()), plus every syscall whose event changes
 *    the state (creates or closes fds, names sockets, forks, execs, changes
 *    ids or the cwd), so the tables stay right for the events shown;
 *    generic syscalls by the name their generic event carries;
 *    process exits always pass;
 *  - page faults (with --page-faults): only when the filter's event types
 *    can include page_fault;
 *  - processes: proc.pid, thread.tid, proc.name and user.uid compared with
 *    `=`/`==` or `in`, when the comparison is the whole filter or one of
 *    the operands of its top-level `and`.  proc.name is compared with the
 *    thread's and its process's kernel name (15 characters; a longer value
 *    is not pushed), user.uid with the real and the effective uid.
 * Anything else (or, not, other fields and operators) is left to user
 * space. */
#ifndef SYSCOPE_PUSHDOWN_H
#define SYSCOPE_PUSHDOWN_H

#include <stdbool.h>
#include <stdint.h>

#include "filter.h"
#include "kernel_plan.h"

/* Build the plan for a filter: `text` as the user wrote it and `compiled`
 * its compiled form (both NULL: no filter, nothing is dropped).
 * enter_events: the driver also emits enter events, whose types count. */
void pushdown_plan_build(const char *text, const struct filter *compiled, bool enter_events,
			 struct pushdown_plan *out);

/* How many syscalls of 0..PUSHDOWN_NR_MAX-1 the plan records. */
unsigned pushdown_syscall_count(const struct pushdown_plan *p);

#endif
