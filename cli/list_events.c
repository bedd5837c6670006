/* syscope -L.  sysdig prints its own event table, so the list is a walk over
 * event_table with sysdig's rules for what to leave out and how to spell it. */
#include <stdbool.h>
#include <stdint.h>

#include "event_table.h"
#include "list_events.h"

/* sysdig hides events its drivers no longer emit (old versions), id slots
 * nothing emits (unused) and its own bookkeeping events (internal). */
static bool is_listed(const struct event_info *ei)
{
	return !(ei->flags & (EF_UNUSED | EF_OLD_VERSION)) && !(ei->category & EC_INTERNAL);
}

/* Only the parameters of sysdig 0.29.3's table: the ones newer drivers
 * append are not part of what it lists. */
static void print_event(FILE *out, uint16_t type, const struct event_info *ei)
{
	fprintf(out, "%c %s(", event_is_enter(type) ? '>' : '<', ei->name);
	for (unsigned i = 0; i < ei->nparams; i++) {
		const struct param_info *p = &ei->params[i];
		fprintf(out, "%s%s %s", i ? ", " : "", ptype_name((enum ptype)p->type), p->name);
	}
	fputs(")\n", out);
}

void list_events(FILE *out)
{
	for (uint16_t type = 0; type < EVENT_TYPE_MAX; type++) {
		const struct event_info *ei = &event_table[type];
		if (is_listed(ei))
			print_event(out, type, ei);
	}
}
