/* The chisel module (what a chisel asks of the run: fields, its filter,
 * a formatter, intervals, exec) and the evt module (the current event). */
#include <stdlib.h>
#include <string.h>

#include "chisel_internal.h"
#include "state.h"

/* Register funcs as module `name`, each a closure over the chisel. */
static void open_module(lua_State *L, const char *name, const luaL_Reg *funcs, struct chisel *c)
{
	lua_newtable(L);
	for (const luaL_Reg *f = funcs; f->name; f++) {
		lua_pushlightuserdata(L, c);
		lua_pushcclosure(L, f->func, 1);
		lua_setfield(L, -2, f->name);
	}
	lua_pushvalue(L, -1);
	lua_setglobal(L, name);
	/* require "chisel" finds it too */
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "loaded");
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, name);
	lua_pop(L, 3);
}

/* ---- chisel.* ---- */

static int l_request_field(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	const char *name = lua_tostring(L, 1);
	if (!name)
		return chisel_raise(L, "chisel requesting nil field");
	if (c->nfields == c->fields_cap) {
		unsigned cap = c->fields_cap ? c->fields_cap * 2 : 8;
		struct field_ref *f = realloc(c->fields, cap * sizeof *f);
		if (!f)
			return chisel_raise(L, "out of memory");
		c->fields = f;
		c->fields_cap = cap;
	}
	struct field_ref *ref = &c->fields[c->nfields];
	memset(ref, 0, sizeof *ref);
	size_t len = strlen(name), used = 0;
	char err[512];
	if (field_parse(name, len, ref, &used, err, sizeof err) < 0 || used != len)
		return chisel_raise(L, "chisel requesting nonexistent field %s", name);
	if (ref->desc->scratch_size) {
		ref->scratch = malloc(ref->desc->scratch_size);
		if (!ref->scratch)
			return chisel_raise(L, "out of memory");
		ref->scratch_cap = ref->desc->scratch_size;
	}
	c->nfields++;
	lua_pushnumber(L, c->nfields);
	return 1;
}

static int l_set_filter(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	const char *text = luaL_optstring(L, 1, "");
	char err[512];
	struct filter *f = filter_compile(text, err, sizeof err);
	if (!f)
		return chisel_raise(L, "invalid filter in chisel %s: %s", c->name, err);
	char *dup = strdup(text);
	if (!dup) {
		filter_free(f);
		return chisel_raise(L, "out of memory");
	}
	filter_free(c->filter);
	free(c->filter_text);
	c->filter = f;
	c->filter_text = dup;
	return 0;
}

/* sysdig's default line with every argument (evt.args) */
#define CHISEL_DEFAULT_FORMAT \
	"*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args"

static int l_set_event_formatter(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	const char *text = luaL_optstring(L, 1, "");
	if (!*text || strcmp(text, "default") == 0)
		text = CHISEL_DEFAULT_FORMAT;
	char err[512];
	struct format *f = format_compile(text, err, sizeof err);
	if (!f)
		return chisel_raise(L, "invalid formatter in chisel %s: %s", c->name, err);
	format_free(c->formatter);
	c->formatter = f;
	return 0;
}

static int l_set_interval_ns(lua_State *L)
{
	chisel_self(L)->interval_ns = (uint64_t)lua_tonumber(L, 1);
	return 0;
}

static int l_set_interval_s(lua_State *L)
{
	chisel_self(L)->interval_ns = (uint64_t)lua_tonumber(L, 1) * 1000000000ull;
	return 0;
}

static int l_set_precise_interval_ns(lua_State *L)
{
	chisel_self(L)->precise_ns = (uint64_t)lua_tonumber(L, 1);
	return 0;
}

static int l_exec(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	const char *name = lua_tostring(L, 1);
	if (!name)
		return chisel_raise(L, "invalid exec chisel name in chisel %s", c->name);
	int top = lua_gettop(L);
	char **vals = calloc((size_t)top, sizeof *vals);
	char *dup = strdup(name);
	if (!vals || !dup) {
		free(vals);
		free(dup);
		return chisel_raise(L, "out of memory");
	}
	unsigned n = 0;
	/* the values up to the first that is not a string, as sysdig */
	for (int i = 2; i <= top && lua_isstring(L, i); i++)
		vals[n++] = strdup(lua_tostring(L, i));
	free(c->exec_name);
	for (unsigned i = 0; i < c->nexec_args; i++)
		free(c->exec_args[i]);
	free(c->exec_args);
	c->exec_name = dup;
	c->exec_args = vals;
	c->nexec_args = n;
	return 0;
}

