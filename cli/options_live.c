/* -s/--snaplen, --enter-events, --buffer-size, --page-faults,
 * -T/--force-tracers-capture. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "options_live.h"

#define SNAPLEN_MAX 65000          /* one parameter of a record (scap-format.md §2.4) */
#define BUFFER_MIN (16ull << 10)
#define BUFFER_MAX (1ull << 30)

/* A whole number with an optional k/K or m/M suffix (KiB, MiB). */
static bool size_arg(const char *arg, uint64_t *out)
{
	char *end;
	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		return false;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno)
		return false;
	unsigned shift = 0;
	if (*end == 'k' || *end == 'K')
		shift = 10, end++;
	else if (*end == 'm' || *end == 'M')
		shift = 20, end++;
	if (*end || v > (BUFFER_MAX >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

bool options_live_arg(struct options *o, int c, const char *arg)
{
	uint64_t v;
	switch (c) {
	case 's':
		if (!size_arg(arg, &v) || v == 0 || v > SNAPLEN_MAX) {
			fprintf(stderr, "syscope: -s takes a number of bytes from 1 to %d, not '%s'\n",
				SNAPLEN_MAX, arg);
			return false;
		}
		o->snaplen = (uint32_t)v;
		return true;
	case OPT_ENTER_EVENTS:
		o->enter_events = true;
		return true;
	case OPT_PAGE_FAULTS:
		o->page_faults = true;
		return true;
	case 'T':
		o->force_tracers = true;
		return true;
	case OPT_BUFFER_SIZE:
		if (!size_arg(arg, &v) || v < BUFFER_MIN) {
			fprintf(stderr, "syscope: --buffer-size takes a size from 16k to 1024m "
				"(bytes, or with a k or m suffix), not '%s'\n", arg);
			return false;
		}
		o->buffer_bytes = v;
		return true;
	default:
		return false;
	}
}

/* Options that ask the driver for events or bytes a trace file cannot have
 * (its capture recorded what it recorded): an error with -r rather than a
 * silent no-op, since the user would wait for events that never come.
 * (-s and --buffer-size only size what is captured, and are ignored.) */
bool options_live_check(const struct options *o)
{
	const struct {
		bool given;
		const char *name;
	} capture_only[] = {
		{ o->page_faults, "--page-faults" },
		{ o->force_tracers, "-T (--force-tracers-capture)" },
	};
	if (!o->read_file)
		return true;
	for (size_t i = 0; i < sizeof capture_only / sizeof capture_only[0]; i++) {
		if (capture_only[i].given) {
			fprintf(stderr, "syscope: %s changes what a live capture records; it cannot be "
				"used with -r (a trace file has only what its capture recorded)\n",
				capture_only[i].name);
			return false;
		}
	}
	return true;
}
