/* syscope: read events, keep the state up to date, print them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "filter.h"
#include "list_events.h"
#include "options.h"
#include "print_event.h"
#include "state.h"

static bool is_hidden(const struct options *o, const struct event *ev)
{
	if (ev->dump_flags & SCAP_DF_STATE_ONLY)
		return true;
	return !o->debug && (ev->info->category & EC_INTERNAL);
}

/* Read every event of the engine; returns the exit status.  The state
 * sees every event before the filter does, so a filtered-out event still
 * opens, names and closes what later events refer to. */
static int replay(const struct options *o, struct engine *eng, struct state *st,
		  struct filter *flt, struct printer *pr)
{
	struct event ev;
	struct evt_ctx ctx;
	uint64_t delivered = 0;
	int rc;
	while ((rc = engine_next(eng, &ev)) > 0) {
		state_process_event(st, &ev, &ctx);
		if (flt && !filter_match(flt, &ev, &ctx, st))
			continue;
		if (!o->quiet && !is_hidden(o, &ev)) {
			print_default_line(pr, &ev, &ctx, st);
			printer_observe(pr, &ev);
		}
		if (pr->write_failed || (o->max_events && ++delivered >= o->max_events))
			break;
	}
	bool flushed = printer_flush(pr);
	if (pr->color)
		fputs("\033[00m", stdout);
	if (fflush(stdout) != 0 || !flushed) {
		fprintf(stderr, "syscope: cannot write the output\n");
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "syscope: %s\n", engine_error(eng));
		return 1;
	}
	return 0;
}

static int run(const struct options *o)
{
	if (!o->read_file) {
		fprintf(stderr, "syscope: no input: give a trace file with -r FILE "
				"(live capture needs the eBPF driver, not built yet)\n");
		return 1;
	}
	struct filter *flt = NULL;
	if (o->filter) {
		char ferr[512];
		flt = filter_compile(o->filter, ferr, sizeof ferr);
		if (!flt) {
			fprintf(stderr, "syscope: %s\n", ferr);
			return 1;
		}
	}
	struct state *st = state_new();
	if (!st) {
		fprintf(stderr, "syscope: out of memory\n");
		filter_free(flt);
		return 1;
	}
	struct scap_sink sink = state_sink(st);
	char err[512];
	struct engine *eng = engine_savefile_open(o->read_file, &sink, err, sizeof err);
	if (!eng) {
		fprintf(stderr, "syscope: %s\n", err);
		state_free(st);
		filter_free(flt);
		return 1;
	}
	struct printer pr;
	printer_init(&pr, stdout);
	pr.ro.buf = o->buf_mode;
	pr.ro.verbose = o->verbose;
	pr.time_mode = o->time_mode;
	pr.color = isatty(STDOUT_FILENO);
	int status = replay(o, eng, st, flt, &pr);
	printer_free(&pr);
	engine_close(eng);
	state_free(st);
	filter_free(flt);
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
	case ACT_LIST_EVENTS:
		list_events(stdout);
		break;
	default:
		status = run(&o);
	}
	options_free(&o);
	return status;
}
