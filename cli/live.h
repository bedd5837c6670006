/* Live capture from the command line's point of view: the engine opened
 * with the options and the filter's kernel pushdown (its closing line is
 * run_report.h's). */
#ifndef SYSCOPE_LIVE_H
#define SYSCOPE_LIVE_H

#include <stddef.h>

#include "engine.h"
#include "filter.h"
#include "options.h"
#include "scap_reader.h"

/* The driver's settings for o: the pushdown plan of flt (NULL: none) into
 * *plan and the -U names into *sup (initialised here; the caller frees it
 * with suppress_free once the engine is open), which cfg points at. */
void live_config_build(const struct options *o, const struct filter *flt,
		       struct pushdown_plan *plan, struct suppress *sup,
		       struct live_config *cfg);

/* The eBPF engine for o, dropping in the kernel what flt cannot match.
 * NULL with a one-line message in err. */
struct engine *live_open(const struct options *o, const struct filter *flt,
			 const struct scap_sink *sink, char *err, size_t errlen);

#endif
