/* See container.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "event_table.h"

/* A runtime that sends the same container twice replaces it: the table
 * stays small (one entry a container), so a plain array is enough. */
struct container_table {
	struct container *c;
	size_t n, cap;
	uint64_t bad;
};


static const char *const type_names[CT_TYPE_COUNT] = {
	[CT_DOCKER] = "docker", [CT_LXC] = "lxc", [CT_LIBVIRT_LXC] = "libvirt-lxc",
	[CT_MESOS] = "mesos", [CT_RKT] = "rkt", [CT_CUSTOM] = "custom", [CT_CRI] = "cri",
	[CT_CONTAINERD] = "containerd", [CT_CRIO] = "cri-o", [CT_BPM] = "bpm",
	[CT_STATIC] = "static",
};

const char *container_type_name(int type)
{
	return type >= 0 && type < CT_TYPE_COUNT ? type_names[type] : NULL;
}

struct container_table *container_table_new(void)
{
	return calloc(1, sizeof(struct container_table));
}

static void probe_free(struct container_probe *p)
{
	free(p->exe);
	free(p->args);
}

static void container_free(struct container *c)
{
	free(c->id);
	free(c->name);
	free(c->image);
	free(c->image_id);
	free(c->image_repo);
	free(c->image_tag);
	free(c->image_digest);
	for (uint32_t i = 0; i < c->nmounts; i++) {
		free(c->mounts[i].source);
		free(c->mounts[i].dest);
		free(c->mounts[i].mode);
		free(c->mounts[i].propagation);
	}
	free(c->mounts);
	probe_free(&c->healthcheck);
	probe_free(&c->liveness);
	probe_free(&c->readiness);
	free(c->record);
	memset(c, 0, sizeof *c);
}

void container_table_clear(struct container_table *ct)
{
	for (size_t i = 0; i < ct->n; i++)
		container_free(&ct->c[i]);
	ct->n = 0;
}

void container_table_free(struct container_table *ct)
{
	if (!ct)
		return;
	container_table_clear(ct);
	free(ct->c);
	free(ct);
}

uint64_t container_table_bad(const struct container_table *ct) { return ct->bad; }

const struct container *container_table_at(const struct container_table *ct, size_t i)
{
	return i < ct->n ? &ct->c[i] : NULL;
}

const struct container *container_table_find(const struct container_table *ct, const char *id,
					     size_t len)
{
	for (size_t i = 0; i < ct->n; i++)
		if (strlen(ct->c[i].id) == len && memcmp(ct->c[i].id, id, len) == 0)
			return &ct->c[i];
	return NULL;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* A string member, copied; NULL when absent or not a string. */
static char *member_str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	const char *s = json_string_value(v);
	return s ? dup_n(s, json_string_length(v)) : NULL;
}

static char *member_str_or_empty(const json_t *obj, const char *key)
{
	char *s = member_str(obj, key);
	return s ? s : dup_n("", 0);
}

static bool parse_mounts(struct container *c, const json_t *mounts)
{
	size_t n = json_array_size(mounts);
	if (!n)
		return true;
	c->mounts = calloc(n, sizeof *c->mounts);
	if (!c->mounts)
		return false;
	for (size_t i = 0; i < n; i++) {
		const json_t *m = json_array_get(mounts, i);
		struct container_mount *cm = &c->mounts[c->nmounts];
		cm->source = member_str_or_empty(m, "Source");
		cm->dest = member_str_or_empty(m, "Destination");
		cm->mode = member_str_or_empty(m, "Mode");
		cm->propagation = member_str_or_empty(m, "Propagation");
		cm->rdwr = json_is_true(json_object_get(m, "RW"));
		c->nmounts++;
		if (!cm->source || !cm->dest || !cm->mode || !cm->propagation)
			return false;
	}
	return true;
}

/* {"exe": "...", "args": ["...", ...]} */
static bool parse_probe(struct container_probe *p, const json_t *v)
{
	if (!json_is_object(v))
		return true;
	p->exe = member_str_or_empty(v, "exe");
	const json_t *args = json_object_get(v, "args");
	size_t len = 0;
	for (size_t i = 0; i < json_array_size(args); i++)
		len += json_string_length(json_array_get(args, i)) + 1;
	p->args = malloc(len + 1);
	if (!p->exe || !p->args)
		return false;
	size_t off = 0;
	for (size_t i = 0; i < json_array_size(args); i++) {
		const json_t *a = json_array_get(args, i);
		const char *s = json_string_value(a);
		if (!s)
			continue;
		if (off)
			p->args[off++] = ' ';
		memcpy(p->args + off, s, json_string_length(a));
		off += json_string_length(a);
	}
	p->args[off] = '\0';
	return true;
}

