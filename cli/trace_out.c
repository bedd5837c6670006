/* File rotation for -w, as sysdig does it: -C (size), -e (events) and -G
 * (event time) start a new file; names get a counter appended to the whole
 * name (trace.scap0, trace.scap1, ...), or with -G a name holding strftime
 * conversions is expanded with the time of the file's first event; -W
 * makes -C/-e a ring of that many names and stops -G after that many. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "scap_writer.h"
#include "trace_out.h"

#define NS_PER_SEC 1000000000ull

enum naming { NAME_AS_GIVEN, NAME_COUNTER, NAME_STRFTIME };

struct trace_out {
	struct trace_out_opts o;
	enum naming naming;
	bool ring;                /* -W with -C/-e: names wrap around */
	struct scap_writer *w;    /* the open file, or NULL */
	bool exported;            /* w has its metadata */
	uint64_t file_start_ts;   /* event time its first event had */
	uint64_t index;           /* counter of the next file */
	uint64_t files, events;   /* kept so far */
	bool have_input;
	dev_t in_dev;
	ino_t in_ino;
};

enum ostream_kind trace_out_kind_of_name(const char *path)
{
	size_t n = strlen(path);
	if (n >= 3 && strcmp(path + n - 3, ".gz") == 0)
		return OSTREAM_GZIP;
	return OSTREAM_ZSTD; /* ".zst", and the default */
}

struct trace_out *trace_out_new(const struct trace_out_opts *o, char *err, size_t errlen)
{
	struct trace_out *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->o = *o;
	bool rotates = o->file_bytes || o->file_events || o->file_ns;
	if (o->file_ns && strchr(o->path, '%'))
		t->naming = NAME_STRFTIME;
	else
		t->naming = rotates ? NAME_COUNTER : NAME_AS_GIVEN;
	t->ring = o->max_files && !o->file_ns && (o->file_bytes || o->file_events);
	/* Never truncate the file being read. */
	struct stat sb;
	if (o->input_path && strcmp(o->input_path, "-") != 0 && stat(o->input_path, &sb) == 0) {
		t->have_input = true;
		t->in_dev = sb.st_dev;
		t->in_ino = sb.st_ino;
	}
	return t;
}

/* The name of the next file, for a file whose first event has time ts. */
static bool next_name(const struct trace_out *t, uint64_t ts, char *buf, size_t len)
{
	switch (t->naming) {
	case NAME_STRFTIME: {
		time_t sec = (time_t)(ts / NS_PER_SEC);
		struct tm tm;
		if (!localtime_r(&sec, &tm))
			return false;
		return strftime(buf, len, t->o.path, &tm) > 0;
	}
	case NAME_COUNTER: {
		uint64_t n = t->ring ? t->index % t->o.max_files : t->index;
		int w = snprintf(buf, len, "%s%llu", t->o.path, (unsigned long long)n);
		return w > 0 && (size_t)w < len;
	}
	default:
		return snprintf(buf, len, "%s", t->o.path) < (int)len;
	}
}

static bool is_input(const struct trace_out *t, const char *path)
{
	struct stat sb;
	return t->have_input && stat(path, &sb) == 0 && sb.st_dev == t->in_dev &&
	       sb.st_ino == t->in_ino;
}

/* Close the open file; one without events is removed and its name is
 * used again by the next file. */
static bool close_file(struct trace_out *t, char *err, size_t errlen)
{
	if (!t->w)
		return true;
	uint64_t n = scap_writer_events(t->w);
	bool ok = scap_writer_close(t->w, n > 0, err, errlen);
	t->w = NULL;
	if (n > 0) {
		t->files++;
		t->events += n;
		t->index++;
	}
	return ok;
}

static bool open_file(struct trace_out *t, uint64_t ts, char *err, size_t errlen)
{
	char name[PATH_MAX];
	if (!next_name(t, ts, name, sizeof name)) {
		snprintf(err, errlen, "%s: cannot make a file name from it", t->o.path);
		return false;
	}
	if (is_input(t, name)) {
		snprintf(err, errlen, "%s: is the file being read; write to another file", name);
		return false;
	}
	t->w = scap_writer_open(name, t->o.kind, err, errlen);
	t->exported = false;
	return t->w != NULL;
}

bool trace_out_start(struct trace_out *t, char *err, size_t errlen)
{
	return t->naming == NAME_STRFTIME || t->w || open_file(t, 0, err, errlen);
}

int trace_out_prepare(struct trace_out *t, struct state *st, const struct event *ev,
		      char *err, size_t errlen)
{
	/* A file that got no event in its period is dropped and started
	 * again, with a fresh name and state. */
	if (t->w && t->o.file_ns && ev->ts >= t->file_start_ts &&
	    ev->ts - t->file_start_ts >= t->o.file_ns && !close_file(t, err, errlen))
		return -1;
	if (!t->w) {
		if (t->o.file_ns && t->o.max_files && t->files >= t->o.max_files)
			return 0;
		if (!open_file(t, ev->ts, err, errlen))
			return -1;
	}
	if (!t->exported) {
		struct scap_sink sink = scap_writer_sink(t->w);
		state_export(st, &sink, t->o.only.keep ? &t->o.only : NULL);
		t->exported = true;
		t->file_start_ts = ev->ts;
	}
	return 1;
}

int trace_out_write(struct trace_out *t, const struct event *ev, char *err, size_t errlen)
{
	if (!t->w)
		return 0; /* after the -G/-W stop: nothing more is written */
	if (scap_writer_event(t->w, ev) < 0) {
		snprintf(err, errlen, "%s", scap_writer_error(t->w));
		return -1;
	}
	bool full = (t->o.file_bytes && scap_writer_bytes(t->w) >= t->o.file_bytes) ||
		    (t->o.file_events && scap_writer_events(t->w) >= t->o.file_events);
	if (full && !close_file(t, err, errlen))
		return -1;
	return 0;
}

bool trace_out_finish(struct trace_out *t, char *err, size_t errlen)
{
	return close_file(t, err, errlen);
}

uint64_t trace_out_files(const struct trace_out *t) { return t->files; }
uint64_t trace_out_events(const struct trace_out *t) { return t->events; }

void trace_out_free(struct trace_out *t)
{
	if (!t)
		return;
	char ignored[256];
	close_file(t, ignored, sizeof ignored);
	free(t);
}
