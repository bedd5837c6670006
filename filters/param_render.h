/* Text rendering of event parameters, exactly as sysdig prints them in
 * evt.info: "name=value" or "name=value(resolved)" (scap-format.md §3.2). */
#ifndef SYSCOPE_PARAM_RENDER_H
#define SYSCOPE_PARAM_RENDER_H

#include <stdbool.h>

#include "event.h"
#include "state.h"
#include "strbuf.h"

/* How byte buffers are shown (-A, -x, -X, -b, or the default). */
enum buf_mode { BUF_DOTS, BUF_ASCII, BUF_HEX, BUF_HEXASCII, BUF_BASE64 };

struct render_opts {
	enum buf_mode buf;
	bool verbose;  /* no 80-character cut */
};

#define RENDER_MAX_VALUE 80 /* longer values are cut to 77 + "..." unless verbose */

/* Append parameter idx's value to val and its resolved form, if it has one,
 * to res (cleared first).  The event must have passed through the state
 * engine (ctx) so fds and pids resolve as sysdig resolves them. */
void param_render(struct strbuf *val, struct strbuf *res, const struct event *ev, unsigned idx,
		  const struct evt_ctx *ctx, struct state *st, const struct render_opts *o);

/* evt.info: every parameter sysdig 0.29.3's table has, each as
 * "name=value[(resolved)] " (generic events render nothing).  scratch is
 * working space owned by the caller. */
void render_evt_info(struct strbuf *out, struct strbuf *scratch, const struct event *ev,
		     const struct evt_ctx *ctx, struct state *st, const struct render_opts *o);

/* A byte buffer in one of the views above (evt.buffer in -p formats). */
void render_buffer(struct strbuf *sb, const uint8_t *p, uint32_t n, enum buf_mode mode);

/* The letter of an fd type ('f', '4', 'u', …) and the letters sysdig shows
 * inside <> for an fd ("f", "4t", "u", …). */
char fd_type_char(uint8_t type);
void fd_type_letters(struct strbuf *out, const struct fd_entry *e);

#endif
