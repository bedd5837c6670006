/* Running a set of chisels over a capture: on_init and on_capture_start,
 * then per event the interval timer, the chisel's filter, on_event and its
 * formatter, and at the end on_capture_end. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chisel_internal.h"
#include "state.h"

struct chisel_set *chisel_set_new(struct chisel **chisels, unsigned n,
				  struct chisel_run_opts *opts)
{
	struct chisel_set *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->chisels = calloc(n ? n : 1, sizeof *s->chisels);
	if (!s->chisels) {
		free(s);
		return NULL;
	}
	for (unsigned i = 0; i < n; i++) {
		s->chisels[i] = chisels[i];
		chisels[i]->set = s;
	}
	s->n = n;
	s->opts = opts;
	s->udp_fd = -1;
	printer_init(&s->pr, stdout);
	s->pr.ro.buf = opts->buf;
	/* chisels see whole values: sysdig cuts nothing for them */
	s->pr.ro.verbose = true;
	s->pr.time_mode = (enum time_mode)opts->time_mode;
	s->pr.json = opts->json;
	return s;
}

void chisel_set_free(struct chisel_set *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->n; i++)
		chisel_free(s->chisels[i]);
	free(s->chisels);
	printer_free(&s->pr);
	sb_free(&s->value);
	free(s->last_rec);
	if (s->udp_fd >= 0)
		close(s->udp_fd);
	free(s->filter_text);
	free(s->next_run);
	free(s);
}

const char *chisel_set_error(const struct chisel_set *s)
{
	return s->err;
}

static bool fail(struct chisel_set *s, struct chisel *c)
{
	snprintf(s->err, sizeof s->err, "%s", c->err);
	return false;
}

/* Lua's print and the formatters share stdout: what the printer holds
 * goes out before Lua runs. */
static bool flush(struct chisel_set *s)
{
	if (!s->pr.buf.len)
		return true;
	if (!printer_flush(&s->pr)) {
		snprintf(s->err, sizeof s->err, "cannot write the output");
		return false;
	}
	return true;
}

bool chisel_set_init(struct chisel_set *s)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!chisel_init(s->chisels[i]))
			return fail(s, s->chisels[i]);
	return true;
}

bool chisel_set_capture_start(struct chisel_set *s, struct state *st)
{
	if (s->started)
		return true;
	s->st = st;
	s->started = true;
	for (unsigned i = 0; i < s->n; i++) {
		struct chisel *c = s->chisels[i];
		lua_getglobal(c->L, "on_capture_start");
		if (!lua_isfunction(c->L, -1)) {
			lua_pop(c->L, 1);
			continue;
		}
		if (!chisel_pcall(c, 0, 1, " chisel error: "))
			return fail(s, c);
		bool is_bool = lua_isboolean(c->L, -1), ok = lua_toboolean(c->L, -1);
		lua_pop(c->L, 1);
		if (!is_bool || !ok) {
			snprintf(s->err, sizeof s->err, is_bool ? "on_capture_start() for chisel %s failed."
								: "%s chisel error: on_capture_start() must return a boolean",
				 c->name);
			return false;
		}
	}
	return flush(s);
}

void chisel_set_saw(struct chisel_set *s, const struct event *ev)
{
	if (!s->first_ts)
		s->first_ts = ev->ts;
	s->last_ts = ev->ts;
}

static bool call_interval(struct chisel_set *s, struct chisel *c, uint64_t ts, uint64_t delta)
{
	lua_getglobal(c->L, "on_interval");
	lua_pushnumber(c->L, (lua_Number)(ts / 1000000000u));
	lua_pushnumber(c->L, (lua_Number)(ts % 1000000000u));
	lua_pushnumber(c->L, (lua_Number)delta);
	if (!chisel_pcall(c, 3, 1, " chisel error: calling on_interval() failed: "))
		return fail(s, c);
	bool go = lua_toboolean(c->L, -1);
	lua_pop(c->L, 1);
	if (!go) {
		snprintf(s->err, sizeof s->err, "execution terminated by the %s chisel", c->name);
		return false;
	}
	return true;
}