static bool from_json(struct container *c, const uint8_t *text, size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb((const char *)text, len, JSON_DISABLE_EOF_CHECK, &jerr);
	const json_t *o = json_object_get(root, "container");
	bool ok = json_is_object(o) && (c->id = member_str(o, "id")) && c->id[0];
	if (ok) {
		c->name = member_str(o, "name");
		c->image = member_str(o, "image");
		c->image_id = member_str(o, "imageid");
		c->image_repo = member_str(o, "imagerepo");
		c->image_tag = member_str(o, "imagetag");
		c->image_digest = member_str(o, "imagedigest");
		const json_t *type = json_object_get(o, "type");
		c->type = json_is_integer(type) ? (int)json_integer_value(type) : -1;
		const json_t *priv = json_object_get(o, "privileged");
		c->privileged = json_is_boolean(priv) ? json_is_true(priv) : -1;
		ok = parse_mounts(c, json_object_get(o, "Mounts")) &&
		     parse_probe(&c->healthcheck, json_object_get(o, "Healthcheck")) &&
		     parse_probe(&c->liveness, json_object_get(o, "LivenessProbe")) &&
		     parse_probe(&c->readiness, json_object_get(o, "ReadinessProbe"));
	}
	json_decref(root);
	return ok;
}

/* The old event: id, type, name, image. */
static bool from_params(struct container *c, const struct event *ev)
{
	if (ev->nparams < 4 || !ev->param_len[0])
		return false;
	c->id = dup_n((const char *)ev->param[0], strnlen((const char *)ev->param[0],
							  ev->param_len[0]));
	c->name = dup_n((const char *)ev->param[2], strnlen((const char *)ev->param[2],
							    ev->param_len[2]));
	c->image = dup_n((const char *)ev->param[3], strnlen((const char *)ev->param[3],
							     ev->param_len[3]));
	uint32_t type = 0;
	if (ev->param_len[1] == 4)
		memcpy(&type, ev->param[1], 4);
	c->type = type < CT_TYPE_COUNT ? (int)type : -1;
	c->privileged = -1;
	return c->id && c->id[0] && c->name && c->image;
}

bool container_is_metadata_event(uint16_t type)
{
	return type == EVT_CONTAINER_E || type == EVT_CONTAINER_JSON_E ||
	       type == EVT_CONTAINER_JSON_2_E;
}

const struct container *container_table_add_event(struct container_table *ct,
						  const struct event *ev)
{
	if (!container_is_metadata_event(ev->type))
		return NULL;
	struct container c;
	memset(&c, 0, sizeof c);
	bool ok = ev->type == EVT_CONTAINER_E ? from_params(&c, ev)
		  : ev->nparams >= 1 && from_json(&c, ev->param[0], ev->param_len[0]);
	if (ok && ev->record && (c.record = malloc(ev->record_len))) {
		memcpy(c.record, ev->record, ev->record_len);
		c.record_len = ev->record_len;
		c.record_v1 = ev->v1_header;
	}
	if (!ok || !c.record) {
		container_free(&c);
		ct->bad++;
		return NULL;
	}
	for (size_t i = 0; i < ct->n; i++)
		if (strcmp(ct->c[i].id, c.id) == 0) {
			container_free(&ct->c[i]);
			ct->c[i] = c;
			return &ct->c[i];
		}
	if (ct->n == ct->cap) {
		size_t cap = ct->cap ? 2 * ct->cap : 8;
		struct container *bigger = realloc(ct->c, cap * sizeof *bigger);
		if (!bigger) {
			container_free(&c);
			ct->bad++;
			return NULL;
		}
		ct->c = bigger;
		ct->cap = cap;
	}
	ct->c[ct->n] = c;
	return &ct->c[ct->n++];
}

static bool is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

/* A container id in one cgroup path: 64 hex digits after a runtime's
 * marker, or at the end of a kubepods path. */
static const struct id_marker {
	const char *text;
	enum container_runtime runtime;
} id_markers[] = {
	{ "/docker/", CR_DOCKER },
	{ "docker-", CR_DOCKER },
	{ "crio-", CR_CRIO },
	{ "libpod-", CR_PODMAN },
	{ "cri-containerd-", CR_CONTAINERD },
	{ "/kubepods/", CR_KUBEPODS },
};

static const char *id_in_path(const char *p, size_t len, enum container_runtime *runtime)
{
	for (size_t mi = 0; mi < sizeof id_markers / sizeof id_markers[0]; mi++) {
		const struct id_marker *m = &id_markers[mi];
		size_t ml = strlen(m->text);
		for (size_t i = 0; i + ml <= len; i++) {
			if (memcmp(p + i, m->text, ml) != 0)
				continue;
			size_t from = i + ml;
			if (m->runtime == CR_KUBEPODS) {
				const char *slash = p + len;
				while (slash > p + from && slash[-1] != '/')
					slash--;
				from = (size_t)(slash - p);
			}
			size_t k = 0;
			while (from + k < len && is_hex(p[from + k]))
				k++;
			if (k == 64) {
				*runtime = m->runtime;
				return p + from;
			}
		}
	}
	return NULL;
}

const char *container_id_and_runtime(const char *cgroups, size_t len,
				     enum container_runtime *runtime)
{
	const char *p = cgroups, *end = cgroups ? cgroups + len : NULL;
	while (p && p < end) {
		const char *nul = memchr(p, 0, (size_t)(end - p));
		size_t l = (size_t)((nul ? nul : end) - p);
		const char *id = id_in_path(p, l, runtime);
		if (id)
			return id;
		p += l + 1;
	}
	return NULL;
}

const char *container_id_in_cgroups(const char *cgroups, size_t len)
{
	enum container_runtime runtime;
	return container_id_and_runtime(cgroups, len, &runtime);
}
