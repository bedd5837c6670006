/* The container runtimes asked live: which naming a cgroup path's id comes
 * from, which runtimes may know it, how Docker's (and podman's) and
 * CRI-O's descriptions become sysdig's container json document, and one
 * real exchange with a server on a unix socket. */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"
#include "container.h"
#include "container_runtime.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void naming_gives_the_runtime(void)
{
	static const struct {
		const char *cgroups;
		enum container_runtime runtime;
	} cases[] = {
		{ "cpuset=/docker/" ID, CR_DOCKER },
		{ "=/system.slice/docker-" ID ".scope", CR_DOCKER },
		{ "=/machine.slice/libpod-" ID ".scope", CR_PODMAN },
		{ "=/kubepods.slice/kubepods-pod1.slice/crio-" ID ".scope", CR_CRIO },
		{ "=/system.slice/cri-containerd-" ID ".scope", CR_CONTAINERD },
		{ "memory=/kubepods/burstable/pod1f/" ID, CR_KUBEPODS },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum container_runtime cr = (enum container_runtime)-1;
		const char *id = container_id_and_runtime(cases[i].cgroups, strlen(cases[i].cgroups), &cr);
		CHECK(id && strncmp(id, ID, 64) == 0);
		CHECK_INTEQ(cr, cases[i].runtime);
	}
	enum runtime_kind kinds[RK_COUNT];
	CHECK_INTEQ(runtime_kinds_for(CR_PODMAN, kinds), 1);
	CHECK_INTEQ(kinds[0], RK_PODMAN);
	CHECK_INTEQ(runtime_kinds_for(CR_KUBEPODS, kinds), 2);
	CHECK(kinds[0] == RK_CRIO && kinds[1] == RK_DOCKER);
	/* containerd speaks only gRPC */
	CHECK_INTEQ(runtime_kinds_for(CR_CONTAINERD, kinds), 0);
}

static void socket_paths_from_the_environment(void)
{
	unsetenv("CONTAINER_HOST");
	CHECK_STREQ(runtime_socket_path(RK_PODMAN), "/run/podman/podman.sock");
	setenv("CONTAINER_HOST", "unix:///tmp/p.sock", 1);
	CHECK_STREQ(runtime_socket_path(RK_PODMAN), "/tmp/p.sock");
	/* not a unix socket: the default */
	setenv("CONTAINER_RUNTIME_ENDPOINT", "tcp://10.0.0.1:1234", 1);
	CHECK_STREQ(runtime_socket_path(RK_CRIO), "/var/run/crio/crio.sock");
	unsetenv("CONTAINER_HOST");
	unsetenv("CONTAINER_RUNTIME_ENDPOINT");
}

/* The member KEY of the document's container, as text ("" when absent). */
static const char *member(json_t *doc, const char *key)
{
	const json_t *v = json_object_get(json_object_get(doc, "container"), key);
	return json_is_string(v) ? json_string_value(v) : "";
}

static void docker_answer_becomes_sysdig_json(void)
{
	static const char answer[] =
		"{\"Name\": \"/web\", \"Image\": \"sha256:feed\", "
		"\"Config\": {\"Image\": \"registry.io:5000/team/nginx:1.25\"}, "
		"\"HostConfig\": {\"Privileged\": true}, "
		"\"Mounts\": [{\"Source\": \"/srv\", \"Destination\": \"/data\", \"Mode\": \"ro\", "
		"\"RW\": false, \"Propagation\": \"rprivate\"}]}";
	size_t len = 0;
	char *text = runtime_docker_to_sysdig(ID, answer, sizeof answer - 1, &len);
	CHECK(text && len == strlen(text));
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	CHECK_STREQ(member(doc, "id"), "0123456789ab");
	CHECK_STREQ(member(doc, "name"), "web");
	CHECK_STREQ(member(doc, "imagerepo"), "registry.io:5000/team/nginx");
	CHECK_STREQ(member(doc, "imagetag"), "1.25");
	CHECK_STREQ(member(doc, "imageid"), "feed");
	CHECK(json_is_true(json_object_get(json_object_get(doc, "container"), "privileged")));
	json_decref(doc);
	free(text);
	CHECK(runtime_docker_to_sysdig(ID, "not json", 8, &len) == NULL);
}

static void crio_answer_becomes_sysdig_json(void)
{
	static const char answer[] =
		"{\"name\": \"k8s_app_pod-1_default_uid_0\", \"pid\": 42, "
		"\"image\": \"quay.io/org/app@sha256:abcd\", \"image_ref\": \"sha256:beef\", "
		"\"labels\": {\"io.kubernetes.container.name\": \"app\"}, \"sandbox\": \"s\"}";
	size_t len = 0;
	char *text = runtime_crio_to_sysdig(ID, answer, sizeof answer - 1, &len);
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	CHECK(doc != NULL);
	CHECK_STREQ(member(doc, "name"), "app");
	CHECK_STREQ(member(doc, "imagerepo"), "quay.io/org/app");
	CHECK_STREQ(member(doc, "imagedigest"), "sha256:abcd");
	CHECK_STREQ(member(doc, "imagetag"), "");
	CHECK_STREQ(member(doc, "imageid"), "beef");
	const json_t *c = json_object_get(doc, "container");
	CHECK_INTEQ(json_integer_value(json_object_get(c, "type")), CT_CRIO);
	/* CRI-O does not tell: no member, so container.privileged is <NA> */
	CHECK(json_object_get(c, "privileged") == NULL);
	json_decref(doc);
	free(text);
	/* no image: not a description */
	CHECK(runtime_crio_to_sysdig(ID, "{\"name\": \"x\"}", 13, &len) == NULL);
}

struct server {
	int fd;
	char request[512];
	const char *answer;
};

static void *serve_one(void *arg)
{
	struct server *s = arg;
	int c = accept(s->fd, NULL, NULL);
	if (c < 0)
		return NULL;
	ssize_t n = read(c, s->request, sizeof s->request - 1);
	s->request[n > 0 ? n : 0] = '\0';
	if (write(c, s->answer, strlen(s->answer)) < 0)
		s->request[0] = '\0';
	close(c);
	return NULL;
}

static void one_exchange_over_a_unix_socket(void)
{
	char dir[] = "/tmp/syscope-rt.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/crio.sock", dir);
	struct server s = {
		.fd = socket(AF_UNIX, SOCK_STREAM, 0),
		.answer = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
			  "{\"name\": \"db\", \"image\": \"postgres:16\", \"image_ref\": \"\"}",
	};
	CHECK(bind(s.fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(s.fd, 1) == 0);
	pthread_t t;
	CHECK(pthread_create(&t, NULL, serve_one, &s) == 0);
	size_t len = 0;
	char *text = runtime_describe(RK_CRIO, sa.sun_path, ID, 2000, &len);
	pthread_join(t, NULL);
	CHECK(strncmp(s.request, "GET /containers/" ID " HTTP/1.0\r\n", 16 + 64 + 11) == 0);
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	CHECK_STREQ(member(doc, "name"), "db");
	CHECK_STREQ(member(doc, "imagetag"), "16");
	json_decref(doc);
	free(text);
	/* nobody listening any more: NULL, at once */
	close(s.fd);
	CHECK(runtime_describe(RK_CRIO, sa.sun_path, ID, 2000, &len) == NULL);
	unlink(sa.sun_path);
	rmdir(dir);
}

int main(void)
{
	naming_gives_the_runtime();
	socket_paths_from_the_environment();
	docker_answer_becomes_sysdig_json();
	crio_answer_becomes_sysdig_json();
	one_exchange_over_a_unix_socket();
	return check_summary();
}
