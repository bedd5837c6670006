/* Field lookup (longest prefix + argument), typo suggestions, type names
 * and plain value text.  The table itself is in fields_registry.c. */
#include "fields.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const char *const type_names[FT_MAX] = {
	[FT_NONE] = "NONE",       [FT_INT16] = "INT16",     [FT_INT32] = "INT32",
	[FT_INT64] = "INT64",     [FT_UINT32] = "UINT32",   [FT_UINT64] = "UINT64",
	[FT_BOOL] = "BOOL",       [FT_DOUBLE] = "DOUBLE",   [FT_RELTIME] = "RELTIME",
	[FT_ABSTIME] = "ABSTIME", [FT_PORT] = "PORT",       [FT_CHARBUF] = "CHARBUF",
	[FT_BYTEBUF] = "BYTEBUF", [FT_IPADDR] = "IPADDR",   [FT_IPNET] = "IPNET",
	[FT_DYNAMIC] = "DYNAMIC",
};

const char *field_type_name(enum field_type t)
{
	return (unsigned)t < FT_MAX ? type_names[t] : "NONE";
}

enum value_kind field_type_kind(enum field_type t)
{
	switch (t) {
	case FT_INT16: case FT_INT32: case FT_INT64:
		return VK_SIGNED;
	case FT_UINT32: case FT_UINT64: case FT_RELTIME: case FT_ABSTIME: case FT_PORT:
		return VK_UNSIGNED;
	case FT_BOOL:
		return VK_BOOL;
	case FT_DOUBLE:
		return VK_DOUBLE;
	case FT_CHARBUF:
		return VK_STRING;
	case FT_BYTEBUF:
		return VK_BUFFER;
	case FT_IPADDR:
		return VK_IPADDR;
	case FT_IPNET:
		return VK_IPNET;
	default:
		return VK_NONE;
	}
}

enum field_type field_type_of_ptype(uint8_t ptype)
{
	switch (ptype) {
	case PT_INT8: case PT_INT16: case PT_INT32: case PT_INT64:
	case PT_ERRNO: case PT_FD: case PT_PID: case PT_FD32: case PT_PID32:
		return FT_INT64;
	case PT_UINT8: case PT_UINT16: case PT_UINT32: case PT_UINT64:
	case PT_SYSCALLID: case PT_SIGTYPE: case PT_L4PROTO: case PT_SOCKFAMILY:
	case PT_FLAGS8: case PT_FLAGS16: case PT_FLAGS32: case PT_UID: case PT_GID:
	case PT_MODE: case PT_ENUMFLAGS8: case PT_ENUMFLAGS16: case PT_ENUMFLAGS32:
	case PT_SIGSET:
		return FT_UINT64;
	case PT_PORT:
		return FT_PORT;
	case PT_RELTIME:
		return FT_RELTIME;
	case PT_ABSTIME:
		return FT_ABSTIME;
	case PT_BOOL:
		return FT_BOOL;
	case PT_DOUBLE:
		return FT_DOUBLE;
	case PT_CHARBUF: case PT_FSPATH: case PT_FSRELPATH:
		return FT_CHARBUF;
	case PT_IPV4ADDR: case PT_IPV6ADDR: case PT_IPADDR:
		return FT_IPADDR;
	case PT_IPV4NET: case PT_IPV6NET: case PT_IPNET:
		return FT_IPNET;
	default: /* BYTEBUF, SOCKADDR, SOCKTUPLE, FDLIST, arrays, DYN: raw bytes */
		return FT_BYTEBUF;
	}
}

const struct field_desc *field_by_name(const char *name)
{
	size_t n = field_count();
	for (size_t i = 0; i < n; i++) {
		const struct field_desc *d = field_at(i);
		if (strcmp(d->name, name) == 0)
			return d;
	}
	return NULL;
}

bool field_extract(const struct field_ref *ref, const struct event *ev,
		   const struct evt_ctx *ctx, struct state *st, struct field_value *out)
{
	if (ref->desc->extract)
		return ref->desc->extract(ref, ev, ctx, st, out);
	/* a field that only has several values: its first one */
	return ref->desc->extract_nth && ref->desc->extract_nth(ref, ev, ctx, st, 0, out);
}

