/* Environments, and --large-environment: drivers and the /proc scan keep
 * the first 4 KiB of an environment; asked to, the state reads a cut one
 * whole from /proc/TID/environ.  A process that has already exited keeps
 * the cut copy. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "state_internal.h"

/* What drivers and the scan keep of an environment: a list this long was
 * probably cut. */
#define ENV_CUT_LEN 4096
/* An environment lives on the new program's stack, a quarter of which it
 * may take; beyond this much the rest is left out (and the list kept
 * valid). */
#define ENV_READ_MAX (16u << 20)

void state_read_large_env(struct state *st) { st->large_env = true; }

/* /proc/TID/environ into a malloc'd list ending with a NUL; NULL when it
 * cannot be read (the task is gone). */
static char *read_environ(int64_t tid, size_t *len)
{
	char path[48];
	snprintf(path, sizeof path, "/proc/%" PRId64 "/environ", tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 2 * ENV_CUT_LEN, n = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r <= 0) {
			if (r < 0) {
				free(buf);
				buf = NULL;
			}
			break;
		}
		n += (size_t)r;
		if (n < cap)
			continue;
		if (cap >= ENV_READ_MAX)
			break;
		char *bigger = realloc(buf, 2 * cap + 1);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	close(fd);
	if (!buf)
		return NULL;
	if (n && buf[n - 1] != '\0')
		buf[n++] = '\0'; /* buf has room for one byte past cap */
	*len = n;
	return buf;
}

void thread_set_env(struct state *st, struct thread *t, const char *src, size_t len)
{
	if (st->large_env && len >= ENV_CUT_LEN) {
		size_t whole_len;
		char *whole = read_environ(t->tid, &whole_len);
		if (whole && whole_len > len) {
			free(t->env);
			t->env = whole;
			t->env_len = (uint32_t)whole_len;
			return;
		}
		free(whole);
	}
	thread_set_list(&t->env, &t->env_len, src, len);
}
