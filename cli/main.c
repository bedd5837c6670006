/* syscope: read events, keep the state up to date, print them. */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chisel.h"
#include "engine.h"
#include "fields.h"
#include "libs_version.h"
#include "filter.h"
#include "display.h"
#include "list_events.h"
#include "list_fields.h"
#include "live.h"
#include "options.h"
#include "options_driver.h"
#include "options_output.h"
#include "port_names.h"
#include "print_event.h"
#include "progress.h"
#include "run_report.h"
#include "state.h"
#include "stop.h"
#include "trace_out.h"

static bool is_hidden(const struct options *o, const struct event *ev)
{
	if (ev->dump_flags & SCAP_DF_STATE_ONLY)
		return true;
	return !o->debug && (ev->info->category & EC_INTERNAL);
}

/* -M: whether ev comes max_seconds or more (event time) after the first
 * event of the capture, which is then not processed. */
static bool past_duration(const struct options *o, const struct event *ev, uint64_t *first_ts)
{
	if (!o->max_seconds)
		return false;
	if (!*first_ts) {
		*first_ts = ev->ts ? ev->ts : 1;
		return false;
	}
	return ev->ts >= *first_ts && ev->ts - *first_ts >= o->max_seconds * 1000000000ull;
}

/* What a filter tells the replay loop before any event: the event types
 * it can match (evt.type tests); the filter need not run on the others.
 * Of those others, types the state takes nothing from are skimmed: the
 * reader leaves their parameters unmapped.  An enter and its exit are
 * decided together, since the exit reads its enter.  With -F the events
 * that change the state are written whole, so they are never skimmed. */
struct filter_plan {
	bool restricted;
	struct event_typeset types;
	struct skim_plan skim;
};

static bool modifies_state(uint16_t type)
{
	const struct event_info *info = event_info_of(type);
	return info && (info->flags & EF_MODIFIES_STATE);
}

static void plan_filter(const struct filter *flt, const struct state *st, bool fatfile,
			struct engine *eng, struct filter_plan *p)
{
	p->restricted = flt && filter_event_types(flt, &p->types);
	if (!p->restricted)
		return;
	for (unsigned t = 0; t < EVENT_TYPE_MAX; t++) {
		uint16_t enter = (uint16_t)(t & ~1u), exit = (uint16_t)(t | 1u);
		p->skim.type[t] = !event_typeset_has(&p->types, enter) &&
				  !event_typeset_has(&p->types, exit) &&
				  !state_parses_type(st, enter) && !state_parses_type(st, exit) &&
				  !(fatfile && (modifies_state(enter) || modifies_state(exit)));
	}
	/* Generic events, which the state has no parser for, are skimmed by
	 * the syscall they carry when the filter cannot match it. */
	bool generic_parsed = state_parses_type(st, EVT_GENERIC_E) ||
			      state_parses_type(st, EVT_GENERIC_X) ||
			      (fatfile && (modifies_state(EVT_GENERIC_E) || modifies_state(EVT_GENERIC_X)));
	for (unsigned sc = 0; sc <= PPM_SC_MAX; sc++)
		p->skim.generic_sc[sc] = !generic_parsed && !filter_generic_sc(flt, (uint16_t)sc);
	engine_set_skim(eng, &p->skim);
}

static bool cannot_match(const struct filter_plan *p, const struct event *ev)
{
	return ev->skimmed || (p->restricted && !event_typeset_has(&p->types, ev->type));
}

/* -F: an event the filter rejected goes to the file all the same, flagged
 * for readers to use for their state and not show (as sysdig's fatfile
 * mode does), so the events kept still resolve their fds and processes. */
static int write_state_only(struct trace_out *out, struct event *ev, char *err, size_t errlen)
{
	uint32_t flags = ev->dump_flags;
	ev->dump_flags |= SCAP_DF_STATE_ONLY;
	int rc = trace_out_write(out, ev, err, errlen);
	ev->dump_flags = flags;
	return rc;
}

/* Where the output of a run stands, across its input files. */
struct run_out {
	struct printer *pr;
	struct display *dsp;
	struct trace_out *out; /* -w, or NULL */
	struct chisel_set *chisels; /* -c: they take the events instead of the display */
	bool out_failed;       /* with the message in err */
	bool chisel_failed;    /* with the message in the chisel set */
	char err[600];
};

/* Read every event of one input; returns the engine's last result (0 at
 * its end, 1 when stopped early by -n, -M or a failed write, -1 on an
 * error).  The state sees every event before the filter does, so a
 * filtered-out event still opens, names and closes what later events
 * refer to.  With -w, events that pass the filter go to out, which opens
 * each file just before the state takes the event, so the file's tables
 * match its first event. */
