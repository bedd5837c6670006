/* -w and its rotation options: which file the next event goes to, when to
 * start a new one, what each is called.  Each file gets the state exported
 * into it when the first event for it arrives, before the state takes that
 * event, so each one reads on its own. */
#ifndef SYSCOPE_TRACE_OUT_H
#define SYSCOPE_TRACE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "output_stream.h"
#include "state.h"

struct trace_out_opts {
	const char *path;        /* -w: a name, a strftime pattern with -G, or "-" */
	enum ostream_kind kind;  /* compression */
	uint64_t file_bytes;     /* -C in bytes; 0: no size limit */
	uint64_t file_events;    /* -e; 0: no count limit */
	uint64_t file_ns;        /* -G in nanoseconds; 0: no time limit */
	uint64_t max_files;      /* -W; 0: no limit */
	const char *input_path;  /* -r, never to be overwritten; NULL when live */
	struct export_filter only; /* --filter-proclist; keep NULL: every process */
};

struct trace_out;

/* NULL with a message in err when out of memory. */
struct trace_out *trace_out_new(const struct trace_out_opts *o, char *err, size_t errlen);

/* Create the first file now, when its name does not depend on event
 * times, so that a path that cannot be written is reported before the
 * capture starts.  false with a message in err. */
bool trace_out_start(struct trace_out *t, char *err, size_t errlen);

/* Before the state takes ev: start a new file if it is time to (-G), and
 * open the file ev would go to, exporting st into it.  1 to go on, 0 when
 * the capture must stop (-G with -W: all files written), -1 on an error
 * (message in err). */
int trace_out_prepare(struct trace_out *t, struct state *st, const struct event *ev,
		      char *err, size_t errlen);

/* Write an event that passed the filter, then close the file if it is
 * full (-C, -e).  0, or -1 with a message in err. */
int trace_out_write(struct trace_out *t, const struct event *ev, char *err, size_t errlen);

/* Close the last file.  Files that got no event are removed (a trace
 * without events is not readable).  true when all went well, else false
 * with a message in err. */
bool trace_out_finish(struct trace_out *t, char *err, size_t errlen);

/* Files kept so far, and events written into them. */
uint64_t trace_out_files(const struct trace_out *t);
uint64_t trace_out_events(const struct trace_out *t);

/* Also closes (keeping what was written) a file still open after an error. */
void trace_out_free(struct trace_out *t);

/* The compression a name asks for: .gz gzip, .zst zstd, otherwise zstd
 * (syscope's default). */
enum ostream_kind trace_out_kind_of_name(const char *path);

#endif
