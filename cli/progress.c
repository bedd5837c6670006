/* -P progress; see progress.h. */
#include "progress.h"

/* As in sysdig: the position is looked at every 10,000 events, and a new
 * percentage written when it has grown by more than 0.1. */
#define EVERY 10000
#define STEP 0.1

void progress_init(struct progress *p, FILE *out)
{
	p->out = out;
	p->countdown = EVERY;
	p->shown = -1;
}

static bool percent_read(const struct engine *eng, double *pct)
{
	struct engine_stats s;
	engine_stats(eng, &s);
	if (!s.file_size)
		return false; /* no size to measure against: say nothing */
	uint64_t pos = s.file_pos < s.file_size ? s.file_pos : s.file_size;
	*pct = 100.0 * (double)pos / (double)s.file_size;
	return true;
}

static void show(struct progress *p, double pct)
{
	fprintf(p->out, "\r%6.2f", pct);
	fflush(p->out);
	p->shown = pct;
}

void progress_update(struct progress *p, const struct engine *eng)
{
	p->countdown = EVERY;
	double pct;
	if (percent_read(eng, &pct) && pct - p->shown > STEP)
		show(p, pct);
}

void progress_finish(struct progress *p, const struct engine *eng, bool whole)
{
	/* Nothing shown and the file not read through (a damaged file, an
	 * early stop): no figure to give. */
	if (!p->out || (p->shown < 0 && !whole))
		return;
	double pct;
	if (!percent_read(eng, &pct))
		return;
	/* A replay stopped early (Ctrl-C, an error, -n, -M) shows where it
	 * stopped, not 100. */
	double last = whole ? 100.0 : pct;
	if (last != p->shown)
		show(p, last);
	fputc('\n', p->out);
}
