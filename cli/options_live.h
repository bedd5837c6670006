/* The options of live capture (-s, --enter-events, --buffer-size,
 * --page-faults, -T), parsed apart from the rest of the command line
 * (options.c hands them over). */
#ifndef SYSCOPE_OPTIONS_LIVE_H
#define SYSCOPE_OPTIONS_LIVE_H

#include <stdbool.h>

#include "options.h"

/* Long options of this group without a letter. */
enum { OPT_ENTER_EVENTS = 300, OPT_BUFFER_SIZE, OPT_PAGE_FAULTS };

/* Take one option of this group ('s', 'T', OPT_ENTER_EVENTS,
 * OPT_BUFFER_SIZE, OPT_PAGE_FAULTS).  false after printing a message when
 * its argument is wrong. */
bool options_live_arg(struct options *o, int c, const char *arg);

/* After all options: false after a message when an option that changes
 * what the driver captures is combined with -r. */
bool options_live_check(const struct options *o);

#endif
