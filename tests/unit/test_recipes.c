/* The generated syscall recipes (capture/recipes/gen_recipes.py): a few syscalls'
 * parameters have the sources, widths and translations their events need,
 * and the tables agree with the event table. */
#include <linux/types.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "event_table.h"
#include "page_fault.h"
#include "recipe.h"
#define RECIPE_WANT_NAMES
#include "syscope_recipes.h"

static const struct recipe_syscall *by_nr(unsigned nr)
{
	unsigned i = recipe_index[nr];
	return i ? &recipe_syscalls[i - 1] : NULL;
}

static const struct recipe_param *exit_param(const struct recipe_syscall *rs, unsigned i)
{
	return &recipe_params[rs->exit_first + i];
}

/* Apply a translation the way the drivers do. */
static uint64_t xlat(unsigned which, uint64_t v)
{
	const struct recipe_xlat *x = &recipe_xlats[which - 1];
	const struct recipe_xlat_pair *p = &recipe_xlat_pairs[x->first];
	if (x->mode == XLAT_ENUM) {
		for (unsigned i = 0; i < x->count; i++)
			if (p[i].from == v)
				return p[i].to;
		return x->dflt == 0xffffffffu ? v : x->dflt;
	}
	uint64_t out = 0;
	for (unsigned i = 0; i < x->count; i++)
		if (v & p[i].from)
			out |= p[i].to;
	for (unsigned i = 0; i < x->sub_count; i++)
		if (recipe_xlat_pairs[x->sub_first + i].from == (v & x->sub_mask))
			out |= recipe_xlat_pairs[x->sub_first + i].to;
	return out;
}

static void test_tables_match_event_table(void)
{
	for (unsigned nr = 0; nr < RECIPE_NR_MAX; nr++) {
		const struct recipe_syscall *rs = by_nr(nr);
		struct syscall_route route;
		bool routed = syscall_route_of(nr, &route);
		if (!rs) {
			/* Only generic syscalls go without a recipe. */
			CHECK(!routed || route.enter_event == EVT_GENERIC_E);
			continue;
		}
		CHECK(routed);
		CHECK_INTEQ(rs->enter_event, route.enter_event);
		CHECK_INTEQ(rs->exit_event, route.enter_event + 1);
		CHECK(rs->exit_event < EVENT_TYPE_MAX);
		const struct event_info *x = event_info_of(rs->exit_event);
		const struct event_info *e = event_info_of(rs->enter_event);
		CHECK_INTEQ(rs->exit_count, x->nparams_all);
		CHECK_INTEQ(rs->enter_count, e->nparams_all);
		for (unsigned i = 0; i < rs->exit_count; i++)
			CHECK_INTEQ(exit_param(rs, i)->type, x->params[i].type);
		for (unsigned i = 0; i < rs->enter_count; i++)
			CHECK_INTEQ(recipe_params[rs->enter_first + i].type, e->params[i].type);
	}
}

static void test_read(void)
{
	const struct recipe_syscall *rs = by_nr(0);
	CHECK(rs != NULL);
	CHECK_STREQ(recipe_names[recipe_index[0] - 1], "read");
	CHECK_INTEQ(rs->exit_event, 7);
	CHECK_INTEQ(rs->exit_count, 4); /* res, data | fd, size */
	const struct recipe_param *res = exit_param(rs, 0), *data = exit_param(rs, 1);
	const struct recipe_param *fd = exit_param(rs, 2), *size = exit_param(rs, 3);
	CHECK_INTEQ(res->kind, RK_RET);
	CHECK_INTEQ(res->width, 8);
	CHECK_INTEQ(data->kind, RK_UBUF);
	CHECK_INTEQ(data->a, 1);
	CHECK_INTEQ(data->b, RECIPE_RET);
	CHECK(data->flags & RF_VAR);
	CHECK_INTEQ(fd->kind, RK_ARG);
	CHECK_INTEQ(fd->a, 0);
	CHECK(fd->flags & RF_SIGNED32); /* an int argument in an 8-byte FD */
	CHECK_INTEQ(size->a, 2);
	CHECK_INTEQ(size->width, 4);
	/* The enter event takes fd and size from the same arguments. */
	CHECK_INTEQ(rs->enter_count, 2);
	CHECK_INTEQ(recipe_params[rs->enter_first].a, 0);
	CHECK_INTEQ(recipe_params[rs->enter_first + 1].a, 2);
}

