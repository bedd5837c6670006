#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "strbuf.h"

bool sb_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < sb->len + extra)
		cap *= 2;
	char *p = realloc(sb->data, cap);
	if (!p) {
		sb->oom = true;
		return false;
	}
	sb->data = p;
	sb->cap = cap;
	return true;
}

void sb_free(struct strbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

/* Decimal digits two at a time: number printing is a large share of the
 * cost of an event line. */
static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static inline void put_pair(char *p, unsigned v)
{
	memcpy(p, digit_pairs + 2 * v, 2);
}

/* Write v's n digits ending at end (n = decimal_digits(v)).  32-bit
 * division is much cheaper, and most numbers fit. */
static inline void format_u32(char *end, uint32_t v)
{
	char *p = end;
	while (v >= 100) {
		p -= 2;
		put_pair(p, v % 100);
		v /= 100;
	}
	if (v >= 10)
		put_pair(p - 2, v);
	else
		p[-1] = (char)('0' + v);
}

static void format_u64(char *end, uint64_t v)
{
	while (v > UINT32_MAX) {
		end -= 2;
		put_pair(end, (unsigned)(v % 100));
		v /= 100;
	}
	format_u32(end, (uint32_t)v);
}

static const uint64_t pow10_u64[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
	10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
};

/* From the bit length: 1233/4096 is just above log10(2), so t is the
 * number of digits or one less, and one comparison settles it.  v | 1
 * makes 0 count as one digit and changes no other answer, as every power
 * of ten above 1 is even. */
static inline unsigned decimal_digits(uint64_t v)
{
	v |= 1;
	unsigned bits = 64u - (unsigned)__builtin_clzll(v);
	unsigned t = (bits * 1233u) >> 12;
	return t + (v >= pow10_u64[t]);
}

char *fmt_u64(char *w, uint64_t v)
{
	if (v < 10) {
		*w = (char)('0' + v);
		return w + 1;
	}
	unsigned n = decimal_digits(v);
	if (v <= UINT32_MAX)
		format_u32(w + n, (uint32_t)v);
	else
		format_u64(w + n, v);
	return w + n;
}

char *fmt_i64(char *w, int64_t v)
{
	if (v < 0) {
		*w++ = '-';
		return fmt_u64(w, (uint64_t)0 - (uint64_t)v);
	}
	return fmt_u64(w, (uint64_t)v);
}

void sb_u64_any(struct strbuf *sb, uint64_t v)
{
	char *w = sb_claim(sb, 20);
	if (w)
		sb_commit(sb, fmt_u64(w, v));
}

void sb_u64_padded(struct strbuf *sb, uint64_t v, unsigned width)
{
	unsigned n = decimal_digits(v);
	if (width > 20)
		width = 20;
	unsigned total = n > width ? n : width;
	if (sb->len + total > sb->cap && !sb_reserve(sb, total))
		return;
	char *p = sb->data + sb->len;
	memset(p, '0', total - n);
	format_u64(p + total, v);
	sb->len += total;
}

/* The nanoseconds of a timestamp: always nine digits, so no digit count
 * and no loop. */
char *fmt_nsec9(char *p, uint32_t ns)
{
	if (ns > 999999999u)
		ns = 999999999u;
	uint32_t hi = ns / 100000u;  /* first 4 digits */
	uint32_t lo = ns % 100000u;  /* last 5 */
	put_pair(p, hi / 100);
	put_pair(p + 2, hi % 100);
	p[4] = (char)('0' + lo / 10000);
	lo %= 10000;
	put_pair(p + 5, lo / 100);
	put_pair(p + 7, lo % 100);
	return p + 9;
}

void sb_nsec9(struct strbuf *sb, uint32_t ns)
{
	char *w = sb_claim(sb, 9);
	if (w)
		sb_commit(sb, fmt_nsec9(w, ns));
}

/* The eight hex digits of v as eight bytes in memory order, without a
 * loop: the nibbles are spread one to a byte, then each byte gets '0', plus
 * the gap to 'a' or 'A' where the nibble is above 9 (nibble + 6 carries
 * into bit 4 exactly then). */
static uint64_t hex8(uint32_t v, bool upper)
{
	uint64_t x = v;
	x = ((x & 0xFFFF0000ull) << 16) | (x & 0xFFFFull);
	x = ((x & 0x0000FF000000FF00ull) << 8) | (x & 0x000000FF000000FFull);
	x = ((x & 0x00F000F000F000F0ull) << 4) | (x & 0x000F000F000F000Full);
	uint64_t alpha = ((x + 0x0606060606060606ull) >> 4) & 0x0101010101010101ull;
	x += 0x3030303030303030ull + alpha * (upper ? 'A' - '0' - 10 : 'a' - '0' - 10);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	x = __builtin_bswap64(x); /* the most significant digit first */
#endif
	return x;
}

void sb_hex(struct strbuf *sb, uint64_t v, bool upper)
{
	unsigned n = (64u - (unsigned)__builtin_clzll(v | 1) + 3) / 4;
	char *w = sb_claim(sb, 16);
	if (!w)
		return;
	char digits[16];
	uint64_t hi = hex8((uint32_t)(v >> 32), upper), lo = hex8((uint32_t)v, upper);
	memcpy(digits, &hi, 8);
	memcpy(digits + 8, &lo, 8);
	sb_commit(sb, fmt_mem(w, digits + 16 - n, n));
}

void sb_oct(struct strbuf *sb, uint64_t v)
{
	char tmp[24];
	size_t n = 0;
	while (v) {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + (v & 7));
		v >>= 3;
	}
	tmp[sizeof tmp - 1 - n++] = '0';
	sb_append(sb, tmp + sizeof tmp - n, n);
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !sb_reserve(sb, (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *sb_cstr(struct strbuf *sb)
{
	if (!sb_reserve(sb, 1))
		return "";
	sb->data[sb->len] = '\0';
	return sb->data;
}

void sb_quoted(struct strbuf *sb, const char *s, size_t n)
{
	static const char hexd[] = "0123456789abcdef";
	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			sb_putc(sb, '\\');
			sb_putc(sb, (char)c);
		} else if (c < 0x20 || c >= 0x7f) {
			char esc[4] = { '\\', 'x', hexd[c >> 4], hexd[c & 15] };
			sb_append(sb, esc, 4);
		} else {
			sb_putc(sb, (char)c);
		}
	}
	sb_putc(sb, '"');
}

char *sb_take(struct strbuf *sb)
{
	sb_cstr(sb);
	char *s = sb->oom ? NULL : sb->data;
	if (!s)
		free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
	sb->oom = false;
	return s;
}
