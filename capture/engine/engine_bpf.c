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
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/capability.h>
#include <linux/types.h>

#include "container_meta.h"
#include "engine.h"
#include "kernel_plan.h"
#include "proc_scan.h"
#include "ring_consumer.h"
#include "suppress_plan.h"
#include "syscope.skel.h"
#include "syscope_bpf.h"

#define BTF_PATH "/sys/kernel/btf/vmlinux"
#define RING_BYTES_DEFAULT (8u << 20)
/* The driver wakes the reader for about one record in wake_mask + 1,
 * which makes about an eighth of a ring of records of WAKE_RECORD_BYTES
 * (a typical size); otherwise the reader looks every POLL_MS, which bounds
 * how late an event shows on a quiet machine. */
#define WAKE_RECORD_BYTES 64
#define POLL_MS 20
static uint64_t wake_mask(uint64_t ring_bytes)
{
	uint64_t n = 1;
	while (n * 2 * WAKE_RECORD_BYTES <= ring_bytes / 8)
		n *= 2;
	return n - 1;
}

#define LOG_LINES 20 /* lines of the verifier's log and of libbpf's shown by -v */

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
	uint64_t stop_ts; /* events after it are not delivered once stopping */
	uint64_t last_ts; /* of the last event delivered: a metadata event's */
	struct engine_stop stop;
	struct container_meta *meta; /* NULL: no container runtime to ask */
	char err[512];
};

/* ---- why a load failed, for -v ------------------------------------------ */

/* libbpf's own messages (a CO-RE relocation it could not apply, a map it
 * could not create): the last few lines are kept. */
static char lib_lines[LOG_LINES][256];
static unsigned lib_next;

static int keep_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!buf)
		return 0;
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "libbpf: ", 8) == 0)
			line += 8; /* printed under a prefix of our own */
		snprintf(lib_lines[lib_next % LOG_LINES], sizeof lib_lines[0], "%s", line);
		lib_next++;
	}
	free(buf);
	return 0;
}

/* The verifier's log goes into a buffer of ours (libbpf asks for it only
 * when a load fails).  Kernels before 6.4 keep the start of a log that does
 * not fit, and the reason for a rejection is at its end, so a log cut short
 * is asked for again in a bigger buffer, up to the kernel's limit (1 GiB).
 * The memory is reserved lazily: only what the kernel writes is touched. */
#define VLOG_FIRST (16u << 20)
#define VLOG_LAST ((1u << 30) - 1)

struct vlog {
	char *buf;
	size_t size;
};

static bool vlog_alloc(struct vlog *v, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);
	if (p == MAP_FAILED)
		return false;
	v->buf = p;
	v->size = size;
	v->buf[0] = 0;
	return true;
}

static void vlog_free(struct vlog *v)
{
	if (v->buf)
		munmap(v->buf, v->size);
	v->buf = NULL;
	v->size = 0;
}

/* Every log the verifier finishes ends with its statistics line; one cut
 * short by a full buffer does not. */
static bool vlog_complete(const struct vlog *v)
{
	size_t len = strnlen(v->buf, v->size);
	const char *tail = v->buf + (len > 4096 ? len - 4096 : 0);
	return len + 1 < v->size || strstr(tail, "\nprocessed ") != NULL;
}

/* The verifier's reason for a refusal: the last line of its log that is
 * not the statistics it always ends with ("processed N insns ...",
 * "verification time ...", the stack depth). */
static void vlog_reason(const struct vlog *v, char *out, size_t outlen)
{
	out[0] = 0;
	size_t len = v->buf ? strnlen(v->buf, v->size) : 0;
	while (len > 0) {
		size_t end = len;
		while (end > 0 && v->buf[end - 1] == '\n')
			end--;
		size_t start = end;
		while (start > 0 && v->buf[start - 1] != '\n')
			start--;
		const char *line = v->buf + start;
		size_t n = end - start;
		len = start;
		if (n == 0 || strncmp(line, "processed ", 10) == 0 ||
		    strncmp(line, "verification time", 17) == 0 || strncmp(line, "stack depth", 11) == 0)
			continue;
		snprintf(out, outlen, "%.*s", (int)(n < 200 ? n : 200), line);
		return;
	}
}

/* Print the last LOG_LINES lines of the verifier's log, then libbpf's
 * own last lines. */
