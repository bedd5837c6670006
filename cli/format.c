/* -p formats and -j JSON lines over the field registry.  See format.h.
 *
 * A format compiles once into items (literal text or a bound field
 * reference); printing an event walks them, extracting each field and
 * appending its text straight into the printer's output buffer, so no
 * allocation happens per event once the buffers are warm. */
#include "format.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

enum item_kind { IT_TEXT, IT_FIELD };

struct item {
	enum item_kind kind;
	/* IT_TEXT: text[0..len) (points into format->text) */
	const char *text;
	size_t len;
	/* IT_FIELD */
	struct field_ref ref;
	unsigned width;   /* %Nfield, 0 = as long as the value */
	char *key;        /* the field as written, the JSON key */
	bool outputtime;  /* evt.outputtime: the -t time column */
	bool json_last;   /* the last item with this key (JSON keeps the last) */
};

struct format {
	char *text;            /* the unescaped format */
	struct item *items;
	size_t nitems;
	size_t *json_order;    /* field items in key order, duplicates dropped */
	size_t njson;
	bool star;             /* leading '*' */
	bool has_escape;
	struct strbuf scratch; /* resolved text for evt.info / evt.args */
};

/* sysdig turns \n \t \e and \\ into their bytes before it parses the
 * format; any other backslash stays as it is. */
static char *unescape(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			static const char from[] = "nte\\", to[] = "\n\t\033\\";
			const char *hit = strchr(from, s[i + 1]);
			if (hit && *hit) {
				out[o++] = to[hit - from];
				i++;
				continue;
			}
		}
		out[o++] = s[i];
	}
	out[o] = 0;
	return out;
}

static int cmp_keys(const void *a, const void *b, void *items)
{
	const struct item *it = items;
	return strcmp(it[*(const size_t *)a].key, it[*(const size_t *)b].key);
}

/* Sort by key with a stable insertion sort (formats have few fields);
 * qsort_r's instability would not matter, but this needs no GNU API. */
static void sort_json(struct format *f)
{
	for (size_t i = 1; i < f->njson; i++) {
		size_t v = f->json_order[i], j = i;
		while (j > 0 && cmp_keys(&f->json_order[j - 1], &v, f->items) > 0) {
			f->json_order[j] = f->json_order[j - 1];
			j--;
		}
		f->json_order[j] = v;
	}
}

static bool add_item(struct format *f, size_t *cap, const struct item *it)
{
	if (f->nitems == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct item *p = realloc(f->items, nc * sizeof(*p));
		if (!p)
			return false;
		f->items = p;
		*cap = nc;
	}
	f->items[f->nitems++] = *it;
	return true;
}

static bool setup_field(struct item *it, const char *start, size_t len)
{
	it->key = malloc(len + 1);
	if (!it->key)
		return false;
	memcpy(it->key, start, len);
	it->key[len] = 0;
	it->outputtime = strcmp(it->ref.desc->name, "evt.outputtime") == 0;
	if (it->ref.desc->scratch_size) {
		it->ref.scratch = malloc(it->ref.desc->scratch_size);
		if (!it->ref.scratch)
			return false;
		it->ref.scratch_cap = it->ref.desc->scratch_size;
	}
	return true;
}

static bool build_json_order(struct format *f)
{
	f->json_order = malloc((f->nitems ? f->nitems : 1) * sizeof(size_t));
	if (!f->json_order)
		return false;
	for (size_t i = 0; i < f->nitems; i++) {
		if (f->items[i].kind != IT_FIELD)
			continue;
		bool later = false;
		for (size_t j = i + 1; j < f->nitems && !later; j++)
			later = f->items[j].kind == IT_FIELD &&
				strcmp(f->items[j].key, f->items[i].key) == 0;
		f->items[i].json_last = !later;
		if (!later)
			f->json_order[f->njson++] = i;
	}
	sort_json(f);
	return true;
}

