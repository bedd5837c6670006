/* See runtime_http.h. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "runtime_http.h"

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Wait until fd is ready for events, or the deadline: false on timeout. */
static bool wait_fd(int fd, short events, uint64_t deadline)
{
	for (;;) {
		uint64_t t = now_ms();
		if (t >= deadline)
			return false;
		struct pollfd p = { .fd = fd, .events = events };
		int n = poll(&p, 1, (int)(deadline - t));
		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
	}
}

char *runtime_http_get(const char *sock_path, const char *path, unsigned timeout_ms,
		       size_t *body_len)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return NULL;
	uint64_t deadline = now_ms() + timeout_ms;
	char *buf = NULL;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(sock_path) >= sizeof sa.sun_path)
		goto fail;
	memcpy(sa.sun_path, sock_path, strlen(sock_path) + 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 &&
	    (errno != EINPROGRESS && errno != EAGAIN))
		goto fail;
	char req[512];
	int rl = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n", path);
	if (rl < 0 || (size_t)rl >= sizeof req)
		goto fail;
	for (int sent = 0; sent < rl;) {
		if (!wait_fd(fd, POLLOUT, deadline))
			goto fail;
		ssize_t n = send(fd, req + sent, (size_t)(rl - sent), MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			goto fail;
		if (n > 0)
			sent += (int)n;
	}
	size_t len = 0, cap = 16384;
	buf = malloc(cap + 1);
	if (!buf)
		goto fail;
	for (;;) {
		if (!wait_fd(fd, POLLIN, deadline))
			goto fail;
		if (len == cap) {
			if (cap >= RUNTIME_ANSWER_MAX)
				goto fail;
			char *bigger = realloc(buf, 2 * cap + 1);
			if (!bigger)
				goto fail;
			buf = bigger;
			cap *= 2;
		}
		ssize_t n = recv(fd, buf + len, cap - len, 0);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			goto fail;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	/* "HTTP/1.x 200 ...", then the headers, then the body */
	char *body = strstr(buf, "\r\n\r\n");
	if (len < 12 || memcmp(buf, "HTTP/1.", 7) != 0 || memcmp(buf + 8, " 200", 4) != 0 || !body) {
		free(buf);
		return NULL;
	}
	body += 4;
	*body_len = len - (size_t)(body - buf);
	memmove(buf, body, *body_len + 1);
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}
