/* The BPF ring consumer and the per-CPU merge, over rings laid out in
 * ordinary memory the way the kernel lays them out: 8-byte headers (length,
 * busy and discard bits), 8-byte aligned records, a data area whose second
 * mapping follows the first so that wrapped records are contiguous. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ring_consumer.h"

#define SIZE 256u

struct fake {
	uint64_t cons, prod;
	uint8_t data[2 * SIZE]; /* the "double mapping": kept in sync by put() */
	struct ring r;
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof *f);
	f->r.consumer_pos = &f->cons;
	f->r.producer_pos = &f->prod;
	f->r.data = f->data;
	f->r.size = SIZE;
}

/* Write bytes at a ring position into both mappings. */
static void put(struct fake *f, uint64_t pos, const void *src, size_t n)
{
	const uint8_t *s = src;
	for (size_t i = 0; i < n; i++) {
		uint64_t at = (pos + i) % SIZE;
		f->data[at] = s[i];
		f->data[at + SIZE] = s[i];
	}
}

/* Append a record (header + payload) as the producer does; returns its
 * position. */
static uint64_t produce(struct fake *f, const void *payload, uint32_t n, uint32_t bits)
{
	uint64_t pos = f->prod;
	uint32_t hdr[2] = { n | bits, 0 };
	put(f, pos, hdr, 8);
	put(f, pos + 8, payload, n);
	f->prod = pos + ((8 + n + 7) & ~7u);
	return pos;
}

/* A record starting with a timestamp, then a tag byte. */
static void produce_ts(struct fake *f, uint64_t ts, uint8_t tag)
{
	uint8_t rec[9];
	memcpy(rec, &ts, 8);
	rec[8] = tag;
	produce(f, rec, sizeof rec, 0);
}

static void test_peek_advance(void)
{
	struct fake f;
	fake_init(&f);
	const uint8_t *rec;
	uint32_t len;
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 0); /* empty */
	produce(&f, "hello", 5, 0);
	produce(&f, "world!!", 7, 0);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	CHECK_INTEQ(len, 5);
	CHECK_MEMEQ(rec, "hello", 5);
	/* Not consumed until advanced: peeking again gives the same record,
	 * and the kernel still sees the space as used. */
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	CHECK_MEMEQ(rec, "hello", 5);
	CHECK_INTEQ(f.cons, 0);
	ring_advance(&f.r);
	/* Given back in batches: 16 bytes (8 + 5 rounded to 8) are less than
	 * an eighth of the ring, so the producer is not told yet. */
	CHECK_INTEQ(f.cons, 0);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	CHECK_INTEQ(len, 7);
	CHECK_MEMEQ(rec, "world!!", 7);
	ring_advance(&f.r);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 0);
	CHECK_INTEQ(f.cons, f.prod);
	ring_advance(&f.r); /* nothing held: no change */
	CHECK_INTEQ(f.cons, f.prod);
}

/* The consumer position is published once an eighth of the ring (32
 * bytes here) has been consumed, or when the ring is found empty; the
 * producer position is read again only when the records seen are used up. */
static void test_batched_release(void)
{
	struct fake f;
	fake_init(&f);
	const uint8_t *rec;
	uint32_t len;
	for (int i = 0; i < 4; i++)
		produce(&f, "12345678", 8, 0); /* 16 bytes each */
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	ring_advance(&f.r);
	CHECK_INTEQ(f.cons, 0);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	ring_advance(&f.r);
	CHECK_INTEQ(f.cons, 32); /* an eighth: published */
	/* A record produced now is not seen until the known ones are used. */
	produce(&f, "late", 4, 0);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	ring_advance(&f.r);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	CHECK_MEMEQ(rec, "12345678", 8);
	ring_advance(&f.r);
	CHECK_INTEQ(f.cons, 64);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	CHECK_MEMEQ(rec, "late", 4);
	ring_advance(&f.r);
	CHECK_INTEQ(f.cons, 64); /* 16 bytes pending */
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 0);
	CHECK_INTEQ(f.cons, f.prod); /* empty: everything given back */
}

