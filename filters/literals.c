/* Filter values: the text on the right of a comparison turned into what
 * the VM compares (see literals.h). */
#include "literals.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- messages ---- */

/* The value as it can be shown inside '...' in a message. */
const char *literal_show(const struct ast_value *v, char *buf, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < v->len; i++) {
		unsigned char ch = (unsigned char)v->text[i];
		bool plain = ch >= 0x20 && ch < 0x7f;
		if (o + (plain ? 1 : 4) + 4 > cap) {
			memcpy(buf + o, "...", 4);
			return buf;
		}
		if (plain)
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", ch);
	}
	buf[o] = 0;
	return buf;
}

const char *literal_kind_words(enum value_kind k)
{
	switch (k) {
	case VK_SIGNED: case VK_UNSIGNED: case VK_DOUBLE:
		return "numeric";
	case VK_BOOL:
		return "boolean";
	case VK_STRING:
		return "string";
	case VK_BUFFER:
		return "buffer";
	case VK_IPADDR:
		return "IP address";
	case VK_IPNET:
		return "IP network";
	default:
		return "untyped";
	}
}

bool literal_op_applies(enum cmp_op op, enum value_kind k)
{
	switch (op) {
	case CMP_EQ: case CMP_NE: case CMP_IN: case CMP_INTERSECTS: case CMP_EXISTS:
		return true;
	case CMP_LT: case CMP_LE: case CMP_GT: case CMP_GE:
		return k == VK_SIGNED || k == VK_UNSIGNED || k == VK_DOUBLE || k == VK_STRING ||
		       k == VK_IPADDR || k == VK_IPNET;
	case CMP_CONTAINS: case CMP_STARTSWITH: case CMP_ENDSWITH:
	case CMP_BCONTAINS: case CMP_BSTARTSWITH:
		return k == VK_STRING || k == VK_BUFFER;
	case CMP_ICONTAINS: case CMP_GLOB: case CMP_IGLOB: case CMP_REGEX: case CMP_PMATCH:
		return k == VK_STRING;
	default:
		return false;
	}
}

/* ---- value conversion ---- */

/* Decimal or 0x-hex integer with an optional sign; saturates on overflow. */
static bool parse_integer(const char *s, size_t len, bool *neg, uint64_t *mag)
{
	size_t i = 0;
	uint64_t v = 0;
	bool over = false;
	*neg = false;
	if (i < len && (s[i] == '-' || s[i] == '+')) {
		*neg = s[i] == '-';
		i++;
	}
	bool hex = len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
	if (hex)
		i += 2;
	if (i == len)
		return false;
	for (; i < len; i++) {
		unsigned d;
		char ch = s[i];
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (hex && ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (hex && ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			return false;
		unsigned base = hex ? 16 : 10;
		if (v > (UINT64_MAX - d) / base)
			over = true;
		v = over ? UINT64_MAX : v * base + d;
	}
	*mag = v;
	return true;
}

static unsigned type_bits(enum field_type t)
{
	switch (t) {
	case FT_INT16: case FT_PORT:
		return 16;
	case FT_INT32: case FT_UINT32:
		return 32;
	default:
		return 64;
	}
}

static bool parse_ip(const char *s, size_t len, struct field_value *out, bool *is_net)
{
	char buf[INET6_ADDRSTRLEN + 8];
	if (len == 0 || len >= sizeof(buf) || memchr(s, 0, len))
		return false;
	memcpy(buf, s, len);
	buf[len] = 0;
	char *slash = strchr(buf, '/');
	if (slash)
		*slash = 0;
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->ip.addr) == 1)
		out->ip.family = 4;
	else if (inet_pton(AF_INET6, buf, out->ip.addr) == 1)
		out->ip.family = 6;
	else
		return false;
	unsigned bits = out->ip.family == 4 ? 32 : 128;
	out->ip.prefix = (uint8_t)bits;
	*is_net = false;
	if (slash) {
		const char *ps = slash + 1;
		unsigned p = 0;
		size_t pl = strlen(ps);
		if (pl == 0 || pl > 3)
			return false;
		for (size_t i = 0; i < pl; i++) {
			if (ps[i] < '0' || ps[i] > '9')
				return false;
			p = p * 10 + (unsigned)(ps[i] - '0');
		}
		if (p > bits)
			return false;
		out->ip.prefix = (uint8_t)p;
		*is_net = true;
	}
	return true;
}

static int hexdigit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Copy text into the program's memory. */
static bool keep_text(struct literal_ctx *c, const char *s, size_t len, struct field_value *out)
{
	char *p = c->alloc(c->ctx, len + 1);
	if (!p)
		return false;
	memcpy(p, s, len);
	out->str.ptr = p;
	out->str.len = (uint32_t)len;
	return true;
}

#define HEX_BYTES_MSG "'%s' is not a hex byte string (two hex digits per byte, e.g. 48545450)"

