/* The closing line on stderr.  Live: the capture's counters, when events
 * were dropped and always with -v.  Files, with -v: the events read from
 * all the -r files and the time it took. */
#ifndef SYSCOPE_RUN_REPORT_H
#define SYSCOPE_RUN_REPORT_H

#include <stdint.h>

#include "engine.h"
#include "options.h"

struct run_report {
	double started;        /* CLOCK_MONOTONIC seconds */
	uint64_t file_events;  /* of the inputs done so far */
	uint64_t file_suppressed; /* -U: their events dropped */
};

/* Before the first engine opens. */
void run_report_start(struct run_report *r);
/* A trace-file engine about to be closed: its events count. */
void run_report_add_file(struct run_report *r, const struct engine *eng);
/* "syscope: N events, M dropped (buffers full), ..." when drops happened,
 * and always with -v; with -U and -v, the events the driver suppressed. */
void run_report_live(const struct run_report *r, const struct options *o,
		     const struct engine *eng);
/* With -v: "syscope: N events read in T s (R events/s)", and with -U
 * "syscope: N events suppressed (-U)". */
void run_report_files(const struct run_report *r, const struct options *o);

#endif
