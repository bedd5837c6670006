/* The page_fault event (290, PAGE_FAULT_E: addr, ip, error) as both live
 * drivers write it with --page-faults, from the x86 tracepoints
 * exceptions:page_fault_user and exceptions:page_fault_kernel.
 *
 * `error` is not the hardware error code but the event table's pf_flags
 * (capture/event/flag_tables.tsv), as sysdig's drivers write it: the low
 * three bits of the code each choose one of two flags (so a reader always
 * sees which of the pair applied), the next two add a flag when set.
 *
 * Included by the eBPF program, the kernel module and the unit tests, so
 * it includes nothing and uses only C's own types. */
#ifndef SYSCOPE_PAGE_FAULT_H
#define SYSCOPE_PAGE_FAULT_H

#define PAGE_FAULT_EVENT 290   /* PAGE_FAULT_E */
#define PAGE_FAULT_NPARAMS 3   /* addr (8 bytes), ip (8), error (4) */

/* x86 error-code bit n → pf_flags when set / when clear (0: nothing). */
#define PAGE_FAULT_BITS 5
static const unsigned int page_fault_when_set[PAGE_FAULT_BITS] = {
	0x01, /* P: protection violation on a present page */
	0x04, /* W/R: write access */
	0x10, /* U/S: fault in user mode */
	0x40, /* RSVD: reserved bit set in a page-table entry */
	0x80, /* I/D: instruction fetch */
};
static const unsigned int page_fault_when_clear[PAGE_FAULT_BITS] = {
	0x02, /* page not present */
	0x08, /* read access */
	0x20, /* supervisor (kernel) mode */
	0,
	0,
};

static inline unsigned int page_fault_flags(unsigned long error_code)
{
	unsigned int flags = 0;

	for (int bit = 0; bit < PAGE_FAULT_BITS; bit++)
		flags |= (error_code >> bit) & 1 ? page_fault_when_set[bit]
						 : page_fault_when_clear[bit];
	return flags;
}

#endif
