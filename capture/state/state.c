/* Thread, fd, user and group tables, and the sink that seeds them from a
 * trace file's metadata blocks. */
#include <stdlib.h>
#include <string.h>

#include "state_internal.h"

/* ---- strings ---------------------------------------------------------- */

void thread_set_str(char **dst, const char *src, size_t len)
{
	char *s = malloc(len + 1);
	if (!s)
		return; /* keep the old value rather than lose the thread */
	if (len)
		memcpy(s, src, len);
	s[len] = '\0';
	/* Values from a trace may hold a NUL; the C string ends there. */
	free(*dst);
	*dst = s;
}

void thread_set_list(char **dst, uint32_t *dst_len, const char *src, size_t len)
{
	char *s = malloc(len + 1);
	if (!s)
		return;
	if (len)
		memcpy(s, src, len);
	s[len] = '\0';
	free(*dst);
	*dst = s;
	*dst_len = (uint32_t)len;
}

/* Cgroup v2 calls the block I/O controller "io"; sysdig keeps the v1 name
 * "blkio" for it, so thread.cgroups and thread.cgroup.blkio read the same
 * on either kind of host. */
static bool io_entry_at(const char *src, size_t len, size_t i)
{
	return (i == 0 || src[i - 1] == '\0') && i + 3 <= len && memcmp(src + i, "io=", 3) == 0;
}

void thread_set_cgroups(struct thread *t, const char *src, size_t len)
{
	size_t renamed = 0;
	for (size_t i = 0; i < len; i++)
		renamed += io_entry_at(src, len, i);
	char *s = malloc(len + 3 * renamed + 1);
	if (!s)
		return;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (io_entry_at(src, len, i)) {
			memcpy(s + n, "blk", 3);
			n += 3;
		}
		s[n++] = src[i];
	}
	s[n] = '\0';
	free(t->cgroups);
	t->cgroups = s;
	t->cgroups_len = (uint32_t)n;
	/* Looked up once here, not by every container.* field of every event */
	const char *id = container_id_in_cgroups(s, n);
	t->container_id[0] = '\0';
	if (id) {
		memcpy(t->container_id, id, 12);
		t->container_id[12] = '\0';
	}
}

void thread_set_comm(struct thread *t, const char *src, size_t len)
{
	/* One counter for all states: a generation is never reused, even by
	 * a new thread at a freed thread's address. */
	static uint64_t comm_generations;
	thread_set_str(&t->comm, src, len);
	t->comm_gen = ++comm_generations;
}

/* sysdig keeps every cwd with a trailing slash. */
void thread_set_cwd(struct thread *t, const char *src, size_t len)
{
	size_t n = src ? strnlen(src, len) : 0;
	char *s = malloc(n + 2);
	if (!s)
		return;
	if (n)
		memcpy(s, src, n);
	if (n == 0 || s[n - 1] != '/')
		s[n++] = '/';
	s[n] = '\0';
	free(t->cwd);
	t->cwd = s;
	t->cwd_unknown = false;
}

/* ---- fd tables -------------------------------------------------------- */

struct fd_table *fd_table_new(void)
{
	struct fd_table *fdt = calloc(1, sizeof *fdt);
	if (fdt)
		fdt->refs = 1;
	return fdt;
}

static void fd_entry_free(struct fd_entry *e)
{
	if (!e)
		return;
	if (e->name != e->name_inline)
		free(e->name);
	free(e);
}

struct fd_table *fd_table_copy(const struct fd_table *src)
{
	struct fd_table *fdt = fd_table_new();
	if (!fdt || !src)
		return fdt;
	for (size_t i = 0; i < src->fds.cap; i++) {
		const struct fd_entry *e = src->fds.vals[i];
		if (!e)
			continue;
		struct fd_entry *c = fd_table_add(fdt, e->fd);
		if (!c)
			continue;
		/* Everything, a socket's role and raw union included, as sinsp
		 * copies a parent's fds into a child. */
		char *name = c->name;
		*c = *e;
		c->name = name;
		fd_entry_set_name(c, e->name, strlen(e->name));
	}
	return fdt;
}

