/* Internals shared by state.c (tables), state_update.c (event parsers)
 * and state_net.c (sockets and network interfaces). */
#ifndef SYSCOPE_STATE_INTERNAL_H
#define SYSCOPE_STATE_INTERNAL_H

#include <string.h>

#include "int_map.h"
#include "state.h"
#include "state_params.h"

struct fd_table {
	struct int_map fds; /* fd number → struct fd_entry * */
	unsigned refs;
};

struct id_name {
	uint32_t id;
	char *name;
	/* Users only (NULL for groups): kept so a written file has them too. */
	uint32_t gid;
	char *home, *shell;
};

typedef void (*event_parser)(struct state *st, const struct event *ev, struct evt_ctx *ctx);

/* The capture's interface list (IL blocks) in file order, as sinsp keeps
 * it: IPv4 addresses with their netmasks, IPv6 addresses. */
struct iface_v4 {
	uint8_t addr[4], mask[4];
};

struct iface_v6 {
	uint8_t addr[16];
};

struct iface_list {
	struct iface_v4 *v4;
	struct iface_v6 *v6;
	size_t n4, n6, cap4, cap6;
};

#define STATE_MAX_CPUS 1024

struct state {
	uint64_t last_switch[STATE_MAX_CPUS]; /* per CPU: ts of its last switch */
	struct int_map threads; /* tid → struct thread * */
	struct int_map users;   /* uid → struct id_name * */
	struct int_map groups;  /* gid → struct id_name * */
	struct machine_info machine;
	bool has_machine;
	bool fixed_sockets;     /* /proc sockets of this section put in client→server order */
	uint64_t first_ts;
	bool seen_event;
	uint64_t last_ts;       /* of the previous non-internal event (evt.deltatime) */
	bool has_last_ts;
	/* Removals that wait until the event that caused them is printed. */
	int64_t close_tid, close_fd;
	bool close_pending;
	int64_t exit_tid;
	bool exit_pending;
	struct iface_list ifaces; /* of the current section */
	event_parser parsers[EVENT_TYPE_MAX];
	int8_t fd_param[EVENT_TYPE_MAX]; /* index of each type's "fd" parameter, or -1 */
	struct thread oom_thread; /* stands in for a thread there was no memory for */
	struct thread absent_thread; /* a procinfo's thread the tables do not know */
	struct thread *recent;    /* the last thread looked up (state_find_thread) */
	bool large_env;           /* cut environments are read whole from /proc */
	struct container_table *containers;
	/* The thread a container metadata event is shown as: "container:ID",
	 * tid and pid -1, as sysdig names it. */
	struct thread container_thread;
};

struct thread *state_thread_new(struct state *st, int64_t tid);
struct thread *state_get_thread(struct state *st, int64_t tid); /* placeholder if unknown */
void state_thread_remove(struct state *st, int64_t tid);
void thread_set_str(char **dst, const char *src, size_t len);
void thread_set_list(char **dst, uint32_t *dst_len, const char *src, size_t len);
void thread_set_cgroups(struct thread *t, const char *src, size_t len);
/* An environment from an event or a process list (state_env.c). */
void thread_set_env(struct state *st, struct thread *t, const char *src, size_t len);
void thread_set_cwd(struct thread *t, const char *src, size_t len);
/* Every change of a thread's comm goes through here (comm_gen). */
void thread_set_comm(struct thread *t, const char *src, size_t len);

struct fd_table *fd_table_new(void);
struct fd_table *fd_table_copy(const struct fd_table *src);
void fd_table_unref(struct fd_table *fdt);
struct fd_entry *fd_table_add(struct fd_table *fdt, int64_t fd); /* replaces any old entry */
void fd_table_remove(struct fd_table *fdt, int64_t fd);
void fd_entry_set_name(struct fd_entry *e, const char *name, size_t len);

void state_install_parsers(struct state *st);

/* ---- parameter access for the parsers -------------------------------- */

/* The position of a state parameter in ev's type (state_params.h, made
 * from the event table at build time), or -1 when the type has none or
 * this record stops before it (a file written by an older driver). */
static inline int param_idx(const struct event *ev, enum state_param p)
{
	if (!ev->info || ev->type >= EVENT_TYPE_MAX)
		return -1;
	int i = state_param_pos[ev->type][p];
	return i >= 0 && (uint32_t)i < ev->nparams ? i : -1;
}

static inline bool param_int(const struct event *ev, enum state_param name, int64_t *out)
{
	int i = param_idx(ev, name);
	if (i < 0 || ev->param_len[i] == 0)
		return false;
	*out = event_param_int(ev, (unsigned)i);
	return true;
}

/* A string parameter (CHARBUF, FSPATH…) up to its NUL. */
static inline bool param_str(const struct event *ev, enum state_param name, const char **s,
			     size_t *len)
{
	int i = param_idx(ev, name);
	if (i < 0)
		return false;
	*s = (const char *)ev->param[i];
	*len = strnlen(*s, ev->param_len[i]);
	return true;
}

/* The value the syscall returned: the first parameter of an exit event. */
static inline int64_t exit_result(const struct event *ev)
{
	return ev->nparams ? event_param_int(ev, 0) : -1;
}

/* Prefer the exit's own parameter, else the matching enter's. */
static inline bool arg_int(const struct event *ev, const struct evt_ctx *ctx, enum state_param name,
			   int64_t *out)
{
	return param_int(ev, name, out) || (ctx->enter && param_int(ctx->enter, name, out));
}

static inline struct fd_table *fds_of(struct state *st, struct evt_ctx *ctx)
{
	return state_thread_fds(st, ctx->thread);
}

static inline void set_ctx_fd(struct state *st, struct evt_ctx *ctx, int64_t fd)
{
	ctx->fd_num = fd;
	ctx->fd = fd_table_find(fds_of(st, ctx), fd);
}

/* ---- sockets and interfaces (state_net.c) ----------------------------- */

/* Parsers for the parser table. */
void net_parse_socket_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_bind_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_connect_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_connect_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_accept_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_sendto_enter(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_send_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_recv_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx);
void net_parse_socketpair_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx);

/* Put the sockets of the fd lists in the state sinsp has them in after
 * loading the capture's metadata; once per section, at its first event. */
void state_fix_proc_sockets(struct state *st);

/* The interface list, used to complete socket addresses the way sysdig
 * does: the sink adds its entries in file order; a new section and
 * state_free() drop them. */
void state_iface_add(struct state *st, const struct iface_info *ii);
void state_net_reset(struct state *st);

#endif
