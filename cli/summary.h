/* -S: how many events of each type and direction passed the filter,
 * printed as sysdig's table at the end of the run. */
#ifndef SYSCOPE_SUMMARY_H
#define SYSCOPE_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "event.h"

struct summary;

struct summary *summary_new(void);
void summary_free(struct summary *s);

/* Count one event (internal ones too; generic events under their
 * system call's name). */
void summary_add(struct summary *s, const struct event *ev);

/* The table: a rule, "Event  #Calls", a rule, then one line per event
 * type and direction by count, largest first, at most 100 lines.
 * Returns false if the output could not be written. */
bool summary_print(const struct summary *s, FILE *out);

#endif
