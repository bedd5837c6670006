/* container.* and proc.is_container_* extractors: the thread's container
 * id from its cgroups, the rest from the container table that metadata
 * events fill (capture/state/container.h).  On the host, id, name and type
 * are "host" and the others have no value, as in sysdig. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields_internal.h"

static bool on_host(const struct thread *t) { return !t->container_id[0]; }

/* The thread's container from the table, NULL on the host or unknown. */
static const struct container *container_of(const struct evt_ctx *c, struct state *st)
{
	return state_thread_container(st, ctx_thread(c));
}

static bool set_opt_str(struct field_value *o, const char *s)
{
	if (!s)
		return false;
	set_str(o, s);
	return true;
}

FIELD_X(x_container_id)
{
	(void)r; (void)ev; (void)st;
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	set_str(o, on_host(t) ? "host" : t->container_id);
	return true;
}

/* name and type: "host" on the host, else the container's member. */
static bool host_or(const struct evt_ctx *c, struct state *st,
		    const char *(*member)(const struct container *), struct field_value *o)
{
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	if (on_host(t)) {
		set_str(o, "host");
		return true;
	}
	const struct container *k = container_of(c, st);
	return k && set_opt_str(o, member(k));
}

static const char *name_of(const struct container *k) { return k->name; }
static const char *type_of(const struct container *k) { return container_type_name(k->type); }

FIELD_X(x_container_name) { (void)r; (void)ev; return host_or(c, st, name_of, o); }
FIELD_X(x_container_type) { (void)r; (void)ev; return host_or(c, st, type_of, o); }

/* The image fields, by which member of the container they read. */
enum image_part { IMG_NAME, IMG_ID, IMG_REPO, IMG_TAG, IMG_DIGEST };

static bool image_part(const struct evt_ctx *c, struct state *st, enum image_part part,
		       struct field_value *o)
{
	const struct container *k = container_of(c, st);
	if (!k)
		return false;
	const char *const parts[] = { k->image, k->image_id, k->image_repo, k->image_tag,
				      k->image_digest };
	return set_opt_str(o, parts[part]);
}

FIELD_X(x_container_image) { (void)r; (void)ev; return image_part(c, st, IMG_NAME, o); }
FIELD_X(x_container_image_id) { (void)r; (void)ev; return image_part(c, st, IMG_ID, o); }
FIELD_X(x_container_image_repo) { (void)r; (void)ev; return image_part(c, st, IMG_REPO, o); }
FIELD_X(x_container_image_tag) { (void)r; (void)ev; return image_part(c, st, IMG_TAG, o); }
FIELD_X(x_container_image_digest)
{
	(void)r; (void)ev;
	return image_part(c, st, IMG_DIGEST, o);
}

FIELD_X(x_container_privileged)
{
	(void)r; (void)ev;
	const struct container *k = container_of(c, st);
	if (!k || k->privileged < 0)
		return false;
	o->u = (uint64_t)k->privileged;
	return true;
}

/* "source:dest:mode:rdwr:propagation", sysdig's text of one mount. */
static int mount_text(char *buf, size_t cap, const struct container_mount *m)
{
	return snprintf(buf, cap, "%s:%s:%s:%s:%s", m->source, m->dest, m->mode,
			m->rdwr ? "true" : "false", m->propagation);
}

FIELD_X(x_container_mounts)
{
	(void)ev;
	const struct container *k = container_of(c, st);
	if (!k || !r->scratch)
		return false;
	size_t off = 0;
	for (uint32_t i = 0; i < k->nmounts; i++) {
		if (off + 1 >= r->scratch_cap)
			break;
		if (i)
			r->scratch[off++] = ' ';
		int n = mount_text(r->scratch + off, r->scratch_cap - off, &k->mounts[i]);
		if (n < 0)
			return false;
		off += (size_t)n < r->scratch_cap - off ? (size_t)n : r->scratch_cap - off - 1;
	}
	r->scratch[off] = '\0';
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)off;
	return true;
}

/* The mount a [N] or [PATTERN] argument names: by position, or the first
 * whose source (by_dest: destination) the glob matches. */
static const struct container_mount *mount_named(const struct field_ref *r,
						 const struct container *k, bool by_dest)
{
	if (r->has_index)
		return r->index >= 0 && (uint64_t)r->index < k->nmounts ? &k->mounts[r->index]
									 : NULL;
	if (!r->has_name)
		return NULL;
	for (uint32_t i = 0; i < k->nmounts; i++)
		if (fnmatch(r->name, by_dest ? k->mounts[i].dest : k->mounts[i].source, 0) == 0)
			return &k->mounts[i];
	return NULL;
}

FIELD_X(x_container_mount)
{
	(void)ev;
	const struct container *k = container_of(c, st);
	const struct container_mount *m = k ? mount_named(r, k, false) : NULL;
	if (!m || !r->scratch)
		return false;
	int n = mount_text(r->scratch, r->scratch_cap, m);
	if (n < 0)
		return false;
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n < r->scratch_cap ? (uint32_t)n : r->scratch_cap - 1;
	return true;
}