static void print_why(FILE *out, const struct vlog *v)
{
	size_t len = v->buf ? strnlen(v->buf, v->size) : 0;
	size_t start = len && v->buf[len - 1] == '\n' ? len - 1 : len;
	for (unsigned lines = 0; start > 0; start--) {
		if (v->buf[start - 1] == '\n' && ++lines == LOG_LINES)
			break;
	}
	const char *p = v->buf ? v->buf + start : "";
	const char *end = p + (len - start);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n)
			fprintf(out, "syscope: verifier: %.*s\n", (int)n, p);
		p += n + 1;
	}
	unsigned n = lib_next < LOG_LINES ? lib_next : LOG_LINES;
	for (unsigned i = lib_next - n; i < lib_next; i++)
		fprintf(out, "syscope: libbpf: %s\n", lib_lines[i % LOG_LINES]);
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

/* A task name as the driver compares it: two words, and a mask over the
 * name's bytes and the NUL after it (the kernel pads the rest of a task
 * name with NULs). */
static void comm_words(const char *name, volatile __u64 *words, volatile __u64 *masks)
{
	uint8_t mask[SCOPE_COMM_LEN] = { 0 };
	size_t len = strnlen(name, SCOPE_COMM_LEN);
	memset(mask, 0xff, len < SCOPE_COMM_LEN ? len + 1 : SCOPE_COMM_LEN);
	memcpy((void *)words, name, strnlen(name, SCOPE_COMM_LEN));
	memcpy((void *)masks, mask, SCOPE_COMM_LEN);
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
	for (unsigned i = 0; i < p->ncomms && i < SCOPE_PD_MAX; i++)
		comm_words(p->comms[i], ro->pd_comm_words[i], ro->pd_comm_masks[i]);
}

/* -U: the names and the syscalls whose exits apply the rule.  The set
 * map stays one entry when nothing is suppressed. */
static void apply_suppress(struct syscope_bpf *skel, const struct suppress *sup)
{
	struct syscope_bpf__rodata *ro = skel->rodata;
	struct suppress_plan plan;
	suppress_plan_build(suppress_active(sup) ? &sup->names : NULL, &plan);
	_Static_assert(SUPPRESS_COMMS_MAX == SCOPE_SUP_MAX, "-U name count");
	_Static_assert(SUPPRESS_COMM_LEN + 1 == SCOPE_COMM_LEN, "-U name length");
	_Static_assert(sizeof ro->sup_spawn == sizeof plan.spawn, "-U syscall table size");
	ro->sup_ncomms = plan.ncomms;
	for (unsigned i = 0; i < plan.ncomms; i++)
		comm_words(plan.comms[i], ro->sup_comm_words[i], ro->sup_comm_masks[i]);
	memcpy((void *)ro->sup_spawn, plan.spawn, sizeof plan.spawn);
	bpf_map__set_max_entries(skel->maps.sup_tids, plan.ncomms ? SCOPE_SUP_TIDS : 1);
}

/* The threads the /proc scan suppressed join the driver's set before it
 * is attached; from then on the driver keeps the set itself.  A thread
 * that does not fit is reported through -v's count staying low, not
 * refused: the capture still runs. */
static void seed_suppressed(struct bpf_engine *e, const struct suppress *sup)
{
	int fd = bpf_map__fd(e->skel->maps.sup_tids);
	const struct int_map *m = &sup->tids;
	uint8_t one = 1;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->vals[i])
			continue;
		uint32_t tid = (uint32_t)m->keys[i];
		if (bpf_map_update_elem(fd, &tid, &one, BPF_ANY) != 0)
			break; /* full */
	}
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
		/* A stop (SIGINT, SIGTERM) still delivers what the rings hold
		 * from before it, so a trace file ends where the user stopped,
		 * not where the reader happened to be. */
		bool stopping = engine_stop_requested(&e->stop);
		if (stopping && !e->stop_ts)
			e->stop_ts = engine_clock_ns();
		/* Container metadata the runtime sent, between two events. */
		if (!stopping && container_meta_next(e->meta, e->last_ts, ev)) {
			ev->cpu = 0;
			ev->dump_flags = 0;
			ev->num = ++e->delivered;
			return 1;
		}
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
			if (stopping && ev->ts > e->stop_ts)
				return 0;
			ev->cpu = (int16_t)cpu;
			ev->dump_flags = 0;
			ev->num = ++e->delivered;
			e->last_ts = ev->ts;
			container_meta_note_event(e->meta, ev);
			return 1;
		}
		if (stopping)
			return 0;
		engine_idle(base);
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
			out->suppressed += c[i].suppressed;
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
	container_meta_close(e->meta);
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

