/* The generated event table, flag tables and name lookups, and -L's line
 * count.  Whether -L matches sysdig byte for byte is an e2e (bats) test. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "event_table.h"
#include "list_events.h"

static void check_param(const struct param_info *p, const char *name, enum ptype type,
			enum pformat fmt)
{
	CHECK_STREQ(p->name, name);
	CHECK_INTEQ(p->type, type);
	CHECK_INTEQ(p->fmt, fmt);
}

static void test_open(void)
{
	const struct event_info *e = event_info_of(2), *x = event_info_of(3);

	CHECK_STREQ(e->name, "open");
	CHECK_STREQ(e->enum_name, "SYSCALL_OPEN_E");
	CHECK_INTEQ(e->nparams, 3);
	check_param(&e->params[0], "name", PT_FSPATH, PF_NA);
	check_param(&e->params[1], "flags", PT_FLAGS32, PF_HEX);
	check_param(&e->params[2], "mode", PT_UINT32, PF_OCT);
	CHECK(e->params[1].flags == flag_table_by_name("file_flags"));

	CHECK_STREQ(x->name, "open");
	CHECK_INTEQ(x->nparams, 5);
	CHECK_INTEQ(x->nparams_all, 6); /* current libs appends ino */
	check_param(&x->params[0], "fd", PT_FD, PF_DEC);
	check_param(&x->params[4], "dev", PT_UINT32, PF_HEX);
	check_param(&x->params[5], "ino", PT_UINT64, PF_DEC);
	CHECK_INTEQ(x->category & EC_BASE_MASK, EC_FILE);
	CHECK(x->flags & EF_CREATES_FD);
}

static void test_openat_dirfd(void)
{
	const struct event_info *x = event_info_of(307);

	CHECK_STREQ(x->name, "openat");
	check_param(&x->params[2], "name", PT_FSRELPATH, PF_NA);
	CHECK_INTEQ(x->params[2].dirfd_index, 1);
	CHECK_INTEQ(x->params[0].dirfd_index, -1);
	/* renameat exit: each path goes with the fd just before it */
	CHECK_INTEQ(event_info_of(177)->params[2].dirfd_index, 1);
	CHECK_INTEQ(event_info_of(177)->params[4].dirfd_index, 3);
}

static void test_names_and_flags(void)
{
	CHECK_STREQ(event_info_of(248)->name, "accept");
	CHECK_STREQ(event_info_of(249)->name, "accept");
	CHECK_STREQ(event_info_of(248)->enum_name, "SOCKET_ACCEPT4_5_E");
	CHECK(event_info_of(EVENT_TYPE_MAX) == NULL);
	CHECK(event_info_of(10)->flags & EF_OLD_VERSION);
	CHECK(event_info_of(17)->flags & EF_UNUSED);
	CHECK(event_info_of(322)->flags & EF_LARGE_PAYLOAD);
	CHECK(event_info_of(234)->category & EC_INTERNAL); /* procinfo */
	CHECK_INTEQ(event_info_of(6)->category & EC_BASE_MASK, EC_IO_READ);
	CHECK_INTEQ(event_info_of(9)->category & EC_BASE_MASK, EC_IO_WRITE);
	/* DYN parameters carry their sub-type table */
	const struct param_info *addr = &event_info_of(169)->params[1];
	CHECK_INTEQ(addr->type, PT_DYN);
	CHECK(addr->dyn != NULL);
	if (addr->dyn) {
		CHECK_INTEQ(addr->dyn->count, 2);
		CHECK_INTEQ(addr->dyn->variants[1].type, PT_SIGTYPE);
	}
	CHECK_STREQ(ptype_name(PT_DYN), "DYNAMIC");
	CHECK_STREQ(ptype_name(PT_FSRELPATH), "FSRELPATH");
}

static void test_flag_tables(void)
{
	const struct flag_table *ff = flag_table_by_name("file_flags");

	CHECK(ff != NULL);
	if (ff) {
		CHECK_STREQ(ff->names[0].name, "O_LARGEFILE");
		CHECK_INTEQ(ff->names[0].value, 0x800);
		CHECK_INTEQ(ff->count, 16);
	}
	const struct flag_table *sf = flag_table_by_name("socket_families");
	CHECK(sf != NULL);
	if (sf)
		CHECK_STREQ(sf->names[0].name, "AF_NFC");
	CHECK(flag_table_by_name("no_such_table") == NULL);
}

static void test_lookups(void)
{
	CHECK_STREQ(errno_name(2), "ENOENT");
	CHECK_STREQ(errno_name(115), "EINPROGRESS");
	CHECK(errno_name(41) == NULL);
	CHECK(errno_name(58) == NULL);
	CHECK(errno_name(126) == NULL);
	CHECK(errno_name(0) == NULL);
	CHECK(errno_name(-2) == NULL);
	CHECK_STREQ(errno_name(512), "ERESTARTSYS");
	CHECK_STREQ(errno_name(530), "EIOCBRETRY");
	CHECK(errno_name(531) == NULL);

	CHECK_STREQ(signal_name(15), "SIGTERM");
	CHECK_STREQ(signal_name(31), "SIGSYS");
	CHECK(signal_name(0) == NULL);
	CHECK(signal_name(34) == NULL);

	CHECK_STREQ(ppm_sc_name(0), "<unknown>");
	CHECK_STREQ(ppm_sc_name(16), "getpid");
	CHECK_STREQ(ppm_sc_name(298), "sigreturn");
	CHECK_STREQ(ppm_sc_name(300), "newfstatat");
	CHECK_STREQ(ppm_sc_name(328), "clone3");
	CHECK(ppm_sc_name(PPM_SC_MAX) == NULL);

	/* generic events take their category from the syscall, quirks included */
	CHECK_INTEQ(ppm_sc_category(176), EC_TIME); /* clock_gettime */
	CHECK_INTEQ(ppm_sc_category(164), EC_IO_OTHER); /* exit_group */
	CHECK_INTEQ(ppm_sc_category(0), EC_OTHER);
	CHECK_INTEQ(ppm_sc_category(PPM_SC_MAX), EC_UNKNOWN);
}

static void test_routes(void)
{
	struct syscall_route r = {0, 0};

	CHECK(syscall_route_of(39, &r)); /* getpid: generic */
	CHECK_INTEQ(r.ppm_sc, 16);
	CHECK_INTEQ(r.enter_event, EVT_GENERIC_E);
	CHECK(syscall_route_of(257, &r)); /* openat */
	CHECK_INTEQ(r.ppm_sc, 197);
	CHECK_INTEQ(r.enter_event, 306);
	CHECK(syscall_route_of(288, &r)); /* accept4 */
	CHECK_INTEQ(r.enter_event, 248);
	CHECK(syscall_route_of(435, &r)); /* clone3 */
	CHECK_INTEQ(r.enter_event, 334);
	CHECK(!syscall_route_of(332, &r)); /* statx: unknown to 0.29.3 */
	CHECK(!syscall_route_of(100000, &r));
}

static void test_list_line_count(void)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	list_events(f);
	rewind(f);
	int c, lines = 0;
	while ((c = fgetc(f)) != EOF)
		lines += c == '\n';
	fclose(f);
	CHECK_INTEQ(lines, 265);
}

int main(void)
{
	test_open();
	test_openat_dirfd();
	test_names_and_flags();
	test_flag_tables();
	test_lookups();
	test_routes();
	test_list_line_count();
	return check_summary();
}