struct format *format_compile(const char *text, char *err, size_t errlen)
{
	struct format *f = calloc(1, sizeof(*f));
	size_t cap = 0;
	if (!f || !(f->text = unescape(text)))
		goto oom;
	const char *s = f->text;
	size_t n = strlen(s);
	f->has_escape = memchr(s, '\033', n) != NULL;
	size_t i = 0;
	if (n && s[0] == '*') {
		f->star = true;
		i = 1;
	}
	size_t lit = i;
	while (i < n) {
		if (s[i] != '%') {
			i++;
			continue;
		}
		if (i > lit) {
			struct item t = { .kind = IT_TEXT, .text = s + lit, .len = i - lit };
			if (!add_item(f, &cap, &t))
				goto oom;
		}
		size_t p = i + 1;
		unsigned width = 0;
		while (p < n && s[p] >= '0' && s[p] <= '9') {
			if (width > 100000) {
				snprintf(err, errlen, "the width at column %zu is too large", i + 1);
				goto fail;
			}
			width = width * 10 + (unsigned)(s[p] - '0');
			p++;
		}
		if (p == n) {
			snprintf(err, errlen, "the format ends with '%.*s' where a field name should follow",
				 (int)(p - i), s + i);
			goto fail;
		}
		struct item it = { .kind = IT_FIELD, .width = width };
		size_t used = 0;
		char ferr[256];
		if (field_parse(s + p, n - p, &it.ref, &used, ferr, sizeof(ferr)) != 0) {
			snprintf(err, errlen, "format error at column %zu: %s", p + 1, ferr);
			goto fail;
		}
		if (it.ref.desc->flags & FF_FILTER_ONLY) {
			snprintf(err, errlen, "'%s' can only be used in filters, not in -p formats",
				 it.ref.desc->name);
			goto fail;
		}
		/* proc.aname / proc.apid without [N] match any ancestor in
		 * filters; sysdig 0.29.3 prints the process itself ([0]). */
		if (it.ref.multi && it.ref.desc->extract && !it.ref.has_index) {
			it.ref.multi = false;
			it.ref.has_index = true;
			it.ref.index = 0;
		}
		if (it.ref.multi) {
			snprintf(err, errlen, "'%.*s' has several values: give an index, e.g. %s[1]",
				 (int)used, s + p, it.ref.desc->name);
			goto fail;
		}
		if (!setup_field(&it, s + p, used) || !add_item(f, &cap, &it)) {
			free(it.key);
			free(it.ref.scratch);
			goto oom;
		}
		i = p + used;
		lit = i;
	}
	if (i > lit) {
		struct item t = { .kind = IT_TEXT, .text = s + lit, .len = i - lit };
		if (!add_item(f, &cap, &t))
			goto oom;
	}
	if (!build_json_order(f))
		goto oom;
	return f;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	format_free(f);
	return NULL;
}

void format_free(struct format *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nitems; i++) {
		if (f->items[i].kind == IT_FIELD) {
			free(f->items[i].key);
			free(f->items[i].ref.scratch);
		}
	}
	free(f->items);
	free(f->json_order);
	free(f->text);
	sb_free(&f->scratch);
	free(f);
}

bool format_has_escape(const struct format *f)
{
	return f->has_escape;
}

bool format_uses_flags(const struct format *f, unsigned flags)
{
	for (size_t i = 0; i < f->nitems; i++)
		if (f->items[i].kind == IT_FIELD && (f->items[i].ref.desc->flags & flags))
			return true;
	return false;
}

/* ---- values as text ---- */

static void put_ip(struct strbuf *sb, const struct field_value *v, bool net)
{
	char tmp[INET6_ADDRSTRLEN];
	if (inet_ntop(v->ip.family == 6 ? AF_INET6 : AF_INET, v->ip.addr, tmp, sizeof(tmp)))
		sb_puts(sb, tmp);
	if (net)
		sb_printf(sb, "/%u", v->ip.prefix);
}

/* jsoncpp's way with doubles: 17 significant digits, and ".0" added to
 * what would read as an integer. */
static void put_json_double(struct strbuf *sb, double d)
{
	char tmp[64];
	int n = snprintf(tmp, sizeof(tmp), "%.17g", d);
	if (n <= 0 || (size_t)n >= sizeof(tmp))
		return;
	sb_append(sb, tmp, (size_t)n);
	if (!strpbrk(tmp, ".eEin"))
		sb_puts(sb, ".0");
}

