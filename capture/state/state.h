/* The state engine: threads, processes and their fd tables, seeded from a
 * trace file's metadata blocks (or /proc when live) and kept up to date from
 * every event, before anything filters or prints it. */
#ifndef SYSCOPE_STATE_H
#define SYSCOPE_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "container.h"
#include "proc_info.h"
#include "scap_reader.h"

/* PPM_CL_* thread flags we act on (scap-format.md §6.3). */
#define PPM_CL_CLONE_FILES 0x1u
#define PPM_CL_CLONE_THREAD 0x2000u

/* The role sinsp gives a socket; bits, as a socket can end up with both. */
enum fd_role {
	FD_ROLE_NONE = 0,
	FD_ROLE_CLIENT = 1u << 0,
	FD_ROLE_SERVER = 1u << 1,
};

/* Size of sysdig 0.29.3's per-socket address union: its largest member,
 * the IPv6 tuple (two addresses, two ports, a protocol byte). */
#define FD_SOCK_RAW_LEN 37

#define FD_NAME_INLINE 64

struct fd_entry {
	int64_t fd;
	uint8_t type;    /* enum scap_fd_type; FILE_V2 is stored as FILE */
	uint8_t l4proto; /* enum scap_l4_proto, as sysdig reports it for the fd */
	uint8_t role;    /* sockets: enum fd_role bits */
	bool sock_raw_set; /* sock_raw is valid; if not, it follows from the fields */
	uint32_t open_flags;
	uint32_t dev;
	uint64_t ino;
	uint8_t sip[16], dip[16]; /* sockets: network byte order */
	uint16_t sport, dport;
	uint64_t unix_src, unix_dst;
	/* Sockets: sysdig's address union byte for byte (see state_net.c).
	 * sip…unix_dst above are what it shows through the fd's type. */
	uint8_t sock_raw[FD_SOCK_RAW_LEN];
	char *name; /* NUL-terminated, "" when unknown: name_inline or owned */
	char name_inline[FD_NAME_INLINE]; /* most names fit: no allocation per open */
};

struct fd_table;

struct thread {
	int64_t tid, pid, ptid, sid, vpgid, vtid, vpid;
	char *comm, *exe, *exepath, *cwd, *root; /* owned, NUL-terminated */
	char *args, *env, *cgroups;              /* owned NUL-separated lists */
	uint32_t args_len, env_len, cgroups_len;
	uint64_t fdlimit;
	uint32_t flags; /* PPM_CL_* */
	uint32_t uid, gid, loginuid;
	uint32_t vmsize_kb, vmrss_kb, vmswap_kb;
	uint64_t pfmajor, pfminor;
	/* CPU time: procinfo's user and system ticks as last seen, and what
	 * the latest procinfo added (thread.cpu*); switches add their slices
	 * (thread.totexectime). */
	uint64_t cpu_user, cpu_sys;
	double cpu_d_user, cpu_d_sys, cpu_d_tot;
	uint64_t totexectime;
	uint64_t clone_ts;      /* when a clone in the capture created it; 0 if before */
	char container_id[13];  /* from its cgroups (12 characters), "" on the host */
	bool placeholder;       /* known only from its events: no name yet */
	bool absent;            /* stands for a thread the tables do not have: every
				 * field of it is missing (a procinfo of an unknown tid) */
	uint64_t comm_gen;      /* new with every comm (thread_set_comm): text made
				 * from comm can be cached against it */
	bool cwd_unknown;       /* no process list, clone or chdir told its cwd: sysdig's
				 * proc.cwd is then empty (it ignores an execve's cwd) */
	uint64_t latency;       /* of its last syscall; events outside a call (switch) keep it */
	int64_t last_fd;        /* the fd its last event was about (sinsp's
				 * m_lastevent_fd): an exit whose enter was lost
				 * is taken to be about it */
	struct fd_table *fdt;   /* private table, or NULL while it shares its process's */
	/* The last enter event of this thread, kept for its exit (close's fd,
	 * read's fd, latency).  A copy: the reader's buffer moves on. */
	uint8_t *enter_rec;
	uint32_t enter_cap;
	struct event enter_ev; /* parsed view of enter_rec */
	bool has_enter;
};