bool literal_convert(struct literal_ctx *c, const struct field_ref *ref, const char *fname, enum cmp_op op,
		    const struct ast_value *v, struct field_value *out)
{
	char sh[72];
	bool neg;
	uint64_t mag;
	memset(out, 0, sizeof(*out));
	switch ((enum value_kind)ref->kind) {
	case VK_SIGNED:
		if (!parse_integer(v->text, v->len, &neg, &mag)) {
			diag_set(c->d, v->pos, "'%s' is not a number", literal_show(v, sh, sizeof(sh)));
			return false;
		}
		if (neg)
			out->i = mag > (uint64_t)INT64_MAX + 1 ? INT64_MIN : (int64_t)(0 - mag);
		else
			out->i = mag > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)mag;
		return true;
	case VK_UNSIGNED:
		if (!parse_integer(v->text, v->len, &neg, &mag)) {
			if (ref->type == FT_PORT && v->len > 0 && !memchr(v->text, 0, v->len)) {
				struct servent *se = getservbyname(v->text, "tcp");
				if (!se)
					se = getservbyname(v->text, "udp");
				if (se) {
					out->u = ntohs((uint16_t)se->s_port);
					return true;
				}
				diag_set(c->d, v->pos, "'%s' is not a port number or service name",
					 literal_show(v, sh, sizeof(sh)));
				return false;
			}
			diag_set(c->d, v->pos, "'%s' is not a number", literal_show(v, sh, sizeof(sh)));
			return false;
		}
		if (neg) { /* -1 means all ones at the field's width */
			unsigned bits = type_bits((enum field_type)ref->type);
			out->u = 0 - mag;
			if (bits < 64)
				out->u &= (UINT64_C(1) << bits) - 1;
		} else {
			out->u = mag;
		}
		return true;
	case VK_BOOL:
		if (v->len == 4 && memcmp(v->text, "true", 4) == 0) {
			out->u = 1;
			return true;
		}
		if (v->len == 5 && memcmp(v->text, "false", 5) == 0) {
			out->u = 0;
			return true;
		}
		diag_set(c->d, v->pos, "'%s' is not a boolean (expected true or false)",
			 literal_show(v, sh, sizeof(sh)));
		return false;
	case VK_DOUBLE: {
		char *end = NULL;
		errno = 0;
		out->d = v->len ? strtod(v->text, &end) : 0;
		if (!v->len || end != v->text + v->len || isnan(out->d)) {
			diag_set(c->d, v->pos, "'%s' is not a number", literal_show(v, sh, sizeof(sh)));
			return false;
		}
		return true;
	}
	case VK_STRING:
	case VK_BUFFER:
		if (op == CMP_BCONTAINS || op == CMP_BSTARTSWITH) {
			if (v->len % 2) {
				diag_set(c->d, v->pos, HEX_BYTES_MSG, literal_show(v, sh, sizeof(sh)));
				return false;
			}
			char *p = c->alloc(c->ctx, v->len / 2 + 1);
			if (!p)
				return false;
			for (size_t i = 0; i < v->len; i += 2) {
				int h = hexdigit(v->text[i]), l = hexdigit(v->text[i + 1]);
				if (h < 0 || l < 0) {
					diag_set(c->d, v->pos, HEX_BYTES_MSG,
						 literal_show(v, sh, sizeof(sh)));
					return false;
				}
				p[i / 2] = (char)(h * 16 + l);
			}
			out->str.ptr = p;
			out->str.len = (uint32_t)(v->len / 2);
			return true;
		}
		if (!keep_text(c, v->text, v->len, out))
			return false;
		if (op == CMP_ICONTAINS) {
			char *p = (char *)out->str.ptr;
			for (size_t i = 0; i < v->len; i++)
				if (p[i] >= 'A' && p[i] <= 'Z')
					p[i] = (char)(p[i] - 'A' + 'a');
		}
		if (op == CMP_PMATCH) { /* "/etc/" means "/etc" */
			while (out->str.len > 1 && out->str.ptr[out->str.len - 1] == '/')
				out->str.len--;
		}
		return true;
	case VK_IPADDR:
	case VK_IPNET: {
		bool net;
		if (!parse_ip(v->text, v->len, out, &net)) {
			diag_set(c->d, v->pos, ref->kind == VK_IPNET
					   ? "'%s' is not an IP network (expected ADDRESS/LENGTH)"
					   : "'%s' is not an IP address", literal_show(v, sh, sizeof(sh)));
			return false;
		}
		return true;
	}
	default:
		diag_set(c->d, v->pos, "field '%s' cannot be compared", fname);
		return false;
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = ((const struct field_value *)a)->i, y = ((const struct field_value *)b)->i;
	return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = ((const struct field_value *)a)->u, y = ((const struct field_value *)b)->u;
	return (x > y) - (x < y);
}

