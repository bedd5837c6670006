/* -U in the kernel: what both live drivers are given to keep their own
 * suppressed set (the rule of capture/state/suppress.h): the names, and
 * which syscalls' exit events are those the rule reads, found from the
 * recipes, so the drivers need no list of syscall numbers of their own. */
#ifndef SYSCOPE_SUPPRESS_PLAN_H
#define SYSCOPE_SUPPRESS_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "suppress.h"

#define SUPPRESS_NR_MAX 512 /* x86-64 syscall numbers covered (RECIPE_NR_MAX) */

struct suppress_plan {
	unsigned ncomms; /* 0: no suppression */
	char comms[SUPPRESS_COMMS_MAX][SUPPRESS_COMM_LEN + 1]; /* NUL-padded */
	uint8_t spawn[SUPPRESS_NR_MAX]; /* 1: its exit event applies the rule */
};

/* From the -U names (NULL: none). */
void suppress_plan_build(const struct suppress_names *names, struct suppress_plan *p);

#endif
