/* See container_meta.h. */
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "container_meta.h"

#define ID_LEN 64              /* a container id, as the cgroup paths hold it */
#define SEEN_MAX 4096          /* ids asked about; past that, new ones are not */
#define QUEUE_MAX 64           /* ids waiting for the worker; more are dropped */
#define ANSWER_MAX (1u << 20)  /* bytes of an answer read at most */
#define TIMEOUT_MS 1000        /* for the whole exchange with the runtime */

struct done {
	uint8_t *json; /* the container json document, NUL-terminated */
	size_t len;
	struct done *next;
};

struct container_meta {
	char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	/* Under lock: the ids to ask about, and the finished documents. */
	char queue[QUEUE_MAX][ID_LEN + 1];
	unsigned qhead, qlen;
	struct done *done_head, **done_tail;
	/* Documents finished, also read without the lock (atomically), so
	 * that the engine asks for none with a load per event, not a lock. */
	uint64_t finished;
	/* The main thread's only: ids already asked about (a plain array,
	 * searched from the end: a host has few containers), the record it
	 * last delivered, and where each event type's cgroups are. */
	char (*seen)[ID_LEN];
	size_t nseen;
	uint64_t taken; /* documents delivered */
	uint8_t *record;
	int8_t cgroups_index[EVENT_TYPE_MAX];
	struct scap_sink inner;
};

/* ---- the worker: one HTTP exchange per container ----------------------- */

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

/* GET /containers/ID/json: the body of a 200 answer (malloc'd, NUL-terminated),
 * or NULL.  HTTP/1.0, so the runtime closes the connection at the end and
 * sends no chunks. */
static char *http_get(const char *sock_path, const char *id, size_t *body_len)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return NULL;
	uint64_t deadline = now_ms() + TIMEOUT_MS;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	memcpy(sa.sun_path, sock_path, strlen(sock_path) + 1);
	char *buf = NULL;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 &&
	    (errno != EINPROGRESS && errno != EAGAIN))
		goto fail;
	char req[160];
	int rl = snprintf(req, sizeof req, "GET /containers/%.*s/json HTTP/1.0\r\nHost: docker\r\n\r\n",
			  ID_LEN, id);
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
			if (cap >= ANSWER_MAX)
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

static const char *str_at(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Docker's description of a container → the document sysdig's container
 * json events carry (the members capture/state/container.c reads). */
static char *sysdig_json(const char *id, const char *answer, size_t len, size_t *out_len)
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
	const char *image = str_at(config, "Image");
	const char *image_id = str_at(d, "Image");
	if (strncmp(image_id, "sha256:", 7) == 0)
		image_id += 7;
	/* repository and tag: IMAGE is [registry/]repo[:tag][@digest] */
	char repo[512] = "", tag[128] = "", digest[128] = "";
	const char *at = strchr(image, '@');
	size_t ilen = at ? (size_t)(at - image) : strlen(image);
	if (at)
		snprintf(digest, sizeof digest, "%s", at + 1);
	const char *slash = memrchr(image, '/', ilen);
	const char *colon = memrchr(slash ? slash : image, ':', ilen - (size_t)((slash ? slash : image) - image));
	size_t rlen = colon ? (size_t)(colon - image) : ilen;
	snprintf(repo, sizeof repo, "%.*s", (int)rlen, image);
	if (colon)
		snprintf(tag, sizeof tag, "%.*s", (int)(ilen - rlen - 1), colon + 1);
	else if (!at && ilen)
		snprintf(tag, sizeof tag, "latest");
	json_t *mounts = json_array();
	const json_t *m;
	size_t i;
	json_array_foreach(json_object_get(d, "Mounts"), i, m) {
		json_array_append_new(mounts, json_pack("{s:s, s:s, s:s, s:b, s:s}",
			"Source", str_at(m, "Source"), "Destination", str_at(m, "Destination"),
			"Mode", str_at(m, "Mode"), "RW", json_is_true(json_object_get(m, "RW")),
			"Propagation", str_at(m, "Propagation")));
	}
	json_t *c = json_pack("{s:s%, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}",
		"id", id, (size_t)12, "type", CT_DOCKER, "name", name, "image", image,
		"imageid", image_id, "imagerepo", repo, "imagetag", tag, "imagedigest", digest,
		"privileged", json_is_true(json_object_get(host, "Privileged")), "Mounts", mounts);
	json_t *doc = c ? json_pack("{s:o}", "container", c) : NULL;
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	json_decref(d);
	if (text)
		*out_len = strlen(text);
	return text;
}

