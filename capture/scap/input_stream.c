/* Decompression layer of the reader.  Input comes in fixed-size chunks from
 * a file descriptor or a memory buffer; output is handed out as asked, so
 * memory use does not depend on the file's size.
 *
 * A compressed regular file is decompressed on a thread of its own, a few
 * chunks ahead of the reader (see "read-ahead" below): inflating gzip
 * costs more than everything else replay does, and the two then overlap.
 * The bytes cross between the threads once, in order, a chunk at a time;
 * the reader takes blocks in place from the chunk as it does from a plain
 * file's mapping. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "input_stream.h"

#define CHUNK (256 * 1024)
/* Regular files are mapped a window at a time instead of read(): the
 * kernel's copy into a user buffer was a tenth of replay time.  Unmapping
 * each window once consumed keeps the resident size flat. */
#define MAP_WINDOW ((size_t)8 << 20)

#define AHEAD_CHUNKS 4
#define AHEAD_BYTES ((size_t)1 << 20)

/* One chunk of decompressed data made by the read-ahead thread. */
struct ahead_chunk {
	uint8_t *data;
	size_t len;
	bool last; /* the data ends after it: at the end, or at an error */
	uint64_t raw_end; /* file offset of the compressed input it used up to */
};

struct read_ahead {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* any change of made, used or stop */
	struct ahead_chunk chunk[AHEAD_CHUNKS];
	/* Chunk k lives in chunk[k % AHEAD_CHUNKS]: the thread fills `made`,
	 * the reader is on `used`; used <= made. */
	unsigned made, used;
	bool stop;
	bool failed;       /* the last chunk ends at an error (in s->error) */
	/* the reader's side */
	bool have;         /* chunk[used] is made and being read */
	size_t pos;
	bool done;         /* the last chunk is used up */
};

struct istream {
	enum istream_kind kind;
	int fd;                 /* -1 for memory input */
	const uint8_t *mem;     /* memory input */
	size_t mem_len, mem_pos;
	uint8_t *in;            /* compressed input chunk (file input) */
	const uint8_t *in_ptr;  /* unread compressed bytes */
	size_t in_avail;
	bool in_eof;
	bool mapped;            /* regular file read through mmap windows */
	uint8_t *map;           /* the current window, or NULL */
	size_t map_len;
	uint64_t map_next;      /* file offset of the next window */
	uint64_t file_size;
	z_stream z;
	bool z_live;            /* inflate has a member open */
	ZSTD_DStream *zs;
	uint64_t offset;
	struct read_ahead *ahead; /* compressed regular files: decompressed on a thread */
	char error[160];
};

static void set_error(struct istream *s, const char *what)
{
	snprintf(s->error, sizeof s->error, "%s", what);
}

/* Make compressed (or plain) input available; false at end or on error. */
static bool fill_input(struct istream *s)
{
	if (s->in_avail)
		return true;
	if (s->in_eof)
		return false;
	if (s->fd < 0) {
		s->in_ptr = s->mem + s->mem_pos;
		s->in_avail = s->mem_len - s->mem_pos;
		s->mem_pos = s->mem_len;
		s->in_eof = true;
		return s->in_avail > 0;
	}
	if (s->mapped) {
		if (s->map)
			munmap(s->map, s->map_len);
		s->map = NULL;
		if (s->map_next >= s->file_size) {
			s->in_eof = true;
			return false;
		}
		uint64_t left = s->file_size - s->map_next;
		size_t len = left < MAP_WINDOW ? (size_t)left : MAP_WINDOW;
		void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, s->fd, (off_t)s->map_next);
		if (m != MAP_FAILED) {
			madvise(m, len, MADV_SEQUENTIAL);
			s->map = m;
			s->map_len = len;
			s->map_next += len;
			s->in_ptr = m;
			s->in_avail = len;
			return true;
		}
		/* Cannot map (a special file system?): read from here on. */
		s->in = malloc(CHUNK);
		if (!s->in || lseek(s->fd, (off_t)s->map_next, SEEK_SET) < 0) {
			set_error(s, s->in ? "cannot seek in the file" : "out of memory");
			s->in_eof = true;
			return false;
		}
		s->mapped = false;
	}
	ssize_t n;
	do
		n = read(s->fd, s->in, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(s->error, sizeof s->error, "read failed: %s", strerror(errno));
		s->in_eof = true;
		return false;
	}
	if (n == 0) {
		s->in_eof = true;
		return false;
	}
	s->in_ptr = s->in;
	s->in_avail = (size_t)n;
	return true;
}

