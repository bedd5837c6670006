/* Where events come from.  Every source (trace files now, the eBPF and
 * kernel-module drivers later) sits behind the same small interface, so
 * the rest of syscope never knows which one runs. */
#ifndef SYSCOPE_ENGINE_H
#define SYSCOPE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "scap_reader.h"
#include "suppress.h"

struct engine_stats {
	uint64_t events;  /* events delivered */
	uint64_t drops;   /* lost by the driver (buffers full) */
	uint64_t bytes;   /* input consumed (decompressed) */
	uint64_t file_pos, file_size; /* files: how far in, of how much (0: unknown) */
	uint64_t failed_reads; /* live: parameters written empty (memory unreadable) */
	uint64_t suppressed;   /* -U: events dropped (live: by the driver) */
};

struct engine;

/* How the caller asks a running engine to stop (a signal, a time limit, a
 * failed output): the engine asks between events and before every wait.
 * A live engine then delivers what the kernel captured up to that moment
 * and nothing after it.  requested NULL: never. */
struct engine_stop {
	bool (*requested)(void *ctx);
	void *ctx;
};

static inline bool engine_stop_requested(const struct engine_stop *s)
{
	return s->requested && s->requested(s->ctx);
}

/* Now, in ns since the epoch: the live engines' event clock. */
uint64_t engine_clock_ns(void);

struct engine_ops {
	/* 1 and *ev filled, 0 at the end, -1 on error (engine_error). */
	int (*next)(struct engine *e, struct event *ev);
	void (*stats)(const struct engine *e, struct engine_stats *out);
	const char *(*error)(const struct engine *e);
	void (*close)(struct engine *e);
	/* Optional (NULL: every event is parsed): see scap_reader_set_skim. */
	void (*set_skim)(struct engine *e, const struct skim_plan *plan);
};

struct engine {
	const struct engine_ops *ops;
	/* Called by a live engine whenever it has nothing to deliver and is
	 * about to wait: the caller's output buffers go out then, so a quiet
	 * capture shows its latest events at once, while a busy one still
	 * writes in large blocks.  NULL: nothing to do. */
	void (*idle)(void *ctx);
	void *idle_ctx;
};

static inline int engine_next(struct engine *e, struct event *ev) { return e->ops->next(e, ev); }
static inline const char *engine_error(const struct engine *e) { return e->ops->error(e); }
static inline void engine_stats(const struct engine *e, struct engine_stats *s) { e->ops->stats(e, s); }
static inline void engine_set_skim(struct engine *e, const struct skim_plan *plan)
{
	if (e->ops->set_skim)
		e->ops->set_skim(e, plan);
}
static inline void engine_on_idle(struct engine *e, void (*fn)(void *ctx), void *ctx)
{
	e->idle = fn;
	e->idle_ctx = ctx;
}
static inline void engine_idle(struct engine *e)
{
	if (e->idle)
		e->idle(e->idle_ctx);
}
static inline void engine_close(struct engine *e)
{
	if (e)
		e->ops->close(e);
}

/* Replay a trace file; metadata goes to sink; stop (may be NULL) ends the
 * replay early; the events of the threads -U names (suppress, NULL or
 * empty: none) never leave the engine, and the others are numbered
 * without them, as sysdig numbers them.  NULL with a message in err. */
struct engine *engine_savefile_open(const char *path, const struct scap_sink *sink,
				    const struct engine_stop *stop,
				    const struct suppress_names *suppress, char *err,
				    size_t errlen);

/* Live capture with the eBPF driver (engine_bpf.c). */
struct pushdown_plan;
struct live_config {
	struct engine_stop stop; /* asked while capturing */
	uint32_t snaplen;     /* bytes of each I/O buffer; 0 = 80 */
	uint64_t ring_bytes;  /* per-CPU ring size, rounded up to a power of two; 0 = 8 MiB */
	bool enter_events;    /* also emit the classic enter events */
	bool page_faults;     /* page_fault events (--page-faults, and the filter may match them) */
	bool force_tracers;   /* -T: a write to /dev/null keeps 4096 bytes, not the snaplen */
	bool verbose;         /* a load failure prints the verifier's last lines */
	const struct pushdown_plan *plan; /* what the kernel may drop; NULL = nothing */
	/* -U: the threads the kernel drops (NULL or empty: none).  The /proc
	 * scan goes through it (suppress_sink) and its set seeds the driver's;
	 * the driver then keeps its own.  Owned by the caller; must outlive
	 * the open. */
	struct suppress *suppress;
};

/* Check privileges and BTF, load and attach the driver, scan /proc into
 * sink, then deliver events until cfg->stop says so.  NULL with a one-line
 * message in err.  With cfg->verbose, the figures below go to stderr. */
struct engine *engine_bpf_open(const struct live_config *cfg, const struct scap_sink *sink,
			       char *err, size_t errlen);

/* What loading the eBPF driver cost the kernel's verifier, program by
 * program: a program that verifies with little margin on one kernel may be
 * refused by the next, so the figures are shown (--driver-info, -v) and
 * tested against a margin. */
#define DRIVER_PROGS_MAX 8
#define VERIFIER_INSN_LIMIT 1000000u /* BPF_COMPLEXITY_LIMIT_INSNS */
struct driver_prog_figures {
	char name[32];           /* scope_sys_exit */
	char attach[48];         /* its section: tp_btf/sys_exit */
	bool loaded;             /* false: not needed with these settings */
	uint32_t verified_insns; /* instructions the verifier processed */
	uint32_t insns;          /* instructions after the verifier's rewrites */
	uint32_t jited_bytes;    /* machine code */
};
/* A program's verified instructions as a percentage of the verifier's limit. */
static inline double driver_prog_share(const struct driver_prog_figures *f)
{
	return 100.0 * f->verified_insns / VERIFIER_INSN_LIMIT;
}

struct driver_figures {
	char kernel[160];        /* "6.18.44 x86_64": uname's release and machine */
	size_t object_bytes;     /* the BPF object built into syscope */
	unsigned nprogs;
	struct driver_prog_figures progs[DRIVER_PROGS_MAX];
};

/* Load the driver with cfg's settings (nothing is attached), fill out and
 * unload it.  0, or -1 with a one-line message in err. */
int engine_bpf_figures(const struct live_config *cfg, struct driver_figures *out,
		       char *err, size_t errlen);

#endif
