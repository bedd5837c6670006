/* Event parsers: how each event changes the thread and fd tables.  They
 * run before the event is filtered or printed, for every event.  Those of
 * the socket calls are in state_net.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path_resolve.h"
#include "proc_info.h"
#include "state_internal.h"

#define AT_FDCWD_VALUE (-100)
#define PPM_O_DIRECTORY 0x400u

/* ---- file opens ------------------------------------------------------- */

/* The directory a relative path of this event is relative to. */
static const char *base_dir(struct state *st, struct evt_ctx *ctx, int64_t dirfd)
{
	if (dirfd == AT_FDCWD_VALUE)
		return ctx->thread->cwd;
	struct fd_entry *d = fd_table_find(fds_of(st, ctx), dirfd);
	return d ? d->name : ctx->thread->cwd;
}

static void parse_open_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd = exit_result(ev);
	if (fd < 0)
		return;
	const char *name = "";
	size_t len = 0;
	if (!param_str(ev, SP_NAME, &name, &len) && ctx->enter)
		param_str(ctx->enter, SP_NAME, &name, &len);
	int64_t dirfd = AT_FDCWD_VALUE, flags = 0;
	arg_int(ev, ctx, SP_DIRFD, &dirfd);
	arg_int(ev, ctx, SP_FLAGS, &flags);
	char path[PATH_OUT_MAX];
	/* Without a name (a damaged or truncated event) the fd stays unnamed. */
	size_t n = len ? path_resolve(path, base_dir(st, ctx, dirfd), name, len) : 0;
	path[n] = '\0';
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (!e)
		return;
	e->type = (flags & PPM_O_DIRECTORY) ? SCAP_FD_DIRECTORY : SCAP_FD_FILE;
	e->open_flags = (uint32_t)flags;
	int64_t dev = 0;
	if (param_int(ev, SP_DEV, &dev))
		e->dev = (uint32_t)dev;
	fd_entry_set_name(e, path, n);
	set_ctx_fd(st, ctx, fd);
}

static void parse_close_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, SP_FD, &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	if (exit_result(ev) < 0)
		return;
	/* Removed once this event has been shown, so its line can name it. */
	st->close_pending = true;
	st->close_tid = ctx->thread->tid;
	st->close_fd = fd;
}

/* ---- fds of other kinds ----------------------------------------------- */

static void add_typed_fd(struct state *st, struct evt_ctx *ctx, int64_t fd, uint8_t type)
{
	if (fd < 0)
		return;
	struct fd_entry *e = fd_table_add(fds_of(st, ctx), fd);
	if (e)
		e->type = type;
}

static void parse_pipe_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd1, fd2, ino = 0;
	if (exit_result(ev) < 0 || !param_int(ev, SP_FD1, &fd1) || !param_int(ev, SP_FD2, &fd2))
		return;
	param_int(ev, SP_INO, &ino);
	add_typed_fd(st, ctx, fd1, SCAP_FD_FIFO);
	add_typed_fd(st, ctx, fd2, SCAP_FD_FIFO);
	struct fd_entry *a = fd_table_find(fds_of(st, ctx), fd1);
	struct fd_entry *b = fd_table_find(fds_of(st, ctx), fd2);
	if (a)
		a->ino = (uint64_t)ino;
	if (b)
		b->ino = (uint64_t)ino;
	/* sysdig 0.29.3 takes the second end as the event's fd (fd.num...) */
	set_ctx_fd(st, ctx, fd2);
}

/* A new session: its id is the call's result (the process group, which
 * sysdig 0.29.3 does not follow, stays). */
static void parse_setsid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	int64_t res = exit_result(ev);
	if (res >= 0)
		ctx->thread->sid = res;
}

/* sysdig 0.29.3 parses getsockopt's exit (for SO_ERROR), which makes the
 * exit's own fd argument the event's fd; other calls take the enter's. */
static void parse_own_fd_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (param_int(ev, SP_FD, &fd) || param_int(ev, SP_FDOUT, &fd))
		set_ctx_fd(st, ctx, fd);
}

