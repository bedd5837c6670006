/* --driver: which kernel driver a live capture uses. */
#ifndef SYSCOPE_OPTIONS_DRIVER_H
#define SYSCOPE_OPTIONS_DRIVER_H

#include <stdbool.h>

#include "options.h"

enum { OPT_DRIVER = 400 };

/* Take --driver's argument (bpf or kmod); false after a message. */
bool options_driver_arg(struct options *o, const char *arg);

#endif