static void test_openat_flags(void)
{
	const struct recipe_syscall *rs = by_nr(257);
	CHECK_INTEQ(rs->exit_event, 307);
	const struct recipe_param *flags = exit_param(rs, 3);
	CHECK_INTEQ(flags->kind, RK_ARG);
	CHECK_INTEQ(flags->a, 2);
	CHECK(flags->xlat != 0);
	/* O_RDONLY|O_CLOEXEC (Linux 0x80000) → PPM 0x1001; O_WRONLY|O_CREAT|O_TRUNC
	 * (0x241) → 0x106, as sysdig shows them. */
	CHECK_INTEQ(xlat(flags->xlat, 0x80000), 0x1001);
	CHECK_INTEQ(xlat(flags->xlat, 0x241), 0x106);
	CHECK_INTEQ(xlat(flags->xlat, 0x2), 0x3);
	CHECK_INTEQ(exit_param(rs, 2)->kind, RK_USTR); /* name */
	CHECK_INTEQ(exit_param(rs, 5)->kind, RK_FD_DEV);
	CHECK_INTEQ(exit_param(rs, 5)->a, RECIPE_RET);
}

static void test_clone_and_mmap(void)
{
	const struct recipe_syscall *rs = by_nr(56);
	CHECK_INTEQ(rs->exit_event, 223);
	const struct recipe_param *flags = exit_param(rs, 15);
	CHECK_INTEQ(flags->kind, RK_ARG);
	/* CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD (Linux) */
	CHECK_INTEQ(xlat(flags->xlat, 0x100 | 0x200 | 0x400 | 0x800 | 0x10000),
		    0x8000 | 0x2 | 0x1 | 0x800 | 0x2000);
	CHECK_INTEQ(exit_param(rs, 13)->kind, RK_TASK); /* comm */
	CHECK_INTEQ(exit_param(rs, 13)->a, RT_COMM);
	rs = by_nr(9);
	const struct recipe_param *mflags = exit_param(rs, 7);
	/* MAP_PRIVATE|MAP_ANONYMOUS */
	CHECK_INTEQ(xlat(mflags->xlat, 0x22), 0x2 | 0x8);
}

static void test_enum_translation(void)
{
	const struct recipe_syscall *rs = by_nr(72); /* fcntl */
	const struct recipe_param *cmd = exit_param(rs, 2);
	CHECK_INTEQ(xlat(cmd->xlat, 1030), 26); /* F_DUPFD_CLOEXEC */
	CHECK_INTEQ(xlat(cmd->xlat, 999), 0);   /* unknown → UNKNOWN */
	CHECK(rs->flags & RS_PAIR);
}

/* Numbers read from user memory keep their width when they cannot be read:
 * -1 for signed ones (prlimit's NULL new limit), 0 for the others. */
static void test_unreadable_numbers(void)
{
	const struct recipe_syscall *rs = by_nr(302); /* prlimit64 */
	CHECK_INTEQ(rs->exit_event, 145);
	const struct recipe_param *newcur = exit_param(rs, 1);
	CHECK_INTEQ(newcur->kind, RK_UMEM);
	CHECK_INTEQ(newcur->width, 8);
	CHECK(newcur->flags & RF_NEG1);
	rs = by_nr(40); /* sendfile: offset is unsigned */
	const struct recipe_param *offset = exit_param(rs, 1);
	CHECK_INTEQ(offset->kind, RK_UMEM);
	CHECK(!(offset->flags & RF_NEG1));
}

