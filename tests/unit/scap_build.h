/* Builds small scap files in memory for unit tests: blocks, process list
 * entries and event records, little-endian and padded as the format says. */
#ifndef SYSCOPE_TESTS_SCAP_BUILD_H
#define SYSCOPE_TESTS_SCAP_BUILD_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

struct bytes {
	uint8_t data[16384];
	size_t len;
};

static inline void put_le(struct bytes *b, uint64_t v, unsigned w)
{
	for (unsigned i = 0; i < w; i++)
		b->data[b->len++] = (uint8_t)(i < 8 ? v >> (8 * i) : 0);
}

static inline void put_raw(struct bytes *b, const void *p, size_t n)
{
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void put_str16(struct bytes *b, const char *s)
{
	put_le(b, strlen(s), 2);
	put_raw(b, s, strlen(s));
}

/* Wrap body as a block of type t: header, body, zero padding, trailer. */
static inline void put_block(struct bytes *file, uint32_t type, const struct bytes *body)
{
	uint32_t total = (uint32_t)((8 + body->len + 4 + 3) & ~(size_t)3);
	put_le(file, type, 4);
	put_le(file, total, 4);
	put_raw(file, body->data, body->len);
	while ((file->len % 4) != 0)
		file->data[file->len++] = 0;
	put_le(file, total, 4);
}

static inline void put_shb(struct bytes *file, uint16_t major)
{
	struct bytes b = { .len = 0 };
	put_le(&b, 0x1A2B3C4D, 4);
	put_le(&b, major, 2);
	put_le(&b, 2, 2);
	put_le(&b, UINT64_MAX, 8);
	put_block(file, 0x0A0D0D0A, &b);
}

/* One PL_V9 block with one main thread. */
static inline void put_process(struct bytes *file, int64_t tid, int64_t pid, int64_t ptid,
			       const char *comm, const char *cwd, uint32_t flags)
{
	struct bytes e = { .len = 0 };
	put_le(&e, (uint64_t)tid, 8);
	put_le(&e, (uint64_t)pid, 8);
	put_le(&e, (uint64_t)ptid, 8);
	put_le(&e, (uint64_t)pid, 8); /* sid */
	put_le(&e, (uint64_t)pid, 8); /* vpgid */
	put_str16(&e, comm);
	put_str16(&e, comm);
	put_str16(&e, "/usr/bin/x");
	put_str16(&e, "");
	put_str16(&e, cwd);
	put_le(&e, 1024, 8); /* fdlimit */
	put_le(&e, flags, 4);
	put_le(&e, 1000, 4); /* uid */
	put_le(&e, 1000, 4); /* gid */
	put_le(&e, 0, 4 * 3 + 8 * 2);
	put_str16(&e, "");      /* env */
	put_le(&e, (uint64_t)tid, 8);
	put_le(&e, (uint64_t)pid, 8);
	put_str16(&e, "");      /* cgroups */
	put_str16(&e, "/");     /* root */
	put_le(&e, UINT32_MAX, 4);
	put_le(&e, 0, 1);
	struct bytes b = { .len = 0 };
	put_le(&b, e.len + 4, 4);
	put_raw(&b, e.data, e.len);
	put_block(file, 0x215, &b);
}

/* A parameter value for put_event. */
struct pval {
	const void *p;
	uint16_t len;
};

#define PV_U64(v) ((struct pval){ &(uint64_t){ (uint64_t)(v) }, 8 })
#define PV_U32(v) ((struct pval){ &(uint32_t){ (uint32_t)(v) }, 4 })
#define PV_U16(v) ((struct pval){ &(uint16_t){ (uint16_t)(v) }, 2 })
#define PV_U8(v) ((struct pval){ &(uint8_t){ (uint8_t)(v) }, 1 })
#define PV_STR(s) ((struct pval){ (s), (uint16_t)(strlen(s) + 1) })
#define PV_BUF(s, n) ((struct pval){ (s), (uint16_t)(n) })

/* The record alone (26-byte header, u16 lengths, values). */
static inline void put_record(struct bytes *b, uint64_t ts, int64_t tid, uint16_t type,
			      unsigned n, const struct pval *pv)
{
	size_t len = 26 + 2 * n;
	for (unsigned i = 0; i < n; i++)
		len += pv[i].len;
	put_le(b, ts, 8);
	put_le(b, (uint64_t)tid, 8);
	put_le(b, len, 4);
	put_le(b, type, 2);
	put_le(b, n, 4);
	for (unsigned i = 0; i < n; i++)
		put_le(b, pv[i].len, 2);
	for (unsigned i = 0; i < n; i++)
		put_raw(b, pv[i].p, pv[i].len);
}

/* An EV_V2 block on cpu 0. */
static inline void put_event(struct bytes *file, uint64_t ts, int64_t tid, uint16_t type,
			     unsigned n, const struct pval *pv)
{
	struct bytes b = { .len = 0 };
	put_le(&b, 0, 2);
	put_record(&b, ts, tid, type, n, pv);
	put_block(file, 0x216, &b);
}

/* An IL_V2 block with one IPv4 interface. */
static inline void put_iface_v4(struct bytes *f, const char *name, const uint8_t addr[4],
			 const uint8_t mask[4])
{
	struct bytes e = { .len = 0 };
	put_le(&e, 1, 2); /* IPv4 */
	put_le(&e, strlen(name), 2);
	put_raw(&e, addr, 4);
	put_raw(&e, mask, 4);
	put_le(&e, 0, 4); /* broadcast */
	put_le(&e, 0, 8); /* link speed */
	put_raw(&e, name, strlen(name));
	struct bytes b = { .len = 0 };
	put_le(&b, e.len, 4);
	put_raw(&b, e.data, e.len);
	put_block(f, 0x219, &b);
}

#endif