static void *worker_main(void *arg)
{
	struct container_meta *m = arg;
	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		if (!m->qlen) {
			pthread_cond_wait(&m->wake, &m->lock);
			continue;
		}
		char id[ID_LEN + 1];
		memcpy(id, m->queue[m->qhead], sizeof id);
		m->qhead = (m->qhead + 1) % QUEUE_MAX;
		m->qlen--;
		pthread_mutex_unlock(&m->lock);
		size_t alen = 0, jlen = 0;
		char *answer = http_get(m->sock_path, id, &alen);
		char *json = answer ? sysdig_json(id, answer, alen, &jlen) : NULL;
		free(answer);
		struct done *d = json ? malloc(sizeof *d) : NULL;
		if (d) {
			d->json = (uint8_t *)json;
			d->len = jlen;
			d->next = NULL;
		} else {
			free(json);
		}
		pthread_mutex_lock(&m->lock);
		if (d) {
			*m->done_tail = d;
			m->done_tail = &d->next;
			__atomic_fetch_add(&m->finished, 1, __ATOMIC_RELEASE);
		}
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

/* ---- the main thread's side --------------------------------------------- */

/* $DOCKER_HOST when it is a unix:// address, else Docker's default. */
static const char *socket_path(void)
{
	const char *h = getenv("DOCKER_HOST");
	if (h && strncmp(h, "unix://", 7) == 0)
		return h + 7;
	return "/var/run/docker.sock";
}

struct container_meta *container_meta_open(void)
{
	const char *path = socket_path();
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return NULL;
	struct container_meta *m = calloc(1, sizeof *m);
	if (!m || strlen(path) >= sizeof m->sock_path || !(m->seen = calloc(SEEN_MAX, ID_LEN))) {
		if (m)
			free(m->seen);
		free(m);
		return NULL;
	}
	memcpy(m->sock_path, path, strlen(path) + 1);
	m->done_tail = &m->done_head;
	for (unsigned t = 0; t < EVENT_TYPE_MAX; t++) {
		m->cgroups_index[t] = -1;
		const struct event_info *info = event_info_of((uint16_t)t);
		for (unsigned i = 0; info && i < info->nparams_all && i < EVENT_MAX_PARAMS; i++)
			if (strcmp(info->params[i].name, "cgroups") == 0)
				m->cgroups_index[t] = (int8_t)i;
	}
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->wake, NULL);
	if (pthread_create(&m->worker, NULL, worker_main, m) != 0) {
		pthread_mutex_destroy(&m->lock);
		pthread_cond_destroy(&m->wake);
		free(m->seen);
		free(m);
		return NULL;
	}
	return m;
}

void container_meta_close(struct container_meta *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	/* At most one exchange in progress, bounded by TIMEOUT_MS. */
	pthread_join(m->worker, NULL);
	for (struct done *d = m->done_head, *next; d; d = next) {
		next = d->next;
		free(d->json);
		free(d);
	}
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->wake);
	free(m->record);
	free(m->seen);
	free(m);
}

void container_meta_note(struct container_meta *m, const char *cgroups, size_t len)
{
	if (!m)
		return;
	const char *id = container_id_in_cgroups(cgroups, len);
	if (!id)
		return;
	for (size_t i = m->nseen; i-- > 0;)
		if (memcmp(m->seen[i], id, ID_LEN) == 0)
			return;
	if (m->nseen == SEEN_MAX)
		return;
	memcpy(m->seen[m->nseen++], id, ID_LEN);
	pthread_mutex_lock(&m->lock);
	if (m->qlen < QUEUE_MAX) {
		char *q = m->queue[(m->qhead + m->qlen) % QUEUE_MAX];
		memcpy(q, id, ID_LEN);
		q[ID_LEN] = '\0';
		m->qlen++;
		pthread_cond_signal(&m->wake);
	}
	pthread_mutex_unlock(&m->lock);
}

