/* The k-way merge over the module's rings: see kmod_rings.h. */
#include <stddef.h>
#include <string.h>

#include "event.h"
#include "kmod_rings.h"

void kmerge_init(struct kmerge *m, struct kring *rings, unsigned nrings,
		 kring_release_fn release, void *ctx)
{
	m->rings = rings;
	m->nrings = nrings;
	m->last = -1;
	m->last_len = 0;
	m->release = release;
	m->release_ctx = ctx;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static int release(struct kmerge *m, unsigned i)
{
	struct kring *r = &m->rings[i];
	if (r->pos == r->released)
		return 0;
	if (m->release(m->release_ctx, i, r->pos) < 0)
		return -1;
	r->released = r->pos;
	return 0;
}

int kmerge_release_all(struct kmerge *m)
{
	for (unsigned i = 0; i < m->nrings; i++)
		if (m->rings[i].data && release(m, i) < 0)
			return -1;
	return 0;
}

/* The next record of ring r, or NULL if it has none; -1 in *bad when the
 * bytes there cannot be a record. */
static const uint8_t *peek(struct kring *r, uint32_t *len, int *bad)
{
	if (r->pos == r->head) {
		r->head = __atomic_load_n(&r->info->head, __ATOMIC_ACQUIRE);
		if (r->pos == r->head)
			return NULL;
	}
	const uint8_t *rec = r->data + (r->pos & (r->size - 1));
	uint64_t avail = r->head - r->pos;
	*len = avail >= SCAP_EVT_HDR_LEN ? rd32(rec + 16) : 0;
	if (avail > r->size || *len < SCAP_EVT_HDR_LEN || *len > avail) {
		*bad = 1;
		return NULL;
	}
	return rec;
}

int kmerge_next(struct kmerge *m, const uint8_t **rec, uint32_t *len, unsigned *ring,
		const char **why)
{
	/* The record handed out last is done with now. */
	if (m->last >= 0) {
		struct kring *r = &m->rings[m->last];
		r->pos += m->last_len;
		/* Give space back in large steps: one ioctl per quarter ring. */
		if (r->pos - r->released >= r->size / 4 && release(m, (unsigned)m->last) < 0) {
			*why = "cannot hand ring space back to the module";
			return -1;
		}
		m->last = -1;
	}
	int best = -1;
	uint64_t best_ts = 0;
	uint32_t best_len = 0;
	const uint8_t *best_rec = NULL;
	for (unsigned i = 0; i < m->nrings; i++) {
		struct kring *r = &m->rings[i];
		if (!r->data)
			continue;
		int bad = 0;
		uint32_t l = 0;
		const uint8_t *p = peek(r, &l, &bad);
		if (bad) {
			*why = "a ring of the kernel module holds a damaged record";
			return -1;
		}
		if (p && (best < 0 || rd64(p) < best_ts)) {
			best = (int)i;
			best_ts = rd64(p);
			best_len = l;
			best_rec = p;
		}
	}
	if (best < 0)
		return 0;
	m->last = best;
	m->last_len = best_len;
	*rec = best_rec;
	*len = best_len;
	*ring = (unsigned)best;
	return 1;
}
