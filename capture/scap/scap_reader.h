/* Streaming reader of scap trace files (plain, gzip or zstd).  Metadata
 * blocks go to a sink as they are met; events are returned one at a time
 * from a single reusable buffer, so memory stays flat whatever the size. */
#ifndef SYSCOPE_SCAP_READER_H
#define SYSCOPE_SCAP_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "proc_info.h"

struct scap_reader;

/* Where metadata goes.  Every callback may be NULL.  Pointers are valid
 * only during the call. */
struct scap_sink {
	void *ctx;
	void (*section_start)(void *ctx);                  /* SHB: reset state */
	void (*machine)(void *ctx, const struct machine_info *mi);
	void (*thread)(void *ctx, const struct proc_info *pi);
	void (*fd)(void *ctx, int64_t tid, const struct fd_info *fi);
	void (*user)(void *ctx, const struct user_info *ui);
	void (*group)(void *ctx, const struct group_info *gi);
	void (*iface)(void *ctx, const struct iface_info *ii);
	/* Writers only: a metadata event (container) to write before the
	 * events, as a record with the 26-byte header, or the 22-byte one
	 * when v1. */
	void (*meta_event)(void *ctx, const uint8_t *rec, uint32_t len, bool v1);
};

/* Open `path` ("-" for standard input).  On failure returns NULL and writes
 * a message naming the file and the problem into err. */
struct scap_reader *scap_reader_open(const char *path, const struct scap_sink *sink,
				     char *err, size_t errlen);

/* Open a file already in memory (for the fuzzer and tests). */
struct scap_reader *scap_reader_open_mem(const uint8_t *data, size_t len,
					 const struct scap_sink *sink,
					 char *err, size_t errlen);

/* Next event: 1 and *ev filled (valid until the next call), 0 at a clean end,
 * -1 on an error described by scap_reader_error(). */
int scap_reader_next(struct scap_reader *r, struct event *ev);

/* The last error: "FILE: offset N: problem". */
const char *scap_reader_error(const struct scap_reader *r);

/* Which events the reader returns with their header only (event_skim):
 * those whose parameters no one will read. */
struct skim_plan {
	uint8_t type[EVENT_TYPE_MAX]; /* 1: every event of this type */
	/* Generic events (types 0 and 1), by the PPM_SC code they carry;
	 * codes from PPM_SC_MAX on share the last entry.  They are parsed
	 * (two parameters) to read it. */
	uint8_t generic_sc[PPM_SC_MAX + 1];
};

/* plan must outlive the reader; NULL: every event is parsed. */
void scap_reader_set_skim(struct scap_reader *r, const struct skim_plan *plan);

/* Bytes of the decompressed stream consumed so far. */
uint64_t scap_reader_offset(const struct scap_reader *r);
/* See istream_position: for progress through the file. */
bool scap_reader_position(const struct scap_reader *r, uint64_t *pos, uint64_t *size);

void scap_reader_close(struct scap_reader *r);

#endif