/* Intervals run on event time.  Plain: once when an event lands in a new
 * interval-aligned bucket, before its own on_event (empty buckets cost no
 * call).  Precise: once per interval elapsed, catching up. */
static bool tick(struct chisel_set *s, struct chisel *c, const struct event *ev)
{
	uint64_t ts = ev->ts;
	if (!c->seen_first) {
		c->seen_first = true;
		if (c->interval_ns)
			c->last_sample = ts - ts % c->interval_ns;
		else if (c->precise_ns)
			c->last_sample = ts;
		return true;
	}
	if (c->interval_ns) {
		uint64_t sample = ts - ts % c->interval_ns;
		/* live, the wall clock may have run ahead of an event's time */
		if (sample == c->last_sample || (s->opts->live && sample < c->last_sample))
			return true;
		uint64_t delta = 0;
		if (c->last_interval_ts) {
			delta = ts - c->last_interval_ts;
			if (delta == 0)
				return true;
		}
		if (!call_interval(s, c, ts, delta))
			return false;
		c->last_sample = sample;
		c->last_interval_ts = ts;
	} else if (c->precise_ns && ts >= c->last_sample && ts - c->last_sample >= c->precise_ns) {
		uint64_t t = c->last_sample;
		for (; t + c->precise_ns <= ts; t += c->precise_ns)
			if (!call_interval(s, c, t, c->precise_ns))
				return false;
		c->last_sample = t;
	}
	return true;
}

/* Keep a copy of the event's record for the callbacks that run after it
 * is gone; its parameter pointers are moved into the copy only then
 * (last_event), not for every event. */
static void keep_last(struct chisel_set *s, const struct event *ev, const struct evt_ctx *ctx)
{
	if (ev->record_len > s->last_cap) {
		uint8_t *p = realloc(s->last_rec, ev->record_len);
		if (!p) {
			s->has_last = false;
			return;
		}
		s->last_rec = p;
		s->last_cap = ev->record_len;
	}
	if (ev->record && ev->record_len)
		memcpy(s->last_rec, ev->record, ev->record_len);
	s->last_ev = *ev;
	s->last_base = ev->record;
	s->last_ctx = *ctx;
	s->has_last = true;
}

/* The kept event, its pointers into the copied record. */
static const struct event *last_event(struct chisel_set *s)
{
	struct event *ev = &s->last_ev;
	if (s->last_base) {
		for (uint32_t i = 0; i < ev->nparams && i < EVENT_MAX_PARAMS; i++) {
			const uint8_t *p = ev->param[i];
			bool inside = p >= s->last_base && p <= s->last_base + ev->record_len;
			ev->param[i] = inside ? s->last_rec + (p - s->last_base) : NULL;
			if (!inside)
				ev->param_len[i] = 0;
		}
		ev->record = s->last_rec;
		s->last_base = NULL;
	}
	return ev;
}

static void set_cursor(struct chisel_set *s, const struct event *ev, const struct evt_ctx *ctx,
		       struct state *st)
{
	if (ev) {
		s->cur.ev = ev;
		s->cur.ctx = ctx;
		s->cur.st = st;
		return;
	}
	/* the event is gone: its copy stands in */
	s->cur.ev = s->has_last ? last_event(s) : NULL;
	s->cur.ctx = s->has_last ? &s->last_ctx : NULL;
	s->cur.st = s->st;
}

/* The callbacks of this event may read it (evt.*), and those after it
 * its copy. */
static void enter_event(struct chisel_set *s, const struct event *ev, const struct evt_ctx *ctx,
			struct state *st)
{
	set_cursor(s, ev, ctx, st);
	keep_last(s, ev, ctx);
}

bool chisel_set_skip(struct chisel_set *s, const struct event *ev, const struct evt_ctx *ctx,
		     struct state *st)
{
	if (s->failed)
		return false;
	enter_event(s, ev, ctx, st);
	bool ok = true;
	for (unsigned i = 0; ok && i < s->n; i++)
		if (s->chisels[i]->interval_ns || s->chisels[i]->precise_ns ||
		    !s->chisels[i]->seen_first)
			ok = flush(s) && tick(s, s->chisels[i], ev);
	set_cursor(s, NULL, NULL, NULL);
	return ok;
}

