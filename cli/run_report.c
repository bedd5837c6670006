/* The closing line of a run; see run_report.h. */
#include <stdio.h>
#include <time.h>

#include "run_report.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void run_report_start(struct run_report *r)
{
	r->started = now();
	r->file_events = 0;
	r->file_suppressed = 0;
}

/* sysdig says "Suppressed by Comm:N" among its statistics; this is
 * syscope's wording of it, only when -U was given. */
static void report_suppressed(const struct options *o, uint64_t n)
{
	if (o->verbose && o->suppress.n)
		fprintf(stderr, "syscope: %llu events suppressed (-U)\n", (unsigned long long)n);
}

void run_report_add_file(struct run_report *r, const struct engine *eng)
{
	struct engine_stats s;
	engine_stats(eng, &s);
	r->file_events += s.events;
	r->file_suppressed += s.suppressed;
}

void run_report_live(const struct run_report *r, const struct options *o,
		     const struct engine *eng)
{
	struct engine_stats s;
	engine_stats(eng, &s);
	if (!s.drops && !o->verbose)
		return;
	fprintf(stderr, "syscope: %llu events, %llu dropped (buffers full), "
		"%llu arguments unreadable, %.1f s\n",
		(unsigned long long)s.events, (unsigned long long)s.drops,
		(unsigned long long)s.failed_reads, now() - r->started);
	report_suppressed(o, s.suppressed);
}

void run_report_files(const struct run_report *r, const struct options *o)
{
	if (!o->verbose)
		return;
	double secs = now() - r->started;
	fprintf(stderr, "syscope: %llu events read in %.3f s (%.0f events/s)\n",
		(unsigned long long)r->file_events, secs,
		secs > 0 ? (double)r->file_events / secs : 0.0);
	report_suppressed(o, r->file_suppressed);
}
