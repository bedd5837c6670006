/* The chisel options: -c/--chisel NAME [ARGS], -cl/--list-chisels and
 * -i/--chisel-info NAME (chisels/runtime/chisel.h runs them). */
#ifndef SYSCOPE_OPTIONS_CHISEL_H
#define SYSCOPE_OPTIONS_CHISEL_H

#include <stdbool.h>

#include "options.h"

enum { OPT_LIST_CHISELS = 750 };

/* -c NAME: load the chisel now (its args decide whether argv[*optind] is
 * its argument word, which is then consumed); -cl lists.  false after
 * printing a message. */
bool options_chisel_arg(struct options *o, const char *name, int argc, char **argv, int *optind);

void options_chisel_free(struct options *o);

#endif
