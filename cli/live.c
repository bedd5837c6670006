/* Opening the live engine and reporting on it; see live.h. */
#include <stdio.h>
#include <time.h>

#include "engine_kmod.h"
#include "live.h"
#include "pushdown.h"

static double started; /* CLOCK_MONOTONIC seconds at live_open() */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct engine *live_open(const struct options *o, const struct filter *flt,
			 const struct scap_sink *sink, char *err, size_t errlen)
{
	struct pushdown_plan plan;
	pushdown_plan_build(flt ? o->filter : NULL, flt, o->enter_events, &plan);
	/* -F writes the state changes of every process, not only of those
	 * the filter names: the kernel may still drop by syscall (the state
	 * changing ones always pass), no longer by process. */
	if (o->fatfile)
		plan.ntgids = plan.ntids = plan.ncomms = plan.nuids = 0;
	struct live_config cfg = {
		.snaplen = o->snaplen,
		.ring_bytes = o->buffer_bytes,
		.enter_events = o->enter_events,
		.verbose = o->verbose,
		.plan = &plan,
	};
	started = now();
	if (o->driver == DRIVER_KMOD)
		return engine_kmod_open(&cfg, sink, err, errlen);
	return engine_bpf_open(&cfg, sink, err, errlen);
}

void live_report(const struct options *o, const struct engine *eng)
{
	struct engine_stats s;
	engine_stats(eng, &s);
	if (!s.drops && !o->verbose)
		return;
	fprintf(stderr, "syscope: %llu events, %llu dropped (buffers full), "
		"%llu arguments unreadable, %.1f s\n",
		(unsigned long long)s.events, (unsigned long long)s.drops,
		(unsigned long long)s.failed_reads, now() - started);
}
