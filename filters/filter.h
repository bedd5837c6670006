/* Public API of the filter language (sysdig syntax).
 *
 *   char err[256];
 *   struct filter *f = filter_compile("evt.type=open and proc.name=curl", err, sizeof(err));
 *   if (!f) { fprintf(stderr, "syscope: %s\n", err); exit(1); }
 *   ...
 *   if (filter_match(f, &ev, &ctx, st)) print it;
 *   filter_free(f);
 *
 * Compilation parses the text, type-checks every comparison against the
 * field registry (fields.h), converts the values once, and produces a
 * short bytecode program (vm.h).  Matching allocates nothing. */
#ifndef SYSCOPE_FILTER_H
#define SYSCOPE_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "event_table.h"

struct state;
struct evt_ctx;
struct filter;

/* Compile a filter.  On error returns NULL and writes
 * "filter error at column N: <what>" into err (N is 1-based).
 * Blank text compiles to a filter that matches every event. */
struct filter *filter_compile(const char *text, char *err, size_t errlen);

/* Does the event match?  ctx and st are what the state engine established
 * for this event (state_process_event); either may be NULL, in which case
 * the fields needing them are missing.  A filter must not be used by two
 * threads at once (it caches field values per event). */
bool filter_match(struct filter *f, const struct event *ev, const struct evt_ctx *ctx,
		  struct state *st);

void filter_free(struct filter *f);

/* Does the filter read a field with any of these flags (enum field_flags)?
 * The state can leave out what no field reads. */
bool filter_uses_flags(const struct filter *f, unsigned flags);
/* Does every field the filter reads pass ok()?  (A chisel's thread-table
 * filter may only read what a table entry has.) */
struct field_desc;
bool filter_fields_all(const struct filter *f, bool (*ok)(const struct field_desc *d));

/* The compiled program as text (fields, then one line per instruction);
 * malloc'd, for debugging (--dump-filter) and tests. */
char *filter_dump(const struct filter *f);

/* ---- kernel pushdown ----
 * The event types a filter can possibly match, worked out from its
 * evt.type tests through and/or/not.  A driver may drop every other type
 * before it reaches user space.  Generic syscalls (types 0/1) are included
 * when any syscall name the filter accepts could arrive as one. */
#define EVENT_TYPESET_WORDS ((EVENT_TYPE_MAX + 63) / 64)

struct event_typeset {
	uint64_t bits[EVENT_TYPESET_WORDS];
};

/* Fill *out; returns false when every type may match (no restriction). */
bool filter_event_types(const struct filter *f, struct event_typeset *out);

/* Can a generic event carrying this PPM_SC code match?  Meaningful when
 * filter_event_types() restricts the types; codes without a name share one
 * answer. */
bool filter_generic_sc(const struct filter *f, uint16_t code);

static inline bool event_typeset_has(const struct event_typeset *s, uint16_t type)
{
	return type < EVENT_TYPE_MAX && ((s->bits[type >> 6] >> (type & 63)) & 1);
}

#endif
