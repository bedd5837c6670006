/* sysdig's default event line:
 *   num time cpu proc (tid) dir type args
 * written into a large output buffer that is flushed in chunks. */
#ifndef SYSCOPE_PRINT_EVENT_H
#define SYSCOPE_PRINT_EVENT_H

#include <stdio.h>

#include "param_render.h"
#include "state.h"
#include "strbuf.h"

/* -t: how the time column is shown. */
enum time_mode { TIME_HUMAN = 'h', TIME_ABS = 'a', TIME_REL = 'r', TIME_LATENCY = 'd',
		 TIME_DELTA = 'D' };

/* " cpu comm (tid" of the default line, kept per thread: most events come
 * in runs from the same few threads, and this text changes only with the
 * CPU or the thread's name. */
#define PRINTER_HEAD_SLOTS 64
#define PRINTER_HEAD_TEXT 64
struct printer_head {
	int64_t tid;
	uint64_t comm_gen;
	int16_t cpu;
	bool placeholder;
	uint8_t len; /* 0: empty slot */
	char text[PRINTER_HEAD_TEXT];
};

struct printer {
	FILE *out;
	struct strbuf buf;     /* pending output */
	struct strbuf scratch; /* resolved parameter text */
	struct render_opts ro;
	enum time_mode time_mode;
	bool color;            /* sysdig's terminal colours, with (pid.tid) */
	bool color_used; /* a coloured line was written: reset the terminal at the end */
	bool write_failed;
	bool unbuffered;       /* --unbuffered: every line written at once */
	uint64_t prev_ts;      /* previous delivered event, for -t D */
	bool has_prev;
	int64_t hms_sec;       /* the second whose HH:MM:SS is cached */
	char hms[9];
	uint64_t num_val;      /* the evt.num last written, and its digits */
	uint8_t num_len;
	char num_text[20];
	uint8_t type_len[EVENT_TYPE_MAX]; /* strlen of each table name, 0: unknown */
	uint8_t sc_len[PPM_SC_MAX];       /* strlen of each generic syscall's name */
	struct printer_head heads[PRINTER_HEAD_SLOTS];
	struct format *fmt;    /* -p / -j format (format.h), NULL for the default line */
	bool json;             /* -j */
};

void printer_init(struct printer *p, FILE *out);
/* Every printed event passes here after it is printed (for -t D, which
 * like sysdig measures from the previous printed event). */
void printer_observe(struct printer *p, const struct event *ev);
void print_default_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
			struct state *st);
/* Write what is pending; false if the output could not be written. */
bool printer_flush(struct printer *p);
/* After each line: written out when enough is pending, or at once with
 * --unbuffered. */
void printer_line_done(struct printer *p);
/* Pending output and stdio's buffer, out now (a live capture going
 * quiet); false if it could not be written. */
bool printer_push(struct printer *p);
void printer_free(struct printer *p);

/* The time column for -t mode. */
void format_output_time(struct printer *p, struct strbuf *sb, const struct event *ev,
			const struct evt_ctx *ctx, struct state *st);

#endif
