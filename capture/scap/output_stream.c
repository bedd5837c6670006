/* Compression and writing for trace files.  One output buffer of OUT_CAP
 * bytes; zlib and zstd compress straight into it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "output_stream.h"

#define OUT_CAP (256u * 1024)
#define ZSTD_LEVEL 3 /* zstd's own default: fast enough to keep up with a live capture */

struct ostream {
	enum ostream_kind kind;
	int fd;
	uint8_t *buf;
	size_t len;
	uint64_t written;  /* bytes the file has received */
	uint64_t safe;     /* of those, how many end on a block boundary */
	uint64_t seg_in;   /* input bytes in the open gzip member / zstd frame */
	bool failed;
	z_stream z;
	bool z_init;
	ZSTD_CCtx *zc;
	char error[200];
};

static bool fail(struct ostream *s, const char *what, const char *detail)
{
	if (!s->failed)
		snprintf(s->error, sizeof s->error, "%s%s%s", what, detail ? ": " : "",
			 detail ? detail : "");
	s->failed = true;
	/* Cut a regular file back to its last block boundary, so the file
	 * reads cleanly up to there.  Devices and pipes cannot be cut. */
	struct stat sb;
	if (s->fd >= 0 && fstat(s->fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > s->safe && ftruncate(s->fd, (off_t)s->safe) == 0)
		s->written = s->safe;
	return false;
}

static bool write_all(struct ostream *s, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue; /* a stop signal: finish the write, the loop stops later */
		if (w <= 0)
			return fail(s, "write failed", strerror(w < 0 ? errno : EIO));
		s->written += (uint64_t)w;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static bool flush_buf(struct ostream *s)
{
	if (s->failed)
		return false;
	bool ok = write_all(s, s->buf, s->len);
	s->len = 0;
	return ok;
}

/* ---- plain ------------------------------------------------------------- */

static bool write_plain(struct ostream *s, const uint8_t *p, size_t n)
{
	if (s->len + n > OUT_CAP) {
		if (!flush_buf(s))
			return false;
		s->safe = s->written;
	}
	if (n > OUT_CAP) {
		if (!write_all(s, p, n))
			return false;
		s->safe = s->written;
		return true;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return true;
}

/* ---- gzip -------------------------------------------------------------- */

/* Run deflate over the pending input with `flush`, emptying the buffer into
 * the file whenever it fills. */
static bool deflate_run(struct ostream *s, int flush)
{
	for (;;) {
		s->z.next_out = s->buf + s->len;
		s->z.avail_out = (uInt)(OUT_CAP - s->len);
		int rc = deflate(&s->z, flush);
		s->len = OUT_CAP - s->z.avail_out;
		if (rc == Z_STREAM_ERROR || (rc == Z_BUF_ERROR && s->len < OUT_CAP && s->z.avail_in))
			return fail(s, "gzip compression failed", s->z.msg);
		if (flush == Z_FINISH ? rc == Z_STREAM_END : s->z.avail_in == 0 && s->z.avail_out)
			return true;
		if (s->len == OUT_CAP && !flush_buf(s))
			return false;
	}
}

static bool write_gzip(struct ostream *s, const uint8_t *p, size_t n)
{
	s->z.next_in = (Bytef *)(uintptr_t)p;
	s->z.avail_in = (uInt)n;
	return deflate_run(s, Z_NO_FLUSH);
}

static bool end_gzip_member(struct ostream *s)
{
	if (!deflate_run(s, Z_FINISH))
		return false;
	if (deflateReset(&s->z) != Z_OK)
		return fail(s, "gzip compression failed", s->z.msg);
	return true;
}

/* ---- zstd -------------------------------------------------------------- */

static bool zstd_run(struct ostream *s, const uint8_t *p, size_t n, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { p, n, 0 };
	for (;;) {
		ZSTD_outBuffer out = { s->buf, OUT_CAP, s->len };
		size_t left = ZSTD_compressStream2(s->zc, &out, &in, mode);
		s->len = out.pos;
		if (ZSTD_isError(left))
			return fail(s, "zstd compression failed", ZSTD_getErrorName(left));
		bool done = mode == ZSTD_e_continue ? in.pos == in.size : left == 0;
		if (done)
			return true;
		if (s->len == OUT_CAP && !flush_buf(s))
			return false;
	}
}

/* ---- the stream ---------------------------------------------------------- */

/* Close the current member or frame and write it all: the file now ends on
 * a block boundary again. */
static bool end_segment(struct ostream *s)
{
	bool ok = true;
	if (s->kind == OSTREAM_GZIP)
		ok = end_gzip_member(s);
	else if (s->kind == OSTREAM_ZSTD)
		ok = zstd_run(s, NULL, 0, ZSTD_e_end);
	if (!ok || !flush_buf(s))
		return false;
	s->safe = s->written;
	s->seg_in = 0;
	return true;
}

bool ostream_write(struct ostream *s, const void *p, size_t n)
{
	if (s->failed)
		return false;
	if (s->kind == OSTREAM_PLAIN)
		return write_plain(s, p, n);
	bool ok = s->kind == OSTREAM_GZIP ? write_gzip(s, p, n)
					  : zstd_run(s, p, n, ZSTD_e_continue);
	if (!ok)
		return false;
	s->seg_in += n;
	return s->seg_in < OSTREAM_SEGMENT || end_segment(s);
}

uint64_t ostream_out_bytes(const struct ostream *s) { return s->written + s->len; }

const char *ostream_error(const struct ostream *s) { return s->error; }

static void ostream_free(struct ostream *s)
{
	if (s->z_init)
		deflateEnd(&s->z);
	ZSTD_freeCCtx(s->zc);
	free(s->buf);
	free(s);
}

struct ostream *ostream_open_fd(int fd, enum ostream_kind kind, char *err, size_t errlen)
{
	struct ostream *s = calloc(1, sizeof *s);
	if (!s || !(s->buf = malloc(OUT_CAP))) {
		snprintf(err, errlen, "out of memory");
		free(s);
		close(fd);
		return NULL;
	}
	s->kind = kind;
	s->fd = fd;
	const char *why = NULL;
	if (kind == OSTREAM_GZIP) {
		/* 16 + window bits: a gzip wrapper, as zlib's gzopen writes. */
		if (deflateInit2(&s->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
				 Z_DEFAULT_STRATEGY) == Z_OK)
			s->z_init = true;
		else
			why = "cannot start gzip compression";
	} else if (kind == OSTREAM_ZSTD) {
		s->zc = ZSTD_createCCtx();
		if (!s->zc ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(s->zc, ZSTD_c_compressionLevel, ZSTD_LEVEL)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(s->zc, ZSTD_c_checksumFlag, 1)))
			why = "cannot start zstd compression";
	}
	if (why) {
		snprintf(err, errlen, "%s", why);
		close(fd);
		ostream_free(s);
		return NULL;
	}
	return s;
}

bool ostream_close(struct ostream *s, char *err, size_t errlen)
{
	bool ok = !s->failed;
	if (ok) {
		if (s->kind == OSTREAM_PLAIN || s->seg_in == 0)
			ok = flush_buf(s);
		else
			ok = end_segment(s);
	}
	int rc = close(s->fd);
	int close_errno = errno;
	s->fd = -1;
	if (rc != 0 && ok) /* NFS and the like report write errors only here */
		ok = fail(s, "write failed", strerror(close_errno));
	if (!ok)
		snprintf(err, errlen, "%s", s->error);
	ostream_free(s);
	return ok;
}
