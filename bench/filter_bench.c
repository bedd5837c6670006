/* The cost of a compiled filter alone, per event.
 *
 *   filter_bench FILE FILTER [REPEAT]
 *
 * Reads FILE with the state engine, as syscope -r does, and runs the
 * filter REPEAT times (default 16) on every event.  Only those runs are
 * timed, a batch per event between two clock reads, minus the cost of the
 * clock reads themselves (measured on empty batches), so reading and
 * state upkeep do not count.  Prints events, matches and ns per event. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine.h"
#include "filter.h"
#include "state.h"

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The cost of one timed batch with nothing in it. */
static double clock_overhead(void)
{
	uint64_t total = 0;
	enum { N = 100000 };
	for (int i = 0; i < N; i++) {
		uint64_t t0 = now_ns();
		total += now_ns() - t0;
	}
	return (double)total / N;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: filter_bench FILE FILTER [REPEAT]\n");
		return 1;
	}
	int repeat = argc == 4 ? atoi(argv[3]) : 16;
	if (repeat < 1) {
		fprintf(stderr, "filter_bench: REPEAT must be a positive number\n");
		return 1;
	}
	char err[512];
	struct filter *f = filter_compile(argv[2], err, sizeof(err));
	if (!f) {
		fprintf(stderr, "filter_bench: %s\n", err);
		return 1;
	}
	struct state *st = state_new();
	struct scap_sink sink = state_sink(st);
	struct engine *eng = st ? engine_savefile_open(argv[1], &sink, NULL, NULL, err, sizeof(err)) : NULL;
	if (!eng) {
		fprintf(stderr, "filter_bench: %s\n", st ? err : "out of memory");
		state_free(st);
		filter_free(f);
		return 1;
	}
	double overhead = clock_overhead();
	struct event ev;
	struct evt_ctx ctx;
	uint64_t events = 0, matches = 0, timed = 0;
	int rc;
	while ((rc = engine_next(eng, &ev)) > 0) {
		state_process_event(st, &ev, &ctx);
		bool m = false;
		uint64_t t0 = now_ns();
		for (int i = 0; i < repeat; i++)
			m = filter_match(f, &ev, &ctx, st);
		timed += now_ns() - t0;
		events++;
		matches += m;
	}
	if (rc < 0)
		fprintf(stderr, "filter_bench: %s\n", engine_error(eng));
	double ns = events ? ((double)timed - overhead * (double)events) /
				     ((double)events * repeat)
			   : 0;
	printf("events %llu matches %llu filter_ns_per_event %.2f\n", (unsigned long long)events,
	       (unsigned long long)matches, ns < 0 ? 0 : ns);
	engine_close(eng);
	state_free(st);
	filter_free(f);
	return rc < 0;
}
