/* The sysdig module: what a chisel may ask of, or tell, the run as a
 * whole (the global filter, the buffer format, machine info, the tables,
 * timestamps as decimal strings, ending the capture, a small UDP client). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chisel_internal.h"
#include "state.h"

static struct chisel_set *need_set(lua_State *L, const char *fn)
{
	struct chisel *c = chisel_self(L);
	if (!c->set)
		chisel_raise(L, "sysdig.%s() cannot be called while chisel %s loads", fn, c->name);
	return c->set;
}

static int l_set_filter(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	struct chisel_set *s = need_set(L, "set_filter");
	const char *text = luaL_optstring(L, 1, "");
	if (s->started)
		return chisel_raise(L, "chisel %s: sysdig.set_filter() can only be called before the "
				       "capture starts (from on_init)", c->name);
	char err[512];
	struct filter *f = filter_compile(text, err, sizeof err);
	if (!f)
		return chisel_raise(L, "invalid filter in chisel %s: %s", c->name, err);
	filter_free(f);
	char *dup = strdup(text);
	if (!dup)
		return chisel_raise(L, "out of memory");
	free(s->filter_text);
	s->filter_text = dup;
	s->opts->filter = *dup ? dup : NULL;
	return 0;
}

static int l_get_filter(lua_State *L)
{
	struct chisel_set *s = need_set(L, "get_filter");
	lua_pushstring(L, s->opts->filter ? s->opts->filter : "");
	return 1;
}

static int l_set_snaplen(lua_State *L)
{
	need_set(L, "set_snaplen")->opts->snaplen = (uint32_t)lua_tointeger(L, 1);
	return 0;
}

static const struct {
	const char *name;
	enum buf_mode mode;
} buffer_formats[] = {
	{ "normal", BUF_DOTS }, { "simple", BUF_DOTS },   { "json", BUF_DOTS },
	{ "hex", BUF_HEX },     { "hexascii", BUF_HEXASCII }, { "ascii", BUF_ASCII },
	{ "base64", BUF_BASE64 }, { "jsonbase64", BUF_BASE64 },
};

static int l_set_output_format(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	struct chisel_set *s = need_set(L, "set_output_format");
	const char *fmt = luaL_optstring(L, 1, "");
	for (size_t i = 0; i < sizeof buffer_formats / sizeof buffer_formats[0]; i++) {
		if (strcmp(fmt, buffer_formats[i].name) == 0) {
			/* -A, -x, -X or -b on the command line win */
			if (!s->opts->buf_forced) {
				s->opts->buf = buffer_formats[i].mode;
				s->pr.ro.buf = buffer_formats[i].mode;
			}
			return 0;
		}
	}
	return chisel_raise(L, "invalid set_output_format value '%s' in chisel %s", fmt, c->name);
}

static int l_set_fatfile_dump_mode(lua_State *L)
{
	need_set(L, "set_fatfile_dump_mode")->opts->fatfile = lua_toboolean(L, 1);
	return 0;
}

static int l_is_live(lua_State *L)
{
	lua_pushboolean(L, need_set(L, "is_live")->opts->live);
	return 1;
}

static int l_is_tty(lua_State *L)
{
	lua_pushboolean(L, isatty(STDOUT_FILENO));
	return 1;
}

static int l_get_terminal_info(lua_State *L)
{
	struct winsize w;
	int width = -1, height = -1;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0) {
		width = w.ws_col;
		height = w.ws_row;
	}
	lua_newtable(L);
	lua_pushnumber(L, width);
	lua_setfield(L, -2, "width");
	lua_pushnumber(L, height);
	lua_setfield(L, -2, "height");
	return 1;
}

static int l_get_output_format(lua_State *L)
{
	lua_pushstring(L, need_set(L, "get_output_format")->opts->json ? "json" : "normal");
	return 1;
}

static int l_is_print_container_data(lua_State *L)
{
	lua_pushboolean(L, need_set(L, "is_print_container_data")->opts->print_container);
	return 1;
}

static int l_get_evtsource_name(lua_State *L)
{
	struct chisel_set *s = need_set(L, "get_evtsource_name");
	lua_pushstring(L, s->opts->live || !s->opts->source ? "" : s->opts->source);
	return 1;
}

static int l_get_machine_info(lua_State *L)
{
	struct chisel_set *s = need_set(L, "get_machine_info");
	const struct machine_info *m = s->st ? state_machine(s->st) : NULL;
	if (!m)
		return chisel_raise(L, "get_machine_info can only be called from the on_capture_start "
				       "callback or later");
	lua_newtable(L);
	lua_pushnumber(L, m->num_cpus);
	lua_setfield(L, -2, "num_cpus");
	lua_pushnumber(L, (lua_Number)m->memory_bytes);
	lua_setfield(L, -2, "memory_size_bytes");
	lua_pushnumber(L, (lua_Number)m->max_pid);
	lua_setfield(L, -2, "max_pid");
	lua_pushstring(L, m->hostname);
	lua_setfield(L, -2, "hostname");
	return 1;
}

static int l_get_thread_table(lua_State *L)
{
	return chisel_push_thread_table(L, chisel_self(L), true, false);
}

static int l_get_thread_table_nofds(lua_State *L)
{
	return chisel_push_thread_table(L, chisel_self(L), false, false);
}

static int l_get_thread_table_barebone(lua_State *L)
{
	return chisel_push_thread_table(L, chisel_self(L), true, true);
}

