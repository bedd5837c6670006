/* One trace file being written.  Metadata is gathered in memory (it comes
 * entry by entry and blocks need their length first) and goes out with the
 * first event; events are encoded one at a time into a reused buffer. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scap_blocks.h"
#include "scap_encode.h"
#include "scap_writer.h"

/* Process and fd lists are cut into blocks of about this size: readers
 * add up several of them, and no reader has to hold one huge block.  The
 * interface and user lists stay single blocks: a second one would replace
 * the first in sysdig. */
#define LIST_BLOCK_SPLIT (1u << 20)

struct scap_writer {
	char *path;
	bool to_stdout;
	struct ostream *out;
	struct strbuf meta;   /* SHB and metadata blocks, until the first event */
	struct strbuf evbuf;  /* the event block being encoded */
	bool meta_written;
	/* The list block being filled in meta, if any. */
	uint32_t list_type;
	size_t list_start;
	int64_t list_tid;     /* FDL: whose fds */
	uint64_t events, skipped;
	char error[512];
};

/* ---- metadata ---------------------------------------------------------- */

static void close_list(struct scap_writer *w)
{
	if (w->list_type)
		scap_block_close(&w->meta, w->list_start);
	w->list_type = 0;
}

/* Make sure the list block being filled is of `type` (and, for fd lists,
 * of `tid`), closing the previous one. */
static void want_list(struct scap_writer *w, uint32_t type, int64_t tid, bool splittable)
{
	if (w->list_type == type && (type != BT_FDL_V2 || w->list_tid == tid) &&
	    !(splittable && w->meta.len - w->list_start >= LIST_BLOCK_SPLIT))
		return;
	close_list(w);
	w->list_type = type;
	w->list_tid = tid;
	w->list_start = scap_block_open(&w->meta, type);
	if (type == BT_FDL_V2)
		scap_put_fdl_tid(&w->meta, tid);
}

static void sink_machine(void *ctx, const struct machine_info *mi)
{
	struct scap_writer *w = ctx;
	if (w->meta_written)
		return;
	close_list(w);
	scap_put_mi(&w->meta, mi);
}

static void sink_thread(void *ctx, const struct proc_info *pi)
{
	struct scap_writer *w = ctx;
	if (w->meta_written)
		return;
	want_list(w, BT_PL_V9, 0, true);
	scap_put_pl_entry(&w->meta, pi);
}

static void sink_fd(void *ctx, int64_t tid, const struct fd_info *fi)
{
	struct scap_writer *w = ctx;
	if (w->meta_written || !scap_fd_type_writable(fi->type))
		return;
	want_list(w, BT_FDL_V2, tid, true);
	scap_put_fdl_entry(&w->meta, fi);
}

static void sink_user(void *ctx, const struct user_info *ui)
{
	struct scap_writer *w = ctx;
	if (w->meta_written)
		return;
	want_list(w, BT_UL_V2, 0, false);
	scap_put_user_entry(&w->meta, ui);
}

static void sink_group(void *ctx, const struct group_info *gi)
{
	struct scap_writer *w = ctx;
	if (w->meta_written)
		return;
	want_list(w, BT_UL_V2, 0, false);
	scap_put_group_entry(&w->meta, gi);
}

static void sink_iface(void *ctx, const struct iface_info *ii)
{
	struct scap_writer *w = ctx;
	if (w->meta_written)
		return;
	want_list(w, BT_IL_V2, 0, false);
	scap_put_iface_entry(&w->meta, ii);
}

static void sink_meta_event(void *ctx, const uint8_t *rec, uint32_t len, bool v1);

struct scap_sink scap_writer_sink(struct scap_writer *w)
{
	struct scap_sink s = {
		.ctx = w,
		.machine = sink_machine,
		.thread = sink_thread,
		.fd = sink_fd,
		.user = sink_user,
		.group = sink_group,
		.iface = sink_iface,
		.meta_event = sink_meta_event,
	};
	return s;
}

