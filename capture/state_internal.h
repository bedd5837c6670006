/* Internals shared by state.c (tables) and state_update.c (event parsers). */
#ifndef SYSCOPE_STATE_INTERNAL_H
#define SYSCOPE_STATE_INTERNAL_H

#include "int_map.h"
#include "state.h"

struct fd_table {
	struct int_map fds; /* fd number → struct fd_entry * */
	unsigned refs;
};

struct id_name {
	uint32_t id;
	char *name;
};

typedef void (*event_parser)(struct state *st, const struct event *ev, struct evt_ctx *ctx);

struct state {
	struct int_map threads; /* tid → struct thread * */
	struct int_map users;   /* uid → struct id_name * */
	struct int_map groups;  /* gid → struct id_name * */
	struct machine_info machine;
	bool has_machine;
	bool fixed_sockets;     /* /proc sockets of this section put in client→server order */
	uint64_t first_ts;
	bool seen_event;
	/* Removals that wait until the event that caused them is printed. */
	int64_t close_tid, close_fd;
	bool close_pending;
	int64_t exit_tid;
	bool exit_pending;
	event_parser parsers[EVENT_TYPE_MAX];
	int8_t fd_param[EVENT_TYPE_MAX]; /* index of each type's "fd" parameter, or -1 */
};

struct thread *state_thread_new(struct state *st, int64_t tid);
struct thread *state_get_thread(struct state *st, int64_t tid); /* placeholder if unknown */
void state_thread_remove(struct state *st, int64_t tid);
void thread_set_str(char **dst, const char *src, size_t len);
void thread_set_list(char **dst, uint32_t *dst_len, const char *src, size_t len);
void thread_set_cwd(struct thread *t, const char *src, size_t len);

struct fd_table *fd_table_new(void);
struct fd_table *fd_table_copy(const struct fd_table *src);
void fd_table_unref(struct fd_table *fdt);
struct fd_entry *fd_table_add(struct fd_table *fdt, int64_t fd); /* replaces any old entry */
void fd_table_remove(struct fd_table *fdt, int64_t fd);
void fd_entry_set_name(struct fd_entry *e, const char *name, size_t len);

void state_install_parsers(struct state *st);
/* Network interfaces from the trace's interface list, used to complete
 * socket addresses the way sysdig does; reset with the section. */
void state_iface_add(struct state *st, const struct iface_info *ii);
void state_net_reset(struct state *st);
void state_fix_proc_sockets(struct state *st);

#endif