/* The new fd is the event's fd (fd.num, fd.type...). */
static void add_result_fd(struct state *st, struct evt_ctx *ctx, const struct event *ev,
			  uint8_t type)
{
	int64_t fd = exit_result(ev);
	add_typed_fd(st, ctx, fd, type);
	if (fd >= 0)
		set_ctx_fd(st, ctx, fd);
}

static void parse_eventfd_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_result_fd(st, ctx, ev, SCAP_FD_EVENT);
}

static void parse_signalfd_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_result_fd(st, ctx, ev, SCAP_FD_SIGNALFD);
}

static void parse_timerfd_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_result_fd(st, ctx, ev, SCAP_FD_TIMERFD);
}

static void parse_inotify_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	add_result_fd(st, ctx, ev, SCAP_FD_INOTIFY);
}

static void copy_fd(struct state *st, struct evt_ctx *ctx, int64_t from, int64_t to)
{
	struct fd_table *fdt = fds_of(st, ctx);
	struct fd_entry *src = fd_table_find(fdt, from);
	if (!src || to < 0 || from == to)
		return;
	struct fd_entry saved = *src;
	char *name = strdup(src->name);
	struct fd_entry *dst = fd_table_add(fdt, to); /* may move nothing: src stays valid by copy */
	if (dst && name) {
		char *dname = dst->name;
		*dst = saved; /* sinsp copies the whole fd: role and union too */
		dst->fd = to;
		dst->name = dname;
		fd_entry_set_name(dst, name, strlen(name));
	}
	free(name);
}

static void parse_dup_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t newfd = exit_result(ev), oldfd;
	if (!arg_int(ev, ctx, SP_FD, &oldfd))
		return;
	copy_fd(st, ctx, oldfd, newfd);
	set_ctx_fd(st, ctx, newfd >= 0 ? newfd : oldfd);
}

#define PPM_FCNTL_F_DUPFD 1
#define PPM_FCNTL_F_DUPFD_CLOEXEC 26

static void parse_fcntl_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd, cmd;
	if (!arg_int(ev, ctx, SP_FD, &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	if (arg_int(ev, ctx, SP_CMD, &cmd) &&
	    (cmd == PPM_FCNTL_F_DUPFD || cmd == PPM_FCNTL_F_DUPFD_CLOEXEC)) {
		int64_t res = exit_result(ev);
		copy_fd(st, ctx, fd, res);
		if (res >= 0) /* like dup: the exit is about the new fd */
			set_ctx_fd(st, ctx, res);
	}
}

/* ---- working directory ------------------------------------------------ */

static void parse_chdir_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	const char *p;
	size_t len;
	if (exit_result(ev) < 0 || !param_str(ev, SP_PATH, &p, &len))
		return;
	char path[PATH_OUT_MAX];
	size_t n = path_resolve(path, ctx->thread->cwd, p, len);
	thread_set_cwd(ctx->thread, path, n);
}

static void parse_fchdir_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t fd;
	if (!arg_int(ev, ctx, SP_FD, &fd))
		return;
	set_ctx_fd(st, ctx, fd);
	if (exit_result(ev) >= 0 && ctx->fd && ctx->fd->name[0])
		thread_set_cwd(ctx->thread, ctx->fd->name, strlen(ctx->fd->name));
}

/* ---- processes -------------------------------------------------------- */

static void set_str_param(const struct event *ev, enum state_param name, char **dst)
{
	const char *s;
	size_t len;
	if (param_str(ev, name, &s, &len))
		thread_set_str(dst, s, len);
}

static void set_comm_param(const struct event *ev, struct thread *t)
{
	const char *s;
	size_t len;
	if (param_str(ev, SP_COMM, &s, &len))
		thread_set_comm(t, s, len);
}

static void set_list_param(const struct event *ev, enum state_param name, char **dst,
			   uint32_t *dst_len)
{
	int i = param_idx(ev, name);
	if (i >= 0)
		thread_set_list(dst, dst_len, (const char *)ev->param[i], ev->param_len[i]);
}

static void set_cgroups_param(const struct event *ev, struct thread *t)
{
	int i = param_idx(ev, SP_CGROUPS);
	if (i >= 0)
		thread_set_cgroups(t, (const char *)ev->param[i], ev->param_len[i]);
}

