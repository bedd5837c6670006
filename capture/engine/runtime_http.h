/* One HTTP/1.0 GET over a unix socket, with a deadline: how syscope asks a
 * container runtime (Docker, podman, CRI-O) about a container.  HTTP/1.0,
 * so the runtime closes the connection at the end and sends no chunks. */
#ifndef SYSCOPE_RUNTIME_HTTP_H
#define SYSCOPE_RUNTIME_HTTP_H

#include <stddef.h>

#define RUNTIME_ANSWER_MAX (1u << 20) /* bytes of an answer read at most */

/* GET path from the server at sock_path, within timeout_ms for the whole
 * exchange: the body of a 200 answer (malloc'd, NUL-terminated, its length
 * in body_len), or NULL for any failure (no server, timeout, another
 * status, an answer over RUNTIME_ANSWER_MAX). */
char *runtime_http_get(const char *sock_path, const char *path, unsigned timeout_ms,
		       size_t *body_len);

#endif