static int replay(const struct options *o, struct engine *eng, struct state *st,
		  struct filter *flt, const struct filter_plan *plan, struct run_out *ro,
		  struct progress *prog)
{
	struct event ev;
	struct evt_ctx ctx;
	uint64_t delivered = 0, first_ts = 0;
	int rc = 0;
	struct printer *pr = ro->pr;
	struct display *dsp = ro->dsp;
	struct trace_out *out = ro->out;
	char *err = ro->err;
	/* Container metadata at the start of a file is state, as in sysdig:
	 * numbered and taken into the tables, never shown, counted or
	 * written as events (a written file gets the table anew). */
	bool leading = true;
	/* The engines end on a stop request themselves: a live one after
	 * delivering what it captured before the stop. */
	while ((rc = engine_next(eng, &ev)) > 0) {
		progress_event(prog, eng);
		/* The file's tables (machine, processes) are read with its first
		 * event: the chisels' capture starts then. */
		if (ro->chisels && !chisel_set_capture_start(ro->chisels, st)) {
			ro->chisel_failed = true;
			break;
		}
		if (leading && container_is_metadata_event(ev.type)) {
			state_process_event(st, &ev, &ctx);
			continue;
		}
		leading = false;
		if (past_duration(o, &ev, &first_ts))
			break;
		if (ro->chisels)
			chisel_set_saw(ro->chisels, &ev);
		if (out) {
			int go = trace_out_prepare(out, st, &ev, err, sizeof ro->err);
			if (go < 0)
				ro->out_failed = true;
			if (go <= 0)
				break;
		}
		state_process_event(st, &ev, &ctx);
		if (flt && (cannot_match(plan, &ev) || !filter_match(flt, &ev, &ctx, st))) {
			if (out && o->fatfile && modifies_state(ev.type) &&
			    write_state_only(out, &ev, err, sizeof ro->err) < 0) {
				ro->out_failed = true;
				break;
			}
			if (ro->chisels && !(ev.dump_flags & SCAP_DF_STATE_ONLY) &&
			    !chisel_set_skip(ro->chisels, &ev, &ctx, st)) {
				ro->chisel_failed = true;
				break;
			}
			continue;
		}
		if (out && trace_out_write(out, &ev, err, sizeof ro->err) < 0) {
			ro->out_failed = true;
			break;
		}
		display_count(dsp, &ev);
		if (ro->chisels) {
			if (!(ev.dump_flags & SCAP_DF_STATE_ONLY) &&
			    !chisel_set_event(ro->chisels, &ev, &ctx, st)) {
				ro->chisel_failed = true;
				break;
			}
			if (chisel_set_ending(ro->chisels))
				break;
		} else if (!o->quiet && !is_hidden(o, &ev)) {
			display_event(dsp, pr, &ev, &ctx, st);
		}
		if (pr->write_failed || (o->max_events && ++delivered >= o->max_events))
			break;
	}
	/* rc is still 1 after a break: only 0 is the end of the input. */
	progress_finish(prog, eng, rc == 0 && !stop_requested());
	if (rc < 0)
		snprintf(ro->err, sizeof ro->err, "%s", engine_error(eng));
	return rc;
}

/* After the last input: the written file finished, the output flushed,
 * the -S table; returns the exit status.  failed: an input ended at an
 * error, in ro->err. */
static int finish_run(const struct options *o, struct run_out *ro, bool failed)
{
	struct trace_out *out = ro->out;
	if (out && !ro->out_failed && !trace_out_finish(out, ro->err, sizeof ro->err))
		ro->out_failed = true;
	if (ro->out_failed) {
		fprintf(stderr, "syscope: %s\n", ro->err);
		return 1;
	}
	if (out && trace_out_files(out) == 0 && !failed)
		fprintf(stderr, "syscope: no event to write: %s was not created\n", o->write_file);
	bool flushed = printer_flush(ro->pr);
	if (ro->pr->color_used)
		fputs("\033[00m", stdout);
	if (fflush(stdout) != 0 || !flushed || !display_finish(ro->dsp)) {
		fprintf(stderr, "syscope: cannot write the output\n");
		return 1;
	}
	if (failed) {
		fprintf(stderr, "syscope: %s\n", ro->err);
		return 1;
	}
	return 0;
}

/* What a run opens, closed by run_cleanup. */
struct run_res {
	struct filter *flt;
	struct display dsp;  /* zeroed: nothing to close */
	struct state *st;
	struct engine *eng;
	struct trace_out *out;
	struct printer pr;   /* zeroed: nothing to free */
};