/* The data of write, pwrite64, writev and pwritev is marked for -T (its
 * fd is argument 0); reads and sends are not. */
static void test_tracer_buffers(void)
{
	static const struct { unsigned nr; uint8_t kind; bool tracer; } cases[] = {
		{ 1, RK_UBUF, true },   /* write */
		{ 18, RK_UBUF, true },  /* pwrite64 */
		{ 20, RK_IOV, true },   /* writev */
		{ 296, RK_IOV, true },  /* pwritev */
		{ 0, RK_UBUF, false },  /* read */
		{ 44, RK_UBUF, false }, /* sendto */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct recipe_syscall *rs = by_nr(cases[i].nr);
		CHECK(rs != NULL);
		if (!rs)
			continue;
		const struct recipe_param *data = exit_param(rs, 1); /* res, data, ... */
		CHECK_INTEQ(data->kind, cases[i].kind);
		CHECK_INTEQ(!!(data->flags & RF_TRACER), cases[i].tracer);
		if (cases[i].tracer)
			CHECK_INTEQ(exit_param(rs, 2)->kind, RK_ARG); /* fd=a0 */
	}
}

/* The pf_flags of an x86 error code, by the names of the event table's
 * flag table for page_fault's error parameter (so the values in
 * page_fault.h are the table's). */
static void pf_names(unsigned long code, char *out, size_t len)
{
	const struct event_info *ei = event_info_of(EVT_PAGE_FAULT_E);
	const struct flag_table *ft = ei ? ei->params[2].flags : NULL;
	unsigned flags = page_fault_flags(code);
	out[0] = '\0';
	for (unsigned i = 0; ft && i < ft->count; i++) {
		if (!(flags & ft->names[i].value))
			continue;
		if (out[0])
			strncat(out, "|", len - strlen(out) - 1);
		strncat(out, ft->names[i].name, len - strlen(out) - 1);
	}
}

static void test_page_fault_flags(void)
{
	const struct event_info *ei = event_info_of(EVT_PAGE_FAULT_E);
	CHECK_INTEQ(PAGE_FAULT_EVENT, EVT_PAGE_FAULT_E);
	CHECK(ei != NULL && strcmp(ei->name, "page_fault") == 0);
	CHECK(ei != NULL && ei->nparams == PAGE_FAULT_NPARAMS);
	static const struct { unsigned long code; const char *names; } cases[] = {
		{ 0x0, "PAGE_NOT_PRESENT|READ_ACCESS|SUPERVISOR_FAULT" },
		{ 0x6, "PAGE_NOT_PRESENT|WRITE_ACCESS|USER_FAULT" },
		{ 0x4, "PAGE_NOT_PRESENT|READ_ACCESS|USER_FAULT" },
		{ 0x7, "PROTECTION_VIOLATION|WRITE_ACCESS|USER_FAULT" },
		{ 0x14, "PAGE_NOT_PRESENT|READ_ACCESS|USER_FAULT|INSTRUCTION_FETCH" },
		{ 0x9, "PROTECTION_VIOLATION|READ_ACCESS|SUPERVISOR_FAULT|RESERVED_PAGE" },
		/* Bits above I/D (protection keys, SGX, shadow stack) have no flag. */
		{ 0x8026, "PAGE_NOT_PRESENT|WRITE_ACCESS|USER_FAULT" },
	};
	char got[200];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pf_names(cases[i].code, got, sizeof got);
		CHECK_STREQ(got, cases[i].names);
	}
	CHECK_INTEQ(page_fault_flags(0x6), 0x4 | 0x2 | 0x10);
}

int main(void)
{
	test_tracer_buffers();
	test_page_fault_flags();
	test_unreadable_numbers();
	test_tables_match_event_table();
	test_read();
	test_openat_flags();
	test_clone_and_mmap();
	test_enum_translation();
	return check_summary();
}
