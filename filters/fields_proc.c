/* proc.*, thread.*, user.*, group.* and container.* extractors: what the
 * thread table knows about the thread of the event and its process.
 *
 * Counting a process's threads walks the state's thread table; those
 * fields are for occasional use in formats, not for hot filters. */
#include <stdio.h>
#include <string.h>

#include "fields_internal.h"

/* The process of the event: its main thread (the thread itself if the
 * main one is not known). */
static struct thread *proc_of(const struct evt_ctx *c, struct state *st)
{
	struct thread *t = ctx_thread(c);
	if (!t)
		return NULL;
	struct thread *m = main_thread(st, t);
	return m ? m : t;
}

/* A NUL-separated list joined with blanks into the scratch buffer,
 * optionally after a first word. */
static bool join_list(const struct field_ref *r, const char *first, const char *list,
		      uint32_t list_len, struct field_value *o)
{
	if (!r->scratch || !r->scratch_cap)
		return false;
	size_t n = 0, cap = r->scratch_cap - 1;
	if (first) {
		size_t l = strlen(first);
		if (l > cap)
			l = cap;
		memcpy(r->scratch, first, l);
		n = l;
	}
	const char *p = list, *end = list ? list + list_len : NULL;
	while (p && p < end) {
		const char *nul = memchr(p, 0, (size_t)(end - p));
		size_t l = (size_t)((nul ? nul : end) - p);
		if (n && n < cap)
			r->scratch[n++] = ' ';
		if (l > cap - n)
			l = cap - n;
		memcpy(r->scratch + n, p, l);
		n += l;
		p += l + 1;
		if (!nul)
			break;
	}
	r->scratch[n] = 0;
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n;
	return true;
}

/* A thread known only from its events has the name and executable
 * "<NA>" in sysdig 0.29.3: a value (filters and formats see it), not a
 * missing field. */
static const char *exe_of(const struct thread *t)
{
	return t->placeholder || !t->exe ? "<NA>" : t->exe;
}

static const char *comm_of(const struct thread *t)
{
	return !t->comm || (t->placeholder && !t->comm[0]) ? "<NA>" : t->comm;
}

FIELD_X(x_proc_exe)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	set_str(o, exe_of(t));
	return true;
}

FIELD_X(x_proc_args)
{
	(void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	return t && join_list(r, NULL, t->args, t->args_len, o);
}

FIELD_X(x_proc_env)
{
	(void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	return t && join_list(r, NULL, t->env, t->env_len, o);
}

FIELD_X(x_proc_cmdline)
{
	(void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	return t && join_list(r, comm_of(t), t->args, t->args_len, o);
}

/* The executable, a blank, the arguments: sysdig 0.29.3 writes the blank
 * even when there are none ("./a.out "). */
FIELD_X(x_proc_exeline)
{
	(void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t || !join_list(r, exe_of(t), t->args, t->args_len, o))
		return false;
	if (!t->args_len && o->str.len + 1 < r->scratch_cap) {
		r->scratch[o->str.len++] = ' ';
		r->scratch[o->str.len] = 0;
	}
	return true;
}

/* The working directory, with the trailing '/' sysdig keeps; empty for a
 * thread whose cwd only an execve reported, as in sysdig 0.29.3. */
FIELD_X(x_proc_cwd)
{
	(void)r; (void)ev;
	struct thread *t = proc_of(c, st); /* threads share their process's */
	if (!t || !t->cwd)
		return false;
	set_str(o, t->cwd_unknown ? "" : t->cwd);
	return true;
}

FIELD_X(x_proc_nthreads)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = st ? state_process_threads(st, t->pid) : 0;
	return true;
}

FIELD_X(x_proc_nchilds)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	/* sysdig 0.29.3 counts them on the main thread; other threads have 0 */
	uint32_t n = t->tid == t->pid ? (st ? state_process_threads(st, t->pid) : 0) : 0;
	o->u = n ? n - 1 : 0;
	return true;
}

/* The parent as sysdig names it: for a thread other than the main one,
 * the process that created it. */
static struct thread *named_parent(struct state *st, struct thread *t)
{
	if (t && t->tid != t->pid && st) {
		struct thread *m = main_thread(st, t);
		if (m)
			return m;
	}
	return ancestor(st, t, 1);
}

FIELD_X(x_proc_pname)
{
	(void)r; (void)ev;
	struct thread *p = named_parent(st, ctx_thread(c));
	if (!p || !p->comm)
		return false;
	set_str(o, p->comm);
	return true;
}

FIELD_X(x_proc_pcmdline)
{
	(void)ev;
	struct thread *p = named_parent(st, ctx_thread(c));
	return p && p->comm && join_list(r, p->comm, p->args, p->args_len, o);
}

/* proc.aname / proc.apid: [N] picks one ancestor; without it the field
 * means "any ancestor" and yields several values. */
bool bind_ancestor(struct field_ref *ref, char *err, size_t errlen)
{
	if (ref->has_index && ref->index < 0) {
		snprintf(err, errlen, "the ancestor index of '%s' must not be negative",
			 ref->desc->name);
		return false;
	}
	ref->multi = !ref->has_index;
	return true;
}

FIELD_X(x_proc_apid)
{
	(void)ev;
	struct thread *a = ancestor(st, ctx_thread(c), r->has_index ? r->index : 1);
	if (!a)
		return false;
	o->i = a->pid;
	return true;
}

bool xn_proc_apid(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c,
		  struct state *st, unsigned n, struct field_value *o)
{
	(void)r; (void)ev;
	struct thread *a = ancestor(st, ctx_thread(c), (int64_t)n + 1);
	if (!a)
		return false;
	o->i = a->pid;
	return true;
}

static bool is_shell(const char *comm)
{
	static const char *const shells[] = { "ash", "bash", "csh", "ksh", "sh", "tcsh", "zsh",
					      "dash", "fish", NULL };
	for (const char *const *s = shells; *s; s++)
		if (strcmp(comm, *s) == 0)
			return true;
	return false;
}

/* The pid of the eldest shell among the process and its ancestors. */
FIELD_X(x_proc_loginshellid)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	if (!t || t->placeholder)
		return false;
	int64_t found = -1;
	bool any = false;
	for (int64_t i = 0; i < 64; i++) {
		struct thread *a = ancestor(st, t, i);
		if (!a)
			break;
		if (a->comm && is_shell(a->comm)) {
			found = a->pid;
			any = true;
		}
	}
	if (!any)
		return false;
	o->i = found;
	return true;
}

