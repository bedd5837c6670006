/* What a live driver may drop in the kernel before an event reaches user
 * space: plain data the engines hand to their driver.  filters/pushdown.c
 * builds it from the user's filter (and explains the rules); the engines
 * only apply it, so they need nothing of the filter language. */
#ifndef SYSCOPE_KERNEL_PLAN_H
#define SYSCOPE_KERNEL_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#define PUSHDOWN_NR_MAX 512  /* x86-64 syscall numbers covered */
#define PUSHDOWN_VALUES 16   /* values per constraint; more: not pushed */
#define PUSHDOWN_COMM_LEN 16 /* kernel task name, NUL included */

struct pushdown_plan {
	bool all_syscalls;                 /* no restriction by syscall */
	bool page_faults;                  /* page_fault events may match */
	uint8_t syscall[PUSHDOWN_NR_MAX];  /* 1: record this syscall */
	unsigned ntgids, ntids, ncomms, nuids; /* 0: no constraint */
	uint32_t tgids[PUSHDOWN_VALUES];
	uint32_t tids[PUSHDOWN_VALUES];
	uint32_t uids[PUSHDOWN_VALUES];
	char comms[PUSHDOWN_VALUES][PUSHDOWN_COMM_LEN];
};

#endif
