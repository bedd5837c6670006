/* The container table: what container metadata events in a trace file
 * (the old `container` event and the JSON ones runtimes' metadata becomes)
 * say about each container, and which container a thread's cgroups put it
 * in.  The JSON is parsed with jansson; a document that does not parse is
 * counted and otherwise ignored. */
#ifndef SYSCOPE_CONTAINER_H
#define SYSCOPE_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* sysdig's container types (the "type" member of the JSON). */
enum container_type {
	CT_DOCKER = 0, CT_LXC, CT_LIBVIRT_LXC, CT_MESOS, CT_RKT, CT_CUSTOM, CT_CRI,
	CT_CONTAINERD, CT_CRIO, CT_BPM, CT_STATIC, CT_TYPE_COUNT,
};

struct container_mount {
	char *source, *dest, *mode, *propagation; /* owned, never NULL */
	bool rdwr;
};

/* A health check or probe: the program and its arguments, joined by spaces
 * as sysdig shows them.  NULL: none configured. */
struct container_probe {
	char *exe;
	char *args; /* space-separated, owned */
};

struct container {
	char *id;     /* as the runtime names it: 12 characters for docker */
	char *name, *image, *image_id, *image_repo, *image_tag, *image_digest; /* NULL: absent */
	int type;       /* enum container_type, -1 when the event gave none */
	int privileged; /* 1, 0, or -1 when unknown */
	struct container_mount *mounts;
	uint32_t nmounts;
	struct container_probe healthcheck, liveness, readiness;
	/* The event it came from, whole, so that a written file carries it
	 * as it was read. */
	uint8_t *record;
	uint32_t record_len;
	bool record_v1; /* with the legacy 22-byte header */
};

struct container_table;

struct container_table *container_table_new(void);
void container_table_free(struct container_table *ct);
/* Forget every container (a new section). */
void container_table_clear(struct container_table *ct);

/* The container metadata event types: container, container json (two). */
bool container_is_metadata_event(uint16_t type);

/* Take a container metadata event (types 228, 272, 324); other types are
 * ignored.  Returns the container it described, NULL when the event was
 * not usable (bad JSON, no id: counted). */
const struct container *container_table_add_event(struct container_table *ct,
						  const struct event *ev);

const struct container *container_table_find(const struct container_table *ct, const char *id,
					     size_t len);
/* Every container, in the order they arrived: i from 0 while non-NULL. */
const struct container *container_table_at(const struct container_table *ct, size_t i);
/* Events whose metadata could not be used. */
uint64_t container_table_bad(const struct container_table *ct);

/* The container id in a thread's cgroups (a NUL-separated list of
 * "controller=path"): the first 12 of the 64 hex digits a runtime's path
 * holds (docker, podman, cri-o, containerd, kubepods), or NULL on the host. */
const char *container_id_in_cgroups(const char *cgroups, size_t len);

/* Which runtime's naming the id was found in: who to ask about it live. */
enum container_runtime {
	CR_DOCKER,     /* /docker/ID, docker-ID.scope */
	CR_PODMAN,     /* libpod-ID.scope */
	CR_CRIO,       /* crio-ID.scope */
	CR_CONTAINERD, /* cri-containerd-ID.scope */
	CR_KUBEPODS,   /* a kubepods path ending in the id: any CRI runtime */
};

/* container_id_in_cgroups, and the runtime whose naming held the id. */
const char *container_id_and_runtime(const char *cgroups, size_t len,
				     enum container_runtime *runtime);

/* sysdig's name of a type ("docker", "cri-o", ...); NULL out of range. */
const char *container_type_name(int type);

#endif
