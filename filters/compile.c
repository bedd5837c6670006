/* Filter compiler: see compile.h. */
#include "compile.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "literals.h"

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

/* The literals' allocator: what they keep, the compiled filter owns. */
static void *lit_alloc(void *ctx, size_t n)
{
	return cc_alloc(ctx, n);
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
	struct literal_ctx lc = {lit_alloc, c, c->d};
	enum value_kind kind = (enum value_kind)ref.kind;
	const char *opname = cmp_op_name(n->op);
	if (!literal_op_applies(n->op, kind)) {
		diag_set(c->d, n->op_pos, "'%s' does not apply to %s field '%s'", opname,
			 literal_kind_words(kind), n->field);
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
			if (!literal_convert(&lc, &ref, n->field, n->op, &n->vals[i], &items[i]))
				return false;
		uint32_t cnt = (uint32_t)n->nvals;
		if (n->op == CMP_PMATCH) {
			in.code = VM_PMATCH;
		} else {
			in.code = kind == VK_SIGNED ? VM_INT_SET
				  : kind == VK_UNSIGNED || kind == VK_BOOL ? VM_UINT_SET
				  : kind == VK_STRING || kind == VK_BUFFER ? VM_STR_SET : VM_ANY;
			if (in.code != VM_ANY)
				cnt = literal_set_sort(items, cnt, kind);
		}
		k->items = items;
		k->n = cnt;
	} else {
		if (!literal_convert(&lc, &ref, n->field, n->op, &n->vals[0], &k->v))
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
					 literal_show(&n->vals[0], sh, sizeof(sh)),
					 "back-references are not supported");
				return false;
			}
			if (regex_too_complex(k->v.str.ptr, k->v.str.len)) {
				diag_set(c->d, n->vals[0].pos,
					 "regular expression '%s' is too complex",
					 literal_show(&n->vals[0], sh, sizeof(sh)));
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
					 literal_show(&n->vals[0], sh, sizeof(sh)), why);
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
						 literal_show(&n->vals[i], sh, sizeof(sh)));
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
