/* The output options of the command line (-p, -j, -l, -S, -d, -P, -R, --unbuffered), parsed apart
 * from the rest (options.c hands their letters over). */
#ifndef SYSCOPE_OPTIONS_OUTPUT_H
#define SYSCOPE_OPTIONS_OUTPUT_H

#include <stdbool.h>

#include "options.h"

/* Long options of this group without a letter. */
enum { OPT_UNBUFFERED = 500, OPT_LIST_MARKDOWN };

/* Take one option of this group (p j l S d P R N, OPT_UNBUFFERED, OPT_LIST_MARKDOWN).  false after printing a message when its
 * argument is wrong. */
bool options_output_arg(struct options *o, int c, const char *arg);

/* After all options: -P needs a file; -r with -w turns it on when stderr
 * is a terminal.  false after printing a message. */
bool options_output_check(struct options *o);

/* The -p format to use, or NULL for the default line: -pc names the
 * container preset, -j without -p the default line's fields. */
const char *options_output_format(const struct options *o, bool tty);

#endif
