/* A growable byte buffer for building output without a printf per field.
 * It allocates only when it must grow, so a reused strbuf costs nothing
 * per event once warm. */
#ifndef SYSCOPE_STRBUF_H
#define SYSCOPE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strbuf {
	char *data;
	size_t len, cap;
	bool oom; /* an allocation failed; what did not fit was dropped */
};

bool sb_reserve(struct strbuf *sb, size_t extra);
void sb_free(struct strbuf *sb);

static inline void sb_clear(struct strbuf *sb) { sb->len = 0; }

/* Most appends are a few bytes (a name, a number): copying those with
 * fixed-size, possibly overlapping moves avoids a library call each. */
static inline __attribute__((always_inline)) char *fmt_mem(char *w, const void *p, size_t n)
{
	const char *s = p;
	if (n > 16)
		memcpy(w, s, n);
	else if (n >= 8) {
		memcpy(w, s, 8);
		memcpy(w + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(w, s, 4);
		memcpy(w + n - 4, s + n - 4, 4);
	} else if (n) {
		w[0] = s[0];
		w[n / 2] = s[n / 2];
		w[n - 1] = s[n - 1];
	}
	return w + n;
}

static inline __attribute__((always_inline)) void sb_append(struct strbuf *sb, const void *p, size_t n)
{
	if (n == 0 || (sb->len + n > sb->cap && !sb_reserve(sb, n)))
		return;
	fmt_mem(sb->data + sb->len, p, n);
	sb->len += n;
}

static inline __attribute__((always_inline)) void sb_putc(struct strbuf *sb, char c)
{
	if (sb->len + 1 > sb->cap && !sb_reserve(sb, 1))
		return;
	sb->data[sb->len++] = c;
}

static inline void sb_puts(struct strbuf *sb, const char *s) { sb_append(sb, s, strlen(s)); }

/* Writing through a local cursor.  Stores through a char pointer may
 * alias the strbuf itself, so every sb_* append reloads and rechecks it;
 * a run of fields whose total size is known up front is cheaper to write
 * as: w = sb_claim(sb, max); w = fmt_…(w, …); …; sb_commit(sb, w).
 * sb_claim returns NULL if the room cannot be had (out of memory). */
static inline char *sb_claim(struct strbuf *sb, size_t max)
{
	if (sb->len + max > sb->cap && !sb_reserve(sb, max))
		return NULL;
	return sb->data + sb->len;
}

static inline void sb_commit(struct strbuf *sb, char *end) { sb->len = (size_t)(end - sb->data); }

char *fmt_u64(char *w, uint64_t v);     /* up to 20 bytes */
char *fmt_i64(char *w, int64_t v);      /* up to 20 bytes */
char *fmt_nsec9(char *w, uint32_t ns);  /* 9 bytes */

void sb_u64_any(struct strbuf *sb, uint64_t v);

/* Single digits (cpus, small fds, zero results) are a third of all
 * numbers printed: they skip the call. */
static inline void sb_u64(struct strbuf *sb, uint64_t v)
{
	if (v < 10 && sb->len < sb->cap) {
		sb->data[sb->len++] = (char)('0' + v);
		return;
	}
	sb_u64_any(sb, v);
}

static inline void sb_i64(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		sb_putc(sb, '-');
		sb_u64(sb, (uint64_t)0 - (uint64_t)v);
	} else {
		sb_u64(sb, (uint64_t)v);
	}
}
void sb_hex(struct strbuf *sb, uint64_t v, bool upper); /* no 0x */
void sb_oct(struct strbuf *sb, uint64_t v);             /* "0" or a leading 0, like %#o */
void sb_u64_padded(struct strbuf *sb, uint64_t v, unsigned width); /* zero-padded */
void sb_nsec9(struct strbuf *sb, uint32_t ns); /* 0..999999999 as nine digits */
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* n bytes in double quotes, with \" \\ and \xHH escapes (for dumps and
 * messages that must show any byte unambiguously). */
void sb_quoted(struct strbuf *sb, const char *s, size_t n);
/* Hand the text over as a malloc'd C string (NULL if an allocation
 * failed); the buffer is left empty. */
char *sb_take(struct strbuf *sb);

/* NUL-terminate without counting the NUL (for passing to C APIs). */
const char *sb_cstr(struct strbuf *sb);

#endif
