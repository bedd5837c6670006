/* The kernel-module engine: opens /dev/syscope0 (loading kmod/syscope.ko
 * when the device is absent), configures and maps the per-CPU rings, and
 * hands out their records in timestamp order without copying them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "container_meta.h"
#include "engine_kmod.h"
#include "kernel_plan.h"
#include "kmod_rings.h"
#include "proc_scan.h"
#include "suppress_plan.h"

/* How long to wait when every ring is empty: short enough that a live
 * display keeps up, long enough that an idle capture costs nothing. */
#define IDLE_SLEEP_NS 2000000L

struct kmod_engine {
	struct engine base;
	int fd;
	struct syscope_layout layout;
	void **maps;         /* one mapping per ring, NULL where there is none */
	struct kring *rings;
	struct kmerge merge;
	uint64_t delivered;
	uint64_t stop_ts; /* events after it are not delivered once stopping */
	uint64_t last_ts; /* of the last event delivered: a metadata event's */
	struct engine_stop stop;
	struct container_meta *meta; /* NULL: no container runtime to ask */
	char err[300];
};

static int release_ring(void *ctx, unsigned ring, uint64_t tail)
{
	struct kmod_engine *k = ctx;
	struct syscope_release rel = { .ring = ring, .tail = tail };
	return ioctl(k->fd, SYSCOPE_IOC_RELEASE, &rel);
}

static int km_next(struct engine *e, struct event *ev)
{
	struct kmod_engine *k = (struct kmod_engine *)e;
	for (;;) {
		const uint8_t *rec;
		uint32_t len;
		unsigned ring;
		const char *why = NULL;
		/* As the eBPF engine: a stop still delivers what the rings
		 * hold from before it. */
		bool stopping = engine_stop_requested(&k->stop);
		if (stopping && !k->stop_ts)
			k->stop_ts = engine_clock_ns();
		/* Container metadata the runtime sent, between two events. */
		if (!stopping && container_meta_next(k->meta, k->last_ts, ev)) {
			ev->cpu = 0;
			ev->dump_flags = 0;
			ev->num = ++k->delivered;
			return 1;
		}
		int rc = kmerge_next(&k->merge, &rec, &len, &ring, &why);
		if (rc < 0) {
			snprintf(k->err, sizeof k->err, "%s", why);
			return -1;
		}
		if (rc > 0) {
			if (event_parse(ev, rec, len, &why) < 0) {
				snprintf(k->err, sizeof k->err,
					 "the kernel module wrote a damaged record: %s", why);
				return -1;
			}
			if (stopping && ev->ts > k->stop_ts)
				return 0;
			ev->cpu = (int16_t)ring;
			ev->num = ++k->delivered;
			k->last_ts = ev->ts;
			container_meta_note_event(k->meta, ev);
			return 1;
		}
		if (stopping)
			return 0;
		if (kmerge_release_all(&k->merge) < 0) {
			snprintf(k->err, sizeof k->err, "cannot hand ring space back to the module: %s",
				 strerror(errno));
			return -1;
		}
		engine_idle(e);
		struct timespec idle = { 0, IDLE_SLEEP_NS };
		nanosleep(&idle, NULL); /* EINTR: the loop asks k->stop again */
	}
}

/* The module's per-CPU counters, summed, read from the rings' info pages. */
static void km_stats(const struct engine *e, struct engine_stats *out)
{
	const struct kmod_engine *k = (const struct kmod_engine *)e;
	memset(out, 0, sizeof *out);
	out->events = k->delivered;
	for (unsigned i = 0; i < k->layout.nrings; i++) {
		const struct syscope_ring_info *info = k->rings[i].info;
		if (!info)
			continue;
		out->drops += __atomic_load_n(&info->drops, __ATOMIC_RELAXED);
		out->failed_reads += __atomic_load_n(&info->failed_reads, __ATOMIC_RELAXED);
		out->suppressed += __atomic_load_n(&info->suppressed, __ATOMIC_RELAXED);
	}
}

static const char *km_error(const struct engine *e)
{
	return ((const struct kmod_engine *)e)->err;
}

