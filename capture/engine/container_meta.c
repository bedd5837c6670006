/* See container_meta.h. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "container.h"
#include "container_meta.h"
#include "container_runtime.h"

#define ID_LEN 64              /* a container id, as the cgroup paths hold it */
#define SEEN_MAX 4096          /* ids asked about; past that, new ones are not */
#define QUEUE_MAX 64           /* ids waiting for the worker; more are dropped */
#define TIMEOUT_MS 1000        /* for each exchange with a runtime */
#define SOCK_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

struct done {
	uint8_t *json; /* the container json document, NUL-terminated */
	size_t len;
	struct done *next;
};

struct queued {
	char id[ID_LEN + 1];
	enum container_runtime runtime; /* the naming the id was found in */
};

struct container_meta {
	/* The runtimes whose socket is there ("" for the others). */
	char sock_path[RK_COUNT][SOCK_PATH_MAX];
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	/* Under lock: the ids to ask about, and the finished documents. */
	struct queued queue[QUEUE_MAX];
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

/* ---- the worker: one HTTP exchange per runtime that may know it -------- */

/* The first description of q's container one of its runtimes gives. */
static char *describe(const struct container_meta *m, const struct queued *q, size_t *len)
{
	enum runtime_kind kinds[RK_COUNT];
	unsigned n = runtime_kinds_for(q->runtime, kinds);
	for (unsigned i = 0; i < n; i++) {
		const char *path = m->sock_path[kinds[i]];
		char *json = path[0] ? runtime_describe(kinds[i], path, q->id, TIMEOUT_MS, len) : NULL;
		if (json)
			return json;
	}
	return NULL;
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
		struct queued q = m->queue[m->qhead];
		m->qhead = (m->qhead + 1) % QUEUE_MAX;
		m->qlen--;
		pthread_mutex_unlock(&m->lock);
		size_t jlen = 0;
		char *json = describe(m, &q, &jlen);
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

/* Keep kind's socket path in m when a socket is there: true if so. */
static bool find_socket(struct container_meta *m, enum runtime_kind kind)
{
	const char *path = runtime_socket_path(kind);
	struct stat st;
	if (strlen(path) >= SOCK_PATH_MAX || stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return false;
	memcpy(m->sock_path[kind], path, strlen(path) + 1);
	return true;
}

struct container_meta *container_meta_open(void)
{
	struct container_meta *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	bool any = false;
	for (unsigned k = 0; k < RK_COUNT; k++)
		any |= find_socket(m, (enum runtime_kind)k);
	if (!any || !(m->seen = calloc(SEEN_MAX, ID_LEN))) {
		free(m);
		return NULL;
	}
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
	enum container_runtime runtime;
	const char *id = container_id_and_runtime(cgroups, len, &runtime);
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
		struct queued *q = &m->queue[(m->qhead + m->qlen) % QUEUE_MAX];
		memcpy(q->id, id, ID_LEN);
		q->id[ID_LEN] = '\0';
		q->runtime = runtime;
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
