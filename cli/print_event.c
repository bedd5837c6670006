#include <string.h>
#include <time.h>

#include "print_event.h"

#define FLUSH_AT (64 * 1024)

void printer_init(struct printer *p, FILE *out)
{
	memset(p, 0, sizeof *p);
	p->out = out;
	p->time_mode = TIME_HUMAN;
	p->hms_sec = -1;
}

void printer_observe(struct printer *p, const struct event *ev)
{
	p->prev_ts = ev->ts;
	p->has_prev = true;
}

static void put_sec_nsec(struct strbuf *sb, uint64_t ns, bool pad)
{
	sb_u64(sb, ns / 1000000000u);
	sb_putc(sb, '.');
	if (pad)
		sb_nsec9(sb, (uint32_t)(ns % 1000000000u));
	else
		sb_u64(sb, ns % 1000000000u);
}

/* Local wall-clock time.  localtime_r is looked up once per second of
 * trace time, not once per event. */
static void put_human_time(struct printer *p, struct strbuf *sb, uint64_t ts)
{
	int64_t sec = (int64_t)(ts / 1000000000u);
	if (sec != p->hms_sec) {
		time_t t = (time_t)sec;
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(p->hms, sizeof p->hms, "%H:%M:%S", &tm);
		else
			memcpy(p->hms, "00:00:00", 9);
		p->hms_sec = sec;
	}
	sb_append(sb, p->hms, 8);
	sb_putc(sb, '.');
	sb_nsec9(sb, (uint32_t)(ts % 1000000000u));
}

void format_output_time(struct printer *p, struct strbuf *sb, const struct event *ev,
			const struct evt_ctx *ctx, struct state *st)
{
	switch (p->time_mode) {
	case TIME_ABS:
		put_sec_nsec(sb, ev->ts, false);
		break;
	case TIME_REL: {
		uint64_t first = state_first_ts(st);
		put_sec_nsec(sb, ev->ts >= first ? ev->ts - first : 0, true);
		break;
	}
	case TIME_LATENCY:
		/* sysdig shows the thread's last latency, so a context switch
		 * inside a call repeats that of the call before. */
		put_sec_nsec(sb, ctx->thread->latency, true);
		break;
	case TIME_DELTA:
		put_sec_nsec(sb, p->has_prev && ev->ts >= p->prev_ts ? ev->ts - p->prev_ts : 0, true);
		break;
	default:
		put_human_time(p, sb, ev->ts);
	}
}

void print_default_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
			struct state *st)
{
	struct strbuf *sb = &p->buf;
	const struct thread *t = ctx->thread;
	sb_u64(sb, ev->num);
	sb_putc(sb, ' ');
	format_output_time(p, sb, ev, ctx, st);
	sb_putc(sb, ' ');
	sb_i64(sb, ev->cpu);
	sb_putc(sb, ' ');
	const char *comm = t && !t->placeholder ? t->comm : "<NA>";
	if (p->color) {
		sb_puts(sb, "\033[01;32m");
		sb_puts(sb, comm);
		sb_puts(sb, "\033[00m (\033[01;36m");
		if (t && !t->placeholder)
			sb_i64(sb, t->pid);
		else
			sb_puts(sb, "<NA>");
		sb_puts(sb, "\033[00m.");
	} else {
		sb_puts(sb, comm);
		sb_puts(sb, " (");
	}
	sb_i64(sb, ev->tid);
	sb_puts(sb, event_is_enter(ev->type) ? ") > " : ") < ");
	if (p->color)
		sb_puts(sb, "\033[01;34m");
	sb_puts(sb, event_type_name(ev));
	if (p->color)
		sb_puts(sb, "\033[00m");
	sb_putc(sb, ' ');
	render_evt_info(sb, &p->scratch, ev, ctx, st, &p->ro);
	sb_putc(sb, '\n');
	if (sb->len >= FLUSH_AT)
		printer_flush(p);
}

bool printer_flush(struct printer *p)
{
	if (p->buf.len && fwrite(p->buf.data, 1, p->buf.len, p->out) != p->buf.len)
		p->write_failed = true;
	sb_clear(&p->buf);
	return !p->write_failed;
}

void printer_free(struct printer *p)
{
	sb_free(&p->buf);
	sb_free(&p->scratch);
}