/* A field's value as sysdig prints it in a -p line. */
static void put_value(struct format *f, struct printer *p, const struct item *it,
		      const struct field_value *v, struct strbuf *sb)
{
	(void)f;
	const struct field_ref *r = &it->ref;
	switch ((enum value_kind)r->kind) {
	case VK_SIGNED:
		if (r->desc->fmt == PF_HEX)
			sb_hex(sb, (uint64_t)v->i, true);
		else
			sb_i64(sb, v->i);
		break;
	case VK_UNSIGNED:
		if (r->desc->fmt == PF_HEX)
			sb_hex(sb, v->u, true);
		else if (r->desc->fmt == PF_10_PADDED_DEC) /* the .ns fields */
			sb_u64_padded(sb, v->u, 9);
		else
			sb_u64(sb, v->u);
		break;
	case VK_BOOL:
		sb_puts(sb, v->u ? "true" : "false");
		break;
	case VK_DOUBLE:
		sb_printf(sb, "%.1f", v->d);
		break;
	case VK_STRING:
		sb_append(sb, v->str.ptr, v->str.len);
		break;
	case VK_BUFFER:
		render_buffer(sb, (const uint8_t *)v->str.ptr, v->str.len, p->ro.buf);
		break;
	case VK_IPADDR:
	case VK_IPNET:
		put_ip(sb, v, r->kind == VK_IPNET);
		break;
	default:
		break;
	}
}

