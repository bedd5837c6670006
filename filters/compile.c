/* Filter compiler: see compile.h. */
#include "compile.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

/* ---- compile context ---- */

struct plist { /* instruction exits waiting for a target: index * 2 + (1 = jf) */
	uint32_t *v;
	size_t n, cap;
};

/* Pushdown: the kinds of event on which a node is surely (lo) / possibly
 * (hi) true.  A kind is a non-generic event type (bits 2..335) or, for the
 * generic events 0/1, the syscall they carry (bits SC_BASE + PPM_SC code),
 * so evt.type tests on syscall names stay exact through and/or/not. */
#define SC_BASE EVENT_TYPE_MAX
#define KIND_BITS (SC_BASE + VM_SC_SLOTS)
#define KIND_WORDS ((KIND_BITS + 63) / 64)

struct bounds {
	uint64_t lo[KIND_WORDS];
	uint64_t hi[KIND_WORDS];
};

struct cc {
	struct compiled_filter *cf;
	struct filter_diag *d;
	size_t insn_cap, slot_cap, const_cap, alloc_cap;
	bool oom;
};

static void *cc_alloc(struct cc *c, size_t n)
{
	if (c->cf->nallocs == c->alloc_cap) {
		size_t cap = c->alloc_cap ? c->alloc_cap * 2 : 16;
		void **a = realloc(c->cf->allocs, cap * sizeof(*a));
		if (!a) {
			c->oom = true;
			return NULL;
		}
		c->cf->allocs = a;
		c->alloc_cap = cap;
	}
	void *p = calloc(1, n ? n : 1);
	if (!p) {
		c->oom = true;
		return NULL;
	}
	c->cf->allocs[c->cf->nallocs++] = p;
	return p;
}

static bool grow(struct cc *c, void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 8;
	while (nc < need)
		nc *= 2;
	void *a = realloc(*arr, nc * elem);
	if (!a) {
		c->oom = true;
		return false;
	}
	memset((char *)a + *cap * elem, 0, (nc - *cap) * elem);
	*arr = a;
	*cap = nc;
	return true;
}

static bool plist_add(struct cc *c, struct plist *l, uint32_t v)
{
	if (!grow(c, (void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)))
		return false;
	l->v[l->n++] = v;
	return true;
}

static bool plist_append(struct cc *c, struct plist *dst, struct plist *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (!plist_add(c, dst, src->v[i]))
			return false;
	return true;
}

static void plist_patch(struct cc *c, struct plist *l, uint32_t target)
{
	for (size_t i = 0; i < l->n; i++) {
		struct vm_insn *in = &c->cf->prog.insns[l->v[i] >> 1];
		if (l->v[i] & 1)
			in->jf = target;
		else
			in->jt = target;
	}
	l->n = 0;
}

static uint32_t new_const(struct cc *c)
{
	struct vm_prog *p = &c->cf->prog;
	if (!grow(c, (void **)&p->consts, &c->const_cap, p->nconsts + 1, sizeof(*p->consts)))
		return UINT32_MAX;
	return p->nconsts++;
}

/* ---- messages ---- */

/* The value as it can be shown inside '...' in a message. */
static const char *show(const struct ast_value *v, char *buf, size_t cap)
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

static const char *kind_words(enum value_kind k)
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

static bool op_applies(enum cmp_op op, enum value_kind k)
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
static bool keep_text(struct cc *c, const char *s, size_t len, struct field_value *out)
{
	char *p = cc_alloc(c, len + 1);
	if (!p)
		return false;
	memcpy(p, s, len);
	out->str.ptr = p;
	out->str.len = (uint32_t)len;
	return true;
}

#define HEX_BYTES_MSG "'%s' is not a hex byte string (two hex digits per byte, e.g. 48545450)"

