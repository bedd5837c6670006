/* -S: counts per event type, as sysdig prints them.  Counting is one
 * array increment per event; sorting happens once, at the end. */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

/* The table has sysdig's layout: one slot per event type, then two per
 * system call for generic events (enter, exit).  Its order matters: equal
 * counts are listed in the order sysdig's sort leaves them, and that sort
 * (the C++ library's introsort) is reproduced below, so -S prints the same
 * lines in the same order. */
#define GENERIC_SLOTS PPM_SC_MAX
#define NSLOTS (EVENT_TYPE_MAX + 2 * GENERIC_SLOTS)
#define MAX_LINES 100

struct summary {
	uint64_t count[NSLOTS];
};

struct summary *summary_new(void)
{
	return calloc(1, sizeof(struct summary));
}

void summary_free(struct summary *s)
{
	free(s);
}

void summary_add(struct summary *s, const struct event *ev)
{
	size_t slot = ev->type;
	if (ev->type == EVT_GENERIC_E || ev->type == EVT_GENERIC_X) {
		uint64_t sc = ev->nparams ? event_param_uint(ev, 0) : 0;
		if (sc >= GENERIC_SLOTS)
			return;
		slot = EVENT_TYPE_MAX + sc * 2 + (ev->type == EVT_GENERIC_X);
	}
	if (slot < NSLOTS)
		s->count[slot]++;
}

static const char *slot_name(size_t slot, bool *enter)
{
	if (slot < EVENT_TYPE_MAX) {
		*enter = event_is_enter((uint16_t)slot);
		return event_table[slot].name ? event_table[slot].name : "<unknown>";
	}
	slot -= EVENT_TYPE_MAX;
	*enter = slot % 2 == 0;
	const char *n = ppm_sc_name((uint16_t)(slot / 2));
	return n ? n : "<unknown>";
}

/* ---- the sort: larger counts first, equal ones as introsort leaves them ---- */

struct entry {
	uint64_t n;
	uint32_t slot;
};

static bool before(const struct entry *a, const struct entry *b)
{
	return a->n > b->n;
}

static void swap_e(struct entry *a, struct entry *b)
{
	struct entry t = *a;
	*a = *b;
	*b = t;
}

static void push_heap(struct entry *f, long hole, long top, struct entry v)
{
	long parent = (hole - 1) / 2;
	while (hole > top && before(&f[parent], &v)) {
		f[hole] = f[parent];
		hole = parent;
		parent = (hole - 1) / 2;
	}
	f[hole] = v;
}

static void adjust_heap(struct entry *f, long hole, long len, struct entry v)
{
	long top = hole, child = hole;
	while (child < (len - 1) / 2) {
		child = 2 * (child + 1);
		if (before(&f[child], &f[child - 1]))
			child--;
		f[hole] = f[child];
		hole = child;
	}
	if ((len & 1) == 0 && child == (len - 2) / 2) {
		child = 2 * (child + 1);
		f[hole] = f[child - 1];
		hole = child - 1;
	}
	push_heap(f, hole, top, v);
}

static void heap_sort(struct entry *f, long len)
{
	if (len < 2)
		return;
	for (long parent = (len - 2) / 2;; parent--) {
		adjust_heap(f, parent, len, f[parent]);
		if (parent == 0)
			break;
	}
	for (long last = len - 1; last > 0; last--) {
		struct entry v = f[last];
		f[last] = f[0];
		adjust_heap(f, 0, last, v);
	}
}

static void median_to_first(struct entry *r, struct entry *a, struct entry *b, struct entry *c)
{
	if (before(a, b)) {
		if (before(b, c))
			swap_e(r, b);
		else if (before(a, c))
			swap_e(r, c);
		else
			swap_e(r, a);
	} else if (before(a, c)) {
		swap_e(r, a);
	} else if (before(b, c)) {
		swap_e(r, c);
	} else {
		swap_e(r, b);
	}
}

static struct entry *partition(struct entry *first, struct entry *last, struct entry *pivot)
{
	for (;;) {
		while (before(first, pivot))
			first++;
		last--;
		while (before(pivot, last))
			last--;
		if (!(first < last))
			return first;
		swap_e(first, last);
		first++;
	}
}

static void introsort_loop(struct entry *first, struct entry *last, int depth)
{
	while (last - first > 16) {
		if (depth == 0) {
			heap_sort(first, last - first);
			return;
		}
		depth--;
		struct entry *mid = first + (last - first) / 2;
		median_to_first(first, first + 1, mid, last - 1);
		struct entry *cut = partition(first + 1, last, first);
		introsort_loop(cut, last, depth);
		last = cut;
	}
}

static void linear_insert(struct entry *last)
{
	struct entry v = *last;
	struct entry *next = last - 1;
	while (before(&v, next)) {
		*last = *next;
		last = next;
		next--;
	}
	*last = v;
}

static void insertion_sort(struct entry *first, struct entry *last)
{
	if (first == last)
		return;
	for (struct entry *i = first + 1; i != last; i++) {
		if (before(i, first)) {
			struct entry v = *i;
			memmove(first + 1, first, (size_t)(i - first) * sizeof(*i));
			*first = v;
		} else {
			linear_insert(i);
		}
	}
}

static void cxx_sort(struct entry *first, struct entry *last)
{
	long n = last - first;
	if (n < 2)
		return;
	int lg = 0;
	while ((1L << (lg + 1)) <= n)
		lg++;
	introsort_loop(first, last, 2 * lg);
	if (n > 16) {
		insertion_sort(first, first + 16);
		for (struct entry *i = first + 16; i != last; i++)
			linear_insert(i);
	} else {
		insertion_sort(first, last);
	}
}

bool summary_print(const struct summary *s, FILE *out)
{
	static const char rule[] = "----------------------\n";
	fputs(rule, out);
	fputs("Event           #Calls\n", out);
	fputs(rule, out);
	struct entry *e = malloc(NSLOTS * sizeof(*e));
	if (!e)
		return false;
	for (size_t i = 0; i < NSLOTS; i++)
		e[i] = (struct entry){ s->count[i], (uint32_t)i };
	cxx_sort(e, e + NSLOTS);
	for (size_t i = 0; i < NSLOTS && i < MAX_LINES && e[i].n; i++) {
		bool enter;
		const char *name = slot_name(e[i].slot, &enter);
		fprintf(out, "%c %-16s%llu\n", enter ? '>' : '<', name, (unsigned long long)e[i].n);
	}
	free(e);
	return !ferror(out);
}
