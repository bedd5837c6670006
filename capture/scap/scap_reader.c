/* Block framing and the order rules of a trace file (scap-format.md §1.3,
 * §1.6).  One buffer holds the current block; events point into it. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input_stream.h"
#include "scap_blocks.h"
#include "scap_meta.h"
#include "scap_reader.h"

/* Largest block we accept.  Real event blocks stay below 64 KiB unless
 * LARGE; anything near this bound is a damaged length field. */
#define BLOCK_MAX (16u * 1024 * 1024)

enum phase { PH_START, PH_META, PH_EVENTS };

struct scap_reader {
	struct istream *in;
	struct scap_sink sink;
	char *name;
	uint8_t *buf;
	size_t cap;
	enum phase phase;
	uint64_t block_offset; /* where the current block starts */
	uint64_t events;       /* evt.num of the last event returned */
	const struct skim_plan *skim; /* or NULL */
	char error[512];
};

static int fail(struct scap_reader *r, uint64_t offset, const char *fmt, const char *detail)
{
	char what[256];
	snprintf(what, sizeof what, fmt, detail);
	snprintf(r->error, sizeof r->error, "%s: byte %llu: %s", r->name,
		 (unsigned long long)offset, what);
	return -1;
}

static bool ensure_cap(struct scap_reader *r, size_t need)
{
	if (need <= r->cap)
		return true;
	size_t cap = r->cap ? r->cap : 64 * 1024;
	while (cap < need)
		cap *= 2;
	uint8_t *p = realloc(r->buf, cap);
	if (!p)
		return false;
	r->buf = p;
	r->cap = cap;
	return true;
}

/* Read exactly n bytes: 1 done, 0 clean end before any byte, -1 error. */
/* n bytes, in place when the stream allows it (*out then points into the
 * stream's buffer, valid until the next read), else copied into buf. */
static int read_exact_ref(struct scap_reader *r, uint8_t *buf, size_t n, const uint8_t **out,
			  const char *what)
{
	ssize_t got = istream_read_ref(r->in, buf, n, out);
	if (got < 0)
		return fail(r, istream_offset(r->in), "%s", istream_error(r->in));
	if ((size_t)got == n)
		return 1;
	if (got == 0)
		return 0;
	return fail(r, r->block_offset, "file truncated inside %s", what);
}

static bool is_event_block(uint32_t t)
{
	return t == BT_EV || t == BT_EV_INT || t == BT_EVF || t == BT_EV_V2 ||
	       t == BT_EV_V2_LARGE || t == BT_EVF_V2 || t == BT_EVF_V2_LARGE;
}

typedef int (*meta_parser)(uint32_t btype, const uint8_t *body, size_t len,
			   const struct scap_sink *sink, const char **why);

static const struct meta_block {
	uint32_t type;
	const char *kind;
	meta_parser parse;
} meta_blocks[] = {
	{ BT_MI, "machine info", meta_parse_mi },
	{ BT_MI_INT, "machine info", meta_parse_mi },
	{ BT_PL_V1, "process list", meta_parse_pl },
	{ BT_PL_V1_INT, "process list", meta_parse_pl },
	{ BT_PL_V2, "process list", meta_parse_pl },
	{ BT_PL_V2_INT, "process list", meta_parse_pl },
	{ BT_PL_V3, "process list", meta_parse_pl },
	{ BT_PL_V3_INT, "process list", meta_parse_pl },
	{ BT_PL_V4, "process list", meta_parse_pl },
	{ BT_PL_V5, "process list", meta_parse_pl },
	{ BT_PL_V6, "process list", meta_parse_pl },
	{ BT_PL_V7, "process list", meta_parse_pl },
	{ BT_PL_V8, "process list", meta_parse_pl },
	{ BT_PL_V9, "process list", meta_parse_pl },
	{ BT_FDL, "fd list", meta_parse_fdl },
	{ BT_FDL_INT, "fd list", meta_parse_fdl },
	{ BT_FDL_V2, "fd list", meta_parse_fdl },
	{ BT_IL, "interface list", meta_parse_il },
	{ BT_IL_INT, "interface list", meta_parse_il },
	{ BT_IL_V2, "interface list", meta_parse_il },
	{ BT_UL, "user list", meta_parse_ul },
	{ BT_UL_INT, "user list", meta_parse_ul },
	{ BT_UL_V2, "user list", meta_parse_ul },
};