/* ---- output -------------------------------------------------------------- */

static int set_error(struct scap_writer *w, const char *what)
{
	snprintf(w->error, sizeof w->error, "%s: %s", w->path, what);
	return -1;
}

static int flush_meta(struct scap_writer *w)
{
	if (w->meta_written)
		return 0;
	close_list(w);
	w->meta_written = true;
	if (w->meta.oom)
		return set_error(w, "out of memory");
	bool ok = ostream_write(w->out, w->meta.data, w->meta.len);
	sb_free(&w->meta);
	return ok ? 0 : set_error(w, ostream_error(w->out));
}

/* 1 written, 0 left out (an event the format cannot hold), -1 on an error. */
static int put_event(struct scap_writer *w, const struct event *ev)
{
	if (w->error[0] || flush_meta(w) < 0)
		return -1;
	sb_clear(&w->evbuf);
	if (!scap_put_event(&w->evbuf, ev)) {
		w->skipped++;
		return 0;
	}
	if (w->evbuf.oom)
		return set_error(w, "out of memory");
	if (!ostream_write(w->out, w->evbuf.data, w->evbuf.len))
		return set_error(w, ostream_error(w->out));
	return 1;
}

int scap_writer_event(struct scap_writer *w, const struct event *ev)
{
	int rc = put_event(w, ev);
	if (rc > 0)
		w->events++;
	return rc;
}

/* Metadata events go after the tables and are not counted as events (-e
 * rotation counts the user's).  An error stays in w for the next write. */
static void sink_meta_event(void *ctx, const uint8_t *rec, uint32_t len, bool v1)
{
	struct scap_writer *w = ctx;
	struct event ev;
	const char *why;
	if ((v1 ? event_parse_v1(&ev, rec, len, &why) : event_parse(&ev, rec, len, &why)) == 0)
		(void)put_event(w, &ev);
}

uint64_t scap_writer_events(const struct scap_writer *w) { return w->events; }
uint64_t scap_writer_skipped(const struct scap_writer *w) { return w->skipped; }
const char *scap_writer_path(const struct scap_writer *w) { return w->path; }
const char *scap_writer_error(const struct scap_writer *w) { return w->error; }

uint64_t scap_writer_bytes(const struct scap_writer *w)
{
	return ostream_out_bytes(w->out) + (w->meta_written ? 0 : w->meta.len);
}

static void writer_free(struct scap_writer *w)
{
	sb_free(&w->meta);
	sb_free(&w->evbuf);
	free(w->path);
	free(w);
}

struct scap_writer *scap_writer_open(const char *path, enum ostream_kind kind,
				     char *err, size_t errlen)
{
	struct scap_writer *w = calloc(1, sizeof *w);
	if (!w || !(w->path = strdup(path))) {
		snprintf(err, errlen, "%s: out of memory", path);
		free(w);
		return NULL;
	}
	w->to_stdout = strcmp(path, "-") == 0;
	int fd = w->to_stdout ? fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0)
			      : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		writer_free(w);
		return NULL;
	}
	char why[200];
	w->out = ostream_open_fd(fd, kind, why, sizeof why);
	if (!w->out) {
		snprintf(err, errlen, "%s: %s", path, why);
		if (!w->to_stdout)
			unlink(path);
		writer_free(w);
		return NULL;
	}
	scap_put_shb(&w->meta);
	return w;
}

bool scap_writer_close(struct scap_writer *w, bool keep, char *err, size_t errlen)
{
	bool ok = true;
	if (keep && !w->error[0] && flush_meta(w) < 0)
		ok = false;
	char why[200];
	if (!ostream_close(w->out, why, sizeof why) && keep && ok) {
		set_error(w, why);
		ok = false;
	}
	if (!keep && !w->to_stdout)
		unlink(w->path);
	if (w->error[0] && keep) {
		ok = false;
		snprintf(err, errlen, "%s", w->error);
	}
	writer_free(w);
	return ok;
}
