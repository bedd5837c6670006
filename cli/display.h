/* What a run shows: the default line, a -p format or -j JSON lines, and
 * the -S summary at the end.  main.c drives it; the printer does the
 * writing. */
#ifndef SYSCOPE_DISPLAY_H
#define SYSCOPE_DISPLAY_H

#include <stdbool.h>

#include "format.h"
#include "print_event.h"
#include "summary.h"

struct display {
	struct format *fmt;      /* -p / -j, or NULL for the default line */
	struct summary *summary; /* -S, or NULL */
	bool json;
};

/* Compile the format text (NULL: the default line) and prepare -S.
 * Returns false after printing "syscope: ..." on stderr. */
bool display_open(struct display *d, const char *format, bool json, bool summary);

/* Hand the display's settings to the printer (after printer_init): the
 * format, and whether a colour reset is due at the end. */
void display_attach(struct display *d, struct printer *p);

/* Does the -p/-j format print a field with any of these flags? */
bool display_uses_flags(const struct display *d, unsigned flags);

/* An event that passed the filter: counted for -S, internal ones too, but
 * not the state-only records of a file (sysdig never delivers those). */
static inline void display_count(struct display *d, const struct event *ev)
{
	if (d->summary && !(ev->dump_flags & SCAP_DF_STATE_ONLY))
		summary_add(d->summary, ev);
}

/* Print a visible event; -t D measures from the last line printed. */
void display_event(struct display *d, struct printer *p, const struct event *ev,
		   const struct evt_ctx *ctx, struct state *st);

/* At the end of the run, after the events: the -S table.  false if it
 * could not be written. */
bool display_finish(struct display *d);

void display_close(struct display *d);

#endif