/* Convert one value for a field of this reference and operator. */
static bool convert(struct cc *c, const struct field_ref *ref, const char *fname, enum cmp_op op,
		    const struct ast_value *v, struct field_value *out)
{
	char sh[72];
	bool neg;
	uint64_t mag;
	memset(out, 0, sizeof(*out));
	switch ((enum value_kind)ref->kind) {
	case VK_SIGNED:
		if (!parse_integer(v->text, v->len, &neg, &mag)) {
			diag_set(c->d, v->pos, "'%s' is not a number", show(v, sh, sizeof(sh)));
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
					 show(v, sh, sizeof(sh)));
				return false;
			}
			diag_set(c->d, v->pos, "'%s' is not a number", show(v, sh, sizeof(sh)));
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
			 show(v, sh, sizeof(sh)));
		return false;
	case VK_DOUBLE: {
		char *end = NULL;
		errno = 0;
		out->d = v->len ? strtod(v->text, &end) : 0;
		if (!v->len || end != v->text + v->len || isnan(out->d)) {
			diag_set(c->d, v->pos, "'%s' is not a number", show(v, sh, sizeof(sh)));
			return false;
		}
		return true;
	}
	case VK_STRING:
	case VK_BUFFER:
		if (op == CMP_BCONTAINS || op == CMP_BSTARTSWITH) {
			if (v->len % 2) {
				diag_set(c->d, v->pos, HEX_BYTES_MSG, show(v, sh, sizeof(sh)));
				return false;
			}
			char *p = cc_alloc(c, v->len / 2 + 1);
			if (!p)
				return false;
			for (size_t i = 0; i < v->len; i += 2) {
				int h = hexdigit(v->text[i]), l = hexdigit(v->text[i + 1]);
				if (h < 0 || l < 0) {
					diag_set(c->d, v->pos, HEX_BYTES_MSG,
						 show(v, sh, sizeof(sh)));
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
					   : "'%s' is not an IP address", show(v, sh, sizeof(sh)));
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

static bool regex_too_complex(const char *p, size_t n)
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
static bool regex_has_backref(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '[')
			i = bracket_end(p, n, i);
		else if (p[i] == '\\' && i + 1 < n && p[++i] >= '1' && p[i] <= '9')
			return true;
	}
	return false;
}

/* ---- evt.type ---- */

bool event_type_name_known(const char *name, size_t len)
{
	if (memchr(name, 0, len))
		return false;
	for (unsigned t = 0; t < EVENT_TYPE_MAX; t++) {
		const char *n = event_table[t].name;
		if (n && strlen(n) == len && memcmp(n, name, len) == 0)
			return true;
	}
	for (unsigned s = 0; s < PPM_SC_MAX; s++) {
		const char *n = ppm_sc_name((uint16_t)s);
		if (n && strlen(n) == len && memcmp(n, name, len) == 0)
			return true;
	}
	return false;
}

static void set_bit(uint64_t *w, unsigned i)
{
	w[i >> 6] |= UINT64_C(1) << (i & 63);
}

/* Evaluate a string test on every event name: the set of types it accepts. */
static void build_typeset(const struct vm_insn *in, const struct vm_const *k, struct vm_typeset *ts)
{
	memset(ts, 0, sizeof(*ts));
	for (unsigned t = EVT_GENERIC_X + 1; t < EVENT_TYPE_MAX; t++) {
		const char *n = event_table[t].name;
		if (n && vm_test_string(in, k, n, (uint32_t)strlen(n)))
			set_bit(ts->types, t);
	}
	for (unsigned s = 0; s < VM_SC_SLOTS; s++) {
		const char *n = s < PPM_SC_MAX ? ppm_sc_name((uint16_t)s) : NULL;
		if (!n)
			n = "<unknown>";
		if (vm_test_string(in, k, n, (uint32_t)strlen(n)))
			set_bit(ts->sc, s);
	}
}

static void bounds_all(uint64_t *w)
{
	memset(w, 0, KIND_WORDS * sizeof(*w));
	for (unsigned k = EVT_GENERIC_X + 1; k < KIND_BITS; k++)
		set_bit(w, k);
}