static void set_u32_param(const struct event *ev, enum state_param name, uint32_t *dst)
{
	int64_t v;
	if (param_int(ev, name, &v))
		*dst = (uint32_t)v;
}

/* Memory sizes (vm_*) and page faults (pgft_*), which a context switch
 * gives to different threads. */
static void set_mem_params(const struct event *ev, struct thread *t)
{
	set_u32_param(ev, SP_VM_SIZE, &t->vmsize_kb);
	set_u32_param(ev, SP_VM_RSS, &t->vmrss_kb);
	set_u32_param(ev, SP_VM_SWAP, &t->vmswap_kb);
}

static void set_pf_params(const struct event *ev, struct thread *t)
{
	int64_t v;
	if (param_int(ev, SP_PGFT_MAJ, &v))
		t->pfmajor = (uint64_t)v;
	if (param_int(ev, SP_PGFT_MIN, &v))
		t->pfminor = (uint64_t)v;
}

static void set_vm_params(const struct event *ev, struct thread *t)
{
	set_mem_params(ev, t);
	set_pf_params(ev, t);
}

/* proc.exepath: the program the enter event asked for, made absolute
 * against the cwd (sysdig 0.29.3: a script's path, not its interpreter's);
 * without the enter event it stays as it was. */
static void set_exepath_from_enter(const struct evt_ctx *ctx, struct thread *t)
{
	const char *name;
	size_t len;
	if (!ctx->enter || !param_str(ctx->enter, SP_FILENAME, &name, &len) || !len)
		return;
	char path[PATH_OUT_MAX];
	size_t n = path_resolve(path, name[0] == '/' ? "" : (t->cwd ? t->cwd : "/"), name, len);
	thread_set_str(&t->exepath, path, n);
}

static void parse_execve_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	struct thread *t = ctx->thread;
	int64_t v;
	if (exit_result(ev) < 0)
		return;
	set_str_param(ev, SP_EXE, &t->exe);
	set_exepath_from_enter(ctx, t);
	set_list_param(ev, SP_ARGS, &t->args, &t->args_len);
	set_comm_param(ev, t);
	int env = param_idx(ev, SP_ENV);
	if (env >= 0)
		thread_set_env(st, t, (const char *)ev->param[env], ev->param_len[env]);
	set_cgroups_param(ev, t);
	const char *cwd;
	size_t len;
	/* Some drivers leave cwd empty: the old one stays. */
	if (param_str(ev, SP_CWD, &cwd, &len) && len) {
		bool unknown = t->cwd_unknown; /* proc.cwd does not follow an execve */
		thread_set_cwd(t, cwd, len);
		t->cwd_unknown = unknown;
	}
	if (param_int(ev, SP_PID, &v))
		t->pid = v;
	if (param_int(ev, SP_PTID, &v))
		t->ptid = v;
	if (param_int(ev, SP_FDLIMIT, &v))
		t->fdlimit = (uint64_t)v;
	if (param_int(ev, SP_PGID, &v))
		t->vpgid = v;
	set_u32_param(ev, SP_LOGINUID, &t->loginuid);
	/* Newer drivers' uid and gid (the effective ids after the exec): the
	 * only ids a process gets when the kernel filter dropped the clone
	 * that made it (proc.name=X drops clones made under the parent's
	 * name).  sysdig 0.29.3's files do not carry them. */
	set_u32_param(ev, SP_UID, &t->uid);
	set_u32_param(ev, SP_GID, &t->gid);
	set_vm_params(ev, t);
	t->placeholder = false;
}

/* clone/fork/vfork/clone3 exits come from both sides; either one creates
 * the child if it is not known yet. */