/* One part of a mount.  sysdig names the source by the destination and
 * every other part by the source. */
enum mount_part { MP_SOURCE, MP_DEST, MP_MODE, MP_RDWR, MP_PROPAGATION };

static bool mount_part(const struct field_ref *r, const struct evt_ctx *c, struct state *st,
		       enum mount_part part, struct field_value *o)
{
	const struct container *k = container_of(c, st);
	const struct container_mount *m = k ? mount_named(r, k, part == MP_SOURCE) : NULL;
	if (!m)
		return false;
	const char *const parts[] = { m->source, m->dest, m->mode, m->rdwr ? "true" : "false",
				      m->propagation };
	set_str(o, parts[part]);
	return true;
}

FIELD_X(x_container_mount_source) { (void)ev; return mount_part(r, c, st, MP_SOURCE, o); }
FIELD_X(x_container_mount_dest) { (void)ev; return mount_part(r, c, st, MP_DEST, o); }
FIELD_X(x_container_mount_mode) { (void)ev; return mount_part(r, c, st, MP_MODE, o); }
FIELD_X(x_container_mount_rdwr) { (void)ev; return mount_part(r, c, st, MP_RDWR, o); }
FIELD_X(x_container_mount_propagation)
{
	(void)ev;
	return mount_part(r, c, st, MP_PROPAGATION, o);
}

enum probe_kind { PK_HEALTHCHECK, PK_LIVENESS, PK_READINESS };

static const struct container_probe *probe_of(const struct container *k, enum probe_kind kind)
{
	const struct container_probe *const probes[] = { &k->healthcheck, &k->liveness,
							 &k->readiness };
	return probes[kind];
}

/* "exe args", or NONE when the container has no such probe. */
static bool probe_text(const struct field_ref *r, const struct evt_ctx *c, struct state *st,
		       enum probe_kind kind, struct field_value *o)
{
	const struct container *k = container_of(c, st);
	if (!k || !r->scratch)
		return false;
	const struct container_probe *p = probe_of(k, kind);
	if (!p->exe) {
		set_str(o, "NONE");
		return true;
	}
	int n = snprintf(r->scratch, r->scratch_cap, "%s%s%s", p->exe, p->args[0] ? " " : "",
			 p->args);
	if (n < 0)
		return false;
	o->str.ptr = r->scratch;
	o->str.len = (uint32_t)n < r->scratch_cap ? (uint32_t)n : r->scratch_cap - 1;
	return true;
}

FIELD_X(x_container_healthcheck) { (void)ev; return probe_text(r, c, st, PK_HEALTHCHECK, o); }
FIELD_X(x_container_liveness) { (void)ev; return probe_text(r, c, st, PK_LIVENESS, o); }
FIELD_X(x_container_readiness) { (void)ev; return probe_text(r, c, st, PK_READINESS, o); }

/* Whether a thread runs its container's probe: its exe and arguments are
 * the probe's.  The arguments are NUL-separated in the thread. */
static bool runs_probe(const struct thread *t, const struct container_probe *p)
{
	if (!p->exe || !t->exe || strcmp(t->exe, p->exe) != 0)
		return false;
	size_t alen = strlen(p->args), i = 0;
	uint32_t len = t->args ? t->args_len : 0;
	/* the thread's list ends with a NUL per item */
	if (len && t->args[len - 1] == '\0')
		len--;
	if (len != alen)
		return false;
	for (; i < alen; i++)
		if (t->args[i] != p->args[i] && !(t->args[i] == '\0' && p->args[i] == ' '))
			return false;
	return true;
}

/* A process started by a probe belongs to it too, as in sysdig, which
 * passes the mark to children: the thread and its ancestors in the same
 * container are checked. */
static bool is_probe(const struct evt_ctx *c, struct state *st, enum probe_kind kind,
		     struct field_value *o)
{
	struct thread *t = ctx_thread(c);
	if (!t)
		return false;
	o->u = 0;
	const struct container *k = state_thread_container(st, t);
	for (int depth = 0; k && t && depth < 16; depth++, t = parent_of(st, t)) {
		if (strcmp(t->container_id, k->id) != 0 && strncmp(t->container_id, k->id, 12) != 0)
			break;
		if (runs_probe(t, probe_of(k, kind))) {
			o->u = 1;
			break;
		}
	}
	return true;
}

FIELD_X(x_proc_is_healthcheck) { (void)r; (void)ev; return is_probe(c, st, PK_HEALTHCHECK, o); }
FIELD_X(x_proc_is_liveness) { (void)r; (void)ev; return is_probe(c, st, PK_LIVENESS, o); }
FIELD_X(x_proc_is_readiness) { (void)r; (void)ev; return is_probe(c, st, PK_READINESS, o); }
