/* See container_runtime.h. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container_runtime.h"
#include "runtime_http.h"

#define ID_LEN 64

static const struct runtime {
	const char *env;            /* holds unix://PATH when set */
	const char *default_socket;
	const char *path_format;    /* the request, %.*s the id */
	char *(*to_sysdig)(const char *id, const char *answer, size_t alen, size_t *len);
} runtimes[RK_COUNT] = {
	[RK_DOCKER] = { "DOCKER_HOST", "/var/run/docker.sock", "/containers/%.*s/json",
			runtime_docker_to_sysdig },
	[RK_PODMAN] = { "CONTAINER_HOST", "/run/podman/podman.sock", "/containers/%.*s/json",
			runtime_docker_to_sysdig },
	[RK_CRIO] = { "CONTAINER_RUNTIME_ENDPOINT", "/var/run/crio/crio.sock", "/containers/%.*s",
		      runtime_crio_to_sysdig },
};

/* Who may know a container, by the naming its id was found in.  A
 * kubepods path says only "some CRI runtime": CRI-O first, then Docker
 * (dockershim); containerd cannot be asked. */
static const struct {
	unsigned n;
	enum runtime_kind kinds[RK_COUNT];
} askable[] = {
	[CR_DOCKER] = { 1, { RK_DOCKER } },
	[CR_PODMAN] = { 1, { RK_PODMAN } },
	[CR_CRIO] = { 1, { RK_CRIO } },
	[CR_CONTAINERD] = { 0, { 0 } },
	[CR_KUBEPODS] = { 2, { RK_CRIO, RK_DOCKER } },
};

const char *runtime_socket_path(enum runtime_kind kind)
{
	const char *v = getenv(runtimes[kind].env);
	if (v && strncmp(v, "unix://", 7) == 0 && v[7])
		return v + 7;
	return runtimes[kind].default_socket;
}

unsigned runtime_kinds_for(enum container_runtime cr, enum runtime_kind kinds[RK_COUNT])
{
	if ((size_t)cr >= sizeof askable / sizeof askable[0])
		return 0;
	memcpy(kinds, askable[cr].kinds, sizeof askable[cr].kinds);
	return askable[cr].n;
}

char *runtime_describe(enum runtime_kind kind, const char *sock_path, const char *id,
		       unsigned timeout_ms, size_t *len)
{
	char path[128];
	snprintf(path, sizeof path, runtimes[kind].path_format, ID_LEN, id);
	size_t alen = 0;
	char *answer = runtime_http_get(sock_path, path, timeout_ms, &alen);
	char *doc = answer ? runtimes[kind].to_sysdig(id, answer, alen, len) : NULL;
	free(answer);
	return doc;
}

/* An image reference, [registry/]repo[:tag][@digest], in sysdig's parts:
 * no tag and no digest means "latest". */
struct image_parts {
	char repo[512], tag[128], digest[128];
};

static void split_image(const char *image, struct image_parts *ip)
{
	ip->repo[0] = ip->tag[0] = ip->digest[0] = '\0';
	const char *at = strchr(image, '@');
	size_t ilen = at ? (size_t)(at - image) : strlen(image);
	if (at)
		snprintf(ip->digest, sizeof ip->digest, "%s", at + 1);
	const char *slash = memrchr(image, '/', ilen);
	const char *from = slash ? slash : image;
	const char *colon = memrchr(from, ':', ilen - (size_t)(from - image));
	size_t rlen = colon ? (size_t)(colon - image) : ilen;
	snprintf(ip->repo, sizeof ip->repo, "%.*s", (int)rlen, image);
	if (colon)
		snprintf(ip->tag, sizeof ip->tag, "%.*s", (int)(ilen - rlen - 1), colon + 1);
	else if (!at && ilen)
		snprintf(ip->tag, sizeof ip->tag, "latest");
}

/* {"container": c} as compact text; takes c. */
static char *document(json_t *c, size_t *out_len)
{
	json_t *doc = c ? json_pack("{s:o}", "container", c) : NULL;
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (text)
		*out_len = strlen(text);
	return text;
}

static const char *str_at(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The members every runtime's container has: id (its first 12 digits),
 * type, name, and the image with its id and parts. */
static json_t *container_base(const char *id, int type, const char *name, const char *image,
			      const char *image_id)
{
	if (strncmp(image_id, "sha256:", 7) == 0)
		image_id += 7;
	struct image_parts ip;
	split_image(image, &ip);
	return json_pack("{s:s%, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "id", id, (size_t)12,
			 "type", type, "name", name, "image", image, "imageid", image_id,
			 "imagerepo", ip.repo, "imagetag", ip.tag, "imagedigest", ip.digest);
}

char *runtime_docker_to_sysdig(const char *id, const char *answer, size_t len, size_t *out_len)
{
	json_error_t jerr;
	json_t *d = json_loadb(answer, len, 0, &jerr);
	if (!json_is_object(d)) {
		json_decref(d);
		return NULL;
	}
	const json_t *config = json_object_get(d, "Config");
	const json_t *host = json_object_get(d, "HostConfig");
	const char *name = str_at(d, "Name");
	if (name[0] == '/')
		name++;
	json_t *mounts = json_array();
	const json_t *m;
	size_t i;
	json_array_foreach(json_object_get(d, "Mounts"), i, m) {
		json_array_append_new(mounts, json_pack("{s:s, s:s, s:s, s:b, s:s}",
			"Source", str_at(m, "Source"), "Destination", str_at(m, "Destination"),
			"Mode", str_at(m, "Mode"), "RW", json_is_true(json_object_get(m, "RW")),
			"Propagation", str_at(m, "Propagation")));
	}
	json_t *c = container_base(id, CT_DOCKER, name, str_at(config, "Image"), str_at(d, "Image"));
	json_object_set_new(c, "privileged", json_boolean(json_is_true(json_object_get(host, "Privileged"))));
	json_object_set_new(c, "Mounts", mounts);
	char *text = document(c, out_len);
	json_decref(d);
	return text;
}

/* CRI-O's inspect answer: {"name", "image", "image_ref", "labels",
 * "annotations", ...}.  The name sysdig shows is Kubernetes' container
 * name (a label) when there is one.  CRI-O does not say whether the
 * container is privileged: the member is left out (the field is <NA>). */
char *runtime_crio_to_sysdig(const char *id, const char *answer, size_t len, size_t *out_len)
{
	json_error_t jerr;
	json_t *d = json_loadb(answer, len, 0, &jerr);
	if (!json_is_object(d) || !json_is_string(json_object_get(d, "image"))) {
		json_decref(d);
		return NULL;
	}
	const json_t *labels = json_object_get(d, "labels");
	const char *name = str_at(labels, "io.kubernetes.container.name");
	if (!name[0])
		name = str_at(d, "name");
	json_t *c = container_base(id, CT_CRIO, name, str_at(d, "image"), str_at(d, "image_ref"));
	json_object_set_new(c, "Mounts", json_array());
	json_object_set_new(c, "labels", json_is_object(labels) ? json_deep_copy(labels) : json_null());
	char *text = document(c, out_len);
	json_decref(d);
	return text;
}