static const luaL_Reg chisel_funcs[] = {
	{ "request_field", l_request_field },
	{ "set_filter", l_set_filter },
	{ "set_event_formatter", l_set_event_formatter },
	{ "set_interval_ns", l_set_interval_ns },
	{ "set_interval_s", l_set_interval_s },
	{ "set_precise_interval_ns", l_set_precise_interval_ns },
	{ "exec", l_exec },
	{ NULL, NULL },
};

/* ---- evt.* ---- */

static const struct chisel_cursor *cursor(lua_State *L, const char *fn)
{
	struct chisel *c = chisel_self(L);
	if (!c->set || !c->set->cur.ev)
		chisel_raise(L, "invalid call to evt.%s() outside an event", fn);
	return &c->set->cur;
}

/* A value as sysdig hands it to Lua: numbers as numbers, booleans as
 * booleans, text and raw bytes (evt.rawarg.data) as strings, evt.buffer
 * rendered as the run shows buffers (dots for what is not printable,
 * unless a chisel or -A/-x/-X/-b chose another view), addresses as their
 * text. */
static void push_value(lua_State *L, struct chisel_set *s, const struct field_ref *ref,
		       const struct field_value *v)
{
	switch (ref->kind) {
	case VK_SIGNED:
		lua_pushnumber(L, (lua_Number)v->i);
		break;
	case VK_UNSIGNED:
		lua_pushnumber(L, (lua_Number)v->u);
		break;
	case VK_BOOL:
		lua_pushboolean(L, v->u != 0);
		break;
	case VK_DOUBLE:
		lua_pushnumber(L, v->d);
		break;
	case VK_STRING:
		lua_pushlstring(L, v->str.ptr ? v->str.ptr : "", v->str.len);
		break;
	case VK_BUFFER:
		if (!(ref->desc->flags & FF_SHOWN_BYTES)) {
			lua_pushlstring(L, v->str.ptr ? v->str.ptr : "", v->str.len);
			break;
		}
		sb_clear(&s->value);
		render_buffer(&s->value, (const uint8_t *)v->str.ptr, v->str.len, s->opts->buf);
		lua_pushlstring(L, s->value.data ? s->value.data : "", s->value.len);
		break;
	default: {
		char buf[128];
		field_value_format(ref, v, buf, sizeof buf);
		lua_pushstring(L, buf);
	}
	}
}

static int l_field(lua_State *L)
{
	struct chisel *c = chisel_self(L);
	const struct chisel_cursor *cur = cursor(L, "field");
	lua_Number h = lua_tonumber(L, 1);
	if (h < 1 || h > c->nfields || h != (lua_Number)(unsigned)h) {
		lua_pushnil(L);
		return 1;
	}
	const struct field_ref *ref = &c->fields[(unsigned)h - 1];
	struct field_value v;
	struct render_opts ro = { .buf = c->set->opts->buf, .verbose = true };
	fields_set_render_opts(&ro);
	bool have = field_extract(ref, cur->ev, cur->ctx, cur->st, &v);
	fields_set_render_opts(NULL);
	if (have)
		push_value(L, c->set, ref, &v);
	else
		lua_pushnil(L);
	return 1;
}

static int l_get_num(lua_State *L)
{
	lua_pushnumber(L, (lua_Number)cursor(L, "get_num")->ev->num);
	return 1;
}

static int l_get_ts(lua_State *L)
{
	uint64_t ts = cursor(L, "get_ts")->ev->ts;
	lua_pushinteger(L, (lua_Integer)(uint32_t)(ts / 1000000000u));
	lua_pushinteger(L, (lua_Integer)(uint32_t)(ts % 1000000000u));
	return 2;
}

static int l_get_type(lua_State *L)
{
	lua_pushstring(L, event_type_name(cursor(L, "get_type")->ev));
	return 1;
}

static int l_get_cpuid(lua_State *L)
{
	lua_pushinteger(L, cursor(L, "get_cpuid")->ev->cpu);
	return 1;
}

static const luaL_Reg evt_funcs[] = {
	{ "field", l_field },
	{ "get_num", l_get_num },
	{ "get_ts", l_get_ts },
	{ "get_type", l_get_type },
	{ "get_cpuid", l_get_cpuid },
	{ NULL, NULL },
};

void chisel_open_module(lua_State *L, const char *name, const luaL_Reg *funcs, struct chisel *c)
{
	open_module(L, name, funcs, c);
}

void chisel_open_api(lua_State *L, struct chisel *c)
{
	open_module(L, "chisel", chisel_funcs, c);
	open_module(L, "evt", evt_funcs, c);
}