void fd_table_unref(struct fd_table *fdt)
{
	if (!fdt || --fdt->refs)
		return;
	for (size_t i = 0; i < fdt->fds.cap; i++)
		fd_entry_free(fdt->fds.vals[i]);
	int_map_free(&fdt->fds);
	free(fdt);
}

struct fd_entry *fd_table_find(struct fd_table *fdt, int64_t fd)
{
	return fdt ? int_map_get(&fdt->fds, fd) : NULL;
}

struct fd_entry *fd_table_add(struct fd_table *fdt, int64_t fd)
{
	if (!fdt)
		return NULL;
	struct fd_entry *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->name = e->name_inline; /* "" */
	struct fd_entry *old = int_map_get(&fdt->fds, fd);
	if (!int_map_put(&fdt->fds, fd, e)) {
		fd_entry_free(e);
		return NULL;
	}
	fd_entry_free(old); /* an fd reused without a close we saw */
	e->fd = fd;
	return e;
}

void fd_table_remove(struct fd_table *fdt, int64_t fd)
{
	if (fdt)
		fd_entry_free(int_map_del(&fdt->fds, fd));
}

void fd_entry_set_name(struct fd_entry *e, const char *name, size_t len)
{
	/* name may be e's own (either buffer): copy first, free after. */
	char *old = e->name != e->name_inline ? e->name : NULL;
	char *s = len < FD_NAME_INLINE ? e->name_inline : malloc(len + 1);
	if (!s)
		return;
	if (len)
		memmove(s, name, len);
	s[len] = '\0';
	e->name = s;
	if (old != s)
		free(old);
}

/* ---- threads ---------------------------------------------------------- */

static void thread_free(struct thread *t)
{
	if (!t)
		return;
	free(t->comm);
	free(t->exe);
	free(t->exepath);
	free(t->cwd);
	free(t->root);
	free(t->args);
	free(t->env);
	free(t->cgroups);
	free(t->enter_rec);
	fd_table_unref(t->fdt);
	free(t);
}

struct thread *state_thread_new(struct state *st, int64_t tid)
{
	struct thread *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->tid = t->pid = t->vtid = t->vpid = tid;
	t->ptid = -1;
	t->loginuid = UINT32_MAX;
	t->uid = t->gid = UINT32_MAX;
	thread_set_comm(t, "", 0);
	thread_set_str(&t->exe, "", 0);
	thread_set_str(&t->exepath, "", 0);
	thread_set_str(&t->root, "/", 1);
	thread_set_cwd(t, "/", 1);
	if (!t->comm || !t->exe || !t->exepath || !t->root || !t->cwd) {
		thread_free(t);
		return NULL;
	}
	struct thread *old = int_map_get(&st->threads, tid);
	if (!int_map_put(&st->threads, tid, t)) {
		thread_free(t);
		return NULL;
	}
	thread_free(old);
	st->recent = t;
	return t;
}

/* Events come in runs from one thread: the last thread found is checked
 * before the table.  Every path that frees a thread resets it. */
struct thread *state_find_thread(struct state *st, int64_t tid)
{
	if (st->recent && st->recent->tid == tid)
		return st->recent;
	struct thread *t = int_map_get(&st->threads, tid);
	if (t)
		st->recent = t;
	return t;
}

struct thread *state_get_thread(struct state *st, int64_t tid)
{
	struct thread *t = state_find_thread(st, tid);
	if (t)
		return t;
	t = state_thread_new(st, tid);
	if (t) {
		/* sinsp knows none of its ids either: -1 until a clone or the
		 * process list says (thread.vtid, proc.sid, ...) */
		t->placeholder = true;
		t->cwd_unknown = true;
		t->vtid = t->vpid = t->sid = t->vpgid = -1;
	}
	return t;
}

void state_thread_remove(struct state *st, int64_t tid)
{
	st->recent = NULL;
	thread_free(int_map_del(&st->threads, tid));
}

/* A thread that shares its files uses its main thread's table, as sinsp
 * does; every other thread has its own. */
struct fd_table *state_thread_fds(struct state *st, struct thread *t)
{
	if (!t)
		return NULL;
	if ((t->flags & PPM_CL_CLONE_FILES) && t->pid != t->tid) {
		struct thread *main = state_get_thread(st, t->pid);
		if (main && main != t)
			return state_thread_fds(st, main);
	}
	if (!t->fdt)
		t->fdt = fd_table_new();
	return t->fdt;
}