FIELD_X(x_proc_duration)
{
	(void)r; (void)st;
	struct thread *p = ctx_thread(c); /* sysdig: since this thread's own start */
	if (!p || !p->clone_ts || ev->ts < p->clone_ts)
		return false;
	o->u = ev->ts - p->clone_ts;
	return true;
}

FIELD_X(x_proc_fdopencount)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	struct fd_table *fdt = t && st ? state_thread_fds(st, t) : NULL;
	if (!fdt)
		return false;
	o->u = fd_table_count(fdt);
	return true;
}

FIELD_X(x_proc_fdlimit)
{
	(void)r; (void)ev;
	struct thread *p = proc_of(c, st);
	if (!p)
		return false;
	o->i = p->placeholder ? -1 : (int64_t)p->fdlimit; /* -1: unknown */
	return true;
}

/* Open fds as a percentage of the limit. */
FIELD_X(x_proc_fdusage)
{
	struct field_value n, lim;
	if (!x_proc_fdopencount(r, ev, c, st, &n) || !x_proc_fdlimit(r, ev, c, st, &lim))
		return false;
	/* no known limit: 0, as sysdig shows it */
	o->d = lim.i > 0 ? (double)n.u * 100.0 / (double)lim.i : 0.0;
	return true;
}

FIELD_X(x_proc_vmsize)
{
	(void)r; (void)ev; (void)st;
	struct thread *p = ctx_thread(c); /* sysdig reads the thread's own copy */
	if (!p)
		return false;
	o->u = p->vmsize_kb;
	return true;
}

FIELD_X(x_proc_vmrss)
{
	(void)r; (void)ev; (void)st;
	struct thread *p = ctx_thread(c); /* sysdig reads the thread's own copy */
	if (!p)
		return false;
	o->u = p->vmrss_kb;
	return true;
}

FIELD_X(x_proc_vmswap)
{
	(void)r; (void)ev; (void)st;
	struct thread *p = ctx_thread(c); /* sysdig reads the thread's own copy */
	if (!p)
		return false;
	o->u = p->vmswap_kb;
	return true;
}

FIELD_X(x_thread_pfmajor)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->pfmajor;
	return true;
}

FIELD_X(x_thread_pfminor)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->pfminor;
	return true;
}

FIELD_X(x_thread_ismain)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->tid == t->pid;
	return true;
}