/* The event type a process table entry is matched as (--filter-proclist):
 * one no driver or file produces, so that a filter on event types matches
 * no entry, as in sysdig, whose entries are of an internal type too. */
#define TABLE_ENTRY_TYPE 187 /* NA1: PROCEXIT_1_X, never used */

static bool entry_matches(void *arg, struct thread *t)
{
	struct run_res *r = arg;
	struct event ev = { .tid = t->tid, .type = TABLE_ENTRY_TYPE,
			    .info = event_info_of(TABLE_ENTRY_TYPE), .cpu = -1 };
	struct evt_ctx ctx = { .thread = t, .fd_num = -1 };
	return filter_match(r->flt, &ev, &ctx, r->st);
}

/* -w and its rotation options; the first file is created at once when
 * its name is known, so a bad path stops syscope before any event. */
static struct trace_out *open_trace_out(const struct options *o, struct run_res *r, char *err,
					size_t errlen)
{
	struct trace_out_opts to = {
		.path = o->write_file,
		.kind = (enum ostream_kind)o->compression,
		.file_bytes = o->file_mb * 1000000,
		.file_events = o->file_events,
		.file_ns = o->file_seconds * 1000000000ull,
		.max_files = o->max_files,
		.input_path = o->read_file,
		.only = { o->filter_proclist ? entry_matches : NULL, r },
	};
	struct trace_out *out = trace_out_new(&to, err, errlen);
	if (out && !trace_out_start(out, err, errlen)) {
		trace_out_free(out);
		return NULL;
	}
	return out;
}

/* Every -r file after the first can be opened: found now, a missing one
 * stops syscope before it prints or writes anything.  (The first is
 * opened at once, with its own errors.) */
static bool inputs_readable(const struct options *o, char *err, size_t errlen)
{
	for (unsigned i = 1; i < o->nread; i++) {
		int fd = open(o->read_files[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "%s: cannot open: %s", o->read_files[i], strerror(errno));
			return false;
		}
		close(fd);
	}
	return true;
}

/* A live capture that has caught up: what it printed goes out now. */
static void push_output(void *ctx)
{
	printer_push(ctx);
}

/* Live with chisels: their intervals follow the wall clock while no event
 * comes, and what they printed goes out. */
static void tick_chisels(void *arg)
{
	struct run_out *ro = arg;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	if (!chisel_set_idle(ro->chisels, (uint64_t)now.tv_sec * 1000000000ull +
						 (uint64_t)now.tv_nsec) ||
	    chisel_set_ending(ro->chisels))
		stop_request();
	fflush(stdout);
}

/* What a run holds open; run_cleanup() releases whatever was set, so every
 * exit of run() goes through the one path. */

static void run_cleanup(struct run_res *r)
{
	display_close(&r->dsp);
	trace_out_free(r->out);
	printer_free(&r->pr);
	engine_close(r->eng);
	state_free(r->st);
	filter_free(r->flt);
}

/* Opens what the run needs, in the order that lets bad input fail before
 * anything is written.  false with the message printed. */
static bool run_open(const struct options *o, struct run_res *r, struct scap_sink *sink,
		     bool chisels)
{
	char err[512];
	if (o->resolve_ports && !port_names_load()) {
		fprintf(stderr, "syscope: out of memory\n");
		return false;
	}
	if (o->filter) {
		r->flt = filter_compile(o->filter, err, sizeof err);
		if (!r->flt) {
			fprintf(stderr, "syscope: %s\n", err);
			return false;
		}
	}
	/* the output format is checked before anything is opened or written */
	if (!display_open(&r->dsp, options_output_format(o, isatty(STDOUT_FILENO)), o->json,
			  o->summary))
		return false;
	r->st = state_new();
	if (!r->st) {
		fprintf(stderr, "syscope: out of memory\n");
		return false;
	}
	/* Memory sizes cost a parse of every mmap-like call and switch; only
	 * a field that prints them, a chisel (which may ask for any field) or
	 * a written file's process list reads them. */
	if (!o->write_file && !chisels && !(r->flt && filter_uses_flags(r->flt, FF_MEMORY)) &&
	    !display_uses_flags(&r->dsp, FF_MEMORY))
		state_skip_memory(r->st);
	if (o->large_environment)
		state_read_large_env(r->st);
	*sink = state_sink(r->st);
	/* -E: no user or group table, from the file or the machine; none is
	 * written then either */
	if (o->exclude_users) {
		sink->user = NULL;
		sink->group = NULL;
	}
	bool live = !o->read_file;
	if (!inputs_readable(o, err, sizeof err)) {
		fprintf(stderr, "syscope: %s\n", err);
		return false;
	}
	/* Live: Ctrl-C ends the capture on the normal path (files finished,
	 * closing line printed). */
	if (live)
		stop_install_handlers();
	r->eng = live ? live_open(o, r->flt, sink, err, sizeof err)
		      : engine_savefile_open(o->read_file, sink, stop_engine_hook(), &o->suppress,
					     err, sizeof err);
	if (!r->eng) {
		fprintf(stderr, "syscope: %s\n", err);
		return false;
	}
	if (o->write_file) {
		r->out = open_trace_out(o, r, err, sizeof err);
		if (!r->out) {
			fprintf(stderr, "syscope: %s\n", err);
			return false;
		}
		/* Ctrl-C ends the recording; the files are then finished. */
		stop_install_handlers();
	}
	return true;
}

