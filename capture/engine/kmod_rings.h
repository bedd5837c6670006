/* Reading the kernel module's per-CPU rings (kmod/syscope_kmod.h) in
 * timestamp order, in place.  Kept apart from engine_kmod.c, which owns the
 * device and the mappings, so the merge can be tested on plain memory. */
#ifndef SYSCOPE_KMOD_RINGS_H
#define SYSCOPE_KMOD_RINGS_H

#include <stdint.h>

#include "syscope_kmod.h"

struct kring {
	const struct syscope_ring_info *info; /* written by the module */
	const uint8_t *data;  /* data_size bytes mapped twice in a row */
	uint32_t size;        /* data_size, a power of two */
	uint64_t pos;         /* next byte to read */
	uint64_t head;        /* the module's head when last looked at */
	uint64_t released;    /* tail last handed back to the module */
};

/* Hand the consumed part of ring i (everything before tail) back to the
 * module; returns 0 or -1. */
typedef int (*kring_release_fn)(void *ctx, unsigned ring, uint64_t tail);

struct kmerge {
	struct kring *rings;
	unsigned nrings;
	int last;          /* ring of the record handed out last, or -1 */
	uint32_t last_len;
	kring_release_fn release;
	void *release_ctx;
};

void kmerge_init(struct kmerge *m, struct kring *rings, unsigned nrings,
		 kring_release_fn release, void *ctx);

/* The oldest record not yet handed out, across all rings: returns 1 with
 * *rec, *len and *ring set, 0 when every ring is empty, -1 when a ring
 * holds something that is not a record (*why says what).  The record
 * stays valid until the next call, which gives its space back. */
int kmerge_next(struct kmerge *m, const uint8_t **rec, uint32_t *len, unsigned *ring,
		const char **why);

/* Give every consumed byte back to the module (before waiting). */
int kmerge_release_all(struct kmerge *m);

#endif