static const struct meta_block *meta_block_of(uint32_t type)
{
	for (size_t i = 0; i < sizeof meta_blocks / sizeof meta_blocks[0]; i++)
		if (meta_blocks[i].type == type)
			return &meta_blocks[i];
	return NULL;
}

static int parse_shb(struct scap_reader *r, const uint8_t *body, size_t len)
{
	if (len < SHB_BODY_LEN)
		return fail(r, r->block_offset, "%s", "section header block too short");
	uint32_t magic = (uint32_t)le_read(body, 4, 4);
	if (magic == SHB_MAGIC_SWAPPED)
		return fail(r, r->block_offset, "%s",
			    "big-endian trace files are not supported (byte-swapped magic number)");
	if (magic != SHB_MAGIC)
		return fail(r, r->block_offset, "%s", "invalid magic number in section header");
	uint16_t major = (uint16_t)le_read(body + 4, 2, 2);
	uint16_t minor = (uint16_t)le_read(body + 6, 2, 2);
	if (major != 1) {
		char v[64];
		snprintf(v, sizeof v, "%u.%u", major, minor);
		return fail(r, r->block_offset,
			    "unsupported trace file format version %s (this syscope reads version 1.x)", v);
	}
	if (r->sink.section_start)
		r->sink.section_start(r->sink.ctx);
	r->phase = PH_META;
	return 0;
}

/* Parse a record, or skim it where the plan says no one will look at its
 * parameters (a generic event by the syscall it carries, once parsed). */
static int parse_or_skim(const struct skim_plan *plan, struct event *ev, const uint8_t *rec,
			 size_t len, bool v1, const char **why)
{
	uint16_t type = len >= SCAP_EVT_HDR_V1_LEN ? (uint16_t)le_read(rec + 20, 2, 2) : 0;
	if (type < EVENT_TYPE_MAX && plan->type[type])
		return event_skim(ev, rec, len, v1, why);
	int rc = v1 ? event_parse_v1(ev, rec, len, why) : event_parse(ev, rec, len, why);
	if (rc == 0 && (ev->type == EVT_GENERIC_E || ev->type == EVT_GENERIC_X)) {
		uint64_t sc = event_param_uint(ev, 0);
		if (plan->generic_sc[sc < PPM_SC_MAX ? sc : PPM_SC_MAX]) {
			ev->nparams = 0;
			ev->skimmed = true;
		}
	}
	return rc;
}

static int parse_event_block(struct scap_reader *r, uint32_t t, const uint8_t *body, size_t len,
			     struct event *ev)
{
	bool flagged = t == BT_EVF || t == BT_EVF_V2 || t == BT_EVF_V2_LARGE;
	bool v1 = t == BT_EV || t == BT_EV_INT || t == BT_EVF;
	size_t head = flagged ? 6 : 2;
	if (len < head)
		return fail(r, r->block_offset, "%s", "event block too short");
	const char *why = NULL;
	const uint8_t *rec = body + head;
	size_t rec_len = len - head;
	int rc = r->skim ? parse_or_skim(r->skim, ev, rec, rec_len, v1, &why)
	       : v1      ? event_parse_v1(ev, rec, rec_len, &why)
			 : event_parse(ev, rec, rec_len, &why);
	if (rc < 0)
		return fail(r, r->block_offset, "malformed event: %s", why);
	ev->cpu = (int16_t)le_read(body, 2, 2);
	ev->dump_flags = flagged ? (uint32_t)le_read(body + 2, 4, 4) : 0;
	return 0;
}