/* ---- lookup ---- */

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, a, b ? b : "");
}

/* Parse "[N]" as an integer. */
static bool parse_index(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	uint64_t v = 0;
	if (len && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > (uint64_t)INT32_MAX)
			return false;
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

/* How far a candidate field would consume `text`, with its argument.
 * Returns 0 if the candidate does not fit (and leaves a reason in why). */
static size_t try_candidate(const struct field_desc *d, const char *text, size_t len,
			    struct field_ref *ref, const char **why)
{
	size_t base = strlen(d->name);
	memset(ref, 0, sizeof(*ref));
	ref->desc = d;
	ref->type = d->type;
	ref->kind = (uint8_t)field_type_kind((enum field_type)d->type);

	if (base < len && text[base] == '[' && (d->arg & (FARG_INDEX | FARG_BRACKET))) {
		const char *close = memchr(text + base + 1, ']', len - base - 1);
		if (!close) {
			*why = "missing ']' after the argument of '%s'";
			return 0;
		}
		size_t alen = (size_t)(close - (text + base + 1));
		if (d->arg & FARG_INDEX && parse_index(text + base + 1, alen, &ref->index)) {
			ref->has_index = true;
		} else if (d->arg & FARG_BRACKET) {
			if (alen >= FIELD_ARG_MAX) {
				*why = "the argument of '%s' is too long";
				return 0;
			}
			memcpy(ref->name, text + base + 1, alen);
			ref->name[alen] = 0;
			ref->has_name = true;
		} else {
			*why = "'%s' needs a numeric index, as in %s[1]";
			return 0;
		}
		return (size_t)(close - text) + 1;
	}
	if (base + 1 < len && text[base] == '.' && (d->arg & FARG_NAME) &&
	    is_name_char(text[base + 1])) {
		size_t e = base + 1;
		while (e < len && is_name_char(text[e]))
			e++;
		while (e > base + 1 && text[e - 1] == '.') /* a trailing dot is text */
			e--;
		size_t alen = e - base - 1;
		if (alen >= FIELD_ARG_MAX) {
			*why = "the argument of '%s' is too long";
			return 0;
		}
		memcpy(ref->name, text + base + 1, alen);
		ref->name[alen] = 0;
		ref->has_name = true;
		return e;
	}
	if (d->arg & FARG_REQUIRED) {
		if (d->arg & FARG_NAME)
			*why = (d->arg & FARG_INDEX) ? "'%s' needs an argument: %s.NAME or %s[N]"
						     : "'%s' needs an argument: %s.NAME";
		else
			*why = "'%s' needs an argument: %s[N]";
		return 0;
	}
	return base;
}

int field_parse(const char *text, size_t len, struct field_ref *ref, size_t *consumed,
		char *err, size_t errlen)
{
	size_t n = field_count();
	size_t best = 0, best_name = 0;
	const struct field_desc *failed = NULL;
	const char *why = NULL;
	struct field_ref cand;

	for (size_t i = 0; i < n; i++) {
		const struct field_desc *d = field_at(i);
		size_t nl = strlen(d->name);
		if (nl > len || memcmp(d->name, text, nl) != 0)
			continue;
		const char *w = NULL;
		size_t c = try_candidate(d, text, len, &cand, &w);
		if (c == 0) {
			if (!failed || nl > strlen(failed->name)) {
				failed = d;
				why = w;
			}
			continue;
		}
		if (c > best || (c == best && nl > best_name)) {
			best = c;
			best_name = nl;
			*ref = cand;
		}
	}
	if (best == 0 || (failed && strlen(failed->name) > best_name && best < len)) {
		if (failed) {
			if (err && errlen) /* the formats name the field up to three times */
				snprintf(err, errlen, why, failed->name, failed->name,
					 failed->name);
			return -1;
		}
		/* Unknown: quote the name up to the first blank or operator. */
		char name[96];
		size_t l = 0;
		while (l < len && l < sizeof(name) - 1 &&
		       (is_name_char(text[l]) || text[l] == '[' || text[l] == ']'))
			l++;
		if (l == 0)
			l = len < sizeof(name) - 1 ? len : sizeof(name) - 1;
		memcpy(name, text, l);
		name[l] = 0;
		size_t stem = strcspn(name, "[");
		const char *sugg = field_suggest(name, stem);
		if (sugg) {
			if (err && errlen)
				snprintf(err, errlen, "unknown field '%s' (did you mean '%s'?)",
					 name, sugg);
		} else {
			set_err(err, errlen, "unknown field '%s'%s", name, NULL);
		}
		return -1;
	}
	if (ref->type == FT_DYNAMIC && !ref->desc->bind) {
		set_err(err, errlen, "field '%s' has no type%s", ref->desc->name, NULL);
		return -1;
	}
	if (ref->desc->bind && !ref->desc->bind(ref, err, errlen))
		return -1;
	ref->kind = (uint8_t)field_type_kind((enum field_type)ref->type);
	if (consumed)
		*consumed = best;
	return 0;
}

/* ---- suggestions ---- */

/* Optimal string alignment distance (Levenshtein plus adjacent swaps). */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	enum { MAXL = 64 };
	unsigned d[MAXL + 1][MAXL + 1];
	if (la > MAXL || lb > MAXL)
		return 1000;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *field_suggest(const char *name, size_t len)
{
	size_t n = field_count();
	const char *best = NULL;
	unsigned best_d = 1000;
	/* Allow about one typo per four characters, at most three. */
	unsigned limit = len < 8 ? 1 : len < 12 ? 2 : 3;
	for (size_t i = 0; i < n; i++) {
		const struct field_desc *d = field_at(i);
		if (d->flags & FF_HIDDEN)
			continue;
		unsigned dist = edit_distance(name, len, d->name, strlen(d->name));
		if (dist < best_d) {
			best_d = dist;
			best = d->name;
		}
	}
	return best_d <= limit ? best : NULL;
}

/* ---- plain text of a value ---- */

static size_t put(char *buf, size_t cap, const char *s, size_t len)
{
	if (cap) {
		size_t n = len < cap - 1 ? len : cap - 1;
		memcpy(buf, s, n);
		buf[n] = 0;
	}
	return len;
}

size_t field_value_format(const struct field_ref *ref, const struct field_value *v,
			  char *buf, size_t cap)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	int n = 0;
	switch ((enum value_kind)ref->kind) {
	case VK_SIGNED:
		if (ref->desc->fmt == PF_HEX)
			n = snprintf(tmp, sizeof(tmp), "%llX", (unsigned long long)v->i);
		else
			n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v->i);
		break;
	case VK_UNSIGNED:
		if (ref->desc->fmt == PF_HEX)
			n = snprintf(tmp, sizeof(tmp), "%llX", (unsigned long long)v->u);
		else
			n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v->u);
		break;
	case VK_BOOL:
		n = snprintf(tmp, sizeof(tmp), "%s", v->u ? "true" : "false");
		break;
	case VK_DOUBLE:
		n = snprintf(tmp, sizeof(tmp), "%.1f", v->d);
		break;
	case VK_STRING:
	case VK_BUFFER:
		return put(buf, cap, v->str.ptr, v->str.len);
	case VK_IPADDR:
	case VK_IPNET:
		if (!inet_ntop(v->ip.family == 6 ? AF_INET6 : AF_INET, v->ip.addr, tmp,
			       sizeof(tmp)))
			tmp[0] = 0;
		n = (int)strlen(tmp);
		if (ref->kind == VK_IPNET)
			n += snprintf(tmp + n, sizeof(tmp) - (size_t)n, "/%u", v->ip.prefix);
		break;
	default:
		tmp[0] = 0;
		break;
	}
	if (n < 0)
		n = 0;
	return put(buf, cap, tmp, (size_t)n);
}