static void bounds_of_typeset(const struct vm_typeset *ts, struct bounds *b)
{
	memset(b->lo, 0, sizeof(b->lo));
	for (unsigned t = EVT_GENERIC_X + 1; t < EVENT_TYPE_MAX; t++)
		if ((ts->types[t >> 6] >> (t & 63)) & 1)
			set_bit(b->lo, t);
	for (unsigned s = 0; s < VM_SC_SLOTS; s++)
		if ((ts->sc[s >> 6] >> (s & 63)) & 1)
			set_bit(b->lo, SC_BASE + s);
	memcpy(b->hi, b->lo, sizeof(b->hi));
}

/* The event types of a kind set: generic events if any syscall is in it. */
static void kinds_to_types(const uint64_t *k, struct event_typeset *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned t = EVT_GENERIC_X + 1; t < EVENT_TYPE_MAX; t++)
		if ((k[t >> 6] >> (t & 63)) & 1)
			set_bit(out->bits, t);
	for (unsigned s = 0; s < VM_SC_SLOTS; s++) {
		unsigned i = SC_BASE + s;
		if ((k[i >> 6] >> (i & 63)) & 1) {
			set_bit(out->bits, EVT_GENERIC_E);
			set_bit(out->bits, EVT_GENERIC_X);
			break;
		}
	}
}

/* ---- checks ---- */

static bool same_ref(const struct field_ref *a, const struct field_ref *b)
{
	return a->desc == b->desc && a->has_index == b->has_index && a->index == b->index &&
	       a->has_name == b->has_name && strcmp(a->name, b->name) == 0 && a->type == b->type;
}

static int slot_for(struct cc *c, const struct field_ref *ref)
{
	struct vm_prog *p = &c->cf->prog;
	for (uint32_t i = 0; i < p->nslots; i++)
		if (same_ref(&p->slots[i].ref, ref))
			return (int)i;
	if (p->nslots >= UINT16_MAX) {
		c->oom = true;
		return -1;
	}
	if (!grow(c, (void **)&p->slots, &c->slot_cap, p->nslots + 1, sizeof(*p->slots)))
		return -1;
	struct vm_slot *s = &p->slots[p->nslots];
	s->ref = *ref;
	s->extract = ref->desc->extract;
	s->multi = ref->multi || !s->extract; /* only extract_nth: read as a list */
	if (ref->desc->scratch_size) {
		s->ref.scratch = cc_alloc(c, ref->desc->scratch_size);
		if (!s->ref.scratch)
			return -1;
		s->ref.scratch_cap = ref->desc->scratch_size;
	}
	return (int)p->nslots++;
}

static bool resolve_field(struct cc *c, const struct ast_node *n, struct field_ref *ref)
{
	char msg[200];
	size_t used = 0, flen = strlen(n->field);
	if (field_parse(n->field, flen, ref, &used, msg, sizeof(msg)) != 0) {
		diag_set(c->d, n->field_pos, "%s", msg);
		return false;
	}
	if (used == flen)
		return true;
	char after = n->field[used];
	if ((after == '[' || after == '.') && ref->desc->arg == FARG_NONE &&
	    strlen(ref->desc->name) == used) {
		diag_set(c->d, n->field_pos + used, "field '%s' takes no argument",
			 ref->desc->name);
		return false;
	}
	const char *s = field_suggest(n->field, strcspn(n->field, "["));
	if (s)
		diag_set(c->d, n->field_pos, "unknown field '%s' (did you mean '%s'?)", n->field,
			 s);
	else
		diag_set(c->d, n->field_pos, "unknown field '%s'", n->field);
	return false;
}

/* Compile one check into one instruction; fills its pushdown bounds. */
static bool gen_check(struct cc *c, const struct ast_node *n, struct plist *t, struct plist *f,
		      struct bounds *b)
{
	struct vm_prog *p = &c->cf->prog;
	struct field_ref ref;
	char sh[72];
	if (!resolve_field(c, n, &ref))
		return false;
	enum value_kind kind = (enum value_kind)ref.kind;
	const char *opname = cmp_op_name(n->op);
	if (!op_applies(n->op, kind)) {
		diag_set(c->d, n->op_pos, "'%s' does not apply to %s field '%s'", opname,
			 kind_words(kind), n->field);
		return false;
	}

