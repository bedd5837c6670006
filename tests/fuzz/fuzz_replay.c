/* libFuzzer target for the whole replay pipeline, as `syscope -r` runs it:
 * reader -> state engine (metadata sink and per-event updates) -> default
 * line formatting.  fuzz_reader.c checks the reader's own promises; this
 * target finds what hostile input does to the code that trusts the reader:
 * thread and fd tables, path resolution, parameter rendering.
 *
 * Every event is formatted, hidden ones included, for more coverage.  Odd-
 * sized inputs are printed with -v (no 80-character cut), even-sized ones
 * without.  Output goes to /dev/null.
 *
 * Build and run: tests/fuzz/run.sh SECONDS (see README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "print_event.h"
#include "scap_reader.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct state *st;
	struct scap_sink sink;
	struct scap_reader *r;
	struct printer pr;
	struct event ev;
	struct evt_ctx ctx;
	char err[512];

	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();

	st = state_new();
	if (!st)
		abort();
	sink = state_sink(st);
	r = scap_reader_open_mem(data, size, &sink, err, sizeof err);
	if (!r) {
		state_free(st);
		return 0;
	}

	printer_init(&pr, devnull);
	pr.ro.verbose = size & 1;
	while (scap_reader_next(r, &ev) > 0) {
		state_process_event(st, &ev, &ctx);
		print_default_line(&pr, &ev, &ctx, st);
		printer_observe(&pr, &ev);
	}
	(void)printer_flush(&pr);

	printer_free(&pr);
	scap_reader_close(r);
	state_free(st);
	return 0;
}