void json_escape(struct strbuf *sb, const char *s, size_t n)
{
	static const char hexd[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s, *end = u + n;
	while (u < end) {
		unsigned c = *u;
		const char *esc = NULL;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc) {
			sb_puts(sb, esc);
			u++;
			continue;
		}
		if (c >= 0x20 && c < 0x80) {
			sb_putc(sb, (char)c);
			u++;
			continue;
		}
		/* Control bytes and everything beyond ASCII become \uXXXX, as
		 * jsoncpp writes them: UTF-8 is decoded (its lead byte decides
		 * the length; a short or invalid sequence is U+FFFD for one
		 * byte), code points past U+FFFF as surrogate pairs. */
		uint32_t cp = 0xFFFD;
		size_t used = 1;
		size_t left = (size_t)(end - u);
		if (c < 0x80) {
			cp = c;
		} else if ((c & 0xE0) == 0xC0 && left >= 2) {
			cp = ((c & 0x1Fu) << 6) | (u[1] & 0x3Fu);
			used = 2;
			if (cp < 0x80)
				cp = 0xFFFD;
		} else if ((c & 0xF0) == 0xE0 && left >= 3) {
			cp = ((c & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
			used = 3;
			if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
				cp = 0xFFFD;
		} else if ((c & 0xF8) == 0xF0 && left >= 4) {
			cp = ((c & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
			     (u[3] & 0x3Fu);
			used = 4;
			if (cp < 0x10000 || cp > 0x10FFFF)
				cp = 0xFFFD;
		}
		uint32_t units[2] = { cp, 0 };
		int nunits = 1;
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			units[0] = 0xD800 + (cp >> 10);
			units[1] = 0xDC00 + (cp & 0x3FF);
			nunits = 2;
		}
		for (int k = 0; k < nunits; k++) {
			char e[6] = { '\\', 'u', hexd[(units[k] >> 12) & 15], hexd[(units[k] >> 8) & 15],
				      hexd[(units[k] >> 4) & 15], hexd[units[k] & 15] };
			sb_append(sb, e, 6);
		}
		u += used;
	}
}

/* ---- printing ---- */

/* Extract one field; evt.outputtime is the printer's -t column. */
static bool get_value(const struct item *it, const struct event *ev, const struct evt_ctx *ctx,
		      struct state *st, struct field_value *v)
{
	return field_extract(&it->ref, ev, ctx, st, v);
}

static void pad_or_cut(struct strbuf *sb, size_t start, unsigned width)
{
	if (!width)
		return;
	size_t have = sb->len - start;
	if (have > width) {
		sb->len = start + width;
		return;
	}
	for (size_t k = have; k < width; k++)
		sb_putc(sb, ' ');
}

static bool print_text(struct format *f, struct printer *p, const struct event *ev,
		       const struct evt_ctx *ctx, struct state *st)
{
	struct strbuf *sb = &p->buf;
	size_t line_start = sb->len;
	for (size_t i = 0; i < f->nitems; i++) {
		const struct item *it = &f->items[i];
		if (it->kind == IT_TEXT) {
			sb_append(sb, it->text, it->len);
			continue;
		}
		size_t start = sb->len;
		if (it->outputtime) {
			format_output_time(p, sb, ev, ctx, st);
		} else {
			struct field_value v;
			if (!get_value(it, ev, ctx, st, &v)) {
				if (!f->star) {
					sb->len = line_start;
					return false;
				}
				sb_puts(sb, "<NA>");
			} else {
				put_value(f, p, it, &v, sb);
			}
		}
		pad_or_cut(sb, start, it->width);
	}
	sb_putc(sb, '\n');
	return true;
}

static void put_json_value(struct format *f, struct printer *p, const struct item *it,
			   const struct field_value *v, struct strbuf *sb)
{
	switch ((enum value_kind)it->ref.kind) {
	case VK_SIGNED:
		sb_i64(sb, v->i);
		return;
	case VK_UNSIGNED:
		sb_u64(sb, v->u);
		return;
	case VK_BOOL:
		sb_puts(sb, v->u ? "true" : "false");
		return;
	case VK_DOUBLE:
		put_json_double(sb, v->d);
		return;
	default:
		break;
	}
	/* Text: rendered as for -p, then escaped. */
	sb_clear(&f->scratch);
	put_value(f, p, it, v, &f->scratch);
	sb_putc(sb, '"');
	json_escape(sb, f->scratch.data, f->scratch.len);
	sb_putc(sb, '"');
}

static bool print_json(struct format *f, struct printer *p, const struct event *ev,
		       const struct evt_ctx *ctx, struct state *st)
{
	struct strbuf *sb = &p->buf;
	size_t line_start = sb->len;
	sb_putc(sb, '{');
	for (size_t k = 0; k < f->njson; k++) {
		const struct item *it = &f->items[f->json_order[k]];
		if (k)
			sb_putc(sb, ',');
		sb_putc(sb, '"');
		json_escape(sb, it->key, strlen(it->key));
		sb_puts(sb, "\":");
		struct field_value v;
		bool ok;
		/* sysdig writes every time it shows as text as the raw ns */
		bool raw_ts = it->outputtime || (it->ref.desc->flags & FF_TIME_TEXT);
		if (raw_ts) {
			ok = true;
			v.u = ev->ts;
		} else {
			ok = get_value(it, ev, ctx, st, &v);
		}
		if (!ok) {
			if (!f->star) {
				sb->len = line_start;
				return false;
			}
			sb_puts(sb, "null");
			continue;
		}
		if (raw_ts)
			sb_u64(sb, v.u);
		else
			put_json_value(f, p, it, &v, sb);
	}
	sb_puts(sb, "}\n");
	return true;
}

bool format_print(struct format *f, struct printer *p, bool json, const struct event *ev,
		  const struct evt_ctx *ctx, struct state *st)
{
	/* Every reference to a field that renders parameters follows the
	 * printer's options (-v, -A/-x/-X/-b); JSON never cuts values. */
	struct render_opts ro = p->ro;
	if (json)
		ro.verbose = true;
	fields_set_render_opts(&ro);
	bool printed = json ? print_json(f, p, ev, ctx, st) : print_text(f, p, ev, ctx, st);
	fields_set_render_opts(NULL);
	return printed;
}

bool print_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
		struct state *st)
{
	if (!p->fmt) {
		print_default_line(p, ev, ctx, st);
		printer_line_done(p);
		return true;
	}
	bool printed = format_print(p->fmt, p, p->json, ev, ctx, st);
	printer_line_done(p);
	return printed;
}
