/* The live engine: loads the eBPF driver (bpf/syscope.bpf.c, embedded as a
 * libbpf skeleton), consumes the per-CPU rings in place and merges them by
 * timestamp.  Each record is handed to event_parse() where it lies in the
 * ring; its space goes back to the kernel on the next call. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/capability.h>
#include <linux/types.h>

#include "engine.h"
#include "proc_scan.h"
#include "pushdown.h"
#include "ring_consumer.h"
#include "stop.h"
#include "syscope.skel.h"
#include "syscope_bpf.h"

#define BTF_PATH "/sys/kernel/btf/vmlinux"
#define RING_BYTES_DEFAULT (8u << 20)
/* The driver wakes the reader only when a ring fills up (wakeup_bytes):
 * otherwise the reader looks every POLL_MS, which bounds how late an event
 * shows on a quiet machine. */
#define POLL_MS 20
#define LOG_LINES 20 /* verifier lines kept for -v */

struct bpf_engine {
	struct engine base;
	struct syscope_bpf *skel;
	unsigned ncpu;
	size_t page;
	uint64_t ring_bytes;
	int *ring_fds;
	void **cons_maps, **prod_maps; /* mmaps per ring */
	struct ring *rings;
	struct ring_merge merge;
	int epfd;
	uint64_t delivered;
	char err[512];
};

/* ---- libbpf's messages: the last lines of the verifier log, for -v --- */

static char log_lines[LOG_LINES][256];
static unsigned log_next;
static bool log_frozen; /* the verifier's log ended: keep its last lines */

static int keep_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	if (log_frozen)
		return 0;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!buf)
		return 0;
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	/* One message may hold many lines: the verifier log comes whole. */
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "-- END PROG LOAD LOG --")) {
			log_frozen = true;
			break;
		}
		snprintf(log_lines[log_next % LOG_LINES], sizeof log_lines[0], "%s", line);
		log_next++;
	}
	free(buf);
	return 0;
}

static void print_log_tail(FILE *out)
{
	unsigned n = log_next < LOG_LINES ? log_next : LOG_LINES;
	for (unsigned i = log_next - n; i < log_next; i++)
		fprintf(out, "syscope: bpf: %s\n", log_lines[i % LOG_LINES]);
}

/* ---- preconditions, each with its own message --------------------------- */

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return (d[cap / 32].effective >> (cap % 32)) & 1;
}

static bool privileged(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof d);
	if (syscall(SYS_capget, &h, d) != 0)
		return geteuid() == 0;
	if (has_cap(d, CAP_SYS_ADMIN))
		return true;
	return has_cap(d, CAP_BPF) && has_cap(d, CAP_PERFMON);
}

static bool check_preconditions(char *err, size_t errlen)
{
	if (!privileged()) {
		snprintf(err, errlen, "live capture needs root (or CAP_BPF and CAP_PERFMON): "
			 "run it with sudo, or read a trace file with -r FILE");
		return false;
	}
	if (access(BTF_PATH, R_OK) != 0) {
		snprintf(err, errlen, "live capture needs kernel BTF, and %s is missing: "
			 "the kernel must be built with CONFIG_DEBUG_INFO_BTF", BTF_PATH);
		return false;
	}
	return true;
}

/* ---- settings into the program's read-only data -------------------------- */

static uint64_t boot_to_epoch(void)
{
	struct timespec rt, bt;
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	return ((uint64_t)rt.tv_sec * 1000000000ull + (uint64_t)rt.tv_nsec) -
	       ((uint64_t)bt.tv_sec * 1000000000ull + (uint64_t)bt.tv_nsec);
}

static void apply_plan(struct syscope_bpf__rodata *ro, const struct pushdown_plan *p)
{
	if (!p)
		return;
	ro->pd_sc_all = p->all_syscalls;
	_Static_assert(sizeof ro->pd_sc == sizeof p->syscall, "pushdown syscall table size");
	memcpy(ro->pd_sc, p->syscall, sizeof ro->pd_sc);
	_Static_assert(PUSHDOWN_VALUES == SCOPE_PD_MAX, "pushdown value count");
	_Static_assert(PUSHDOWN_COMM_LEN == SCOPE_COMM_LEN, "pushdown name length");
	ro->pd_ntgids = p->ntgids;
	ro->pd_ntids = p->ntids;
	ro->pd_ncomms = p->ncomms;
	ro->pd_nuids = p->nuids;
	memcpy(ro->pd_tgids, p->tgids, sizeof ro->pd_tgids);
	memcpy(ro->pd_tids, p->tids, sizeof ro->pd_tids);
	memcpy(ro->pd_uids, p->uids, sizeof ro->pd_uids);
	memcpy(ro->pd_comms, p->comms, sizeof ro->pd_comms);
}

