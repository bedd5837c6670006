/* libFuzzer target for the filter language: the input, NUL-terminated, is
 * compiled as a filter (lexer, parser, field lookup, type checking, value
 * conversion, code generation).  A filter that compiles is also dumped,
 * asked for its event types and run on a few events with a fake thread and
 * fd, so the VM and the extractors see whatever programs the compiler can
 * produce.
 *
 * Build and run like the other targets (tests/fuzz/run.sh), e.g.
 *   build-fuzz/tests/fuzz_filter -dict=filter.dict -max_total_time=60
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "proc_info.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Append one parameter to a record being built. */
struct rec {
	uint8_t buf[512];
	uint16_t lens[8];
	const void *vals[8];
	unsigned n;
};

static void param(struct rec *r, const void *p, uint16_t len)
{
	r->vals[r->n] = p;
	r->lens[r->n++] = len;
}

static void put(uint8_t *p, uint64_t v, unsigned w)
{
	for (unsigned i = 0; i < w; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Lay the record out (26-byte header, u16 lengths, values) and parse it. */
static int build(struct rec *r, uint16_t type, struct event *ev)
{
	size_t len = 26 + 2 * r->n, o;
	for (unsigned i = 0; i < r->n; i++)
		len += r->lens[i];
	put(r->buf, 1534527348514632619ull, 8);
	put(r->buf + 8, 17497, 8);
	put(r->buf + 16, len, 4);
	put(r->buf + 20, type, 2);
	put(r->buf + 22, r->n, 4);
	o = 26;
	for (unsigned i = 0; i < r->n; i++, o += 2)
		put(r->buf + o, r->lens[i], 2);
	for (unsigned i = 0; i < r->n; i++) {
		memcpy(r->buf + o, r->vals[i], r->lens[i]);
		o += r->lens[i];
	}
	const char *why;
	if (event_parse(ev, r->buf, len, &why) != 0)
		return -1;
	ev->num = 219;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct filter *f = filter_compile(text, err, sizeof(err));
	free(text);
	if (!f) {
		if (strncmp(err, "filter error at column ", 23) != 0)
			abort(); /* every failure must be a located message */
		return 0;
	}

	char *dump = filter_dump(f);
	free(dump);
	struct event_typeset types;
	filter_event_types(f, &types);

	static char comm[] = "curl", cwd[] = "/home/u", name[] = "/etc/ld.so.cache";
	static char cgroups[] = "cpu=/a\0cpuacct=/b\0";
	struct thread th = { .tid = 17497, .pid = 17497, .ptid = 3200, .comm = comm,
			     .cwd = cwd, .uid = 1000, .cgroups = cgroups,
			     .cgroups_len = sizeof(cgroups) - 1 };
	struct fd_entry fd = { .fd = 3, .type = SCAP_FD_IPV4_SOCK, .name = name,
			       .sip = { 10, 0, 0, 5 }, .dip = { 93, 184, 216, 34 },
			       .sport = 41234, .dport = 80 };
	struct evt_ctx ctx = { .thread = &th, .fd = &fd, .fd_num = 3, .latency = 1000 };
	struct event ev;
	uint64_t fdnum = 3, res = (uint64_t)-2;
	uint32_t flags = 4097, zero = 0;
	uint16_t getpid = 16;

	struct rec open_x = { .n = 0 };
	param(&open_x, &fdnum, 8);
	param(&open_x, name, sizeof(name));
	param(&open_x, &flags, 4);
	param(&open_x, &zero, 4);
	param(&open_x, &zero, 4);
	if (build(&open_x, 3, &ev) == 0) {
		filter_match(f, &ev, &ctx, NULL);
		fd.type = SCAP_FD_FILE;
		filter_match(f, &ev, &ctx, NULL);
		filter_match(f, &ev, NULL, NULL);
	}

	struct rec read_x = { .n = 0 };
	param(&read_x, &res, 8);
	param(&read_x, "GET / HTTP/1.1\r\n\0x", 18);
	if (build(&read_x, 7, &ev) == 0)
		filter_match(f, &ev, &ctx, NULL);

	struct rec generic = { .n = 0 };
	param(&generic, &getpid, 2);
	if (build(&generic, 1, &ev) == 0) {
		ctx.fd = NULL;
		filter_match(f, &ev, &ctx, NULL);
	}
	filter_free(f);
	return 0;
}