static void parse_clone_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	int64_t res = exit_result(ev), ptid = -1, pid = -1, flags = 0, v;
	if (res < 0)
		return;
	param_int(ev, SP_FLAGS, &flags);
	param_int(ev, SP_PID, &pid);
	param_int(ev, SP_PTID, &ptid);
	struct thread *caller = ctx->thread;
	int64_t child_tid = res > 0 ? res : ev->tid;
	struct thread *parent = res > 0 ? caller : state_find_thread(st, ptid);
	if (state_find_thread(st, child_tid) && !(res == 0 && caller->placeholder))
		return;
	struct thread *c = res == 0 ? caller : state_thread_new(st, child_tid);
	if (!c)
		return;
	c->placeholder = false;
	c->clone_ts = ev->ts;
	c->flags = (uint32_t)flags;
	if (res > 0) {
		bool thread = flags & PPM_CL_CLONE_THREAD;
		c->pid = thread ? caller->pid : child_tid;
		c->ptid = thread ? caller->ptid : caller->pid;
	} else {
		c->pid = pid >= 0 ? pid : ev->tid;
		c->ptid = ptid;
	}
	set_str_param(ev, SP_EXE, &c->exe);
	set_list_param(ev, SP_ARGS, &c->args, &c->args_len);
	set_comm_param(ev, c);
	set_cgroups_param(ev, c);
	const char *cwd;
	size_t len;
	if (param_str(ev, SP_CWD, &cwd, &len) && len)
		thread_set_cwd(c, cwd, len);
	if (param_int(ev, SP_FDLIMIT, &v))
		c->fdlimit = (uint64_t)v;
	set_u32_param(ev, SP_UID, &c->uid);
	set_u32_param(ev, SP_GID, &c->gid);
	set_vm_params(ev, c);
	if (res == 0) {
		if (param_int(ev, SP_VTID, &v))
			c->vtid = v;
		if (param_int(ev, SP_VPID, &v))
			c->vpid = v;
	} else {
		c->vtid = child_tid;
		c->vpid = c->pid;
	}
	if (parent && parent != c) {
		c->sid = parent->sid;
		c->vpgid = parent->vpgid;
		c->loginuid = parent->loginuid;
		thread_set_str(&c->exepath, parent->exepath, strlen(parent->exepath));
		thread_set_list(&c->env, &c->env_len, parent->env ? parent->env : "", parent->env_len);
	}
	if (!(c->flags & PPM_CL_CLONE_FILES) && !c->fdt && parent && parent != c)
		c->fdt = fd_table_copy(state_thread_fds(st, parent));
}

static void parse_procexit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)ctx;
	st->exit_pending = true;
	st->exit_tid = ev->tid;
}

/* set*id: on success the thread takes the id from the call's arguments
 * (-1 in setres*id means "unchanged"). */
static void take_id(const struct event *ev, struct evt_ctx *ctx, enum state_param param,
		    uint32_t *dst)
{
	int64_t v;
	if (exit_result(ev) == 0 && arg_int(ev, ctx, param, &v) && (uint32_t)v != UINT32_MAX)
		*dst = (uint32_t)v;
}

static void parse_setuid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, SP_UID, &ctx->thread->uid);
}

static void parse_setgid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, SP_GID, &ctx->thread->gid);
}

static void parse_setresuid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, SP_EUID, &ctx->thread->uid);
}

static void parse_setresgid_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	take_id(ev, ctx, SP_EGID, &ctx->thread->gid);
}

static void parse_vm_exit(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	set_vm_params(ev, ctx->thread);
}

/* sysdig 0.29.3 gives a context switch's page faults to the thread and
 * its memory sizes to the thread's main thread (an mmap's stay with the
 * thread that made it). */
static void parse_switch(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	struct thread *t = ctx->thread;
	/* The slice that ends here: since the CPU's previous switch. */
	if (ev->cpu >= 0 && ev->cpu < STATE_MAX_CPUS) {
		uint64_t *last = &st->last_switch[ev->cpu];
		ctx->exectime = *last && ev->ts >= *last ? ev->ts - *last : 0;
		*last = ev->ts;
		t->totexectime += ctx->exectime;
	}
	struct thread *main = t->pid != t->tid ? state_find_thread(st, t->pid) : NULL;
	set_mem_params(ev, main ? main : t);
	set_pf_params(ev, t);
}

/* procinfo: CPU ticks (1/100 s) the thread has used, user and system;
 * what they grew by since the thread's previous procinfo is its CPU
 * percentage over that second, capped at 100.  No previous reading: 0. */