/* Strings in sets: by length, then bytes (the VM searches in this order). */
static int cmp_str(const void *a, const void *b)
{
	const struct field_value *x = a, *y = b;
	if (x->str.len != y->str.len)
		return x->str.len < y->str.len ? -1 : 1;
	return memcmp(x->str.ptr, y->str.ptr, x->str.len);
}

static uint32_t dedupe(struct field_value *items, uint32_t n,
		       int (*cmp)(const void *, const void *))
{
	uint32_t o = 0;
	for (uint32_t i = 0; i < n; i++)
		if (o == 0 || cmp(&items[o - 1], &items[i]) != 0)
			items[o++] = items[i];
	return o;
}

uint32_t literal_set_sort(struct field_value *items, uint32_t n, enum value_kind k)
{
	int (*cmp)(const void *, const void *) =
		k == VK_SIGNED ? cmp_i64 : k == VK_STRING || k == VK_BUFFER ? cmp_str : cmp_u64;
	qsort(items, n, sizeof(*items), cmp);
	return dedupe(items, n, cmp);
}

/* ---- regular expressions ----
 * glibc's regcomp copies a subexpression once per '+' or '{n}' applied to
 * it, and its epsilon closures grow with the square of the result, so
 * "a++++...", "((a+)+)+..." or "(.*){5000}" take gigabytes or minutes.
 * Estimate the size of the expanded pattern first and refuse big ones
 * (1000 nodes: at worst some 60 MB and under a second to compile). */

#define REGEX_MAX_NODES 1000.0
#define REGEX_MAX_DEPTH 32

static size_t bracket_end(const char *p, size_t n, size_t i)
{
	size_t j = i + 1;
	if (j < n && p[j] == '^')
		j++;
	if (j < n && p[j] == ']')
		j++;
	while (j < n && p[j] != ']') {
		if (p[j] == '[' && j + 1 < n && p[j + 1] && strchr(":.=", p[j + 1])) {
			char close = p[j + 1];
			size_t k = j + 2;
			while (k + 1 < n && !(p[k] == close && p[k + 1] == ']'))
				k++;
			j = k + 2;
			continue;
		}
		j++;
	}
	return j; /* at the ']' (or n) */
}

/* The repetition factor of "{m}", "{m,}" or "{m,n}" at p[i]; 0 if it is
 * not a valid interval (regcomp then decides). */
static double interval_factor(const char *p, size_t n, size_t *i)
{
	size_t j = *i + 1;
	double m = 0, hi = -1;
	if (j >= n || p[j] < '0' || p[j] > '9')
		return 0;
	while (j < n && p[j] >= '0' && p[j] <= '9')
		m = m * 10 + (p[j++] - '0');
	if (j < n && p[j] == ',') {
		j++;
		if (j < n && p[j] >= '0' && p[j] <= '9') {
			hi = 0;
			while (j < n && p[j] >= '0' && p[j] <= '9')
				hi = hi * 10 + (p[j++] - '0');
		} else {
			hi = m + 1; /* {m,}: m copies and a star */
		}
	} else {
		hi = m;
	}
	if (j >= n || p[j] != '}')
		return 0;
	*i = j;
	return hi > 1 ? hi : 1;
}

bool regex_too_complex(const char *p, size_t n)
{
	double sum[REGEX_MAX_DEPTH + 1], last[REGEX_MAX_DEPTH + 1];
	unsigned d = 0;
	sum[0] = last[0] = 0;
	for (size_t i = 0; i < n; i++) {
		double atom = 1, factor = 0;
		switch (p[i]) {
		case '\\':
			i++;
			break;
		case '[':
			i = bracket_end(p, n, i);
			break;
		case '(':
			if (++d > REGEX_MAX_DEPTH)
				return true;
			sum[d] = last[d] = 0;
			continue;
		case ')':
			if (d > 0)
				atom = sum[d--] + 1;
			break;
		case '|':
			last[d] = 0;
			continue;
		case '*':
		case '?':
			sum[d] += 1; /* a loop node, not a copy */
			if (sum[d] > REGEX_MAX_NODES)
				return true;
			continue;
		case '+':
			factor = 2;
			break;
		case '{':
			factor = interval_factor(p, n, &i);
			break;
		default:
			break;
		}
		if (factor > 0) {
			sum[d] += last[d] * (factor - 1);
			last[d] *= factor;
		} else {
			sum[d] += atom;
			last[d] = atom;
		}
		if (sum[d] > REGEX_MAX_NODES)
			return true;
	}
	double total = 0;
	for (unsigned k = 0; k <= d; k++)
		total += sum[k];
	return total > REGEX_MAX_NODES;
}

/* Back-references (\\1) make matching exponential and RE2 (newer libs)
 * rejects them: so do we. */
bool regex_has_backref(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '[')
			i = bracket_end(p, n, i);
		else if (p[i] == '\\' && i + 1 < n && p[++i] >= '1' && p[i] <= '9')
			return true;
	}
	return false;
}
