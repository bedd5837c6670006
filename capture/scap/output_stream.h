/* The compression layer of the writer, mirror of input_stream.h: bytes in,
 * plain, gzip or zstd bytes out to a file descriptor, through one bounded
 * buffer.
 *
 * Compressed output is cut into independent gzip members / zstd frames
 * every OSTREAM_SEGMENT input bytes; both formats allow several back to
 * back, and sysdig reads multi-member gzip.  The caller hands over whole
 * scap blocks only, so the end of every written member (every written
 * buffer, for plain files) is a block boundary: when a write fails, the
 * file is cut back to the last one, and what remains is a readable file. */
#ifndef SYSCOPE_OUTPUT_STREAM_H
#define SYSCOPE_OUTPUT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ostream_kind { OSTREAM_PLAIN, OSTREAM_GZIP, OSTREAM_ZSTD };

#define OSTREAM_SEGMENT (4u * 1024 * 1024)

struct ostream;

/* Takes ownership of fd.  NULL with a message in err on failure (fd is
 * closed then too). */
struct ostream *ostream_open_fd(int fd, enum ostream_kind kind, char *err, size_t errlen);

/* Append n bytes that end on a block boundary.  false on a write or
 * compression error (see ostream_error); the stream then refuses more. */
bool ostream_write(struct ostream *s, const void *p, size_t n);

/* Bytes of output so far: written to the file or waiting in the buffer
 * (not what the compressor still holds, at most one of its blocks). */
uint64_t ostream_out_bytes(const struct ostream *s);

/* Finish the last member, write everything, close the descriptor.  false
 * if anything failed then or before.  Frees the stream either way. */
bool ostream_close(struct ostream *s, char *err, size_t errlen);

const char *ostream_error(const struct ostream *s);

#endif
