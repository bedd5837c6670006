/* The container runtimes syscope asks about containers live, and how each
 * one's description of a container becomes the document of a sysdig
 * `container json` event.
 *
 *   Docker   $DOCKER_HOST (unix://), else /var/run/docker.sock
 *            GET /containers/ID/json
 *   podman   $CONTAINER_HOST (unix://), else /run/podman/podman.sock
 *            the same Docker-compatible request; sysdig 0.29.3 has no
 *            podman type, so its containers are typed docker
 *   CRI-O    $CONTAINER_RUNTIME_ENDPOINT (unix://, as crictl reads it),
 *            else /var/run/crio/crio.sock; GET /containers/ID (CRI-O's
 *            inspect API, plain HTTP beside its gRPC service)
 *
 * containerd answers only gRPC: its containers keep their id alone. */
#ifndef SYSCOPE_CONTAINER_RUNTIME_H
#define SYSCOPE_CONTAINER_RUNTIME_H

#include <stddef.h>

#include "container.h"

enum runtime_kind { RK_DOCKER, RK_PODMAN, RK_CRIO, RK_COUNT };

/* The socket path the environment gives kind, or its default. */
const char *runtime_socket_path(enum runtime_kind kind);

/* Which runtimes may know a container whose id was found in cr's naming,
 * in the order to ask them: their number, written to kinds. */
unsigned runtime_kinds_for(enum container_runtime cr, enum runtime_kind kinds[RK_COUNT]);

/* Ask kind's server at sock_path about the container with the 64-digit
 * id, within timeout_ms: the container json document (malloc'd,
 * NUL-terminated, its length in len), or NULL when the runtime does not
 * answer or answers with nothing usable. */
char *runtime_describe(enum runtime_kind kind, const char *sock_path, const char *id,
		       unsigned timeout_ms, size_t *len);

/* The conversions alone (for the unit tests): a runtime's answer of alen
 * bytes → the document, or NULL when it is no usable description. */
char *runtime_docker_to_sysdig(const char *id, const char *answer, size_t alen, size_t *len);
char *runtime_crio_to_sysdig(const char *id, const char *answer, size_t alen, size_t *len);

#endif
