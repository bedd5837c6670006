/* The filter VM: see vm.h. */
#include "vm.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

/* ---- comparisons ---- */

#define NUM_CMP(op, a, b)                     \
	do {                                  \
		switch (op) {                 \
		case CMP_EQ: case CMP_IN: case CMP_INTERSECTS: \
			return (a) == (b);    \
		case CMP_NE: return (a) != (b); \
		case CMP_LT: return (a) < (b);  \
		case CMP_LE: return (a) <= (b); \
		case CMP_GT: return (a) > (b);  \
		case CMP_GE: return (a) >= (b); \
		default: return false;        \
		}                             \
	} while (0)

static bool cmp_i(uint8_t op, int64_t a, int64_t b) { NUM_CMP(op, a, b); }
static bool cmp_u(uint8_t op, uint64_t a, uint64_t b) { NUM_CMP(op, a, b); }
static bool cmp_d(uint8_t op, double a, double b) { NUM_CMP(op, a, b); }

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Case-insensitive search for an already lower-case needle. */
static bool icontains(const char *s, uint32_t n, const char *needle, uint32_t nl)
{
	if (nl == 0)
		return true;
	for (uint32_t i = 0; i + nl <= n; i++) {
		if (lower((unsigned char)s[i]) != (unsigned char)needle[0])
			continue;
		uint32_t j = 1;
		while (j < nl && lower((unsigned char)s[i + j]) == (unsigned char)needle[j])
			j++;
		if (j == nl)
			return true;
	}
	return false;
}

static int str_order(const char *a, uint32_t al, const char *b, uint32_t bl)
{
	int r = memcmp(a, b, al < bl ? al : bl);
	if (r)
		return r;
	return (al > bl) - (al < bl);
}

static bool str_test(uint8_t op, const struct vm_const *k, const char *s, uint32_t n)
{
	const char *c = k->v.str.ptr;
	uint32_t cl = k->v.str.len;
	switch (op) {
	case CMP_EQ:
		return n == cl && memcmp(s, c, n) == 0;
	case CMP_NE:
		return !(n == cl && memcmp(s, c, n) == 0);
	case CMP_LT:
		return str_order(s, n, c, cl) < 0;
	case CMP_LE:
		return str_order(s, n, c, cl) <= 0;
	case CMP_GT:
		return str_order(s, n, c, cl) > 0;
	case CMP_GE:
		return str_order(s, n, c, cl) >= 0;
	case CMP_CONTAINS:
	case CMP_BCONTAINS:
		return cl == 0 || memmem(s, n, c, cl) != NULL;
	case CMP_ICONTAINS:
		return icontains(s, n, c, cl);
	case CMP_STARTSWITH:
	case CMP_BSTARTSWITH:
		return n >= cl && memcmp(s, c, cl) == 0;
	case CMP_ENDSWITH:
		return n >= cl && memcmp(s + n - cl, c, cl) == 0;
	case CMP_GLOB:
		return vm_glob(c, cl, s, n, false);
	case CMP_IGLOB:
		return vm_glob(c, cl, s, n, true);
	case CMP_REGEX: {
		/* The whole value must match (RE2::FullMatch in newer libs).  POSIX
		 * returns the leftmost-longest match, so a full match, if there is
		 * one, is the one reported. */
		regmatch_t m = { .rm_so = 0, .rm_eo = (regoff_t)n };
		return k->re && regexec(k->re, s, 1, &m, REG_STARTEND) == 0 && m.rm_so == 0 &&
		       m.rm_eo == (regoff_t)n;
	}
	default:
		return false;
	}
}

bool vm_path_prefix(const char *prefix, size_t plen, const char *s, size_t slen)
{
	if (plen == 0)
		return true;
	if (plen == 1 && prefix[0] == '/')
		return slen > 0 && s[0] == '/';
	return slen >= plen && memcmp(s, prefix, plen) == 0 && (slen == plen || s[plen] == '/');
}

