/* The options that decide what the process and user tables take in:
 * -E/--exclude-users, --filter-proclist and --large-environment. */
#ifndef SYSCOPE_OPTIONS_TABLES_H
#define SYSCOPE_OPTIONS_TABLES_H

#include <stdbool.h>

#include "options.h"

/* Long options of this group without a letter (and --libs-version). */
enum { OPT_FILTER_PROCLIST = 700, OPT_LARGE_ENVIRONMENT, OPT_LIBS_VERSION };

/* Take one option of this group ('E', OPT_FILTER_PROCLIST,
 * OPT_LARGE_ENVIRONMENT); none takes an argument. */
void options_tables_arg(struct options *o, int c);

/* After the filter is known: --filter-proclist needs -w and a filter.
 * false after printing a message. */
bool options_tables_check(const struct options *o);

#endif