static ssize_t read_plain(struct istream *s, uint8_t *buf, size_t n)
{
	size_t got = 0;
	while (got < n && fill_input(s)) {
		size_t take = n - got < s->in_avail ? n - got : s->in_avail;
		memcpy(buf + got, s->in_ptr, take);
		s->in_ptr += take;
		s->in_avail -= take;
		got += take;
	}
	return s->error[0] ? -1 : (ssize_t)got;
}

/* gzip: a new member may follow the end of one (concatenated files). */
/* Each decoder returns the bytes it made, also when it stops at an error
 * (s->error is then set): a damaged tail must not take the good bytes
 * before it along. */
static size_t read_gzip(struct istream *s, uint8_t *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		if (!fill_input(s)) {
			if (!s->error[0] && s->z_live)
				set_error(s, "gzip data truncated");
			break;
		}
		if (!s->z_live) {
			if (inflateReset2(&s->z, 16 + MAX_WBITS) != Z_OK) {
				set_error(s, "gzip: cannot start a member");
				break;
			}
			s->z_live = true;
		}
		s->z.next_in = (Bytef *)s->in_ptr;
		s->z.avail_in = (uInt)(s->in_avail > UINT32_MAX ? UINT32_MAX : s->in_avail);
		s->z.next_out = buf + got;
		s->z.avail_out = (uInt)(n - got);
		uInt before_in = s->z.avail_in;
		int rc = inflate(&s->z, Z_NO_FLUSH);
		size_t used = before_in - s->z.avail_in;
		s->in_ptr += used;
		s->in_avail -= used;
		got = (size_t)(s->z.next_out - buf);
		if (rc == Z_STREAM_END) {
			s->z_live = false;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(s->error, sizeof s->error, "gzip data corrupt (%s)",
				 s->z.msg ? s->z.msg : "inflate failed");
			break;
		}
	}
	return got;
}

static size_t read_zstd(struct istream *s, uint8_t *buf, size_t n)
{
	ZSTD_outBuffer out = { buf, n, 0 };
	size_t last = 0; /* ZSTD's hint: 0 once a frame is complete */
	while (out.pos < n) {
		if (!fill_input(s)) {
			if (!s->error[0] && last != 0)
				set_error(s, "zstd data truncated");
			break;
		}
		ZSTD_inBuffer in = { s->in_ptr, s->in_avail, 0 };
		last = ZSTD_decompressStream(s->zs, &out, &in);
		s->in_ptr += in.pos;
		s->in_avail -= in.pos;
		if (ZSTD_isError(last)) {
			snprintf(s->error, sizeof s->error, "zstd data corrupt (%s)",
				 ZSTD_getErrorName(last));
			break;
		}
	}
	return out.pos;
}

static size_t decompress(struct istream *s, uint8_t *buf, size_t n)
{
	return s->kind == ISTREAM_GZIP ? read_gzip(s, buf, n) : read_zstd(s, buf, n);
}

/* ---- read-ahead ---------------------------------------------------------
 * The thread owns the decoder and the compressed input from its start;
 * the reader touches only the chunks it was handed, and s->error once the
 * last chunk says it ends at an error (written before that chunk was). */

static void *ahead_main(void *arg)
{
	struct istream *s = arg;
	struct read_ahead *a = s->ahead;
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL); /* signals are the reader's */
	for (;;) {
		pthread_mutex_lock(&a->mu);
		while (!a->stop && a->made - a->used >= AHEAD_CHUNKS)
			pthread_cond_wait(&a->cv, &a->mu);
		bool stop = a->stop;
		pthread_mutex_unlock(&a->mu);
		if (stop)
			return NULL;
		struct ahead_chunk *c = &a->chunk[a->made % AHEAD_CHUNKS];
		c->len = decompress(s, c->data, AHEAD_BYTES);
		c->last = c->len < AHEAD_BYTES || s->error[0];
		c->raw_end = s->map_next - s->in_avail;
		pthread_mutex_lock(&a->mu);
		a->failed = s->error[0] != 0;
		a->made++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (c->last)
			return NULL;
	}
}

