/* Runs an in-memory trace through reader, state engine and the default
 * line printer, collecting the printed text: what `syscope -r` would show. */
#ifndef SYSCOPE_TESTS_REPLAY_HELPER_H
#define SYSCOPE_TESTS_REPLAY_HELPER_H

#include <stdio.h>
#include <stdlib.h>

#include "print_event.h"
#include "scap_build.h"
#include "scap_reader.h"
#include "state.h"

/* Returns a malloc'd string of every printed line (caller frees). */
static inline char *replay_text(const struct bytes *f, const struct render_opts *ro)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct state *st = state_new();
	struct scap_sink sink = state_sink(st);
	char err[256];
	struct scap_reader *r = scap_reader_open_mem(f->data, f->len, &sink, err, sizeof err);
	struct printer pr;
	printer_init(&pr, out);
	if (ro)
		pr.ro = *ro;
	struct event ev;
	struct evt_ctx ctx;
	while (r && scap_reader_next(r, &ev) > 0) {
		state_process_event(st, &ev, &ctx);
		print_default_line(&pr, &ev, &ctx, st);
		printer_observe(&pr, &ev);
	}
	printer_flush(&pr);
	printer_free(&pr);
	scap_reader_close(r);
	state_free(st);
	fclose(out);
	return text;
}

#endif