static double cpu_delta(uint64_t now, uint64_t last)
{
	if (!last)
		return 0;
	double d = (double)(now - last);
	return d > 100 ? 100 : d;
}

static void parse_procinfo(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	(void)st;
	if (ev->nparams < 2)
		return;
	struct thread *t = ctx->thread;
	uint64_t user = event_param_uint(ev, 0), sys = event_param_uint(ev, 1);
	t->cpu_d_user = cpu_delta(user, t->cpu_user);
	t->cpu_d_sys = cpu_delta(sys, t->cpu_sys);
	t->cpu_d_tot = cpu_delta(user + sys, t->cpu_user + t->cpu_sys);
	t->cpu_user = user;
	t->cpu_sys = sys;
}

/* Container metadata: into the table; the event itself is then the
 * container's, as sysdig shows it ("container:ID", tid -1). */
static void parse_container(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	const struct container *c = container_table_add_event(st->containers, ev);
	if (!c)
		return;
	struct thread *t = &st->container_thread;
	char name[96];
	int n = snprintf(name, sizeof name, "container:%.64s", c->id);
	thread_set_comm(t, name, (size_t)n);
	thread_set_str(&t->exe, name, (size_t)n);
	t->tid = t->pid = -1;
	t->vtid = t->vpid = -2;
	t->ptid = -1;
	snprintf(t->container_id, sizeof t->container_id, "%.12s", c->id);
	ctx->thread = t;
}

/* ---- dispatch --------------------------------------------------------- */

static const struct parser_row {
	const char *name; /* evt.type */
	bool enter;
	event_parser parse;
} parser_rows[] = {
	{ "container", true, parse_container },
	{ "open", false, parse_open_exit },
	{ "openat", false, parse_open_exit },
	{ "openat2", false, parse_open_exit },
	{ "creat", false, parse_open_exit },
	{ "close", false, parse_close_exit },
	{ "socket", false, net_parse_socket_exit },
	{ "bind", false, net_parse_bind_exit },
	{ "connect", true, net_parse_connect_enter },
	{ "connect", false, net_parse_connect_exit },
	{ "accept", false, net_parse_accept_exit },
	{ "sendto", true, net_parse_sendto_enter },
	{ "sendto", false, net_parse_send_exit },
	{ "sendmsg", false, net_parse_send_exit },
	{ "recvfrom", false, net_parse_recv_exit },
	{ "recvmsg", false, net_parse_recv_exit },
	{ "pipe", false, parse_pipe_exit },
	{ "socketpair", false, net_parse_socketpair_exit },
	{ "getsockopt", false, parse_own_fd_exit },
	{ "setsid", false, parse_setsid_exit },
	{ "copy_file_range", false, parse_own_fd_exit },
	{ "eventfd", false, parse_eventfd_exit },
	{ "signalfd", false, parse_signalfd_exit },
	{ "timerfd_create", false, parse_timerfd_exit },
	{ "inotify_init", false, parse_inotify_exit },
	{ "dup", false, parse_dup_exit },
	{ "fcntl", false, parse_fcntl_exit },
	{ "chdir", false, parse_chdir_exit },
	{ "fchdir", false, parse_fchdir_exit },
	{ "execve", false, parse_execve_exit },
	{ "execveat", false, parse_execve_exit },
	{ "clone", false, parse_clone_exit },
	{ "clone3", false, parse_clone_exit },
	{ "fork", false, parse_clone_exit },
	{ "vfork", false, parse_clone_exit },
	{ "procexit", true, parse_procexit },
	{ "setuid", false, parse_setuid_exit },
	{ "setgid", false, parse_setgid_exit },
	{ "setresuid", false, parse_setresuid_exit },
	{ "setresgid", false, parse_setresgid_exit },
	{ "brk", false, parse_vm_exit },
	{ "mmap", false, parse_vm_exit },
	{ "mmap2", false, parse_vm_exit },
	{ "munmap", false, parse_vm_exit },
	{ "switch", true, parse_switch },
	{ "procinfo", true, parse_procinfo },
};

