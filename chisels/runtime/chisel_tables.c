/* sysdig.get_thread_table() and get_container_table(): snapshots of the
 * state as Lua tables, keyed and shaped as sysdig's chisels expect. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "chisel_internal.h"
#include "state.h"

/* The classes a thread-table filter may read: what a table entry (a
 * thread and one of its fds) has, and the event's times. */
static bool table_field(const struct field_desc *d)
{
	static const char *const groups[] = { "process", "user", "group", "container", "fd",
					      "fdlist", "k8s", "mesos" };
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(d->group, groups[i]) == 0)
			return true;
	return strncmp(d->name, "evt.time", 8) == 0 || strncmp(d->name, "evt.rawtime", 11) == 0 ||
	       strcmp(d->name, "evt.datetime") == 0 || strcmp(d->name, "evt.reltime") == 0;
}

/* sysdig matches table entries as read exits (PPME_SYSCALL_READ_X). */
#define TABLE_EVENT_TYPE 7

struct ttable {
	lua_State *L;
	struct chisel *c;
	struct state *st;
	struct filter *flt;
	bool fds, barebone;
	struct thread *t;
	bool matched;
	struct field_ref fd_type, fd_l4proto; /* read through the registry */
};

/* A table entry (a thread on one of its fds) as an event: sysdig matches
 * and reads entries as read exits of the thread on that fd. */
static void entry_event(const struct ttable *x, struct fd_entry *e, struct event *ev,
			struct evt_ctx *ctx)
{
	*ev = (struct event){ .tid = x->t->tid, .type = TABLE_EVENT_TYPE, .cpu = 0,
			      .ts = x->c->set->last_ts };
	ev->info = event_info_of(ev->type);
	*ctx = (struct evt_ctx){ .thread = x->t, .fd = e, .fd_num = e->fd };
}

static bool entry_match(struct ttable *x, struct fd_entry *e)
{
	if (!x->flt)
		return true;
	struct event ev;
	struct evt_ctx ctx;
	entry_event(x, e, &ev, &ctx);
	return filter_match(x->flt, &ev, &ctx, x->st);
}

static void find_match(void *arg, struct fd_entry *e)
{
	struct ttable *x = arg;
	if (!x->matched && entry_match(x, e))
		x->matched = true;
}

static void set_str(lua_State *L, const char *key, const char *v)
{
	lua_pushstring(L, v ? v : "");
	lua_setfield(L, -2, key);
}

static void set_num(lua_State *L, const char *key, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, key);
}

static void set_ip(lua_State *L, const char *key, bool v6, const uint8_t *addr)
{
	char buf[INET6_ADDRSTRLEN];
	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, addr, buf, sizeof buf))
		strcpy(buf, "<NA>");
	set_str(L, key, buf);
}

/* A connected socket's client is its source end; a listening one has
 * only the address it serves. */
static void push_sock(lua_State *L, const struct fd_entry *e)
{
	bool v6 = e->type == SCAP_FD_IPV6_SOCK || e->type == SCAP_FD_IPV6_SERVSOCK;
	bool serv = e->type == SCAP_FD_IPV4_SERVSOCK || e->type == SCAP_FD_IPV6_SERVSOCK;
	if (serv) {
		set_ip(L, "sip", v6, e->sip);
		set_num(L, "sport", e->sport);
	} else {
		set_ip(L, "cip", v6, e->sip);
		set_ip(L, "sip", v6, e->dip);
		set_num(L, "cport", e->sport);
		set_num(L, "sport", e->dport);
	}
	lua_pushboolean(L, serv || (e->role & FD_ROLE_SERVER));
	lua_setfield(L, -2, "is_server");
}

/* An fd's name with what is not printable ASCII taken out, as sysdig's
 * table gives it (a unix socket's name may carry a newline). */
static void set_clean_name(lua_State *L, const char *name)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (const char *p = name ? name : ""; *p; p++)
		if (*p >= 0x20 && *p < 0x7f)
			luaL_addchar(&b, *p);
	luaL_pushresult(&b);
	lua_setfield(L, -2, "name");
}

/* A text field of the entry (the thread on that fd) into key, "<NA>"
 * when it has none. */
static void set_entry_field(struct ttable *x, struct fd_entry *e, const struct field_ref *ref,
			    const char *key)
{
	struct event ev;
	struct evt_ctx ctx;
	entry_event(x, e, &ev, &ctx);
	struct field_value v;
	if (ref->desc && field_extract(ref, &ev, &ctx, x->st, &v))
		lua_pushlstring(x->L, v.str.ptr, v.str.len);
	else
		lua_pushstring(x->L, "<NA>");
	lua_setfield(x->L, -2, key);
}

static void push_fd(void *arg, struct fd_entry *e)
{
	struct ttable *x = arg;
	lua_State *L = x->L;
	if (!entry_match(x, e))
		return;
	lua_newtable(L);
	if (!x->barebone) {
		set_clean_name(L, e->name);
		set_entry_field(x, e, &x->fd_type, "type");
	}
	if (e->type == SCAP_FD_IPV4_SOCK || e->type == SCAP_FD_IPV6_SOCK ||
	    e->type == SCAP_FD_IPV4_SERVSOCK || e->type == SCAP_FD_IPV6_SERVSOCK) {
		push_sock(L, e);
		set_entry_field(x, e, &x->fd_l4proto, "l4proto");
	}
	lua_rawseti(L, -2, (int)(uint32_t)e->fd);
}