static int l_get_thread_table_barebone_nofds(lua_State *L)
{
	return chisel_push_thread_table(L, chisel_self(L), false, true);
}

static int l_get_container_table(lua_State *L)
{
	return chisel_push_container_table(L, chisel_self(L));
}

static void push_u64(lua_State *L, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRIu64, v);
	lua_pushstring(L, buf);
}

static int l_get_firstevent_ts(lua_State *L)
{
	push_u64(L, need_set(L, "get_firstevent_ts")->first_ts);
	return 1;
}

static int l_get_lastevent_ts(lua_State *L)
{
	push_u64(L, need_set(L, "get_lastevent_ts")->last_ts);
	return 1;
}

/* Timestamps travel as decimal strings: a Lua number loses nanoseconds. */
static uint64_t arg_u64(lua_State *L, int i)
{
	const char *s = lua_tostring(L, i);
	return s ? strtoull(s, NULL, 10) : 0;
}

static int l_make_ts(lua_State *L)
{
	uint64_t s = (uint32_t)lua_tointeger(L, 1), ns = (uint32_t)lua_tointeger(L, 2);
	push_u64(L, s * 1000000000ull + ns);
	return 1;
}

static int l_add_ts(lua_State *L)
{
	push_u64(L, arg_u64(L, 1) + arg_u64(L, 2));
	return 1;
}

static int l_subtract_ts(lua_State *L)
{
	push_u64(L, arg_u64(L, 1) - arg_u64(L, 2));
	return 1;
}

static int l_end_capture(lua_State *L)
{
	need_set(L, "end_capture")->end_requested = true;
	return 0;
}

static int l_run_app(lua_State *L)
{
	struct chisel_set *s = need_set(L, "run_app");
	char *dup = strdup(luaL_optstring(L, 1, ""));
	if (!dup)
		return chisel_raise(L, "out of memory");
	free(s->next_run);
	s->next_run = dup;
	return 0;
}

/* Warnings and worse reach stderr; debug and info only with -v. */
static int l_log(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	const char *msg = luaL_optstring(L, 1, "");
	const char *sev = luaL_optstring(L, 2, "info");
	bool loud = strcmp(sev, "debug") != 0 && strcmp(sev, "info") != 0;
	if (loud || (c->set && c->set->opts->verbose))
		fprintf(stderr, "%s: %s\n", c->name, msg);
	return 0;
}

static int l_udp_setpeername(lua_State *L)
{
	struct chisel_set *s = need_set(L, "udp_setpeername");
	const char *ip = luaL_checkstring(L, 1);
	int port = (int)luaL_checkinteger(L, 2);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1)
		return chisel_raise(L, "udp_setpeername: '%s' is not an IPv4 address", ip);
	if (s->udp_fd < 0)
		s->udp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s->udp_fd < 0 || connect(s->udp_fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		return chisel_raise(L, "udp_setpeername: cannot reach %s:%d", ip, port);
	return 0;
}

static int l_udp_send(lua_State *L)
{
	struct chisel_set *s = need_set(L, "udp_send");
	size_t len;
	const char *data = luaL_checklstring(L, 1, &len);
	if (s->udp_fd < 0)
		return chisel_raise(L, "udp_send before udp_setpeername");
	(void)!send(s->udp_fd, data, len, MSG_DONTWAIT);
	return 0;
}

static int l_get_read_progress(lua_State *L)
{
	struct chisel_set *s = need_set(L, "get_read_progress");
	lua_pushnumber(L, s->opts->read_progress ? s->opts->read_progress(s->opts->progress_arg) : 0);
	return 1;
}

static const luaL_Reg sysdig_funcs[] = {
	{ "set_filter", l_set_filter },
	{ "get_filter", l_get_filter },
	{ "set_snaplen", l_set_snaplen },
	{ "set_output_format", l_set_output_format },
	{ "set_fatfile_dump_mode", l_set_fatfile_dump_mode },
	{ "is_live", l_is_live },
	{ "is_tty", l_is_tty },
	{ "get_terminal_info", l_get_terminal_info },
	{ "get_output_format", l_get_output_format },
	{ "is_print_container_data", l_is_print_container_data },
	{ "get_evtsource_name", l_get_evtsource_name },
	{ "get_machine_info", l_get_machine_info },
	{ "get_thread_table", l_get_thread_table },
	{ "get_thread_table_nofds", l_get_thread_table_nofds },
	{ "get_thread_table_barebone", l_get_thread_table_barebone },
	{ "get_thread_table_barebone_nofds", l_get_thread_table_barebone_nofds },
	{ "get_container_table", l_get_container_table },
	{ "get_firstevent_ts", l_get_firstevent_ts },
	{ "get_lastevent_ts", l_get_lastevent_ts },
	{ "make_ts", l_make_ts },
	{ "add_ts", l_add_ts },
	{ "subtract_ts", l_subtract_ts },
	{ "end_capture", l_end_capture },
	{ "run_app", l_run_app },
	{ "log", l_log },
	{ "udp_setpeername", l_udp_setpeername },
	{ "udp_send", l_udp_send },
	{ "get_read_progress", l_get_read_progress },
	{ NULL, NULL },
};

void chisel_open_sysdig(lua_State *L, struct chisel *c)
{
	chisel_open_module(L, "sysdig", sysdig_funcs, c);
}