/* sysdig.get_read_progress(): how far into the current input file. */
static double read_progress(void *arg)
{
	const struct run_res *r = arg;
	struct engine_stats s;
	if (!r->eng)
		return 0;
	engine_stats(r->eng, &s);
	if (!s.file_size)
		return 0;
	return 100.0 * (double)(s.file_pos < s.file_size ? s.file_pos : s.file_size) /
	       (double)s.file_size;
}

static int run(const struct options *o, struct chisel_set *chisels,
	       struct chisel_run_opts *copts)
{
	struct run_res r = {0};
	struct scap_sink sink;
	struct run_report report;
	run_report_start(&report);
	if (copts) {
		copts->read_progress = read_progress;
		copts->progress_arg = &r;
	}
	/* An input that does not open is the one message: no chisel output
	 * (sysdig would print their empty tables after it). */
	if (!run_open(o, &r, &sink, chisels != NULL)) {
		run_cleanup(&r);
		return 1;
	}
	bool live = !o->read_file;
	struct printer *pr = &r.pr;
	printer_init(pr, stdout);
	pr->ro.buf = o->buf_mode;
	pr->ro.verbose = o->verbose;
	pr->time_mode = o->time_mode;
	pr->color = isatty(STDOUT_FILENO);
	pr->unbuffered = o->unbuffered;
	display_attach(&r.dsp, pr);
	struct run_out ro = { .pr = pr, .dsp = &r.dsp, .out = r.out, .chisels = chisels };
	/* Several -r files are read one after another, each on its own: its
	 * section header clears the tables, which its own then fill. */
	unsigned ninputs = live ? 1 : o->nread;
	bool failed = false;
	for (unsigned i = 0; i < ninputs; i++) {
		if (i > 0) {
			if (stop_requested() || ro.out_failed || pr->write_failed)
				break;
			run_report_add_file(&report, r.eng);
			engine_close(r.eng);
			char err[512];
			r.eng = engine_savefile_open(o->read_files[i], &sink, stop_engine_hook(),
						     &o->suppress, err, sizeof err);
			if (!r.eng) {
				snprintf(ro.err, sizeof ro.err, "%s", err);
				failed = true;
				break;
			}
		}
		if (live)
			engine_on_idle(r.eng, chisels ? tick_chisels : push_output,
				       chisels ? (void *)&ro : (void *)pr);
		struct filter_plan plan;
		plan_filter(r.flt, r.st, o->fatfile && o->write_file, r.eng, &plan);
		struct progress prog;
		progress_init(&prog, o->progress ? stderr : NULL);
		if (replay(o, r.eng, r.st, r.flt, &plan, &ro, &prog) < 0) {
			failed = true;
			break;
		}
		if (ro.chisel_failed)
			break;
	}
	/* The chisels' final tables come before -S and the closing lines. */
	if (chisels && !ro.chisel_failed && !failed && !chisel_set_capture_start(chisels, r.st))
		ro.chisel_failed = true;
	if (chisels && !ro.chisel_failed && !chisel_set_end(chisels))
		ro.chisel_failed = true;
	if (ro.chisel_failed) {
		/* what was written so far stays a complete, readable file */
		char err[600];
		if (r.out && !ro.out_failed && !trace_out_finish(r.out, err, sizeof err))
			fprintf(stderr, "syscope: %s\n", err);
		fflush(stdout);
		fprintf(stderr, "syscope: %s\n", chisel_set_error(chisels));
		run_cleanup(&r);
		return 1;
	}
	if (live) {
		run_report_live(&report, o, r.eng);
	} else if (r.eng) {
		run_report_add_file(&report, r.eng);
		run_report_files(&report, o);
	}
	uint64_t bad = r.st ? container_table_bad(state_containers(r.st)) : 0;
	if (bad && o->verbose)
		fprintf(stderr, "syscope: %" PRIu64 " container metadata event%s could not be read "
				"(not JSON, or no container id): ignored\n", bad, bad == 1 ? "" : "s");
	int status = finish_run(o, &ro, failed);
	run_cleanup(&r);
	return status;
}