static void km_close(struct engine *e)
{
	struct kmod_engine *k = (struct kmod_engine *)e;
	if (k->fd >= 0)
		ioctl(k->fd, SYSCOPE_IOC_STOP);
	for (unsigned i = 0; k->maps && i < k->layout.nrings; i++)
		if (k->maps[i])
			munmap(k->maps[i], k->layout.map_size);
	free(k->maps);
	free(k->rings);
	if (k->fd >= 0)
		close(k->fd); /* the module frees the rings once nothing maps them */
	container_meta_close(k->meta);
	free(k);
}

static const struct engine_ops kmod_ops = {
	.next = km_next, .stats = km_stats, .error = km_error, .close = km_close,
};

/* ------------------------------------------------------ loading the module */

/* Where syscope.ko may be, in order: $SYSCOPE_KMOD, beside the binary (and
 * in kmod/ beside it, for a build tree), the running kernel's module
 * directories. */
static int find_module(char *out, size_t outlen)
{
	const char *env = getenv("SYSCOPE_KMOD");
	if (env && *env) {
		snprintf(out, outlen, "%s", env);
		return 0;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct utsname u;
	uname(&u);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
	} else {
		exe[0] = '\0';
	}
	const char *const fmts[] = { "%s/syscope.ko", "%s/kmod/syscope.ko" };
	for (size_t i = 0; n > 0 && i < sizeof fmts / sizeof fmts[0]; i++) {
		snprintf(out, outlen, fmts[i], exe);
		if (access(out, R_OK) == 0)
			return 0;
	}
	const char *const dirs[] = { "extra", "updates" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(out, outlen, "/lib/modules/%s/%s/syscope.ko", u.release, dirs[i]);
		if (access(out, R_OK) == 0)
			return 0;
	}
	return -1;
}

