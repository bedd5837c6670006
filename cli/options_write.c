/* -w -z -F --compression -C -G -W -e -M: arguments, how they combine, and
 * which compression a file gets. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output_stream.h"
#include "options_write.h"
#include "trace_out.h"

/* A positive whole number; "0", signs and trailing junk are refused. */
static bool positive(const char *arg, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!arg[0] || arg[0] < '0' || arg[0] > '9')
		return false;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || *end || v == 0)
		return false;
	*out = v;
	return true;
}

static const struct number_opt {
	int c;
	const char *what; /* "-C takes ..." */
	size_t field;     /* offset of the uint64_t in struct options */
	uint64_t max;     /* largest value that does not overflow its use */
} number_opts[] = {
	{ 'C', "a positive number of megabytes", offsetof(struct options, file_mb),
	  UINT64_MAX / 1000000 },
	{ 'G', "a positive number of seconds", offsetof(struct options, file_seconds),
	  UINT64_MAX / 1000000000 },
	{ 'M', "a positive number of seconds", offsetof(struct options, max_seconds),
	  UINT64_MAX / 1000000000 },
	{ 'W', "a positive number of files", offsetof(struct options, max_files), UINT64_MAX },
	{ 'e', "a positive number of events", offsetof(struct options, file_events), UINT64_MAX },
};

static const struct compression_name {
	const char *name;
	enum ostream_kind kind;
} compression_names[] = {
	{ "none", OSTREAM_PLAIN }, { "gzip", OSTREAM_GZIP }, { "zstd", OSTREAM_ZSTD },
};

bool options_write_arg(struct options *o, int c, const char *arg)
{
	switch (c) {
	case 'w':
		if (o->write_file) {
			fprintf(stderr, "syscope: -w given more than once\n");
			return false;
		}
		o->write_file = arg;
		return true;
	case 'z':
		o->gzip_flag = true;
		return true;
	case 'F':
		o->fatfile = true;
		return true;
	case OPT_COMPRESSION:
		for (size_t i = 0; i < sizeof compression_names / sizeof compression_names[0]; i++)
			if (strcmp(arg, compression_names[i].name) == 0) {
				o->compression_arg = arg;
				return true;
			}
		fprintf(stderr, "syscope: --compression takes none, gzip or zstd, not '%s'\n", arg);
		return false;
	}
	for (size_t i = 0; i < sizeof number_opts / sizeof number_opts[0]; i++) {
		const struct number_opt *n = &number_opts[i];
		if (n->c != c)
			continue;
		uint64_t v;
		if (!positive(arg, &v) || v > n->max) {
			fprintf(stderr, "syscope: -%c takes %s, not '%s'\n", c, n->what, arg);
			return false;
		}
		*(uint64_t *)((char *)o + n->field) = v;
		return true;
	}
	return false;
}

static enum ostream_kind kind_named(const char *name)
{
	for (size_t i = 0; i < sizeof compression_names / sizeof compression_names[0]; i++)
		if (strcmp(name, compression_names[i].name) == 0)
			return compression_names[i].kind;
	return OSTREAM_ZSTD;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The compression: --compression, else -z, else the file name.  A name
 * that says otherwise than an explicit choice is a mistake worth stopping
 * for: the file would not be what its name tells readers. */
static bool settle_compression(struct options *o)
{
	enum ostream_kind by_name = trace_out_kind_of_name(o->write_file);
	enum ostream_kind kind = by_name;
	const char *how = NULL;
	if (o->compression_arg) {
		kind = kind_named(o->compression_arg);
		how = "--compression";
		if (o->gzip_flag && kind != OSTREAM_GZIP) {
			fprintf(stderr, "syscope: -z (gzip) and --compression=%s disagree\n",
				o->compression_arg);
			return false;
		}
	} else if (o->gzip_flag) {
		kind = OSTREAM_GZIP;
		how = "-z";
	}
	bool named_gz = ends_with(o->write_file, ".gz"), named_zst = ends_with(o->write_file, ".zst");
	if (how && ((named_gz && kind != OSTREAM_GZIP) || (named_zst && kind != OSTREAM_ZSTD))) {
		fprintf(stderr, "syscope: %s: the name says %s, but %s asks for %s\n", o->write_file,
			named_gz ? "gzip" : "zstd", how,
			kind == OSTREAM_PLAIN ? "no compression" : kind == OSTREAM_GZIP ? "gzip" : "zstd");
		return false;
	}
	o->compression = (int)kind;
	return true;
}

bool options_write_check(struct options *o)
{
	if (o->action != ACT_CAPTURE)
		return true;
	const char *needs_w = o->gzip_flag ? "-z" : o->fatfile ? "-F"
			    : o->compression_arg ? "--compression"
			    : o->file_mb ? "-C" : o->file_events ? "-e" : o->file_seconds ? "-G"
			    : o->max_files ? "-W" : NULL;
	if (!o->write_file) {
		if (needs_w) {
			fprintf(stderr, "syscope: %s applies to a file being written: add -w FILE\n",
				needs_w);
			return false;
		}
		return true;
	}
	/* Each input file has its own process and fd tables, which a written
	 * file can hold only once, before its first event. */
	if (o->nread > 1) {
		fprintf(stderr, "syscope: -w reads one -r file at a time (each has its own "
				"tables): convert them one by one\n");
		return false;
	}
	if (o->max_files && !o->file_mb && !o->file_events && !o->file_seconds) {
		fprintf(stderr, "syscope: -W needs -C, -e or -G (it limits rotated files)\n");
		return false;
	}
	if (strcmp(o->write_file, "-") == 0 && (o->file_mb || o->file_events || o->file_seconds)) {
		fprintf(stderr, "syscope: standard output (-w -) cannot be rotated\n");
		return false;
	}
	if (!o->write_file[0]) {
		fprintf(stderr, "syscope: -w needs a file name\n");
		return false;
	}
	/* As in sysdig: recording replaces printing. */
	o->quiet = true;
	return settle_compression(o);
}