/* A NUL-separated list as an array of strings. */
static void set_list(lua_State *L, const char *key, const char *list, uint32_t len)
{
	lua_newtable(L);
	int i = 1;
	for (uint32_t off = 0; list && off < len; i++) {
		size_t n = strnlen(list + off, len - off);
		lua_pushlstring(L, list + off, n);
		lua_rawseti(L, -2, i);
		off += (uint32_t)n + 1;
	}
	lua_setfield(L, -2, key);
}

static void push_thread_fields(struct ttable *x, struct thread *t)
{
	lua_State *L = x->L;
	set_num(L, "ptid", (uint32_t)t->ptid);
	/* a thread known only from its events has sinsp's placeholder
	 * values: no name, an fd limit of -1 */
	bool ph = t->placeholder;
	set_str(L, "comm", ph && (!t->comm || !t->comm[0]) ? "<NA>" : t->comm);
	set_str(L, "exe", ph || !t->exe ? "<NA>" : t->exe);
	set_num(L, "flags", t->flags);
	set_num(L, "fdlimit", ph ? 4294967295.0 : (uint32_t)t->fdlimit);
	set_num(L, "uid", t->uid);
	set_num(L, "gid", t->gid);
	uint32_t nthreads = t->tid == t->pid ? state_process_threads(x->st, t->pid) : 0;
	set_num(L, "nchilds", nthreads ? nthreads - 1 : 0);
	set_num(L, "vmsize_kb", t->vmsize_kb);
	set_num(L, "vmrss_kb", t->vmrss_kb);
	set_num(L, "vmswap_kb", t->vmswap_kb);
	set_num(L, "pfmajor", (uint32_t)t->pfmajor);
	set_num(L, "pfminor", (uint32_t)t->pfminor);
	char ts[24];
	snprintf(ts, sizeof ts, "%" PRIu64, t->clone_ts);
	set_str(L, "clone_ts", ts);
	const char *user = state_user_name(x->st, t->uid);
	set_str(L, "username", user ? user : "<NA>");
	set_list(L, "args", t->args, t->args_len);
	set_list(L, "env", t->env, t->env_len);
}

static void push_thread(void *arg, struct thread *t)
{
	struct ttable *x = arg;
	lua_State *L = x->L;
	/* container metadata events are the tables' only negative tid */
	if (t->tid < 0)
		return;
	struct fd_table *fdt = state_thread_fds(x->st, t);
	x->t = t;
	if (x->flt) {
		x->matched = false;
		if (fdt)
			fd_table_each(fdt, find_match, x);
		if (!x->matched)
			return;
	}
	lua_newtable(L);
	set_num(L, "tid", (uint32_t)t->tid);
	set_num(L, "pid", (uint32_t)t->pid);
	if (!x->barebone)
		push_thread_fields(x, t);
	lua_newtable(L);
	if (x->fds && fdt)
		fd_table_each(fdt, push_fd, x);
	lua_setfield(L, -2, "fdtable");
	lua_rawseti(L, -2, (int)(uint32_t)t->tid);
}

int chisel_push_thread_table(lua_State *L, struct chisel *c, bool fds, bool barebone)
{
	if (!c->set || !c->set->st)
		return chisel_raise(L, "get_thread_table can only be called once the capture has "
				       "started (on_capture_start or later)");
	struct ttable x = { .L = L, .c = c, .st = c->set->st, .fds = fds, .barebone = barebone };
	const char *text = lua_isstring(L, 1) ? lua_tostring(L, 1) : "";
	if (*text) {
		char err[512];
		x.flt = filter_compile(text, err, sizeof err);
		if (!x.flt)
			return chisel_raise(L, "invalid filter argument for get_thread_table in chisel "
					       "%s: %s", c->name, err);
		if (!filter_fields_all(x.flt, table_field)) {
			filter_free(x.flt);
			return chisel_raise(L, "invalid filter argument for get_thread_table in chisel "
					       "%s: the given filter is not supported for thread table "
					       "filtering", c->name);
		}
	}
	size_t used;
	char err[128];
	if (field_parse("fd.type", 7, &x.fd_type, &used, err, sizeof err) < 0)
		x.fd_type.desc = NULL;
	if (field_parse("fd.l4proto", 10, &x.fd_l4proto, &used, err, sizeof err) < 0)
		x.fd_l4proto.desc = NULL;
	lua_newtable(L);
	state_each_thread(x.st, push_thread, &x);
	filter_free(x.flt);
	return 1;
}

int chisel_push_container_table(lua_State *L, struct chisel *c)
{
	if (!c->set || !c->set->st)
		return chisel_raise(L, "get_container_table can only be called once the capture "
				       "has started (on_capture_start or later)");
	const struct container_table *ct = state_containers(c->set->st);
	lua_newtable(L);
	const struct container *k;
	for (size_t i = 0; ct && (k = container_table_at(ct, i)); i++) {
		lua_newtable(L);
		set_str(L, "id", k->id);
		set_str(L, "name", k->name);
		set_str(L, "image", k->image);
		set_str(L, "type", k->type < 0 ? "unknown" : container_type_name(k->type));
		lua_rawseti(L, -2, (int)i + 1);
	}
	return 1;
}