void container_meta_note_event(struct container_meta *m, const struct event *ev)
{
	if (!m || ev->type >= EVENT_TYPE_MAX)
		return;
	int i = m->cgroups_index[ev->type];
	if (i >= 0 && (uint32_t)i < ev->nparams && ev->param_len[i])
		container_meta_note(m, (const char *)ev->param[i], ev->param_len[i]);
}

int container_meta_next(struct container_meta *m, uint64_t ts, struct event *ev)
{
	if (!m || __atomic_load_n(&m->finished, __ATOMIC_ACQUIRE) == m->taken)
		return 0;
	pthread_mutex_lock(&m->lock);
	struct done *d = m->done_head;
	if (d) {
		m->done_head = d->next;
		if (!m->done_head)
			m->done_tail = &m->done_head;
	}
	pthread_mutex_unlock(&m->lock);
	if (!d)
		return 0;
	m->taken++;
	/* The record: header (ts, tid -1, length, type, one parameter), the
	 * parameter's u32 length (a large-payload event), the JSON and its NUL. */
	uint32_t vlen = (uint32_t)d->len + 1;
	uint32_t rlen = SCAP_EVT_HDR_LEN + 4 + vlen;
	uint8_t *rec = malloc(rlen);
	int rc = 0;
	if (rec) {
		int64_t tid = -1;
		uint16_t type = EVT_CONTAINER_JSON_2_E;
		uint32_t np = 1;
		memcpy(rec, &ts, 8);
		memcpy(rec + 8, &tid, 8);
		memcpy(rec + 16, &rlen, 4);
		memcpy(rec + 20, &type, 2);
		memcpy(rec + 22, &np, 4);
		memcpy(rec + 26, &vlen, 4);
		memcpy(rec + 30, d->json, vlen);
		const char *why;
		if (event_parse(ev, rec, rlen, &why) == 0) {
			free(m->record);
			m->record = rec;
			rc = 1;
		} else {
			free(rec);
		}
	}
	free(d->json);
	free(d);
	return rc;
}

/* ---- the /proc scan's threads ------------------------------------------- */

static void ms_section(void *ctx)
{
	struct container_meta *m = ctx;
	if (m->inner.section_start)
		m->inner.section_start(m->inner.ctx);
}
static void ms_machine(void *ctx, const struct machine_info *mi)
{
	struct container_meta *m = ctx;
	if (m->inner.machine)
		m->inner.machine(m->inner.ctx, mi);
}
static void ms_thread(void *ctx, const struct proc_info *pi)
{
	struct container_meta *m = ctx;
	container_meta_note(m, pi->cgroups.ptr, pi->cgroups.len);
	if (m->inner.thread)
		m->inner.thread(m->inner.ctx, pi);
}
static void ms_fd(void *ctx, int64_t tid, const struct fd_info *fi)
{
	struct container_meta *m = ctx;
	if (m->inner.fd)
		m->inner.fd(m->inner.ctx, tid, fi);
}
static void ms_user(void *ctx, const struct user_info *ui)
{
	struct container_meta *m = ctx;
	if (m->inner.user)
		m->inner.user(m->inner.ctx, ui);
}
static void ms_group(void *ctx, const struct group_info *gi)
{
	struct container_meta *m = ctx;
	if (m->inner.group)
		m->inner.group(m->inner.ctx, gi);
}
static void ms_iface(void *ctx, const struct iface_info *ii)
{
	struct container_meta *m = ctx;
	if (m->inner.iface)
		m->inner.iface(m->inner.ctx, ii);
}
static void ms_meta(void *ctx, const uint8_t *rec, uint32_t len, bool v1)
{
	struct container_meta *m = ctx;
	if (m->inner.meta_event)
		m->inner.meta_event(m->inner.ctx, rec, len, v1);
}

struct scap_sink container_meta_sink(struct container_meta *m, const struct scap_sink *inner)
{
	m->inner = *inner;
	struct scap_sink k = {
		.ctx = m, .section_start = ms_section, .machine = ms_machine, .thread = ms_thread,
		.fd = ms_fd, .user = ms_user, .group = ms_group, .iface = ms_iface,
		.meta_event = ms_meta,
	};
	return k;
}
