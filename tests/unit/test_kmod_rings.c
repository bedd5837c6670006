/* The kernel module's rings as user space reads them (capture/engine/kmod_rings.c),
 * over ordinary memory laid out as the module lays it out: records merged by
 * timestamp across rings, a record that wraps around the end read in one
 * piece, space handed back only after a record was used, damage detected. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "event.h"
#include "kmod_rings.h"

#define SIZE 256u /* a tiny ring, so records wrap */

struct fake {
	struct syscope_ring_info info;
	uint8_t data[2 * SIZE]; /* the data pages "mapped twice" */
	uint64_t released;      /* what the release callback was told */
	int releases;
};

/* Write a record the way the module does: at head, into both copies. */
static void produce(struct fake *f, uint64_t ts, uint16_t type, uint32_t payload)
{
	uint8_t rec[128];
	uint32_t len = SCAP_EVT_HDR_LEN + 2 + payload;
	uint64_t tid = 42;
	uint32_t one = 1;
	uint16_t plen = (uint16_t)payload;
	memcpy(rec, &ts, 8);
	memcpy(rec + 8, &tid, 8);
	memcpy(rec + 16, &len, 4);
	memcpy(rec + 20, &type, 2);
	memcpy(rec + 22, &one, 4);
	memcpy(rec + 26, &plen, 2);
	memset(rec + 28, 'x', payload);
	for (uint32_t i = 0; i < len; i++) {
		uint32_t at = (uint32_t)((f->info.head + i) % SIZE);
		f->data[at] = f->data[at + SIZE] = rec[i];
	}
	f->info.head += len;
}

static int release_cb(void *ctx, unsigned ring, uint64_t tail)
{
	struct fake *fakes = ctx;
	fakes[ring].released = tail;
	fakes[ring].info.tail = tail;
	fakes[ring].releases++;
	return 0;
}

static void attach(struct kring *r, struct fake *f)
{
	memset(r, 0, sizeof *r);
	r->info = &f->info;
	r->data = f->data;
	r->size = SIZE;
}

int main(void)
{
	struct fake *f = calloc(3, sizeof *f);
	struct kring rings[3];
	struct kmerge m;
	const uint8_t *rec;
	uint32_t len;
	unsigned ring;
	const char *why = NULL;

	for (int i = 0; i < 3; i++)
		attach(&rings[i], &f[i]);
	rings[2].data = NULL; /* a CPU without a ring is skipped */
	kmerge_init(&m, rings, 3, release_cb, f);

	CHECK_INTEQ(kmerge_next(&m, &rec, &len, &ring, &why), 0);

	/* Interleaved timestamps come out in order, each from its ring. */
	produce(&f[0], 10, 1, 2);
	produce(&f[1], 5, 3, 2);
	produce(&f[0], 20, 5, 2);
	produce(&f[1], 15, 7, 2);
	uint64_t want_ts[] = { 5, 10, 15, 20 };
	unsigned want_ring[] = { 1, 0, 1, 0 };
	for (int i = 0; i < 4; i++) {
		CHECK_INTEQ(kmerge_next(&m, &rec, &len, &ring, &why), 1);
		uint64_t ts;
		memcpy(&ts, rec, 8);
		CHECK_INTEQ(ts, want_ts[i]);
		CHECK_INTEQ(ring, want_ring[i]);
		CHECK_INTEQ(len, SCAP_EVT_HDR_LEN + 4);
		struct event ev;
		CHECK_INTEQ(event_parse(&ev, rec, len, &why), 0);
		CHECK_INTEQ(ev.param_len[0], 2);
	}
	CHECK_INTEQ(kmerge_next(&m, &rec, &len, &ring, &why), 0);
	/* Nothing was given back yet: less than a quarter ring was used. */
	CHECK_INTEQ(f[0].releases, 0);
	CHECK_INTEQ(kmerge_release_all(&m), 0);
	CHECK_INTEQ(f[0].released, 2 * (SCAP_EVT_HDR_LEN + 4));
	CHECK_INTEQ(f[1].released, 2 * (SCAP_EVT_HDR_LEN + 4));

	/* Records across the end of the ring are whole; the one being used
	 * is not released until the next call. */
	int got = 0;
	for (uint64_t ts = 100; ts < 130; ts++) {
		produce(&f[0], ts, 9, 40);
		CHECK_INTEQ(kmerge_next(&m, &rec, &len, &ring, &why), 1);
		CHECK_INTEQ(len, SCAP_EVT_HDR_LEN + 42);
		CHECK(rec[len - 1] == 'x' && rec[SCAP_EVT_HDR_LEN + 2] == 'x');
		CHECK(f[0].info.tail <= f[0].info.head - len);
		got++;
	}
	CHECK_INTEQ(got, 30);
	CHECK(f[0].releases > 0);

	/* A length that runs past what was written is damage, not a record. */
	CHECK_INTEQ(kmerge_next(&m, &rec, &len, &ring, &why), 0);
	uint32_t bogus = 5000;
	produce(&f[1], 200, 1, 4);
	uint64_t at = (f[1].info.head - (SCAP_EVT_HDR_LEN + 6)) % SIZE;
	memcpy(f[1].data + at + 16, &bogus, 4);
	memcpy(f[1].data + at + SIZE + 16, &bogus, 4);
	CHECK_INTEQ(kmerge_next(&m, &rec, &len, &ring, &why), -1);
	CHECK(why != NULL);

	free(f);
	return check_summary();
}
