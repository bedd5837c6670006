/* -U/--suppress-comm, parsed apart from the rest of the command line
 * (options.c hands it over). */
#ifndef SYSCOPE_OPTIONS_SUPPRESS_H
#define SYSCOPE_OPTIONS_SUPPRESS_H

#include <stdbool.h>

#include "options.h"

/* Add one -U name; false after printing a message when it cannot be one. */
bool options_suppress_arg(struct options *o, const char *arg);

#endif