static bool str_in_set(const struct vm_const *k, const char *s, uint32_t n)
{
	uint32_t lo = 0, hi = k->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct field_value *it = &k->items[mid];
		int r = it->str.len != n ? (it->str.len < n ? -1 : 1) : memcmp(it->str.ptr, s, n);
		if (r == 0)
			return true;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool vm_test_string(const struct vm_insn *in, const struct vm_const *k, const char *s,
		    uint32_t len)
{
	switch (in->code) {
	case VM_STR:
		return str_test(in->cmp, k, s, len);
	case VM_STR_SET:
		return str_in_set(k, s, len);
	case VM_PMATCH:
		for (uint32_t i = 0; i < k->n; i++)
			if (vm_path_prefix(k->items[i].str.ptr, k->items[i].str.len, s, len))
				return true;
		return false;
	case VM_CONST:
		return in->k != 0;
	default:
		return false;
	}
}

static bool int_in_set(const struct vm_const *k, int64_t v)
{
	uint32_t lo = 0, hi = k->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int64_t x = k->items[mid].i;
		if (x == v)
			return true;
		if (x < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static bool uint_in_set(const struct vm_const *k, uint64_t v)
{
	uint32_t lo = 0, hi = k->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint64_t x = k->items[mid].u;
		if (x == v)
			return true;
		if (x < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static const uint8_t v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* Compare address v with constant c (an address, or a network when its
 * prefix is shorter than the address).  Returns <0, 0, >0, or 2 when they
 * cannot be compared (different families). */
static int ip_order(const struct field_value *v, const struct field_value *c, bool *in_net)
{
	const uint8_t *a = v->ip.addr;
	uint8_t fam = v->ip.family;
	if (fam == 6 && c->ip.family == 4 && memcmp(a, v4_mapped, 12) == 0) {
		a += 12; /* ::ffff:a.b.c.d against an IPv4 constant */
		fam = 4;
	}
	if (fam != c->ip.family)
		return 2;
	unsigned bits = fam == 4 ? 32 : 128;
	unsigned prefix = c->ip.prefix < bits ? c->ip.prefix : bits;
	*in_net = prefix < bits;
	unsigned full = prefix / 8, rest = prefix % 8;
	int r = memcmp(a, c->ip.addr, full);
	if (r == 0 && rest) {
		uint8_t mask = (uint8_t)(0xff00 >> rest);
		r = (int)(a[full] & mask) - (int)(c->ip.addr[full] & mask);
	}
	return r;
}

static bool ip_test(uint8_t op, const struct field_value *v, const struct field_value *c)
{
	bool net = false;
	int r = ip_order(v, c, &net);
	if (r == 2)
		return op == CMP_NE;
	switch (op) {
	case CMP_EQ: case CMP_IN: case CMP_INTERSECTS:
		return r == 0;
	case CMP_NE:
		return r != 0;
	case CMP_LT:
		return r < 0;
	case CMP_LE:
		return r <= 0;
	case CMP_GT:
		return r > 0;
	case CMP_GE:
		return r >= 0;
	default:
		return false;
	}
}

/* The comparison of one instruction on one present value. */
static bool test_value(const struct vm_prog *p, const struct vm_insn *in,
		       const struct field_value *v)
{
	const struct vm_const *k = &p->consts[in->k];
	switch (in->code) {
	case VM_EXISTS:
		return true;
	case VM_INT:
		return cmp_i(in->cmp, v->i, k->v.i);
	case VM_UINT:
		return cmp_u(in->cmp, v->u, k->v.u);
	case VM_DBL:
		return cmp_d(in->cmp, v->d, k->v.d);
	case VM_STR:
		return str_test(in->cmp, k, v->str.ptr, v->str.len);
	case VM_IP:
		return ip_test(in->cmp, v, &k->v);
	case VM_INT_SET:
		return int_in_set(k, v->i);
	case VM_UINT_SET:
		return uint_in_set(k, v->u);
	case VM_STR_SET:
		return str_in_set(k, v->str.ptr, v->str.len);
	case VM_ANY:
		for (uint32_t i = 0; i < k->n; i++) {
			const struct field_value *it = &k->items[i];
			if (p->slots[in->slot].ref.kind == VK_DOUBLE ? v->d == it->d
								     : ip_test(CMP_EQ, v, it))
				return true;
		}
		return false;
	case VM_PMATCH:
		return vm_test_string(in, k, v->str.ptr, v->str.len);
	default:
		return false;
	}
}

static inline bool typeset_match(const struct vm_typeset *ts, const struct event *ev)
{
	uint16_t t = ev->type;
	if (t <= EVT_GENERIC_X) {
		uint16_t code = 0;
		if (ev->nparams > 0)
			code = (uint16_t)le_read(ev->param[0], ev->param_len[0], 2);
		unsigned i = code < PPM_SC_MAX ? code : PPM_SC_MAX;
		return (ts->sc[i >> 6] >> (i & 63)) & 1;
	}
	if (t >= EVENT_TYPE_MAX)
		return false;
	return (ts->types[t >> 6] >> (t & 63)) & 1;
}

bool vm_typeset_match(const struct vm_typeset *ts, const struct event *ev)
{
	return typeset_match(ts, ev);
}

/* A multi-valued field: "!=" holds when every value differs, the other
 * operators when any value matches; no value at all is "missing". */
static bool test_multi(struct vm_prog *p, const struct vm_insn *in, const struct event *ev,
		       const struct evt_ctx *ctx, struct state *st)
{
	const struct field_ref *ref = &p->slots[in->slot].ref;
	struct field_value v;
	bool any = false;
	for (unsigned n = 0; n < 64 && ref->desc->extract_nth(ref, ev, ctx, st, n, &v); n++) {
		if (in->code == VM_EXISTS)
			return true;
		any = true;
		bool r = test_value(p, in, &v);
		if (in->cmp == CMP_NE && !r)
			return false;
		if (in->cmp != CMP_NE && r)
			return true;
	}
	return any && in->cmp == CMP_NE;
}

bool vm_run(struct vm_prog *p, const struct event *ev, const struct evt_ctx *ctx,
	    struct state *st)
{
	uint32_t pc = 0;
	const uint32_t n = p->ninsns;
	p->stamp++;
	while (pc < n) {
		const struct vm_insn *in = &p->insns[pc];
		bool r;
		if (in->code == VM_CONST) {
			r = in->k != 0;
		} else if (in->code == VM_TYPESET) {
			r = typeset_match(p->consts[in->k].ts, ev);
		} else {
			struct vm_slot *s = &p->slots[in->slot];
			struct field_value *v = &p->slot_val[in->slot];
			bool ok;
			if (s->multi) {
				r = test_multi(p, in, ev, ctx, st);
				pc = r ? in->jt : in->jf;
				continue;
			}
			if (s->cache) {
				if (p->slot_stamp[in->slot] != p->stamp) {
					p->slot_stamp[in->slot] = p->stamp;
					p->slot_ok[in->slot] = s->extract(&s->ref, ev, ctx, st, v);
				}
				ok = p->slot_ok[in->slot];
			} else {
				ok = s->extract(&s->ref, ev, ctx, st, v);
			}
			/* missing: every test is false, except that "exists" says so */
			r = ok && test_value(p, in, v);
		}
		pc = r ? in->jt : in->jf;
	}
	return pc == VM_ACCEPT;
}

/* ---- glob ---- */

static bool class_match(const char *name, size_t len, int c)
{
	static const struct {
		const char *name;
		int (*fn)(int);
	} classes[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
		{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
		{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
	};
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strlen(classes[i].name) == len && memcmp(classes[i].name, name, len) == 0)
			return classes[i].fn(c) != 0;
	return false;
}

/* Does the pattern element at p[i] match character c?  Sets *used to the
 * element's length.  An unterminated '[' is a literal '['. */
static bool match_one(const char *p, size_t pn, size_t i, unsigned char c, bool icase,
		      size_t *used)
{
	unsigned char pc = (unsigned char)p[i];
	int cc = icase ? lower(c) : c;
	if (pc == '?') {
		*used = 1;
		return true;
	}
	if (pc == '\\' && i + 1 < pn) {
		*used = 2;
		int lit = (unsigned char)p[i + 1];
		return (icase ? lower(lit) : lit) == cc;
	}
	if (pc == '[') {
		size_t j = i + 1;
		bool neg = false, hit = false;
		if (j < pn && (p[j] == '!' || p[j] == '^')) {
			neg = true;
			j++;
		}
		size_t first = j;
		while (j < pn && (p[j] != ']' || j == first)) {
			if (p[j] == '[' && j + 1 < pn && p[j + 1] == ':') {
				const char *end = NULL;
				for (size_t e = j + 2; e + 1 < pn; e++)
					if (p[e] == ':' && p[e + 1] == ']') {
						end = p + e;
						break;
					}
				if (end) {
					if (class_match(p + j + 2, (size_t)(end - (p + j + 2)), c))
						hit = true;
					j = (size_t)(end - p) + 2;
					continue;
				}
			}
			int lo = (unsigned char)p[j];
			int hi = lo;
			if (j + 2 < pn && p[j + 1] == '-' && p[j + 2] != ']') {
				hi = (unsigned char)p[j + 2];
				j += 3;
			} else {
				j++;
			}
			if (icase) {
				if ((lower(lo) <= cc && cc <= lower(hi)) || (lo <= c && c <= hi))
					hit = true;
			} else if (lo <= c && c <= hi) {
				hit = true;
			}
		}
		if (j < pn) { /* found the closing ']' */
			*used = j + 1 - i;
			return hit != neg;
		}
		/* no ']': a plain '[' */
	}
	*used = 1;
	return (icase ? lower(pc) : pc) == cc;
}

bool vm_glob(const char *pat, size_t plen, const char *s, size_t slen, bool icase)
{
	size_t pi = 0, si = 0;
	size_t star_p = (size_t)-1, star_s = 0;
	while (si < slen) {
		if (pi < plen) {
			if (pat[pi] == '*') {
				while (pi < plen && pat[pi] == '*')
					pi++;
				star_p = pi;
				star_s = si;
				continue;
			}
			size_t used;
			if (match_one(pat, plen, pi, (unsigned char)s[si], icase, &used)) {
				pi += used;
				si++;
				continue;
			}
		}
		if (star_p == (size_t)-1)
			return false;
		pi = star_p; /* let the last '*' eat one more character */
		si = ++star_s;
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}

/* ---- disassembly ---- */

static void dvalue(struct strbuf *b, const struct field_ref *ref, const struct field_value *v)
{
	if (ref->kind == VK_STRING || ref->kind == VK_BUFFER) {
		sb_quoted(b, v->str.ptr, v->str.len);
		return;
	}
	struct field_ref r = *ref;
	char tmp[80];
	if (r.kind == VK_IPADDR && v->ip.prefix < (v->ip.family == 4 ? 32 : 128))
		r.kind = VK_IPNET;
	field_value_format(&r, v, tmp, sizeof(tmp));
	sb_printf(b, "%s", tmp);
}

static void dtarget(struct strbuf *b, uint32_t t)
{
	if (t == VM_ACCEPT)
		sb_printf(b, "accept");
	else if (t == VM_REJECT)
		sb_printf(b, "reject");
	else
		sb_printf(b, "%u", t);
}

static void dtypeset(struct strbuf *b, const struct vm_typeset *ts)
{
	const char *last = NULL;
	unsigned shown = 0, total = 0;
	sb_printf(b, "{");
	for (unsigned t = 2; t < EVENT_TYPE_MAX; t++) {
		if (!((ts->types[t >> 6] >> (t & 63)) & 1))
			continue;
		total++;
		const char *name = event_table[t].name ? event_table[t].name : "?";
		if (last && strcmp(last, name) == 0)
			continue; /* enter and exit share a name */
		if (shown < 8)
			sb_printf(b, "%s%s", shown ? " " : "", name);
		else if (shown == 8)
			sb_printf(b, " ...");
		shown++;
		last = name;
	}
	unsigned nsc = 0;
	for (unsigned i = 0; i < VM_SC_SLOTS; i++)
		nsc += (ts->sc[i >> 6] >> (i & 63)) & 1;
	sb_printf(b, "} (%u types", total);
	if (nsc) {
		sb_printf(b, ", generic:");
		unsigned sh = 0;
		for (unsigned i = 0; i < VM_SC_SLOTS && sh < 8; i++) {
			if (!((ts->sc[i >> 6] >> (i & 63)) & 1))
				continue;
			const char *n = i < PPM_SC_MAX ? ppm_sc_name((uint16_t)i) : NULL;
			sb_printf(b, " %s", n ? n : "<unknown>");
			sh++;
		}
		if (nsc > sh)
			sb_printf(b, " ... %u syscalls", nsc);
	}
	sb_printf(b, ")");
}

static const char *const code_names[VM_CODE_COUNT] = {
	[VM_CONST] = "const", [VM_TYPESET] = "type", [VM_EXISTS] = "exists",
	[VM_INT] = "int",     [VM_UINT] = "uint",    [VM_DBL] = "dbl",
	[VM_STR] = "str",     [VM_IP] = "ip",        [VM_INT_SET] = "intset",
	[VM_UINT_SET] = "uintset", [VM_STR_SET] = "strset", [VM_ANY] = "any",
	[VM_PMATCH] = "pmatch",
};

char *vm_disasm(const struct vm_prog *p)
{
	struct strbuf b = { 0 };
	for (uint32_t s = 0; s < p->nslots; s++) {
		const struct vm_slot *sl = &p->slots[s];
		sb_printf(&b, "r%u = %s", s, sl->ref.desc->name);
		if (sl->ref.has_index)
			sb_printf(&b, "[%lld]", (long long)sl->ref.index);
		else if (sl->ref.has_name)
			sb_printf(&b, ".%s", sl->ref.name);
		sb_printf(&b, " (%s%s%s)\n", field_type_name((enum field_type)sl->ref.type),
		       sl->cache ? ", cached" : "", sl->ref.multi ? ", any value" : "");
	}
	for (uint32_t i = 0; i < p->ninsns; i++) {
		const struct vm_insn *in = &p->insns[i];
		const struct vm_const *k = in->code == VM_CONST ? NULL : &p->consts[in->k];
		const struct field_ref *ref =
			in->code >= VM_EXISTS ? &p->slots[in->slot].ref : NULL;
		sb_printf(&b, "%3u: %-7s ", i, in->code < VM_CODE_COUNT ? code_names[in->code] : "?");
		switch (in->code) {
		case VM_CONST:
			sb_printf(&b, "%s", in->k ? "true" : "false");
			break;
		case VM_TYPESET:
			sb_printf(&b, "evt.type in ");
			dtypeset(&b, k->ts);
			break;
		case VM_EXISTS:
			sb_printf(&b, "r%u exists", in->slot);
			break;
		case VM_INT_SET: case VM_UINT_SET: case VM_STR_SET: case VM_ANY: case VM_PMATCH:
			sb_printf(&b, "r%u %s (", in->slot, cmp_op_name((enum cmp_op)in->cmp));
			for (uint32_t j = 0; j < k->n; j++) {
				if (j == 8) {
					sb_printf(&b, ", ... %u values", k->n);
					break;
				}
				if (j)
					sb_printf(&b, ", ");
				dvalue(&b, ref, &k->items[j]);
			}
			sb_printf(&b, ")");
			break;
		default:
			sb_printf(&b, "r%u %s ", in->slot, cmp_op_name((enum cmp_op)in->cmp));
			if (in->cmp == CMP_BCONTAINS || in->cmp == CMP_BSTARTSWITH) {
				for (uint32_t j = 0; j < k->v.str.len; j++)
					sb_printf(&b, "%02X", (unsigned char)k->v.str.ptr[j]);
			} else {
				dvalue(&b, ref, &k->v);
			}
			break;
		}
		sb_printf(&b, "  jt ");
		dtarget(&b, in->jt);
		sb_printf(&b, " jf ");
		dtarget(&b, in->jf);
		sb_printf(&b, "\n");
	}
	if (p->ninsns == 0)
		sb_printf(&b, "(empty)\n");
	return sb_take(&b);
}
