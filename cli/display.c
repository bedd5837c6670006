#include "display.h"

#include <stdio.h>
#include <string.h>

#include "fields.h"

bool display_open(struct display *d, const char *format, bool json, bool summary)
{
	memset(d, 0, sizeof(*d));
	d->json = json;
	if (format) {
		char err[512];
		d->fmt = format_compile(format, err, sizeof(err));
		if (!d->fmt) {
			fprintf(stderr, "syscope: -p: %s\n", err);
			return false;
		}
	}
	if (summary && !(d->summary = summary_new())) {
		fprintf(stderr, "syscope: out of memory\n");
		display_close(d);
		return false;
	}
	return true;
}

void display_attach(struct display *d, struct printer *p)
{
	if (!d->fmt)
		return;
	p->fmt = d->fmt;
	p->json = d->json;
	/* sysdig resets the terminal's colours at the end when the format
	 * held an escape, whatever the output is */
	p->color = format_has_escape(d->fmt);
	p->color_used = p->color;
}

void display_event(struct display *d, struct printer *p, const struct event *ev,
		   const struct evt_ctx *ctx, struct state *st)
{
	(void)d;
	if (print_line(p, ev, ctx, st))
		printer_observe(p, ev);
}

bool display_finish(struct display *d)
{
	if (!d->summary)
		return true;
	bool ok = summary_print(d->summary, stdout);
	return fflush(stdout) == 0 && ok;
}

void display_close(struct display *d)
{
	format_free(d->fmt);
	summary_free(d->summary);
	fields_cleanup();
	memset(d, 0, sizeof(*d));
}

bool display_uses_flags(const struct display *d, unsigned flags)
{
	return d->fmt && format_uses_flags(d->fmt, flags);
}