static int load_module(char *err, size_t errlen)
{
	char path[PATH_MAX];
	if (access("/proc/modules", F_OK) != 0) {
		snprintf(err, errlen, "this kernel has no module support: the kmod driver cannot "
			 "run here (use --driver=bpf)");
		return -1;
	}
	if (find_module(path, sizeof path) < 0) {
		snprintf(err, errlen, "the kernel module is not loaded and no syscope.ko was "
			 "found (set SYSCOPE_KMOD=/path/to/syscope.ko)");
		return -1;
	}
	int mfd = open(path, O_RDONLY | O_CLOEXEC);
	if (mfd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	int rc = (int)syscall(SYS_finit_module, mfd, "", 0);
	int saved = errno;
	close(mfd);
	if (rc == 0 || saved == EEXIST)
		return 0;
	if (saved == ENOSYS)
		snprintf(err, errlen, "this kernel has no module support: the kmod driver cannot "
			 "run here (use --driver=bpf)");
	else if (saved == EPERM)
		snprintf(err, errlen, "loading %s needs root (CAP_SYS_MODULE)", path);
	else
		snprintf(err, errlen, "cannot load %s: %s", path, strerror(saved));
	return -1;
}

/* Without devtmpfs the node may be missing although the module is loaded:
 * make it from the number sysfs gives. */
static void make_node(void)
{
	FILE *f = fopen("/sys/class/misc/syscope0/dev", "re");
	unsigned maj, min;
	if (!f)
		return;
	if (fscanf(f, "%u:%u", &maj, &min) == 2)
		mknod(SYSCOPE_DEVICE, S_IFCHR | 0600, makedev(maj, min));
	fclose(f);
}

static int open_device(char *err, size_t errlen)
{
	int fd = open(SYSCOPE_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (load_module(err, errlen) < 0)
			return -1;
		fd = open(SYSCOPE_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT) {
			make_node();
			fd = open(SYSCOPE_DEVICE, O_RDWR | O_CLOEXEC);
		}
	}
	if (fd >= 0)
		return fd;
	if (errno == EBUSY)
		snprintf(err, errlen, "%s is busy: another capture is using the kernel module",
			 SYSCOPE_DEVICE);
	else
		snprintf(err, errlen, "cannot open %s: %s", SYSCOPE_DEVICE, strerror(errno));
	return -1;
}

/* ------------------------------------------------------------------ open */

/* The pushdown plan in the module's terms. */
static void plan_to_module(const struct pushdown_plan *p, struct syscope_syscall_set *set,
			   struct syscope_pushdown *pd)
{
	memset(set, 0, sizeof *set);
	memset(pd, 0, sizeof *pd);
	for (unsigned nr = 0; nr < SYSCOPE_NR_SYSCALLS; nr++)
		if (!p || p->all_syscalls || (nr < PUSHDOWN_NR_MAX && p->syscall[nr]))
			set->bits[nr / 64] |= 1ull << (nr % 64);
	if (!p)
		return;
	_Static_assert(PUSHDOWN_VALUES <= SYSCOPE_PUSHDOWN_MAX, "pushdown lists fit the module's");
	_Static_assert(PUSHDOWN_COMM_LEN == SYSCOPE_COMM_LEN, "same task name length");
	pd->npids = p->ntgids;
	pd->ntids = p->ntids;
	pd->ncomms = p->ncomms;
	pd->nuids = p->nuids;
	for (unsigned i = 0; i < PUSHDOWN_VALUES; i++) {
		pd->pids[i] = (int32_t)p->tgids[i];
		pd->tids[i] = (int32_t)p->tids[i];
		pd->uids[i] = p->uids[i];
		memcpy(pd->comms[i], p->comms[i], SYSCOPE_COMM_LEN);
	}
}

/* -U in the module's terms. */
static bool suppress_to_module(const struct suppress *sup, struct syscope_suppress *ms)
{
	struct suppress_plan plan;
	suppress_plan_build(suppress_active(sup) ? &sup->names : NULL, &plan);
	memset(ms, 0, sizeof *ms);
	_Static_assert(SUPPRESS_COMMS_MAX == SYSCOPE_SUPPRESS_MAX, "-U name count");
	_Static_assert(SUPPRESS_COMM_LEN + 1 == SYSCOPE_COMM_LEN, "-U name length");
	_Static_assert(SUPPRESS_NR_MAX == SYSCOPE_NR_SYSCALLS, "-U syscall numbers");
	ms->ncomms = plan.ncomms;
	memcpy(ms->comms, plan.comms, sizeof ms->comms);
	for (unsigned nr = 0; nr < SYSCOPE_NR_SYSCALLS; nr++)
		if (plan.spawn[nr])
			ms->spawn.bits[nr / 64] |= 1ull << (nr % 64);
	return plan.ncomms > 0;
}

/* The threads the /proc scan suppressed, into the module's set.  A tid
 * the module cannot hold (past PID_MAX_LIMIT) is simply not suppressed. */
static void seed_suppressed(struct kmod_engine *k, const struct suppress *sup)
{
	const struct int_map *m = &sup->tids;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->vals[i])
			continue;
		uint32_t tid = (uint32_t)m->keys[i];
		ioctl(k->fd, SYSCOPE_IOC_SUPPRESS_TID, &tid);
	}
}