/* The chunk the reader is on, with unread bytes; NULL at the end. */
static struct ahead_chunk *ahead_chunk(struct read_ahead *a)
{
	struct ahead_chunk *c = &a->chunk[a->used % AHEAD_CHUNKS];
	if (a->have && a->pos < c->len)
		return c;
	if (a->done)
		return NULL;
	pthread_mutex_lock(&a->mu);
	if (a->have) {
		if (c->last) {
			a->done = true;
			pthread_mutex_unlock(&a->mu);
			return NULL;
		}
		a->used++; /* used up: back to the thread */
		a->pos = 0;
		pthread_cond_broadcast(&a->cv);
	}
	while (a->made == a->used)
		pthread_cond_wait(&a->cv, &a->mu);
	a->have = true;
	pthread_mutex_unlock(&a->mu);
	c = &a->chunk[a->used % AHEAD_CHUNKS];
	/* Only the last chunk can be short, so an empty one is the end. */
	a->done = c->len == 0;
	return a->done ? NULL : c;
}

static ssize_t read_ahead(struct istream *s, uint8_t *buf, size_t n)
{
	struct read_ahead *a = s->ahead;
	size_t got = 0;
	struct ahead_chunk *c;
	while (got < n && (c = ahead_chunk(a))) {
		size_t take = c->len - a->pos < n - got ? c->len - a->pos : n - got;
		memcpy(buf + got, c->data + a->pos, take);
		a->pos += take;
		got += take;
	}
	if (got < n && a->done && a->failed)
		return -1;
	return (ssize_t)got;
}

static void ahead_stop(struct istream *s)
{
	struct read_ahead *a = s->ahead;
	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	for (unsigned i = 0; i < AHEAD_CHUNKS; i++)
		free(a->chunk[i].data);
	free(a);
	s->ahead = NULL;
}

/* Start the thread; without one (no memory, no thread) the stream simply
 * decompresses on the reader's thread. */
static void ahead_start(struct istream *s)
{
	struct read_ahead *a = calloc(1, sizeof *a);
	if (!a)
		return;
	for (unsigned i = 0; i < AHEAD_CHUNKS; i++) {
		a->chunk[i].data = malloc(AHEAD_BYTES);
		if (!a->chunk[i].data)
			goto fail;
	}
	if (pthread_mutex_init(&a->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&a->cv, NULL) != 0) {
		pthread_mutex_destroy(&a->mu);
		goto fail;
	}
	s->ahead = a;
	if (pthread_create(&a->thread, NULL, ahead_main, s) == 0)
		return;
	s->ahead = NULL;
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
fail:
	for (unsigned i = 0; i < AHEAD_CHUNKS; i++)
		free(a->chunk[i].data);
	free(a);
}

ssize_t istream_read(struct istream *s, void *buf, size_t n)
{
	ssize_t got;
	if (s->ahead) {
		got = read_ahead(s, buf, n);
		if (got > 0)
			s->offset += (uint64_t)got;
		return got;
	}
	if (s->kind == ISTREAM_PLAIN) {
		got = read_plain(s, buf, n);
	} else {
		/* The bytes made before an error are lost here: the caller
		 * asked for a whole block, which cannot be complete. */
		size_t made = decompress(s, buf, n);
		got = s->error[0] ? -1 : (ssize_t)made;
	}
	if (got > 0)
		s->offset += (uint64_t)got;
	return got;
}

ssize_t istream_read_ref(struct istream *s, void *buf, size_t n, const uint8_t **out)
{
	struct ahead_chunk *c = s->ahead ? ahead_chunk(s->ahead) : NULL;
	if (c && c->len - s->ahead->pos >= n) {
		*out = c->data + s->ahead->pos;
		s->ahead->pos += n;
		s->offset += n;
		return (ssize_t)n;
	}
	if (s->kind == ISTREAM_PLAIN && s->in_avail >= n) {
		*out = s->in_ptr;
		s->in_ptr += n;
		s->in_avail -= n;
		s->offset += n;
		return (ssize_t)n;
	}
	*out = buf;
	return istream_read(s, buf, n);
}

