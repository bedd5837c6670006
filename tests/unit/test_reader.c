/* The trace-file reader on files built in memory: block order rules,
 * metadata delivery, compression, and errors that name a byte offset. */
#include <zlib.h>
#include <zstd.h>

#include "check.h"
#include "scap_build.h"
#include "scap_reader.h"

static int threads_seen;
static int64_t last_tid;

static void on_thread(void *ctx, const struct proc_info *pi)
{
	(void)ctx;
	threads_seen++;
	last_tid = pi->tid;
}

static const struct scap_sink sink = { .thread = on_thread };

static void minimal_file(struct bytes *f)
{
	f->len = 0;
	put_shb(f, 1);
	put_process(f, 42, 42, 1, "demo", "/", 0);
	struct pval enter[] = { PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0) };
	put_event(f, 100, 42, 2, 3, enter);
	struct pval exit[] = { PV_U64(3), PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0), PV_U32(0) };
	put_event(f, 200, 42, 3, 5, exit);
}

/* Read every event; returns the count, or -1 - count on an error. */
static int read_all(const uint8_t *data, size_t len, char *errout, size_t errlen)
{
	char err[256] = "";
	struct scap_reader *r = scap_reader_open_mem(data, len, &sink, err, sizeof err);
	if (!r) {
		snprintf(errout, errlen, "%s", err);
		return -1000;
	}
	struct event ev;
	int n = 0, rc;
	while ((rc = scap_reader_next(r, &ev)) > 0)
		n++;
	if (rc < 0)
		snprintf(errout, errlen, "%s", scap_reader_error(r));
	scap_reader_close(r);
	return rc < 0 ? -1 - n : n;
}

static void reads_a_minimal_file(void)
{
	static struct bytes f;
	char err[256] = "";
	minimal_file(&f);
	threads_seen = 0;
	CHECK_INTEQ(read_all(f.data, f.len, err, sizeof err), 2);
	CHECK_INTEQ(threads_seen, 1);
	CHECK_INTEQ(last_tid, 42);
}

static void numbers_events_from_one(void)
{
	static struct bytes f;
	minimal_file(&f);
	char err[256];
	struct scap_reader *r = scap_reader_open_mem(f.data, f.len, &sink, err, sizeof err);
	struct event ev;
	CHECK_INTEQ(scap_reader_next(r, &ev), 1);
	CHECK_INTEQ(ev.num, 1);
	CHECK_INTEQ(ev.ts, 100);
	CHECK_INTEQ(scap_reader_next(r, &ev), 1);
	CHECK_INTEQ(ev.num, 2);
	CHECK_INTEQ(scap_reader_next(r, &ev), 0);
	scap_reader_close(r);
}

static void skips_unknown_blocks_and_new_event_types(void)
{
	static struct bytes f;
	struct bytes junk = { .len = 5 };
	char err[256] = "";
	f.len = 0;
	put_shb(&f, 1);
	put_block(&f, 0x999, &junk);
	put_event(&f, 1, 7, 400, 0, NULL); /* newer than the table: skipped */
	put_event(&f, 2, 7, 5, 1, (struct pval[]){ PV_U64(0) });
	CHECK_INTEQ(read_all(f.data, f.len, err, sizeof err), 1);
}

static void refuses_metadata_after_events(void)
{
	static struct bytes f;
	char err[256] = "";
	minimal_file(&f);
	size_t at = f.len;
	put_process(&f, 43, 43, 1, "late", "/", 0);
	CHECK_INTEQ(read_all(f.data, f.len, err, sizeof err), -1 - 2);
	char want[64];
	snprintf(want, sizeof want, "byte %zu: process list block after", at);
	CHECK(strstr(err, want) != NULL);
}

static void reports_a_damaged_tail(void)
{
	static struct bytes f;
	char err[256] = "";
	minimal_file(&f);
	CHECK_INTEQ(read_all(f.data, f.len - 10, err, sizeof err), -1 - 1);
	CHECK(strstr(err, "truncated") != NULL);
	CHECK(strstr(err, "<memory>: byte ") != NULL);
}

static void refuses_other_major_versions_and_garbage(void)
{
	static struct bytes f;
	char err[256] = "";
	f.len = 0;
	put_shb(&f, 2);
	CHECK(read_all(f.data, f.len, err, sizeof err) < 0);
	CHECK(strstr(err, "version 2.2") != NULL);
	CHECK(read_all((const uint8_t *)"hello world!", 12, err, sizeof err) < 0);
	CHECK(strstr(err, "not a scap trace file") != NULL);
	CHECK(read_all(f.data, 0, err, sizeof err) < 0);
	f.len = 0;
	put_shb(&f, 1);
	CHECK(read_all(f.data, f.len, err, sizeof err) < 0);
	CHECK(strstr(err, "no events in file") != NULL);
}

static void reads_concatenated_sections(void)
{
	static struct bytes f, one;
	char err[256] = "";
	minimal_file(&one);
	f.len = 0;
	put_raw(&f, one.data, one.len);
	put_raw(&f, one.data, one.len);
	threads_seen = 0;
	CHECK_INTEQ(read_all(f.data, f.len, err, sizeof err), 4);
	CHECK_INTEQ(threads_seen, 2);
}

/* gzip in two members, and zstd: both decode to the same events. */
static void reads_gzip_members_and_zstd(void)
{
	static struct bytes plain;
	static uint8_t out[40000];
	char err[256] = "";
	minimal_file(&plain);
	size_t half = plain.len / 2, used = 0;
	for (int part = 0; part < 2; part++) {
		z_stream z = { 0 };
		CHECK_INTEQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
		z.next_in = plain.data + (part ? half : 0);
		z.avail_in = (uInt)(part ? plain.len - half : half);
		z.next_out = out + used;
		z.avail_out = (uInt)(sizeof out - used);
		CHECK_INTEQ(deflate(&z, Z_FINISH), Z_STREAM_END);
		used += z.total_out;
		deflateEnd(&z);
	}
	CHECK_INTEQ(read_all(out, used, err, sizeof err), 2);
	/* A gzip stream cut inside its trailer: every event, then the error. */
	CHECK_INTEQ(read_all(out, used - 6, err, sizeof err), -1 - 2);
	CHECK(strstr(err, "gzip data truncated") != NULL);
	size_t zlen = ZSTD_compress(out, sizeof out, plain.data, plain.len, 3);
	CHECK(!ZSTD_isError(zlen));
	CHECK_INTEQ(read_all(out, zlen, err, sizeof err), 2);
}

int main(void)
{
	reads_a_minimal_file();
	numbers_events_from_one();
	skips_unknown_blocks_and_new_event_types();
	refuses_metadata_after_events();
	reports_a_damaged_tail();
	refuses_other_major_versions_and_garbage();
	reads_concatenated_sections();
	reads_gzip_members_and_zstd();
	return check_summary();
}
