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
	for (unsigned i = 0; i < EVENT_TYPE_MAX; i++) {
		const char *name = event_table[i].name;
		size_t n = name ? strlen(name) : 0;
		p->type_len[i] = (uint8_t)(n < UINT8_MAX ? n : 0); /* 0: measure each time */
	}
	for (unsigned i = 0; i < PPM_SC_MAX; i++) {
		const char *name = ppm_sc_name((uint16_t)i);
		size_t n = name ? strlen(name) : 0;
		p->sc_len[i] = (uint8_t)(n < UINT8_MAX ? n : 0);
	}
}

/* evt.type's text and length; the lengths of table names are known. */
static const char *type_name(const struct printer *p, const struct event *ev, size_t *len)
{
	size_t n = 0;
	const char *name;
	if (ev->info && ev->type != EVT_GENERIC_E && ev->type != EVT_GENERIC_X) {
		name = ev->info->name;
		n = p->type_len[ev->type];
	} else {
		/* As event_type_name, with the length of the syscall's name. */
		uint64_t code = ev->info ? event_param_uint(ev, 0) : PPM_SC_MAX;
		name = code < PPM_SC_MAX ? ppm_sc_name((uint16_t)code) : NULL;
		if (name)
			n = p->sc_len[code];
		else
			name = "<unknown>";
	}
	*len = n ? n : strlen(name);
	return name;
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
static char *put_human_time(struct printer *p, char *w, uint64_t ts)
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
	w = fmt_mem(w, p->hms, 8);
	*w++ = '.';
	return fmt_nsec9(w, (uint32_t)(ts - (uint64_t)sec * 1000000000u));
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
	default: {
		char *w = sb_claim(sb, 18);
		if (w)
			sb_commit(sb, put_human_time(p, w, ev->ts));
	}
	}
}

/* The arguments and the end of the line. */
static void finish_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
			struct state *st)
{
	struct strbuf *sb = &p->buf;
	render_evt_info(sb, &p->scratch, ev, ctx, st, &p->ro);
	sb_putc(sb, '\n');
}

/* evt.num: the numbers printed mostly climb by one or a few, so the
 * previous one's digits are carried forward instead of converted anew. */
static char *put_event_num(struct printer *p, char *w, uint64_t num)
{
	uint64_t step = num - p->num_val;
	if (p->num_len && num >= p->num_val && step < 1000) {
		uint64_t carry = step;
		for (int i = p->num_len - 1; carry && i >= 0; i--) {
			uint64_t d = (uint64_t)(p->num_text[i] - '0') + carry;
			p->num_text[i] = (char)('0' + d % 10);
			carry = d / 10;
		}
		if (!carry) {
			p->num_val = num;
			return fmt_mem(w, p->num_text, p->num_len);
		}
	}
	char *end = fmt_u64(w, num);
	p->num_val = num;
	p->num_len = (uint8_t)(end - w);
	memcpy(p->num_text, w, p->num_len);
	return end;
}

/* " cpu comm (tid": at most HEAD_MAX(comm_len) bytes at w. */
#define HEAD_MAX(comm_len) (1 + 6 + 1 + (comm_len) + 2 + 20)
static char *fmt_line_head(char *w, const struct event *ev, const char *comm, size_t comm_len)
{
	*w++ = ' ';
	w = fmt_i64(w, ev->cpu);
	*w++ = ' ';
	w = fmt_mem(w, comm, comm_len);
	w = fmt_mem(w, " (", 2);
	return fmt_i64(w, ev->tid);
}

/* The cached " cpu comm (tid" for this event's thread, or NULL when it
 * does not fit a slot. */
static const struct printer_head *line_head(struct printer *p, const struct event *ev,
					    const struct thread *t)
{
	struct printer_head *h = &p->heads[(uint64_t)ev->tid % PRINTER_HEAD_SLOTS];
	if (h->len && h->tid == ev->tid && h->cpu == ev->cpu && h->comm_gen == t->comm_gen &&
	    h->placeholder == t->placeholder)
		return h;
	const char *comm = !t->placeholder ? t->comm : "<NA>";
	size_t comm_len = strlen(comm);
	if (HEAD_MAX(comm_len) > PRINTER_HEAD_TEXT)
		return NULL;
	h->len = (uint8_t)(fmt_line_head(h->text, ev, comm, comm_len) - h->text);
	h->tid = ev->tid;
	h->cpu = ev->cpu;
	h->comm_gen = t->comm_gen;
	h->placeholder = t->placeholder;
	return h;
}

void print_default_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
			struct state *st)
{
	struct strbuf *sb = &p->buf;
	const struct thread *t = ctx->thread;
	const char *comm = t && !t->placeholder ? t->comm : "<NA>";
	char *w = sb_claim(sb, 20 + 1 + 18);
	if (!w)
		return;
	w = put_event_num(p, w, ev->num);
	*w++ = ' ';
	if (p->time_mode == TIME_HUMAN) {
		w = put_human_time(p, w, ev->ts);
		sb_commit(sb, w);
	} else {
		sb_commit(sb, w);
		format_output_time(p, sb, ev, ctx, st);
	}
	if (!p->color) {
		/* The usual line: everything up to the arguments in one go. */
		const struct printer_head *h = t ? line_head(p, ev, t) : NULL;
		size_t type_len;
		const char *type = type_name(p, ev, &type_len);
		size_t comm_len = h ? 0 : strlen(comm);
		w = sb_claim(sb, PRINTER_HEAD_TEXT + HEAD_MAX(comm_len) + 4 + type_len + 1);
		if (!w)
			return;
		w = h ? fmt_mem(w, h->text, h->len) : fmt_line_head(w, ev, comm, comm_len);
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

void printer_line_done(struct printer *p)
{
	if (p->unbuffered) {
		if (printer_flush(p) && fflush(p->out) != 0)
			p->write_failed = true;
	} else if (p->buf.len >= FLUSH_AT) {
		printer_flush(p);
	}
}

bool printer_push(struct printer *p)
{
	return printer_flush(p) && fflush(p->out) == 0;
}

void printer_free(struct printer *p)
{
	sb_free(&p->buf);
	sb_free(&p->scratch);
}
