/* BPF ring buffer consumer and k-way merge; see ring_consumer.h. */
#include <string.h>

#include "ring_consumer.h"

/* The producer publishes a record by storing its length (busy bit clear)
 * with release semantics; reading it with acquire makes the bytes behind it
 * visible.  Our consumer position is read by the kernel the same way. */
static uint64_t load_acquire64(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static uint32_t load_acquire32(const uint32_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static void store_release64(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

static uint64_t round8(uint64_t v) { return (v + 7) & ~(uint64_t)7; }

/* The consumer position is shared with the producer, which reads it on
 * every reservation, and the producer position is shared the other way:
 * touching either for every record moves its cache line between the CPUs
 * each time, and the kernel side pays for that in every event.  So the
 * consumer publishes its position only once it has taken an eighth of the
 * ring, or when the ring is empty (before it waits), and reads the
 * producer position again only when it has used up what it saw last. */
static uint64_t position(const struct ring *r)
{
	return r->pending ? r->pending : *r->consumer_pos;
}

static void publish(struct ring *r)
{
	if (r->pending) {
		store_release64(r->consumer_pos, r->pending);
		r->pending = 0;
	}
}

int ring_peek(struct ring *r, const uint8_t **rec, uint32_t *len)
{
	uint64_t cons = position(r);
	for (;;) {
		if (cons >= r->prod_seen)
			r->prod_seen = load_acquire64(r->producer_pos);
		uint64_t prod = r->prod_seen;
		if (cons >= prod) {
			publish(r);
			return 0;
		}
		const uint8_t *hdr = r->data + (cons & (r->size - 1));
		uint32_t word = load_acquire32((const uint32_t *)(const void *)hdr);
		if (word & RING_BUSY_BIT) {
			publish(r);
			return 0; /* reserved but not yet committed */
		}
		uint32_t n = word & ~(RING_BUSY_BIT | RING_DISCARD_BIT);
		uint64_t next = cons + round8((uint64_t)n + RING_HDR_LEN);
		if ((uint64_t)n + RING_HDR_LEN > r->size || next > prod)
			return -1;
		if (word & RING_DISCARD_BIT) {
			/* Nobody will look at it: skip it. */
			cons = r->pending = next;
			continue;
		}
		*rec = hdr + RING_HDR_LEN;
		*len = n;
		r->held_next = next;
		return 1;
	}
}

void ring_advance(struct ring *r)
{
	if (r->held_next) {
		r->pending = r->held_next;
		r->held_next = 0;
		if (r->pending - *r->consumer_pos >= r->size / 8)
			publish(r);
	}
}

void ring_merge_init(struct ring_merge *m, struct ring *rings, unsigned count)
{
	m->rings = rings;
	m->count = count;
	m->held = -1;
}

static uint64_t record_ts(const uint8_t *rec, uint32_t len)
{
	uint64_t ts = 0;
	if (len >= sizeof ts)
		memcpy(&ts, rec, sizeof ts);
	return ts;
}

int ring_merge_next(struct ring_merge *m, const uint8_t **rec, uint32_t *len, unsigned *which)
{
	if (m->held >= 0) {
		ring_advance(&m->rings[m->held]);
		m->held = -1;
	}
	int best = -1;
	uint64_t best_ts = 0;
	const uint8_t *best_rec = NULL;
	uint32_t best_len = 0;
	for (unsigned i = 0; i < m->count; i++) {
		const uint8_t *r;
		uint32_t n;
		int rc = ring_peek(&m->rings[i], &r, &n);
		if (rc < 0) {
			*which = i;
			return -1;
		}
		if (rc == 0)
			continue;
		uint64_t ts = record_ts(r, n);
		if (best < 0 || ts < best_ts) {
			best = (int)i;
			best_ts = ts;
			best_rec = r;
			best_len = n;
		}
	}
	if (best < 0)
		return 0;
	m->held = best;
	*rec = best_rec;
	*len = best_len;
	*which = (unsigned)best;
	return 1;
}
