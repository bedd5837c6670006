/* The options of live capture (-s, --enter-events, --buffer-size), parsed
 * apart from the rest of the command line (options.c hands them over). */
#ifndef SYSCOPE_OPTIONS_LIVE_H
#define SYSCOPE_OPTIONS_LIVE_H

#include <stdbool.h>

#include "options.h"

/* Long options of this group without a letter. */
enum { OPT_ENTER_EVENTS = 300, OPT_BUFFER_SIZE };

/* Take one option of this group ('s', OPT_ENTER_EVENTS, OPT_BUFFER_SIZE).
 * false after printing a message when its argument is wrong. */
bool options_live_arg(struct options *o, int c, const char *arg);

#endif