/* ---- users and groups ------------------------------------------------- */

static void id_name_free(struct id_name *n)
{
	if (!n)
		return;
	free(n->name);
	free(n->home);
	free(n->shell);
	free(n);
}

static struct id_name *id_map_put(struct int_map *m, uint32_t id, struct str_ref name)
{
	struct id_name *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->id = id;
	thread_set_str(&n->name, name.ptr, name.len);
	struct id_name *old = int_map_get(m, id);
	if (!n->name || !int_map_put(m, id, n)) {
		id_name_free(n);
		return NULL;
	}
	id_name_free(old);
	return n;
}

static void id_map_clear(struct int_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		id_name_free(m->vals[i]);
	int_map_free(m);
}

const char *state_user_name(const struct state *st, uint32_t uid)
{
	const struct id_name *n = int_map_get(&st->users, uid);
	return n ? n->name : NULL;
}

const char *state_user_home(const struct state *st, uint32_t uid)
{
	const struct id_name *n = int_map_get(&st->users, uid);
	return n ? n->home : NULL;
}

const char *state_user_shell(const struct state *st, uint32_t uid)
{
	const struct id_name *n = int_map_get(&st->users, uid);
	return n ? n->shell : NULL;
}

size_t fd_table_count(const struct fd_table *fdt)
{
	return fdt->fds.count;
}

void state_each_thread(struct state *st, void (*fn)(void *arg, struct thread *t), void *arg)
{
	for (size_t i = 0; i < st->threads.cap; i++)
		if (st->threads.vals[i])
			fn(arg, st->threads.vals[i]);
}

void fd_table_each(struct fd_table *fdt, void (*fn)(void *arg, struct fd_entry *e), void *arg)
{
	for (size_t i = 0; i < fdt->fds.cap; i++)
		if (fdt->fds.vals[i])
			fn(arg, fdt->fds.vals[i]);
}

uint32_t state_process_threads(const struct state *st, int64_t pid)
{
	uint32_t n = 0;
	for (size_t i = 0; i < st->threads.cap; i++) {
		const struct thread *x = st->threads.vals[i];
		if (x && x->pid == pid)
			n++;
	}
	return n;
}

bool state_has_iface_addr(const struct state *st, bool v6, const uint8_t *addr)
{
	const struct iface_list *l = &st->ifaces;
	if (v6) {
		for (size_t i = 0; i < l->n6; i++)
			if (memcmp(l->v6[i].addr, addr, 16) == 0)
				return true;
		return false;
	}
	for (size_t i = 0; i < l->n4; i++)
		if (memcmp(l->v4[i].addr, addr, 4) == 0)
			return true;
	return false;
}

const char *state_group_name(const struct state *st, uint32_t gid)
{
	const struct id_name *n = int_map_get(&st->groups, gid);
	return n ? n->name : NULL;
}

const struct container_table *state_containers(const struct state *st)
{
	return st->containers;
}

const struct container *state_thread_container(const struct state *st, const struct thread *t)
{
	if (!t || !t->container_id[0])
		return NULL;
	return container_table_find(st->containers, t->container_id, strlen(t->container_id));
}

const struct machine_info *state_machine(const struct state *st)
{
	return st->has_machine ? &st->machine : NULL;
}

uint64_t state_first_ts(const struct state *st) { return st->first_ts; }

/* ---- the sink --------------------------------------------------------- */

static void clear_tables(struct state *st)
{
	st->recent = NULL;
	for (size_t i = 0; i < st->threads.cap; i++)
		thread_free(st->threads.vals[i]);
	int_map_free(&st->threads);
	id_map_clear(&st->users);
	id_map_clear(&st->groups);
	if (st->containers)
		container_table_clear(st->containers);
	st->has_machine = false;
	st->fixed_sockets = false;
	st->seen_event = false; /* -t r counts from each section's first event */
	st->close_pending = st->exit_pending = false;
	state_net_reset(st);
}

static void sink_section(void *ctx)
{
	clear_tables(ctx);
}

static void sink_machine(void *ctx, const struct machine_info *mi)
{
	struct state *st = ctx;
	st->machine = *mi;
	st->has_machine = true;
}