	struct vm_insn in = { .cmp = (uint8_t)n->op };
	uint32_t ki = new_const(c);
	if (ki == UINT32_MAX)
		return false;
	in.k = ki;
	struct vm_const *k = &p->consts[ki];

	if (n->op == CMP_EXISTS) {
		in.code = VM_EXISTS;
	} else if (cmp_op_is_list(n->op)) {
		struct field_value *items = cc_alloc(c, (n->nvals ? n->nvals : 1) * sizeof(*items));
		if (!items)
			return false;
		for (size_t i = 0; i < n->nvals; i++)
			if (!convert(c, &ref, n->field, n->op, &n->vals[i], &items[i]))
				return false;
		uint32_t cnt = (uint32_t)n->nvals;
		if (n->op == CMP_PMATCH) {
			in.code = VM_PMATCH;
		} else if (kind == VK_SIGNED) {
			qsort(items, cnt, sizeof(*items), cmp_i64);
			cnt = dedupe(items, cnt, cmp_i64);
			in.code = VM_INT_SET;
		} else if (kind == VK_UNSIGNED || kind == VK_BOOL) {
			qsort(items, cnt, sizeof(*items), cmp_u64);
			cnt = dedupe(items, cnt, cmp_u64);
			in.code = VM_UINT_SET;
		} else if (kind == VK_STRING || kind == VK_BUFFER) {
			qsort(items, cnt, sizeof(*items), cmp_str);
			cnt = dedupe(items, cnt, cmp_str);
			in.code = VM_STR_SET;
		} else {
			in.code = VM_ANY;
		}
		k->items = items;
		k->n = cnt;
	} else {
		if (!convert(c, &ref, n->field, n->op, &n->vals[0], &k->v))
			return false;
		switch (kind) {
		case VK_SIGNED:
			in.code = VM_INT;
			break;
		case VK_UNSIGNED: case VK_BOOL:
			in.code = VM_UINT;
			break;
		case VK_DOUBLE:
			in.code = VM_DBL;
			break;
		case VK_IPADDR: case VK_IPNET:
			in.code = VM_IP;
			break;
		default:
			in.code = VM_STR;
			break;
		}
		if (n->op == CMP_REGEX) {
			if (regex_has_backref(k->v.str.ptr, k->v.str.len)) {
				diag_set(c->d, n->vals[0].pos, "regular expression '%s': %s",
					 show(&n->vals[0], sh, sizeof(sh)),
					 "back-references are not supported");
				return false;
			}
			if (regex_too_complex(k->v.str.ptr, k->v.str.len)) {
				diag_set(c->d, n->vals[0].pos,
					 "regular expression '%s' is too complex",
					 show(&n->vals[0], sh, sizeof(sh)));
				return false;
			}
			regex_t *re = cc_alloc(c, sizeof(*re));
			if (!re)
				return false;
			int rc = regcomp(re, k->v.str.ptr, REG_EXTENDED);
			if (rc != 0) {
				char why[120];
				regerror(rc, re, why, sizeof(why));
				diag_set(c->d, n->vals[0].pos,
					 "invalid regular expression '%s': %s",
					 show(&n->vals[0], sh, sizeof(sh)), why);
				return false;
			}
			k->re = re;
		}
	}

	bounds_all(b->hi);
	memset(b->lo, 0, sizeof(b->lo));