size_t istream_peek(const struct istream *s, const uint8_t **p)
{
	if (s->ahead) {
		const struct read_ahead *a = s->ahead;
		const struct ahead_chunk *c = &a->chunk[a->used % AHEAD_CHUNKS];
		if (!a->have || a->pos >= c->len)
			return 0;
		*p = c->data + a->pos;
		return c->len - a->pos;
	}
	if (s->kind != ISTREAM_PLAIN)
		return 0;
	*p = s->in_ptr;
	return s->in_avail;
}

void istream_skip(struct istream *s, size_t n)
{
	if (s->ahead) {
		s->ahead->pos += n;
		s->offset += n;
		return;
	}
	s->in_ptr += n;
	s->in_avail -= n;
	s->offset += n;
}

static struct istream *finish_open(struct istream *s, char *err, size_t errlen)
{
	if (!fill_input(s) && s->error[0]) {
		snprintf(err, errlen, "%s", s->error);
		istream_close(s);
		return NULL;
	}
	static const uint8_t gz_magic[2] = { 0x1f, 0x8b };
	static const uint8_t zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };
	/* Magic bytes split across the first read are not a concern: the
	 * first chunk of a non-empty file holds at least 4 bytes unless the
	 * file is shorter, and then it is no scap file anyway. */
	if (s->in_avail >= 2 && memcmp(s->in_ptr, gz_magic, 2) == 0) {
		s->kind = ISTREAM_GZIP;
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
			snprintf(err, errlen, "cannot initialise gzip decoder");
			istream_close(s);
			return NULL;
		}
		s->z_live = true;
	} else if (s->in_avail >= 4 && memcmp(s->in_ptr, zstd_magic, 4) == 0) {
		s->kind = ISTREAM_ZSTD;
		s->zs = ZSTD_createDStream();
		if (!s->zs || ZSTD_isError(ZSTD_initDStream(s->zs))) {
			snprintf(err, errlen, "cannot initialise zstd decoder");
			istream_close(s);
			return NULL;
		}
	}
	if (s->kind != ISTREAM_PLAIN && s->mapped)
		ahead_start(s);
	return s;
}

struct istream *istream_open_fd(int fd, char *err, size_t errlen)
{
	struct istream *s = calloc(1, sizeof *s);
	struct stat stbuf;
	bool regular = fstat(fd, &stbuf) == 0 && S_ISREG(stbuf.st_mode) && stbuf.st_size > 0;
	uint8_t *in = regular ? NULL : malloc(CHUNK);
	if (!s || (!regular && !in)) {
		free(s);
		free(in);
		close(fd);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->fd = fd;
	s->in = in;
	s->mapped = regular;
	s->file_size = regular ? (uint64_t)stbuf.st_size : 0;
	return finish_open(s, err, errlen);
}

struct istream *istream_open_mem(const uint8_t *data, size_t len, char *err, size_t errlen)
{
	struct istream *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->fd = -1;
	s->mem = data;
	s->mem_len = len;
	return finish_open(s, err, errlen);
}

enum istream_kind istream_kind(const struct istream *s) { return s->kind; }
const char *istream_error(const struct istream *s) { return s->error; }
uint64_t istream_offset(const struct istream *s) { return s->offset; }

bool istream_position(const struct istream *s, uint64_t *pos, uint64_t *size)
{
	if (!s->file_size)
		return false;
	*size = s->file_size;
	if (!s->ahead) {
		*pos = s->offset; /* plain: the bytes read are the file's */
		return true;
	}
	/* Compressed: where the decoder had got to when it made the chunk
	 * being read.  That chunk is the reader's; the thread fills others. */
	const struct read_ahead *a = s->ahead;
	*pos = a->done ? s->file_size : a->have ? a->chunk[a->used % AHEAD_CHUNKS].raw_end : 0;
	return true;
}

void istream_close(struct istream *s)
{
	if (!s)
		return;
	if (s->ahead)
		ahead_stop(s);
	if (s->kind == ISTREAM_GZIP)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zs);
	if (s->map)
		munmap(s->map, s->map_len);
	if (s->fd >= 0)
		close(s->fd);
	free(s->in);
	free(s);
}
