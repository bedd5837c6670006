/* Bounds-checked reading of untrusted little-endian bytes.  A read past the
 * end yields zeros and marks the cursor bad, so parsers check once at the
 * end of a record instead of after every field. */
#ifndef SYSCOPE_BYTE_CURSOR_H
#define SYSCOPE_BYTE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event.h"
#include "proc_info.h"

struct cursor {
	const uint8_t *p, *end;
	bool bad;
};

static inline struct cursor cursor_make(const uint8_t *p, size_t len)
{
	struct cursor c = { p, p + len, false };
	return c;
}

static inline size_t cursor_left(const struct cursor *c) { return (size_t)(c->end - c->p); }

static inline uint64_t cursor_uint(struct cursor *c, unsigned width)
{
	if (c->bad || cursor_left(c) < width) {
		c->bad = true;
		return 0;
	}
	uint64_t v = le_read(c->p, width, width);
	c->p += width;
	return v;
}

static inline uint8_t cursor_u8(struct cursor *c) { return (uint8_t)cursor_uint(c, 1); }
static inline uint16_t cursor_u16(struct cursor *c) { return (uint16_t)cursor_uint(c, 2); }
static inline uint32_t cursor_u32(struct cursor *c) { return (uint32_t)cursor_uint(c, 4); }
static inline uint64_t cursor_u64(struct cursor *c) { return cursor_uint(c, 8); }

static inline void cursor_bytes(struct cursor *c, void *out, size_t n)
{
	if (c->bad || cursor_left(c) < n) {
		c->bad = true;
		memset(out, 0, n);
		return;
	}
	memcpy(out, c->p, n);
	c->p += n;
}

static inline void cursor_skip(struct cursor *c, size_t n)
{
	if (c->bad || cursor_left(c) < n) {
		c->bad = true;
		return;
	}
	c->p += n;
}

/* A u16 length and that many bytes; longer than max marks the cursor bad. */
static inline struct str_ref cursor_str16(struct cursor *c, uint32_t max)
{
	struct str_ref s = { "", 0 };
	uint16_t len = cursor_u16(c);
	if (c->bad || len > max || cursor_left(c) < len) {
		c->bad = true;
		return s;
	}
	s.ptr = (const char *)c->p;
	s.len = len;
	c->p += len;
	return s;
}

#endif
