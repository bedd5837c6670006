/* The decompressing byte stream over real files, where gzip and zstd are
 * decoded on a read-ahead thread: every byte in order whatever the mix of
 * reads, in-place references, peeks and skips; every byte before a cut,
 * then the error; early close while the thread is ahead. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "check.h"
#include "input_stream.h"

#define DATA_LEN ((size_t)5 << 20) /* several read-ahead chunks */

static uint8_t *make_data(void)
{
	uint8_t *d = malloc(DATA_LEN);
	uint32_t x = 12345;
	for (size_t i = 0; i < DATA_LEN; i++) {
		x = x * 1103515245u + 12345u;
		/* compressible, but not trivially */
		d[i] = (uint8_t)((i % 61 < 40) ? 'a' + (i % 7) : (x >> 24));
	}
	return d;
}

static size_t gzip_of(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	z_stream z = { 0 };
	deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	return n;
}

static char path[] = "/tmp/syscope-test-istream-XXXXXX";

static struct istream *open_bytes(const uint8_t *p, size_t n)
{
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n) {
		perror("test_input_stream: temporary file");
		exit(1);
	}
	unlink(path);
	strcpy(path + strlen(path) - 6, "XXXXXX");
	lseek(fd, 0, SEEK_SET);
	char err[200];
	struct istream *s = istream_open_fd(fd, err, sizeof err);
	if (!s)
		fprintf(stderr, "open: %s\n", err);
	return s;
}

/* Read everything back with a mix of calls; the count of bytes that
 * matched, and whether the stream then reported an error. */
static size_t read_back(struct istream *s, const uint8_t *want, size_t want_len, bool *failed)
{
	uint8_t buf[70000];
	size_t pos = 0;
	unsigned step = 0;
	*failed = false;
	for (;;) {
		size_t n = 1 + (step * 7919u) % sizeof buf;
		unsigned how = step++ % 3;
		if (how == 2) {
			const uint8_t *q;
			size_t avail = istream_peek(s, &q);
			if (avail) {
				size_t k = avail < n ? avail : n;
				if (pos + k > want_len || memcmp(q, want + pos, k) != 0)
					return pos;
				istream_skip(s, k);
				pos += k;
				continue;
			}
			how = 0; /* nothing in place: read instead */
		}
		const uint8_t *p = buf;
		ssize_t got = how == 0 ? istream_read(s, buf, n) : istream_read_ref(s, buf, n, &p);
		if (got < 0) {
			*failed = true;
			return pos;
		}
		if (got == 0)
			return pos;
		if (pos + (size_t)got > want_len || memcmp(p, want + pos, (size_t)got) != 0)
			return pos;
		pos += (size_t)got;
		CHECK_INTEQ(istream_offset(s), pos);
	}
}

int main(void)
{
	uint8_t *data = make_data();
	size_t cap = DATA_LEN + DATA_LEN / 2 + 1024;
	uint8_t *packed = malloc(cap);
	bool failed;

	size_t glen = gzip_of(data, DATA_LEN, packed, cap);
	struct istream *s = open_bytes(packed, glen);
	CHECK(s && istream_kind(s) == ISTREAM_GZIP);
	CHECK_INTEQ(read_back(s, data, DATA_LEN, &failed), DATA_LEN);
	CHECK(!failed);
	istream_close(s);

	/* Cut inside the deflate data: every byte that could be decoded is
	 * delivered, then the error. */
	s = open_bytes(packed, glen / 2);
	size_t got = read_back(s, data, DATA_LEN, &failed);
	CHECK(got > DATA_LEN / 4 && got < DATA_LEN);
	CHECK(failed);
	CHECK(strstr(istream_error(s), "gzip data truncated") != NULL);
	istream_close(s);

	size_t zlen = ZSTD_compress(packed, cap, data, DATA_LEN, 3);
	CHECK(!ZSTD_isError(zlen));
	s = open_bytes(packed, zlen);
	CHECK(s && istream_kind(s) == ISTREAM_ZSTD);
	CHECK_INTEQ(read_back(s, data, DATA_LEN, &failed), DATA_LEN);
	CHECK(!failed);
	istream_close(s);

	s = open_bytes(packed, zlen - 100);
	got = read_back(s, data, DATA_LEN, &failed);
	CHECK(got < DATA_LEN);
	CHECK(failed);
	CHECK(strstr(istream_error(s), "zstd") != NULL);
	istream_close(s);

	/* Closed after one read, while the thread is still ahead. */
	s = open_bytes(packed, zlen);
	uint8_t small[16];
	CHECK_INTEQ(istream_read(s, small, sizeof small), sizeof small);
	CHECK_MEMEQ(small, data, sizeof small);
	istream_close(s);

	free(packed);
	free(data);
	return check_summary();
}