static void sink_thread(void *ctx, const struct proc_info *pi)
{
	struct state *st = ctx;
	struct thread *t = state_thread_new(st, pi->tid);
	if (!t)
		return;
	t->pid = pi->pid;
	t->ptid = pi->ptid;
	t->sid = pi->sid;
	t->vpgid = pi->vpgid;
	t->vtid = pi->vtid;
	t->vpid = pi->vpid;
	thread_set_comm(t, pi->comm.ptr, pi->comm.len);
	thread_set_str(&t->exe, pi->exe.ptr, pi->exe.len);
	thread_set_str(&t->exepath, pi->exepath.ptr, pi->exepath.len);
	thread_set_list(&t->args, &t->args_len, pi->args.ptr, pi->args.len);
	thread_set_env(st, t, pi->env.ptr, pi->env.len);
	thread_set_cgroups(t, pi->cgroups.ptr, pi->cgroups.len);
	thread_set_cwd(t, pi->cwd.ptr, pi->cwd.len);
	if (pi->root.len)
		thread_set_str(&t->root, pi->root.ptr, pi->root.len);
	t->fdlimit = pi->fdlimit;
	t->flags = pi->flags;
	t->uid = pi->uid;
	t->gid = pi->gid;
	t->loginuid = pi->loginuid;
	t->vmsize_kb = pi->vmsize_kb;
	t->vmrss_kb = pi->vmrss_kb;
	t->vmswap_kb = pi->vmswap_kb;
	t->pfmajor = pi->pfmajor;
	t->pfminor = pi->pfminor;
}

static void sink_fd(void *ctx, int64_t tid, const struct fd_info *fi)
{
	struct state *st = ctx;
	/* sysdig 0.29.3 refuses fd lists of threads no process list named;
	 * newer readers keep them, and so do we. */
	struct fd_table *fdt = state_thread_fds(st, state_get_thread(st, tid));
	struct fd_entry *e = fd_table_add(fdt, fi->fd);
	if (!e)
		return;
	e->type = fi->type == SCAP_FD_FILE_V2 ? SCAP_FD_FILE : fi->type;
	e->l4proto = fi->l4proto;
	e->ino = fi->ino;
	e->open_flags = fi->open_flags;
	e->dev = fi->dev;
	memcpy(e->sip, fi->sip, sizeof e->sip);
	memcpy(e->dip, fi->dip, sizeof e->dip);
	e->sport = fi->sport;
	e->dport = fi->dport;
	e->unix_src = fi->unix_src;
	e->unix_dst = fi->unix_dst;
	fd_entry_set_name(e, fi->name.ptr, fi->name.len ? strnlen(fi->name.ptr, fi->name.len) : 0);
}

static void sink_user(void *ctx, const struct user_info *ui)
{
	struct state *st = ctx;
	struct id_name *u = id_map_put(&st->users, ui->uid, ui->name);
	if (!u)
		return;
	u->gid = ui->gid;
	thread_set_str(&u->home, ui->home.ptr, ui->home.len);
	thread_set_str(&u->shell, ui->shell.ptr, ui->shell.len);
}

static void sink_group(void *ctx, const struct group_info *gi)
{
	struct state *st = ctx;
	id_map_put(&st->groups, gi->gid, gi->name);
}

static void sink_iface(void *ctx, const struct iface_info *ii)
{
	state_iface_add(ctx, ii);
}

struct scap_sink state_sink(struct state *st)
{
	struct scap_sink s = {
		.ctx = st,
		.section_start = sink_section,
		.machine = sink_machine,
		.thread = sink_thread,
		.fd = sink_fd,
		.user = sink_user,
		.group = sink_group,
		.iface = sink_iface,
	};
	return s;
}

struct state *state_new(void)
{
	struct state *st = calloc(1, sizeof *st);
	if (st && !(st->containers = container_table_new())) {
		free(st);
		return NULL;
	}
	if (st)
		state_install_parsers(st);
	return st;
}

void state_free(struct state *st)
{
	if (!st)
		return;
	clear_tables(st);
	container_table_free(st->containers);
	free(st->container_thread.comm);
	free(st->container_thread.exe);
	free(st->absent_thread.comm);
	free(st);
}
