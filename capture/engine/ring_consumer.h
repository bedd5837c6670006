/* Reading BPF ring buffers in place, and merging several of them by time.
 *
 * A BPF_MAP_TYPE_RINGBUF is mapped as a consumer page (read-write), then a
 * producer page and the data area, which the kernel maps twice in a row so
 * that a record wrapping around the end is contiguous.  Each record starts
 * with an 8-byte header: u32 length (bit 31: still being written, bit 30:
 * discarded) and u32 page offset; records are 8-byte aligned.
 *
 * Nothing is copied: ring_peek() hands out a pointer into the mapping, and
 * the record's space is given back to the kernel only after ring_advance(),
 * i.e. once the caller has finished with it: in batches of an eighth of
 * the ring, and all of it whenever ring_peek() finds the ring empty.  These functions take plain
 * pointers, so the tests can run them over ordinary memory. */
#ifndef SYSCOPE_RING_CONSUMER_H
#define SYSCOPE_RING_CONSUMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RING_HDR_LEN 8u
#define RING_BUSY_BIT (1u << 31)
#define RING_DISCARD_BIT (1u << 30)

struct ring {
	uint64_t *consumer_pos;       /* in the consumer page (we write it) */
	const uint64_t *producer_pos; /* in the producer page */
	const uint8_t *data;          /* data area, mapped twice in a row */
	uint64_t size;                /* data area size, a power of two */
	/* The record ring_peek() returned, until ring_advance(). */
	uint64_t held_next; /* consumer position after it; 0 when none */
	/* Consumed but not yet told to the producer (0: none), and the
	 * producer position last read.  Both start at 0. */
	uint64_t pending;
	uint64_t prod_seen;
};

/* The oldest complete record: 1 with *rec and *len set, 0 if there is none yet,
 * -1 if the ring's bookkeeping is inconsistent (a record longer than the
 * ring).  Discarded records are skipped.  Peeking again without advancing
 * returns the same record. */
int ring_peek(struct ring *r, const uint8_t **rec, uint32_t *len);

/* Done with the peeked record: its space goes back to the producer with
 * the next batch (see above). */
void ring_advance(struct ring *r);

/* Several rings (one per CPU) merged into one stream ordered by the u64
 * timestamp each record starts with (records shorter than 8 bytes sort
 * first).  Among records that are available the oldest comes first; a
 * record that reaches a ring later than a newer one was handed out from
 * another ring is not reordered. */
struct ring_merge {
	struct ring *rings;
	unsigned count;
	int held; /* ring whose record the caller holds, or -1 */
};

void ring_merge_init(struct ring_merge *m, struct ring *rings, unsigned count);

/* Release the previous record, then hand out the oldest available one:
 * 1 with *rec, *len and *which (its ring's index), 0 when every ring is
 * empty, -1 on a corrupt ring (*which says which). */
int ring_merge_next(struct ring_merge *m, const uint8_t **rec, uint32_t *len, unsigned *which);

#endif
