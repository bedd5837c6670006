/* Writing one scap trace file: the section header, the metadata blocks
 * that a sink receives (state_export feeds it), then event blocks.
 * Readers want the metadata before the first event, in this order: machine,
 * interfaces, users, processes, fd lists (scap-format.md §1.6, §8.1); the
 * sink groups consecutive entries of one kind into one block. */
#ifndef SYSCOPE_SCAP_WRITER_H
#define SYSCOPE_SCAP_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "output_stream.h"
#include "scap_reader.h"

struct scap_writer;

/* Create (or truncate) `path` with mode 0600; "-" writes to standard
 * output.  NULL with "PATH: problem" in err when it cannot be created;
 * nothing is created then. */
struct scap_writer *scap_writer_open(const char *path, enum ostream_kind kind,
				     char *err, size_t errlen);

/* Callbacks that encode metadata into this file.  Valid until the first
 * event is written; later metadata is ignored (readers refuse it). */
struct scap_sink scap_writer_sink(struct scap_writer *w);

/* Write one event (its record unchanged, in an EV_V2 block).  Returns 1
 * when written, 0 when the event cannot go into a file sysdig reads (an
 * id it does not know) and was left out, -1 on an error
 * (scap_writer_error). */
int scap_writer_event(struct scap_writer *w, const struct event *ev);

uint64_t scap_writer_events(const struct scap_writer *w);   /* written */
uint64_t scap_writer_skipped(const struct scap_writer *w);  /* left out */
uint64_t scap_writer_bytes(const struct scap_writer *w);    /* of output so far */
const char *scap_writer_path(const struct scap_writer *w);
const char *scap_writer_error(const struct scap_writer *w); /* "PATH: problem" */

/* Finish and close the file.  With keep == false the file is removed
 * instead (a file without events is not a trace any reader accepts).
 * false with "PATH: problem" in err when writing failed; the file then
 * ends at its last complete block.  Frees w. */
bool scap_writer_close(struct scap_writer *w, bool keep, char *err, size_t errlen);

#endif