static uint64_t ring_size_of(uint64_t want, size_t page)
{
	uint64_t n = page;
	if (!want)
		want = RING_BYTES_DEFAULT;
	while (n < want && n < (1ull << 30))
		n <<= 1;
	return n;
}

/* ---- rings ----------------------------------------------------------------- */

static int create_rings(struct bpf_engine *e)
{
	for (unsigned i = 0; i < e->ncpu; i++) {
		int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "scope_ring", 0, 0,
					(uint32_t)e->ring_bytes, NULL);
		if (fd < 0)
			return -errno;
		e->ring_fds[i] = fd;
	}
	return 0;
}

/* After load: each ring into the outer map, mapped, and watched. */
static int map_rings(struct bpf_engine *e)
{
	int outer = bpf_map__fd(e->skel->maps.rings);
	e->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (e->epfd < 0)
		return -errno;
	for (unsigned i = 0; i < e->ncpu; i++) {
		int fd = e->ring_fds[i];
		if (bpf_map_update_elem(outer, &i, &fd, BPF_ANY) != 0)
			return -errno;
		void *cons = mmap(NULL, e->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (cons == MAP_FAILED)
			return -errno;
		e->cons_maps[i] = cons;
		void *prod = mmap(NULL, e->page + 2 * e->ring_bytes, PROT_READ, MAP_SHARED, fd,
				  (off_t)e->page);
		if (prod == MAP_FAILED)
			return -errno;
		e->prod_maps[i] = prod;
		e->rings[i] = (struct ring){
			.consumer_pos = cons,
			.producer_pos = prod,
			.data = (const uint8_t *)prod + e->page,
			.size = e->ring_bytes,
		};
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
		if (epoll_ctl(e->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
			return -errno;
	}
	ring_merge_init(&e->merge, e->rings, e->ncpu);
	return 0;
}

/* ---- engine operations ------------------------------------------------------ */

static int be_next(struct engine *base, struct event *ev)
{
	struct bpf_engine *e = (struct bpf_engine *)base;
	for (;;) {
		if (stop_requested())
			return 0;
		const uint8_t *rec;
		uint32_t len;
		unsigned cpu;
		int rc = ring_merge_next(&e->merge, &rec, &len, &cpu);
		if (rc < 0) {
			snprintf(e->err, sizeof e->err, "the ring buffer of CPU %u is inconsistent", cpu);
			return -1;
		}
		if (rc > 0) {
			const char *why;
			if (event_parse(ev, rec, len, &why) != 0) {
				snprintf(e->err, sizeof e->err, "bad record from the driver on CPU %u: %s",
					 cpu, why);
				return -1;
			}
			ev->cpu = (int16_t)cpu;
			ev->dump_flags = 0;
			ev->num = ++e->delivered;
			return 1;
		}
		struct epoll_event evs[8];
		if (epoll_wait(e->epfd, evs, 8, POLL_MS) < 0 && errno != EINTR) {
			snprintf(e->err, sizeof e->err, "waiting for events: %s", strerror(errno));
			return -1;
		}
	}
}

static void be_stats(const struct engine *base, struct engine_stats *out)
{
	const struct bpf_engine *e = (const struct bpf_engine *)base;
	memset(out, 0, sizeof *out);
	out->events = e->delivered;
	unsigned n = (unsigned)libbpf_num_possible_cpus();
	struct scope_counters *c = calloc(n ? n : 1, sizeof *c);
	uint32_t zero = 0;
	if (c && bpf_map_lookup_elem(bpf_map__fd(e->skel->maps.counters), &zero, c) == 0) {
		for (unsigned i = 0; i < n; i++) {
			out->drops += c[i].drops + c[i].busy;
			out->failed_reads += c[i].failed_reads;
		}
	}
	free(c);
}

static const char *be_error(const struct engine *base)
{
	return ((const struct bpf_engine *)base)->err;
}

static void be_close(struct engine *base)
{
	struct bpf_engine *e = (struct bpf_engine *)base;
	if (!e)
		return;
	/* Detach first, so nothing writes into rings being unmapped. */
	if (e->skel)
		syscope_bpf__detach(e->skel);
	for (unsigned i = 0; i < e->ncpu; i++) {
		if (e->cons_maps && e->cons_maps[i])
			munmap(e->cons_maps[i], e->page);
		if (e->prod_maps && e->prod_maps[i])
			munmap(e->prod_maps[i], e->page + 2 * e->ring_bytes);
		if (e->ring_fds && e->ring_fds[i] >= 0)
			close(e->ring_fds[i]);
	}
	if (e->epfd >= 0)
		close(e->epfd);
	syscope_bpf__destroy(e->skel);
	free(e->ring_fds);
	free(e->cons_maps);
	free(e->prod_maps);
	free(e->rings);
	free(e);
}

static const struct engine_ops bpf_ops = {
	.next = be_next, .stats = be_stats, .error = be_error, .close = be_close,
};

static struct bpf_engine *engine_alloc(unsigned ncpu)
{
	struct bpf_engine *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->base.ops = &bpf_ops;
	e->epfd = -1;
	e->ncpu = ncpu;
	e->page = (size_t)sysconf(_SC_PAGESIZE);
	e->ring_fds = malloc(ncpu * sizeof *e->ring_fds);
	e->cons_maps = calloc(ncpu, sizeof *e->cons_maps);
	e->prod_maps = calloc(ncpu, sizeof *e->prod_maps);
	e->rings = calloc(ncpu, sizeof *e->rings);
	if (!e->ring_fds || !e->cons_maps || !e->prod_maps || !e->rings) {
		be_close(&e->base);
		return NULL;
	}
	for (unsigned i = 0; i < ncpu; i++)
		e->ring_fds[i] = -1;
	return e;
}

static struct engine *fail(struct bpf_engine *e, char *err, size_t errlen, const char *what, int rc)
{
	snprintf(err, errlen, "%s: %s", what, strerror(rc < 0 ? -rc : rc));
	be_close(&e->base);
	return NULL;
}

struct engine *engine_bpf_open(const struct live_config *cfg, const struct scap_sink *sink,
			       char *err, size_t errlen)
{
	if (!check_preconditions(err, errlen))
		return NULL;
	int n = libbpf_num_possible_cpus();
	if (n <= 0) {
		snprintf(err, errlen, "cannot count the CPUs: %s", strerror(n < 0 ? -n : EINVAL));
		return NULL;
	}
	struct bpf_engine *e = engine_alloc((unsigned)n);
	if (!e) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	libbpf_set_print(keep_log);
	e->ring_bytes = ring_size_of(cfg->ring_bytes, e->page);
	e->skel = syscope_bpf__open();
	if (!e->skel)
		return fail(e, err, errlen, "cannot open the eBPF program", errno);
	struct syscope_bpf__rodata *ro = e->skel->rodata;
	ro->own_tgid = (uint32_t)getpid();
	ro->snaplen = cfg->snaplen ? cfg->snaplen : SCOPE_SNAPLEN_DEFAULT;
	ro->boot_to_epoch_ns = boot_to_epoch();
	ro->enter_events = cfg->enter_events;
	ro->wakeup_bytes = e->ring_bytes / 8;
	apply_plan(ro, cfg->plan);
	bpf_map__set_max_entries(e->skel->maps.scratch, e->ncpu);
	bpf_map__set_max_entries(e->skel->maps.rings, e->ncpu);
	int rc = create_rings(e);
	if (rc)
		return fail(e, err, errlen, "cannot create the ring buffers", rc);
	/* The rings' type and size, for the verifier and the outer map. */
	rc = bpf_map__set_inner_map_fd(e->skel->maps.rings, e->ring_fds[0]);
	if (rc)
		return fail(e, err, errlen, "cannot set up the ring buffers", rc);
	bpf_program__set_autoload(e->skel->progs.scope_sys_enter, cfg->enter_events);
	log_next = 0;
	log_frozen = false;
	rc = syscope_bpf__load(e->skel);
	if (rc) {
		if (cfg->verbose)
			print_log_tail(stderr);
		return fail(e, err, errlen, cfg->verbose ? "cannot load the eBPF program"
				: "cannot load the eBPF program (-v shows the verifier's last lines)", rc);
	}
	rc = map_rings(e);
	if (rc)
		return fail(e, err, errlen, "cannot set up the ring buffers", rc);
	/* Processes already running get their names, cwd and fds before the
	 * first event arrives. */
	if (sink && proc_scan(sink, err, errlen) != 0) {
		be_close(&e->base);
		return NULL;
	}
	rc = syscope_bpf__attach(e->skel);
	if (rc)
		return fail(e, err, errlen, "cannot attach the eBPF program", rc);
	return &e->base;
}
