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
	char *w = sb_claim(sb, 18);
	if (!w)
		return;
	w = fmt_mem(w, p->hms, 8);
	*w++ = '.';
	sb_commit(sb, fmt_nsec9(w, (uint32_t)(ts % 1000000000u)));
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

/* The arguments and the end of the line. */
static void finish_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
			struct state *st)
{
	struct strbuf *sb = &p->buf;
	render_evt_info(sb, &p->scratch, ev, ctx, st, &p->ro);
	sb_putc(sb, '\n');
	if (sb->len >= FLUSH_AT)
		printer_flush(p);
}

void print_default_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
			struct state *st)
{
	struct strbuf *sb = &p->buf;
	const struct thread *t = ctx->thread;
	const char *comm = t && !t->placeholder ? t->comm : "<NA>";
	char *w = sb_claim(sb, 21);
	if (!w)
		return;
	w = fmt_u64(w, ev->num);
	*w++ = ' ';
	sb_commit(sb, w);
	format_output_time(p, sb, ev, ctx, st);
	if (!p->color) {
		/* The usual line: everything up to the arguments in one go. */
		const char *type = event_type_name(ev);
		size_t comm_len = strlen(comm), type_len = strlen(type);
		w = sb_claim(sb, 1 + 20 + 1 + comm_len + 2 + 20 + 4 + type_len + 1);
		if (!w)
			return;
		*w++ = ' ';
		w = fmt_i64(w, ev->cpu);
		*w++ = ' ';
		w = fmt_mem(w, comm, comm_len);
		w = fmt_mem(w, " (", 2);
		w = fmt_i64(w, ev->tid);
		w = fmt_mem(w, event_is_enter(ev->type) ? ") > " : ") < ", 4);
		w = fmt_mem(w, type, type_len);
		*w++ = ' ';
		sb_commit(sb, w);
		finish_line(p, ev, ctx, st);
		return;
	}
	/* On a terminal: the same fields with colours, and the pid. */
	p->color_used = true;
	sb_putc(sb, ' ');
	sb_i64(sb, ev->cpu);
	sb_puts(sb, " \033[01;32m");
	sb_puts(sb, comm);
	sb_puts(sb, "\033[00m (\033[01;36m");
	if (t && !t->placeholder)
		sb_i64(sb, t->pid);
	else
		sb_puts(sb, "<NA>");
	sb_puts(sb, "\033[00m.");
	sb_i64(sb, ev->tid);
	sb_puts(sb, event_is_enter(ev->type) ? ") > \033[01;34m" : ") < \033[01;34m");
	sb_puts(sb, event_type_name(ev));
	sb_puts(sb, "\033[00m ");
	finish_line(p, ev, ctx, st);
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
