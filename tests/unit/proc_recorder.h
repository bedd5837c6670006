/* proc_recorder.h: a scap_sink that keeps deep copies of every record the
 * /proc scan hands it, so tests can look them up after the scan.  Copies of
 * strings are NUL-terminated and keep their length (lists hold NULs). */
#ifndef SYSCOPE_TESTS_PROC_RECORDER_H
#define SYSCOPE_TESTS_PROC_RECORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scap_reader.h"

struct rec_str {
	char *s;
	uint32_t len;
};

struct rec_thread {
	struct proc_info pi; /* its str_refs point into the copies below */
	struct rec_str comm, exe, exepath, args, cwd, env, cgroups, root;
};

struct rec_fd {
	int64_t tid;
	struct fd_info fi;
	struct rec_str name;
};

struct recorder {
	struct rec_thread *threads;
	size_t nthreads, cap_threads;
	struct rec_fd *fds;
	size_t nfds, cap_fds;
	size_t nusers, ngroups, nifaces, nmachines;
	struct machine_info machine;
	bool saw_loopback_v4;
	/* Records are also handed on to this sink, if set (e.g. a state's). */
	const struct scap_sink *next;
};

static inline struct rec_str rec_copy(struct str_ref r)
{
	struct rec_str c = { malloc(r.len + 1u), r.len };
	if (c.s) {
		if (r.len)
			memcpy(c.s, r.ptr, r.len);
		c.s[r.len] = '\0';
	}
	return c;
}

static inline void *rec_grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	size_t ncap = *cap ? *cap * 2 : 32;
	void *q = realloc(p, ncap * size);
	if (!q) {
		fprintf(stderr, "proc_recorder: out of memory\n");
		exit(2);
	}
	*cap = ncap;
	return q;
}

static inline void rec_on_thread(void *ctx, const struct proc_info *pi)
{
	struct recorder *r = ctx;
	r->threads = rec_grow(r->threads, &r->cap_threads, r->nthreads, sizeof *r->threads);
	struct rec_thread *t = &r->threads[r->nthreads++];
	t->pi = *pi;
	t->comm = rec_copy(pi->comm);
	t->exe = rec_copy(pi->exe);
	t->exepath = rec_copy(pi->exepath);
	t->args = rec_copy(pi->args);
	t->cwd = rec_copy(pi->cwd);
	t->env = rec_copy(pi->env);
	t->cgroups = rec_copy(pi->cgroups);
	t->root = rec_copy(pi->root);
	if (r->next && r->next->thread)
		r->next->thread(r->next->ctx, pi);
}

static inline void rec_on_fd(void *ctx, int64_t tid, const struct fd_info *fi)
{
	struct recorder *r = ctx;
	r->fds = rec_grow(r->fds, &r->cap_fds, r->nfds, sizeof *r->fds);
	struct rec_fd *f = &r->fds[r->nfds++];
	f->tid = tid;
	f->fi = *fi;
	f->name = rec_copy(fi->name);
	if (r->next && r->next->fd)
		r->next->fd(r->next->ctx, tid, fi);
}

static inline void rec_on_user(void *ctx, const struct user_info *ui)
{
	struct recorder *r = ctx;
	r->nusers++;
	if (r->next && r->next->user)
		r->next->user(r->next->ctx, ui);
}

static inline void rec_on_group(void *ctx, const struct group_info *gi)
{
	struct recorder *r = ctx;
	r->ngroups++;
	if (r->next && r->next->group)
		r->next->group(r->next->ctx, gi);
}

static inline void rec_on_iface(void *ctx, const struct iface_info *ii)
{
	struct recorder *r = ctx;
	static const uint8_t lo[4] = { 127, 0, 0, 1 };
	r->nifaces++;
	if (ii->type == 1 && memcmp(ii->addr, lo, 4) == 0)
		r->saw_loopback_v4 = true;
	if (r->next && r->next->iface)
		r->next->iface(r->next->ctx, ii);
}

static inline void rec_on_machine(void *ctx, const struct machine_info *mi)
{
	struct recorder *r = ctx;
	r->nmachines++;
	r->machine = *mi;
	if (r->next && r->next->machine)
		r->next->machine(r->next->ctx, mi);
}

static inline struct scap_sink recorder_sink(struct recorder *r)
{
	struct scap_sink s = { .ctx = r, .machine = rec_on_machine, .thread = rec_on_thread,
			       .fd = rec_on_fd, .user = rec_on_user, .group = rec_on_group,
			       .iface = rec_on_iface };
	return s;
}

static inline const struct rec_thread *rec_thread(const struct recorder *r, int64_t tid)
{
	for (size_t i = 0; i < r->nthreads; i++)
		if (r->threads[i].pi.tid == tid)
			return &r->threads[i];
	return NULL;
}

static inline const struct rec_fd *rec_fd(const struct recorder *r, int64_t tid, int64_t fd)
{
	for (size_t i = 0; i < r->nfds; i++)
		if (r->fds[i].tid == tid && r->fds[i].fi.fd == fd)
			return &r->fds[i];
	return NULL;
}

static inline size_t rec_fd_count(const struct recorder *r, int64_t tid)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfds; i++)
		n += r->fds[i].tid == tid;
	return n;
}

static inline void recorder_free(struct recorder *r)
{
	for (size_t i = 0; i < r->nthreads; i++) {
		struct rec_thread *t = &r->threads[i];
		free(t->comm.s);
		free(t->exe.s);
		free(t->exepath.s);
		free(t->args.s);
		free(t->cwd.s);
		free(t->env.s);
		free(t->cgroups.s);
		free(t->root.s);
	}
	for (size_t i = 0; i < r->nfds; i++)
		free(r->fds[i].name.s);
	free(r->threads);
	free(r->fds);
	memset(r, 0, sizeof *r);
}

#endif
