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

void sb_u64(struct strbuf *sb, uint64_t v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_append(sb, tmp + sizeof tmp - n, n);
}

void sb_i64(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		sb_putc(sb, '-');
		sb_u64(sb, (uint64_t)0 - (uint64_t)v);
	} else {
		sb_u64(sb, (uint64_t)v);
	}
}

void sb_u64_padded(struct strbuf *sb, uint64_t v, unsigned width)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof tmp);
	while (n < width && n < sizeof tmp)
		tmp[sizeof tmp - 1 - n++] = '0';
	sb_append(sb, tmp + sizeof tmp - n, n);
}

void sb_hex(struct strbuf *sb, uint64_t v, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[16];
	size_t n = 0;
	do {
		tmp[sizeof tmp - 1 - n++] = digits[v & 15];
		v >>= 4;
	} while (v);
	sb_append(sb, tmp + sizeof tmp - n, n);
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
