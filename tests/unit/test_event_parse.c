/* Event records: header fields, parameter mapping, and refusal of records
 * whose lengths do not add up. */
#include "check.h"
#include "event.h"
#include "scap_build.h"

static void parses_open_exit(void)
{
	struct bytes b = { .len = 0 };
	struct pval pv[] = { PV_U64(3), PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0), PV_U32(0x803) };
	put_record(&b, 1700000000000000000ull, 42, 3, 5, pv);
	struct event ev;
	const char *why = NULL;
	CHECK_INTEQ(event_parse(&ev, b.data, b.len, &why), 0);
	CHECK_INTEQ(ev.tid, 42);
	CHECK_INTEQ(ev.type, 3);
	CHECK_INTEQ(ev.nparams, 5);
	CHECK_STREQ((const char *)ev.param[1], "/etc/hosts");
	CHECK_INTEQ(event_param_int(&ev, 0), 3);
	CHECK_INTEQ(event_param_uint(&ev, 4), 0x803);
	CHECK_INTEQ(event_param_index(&ev, "dev"), 4);
	CHECK_INTEQ(event_param_index(&ev, "nosuch"), -1);
	CHECK(!event_is_enter(ev.type));
}

static void refuses_lengths_past_the_record(void)
{
	struct bytes b = { .len = 0 };
	struct pval pv[] = { PV_U64(3), PV_STR("/etc/hosts") };
	put_record(&b, 1, 1, 3, 2, pv);
	struct event ev;
	const char *why = NULL;
	/* Cut the record short: the declared length no longer fits. */
	CHECK_INTEQ(event_parse(&ev, b.data, b.len - 4, &why), -1);
	CHECK(why != NULL);
	/* A parameter length that runs past the end of the record. */
	b.data[26] = 0xff;
	b.data[27] = 0x7f;
	CHECK_INTEQ(event_parse(&ev, b.data, b.len, &why), -1);
	/* A huge parameter count. */
	struct bytes c = { .len = 0 };
	put_record(&c, 1, 1, 3, 0, NULL);
	c.data[22] = 0xff;
	c.data[23] = 0xff;
	CHECK_INTEQ(event_parse(&ev, c.data, c.len, &why), -1);
}

static void infers_v1_parameter_count(void)
{
	/* A v1 open enter (22-byte header) carrying only its name: the count
	 * is whatever makes the lengths add up. */
	struct bytes b = { .len = 0 };
	const char *name = "/tmp/x";
	uint32_t len = 22 + 2 + 7;
	put_le(&b, 5, 8);
	put_le(&b, 7, 8);
	put_le(&b, len, 4);
	put_le(&b, 2, 2);
	put_le(&b, 7, 2);
	put_raw(&b, name, 7);
	struct event ev;
	const char *why = NULL;
	CHECK_INTEQ(event_parse_v1(&ev, b.data, b.len, &why), 0);
	CHECK_INTEQ(ev.nparams, 1);
	CHECK(ev.v1_header);
	CHECK_STREQ((const char *)ev.param[0], "/tmp/x");
	/* Lengths that fit no count are refused. */
	b.data[22] = 9;
	CHECK_INTEQ(event_parse_v1(&ev, b.data, b.len, &why), -1);
}

static void short_values_read_as_zero(void)
{
	struct bytes b = { .len = 0 };
	struct pval pv[] = { PV_U16(7), PV_STR("x") }; /* fd stored in 2 bytes */
	put_record(&b, 1, 1, 3, 2, pv);
	struct event ev;
	const char *why = NULL;
	CHECK_INTEQ(event_parse(&ev, b.data, b.len, &why), 0);
	CHECK_INTEQ(event_param_int(&ev, 0), 0);
	CHECK_INTEQ(event_param_int(&ev, 9), 0);
}

/* event_skim: the header only, refusing exactly what event_parse refuses,
 * with the same reason. */
static void skims_headers_and_refuses_alike(void)
{
	struct bytes b = { .len = 0 };
	struct pval pv[] = { PV_U64(3), PV_STR("/etc/hosts"), PV_U32(1), PV_U32(0), PV_U32(0x803) };
	put_record(&b, 99, 42, 3, 5, pv);
	struct event ev;
	const char *why = NULL, *why_parse = NULL;
	CHECK_INTEQ(event_skim(&ev, b.data, b.len, false, &why), 0);
	CHECK(ev.skimmed);
	CHECK_INTEQ(ev.nparams, 0);
	CHECK_INTEQ(ev.ts, 99);
	CHECK_INTEQ(ev.tid, 42);
	CHECK_INTEQ(ev.type, 3);
	CHECK_INTEQ(ev.record_len, b.len);
	/* a parameter length past the end */
	b.data[28] = 0xff;
	b.data[29] = 0x7f;
	CHECK_INTEQ(event_skim(&ev, b.data, b.len, false, &why), -1);
	CHECK_INTEQ(event_parse(&ev, b.data, b.len, &why_parse), -1);
	CHECK_STREQ(why, why_parse);
	/* a record cut short */
	CHECK_INTEQ(event_skim(&ev, b.data, 20, false, &why), -1);
	CHECK_INTEQ(event_parse(&ev, b.data, 20, &why_parse), -1);
	CHECK_STREQ(why, why_parse);

	/* v1: a record with fewer parameters than the table is parsed in
	 * full (its count must be searched for), and still accepted. */
	struct bytes c = { .len = 0 };
	put_le(&c, 5, 8);
	put_le(&c, 7, 8);
	put_le(&c, 22 + 2 + 7, 4);
	put_le(&c, 2, 2);
	put_le(&c, 7, 2);
	put_raw(&c, "/tmp/x", 7);
	CHECK_INTEQ(event_skim(&ev, c.data, c.len, true, &why), 0);
	CHECK(!ev.skimmed);
	CHECK_INTEQ(ev.nparams, 1);
	c.data[22] = 9; /* lengths that fit no count */
	CHECK_INTEQ(event_skim(&ev, c.data, c.len, true, &why), -1);
	CHECK_INTEQ(event_parse_v1(&ev, c.data, c.len, &why_parse), -1);
	CHECK_STREQ(why, why_parse);
}

int main(void)
{
	skims_headers_and_refuses_alike();
	parses_open_exit();
	refuses_lengths_past_the_record();
	infers_v1_parameter_count();
	short_values_read_as_zero();
	return check_summary();
}
