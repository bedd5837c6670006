/* The trace-file engine: events come from a scap_reader. */
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"

struct savefile {
	struct engine base;
	struct scap_reader *reader;
	uint64_t events;   /* delivered: evt.num of the last one */
	uint64_t read;     /* read, suppressed ones included */
	struct engine_stop stop;
	struct suppress supp;
};

static int sf_next(struct engine *e, struct event *ev)
{
	struct savefile *sf = (struct savefile *)e;
	/* Ctrl-C ends a replay within 64 events: asking at every one would
	 * cost an indirect call per event. */
	if ((sf->read & 63) == 0 && engine_stop_requested(&sf->stop))
		return 0;
	int rc;
	while ((rc = scap_reader_next(sf->reader, ev)) > 0) {
		sf->read++;
		/* -U: dropped here, so neither the state nor evt.num nor -n
		 * ever count it, as in sysdig (libscap drops it). */
		if (suppress_active(&sf->supp) && suppress_event(&sf->supp, ev)) {
			if ((sf->read & 63) == 0 && engine_stop_requested(&sf->stop))
				return 0;
			continue;
		}
		ev->num = ++sf->events;
		break;
	}
	return rc;
}

static void sf_stats(const struct engine *e, struct engine_stats *out)
{
	const struct savefile *sf = (const struct savefile *)e;
	out->events = sf->events;
	out->drops = 0;
	out->bytes = scap_reader_offset(sf->reader);
	if (!scap_reader_position(sf->reader, &out->file_pos, &out->file_size))
		out->file_pos = out->file_size = 0;
	out->failed_reads = 0;
	out->suppressed = sf->supp.suppressed;
}

static const char *sf_error(const struct engine *e)
{
	return scap_reader_error(((const struct savefile *)e)->reader);
}

static void sf_close(struct engine *e)
{
	struct savefile *sf = (struct savefile *)e;
	scap_reader_close(sf->reader);
	suppress_free(&sf->supp);
	free(sf);
}

static void sf_set_skim(struct engine *e, const struct skim_plan *plan)
{
	scap_reader_set_skim(((struct savefile *)e)->reader, plan);
}

static const struct engine_ops savefile_ops = {
	.next = sf_next, .stats = sf_stats, .error = sf_error, .close = sf_close,
	.set_skim = sf_set_skim,
};

struct engine *engine_savefile_open(const char *path, const struct scap_sink *sink,
				    const struct engine_stop *stop,
				    const struct suppress_names *suppress, char *err,
				    size_t errlen)
{
	struct savefile *sf = calloc(1, sizeof *sf);
	if (!sf) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sf->base.ops = &savefile_ops;
	if (stop)
		sf->stop = *stop;
	suppress_init(&sf->supp, suppress);
	sf->reader = scap_reader_open(path, sink, err, errlen);
	if (!sf->reader) {
		free(sf);
		return NULL;
	}
	return &sf->base;
}
