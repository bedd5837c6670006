/* The state's metadata, handed to a sink in the order trace files store
 * it: what the reader's sink put in, given back out, so that a file
 * written from a state reads back into the same state.  Everything is
 * sorted by id, which makes the output of a given state always the same. */
#include <stdlib.h>
#include <string.h>

#include "state_internal.h"

static int by_key(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The keys of a map, sorted; NULL when the map is empty or memory is short
 * (the caller then walks the map in its own order). */
static int64_t *sorted_keys(const struct int_map *m, size_t *n)
{
	*n = 0;
	int64_t *keys = m->count ? malloc(m->count * sizeof *keys) : NULL;
	if (!keys)
		return NULL;
	for (size_t i = 0; i < m->cap && *n < m->count; i++)
		if (m->vals[i])
			keys[(*n)++] = m->keys[i];
	qsort(keys, *n, sizeof *keys, by_key);
	return keys;
}

/* Call fn on every value of m, by increasing key. */
static void walk_sorted(const struct int_map *m, void (*fn)(void *arg, void *val), void *arg)
{
	size_t n;
	int64_t *keys = sorted_keys(m, &n);
	if (keys) {
		for (size_t i = 0; i < n; i++)
			fn(arg, int_map_get(m, keys[i]));
		free(keys);
		return;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->vals[i])
			fn(arg, m->vals[i]);
}

struct export_ctx {
	struct state *st;
	const struct scap_sink *sink;
	int64_t tid; /* whose fds are being exported */
	const struct export_filter *only;
	struct int_map listed; /* with only: the pids of the processes listed */
};

static struct str_ref ref(const char *s) { return (struct str_ref){ s, (uint32_t)strlen(s) }; }
static struct str_ref ref_list(const char *s, uint32_t len)
{
	return (struct str_ref){ s ? s : "", s ? len : 0 };
}

static void export_user(void *arg, void *val)
{
	struct export_ctx *x = arg;
	const struct id_name *u = val;
	struct user_info ui = { .uid = u->id, .gid = u->gid, .name = ref(u->name),
				.home = ref(u->home ? u->home : ""),
				.shell = ref(u->shell ? u->shell : "") };
	x->sink->user(x->sink->ctx, &ui);
}

static void export_group(void *arg, void *val)
{
	struct export_ctx *x = arg;
	const struct id_name *g = val;
	struct group_info gi = { .gid = g->id, .name = ref(g->name) };
	x->sink->group(x->sink->ctx, &gi);
}

/* Threads known only from their events have no process list entry to give;
 * readers make the same placeholder again from the events. */
static bool known(const struct thread *t) { return t && !t->placeholder; }

static bool exported(const struct export_ctx *x, const struct thread *t)
{
	return known(t) && (!x->only || int_map_get(&x->listed, t->pid));
}

/* A process is listed whole when the filter keeps one of its threads. */
static void pick_process(void *arg, void *val)
{
	struct export_ctx *x = arg;
	struct thread *t = val;
	if (known(t) && !int_map_get(&x->listed, t->pid) && x->only->keep(x->only->arg, t))
		/* out of memory: the process is left out, never listed unasked */
		(void)int_map_put(&x->listed, t->pid, t);
}

/* A thread that shares its process's fd table has no list of its own. */
static bool shares_fds(const struct thread *t)
{
	return (t->flags & PPM_CL_CLONE_FILES) && t->pid != t->tid;
}

static void export_thread(void *arg, void *val)
{
	struct export_ctx *x = arg;
	const struct thread *t = val;
	if (!exported(x, t))
		return;
	struct proc_info pi = {
		.tid = t->tid, .pid = t->pid, .ptid = t->ptid, .sid = t->sid,
		.vpgid = t->vpgid, .vtid = t->vtid, .vpid = t->vpid,
		.comm = ref(t->comm), .exe = ref(t->exe), .exepath = ref(t->exepath),
		.args = ref_list(t->args, t->args_len), .cwd = ref(t->cwd),
		.env = ref_list(t->env, t->env_len),
		.cgroups = ref_list(t->cgroups, t->cgroups_len), .root = ref(t->root),
		.fdlimit = t->fdlimit, .flags = t->flags, .uid = t->uid, .gid = t->gid,
		.vmsize_kb = t->vmsize_kb, .vmrss_kb = t->vmrss_kb, .vmswap_kb = t->vmswap_kb,
		.pfmajor = t->pfmajor, .pfminor = t->pfminor,
		.loginuid = t->loginuid, .exe_writable = 0,
	};
	x->sink->thread(x->sink->ctx, &pi);
}

static void export_fd(void *arg, void *val)
{
	struct export_ctx *x = arg;
	const struct fd_entry *e = val;
	struct fd_info fi;
	memset(&fi, 0, sizeof fi);
	fi.fd = e->fd;
	fi.ino = e->ino;
	/* The state keeps files without telling FILE from FILE_V2; FILE_V2
	 * carries everything either had. */
	fi.type = e->type == SCAP_FD_FILE ? SCAP_FD_FILE_V2 : e->type;
	fi.l4proto = e->l4proto;
	memcpy(fi.sip, e->sip, sizeof fi.sip);
	memcpy(fi.dip, e->dip, sizeof fi.dip);
	fi.sport = e->sport;
	fi.dport = e->dport;
	fi.unix_src = e->unix_src;
	fi.unix_dst = e->unix_dst;
	fi.open_flags = e->open_flags;
	fi.dev = e->dev;
	fi.name = ref(e->name);
	x->sink->fd(x->sink->ctx, x->tid, &fi);
}

static void export_thread_fds(void *arg, void *val)
{
	struct export_ctx *x = arg;
	const struct thread *t = val;
	if (!exported(x, t) || shares_fds(t) || !t->fdt)
		return;
	x->tid = t->tid;
	walk_sorted(&t->fdt->fds, export_fd, x);
}

/* The interface list keeps what sinsp uses of it: IPv4 addresses with their
 * masks, IPv6 addresses.  Broadcast addresses follow from the former; names
 * and link speeds are not kept, and no reader looks at them. */
static void export_ifaces(const struct iface_list *l, const struct scap_sink *sink)
{
	for (size_t i = 0; i < l->n4; i++) {
		struct iface_info ii;
		memset(&ii, 0, sizeof ii);
		ii.type = 1; /* IPv4; link speed 0 */
		memcpy(ii.addr, l->v4[i].addr, 4);
		memcpy(ii.netmask, l->v4[i].mask, 4);
		for (int k = 0; k < 4; k++)
			ii.bcast[k] = (uint8_t)(l->v4[i].addr[k] | ~l->v4[i].mask[k]);
		ii.name = ref("");
		sink->iface(sink->ctx, &ii);
	}
	for (size_t i = 0; i < l->n6; i++) {
		struct iface_info ii;
		memset(&ii, 0, sizeof ii);
		ii.type = 2; /* IPv6; link speed 0 */
		memcpy(ii.addr, l->v6[i].addr, 16);
		ii.name = ref("");
		sink->iface(sink->ctx, &ii);
	}
}

void state_export(struct state *st, const struct scap_sink *sink,
		  const struct export_filter *only)
{
	struct export_ctx x = { .st = st, .sink = sink, .only = only };
	if (only)
		walk_sorted(&st->threads, pick_process, &x);
	if (st->has_machine && sink->machine)
		sink->machine(sink->ctx, &st->machine);
	if (sink->iface)
		export_ifaces(&st->ifaces, sink);
	if (sink->user)
		walk_sorted(&st->users, export_user, &x);
	if (sink->group)
		walk_sorted(&st->groups, export_group, &x);
	if (sink->thread)
		walk_sorted(&st->threads, export_thread, &x);
	if (sink->fd)
		walk_sorted(&st->threads, export_thread_fds, &x);
	/* Containers go in as the events that described them, as sysdig's
	 * writer puts its container table at the start of a file. */
	const struct container *k;
	for (size_t i = 0; sink->meta_event && (k = container_table_at(st->containers, i)); i++)
		sink->meta_event(sink->ctx, k->record, k->record_len, k->record_v1);
	int_map_free(&x.listed);
}
