/* The container table: metadata events in (JSON and the old event), what
 * each container holds, bad documents counted and ignored, and the
 * container id in cgroup paths. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "container.h"
#include "event_table.h"

/* An event of `type` whose one parameter is text (the JSON), standing in
 * for a record (only copied, never parsed, by the table). */
static struct event json_event(uint16_t type, const char *text)
{
	struct event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.tid = -1;
	ev.nparams = 1;
	ev.param[0] = (const uint8_t *)text;
	ev.param_len[0] = (uint32_t)strlen(text) + 1;
	ev.record = (const uint8_t *)text;
	ev.record_len = (uint32_t)strlen(text);
	return ev;
}

static const char full[] =
	"{\"container\":{\"id\":\"697956520d89\",\"name\":\"hopeful_taussig\","
	"\"image\":\"nginx:latest\",\"imageid\":\"f68d6e55\",\"imagerepo\":\"nginx\","
	"\"imagetag\":\"latest\",\"imagedigest\":\"sha256:96fb\",\"type\":0,"
	"\"privileged\":true,\"Mounts\":[{\"Source\":\"/var/lib/x\",\"Destination\":\"/data\","
	"\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"rprivate\"},{\"Source\":\"/etc/ro\","
	"\"Destination\":\"/cfg\",\"Mode\":\"\",\"RW\":false,\"Propagation\":\"\"}],"
	"\"Healthcheck\":{\"exe\":\"curl\",\"args\":[\"-f\",\"http://localhost/\"]}}}";

static void a_json_event_fills_a_container(void)
{
	struct container_table *ct = container_table_new();
	struct event ev = json_event(EVT_CONTAINER_JSON_E, full);
	const struct container *c = container_table_add_event(ct, &ev);
	CHECK(c != NULL);
	if (!c)
		goto out;
	CHECK_STREQ(c->id, "697956520d89");
	CHECK_STREQ(c->name, "hopeful_taussig");
	CHECK_STREQ(c->image, "nginx:latest");
	CHECK_STREQ(c->image_id, "f68d6e55");
	CHECK_STREQ(c->image_repo, "nginx");
	CHECK_STREQ(c->image_tag, "latest");
	CHECK_STREQ(c->image_digest, "sha256:96fb");
	CHECK_STREQ(container_type_name(c->type), "docker");
	CHECK_INTEQ(c->privileged, 1);
	CHECK_INTEQ(c->nmounts, 2);
	CHECK_STREQ(c->mounts[0].source, "/var/lib/x");
	CHECK_STREQ(c->mounts[0].dest, "/data");
	CHECK_STREQ(c->mounts[0].propagation, "rprivate");
	CHECK(c->mounts[0].rdwr && !c->mounts[1].rdwr);
	CHECK_STREQ(c->healthcheck.exe, "curl");
	CHECK_STREQ(c->healthcheck.args, "-f http://localhost/");
	CHECK(c->liveness.exe == NULL && c->readiness.exe == NULL);
	/* the record is kept whole for files written later */
	CHECK_INTEQ(c->record_len, strlen(full));
	CHECK(container_table_find(ct, "697956520d89", 12) == c);
	CHECK(container_table_find(ct, "697956520d8", 11) == NULL);
	CHECK_INTEQ(container_table_bad(ct), 0);
out:
	container_table_free(ct);
}

static void the_same_id_again_replaces_it(void)
{
	struct container_table *ct = container_table_new();
	struct event a = json_event(EVT_CONTAINER_JSON_2_E,
				    "{\"container\":{\"id\":\"abc\",\"name\":\"one\"}}");
	struct event b = json_event(EVT_CONTAINER_JSON_E,
				    "{\"container\":{\"id\":\"abc\",\"name\":\"two\"}}");
	container_table_add_event(ct, &a);
	container_table_add_event(ct, &b);
	CHECK(container_table_at(ct, 1) == NULL);
	const struct container *c = container_table_at(ct, 0);
	CHECK(c && strcmp(c->name, "two") == 0);
	/* absent members have no value; unknown type and privilege too */
	CHECK(c && c->image == NULL && c->type == -1 && c->privileged == -1 && !c->nmounts);
	container_table_free(ct);
}

