/* --driver-info: see options_driver.h.  The driver is loaded exactly as a
 * capture with the same options and filter would load it (the settings are
 * read-only data the verifier sees), so the figures are those of that
 * capture. */
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "filter.h"
#include "live.h"
#include "options_driver.h"
#include "pushdown.h"

static void print_ids(const char *what, const uint32_t *ids, unsigned n, const char **sep)
{
	if (!n)
		return;
	printf("%s%s ", *sep, what);
	for (unsigned i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", ids[i]);
	*sep = "; ";
}

/* What the kernel may drop, in words. */
static void print_pushdown(const struct pushdown_plan *p)
{
	printf("kernel filter  ");
	if (p->all_syscalls && !p->ntgids && !p->ntids && !p->ncomms && !p->nuids) {
		printf("none\n");
		return;
	}
	const char *sep = "";
	if (!p->all_syscalls) {
		printf("%u syscalls", pushdown_syscall_count(p));
		sep = "; ";
	}
	print_ids("pids", p->tgids, p->ntgids, &sep);
	print_ids("tids", p->tids, p->ntids, &sep);
	if (p->ncomms) {
		printf("%snames ", sep);
		for (unsigned i = 0; i < p->ncomms; i++)
			printf("%s%.*s", i ? "," : "", PUSHDOWN_COMM_LEN, p->comms[i]);
		sep = "; ";
	}
	print_ids("uids", p->uids, p->nuids, &sep);
	printf("\n");
}

int driver_info(const struct options *o)
{
	if (o->read_file) {
		fprintf(stderr, "syscope: --driver-info describes the live driver; it takes no -r\n");
		return 1;
	}
	if (o->driver == DRIVER_KMOD) {
		fprintf(stderr, "syscope: --driver-info describes the eBPF driver; the kernel module "
			"has no verifier to report on\n");
		return 1;
	}
	struct filter *flt = NULL;
	char err[512];
	if (o->filter) {
		flt = filter_compile(o->filter, err, sizeof err);
		if (!flt) {
			fprintf(stderr, "syscope: %s\n", err);
			return 1;
		}
	}
	struct pushdown_plan plan;
	struct suppress sup;
	struct live_config cfg;
	live_config_build(o, flt, &plan, &sup, &cfg);
	struct driver_figures d;
	int rc = engine_bpf_figures(&cfg, &d, err, sizeof err);
	suppress_free(&sup);
	if (rc != 0) {
		fprintf(stderr, "syscope: %s\n", err);
		filter_free(flt);
		return 1;
	}
	printf("kernel         Linux %s\n", d.kernel);
	printf("driver         eBPF (CO-RE), a %zu-byte object built into syscope\n",
	       d.object_bytes);
	printf("settings       snaplen %u, %s%s%s\n", o->snaplen ? o->snaplen : 80u,
	       o->enter_events ? "enter and exit events" : "exit events",
	       cfg.page_faults ? ", page faults" : "",
	       cfg.force_tracers ? ", 4096 bytes of writes to /dev/null" : "");
	print_pushdown(&plan);
	if (o->suppress.n) {
		printf("suppressed     ");
		for (unsigned i = 0; i < o->suppress.n; i++)
			printf("%s%s", i ? "," : "", o->suppress.comm[i]);
		printf(" and their descendants (-U)\n");
	}
	printf("\n%-18s %-28s %9s %9s %7s %7s\n", "program", "attached to", "verified", "of limit",
	       "insns", "jited");
	for (unsigned i = 0; i < d.nprogs; i++) {
		const struct driver_prog_figures *f = &d.progs[i];
		if (!f->loaded) {
			printf("%-18s %-28s %9s %9s %7s %7s  not loaded with these options\n", f->name,
			       f->attach, "-", "-", "-", "-");
			continue;
		}
		printf("%-18s %-28s %9u %8.1f%% %7u %7u\n", f->name, f->attach, f->verified_insns,
		       driver_prog_share(f), f->insns, f->jited_bytes);
	}
	printf("\nverified: instructions the kernel's verifier processed to accept the program\n"
	       "(its limit is %u); insns: the program's size after the verifier's rewrites;\n"
	       "jited: bytes of machine code\n", VERIFIER_INSN_LIMIT);
	filter_free(flt);
	return 0;
}
