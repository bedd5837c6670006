/* Opening the live engine; see live.h. */

#include "engine_kmod.h"
#include "live.h"
#include "pushdown.h"
#include "stop.h"

void live_config_build(const struct options *o, const struct filter *flt,
		       struct pushdown_plan *plan, struct suppress *sup,
		       struct live_config *cfg)
{
	suppress_init(sup, &o->suppress);
	/* Chisels see what passes the filter and their own: the kernel keeps
	 * what any of them may want. */
	char err[256];
	struct filter *wide = o->pushdown_filter ? filter_compile(o->pushdown_filter, err, sizeof err)
						 : NULL;
	if (wide)
		pushdown_plan_build(o->pushdown_filter, wide, o->enter_events, plan);
	else
		pushdown_plan_build(flt ? o->filter : NULL, flt, o->enter_events, plan);
	filter_free(wide);
	/* -F writes the state changes of every process, not only of those
	 * the filter names: the kernel may still drop by syscall (the state
	 * changing ones always pass), no longer by process. */
	if (o->fatfile)
		plan->ntgids = plan->ntids = plan->ncomms = plan->nuids = 0;
	*cfg = (struct live_config){
		.snaplen = o->snaplen,
		.ring_bytes = o->buffer_bytes,
		.enter_events = o->enter_events,
		.page_faults = o->page_faults && plan->page_faults,
		.force_tracers = o->force_tracers,
		.verbose = o->verbose,
		.plan = plan,
		.suppress = sup,
		.stop = *stop_engine_hook(),
	};
}

struct engine *live_open(const struct options *o, const struct filter *flt,
			 const struct scap_sink *sink, char *err, size_t errlen)
{
	struct pushdown_plan plan;
	struct suppress sup;
	struct live_config cfg;
	live_config_build(o, flt, &plan, &sup, &cfg);
	/* The set only seeds the driver's: from then on the driver keeps it. */
	struct engine *eng = o->driver == DRIVER_KMOD ? engine_kmod_open(&cfg, sink, err, errlen)
						      : engine_bpf_open(&cfg, sink, err, errlen);
	suppress_free(&sup);
	return eng;
}
