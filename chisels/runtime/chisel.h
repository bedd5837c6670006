/* Chisels: Lua scripts with sysdig's chisel API (description, args,
 * on_set_arg, on_init, on_capture_start, on_event, on_interval,
 * on_capture_end; the chisel.*, evt.* and sysdig.* modules), run by LuaJIT
 * over the same events, state and field registry the rest of syscope uses.
 *
 * A run loads its chisels while the options are parsed (a chisel's args
 * decide whether the next word is its argument), gathers them in a
 * chisel_set, and then drives the set:
 *
 *   chisel_set_init()           on_init of each (chisel.exec swaps in another)
 *   chisel_set_capture_start()  the input is open
 *   chisel_set_skip(ev)         an event the global filter rejected: timers
 *   chisel_set_event(ev)        an event that passed it
 *   chisel_set_end()            on_capture_end, also after Ctrl-C
 *
 * Every failure is reported as a message in the set's error text; the run
 * then stops with exit status 1. */
#ifndef SYSCOPE_CHISEL_H
#define SYSCOPE_CHISEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "param_render.h"

struct state;
struct evt_ctx;
struct chisel;
struct chisel_set;

/* ---- loading, at option time ---- */

/* Find NAME (NAME.lua, then NAME as given) in the chisel folders, run its
 * top-level code and read its description and args.  NULL with a message
 * in err when it is missing or not a chisel. */
struct chisel *chisel_load(const char *name, char *err, size_t errlen);
void chisel_free(struct chisel *c);

unsigned chisel_required_args(const struct chisel *c);
unsigned chisel_optional_args(const struct chisel *c);
/* Its only argument has argtype "filter" (ps, lsof, netstat): the next word
 * is always its argument. */
bool chisel_takes_filter(const struct chisel *c);
const char *chisel_name(const struct chisel *c);

/* Split the argument word on blanks ('…' and `…` group) and hand each
 * value to on_set_arg in declaration order. */
bool chisel_set_args(struct chisel *c, const char *words, char *err, size_t errlen);

/* ---- -cl and -i ---- */
bool chisel_print_list(FILE *out);
bool chisel_print_info(FILE *out, const char *name, char *err, size_t errlen);

/* ---- the run ---- */

/* What the command line says about the run, and what chisels may change
 * before the input is opened. */
struct chisel_run_opts {
	bool live;
	const char *source;   /* the -r file, NULL live */
	bool json;            /* -j */
	bool print_container; /* -pc, -pcontainer */
	bool buf_forced;      /* -A/-x/-X/-b given: set_output_format is ignored */
	bool verbose;         /* -v */
	int time_mode;        /* enum time_mode of the formatters */
	enum buf_mode buf;    /* buffer rendering; set_output_format changes it */
	uint32_t snaplen;     /* set_snaplen changes it; 0: not asked */
	bool fatfile;         /* set_fatfile_dump_mode */
	const char *filter;   /* the global filter text, NULL when none */
	/* sysdig.get_read_progress: percentage of the input read */
	double (*read_progress)(void *arg);
	void *progress_arg;
};

/* Takes the chisels (the set owns them from now on). */
struct chisel_set *chisel_set_new(struct chisel **chisels, unsigned n,
				  struct chisel_run_opts *opts);
void chisel_set_free(struct chisel_set *s);
const char *chisel_set_error(const struct chisel_set *s);

/* on_init of each chisel.  A global filter set by a chisel
 * (sysdig.set_filter) is then in opts->filter; the set owns that text. */
bool chisel_set_init(struct chisel_set *s);
/* Once the input's tables are read (its first event): machine info and
 * the thread table are there.  Calls after the first do nothing. */
bool chisel_set_capture_start(struct chisel_set *s, struct state *st);

/* Every event the run reads: first and last timestamps for
 * on_capture_end. */
void chisel_set_saw(struct chisel_set *s, const struct event *ev);
/* An event the global filter rejected: intervals still advance. */
bool chisel_set_skip(struct chisel_set *s, const struct event *ev, const struct evt_ctx *ctx,
		     struct state *st);
/* An event that passed the global filter: each chisel's filter, on_event
 * and formatter. */
bool chisel_set_event(struct chisel_set *s, const struct event *ev, const struct evt_ctx *ctx,
		      struct state *st);
/* Live, when the capture has caught up: intervals follow the wall clock
 * (now, ns since the epoch) while no event comes.  false once a callback
 * failed (chisel_set_event then fails too). */
bool chisel_set_idle(struct chisel_set *s, uint64_t now);

/* What the kernel may keep for the chisels: the global filter and any of
 * the chisels' own, as one filter text (malloc'd); NULL when a chisel
 * takes every event. */
char *chisel_set_pushdown_text(const struct chisel_set *s);

/* A chisel called sysdig.end_capture(). */
bool chisel_set_ending(const struct chisel_set *s);
/* on_capture_end of each, then what they printed is flushed. */
bool chisel_set_end(struct chisel_set *s);
/* sysdig.run_app(): the argument string of the run to start next, or NULL. */
const char *chisel_set_next_run(const struct chisel_set *s);

#endif