void state_install_parsers(struct state *st)
{
	for (unsigned type = 0; type < EVENT_TYPE_MAX; type++) {
		const struct event_info *info = &event_table[type];
		st->fd_param[type] = -1;
		for (unsigned i = 0; i < info->nparams_all; i++)
			if (strcmp(info->params[i].name, "fd") == 0 &&
			    (info->params[i].type == PT_FD || info->params[i].type == PT_FD32))
				st->fd_param[type] = (int8_t)i;
		/* Calls on two fds: sysdig 0.29.3 takes splice's fd_out and
		 * copy_file_range's fdin (its exit names fdout itself). */
		for (unsigned i = 0; st->fd_param[type] < 0 && (info->flags & EF_USES_FD) &&
				     i < info->nparams_all; i++)
			if (strcmp(info->params[i].name, "fd_out") == 0 ||
			    strcmp(info->params[i].name, "fdin") == 0)
				st->fd_param[type] = (int8_t)i;
		for (size_t i = 0; i < sizeof parser_rows / sizeof parser_rows[0]; i++) {
			const struct parser_row *row = &parser_rows[i];
			if (row->enter == event_is_enter((uint16_t)type) && info->name &&
			    strcmp(row->name, info->name) == 0)
				st->parsers[type] = row->parse;
		}
	}
}

/* The parsers that keep nothing but memory sizes and page faults. */
static const event_parser memory_parsers[] = { parse_vm_exit, parse_switch };

void state_skip_memory(struct state *st)
{
	for (unsigned type = 0; type < EVENT_TYPE_MAX; type++)
		for (size_t i = 0; i < sizeof memory_parsers / sizeof memory_parsers[0]; i++)
			if (st->parsers[type] == memory_parsers[i])
				st->parsers[type] = NULL;
}

bool state_parses_type(const struct state *st, uint16_t type)
{
	return type < EVENT_TYPE_MAX && st->parsers[type];
}

/* ---- the per-event entry point ---------------------------------------- */

static void flush_pending(struct state *st)
{
	if (st->close_pending) {
		struct thread *t = state_find_thread(st, st->close_tid);
		if (t)
			fd_table_remove(state_thread_fds(st, t), st->close_fd);
		st->close_pending = false;
	}
	if (st->exit_pending) {
		state_thread_remove(st, st->exit_tid);
		st->exit_pending = false;
	}
}

/* The header fields of an enter event kept for its exit.  A skimmed enter
 * (no parameters) is kept only for its type and time: its exit is skimmed
 * too (the pair is skimmed or parsed as one), so only the latency will
 * ever look at it. */
static void store_enter_header(struct thread *t, const struct event *ev)
{
	struct event *e = &t->enter_ev;
	e->ts = ev->ts;
	e->tid = ev->tid;
	e->type = ev->type;
	e->cpu = ev->cpu;
	e->dump_flags = ev->dump_flags;
	e->num = ev->num;
	e->info = ev->info;
	e->nparams = 0;
	e->record = NULL;
	e->record_len = 0;
	e->v1_header = ev->v1_header;
	e->skimmed = true;
	t->has_enter = true;
}

/* Keep a copy of an enter event for its exit: the record, and the parsed
 * view with its parameter pointers moved onto the copy, so the exit needs
 * no second parse. */
static void store_enter(struct thread *t, const struct event *ev)
{
	if (t->enter_cap < ev->record_len) {
		uint8_t *p = realloc(t->enter_rec, ev->record_len);
		if (!p) {
			t->has_enter = false;
			return;
		}
		t->enter_rec = p;
		t->enter_cap = ev->record_len;
	}
	memcpy(t->enter_rec, ev->record, ev->record_len);
	store_enter_header(t, ev);
	struct event *e = &t->enter_ev;
	e->skimmed = false;
	e->nparams = ev->nparams;
	e->record = t->enter_rec;
	e->record_len = ev->record_len;
	for (uint32_t i = 0; i < ev->nparams; i++) {
		e->param[i] = t->enter_rec + (ev->param[i] - ev->record);
		e->param_len[i] = ev->param_len[i];
	}
}

