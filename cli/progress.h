/* -P: how much of the trace file has been read, on standard error, as a
 * percentage rewritten in place (sysdig's layout: two decimals after a
 * carriage return, a newline at the end). */
#ifndef SYSCOPE_PROGRESS_H
#define SYSCOPE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"

struct progress {
	FILE *out;          /* NULL: off */
	uint64_t countdown; /* events until the next look at the position */
	double shown;       /* the percentage last written, -1 for none */
};

void progress_init(struct progress *p, FILE *out);
/* Read the position; write the percentage if it changed enough. */
void progress_update(struct progress *p, const struct engine *eng);
/* After each event the engine delivered: every few thousand, an update.
 * Inline, as it runs for every event. */
static inline void progress_event(struct progress *p, const struct engine *eng)
{
	if (p->out && --p->countdown == 0)
		progress_update(p, eng);
}
/* At the end: the last percentage (100 when the whole file was read) and
 * the newline. */
void progress_finish(struct progress *p, const struct engine *eng, bool whole);

#endif