/* Open the embedded object, put the settings into its read-only data, size
 * its maps and load it.  On failure, *what names the step for the message;
 * e->skel is left for the caller to destroy (or NULL if the open failed). */
static int open_and_load(struct bpf_engine *e, const struct live_config *cfg,
			 const struct vlog *vlog, const char **what)
{
	*what = "cannot open the eBPF program";
	e->skel = syscope_bpf__open();
	if (!e->skel)
		return -errno;
	struct syscope_bpf__rodata *ro = e->skel->rodata;
	ro->own_tgid = (uint32_t)getpid();
	ro->snaplen = cfg->snaplen ? cfg->snaplen : SCOPE_SNAPLEN_DEFAULT;
	ro->boot_to_epoch_ns = boot_to_epoch();
	ro->enter_events = cfg->enter_events;
	ro->force_tracers = cfg->force_tracers;
	ro->wake_mask = wake_mask(e->ring_bytes);
	apply_plan(ro, cfg->plan);
	apply_suppress(e->skel, cfg->suppress);
	bpf_map__set_max_entries(e->skel->maps.scratch, e->ncpu);
	bpf_map__set_max_entries(e->skel->maps.rings, e->ncpu);
	/* The rings' type and size, for the verifier and the outer map. */
	*what = "cannot set up the ring buffers";
	int rc = bpf_map__set_inner_map_fd(e->skel->maps.rings, e->ring_fds[0]);
	if (rc)
		return rc;
	bpf_program__set_autoload(e->skel->progs.scope_sys_enter, cfg->enter_events);
	/* Not loaded, so not attached: without --page-faults a fault costs nothing. */
	bpf_program__set_autoload(e->skel->progs.scope_page_fault_user, cfg->page_faults);
	bpf_program__set_autoload(e->skel->progs.scope_page_fault_kernel, cfg->page_faults);
	struct bpf_program *prog;
	if (vlog->buf)
		bpf_object__for_each_program(prog, e->skel->obj)
			bpf_program__set_log_buf(prog, vlog->buf, vlog->size);
	*what = "cannot load the eBPF program";
	return syscope_bpf__load(e->skel);
}

/* The running kernel: uname's release and machine. */
static void kernel_name(char *buf, size_t len)
{
	struct utsname u;
	if (uname(&u) == 0)
		snprintf(buf, len, "%s %s", u.release, u.machine);
	else
		snprintf(buf, len, "unknown");
}

/* The message for a driver the kernel refused: what failed, why (the
 * verifier's own words when it was the verifier), on which kernel, and
 * what to try next. */
static void load_failure(char *err, size_t errlen, const char *what, int rc,
			 const struct vlog *v, bool verbose)
{
	char reason[256], kernel[160];
	vlog_reason(v, reason, sizeof reason);
	kernel_name(kernel, sizeof kernel);
	/* The module is an alternative only where the kernel loads modules. */
	const char *next = access("/proc/modules", F_OK) == 0
		? "; --driver=kmod captures through the kernel module instead"
		: "";
	snprintf(err, errlen, "%s on Linux %s: %s%s%s%s%s%s", what, kernel,
		 strerror(rc < 0 ? -rc : rc), reason[0] ? " (verifier: " : "", reason,
		 reason[0] ? ")" : "", verbose ? "" : "; -v shows the verifier's last lines", next);
}

/* ---- what the verifier made of each program --------------------------------- */

static void collect_figures(const struct bpf_engine *e, struct driver_figures *out)
{
	memset(out, 0, sizeof *out);
	kernel_name(out->kernel, sizeof out->kernel);
	syscope_bpf__elf_bytes(&out->object_bytes);
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, e->skel->obj) {
		if (out->nprogs == DRIVER_PROGS_MAX)
			break;
		struct driver_prog_figures *f = &out->progs[out->nprogs++];
		snprintf(f->name, sizeof f->name, "%s", bpf_program__name(prog));
		snprintf(f->attach, sizeof f->attach, "%s", bpf_program__section_name(prog));
		int fd = bpf_program__fd(prog);
		struct bpf_prog_info info;
		uint32_t len = sizeof info;
		memset(&info, 0, sizeof info);
		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
			continue;
		f->loaded = true;
		f->verified_insns = info.verified_insns;
		f->insns = info.xlated_prog_len / 8;
		f->jited_bytes = info.jited_prog_len;
	}
}