/* What processing one event established, for the formatter and filters. */
struct evt_ctx {
	struct thread *thread;     /* never NULL after state_process_event */
	struct fd_entry *fd;       /* the fd the event is about, or NULL */
	int64_t fd_num;            /* its number, or -1 */
	const struct event *enter; /* an exit's matching enter event, or NULL */
	uint64_t latency;          /* exit ts - enter ts, or 0 */
	uint64_t deltatime;        /* ts - the previous non-internal event's ts, or 0 */
	uint64_t exectime;         /* a switch: time since the previous one on its CPU */
};

struct state;

struct state *state_new(void);
void state_free(struct state *st);

/* Callbacks that feed a reader's metadata into this state. */
struct scap_sink state_sink(struct state *st);

/* Which processes an export lists (--filter-proclist): a process goes in
 * whole, every thread and fd, when keep() is true for one of its threads. */
struct export_filter {
	bool (*keep)(void *arg, struct thread *t);
	void *arg;
};

/* Hand the state's metadata (machine, interfaces, users, groups, threads,
 * their fds) to a sink, in trace-file order (state_export.c): what a trace
 * file written from it needs to read back into the same state.  only:
 * NULL lists every process. */
void state_export(struct state *st, const struct scap_sink *sink,
		  const struct export_filter *only);

/* Update the tables from one event and fill ctx.  Must be called for every
 * event, in order, before it is filtered or printed. */
void state_process_event(struct state *st, const struct event *ev, struct evt_ctx *ctx);

/* Whether events of this type change the tables (they have a parser).
 * The others change only what every event does (the thread's latency and
 * last enter, the time of the last event), which a skimmed event
 * (event_skim) still provides. */
bool state_parses_type(const struct state *st, uint16_t type);

/* Stop following memory sizes and page faults through mmap-like calls and
 * switches, for a run where nothing reads them (no field with FF_MEMORY,
 * no trace file written): those events can then be skimmed.  Process
 * lists, clone and execve still set them. */
void state_skip_memory(struct state *st);

/* Live only (--large-environment): an environment that drivers or the
 * /proc scan cut at 4 KiB is read whole from /proc/TID/environ when its
 * process list entry or execve arrives, if the task still exists. */
void state_read_large_env(struct state *st);

struct thread *state_find_thread(struct state *st, int64_t tid);
/* The fd table a thread uses (its process's when it shares it). */
struct fd_table *state_thread_fds(struct state *st, struct thread *t);
struct fd_entry *fd_table_find(struct fd_table *fdt, int64_t fd);

/* How many fds the table holds. */
size_t fd_table_count(const struct fd_table *fdt);
/* Every thread the state knows, and every fd of a table, in table order
 * (no order a caller may rely on); fn must not change the tables. */
void state_each_thread(struct state *st, void (*fn)(void *arg, struct thread *t), void *arg);
void fd_table_each(struct fd_table *fdt, void (*fn)(void *arg, struct fd_entry *e), void *arg);
/* The threads of process pid the state knows (its main thread included). */
uint32_t state_process_threads(const struct state *st, int64_t pid);

/* User and group names from the trace file's user list; NULL if unknown.
 * A user's home directory and shell likewise. */
const char *state_user_name(const struct state *st, uint32_t uid);
const char *state_user_home(const struct state *st, uint32_t uid);
const char *state_user_shell(const struct state *st, uint32_t uid);
const char *state_group_name(const struct state *st, uint32_t gid);

/* Whether an address is one of the capture's network interfaces (the IL
 * blocks of the current section): 4 bytes for IPv4, 16 with v6. */
bool state_has_iface_addr(const struct state *st, bool v6, const uint8_t *addr);

/* The container table of the current section (container.h). */
const struct container_table *state_containers(const struct state *st);
/* A thread's container from the table; NULL on the host or when no
 * metadata event named it. */
const struct container *state_thread_container(const struct state *st, const struct thread *t);

/* Machine info of the current section, or NULL if the file had none. */
const struct machine_info *state_machine(const struct state *st);

/* Timestamp of the first event of the capture (for -t r). */
uint64_t state_first_ts(const struct state *st);

#endif
