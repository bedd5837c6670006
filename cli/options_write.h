/* The options of -w (writing trace files) and -M, parsed apart from the
 * rest of the command line (options.c hands their letters over). */
#ifndef SYSCOPE_OPTIONS_WRITE_H
#define SYSCOPE_OPTIONS_WRITE_H

#include <stdbool.h>

#include "options.h"

/* Long options of this group without a letter. */
enum { OPT_COMPRESSION = 256 };

/* Take one option of this group (w z F C G W e M, OPT_COMPRESSION).  false
 * after printing a message when its argument is wrong. */
bool options_write_arg(struct options *o, int c, const char *arg);

/* After all options: check how they combine and settle the compression;
 * -w implies -q.  false after printing a message. */
bool options_write_check(struct options *o);

#endif