/* One line per loaded program on stderr, for -v. */
static void print_figures(FILE *out, const struct driver_figures *d)
{
	for (unsigned i = 0; i < d->nprogs; i++) {
		const struct driver_prog_figures *f = &d->progs[i];
		if (f->loaded)
			fprintf(out, "syscope: bpf: %s verified in %u instructions (%.1f%% of the "
				"verifier's limit) on Linux %s; %u instructions, %u bytes of machine code\n",
				f->name, f->verified_insns, driver_prog_share(f), d->kernel, f->insns,
				f->jited_bytes);
	}
}

/* Everything up to a loaded driver: checks, rings, the object with cfg's
 * settings (asked again with a bigger log when the verifier's was cut).
 * NULL with a message in err. */
static struct bpf_engine *load_driver(const struct live_config *cfg, char *err, size_t errlen)
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
	lib_next = 0;
	e->ring_bytes = ring_size_of(cfg->ring_bytes, e->page);
	int rc = create_rings(e);
	if (rc) {
		fail(e, err, errlen, "cannot create the ring buffers", rc);
		return NULL;
	}
	/* The log is written only when a load fails (libbpf asks again with
	 * logging on), and its pages are touched only as far as it goes. */
	struct vlog vlog = { NULL, 0 };
	vlog_alloc(&vlog, VLOG_FIRST);
	const char *what = NULL;
	rc = open_and_load(e, cfg, &vlog, &what);
	/* A verifier log cut short: load again with room for all of it. */
	while (rc && vlog.buf && e->skel && !vlog_complete(&vlog) && vlog.size < VLOG_LAST) {
		size_t bigger = vlog.size * 4 < VLOG_LAST ? vlog.size * 4 : VLOG_LAST;
		vlog_free(&vlog);
		if (!vlog_alloc(&vlog, bigger))
			break;
		syscope_bpf__destroy(e->skel);
		e->skel = NULL;
		rc = open_and_load(e, cfg, &vlog, &what);
	}
	if (rc) {
		if (cfg->verbose)
			print_why(stderr, &vlog);
		load_failure(err, errlen, what, rc, &vlog, cfg->verbose);
		vlog_free(&vlog);
		be_close(&e->base);
		return NULL;
	}
	vlog_free(&vlog);
	return e;
}

int engine_bpf_figures(const struct live_config *cfg, struct driver_figures *out,
		       char *err, size_t errlen)
{
	struct bpf_engine *e = load_driver(cfg, err, errlen);
	if (!e)
		return -1;
	collect_figures(e, out);
	be_close(&e->base);
	return 0;
}

struct engine *engine_bpf_open(const struct live_config *cfg, const struct scap_sink *sink,
			       char *err, size_t errlen)
{
	struct bpf_engine *e = load_driver(cfg, err, errlen);
	if (!e)
		return NULL;
	e->stop = cfg->stop;
	if (cfg->verbose) {
		struct driver_figures d;
		collect_figures(e, &d);
		print_figures(stderr, &d);
	}
	int rc = map_rings(e);
	if (rc)
		return fail(e, err, errlen, "cannot set up the ring buffers", rc);
	/* Processes already running get their names, cwd and fds before the
	 * first event arrives; with -U, those suppressed are left out of the
	 * tables and seed the driver's set. */
	struct scap_sink kept, noted;
	if (sink && suppress_active(cfg->suppress)) {
		kept = suppress_sink(cfg->suppress, sink);
		sink = &kept;
	}
	/* The containers of those processes are asked about too. */
	e->last_ts = engine_clock_ns();
	e->meta = container_meta_open();
	if (sink && e->meta) {
		noted = container_meta_sink(e->meta, sink);
		sink = &noted;
	}
	if (sink && proc_scan(sink, err, errlen) != 0) {
		be_close(&e->base);
		return NULL;
	}
	if (suppress_active(cfg->suppress))
		seed_suppressed(e, cfg->suppress);
	rc = syscope_bpf__attach(e->skel);
	if (rc)
		return fail(e, err, errlen, "cannot attach the eBPF program", rc);
	return &e->base;
}