static bool run_one(struct chisel_set *s, struct chisel *c, const struct event *ev,
		    const struct evt_ctx *ctx, struct state *st)
{
	if (!flush(s) || !tick(s, c, ev))
		return false;
	if (c->filter && !filter_match(c->filter, ev, ctx, st))
		return true;
	if (c->has_on_event) {
		lua_getglobal(c->L, "on_event");
		if (!chisel_pcall(c, 0, 1, " chisel error: "))
			return fail(s, c);
		bool show = lua_toboolean(c->L, -1);
		lua_pop(c->L, 1);
		if (s->end_requested || !show)
			return true;
	}
	if (c->formatter) {
		format_print(c->formatter, &s->pr, s->opts->json, ev, ctx, st);
		return flush(s);
	}
	return true;
}

bool chisel_set_event(struct chisel_set *s, const struct event *ev, const struct evt_ctx *ctx,
		      struct state *st)
{
	if (s->failed)
		return false;
	enter_event(s, ev, ctx, st);
	bool ok = true;
	for (unsigned i = 0; ok && i < s->n && !s->end_requested; i++)
		ok = run_one(s, s->chisels[i], ev, ctx, st);
	set_cursor(s, NULL, NULL, NULL);
	return ok;
}

bool chisel_set_idle(struct chisel_set *s, uint64_t now)
{
	if (s->failed)
		return false;
	if (!s->started || !s->has_last)
		return true;
	set_cursor(s, NULL, NULL, NULL);
	struct event clock = s->last_ev;
	clock.ts = now;
	for (unsigned i = 0; i < s->n && !s->failed; i++) {
		struct chisel *c = s->chisels[i];
		if ((c->interval_ns || c->precise_ns) && c->seen_first && !tick(s, c, &clock))
			s->failed = true;
	}
	if (!s->failed && !flush(s))
		s->failed = true;
	return !s->failed;
}

char *chisel_set_pushdown_text(const struct chisel_set *s)
{
	size_t len = 16 + (s->opts->filter ? strlen(s->opts->filter) : 0);
	for (unsigned i = 0; i < s->n; i++) {
		if (!s->chisels[i]->filter_text || !*s->chisels[i]->filter_text)
			return s->opts->filter ? strdup(s->opts->filter) : NULL;
		len += strlen(s->chisels[i]->filter_text) + 8;
	}
	char *t = malloc(len);
	if (!t)
		return NULL;
	t[0] = 0;
	if (s->opts->filter)
		strcat(strcat(strcat(t, "("), s->opts->filter), ") and ");
	strcat(t, "(");
	for (unsigned i = 0; i < s->n; i++) {
		if (i)
			strcat(t, " or ");
		strcat(strcat(strcat(t, "("), s->chisels[i]->filter_text), ")");
	}
	strcat(t, ")");
	return t;
}

bool chisel_set_ending(const struct chisel_set *s)
{
	return s->end_requested;
}

bool chisel_set_end(struct chisel_set *s)
{
	if (!flush(s))
		return false;
	uint64_t delta = s->last_ts - s->first_ts;
	for (unsigned i = 0; i < s->n; i++) {
		struct chisel *c = s->chisels[i];
		lua_getglobal(c->L, "on_capture_end");
		if (!lua_isfunction(c->L, -1)) {
			lua_pop(c->L, 1);
			continue;
		}
		lua_pushnumber(c->L, (lua_Number)(s->last_ts / 1000000000u));
		lua_pushnumber(c->L, (lua_Number)(s->last_ts % 1000000000u));
		lua_pushnumber(c->L, (lua_Number)delta);
		if (!chisel_pcall(c, 3, 0, " chisel error: "))
			return fail(s, c);
	}
	fflush(stdout);
	return flush(s);
}

const char *chisel_set_next_run(const struct chisel_set *s)
{
	return s->next_run;
}