FIELD_X(x_thread_cgroups)
{
	(void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	/* no cgroups known: the field is missing, as in sysdig */
	return t && t->cgroups_len && join_list(r, NULL, t->cgroups, t->cgroups_len, o);
}

FIELD_X(x_thread_vtid)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->i = t->vtid;
	/* -1: unknown; a container event's thread is sysdig's -2 */
	return t->vtid >= 0 || t->vtid == -2;
}

FIELD_X(x_proc_vpid)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->i = t->vpid;
	return t->vpid >= 0;
}

/* The process's memory, shown on its main thread only. */
static bool is_switch(const struct event *ev)
{
	return ev->info && ev->info->name && strcmp(ev->info->name, "switch") == 0 &&
	       event_is_enter(ev->type);
}

FIELD_X(x_thread_exectime)
{
	(void)r; (void)st;
	o->u = c && is_switch(ev) ? c->exectime : 0;
	return true;
}

FIELD_X(x_thread_totexectime)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->totexectime;
	return true;
}

/* thread.cpu, thread.cpu.user, thread.cpu.system: procinfo events only. */
FIELD_X(x_thread_cpu)
{
	(void)st;
	struct thread *t = ctx_thread(c);
	if (!t || !ev->info || !ev->info->name || strcmp(ev->info->name, "procinfo") != 0)
		return false;
	const char *which = r->desc->name + strlen("thread.cpu");
	o->d = !*which ? t->cpu_d_tot : strcmp(which, ".user") == 0 ? t->cpu_d_user : t->cpu_d_sys;
	return true;
}

FIELD_X(x_thread_vmsize)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->tid == t->pid ? t->vmsize_kb : 0;
	return true;
}

FIELD_X(x_thread_vmrss)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->tid == t->pid ? t->vmrss_kb : 0;
	return true;
}

FIELD_X(x_proc_sid)
{
	(void)r; (void)ev;
	struct thread *p = proc_of(c, st);
	if (!p)
		return false;
	o->i = p->sid;
	return true;
}

/* The session leader's name: the process whose pid is the session id, or
 * failing that the eldest ancestor still in the same session. */
FIELD_X(x_proc_sname)
{
	(void)r; (void)ev;
	struct thread *p = proc_of(c, st);
	if (!p)
		return false;
	struct thread *leader = p->sid > 0 && st ? state_find_thread(st, p->sid) : NULL;
	if (!leader) {
		leader = p;
		for (int i = 0; i < 64; i++) {
			struct thread *up = parent_of(st, leader);
			if (!up || up->sid != p->sid)
				break;
			leader = up;
		}
	}
	set_str(o, comm_of(leader));
	return true;
}

FIELD_X(x_proc_exepath)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t || !t->exepath)
		return false;
	set_str(o, t->exepath);
	return true;
}

FIELD_X(x_proc_vpgid)
{
	(void)r; (void)ev;
	struct thread *p = proc_of(c, st);
	if (!p)
		return false;
	o->i = p->vpgid;
	return true;
}

/* ---- user / group ---- */

FIELD_X(x_user_name)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	const char *n = t && st ? state_user_name(st, t->uid) : NULL;
	if (!n)
		return false;
	set_str(o, n);
	return true;
}

/* A user's home or shell from the user list: NULL when unknown. */
static const char *user_detail(const struct evt_ctx *c, struct state *st, bool shell)
{
	struct thread *t = ctx_thread(c);
	if (!t || !st)
		return NULL;
	return shell ? state_user_shell(st, t->uid) : state_user_home(st, t->uid);
}

FIELD_X(x_user_homedir)
{
	(void)r; (void)ev;
	const char *v = user_detail(c, st, false);
	if (!v)
		return false;
	set_str(o, v);
	return true;
}

FIELD_X(x_user_shell)
{
	(void)r; (void)ev;
	const char *v = user_detail(c, st, true);
	if (!v)
		return false;
	set_str(o, v);
	return true;
}

FIELD_X(x_user_loginuid)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->i = (int32_t)t->loginuid;
	return true;
}

FIELD_X(x_user_loginname)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	const char *n = t && st ? state_user_name(st, t->loginuid) : NULL;
	if (!n)
		return false;
	set_str(o, n);
	return true;
}

FIELD_X(x_group_gid)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = t->gid;
	return true;
}

FIELD_X(x_group_name)
{
	(void)r; (void)ev;
	struct thread *t = ctx_thread(c);
	const char *n = t && st ? state_group_name(st, t->gid) : NULL;
	if (!n)
		return false;
	set_str(o, n);
	return true;
}