/* The enter event stored for this exit, if it is the matching one. */
static void match_enter(struct thread *t, const struct event *ev, struct evt_ctx *ctx)
{
	if (!t->has_enter || t->enter_ev.type + 1 != ev->type)
		return;
	ctx->enter = &t->enter_ev;
	ctx->latency = ev->ts >= t->enter_ev.ts ? ev->ts - t->enter_ev.ts : 0;
}

static bool has_exit_event(uint16_t type)
{
	const struct event_info *x = event_info_of((uint16_t)(type + 1));
	return x && !(x->flags & EF_UNUSED);
}

void state_process_event(struct state *st, const struct event *ev, struct evt_ctx *ctx)
{
	flush_pending(st);
	if (!st->seen_event) {
		st->seen_event = true;
		st->first_ts = ev->ts;
	}
	if (!st->fixed_sockets) {
		st->fixed_sockets = true;
		state_fix_proc_sockets(st);
	}
	/* sysdig measures evt.deltatime from the previous event it shows
	 * the user: internal records (procinfo...) do not count. */
	ctx->deltatime = st->has_last_ts && ev->ts >= st->last_ts ? ev->ts - st->last_ts : 0;
	if (!ev->info || !(ev->info->category & EC_INTERNAL)) {
		st->last_ts = ev->ts;
		st->has_last_ts = true;
	}
	/* sinsp looks a procinfo's thread up but makes none: the CPU of a
	 * thread it does not know goes to nobody. */
	if (ev->type == EVT_PROCINFO_E && !state_find_thread(st, ev->tid)) {
		struct thread *t = &st->absent_thread;
		/* shown (-D) as a thread known only from its events */
		if (!t->absent) {
			t->absent = t->placeholder = t->cwd_unknown = true;
			thread_set_comm(t, "", 0);
			t->vtid = t->vpid = t->sid = t->vpgid = t->ptid = -1;
		}
		t->tid = t->pid = ev->tid;
		ctx->thread = t;
		ctx->fd = NULL;
		ctx->fd_num = -1;
		ctx->enter = NULL;
		ctx->latency = 0;
		return;
	}
	ctx->thread = state_get_thread(st, ev->tid);
	ctx->fd = NULL;
	ctx->fd_num = -1;
	ctx->enter = NULL;
	ctx->latency = 0;
	if (!ctx->thread) {
		ctx->thread = &st->oom_thread; /* out of memory: keep going without state */
		return;
	}
	bool enter = event_is_enter(ev->type);
	if (!enter) {
		match_enter(ctx->thread, ev, ctx);
		ctx->thread->latency = ctx->latency;
	} else if (!ev->info || !(ev->info->category & EC_SCHEDULER)) {
		/* an enter, a thread's end or a signal has no latency, even
		 * inside a call: only a switch repeats the last one */
		ctx->thread->latency = 0;
	}
	if (ev->skimmed) {
		if (enter && has_exit_event(ev->type))
			store_enter_header(ctx->thread, ev);
		return;
	}
	event_parser parse = st->parsers[ev->type];
	if (parse)
		parse(st, ev, ctx);
	if (ctx->fd_num < 0) {
		/* The fd the event is about: as in sysdig 0.29.3, the enter
		 * event's "fd" argument when the call has an enter event (none
		 * for setsockopt, whose exit alone names it), else its own. */
		int i;
		if (ctx->enter) {
			i = st->fd_param[ctx->enter->type];
			if (i >= 0 && (uint32_t)i < ctx->enter->nparams)
				set_ctx_fd(st, ctx, event_param_int(ctx->enter, (unsigned)i));
		} else if ((i = st->fd_param[ev->type]) >= 0 && (uint32_t)i < ev->nparams) {
			set_ctx_fd(st, ctx, event_param_int(ev, (unsigned)i));
		} else if (!enter && ev->info && (ev->info->flags & EF_USES_FD)) {
			set_ctx_fd(st, ctx, ctx->thread->last_fd);
		}
	}
	if (ctx->fd_num >= 0)
		ctx->thread->last_fd = ctx->fd_num;
	if (enter && has_exit_event(ev->type) && ev->record)
		store_enter(ctx->thread, ev);
}