	if ((ref.desc->flags & FF_EVENT_TYPE) && !ref.multi) {
		bool exact = n->op == CMP_EQ || n->op == CMP_NE || n->op == CMP_IN ||
			     n->op == CMP_INTERSECTS;
		if (exact) { /* names must exist, as in sysdig */
			for (size_t i = 0; i < n->nvals; i++) {
				if (!event_type_name_known(n->vals[i].text, n->vals[i].len)) {
					diag_set(c->d, n->vals[i].pos, "unknown event type '%s'",
						 show(&n->vals[i], sh, sizeof(sh)));
					return false;
				}
			}
		}
		struct vm_typeset *ts = cc_alloc(c, sizeof(*ts));
		if (!ts)
			return false;
		struct vm_insn probe = in;
		if (in.code == VM_EXISTS) {
			probe.code = VM_CONST;
			probe.k = 1;
		}
		build_typeset(&probe, &p->consts[ki], ts);
		p->consts[ki].ts = ts;
		in.code = VM_TYPESET;
		bounds_of_typeset(ts, b);
	} else {
		int slot = slot_for(c, &ref);
		if (slot < 0)
			return false;
		in.slot = (uint16_t)slot;
	}

	if (!grow(c, (void **)&p->insns, &c->insn_cap, p->ninsns + 1, sizeof(*p->insns)))
		return false;
	uint32_t idx = p->ninsns++;
	p->insns[idx] = in;
	return plist_add(c, t, idx * 2) && plist_add(c, f, idx * 2 + 1);
}

static bool gen(struct cc *c, const struct ast_node *n, struct plist *t, struct plist *f,
		struct bounds *b);

/* An evt.type test (or its negation): one bit test on the type id, with
 * no field to extract, so the cheapest test there is. */
static bool is_type_test(const struct ast_node *n)
{
	if (n->kind == AST_NOT)
		n = n->kids[0];
	return n->kind == AST_CHECK && strcmp(n->field, "evt.type") == 0;
}

/* The i-th child in evaluation order: the evt.type tests first, then the
 * others as written.  and/or do not depend on the order (fields have no
 * side effects), and most events then leave after one cheap test. */
static const struct ast_node *chain_kid(const struct ast_node *n, size_t i)
{
	size_t ntype = 0;
	for (size_t k = 0; k < n->nkids; k++)
		ntype += is_type_test(n->kids[k]);
	bool want_type = i < ntype;
	size_t rank = want_type ? i : i - ntype;
	for (size_t k = 0; k < n->nkids; k++) {
		if (is_type_test(n->kids[k]) != want_type)
			continue;
		if (rank-- == 0)
			return n->kids[k];
	}
	return n->kids[i]; /* not reached */
}

/* and: each child's true exit goes to the next child; false exits leave.
 * or: the mirror image. */
static bool gen_chain(struct cc *c, const struct ast_node *n, struct plist *t, struct plist *f,
		      struct bounds *b)
{
	bool is_and = n->kind == AST_AND;
	struct plist pass = { 0 };
	struct bounds kb;
	bool ok = true;
	for (size_t i = 0; ok && i < n->nkids; i++) {
		const struct ast_node *kid = chain_kid(n, i);
		if (i > 0)
			plist_patch(c, &pass, c->cf->prog.ninsns);
		ok = is_and ? gen(c, kid, &pass, f, &kb) : gen(c, kid, t, &pass, &kb);
		if (!ok)
			break;
		if (i == 0) {
			*b = kb;
			continue;
		}
		for (unsigned w = 0; w < KIND_WORDS; w++) {
			if (is_and) {
				b->lo[w] &= kb.lo[w];
				b->hi[w] &= kb.hi[w];
			} else {
				b->lo[w] |= kb.lo[w];
				b->hi[w] |= kb.hi[w];
			}
		}
	}
	if (ok)
		ok = plist_append(c, is_and ? t : f, &pass);
	free(pass.v);
	return ok;
}