/* sysdig.run_app(): the next run's arguments, split on blanks with "…"
 * grouping, run by the same binary. */
static int start_next_run(const char *argv0, const char *args)
{
	size_t len = strlen(args);
	char **v = calloc(len / 2 + 3, sizeof *v);
	char *w = malloc(len + 1);
	if (!v || !w) {
		free(v);
		free(w);
		fprintf(stderr, "syscope: out of memory\n");
		return 1;
	}
	size_t n = 0, k = 0;
	v[n++] = (char *)argv0;
	for (size_t i = 0; i <= len;) {
		while (i < len && args[i] == ' ')
			i++;
		if (i >= len)
			break;
		v[n++] = w + k;
		bool quoted = false;
		for (; i < len && (quoted || args[i] != ' '); i++) {
			if (args[i] == '"')
				quoted = !quoted;
			else
				w[k++] = args[i];
		}
		w[k++] = 0;
	}
	v[n] = NULL;
	fflush(stdout);
	execv("/proc/self/exe", v);
	fprintf(stderr, "syscope: cannot start the run a chisel asked for: %s\n", strerror(errno));
	free(v);
	free(w);
	return 1;
}

/* A run with chisels: they are initialised before anything is opened (they
 * may set the global filter, the snaplen, the buffer format), and the run
 * then uses what they set. */
static int run_chisels(struct options *o, const char *argv0)
{
	if (!o->nchisels)
		return run(o, NULL, NULL);
	struct chisel_run_opts co = {
		.live = !o->read_file,
		.source = o->read_file,
		.json = o->json,
		.print_container = o->format && (strcmp(o->format, FORMAT_CONTAINER) == 0),
		.buf_forced = o->buf_mode != BUF_DOTS || o->json, /* -j is a buffer format too */
		.verbose = o->verbose,
		.time_mode = o->time_mode,
		.buf = o->buf_mode,
		.snaplen = o->snaplen,
		.fatfile = o->fatfile,
		.filter = o->filter,
	};
	struct chisel_set *cs = chisel_set_new(o->chisels, o->nchisels, &co);
	if (!cs) {
		fprintf(stderr, "syscope: out of memory\n");
		return 1;
	}
	free(o->chisels); /* the set owns the chisels now */
	o->chisels = NULL;
	o->nchisels = 0;
	int status = 1;
	if (!chisel_set_init(cs)) {
		fprintf(stderr, "syscope: %s\n", chisel_set_error(cs));
	} else {
		struct options eff = *o;
		eff.filter = (char *)co.filter;
		eff.snaplen = co.snaplen;
		eff.fatfile = co.fatfile;
		char *wide = chisel_set_pushdown_text(cs);
		eff.pushdown_filter = wide;
		status = run(&eff, cs, &co);
		free(wide);
	}
	char *next = chisel_set_next_run(cs) ? strdup(chisel_set_next_run(cs)) : NULL;
	chisel_set_free(cs);
	if (status == 0 && next) {
		options_free(o);
		status = start_next_run(argv0, next);
	}
	free(next);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	if (!options_parse(&o, argc, argv)) {
		options_free(&o);
		return 1;
	}
	int status = 0;
	switch (o.action) {
	case ACT_HELP:
		options_print_help(stdout);
		break;
	case ACT_VERSION:
		printf("syscope %s\n", SYSCOPE_VERSION);
		break;
	case ACT_LIBS_VERSION:
		print_libs_version(stdout);
		break;
	case ACT_LIST_EVENTS:
		list_events(stdout);
		break;
	case ACT_LIST_FIELDS:
		list_fields(stdout, o.verbose);
		break;
	case ACT_LIST_MARKDOWN:
		list_fields_markdown(stdout);
		break;
	case ACT_DRIVER_INFO:
		status = driver_info(&o);
		break;
	case ACT_LIST_CHISELS:
		status = chisel_print_list(stdout) ? 0 : 1;
		break;
	case ACT_CHISEL_INFO: {
		char err[1024];
		if (!chisel_print_info(stdout, o.chisel_info, err, sizeof err)) {
			fprintf(stderr, "syscope: %s\n", err);
			status = 1;
		}
		break;
	}
	case ACT_PRINT_FORMAT:
		puts(options_output_format(&(struct options){ .json = true },
					   isatty(STDOUT_FILENO)));
		break;
	default:
		status = run_chisels(&o, argv[0]);
		port_names_free();
	}
	options_free(&o);
	return status;
}
