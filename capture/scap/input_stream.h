/* A byte stream over a file or a memory buffer that undoes plain, gzip (one
 * or several members) or zstd compression, told apart by magic bytes. */
#ifndef SYSCOPE_INPUT_STREAM_H
#define SYSCOPE_INPUT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum istream_kind { ISTREAM_PLAIN, ISTREAM_GZIP, ISTREAM_ZSTD };

struct istream;

/* Takes ownership of fd.  NULL with a message in err on failure. */
struct istream *istream_open_fd(int fd, char *err, size_t errlen);
/* The buffer must outlive the stream. */
struct istream *istream_open_mem(const uint8_t *data, size_t len, char *err, size_t errlen);

/* Read up to n bytes; fewer only at the end of the data.  -1 on a read or
 * decompression error (see istream_error). */
ssize_t istream_read(struct istream *s, void *buf, size_t n);

/* Like istream_read, but where the bytes already sit contiguous in the
 * stream's own buffer (plain input), point *out at them instead of copying
 * into buf.  *out stays valid until the next call on the stream. */
ssize_t istream_read_ref(struct istream *s, void *buf, size_t n, const uint8_t **out);

enum istream_kind istream_kind(const struct istream *s);
const char *istream_error(const struct istream *s);
/* Plain input only: the unread bytes available in place (*p, the count),
 * without consuming them; 0 when there are none buffered or the stream is
 * compressed.  istream_skip consumes n of them (n ≤ the count). */
size_t istream_peek(const struct istream *s, const uint8_t **p);
void istream_skip(struct istream *s, size_t n);

uint64_t istream_offset(const struct istream *s); /* decompressed bytes read */
/* How far into the file the reading is, in the file's own (compressed)
 * bytes, and the file's size; false when the input has no size (a pipe,
 * standard input, memory). */
bool istream_position(const struct istream *s, uint64_t *pos, uint64_t *size);
void istream_close(struct istream *s);

#endif
