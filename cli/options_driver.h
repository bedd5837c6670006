/* --driver: which kernel driver a live capture uses. */
#ifndef SYSCOPE_OPTIONS_DRIVER_H
#define SYSCOPE_OPTIONS_DRIVER_H

#include <stdbool.h>

#include "options.h"

enum { OPT_DRIVER = 400, OPT_DRIVER_INFO };

/* Take --driver's argument (bpf or kmod); false after a message. */
bool options_driver_arg(struct options *o, const char *arg);

/* --driver-info: load the eBPF driver with the live options and the
 * filter's pushdown, print what each program cost the kernel's verifier,
 * unload it.  Returns the exit status (1 after a message). */
int driver_info(const struct options *o);

#endif