int scap_reader_next(struct scap_reader *r, struct event *ev)
{
	if (r->error[0])
		return -1;
	for (;;) {
		/* The common case: an event block wholly inside the in-place
		 * window of a plain file, taken without the general path's
		 * calls and copies.  Every check of the general path is made. */
		const uint8_t *win;
		size_t avail = r->phase == PH_EVENTS ? istream_peek(r->in, &win) : 0;
		if (avail >= 8) {
			uint32_t type = (uint32_t)le_read(win, 4, 4);
			uint32_t total = (uint32_t)le_read(win + 4, 4, 4);
			if (is_event_block(type) && total >= 12 && total <= BLOCK_MAX && total <= avail) {
				r->block_offset = istream_offset(r->in);
				istream_skip(r->in, total);
				if (parse_event_block(r, type, win + 8, total - 12, ev) < 0)
					return -1;
				if (!ev->info)
					continue;
				ev->num = ++r->events;
				return 1;
			}
		}
		uint8_t hdr_copy[8];
		const uint8_t *hdr;
		r->block_offset = istream_offset(r->in);
		int rc = read_exact_ref(r, hdr_copy, sizeof hdr_copy, &hdr, "a block header");
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (r->phase == PH_START)
				return fail(r, 0, "%s", "empty file: no section header");
			if (r->events == 0 && r->phase != PH_EVENTS)
				return fail(r, r->block_offset, "%s", "no events in file");
			return 0;
		}
		uint32_t type = (uint32_t)le_read(hdr, 4, 4);
		uint32_t total = (uint32_t)le_read(hdr + 4, 4, 4);
		if (r->phase == PH_START && type != BT_SHB)
			return fail(r, r->block_offset, "%s",
				    "not a scap trace file (no section header block)");
		if (total < 12 || total > BLOCK_MAX)
			return fail(r, r->block_offset, "%s", "block length out of range");
		if (!ensure_cap(r, total))
			return fail(r, r->block_offset, "%s", "out of memory");
		const uint8_t *block;
		ssize_t got = istream_read_ref(r->in, r->buf, total - 8, &block);
		if (got < 0)
			return fail(r, istream_offset(r->in), "%s", istream_error(r->in));
		if ((size_t)got != total - 8)
			return fail(r, r->block_offset, "%s", "file truncated inside a block");
		size_t body_len = total - 12;
		uint32_t trailer = (uint32_t)le_read(block + body_len, 4, 4);

		if (is_event_block(type)) {
			if (r->phase == PH_START)
				return fail(r, r->block_offset, "%s", "event block before the section header");
			r->phase = PH_EVENTS;
			if (parse_event_block(r, type, block, body_len, ev) < 0)
				return -1;
			if (!ev->info)
				continue; /* newer event types than we know: skipped */
			ev->num = ++r->events;
			return 1;
		}
		if (trailer != total)
			return fail(r, r->block_offset, "%s",
				    "block length trailer does not match its header");
		if (type == BT_SHB) {
			if (parse_shb(r, block, body_len) < 0)
				return -1;
			continue;
		}
		const struct meta_block *mb = meta_block_of(type);
		if (!mb)
			continue; /* unknown block types are skipped */
		if (r->phase == PH_EVENTS)
			return fail(r, r->block_offset, "%s block after the first event", mb->kind);
		const char *why = NULL;
		if (mb->parse(type, block, body_len, &r->sink, &why) < 0)
			return fail(r, r->block_offset, "%s", why);
	}
}

void scap_reader_set_skim(struct scap_reader *r, const struct skim_plan *plan)
{
	r->skim = plan;
}

static struct scap_reader *reader_new(const char *name, const struct scap_sink *sink)
{
	struct scap_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->name = strdup(name);
	if (!r->name) {
		free(r);
		return NULL;
	}
	if (sink)
		r->sink = *sink;
	return r;
}

struct scap_reader *scap_reader_open(const char *path, const struct scap_sink *sink,
				     char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	struct scap_reader *r = reader_new(path, sink);
	char why[200];
	if (r)
		r->in = istream_open_fd(fd, why, sizeof why);
	else
		close(fd);
	if (!r || !r->in) {
		snprintf(err, errlen, "%s: %s", path, r ? why : "out of memory");
		scap_reader_close(r);
		return NULL;
	}
	return r;
}

struct scap_reader *scap_reader_open_mem(const uint8_t *data, size_t len,
					 const struct scap_sink *sink, char *err, size_t errlen)
{
	struct scap_reader *r = reader_new("<memory>", sink);
	char why[200];
	if (r)
		r->in = istream_open_mem(data, len, why, sizeof why);
	if (!r || !r->in) {
		snprintf(err, errlen, "<memory>: %s", r ? why : "out of memory");
		scap_reader_close(r);
		return NULL;
	}
	return r;
}

const char *scap_reader_error(const struct scap_reader *r) { return r->error; }
uint64_t scap_reader_offset(const struct scap_reader *r) { return istream_offset(r->in); }
bool scap_reader_position(const struct scap_reader *r, uint64_t *pos, uint64_t *size)
{
	return istream_position(r->in, pos, size);
}

void scap_reader_close(struct scap_reader *r)
{
	if (!r)
		return;
	istream_close(r->in);
	free(r->buf);
	free(r->name);
	free(r);
}
