/* -U: the suppressed set and sysdig's rule; see suppress.h. */
#include <string.h>

#include "suppress.h"

/* Where sysdig 0.29.3 finds the parent and the name in the events it
 * applies the rule to: parameters 5 (ptid) and 13 (comm) of every one of
 * them (test_suppress checks the event table agrees). */
#define PTID_PARAM 5
#define COMM_PARAM 13

enum rule { RULE_OTHER, RULE_SPAWN, RULE_EXIT };

/* What each event type does to the set: a table rather than a switch, so
 * the per-event test is one load. */
static const uint8_t rule_of[EVENT_TYPE_MAX] = {
	[223] = RULE_SPAWN, /* clone (CLONE_20_X) */
	[225] = RULE_SPAWN, /* fork (FORK_20_X) */
	[227] = RULE_SPAWN, /* vfork (VFORK_20_X) */
	[293] = RULE_SPAWN, /* execve (EXECVE_19_X) */
	[331] = RULE_SPAWN, /* execveat (EXECVEAT_X) */
	[335] = RULE_SPAWN, /* clone3 (CLONE3_X) */
	[EVT_PROCEXIT_1_E] = RULE_EXIT,
};

/* int_map takes NULL for an empty slot: members point here. */
static char member;

bool suppress_names_add(struct suppress_names *sn, const char *comm, const char **why)
{
	size_t len = strlen(comm);
	if (len == 0) {
		*why = "an empty name matches no process";
		return false;
	}
	if (len > SUPPRESS_COMM_LEN) {
		*why = "a process name (comm) has at most 15 bytes";
		return false;
	}
	if (sn->n >= SUPPRESS_COMMS_MAX) {
		*why = "at most 32 names can be suppressed";
		return false;
	}
	memset(sn->comm[sn->n], 0, sizeof sn->comm[sn->n]);
	memcpy(sn->comm[sn->n], comm, len);
	sn->n++;
	return true;
}

void suppress_init(struct suppress *s, const struct suppress_names *names)
{
	memset(s, 0, sizeof *s);
	if (names)
		s->names = *names;
}

void suppress_reset(struct suppress *s)
{
	int_map_free(&s->tids);
	s->suppressed = 0;
	s->failed = false;
}

void suppress_free(struct suppress *s)
{
	if (s)
		int_map_free(&s->tids);
}

bool suppress_comm_listed(const struct suppress_names *sn, const char *comm, size_t len)
{
	/* sysdig compares with strcmp: the name ends at its NUL. */
	const char *nul = memchr(comm, '\0', len);
	if (nul)
		len = (size_t)(nul - comm);
	if (len > SUPPRESS_COMM_LEN)
		return false;
	for (unsigned i = 0; i < sn->n; i++)
		if (strlen(sn->comm[i]) == len && memcmp(sn->comm[i], comm, len) == 0)
			return true;
	return false;
}

bool suppress_spawn_event(uint16_t type)
{
	return type < EVENT_TYPE_MAX && rule_of[type] == RULE_SPAWN;
}

bool suppress_thread(struct suppress *s, int64_t tid, int64_t ptid, const char *comm,
		     size_t comm_len)
{
	bool hit = suppress_has_tid(s, ptid) || suppress_comm_listed(&s->names, comm, comm_len);
	if (hit) {
		if (!suppress_has_tid(s, tid) && !int_map_put(&s->tids, tid, &member))
			s->failed = true; /* its later events then get through */
		return true;
	}
	/* sysdig takes it out of the set and keeps this event. */
	int_map_del(&s->tids, tid);
	return false;
}

static bool decide(struct suppress *s, const struct event *ev)
{
	uint8_t rule = ev->type < EVENT_TYPE_MAX ? rule_of[ev->type] : RULE_OTHER;
	/* Too few parameters to name the parent and the comm (a damaged or
	 * truncated record): judged by its thread alone. */
	if (rule == RULE_SPAWN && ev->nparams > COMM_PARAM) {
		int64_t ptid = event_param_int(ev, PTID_PARAM);
		return suppress_thread(s, ev->tid, ptid, (const char *)ev->param[COMM_PARAM],
				       ev->param_len[COMM_PARAM]);
	}
	if (rule == RULE_EXIT)
		return int_map_del(&s->tids, ev->tid) != NULL;
	return suppress_has_tid(s, ev->tid);
}

bool suppress_event(struct suppress *s, const struct event *ev)
{
	if (!decide(s, ev))
		return false;
	s->suppressed++;
	return true;
}

/* ---- the sink of a /proc scan ----------------------------------------- */

static void sk_section(void *ctx)
{
	struct suppress *s = ctx;
	if (s->inner.section_start)
		s->inner.section_start(s->inner.ctx);
}

static void sk_machine(void *ctx, const struct machine_info *mi)
{
	struct suppress *s = ctx;
	if (s->inner.machine)
		s->inner.machine(s->inner.ctx, mi);
}

static void sk_thread(void *ctx, const struct proc_info *pi)
{
	struct suppress *s = ctx;
	if (suppress_thread(s, pi->tid, pi->ptid, pi->comm.ptr, pi->comm.len))
		return;
	if (s->inner.thread)
		s->inner.thread(s->inner.ctx, pi);
}

/* A suppressed thread's fds would bring it back into the tables. */
static void sk_fd(void *ctx, int64_t tid, const struct fd_info *fi)
{
	struct suppress *s = ctx;
	if (!suppress_has_tid(s, tid) && s->inner.fd)
		s->inner.fd(s->inner.ctx, tid, fi);
}

static void sk_user(void *ctx, const struct user_info *ui)
{
	struct suppress *s = ctx;
	if (s->inner.user)
		s->inner.user(s->inner.ctx, ui);
}

static void sk_group(void *ctx, const struct group_info *gi)
{
	struct suppress *s = ctx;
	if (s->inner.group)
		s->inner.group(s->inner.ctx, gi);
}

static void sk_iface(void *ctx, const struct iface_info *ii)
{
	struct suppress *s = ctx;
	if (s->inner.iface)
		s->inner.iface(s->inner.ctx, ii);
}

struct scap_sink suppress_sink(struct suppress *s, const struct scap_sink *inner)
{
	s->inner = *inner;
	struct scap_sink k = {
		.ctx = s,
		.section_start = sk_section,
		.machine = sk_machine,
		.thread = sk_thread,
		.fd = sk_fd,
		.user = sk_user,
		.group = sk_group,
		.iface = sk_iface,
	};
	return k;
}