static void bad_documents_are_counted_and_ignored(void)
{
	static const char *const bad[] = {
		"", "{", "not json", "[]", "{\"container\":[]}", "{\"container\":{}}",
		"{\"container\":{\"id\":\"\"}}", "{\"container\":{\"id\":7}}",
		"{\"container\":{\"id\":\"x\",\"Mounts\":[1,2]}", /* cut short */
	};
	struct container_table *ct = container_table_new();
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct event ev = json_event(EVT_CONTAINER_JSON_E, bad[i]);
		CHECK(container_table_add_event(ct, &ev) == NULL);
	}
	CHECK_INTEQ(container_table_bad(ct), sizeof bad / sizeof bad[0]);
	CHECK(container_table_at(ct, 0) == NULL);
	/* odd members of a good document are skipped, not fatal */
	struct event odd = json_event(EVT_CONTAINER_JSON_E,
				      "{\"container\":{\"id\":\"x\",\"name\":5,\"Mounts\":[7],"
				      "\"Healthcheck\":{\"args\":[1,\"a\"]}}}");
	const struct container *c = container_table_add_event(ct, &odd);
	CHECK(c && c->name == NULL && c->nmounts == 1 && c->mounts[0].source[0] == '\0');
	CHECK(c && strcmp(c->healthcheck.exe, "") == 0 && strcmp(c->healthcheck.args, "a") == 0);
	/* no parameter at all, and events of other types */
	struct event none = json_event(EVT_CONTAINER_JSON_E, "x");
	none.nparams = 0;
	CHECK(container_table_add_event(ct, &none) == NULL);
	struct event other = json_event(EVT_PROCEXIT_1_E, full);
	CHECK(container_table_add_event(ct, &other) == NULL);
	container_table_free(ct);
}

static void the_old_event_has_four_parameters(void)
{
	struct container_table *ct = container_table_new();
	struct event ev;
	memset(&ev, 0, sizeof ev);
	uint32_t type = CT_CRIO;
	ev.type = EVT_CONTAINER_E;
	ev.nparams = 4;
	const char *vals[4] = { "0123456789ab", NULL, "web", "nginx" };
	for (int i = 0; i < 4; i++) {
		ev.param[i] = i == 1 ? (const uint8_t *)&type : (const uint8_t *)vals[i];
		ev.param_len[i] = i == 1 ? 4 : (uint32_t)strlen(vals[i]) + 1;
	}
	ev.record = (const uint8_t *)"rec";
	ev.record_len = 3;
	const struct container *c = container_table_add_event(ct, &ev);
	CHECK(c && strcmp(c->name, "web") == 0 && strcmp(c->image, "nginx") == 0);
	CHECK(c && strcmp(container_type_name(c->type), "cri-o") == 0);
	ev.nparams = 3;
	CHECK(container_table_add_event(ct, &ev) == NULL);
	container_table_free(ct);
}

static void cgroup_paths_give_the_id(void)
{
	static const char docker[] =
		"cpuset=/docker/697956520d891b5cb0e215093970c733549a3f745f52263c05b37f8a4889947c";
	const char *id = container_id_in_cgroups(docker, sizeof docker);
	CHECK(id && strncmp(id, "697956520d89", 12) == 0);
	static const char kube[] =
		"cpu=/\0memory=/kubepods/burstable/pod1f/"
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	id = container_id_in_cgroups(kube, sizeof kube);
	CHECK(id && strncmp(id, "0123456789ab", 12) == 0);
	static const char host[] = "cpu=/user.slice\0memory=/user.slice";
	CHECK(container_id_in_cgroups(host, sizeof host) == NULL);
	static const char shortid[] = "cpu=/docker/0123456789ab";
	CHECK(container_id_in_cgroups(shortid, sizeof shortid) == NULL);
	CHECK(container_id_in_cgroups(NULL, 0) == NULL);
	CHECK(container_type_name(-1) == NULL && container_type_name(CT_TYPE_COUNT) == NULL);
}

int main(void)
{
	a_json_event_fills_a_container();
	the_same_id_again_replaces_it();
	bad_documents_are_counted_and_ignored();
	the_old_event_has_four_parameters();
	cgroup_paths_give_the_id();
	return check_summary();
}