static void test_busy_and_discard(void)
{
	struct fake f;
	fake_init(&f);
	const uint8_t *rec;
	uint32_t len;
	uint64_t pos = produce(&f, "abc", 3, RING_BUSY_BIT);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 0); /* reserved, not committed */
	uint32_t hdr[2] = { 3, 0 };
	put(&f, pos, hdr, 8); /* committed now */
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	ring_advance(&f.r);
	produce(&f, "gone", 4, RING_DISCARD_BIT);
	produce(&f, "kept", 4, 0);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	CHECK_MEMEQ(rec, "kept", 4);
	ring_advance(&f.r);
	CHECK_INTEQ(f.cons, f.prod);
}

static void test_wraparound(void)
{
	struct fake f;
	fake_init(&f);
	const uint8_t *rec;
	uint32_t len;
	/* Move the positions near the end of the data area. */
	f.cons = f.prod = SIZE - 16;
	uint8_t big[40];
	for (unsigned i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 7);
	produce(&f, big, sizeof big, 0);
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), 1);
	CHECK_INTEQ(len, sizeof big);
	CHECK_MEMEQ(rec, big, sizeof big); /* contiguous thanks to the second mapping */
	ring_advance(&f.r);
	CHECK_INTEQ(f.cons, SIZE - 16 + 48);
}

static void test_corrupt_length(void)
{
	struct fake f;
	fake_init(&f);
	const uint8_t *rec;
	uint32_t len;
	uint32_t hdr[2] = { SIZE * 4, 0 }; /* longer than the ring */
	put(&f, 0, hdr, 8);
	f.prod = 64;
	CHECK_INTEQ(ring_peek(&f.r, &rec, &len), -1);
}

static void test_merge(void)
{
	struct fake a, b, c;
	fake_init(&a);
	fake_init(&b);
	fake_init(&c);
	produce_ts(&a, 10, 'a');
	produce_ts(&a, 40, 'b');
	produce_ts(&b, 20, 'c');
	produce_ts(&b, 30, 'd');
	produce_ts(&c, 5, 'e');
	struct ring rings[3] = { a.r, b.r, c.r };
	struct ring_merge m;
	ring_merge_init(&m, rings, 3);
	const char *want = "eacdb";
	const unsigned want_ring[] = { 2, 0, 1, 1, 0 };
	for (unsigned i = 0; i < 5; i++) {
		const uint8_t *rec;
		uint32_t len;
		unsigned which = 99;
		CHECK_INTEQ(ring_merge_next(&m, &rec, &len, &which), 1);
		CHECK_INTEQ(len, 9);
		CHECK_INTEQ(rec[8], want[i]);
		CHECK_INTEQ(which, want_ring[i]);
		/* The record handed out is still in its ring: not yet consumed. */
		CHECK(*rings[which].consumer_pos < *rings[which].producer_pos);
	}
	const uint8_t *rec;
	uint32_t len;
	unsigned which;
	CHECK_INTEQ(ring_merge_next(&m, &rec, &len, &which), 0);
	CHECK_INTEQ(a.cons, a.prod);
	CHECK_INTEQ(b.cons, b.prod);
	CHECK_INTEQ(c.cons, c.prod);
	/* A record arriving later is picked up on the next call. */
	produce_ts(&b, 50, 'f');
	CHECK_INTEQ(ring_merge_next(&m, &rec, &len, &which), 1);
	CHECK_INTEQ(rec[8], 'f');
	CHECK_INTEQ(which, 1);
}

static void test_merge_corrupt(void)
{
	struct fake a, b;
	fake_init(&a);
	fake_init(&b);
	produce_ts(&a, 1, 'a');
	uint32_t hdr[2] = { SIZE * 2, 0 };
	put(&b, 0, hdr, 8);
	b.prod = 8;
	struct ring rings[2] = { a.r, b.r };
	struct ring_merge m;
	ring_merge_init(&m, rings, 2);
	const uint8_t *rec;
	uint32_t len;
	unsigned which = 99;
	CHECK_INTEQ(ring_merge_next(&m, &rec, &len, &which), -1);
	CHECK_INTEQ(which, 1);
}

int main(void)
{
	test_peek_advance();
	test_batched_release();
	test_busy_and_discard();
	test_wraparound();
	test_corrupt_length();
	test_merge();
	test_merge_corrupt();
	return check_summary();
}