static int start(struct kmod_engine *k, char *err, size_t errlen)
{
	if (ioctl(k->fd, SYSCOPE_IOC_START) < 0) {
		snprintf(err, errlen, "the kernel module cannot start capturing: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int setup(struct kmod_engine *k, const struct live_config *cfg, char *err, size_t errlen)
{
	uint32_t snaplen = cfg->snaplen ? cfg->snaplen : 80;
	uint32_t flags = (cfg->enter_events ? SYSCOPE_FLAG_ENTER_EVENTS : 0) |
			 (cfg->page_faults ? SYSCOPE_FLAG_PAGE_FAULTS : 0) |
			 (cfg->force_tracers ? SYSCOPE_FLAG_TRACERS : 0);
	uint32_t ring = cfg->ring_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)cfg->ring_bytes;
	struct syscope_syscall_set set;
	struct syscope_pushdown pd;
	plan_to_module(cfg->plan, &set, &pd);
	struct syscope_suppress sup;
	bool suppressing = suppress_to_module(cfg->suppress, &sup);
	struct {
		const char *what;
		unsigned long cmd;
		const void *arg;
		bool wanted;
	} steps[] = {
		{ "the buffer size", SYSCOPE_IOC_SET_BUFFER_SIZE, &ring, ring != 0 },
		{ "the snaplen", SYSCOPE_IOC_SET_SNAPLEN, &snaplen, true },
		{ "the options", SYSCOPE_IOC_SET_FLAGS, &flags, true },
		{ "the syscall set", SYSCOPE_IOC_SET_SYSCALLS, &set, true },
		{ "the kernel filter", SYSCOPE_IOC_SET_PUSHDOWN, &pd, true },
		{ "-U", SYSCOPE_IOC_SET_SUPPRESS, &sup, suppressing },
		{ "the ring layout", SYSCOPE_IOC_LAYOUT, &k->layout, true },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i].wanted && ioctl(k->fd, steps[i].cmd, steps[i].arg) < 0) {
			snprintf(err, errlen, "the kernel module refused %s: %s", steps[i].what,
				 strerror(errno));
			return -1;
		}
	}
	if (k->layout.abi != SYSCOPE_KMOD_ABI) {
		snprintf(err, errlen, "the loaded syscope module speaks interface %u, this syscope "
			 "%u: reload the module that came with it", k->layout.abi, SYSCOPE_KMOD_ABI);
		return -1;
	}
	unsigned n = k->layout.nrings;
	k->maps = calloc(n, sizeof *k->maps);
	k->rings = calloc(n, sizeof *k->rings);
	if (!k->maps || !k->rings) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		void *p = mmap(NULL, k->layout.map_size, PROT_READ, MAP_SHARED, k->fd,
			       (off_t)(i * k->layout.map_size));
		if (p == MAP_FAILED) {
			if (errno == ENODEV)
				continue; /* no such CPU */
			snprintf(err, errlen, "cannot map ring %u of %s: %s", i, SYSCOPE_DEVICE,
				 strerror(errno));
			return -1;
		}
		k->maps[i] = p;
		k->rings[i].info = p;
		k->rings[i].data = (const uint8_t *)p + k->layout.page_size;
		k->rings[i].size = k->layout.data_size;
		k->rings[i].pos = k->rings[i].released = k->rings[i].info->tail;
		k->rings[i].head = k->rings[i].pos;
	}
	kmerge_init(&k->merge, k->rings, n, release_ring, k);
	return 0;
}

struct engine *engine_kmod_open(const struct live_config *cfg, const struct scap_sink *sink,
				char *err, size_t errlen)
{
	struct kmod_engine *k = calloc(1, sizeof *k);
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	k->base.ops = &kmod_ops;
	k->stop = cfg->stop;
	k->fd = open_device(err, errlen);
	if (k->fd < 0 || setup(k, cfg, err, errlen) < 0) {
		km_close(&k->base);
		return NULL;
	}
	/* The containers of the processes the scan finds are asked about too. */
	struct scap_sink noted;
	k->last_ts = engine_clock_ns();
	k->meta = container_meta_open();
	if (sink && k->meta) {
		noted = container_meta_sink(k->meta, sink);
		sink = &noted;
	}
	/* The capture starts before the /proc scan, so no process is missed
	 * in between; its events wait in the rings until the scan is done.
	 * With -U the scan comes first, as with the eBPF driver: the module
	 * must know the suppressed threads before their first event (one
	 * started in between is missed by the scan, and shown). */
	int rc;
	if (suppress_active(cfg->suppress)) {
		struct scap_sink kept;
		if (sink)
			kept = suppress_sink(cfg->suppress, sink);
		rc = sink ? proc_scan(&kept, err, errlen) : 0;
		if (rc == 0) {
			seed_suppressed(k, cfg->suppress);
			rc = start(k, err, errlen);
		}
	} else {
		rc = start(k, err, errlen);
		if (rc == 0 && sink)
			rc = proc_scan(sink, err, errlen);
	}
	if (rc != 0) {
		km_close(&k->base);
		return NULL;
	}
	return &k->base;
}