static bool gen(struct cc *c, const struct ast_node *n, struct plist *t, struct plist *f,
		struct bounds *b)
{
	switch (n->kind) {
	case AST_CHECK:
		return gen_check(c, n, t, f, b);
	case AST_NOT: {
		struct bounds kb;
		uint64_t all[KIND_WORDS];
		if (!gen(c, n->kids[0], f, t, &kb)) /* not: swap the exits */
			return false;
		bounds_all(all);
		for (unsigned w = 0; w < KIND_WORDS; w++) {
			b->lo[w] = ~kb.hi[w] & all[w];
			b->hi[w] = ~kb.lo[w] & all[w];
		}
		return true;
	}
	case AST_AND:
	case AST_OR:
		return gen_chain(c, n, t, f, b);
	}
	return false;
}

static bool emit_const(struct cc *c, bool value, struct plist *t, struct plist *f)
{
	struct vm_prog *p = &c->cf->prog;
	if (!grow(c, (void **)&p->insns, &c->insn_cap, p->ninsns + 1, sizeof(*p->insns)))
		return false;
	uint32_t idx = p->ninsns++;
	p->insns[idx] = (struct vm_insn){ .code = VM_CONST, .k = value };
	return plist_add(c, t, idx * 2) && plist_add(c, f, idx * 2 + 1);
}

bool compile_ast(const struct ast_node *ast, struct compiled_filter *out, struct filter_diag *d)
{
	struct cc c = { .cf = out, .d = d };
	struct plist t = { 0 }, f = { 0 };
	struct bounds b;
	bool ok;
	memset(out, 0, sizeof(*out));
	if (ast) {
		ok = gen(&c, ast, &t, &f, &b);
	} else {
		ok = emit_const(&c, true, &t, &f);
		bounds_all(b.hi);
		bounds_all(b.lo);
	}
	if (ok) {
		plist_patch(&c, &t, VM_ACCEPT);
		plist_patch(&c, &f, VM_REJECT);
	}
	free(t.v);
	free(f.v);

	struct vm_prog *p = &out->prog;
	if (ok && p->nslots) {
		p->slot_stamp = calloc(p->nslots, sizeof(*p->slot_stamp));
		p->slot_ok = calloc(p->nslots, sizeof(*p->slot_ok));
		p->slot_val = calloc(p->nslots, sizeof(*p->slot_val));
		if (!p->slot_stamp || !p->slot_ok || !p->slot_val)
			c.oom = true;
		for (uint32_t i = 0; i < p->ninsns; i++) {
			const struct vm_insn *in = &p->insns[i];
			if (in->code == VM_CONST || in->code == VM_TYPESET)
				continue;
			/* use slot_stamp as a use counter for now */
			p->slot_stamp[in->slot]++;
		}
		for (uint32_t s = 0; s < p->nslots; s++) {
			p->slots[s].cache = p->slot_stamp[s] > 1 && !p->slots[s].multi;
			p->slot_stamp[s] = 0;
		}
	}
	if (ok && !c.oom) {
		kinds_to_types(b.hi, &out->types);
		for (unsigned s = 0; s < VM_SC_SLOTS; s++) {
			unsigned i = SC_BASE + s;
			if ((b.hi[i >> 6] >> (i & 63)) & 1)
				set_bit(out->generic_sc, s);
		}
		out->all_types = true;
		for (unsigned t = 0; t < EVENT_TYPE_MAX; t++)
			if (!((out->types.bits[t >> 6] >> (t & 63)) & 1))
				out->all_types = false;
		return true;
	}
	if (c.oom)
		diag_set(d, 0, "out of memory");
	compiled_filter_release(out);
	return false;
}

void compiled_filter_release(struct compiled_filter *cf)
{
	struct vm_prog *p = &cf->prog;
	for (uint32_t i = 0; i < p->nconsts; i++)
		if (p->consts[i].re)
			regfree(p->consts[i].re);
	for (size_t i = 0; i < cf->nallocs; i++)
		free(cf->allocs[i]);
	free(cf->allocs);
	free(p->insns);
	free(p->slots);
	free(p->consts);
	free(p->slot_stamp);
	free(p->slot_ok);
	free(p->slot_val);
	memset(cf, 0, sizeof(*cf));
}
