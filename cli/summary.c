/* -S: counts per event type, as sysdig prints them.  Counting is one
 * array increment per event; sorting happens once, at the end. */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

/* Generic events are counted per system call and direction, after the
 * ordinary event types. */
#define GENERIC_SLOTS (PPM_SC_MAX + 1)
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
		uint64_t sc = ev->nparams ? event_param_uint(ev, 0) : PPM_SC_MAX;
		if (sc > PPM_SC_MAX)
			sc = PPM_SC_MAX;
		slot = EVENT_TYPE_MAX + (ev->type == EVT_GENERIC_X ? GENERIC_SLOTS : 0) + sc;
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
	*enter = slot < GENERIC_SLOTS;
	const char *n = ppm_sc_name((uint16_t)(slot % GENERIC_SLOTS));
	return n ? n : "<unknown>";
}

static const struct summary *sort_ctx;

/* Largest count first; equal counts in slot order, so runs repeat. */
static int by_count(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint64_t cx = sort_ctx->count[x], cy = sort_ctx->count[y];
	if (cx != cy)
		return cx > cy ? -1 : 1;
	return x < y ? -1 : x > y;
}

bool summary_print(const struct summary *s, FILE *out)
{
	static const char rule[] = "----------------------\n";
	fputs(rule, out);
	fputs("Event           #Calls\n", out);
	fputs(rule, out);
	size_t *order = malloc(NSLOTS * sizeof(*order));
	if (!order)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < NSLOTS; i++)
		if (s->count[i])
			order[n++] = i;
	sort_ctx = s;
	qsort(order, n, sizeof(*order), by_count);
	for (size_t i = 0; i < n && i < MAX_LINES; i++) {
		bool enter;
		const char *name = slot_name(order[i], &enter);
		fprintf(out, "%c %-16s%llu\n", enter ? '>' : '<', name,
			(unsigned long long)s->count[order[i]]);
	}
	free(order);
	return !ferror(out);
}
