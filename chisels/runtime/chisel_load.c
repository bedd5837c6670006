/* Loading a chisel: a Lua state with the standard libraries and syscope's
 * chisel, evt and sysdig modules, the chisel folders on package.path, the
 * script run once, and its description and args read back. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chisel_internal.h"

int chisel_raise(lua_State *L, const char *fmt, ...)
{
	char msg[CHISEL_ERR_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* where in the chisel the call came from: file:line: */
	luaL_where(L, 1);
	lua_pushstring(L, msg);
	lua_concat(L, 2);
	return lua_error(L);
}

/* package.path gets every chisel folder, in search order, ahead of
 * LuaJIT's own entries: require "common" finds syscope's helpers first. */
static void set_package_path(lua_State *L)
{
	char dirs[CHISEL_MAX_DIRS][4096];
	unsigned n = chisel_dirs(dirs, CHISEL_MAX_DIRS);
	lua_getglobal(L, "package");
	for (unsigned i = 0; i < n; i++)
		lua_pushfstring(L, "%s?.lua;", dirs[i]);
	lua_getfield(L, -1 - (int)n, "path");
	lua_concat(L, (int)n + 1);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
}

lua_State *chisel_new_lua(struct chisel *c)
{
	lua_State *L = luaL_newstate();
	if (!L)
		return NULL;
	luaL_openlibs(L);
	chisel_open_api(L, c);
	chisel_open_sysdig(L, c);
	set_package_path(L);
	return L;
}

bool chisel_pcall(struct chisel *c, int nargs, int nresults, const char *what)
{
	if (lua_pcall(c->L, nargs, nresults, 0) == 0)
		return true;
	const char *msg = lua_tostring(c->L, -1);
	/* A message the set already holds (a failure it reported itself)
	 * is kept as it is. */
	if (c->set && c->set->err[0] && msg && strcmp(msg, c->set->err) == 0)
		snprintf(c->err, sizeof c->err, "%s", msg);
	else
		snprintf(c->err, sizeof c->err, "%s%s%s", c->name, what, msg ? msg : "(error object is not a string)");
	lua_pop(c->L, 1);
	return false;
}

static char *dup_field(lua_State *L, int idx, const char *key)
{
	lua_getfield(L, idx, key);
	char *s = lua_isstring(L, -1) ? strdup(lua_tostring(L, -1)) : NULL;
	lua_pop(L, 1);
	return s;
}

static char *dup_global(lua_State *L, const char *key)
{
	return dup_field(L, LUA_GLOBALSINDEX, key);
}

/* args = { { name=, description=, argtype=, optional= }, ... } */
static bool read_args(struct chisel *c, char *err, size_t errlen)
{
	lua_State *L = c->L;
	lua_getglobal(L, "args");
	if (!lua_istable(L, -1)) {
		lua_getglobal(L, "view_info");
		bool view = lua_istable(L, -1);
		lua_pop(L, 2);
		snprintf(err, errlen, "cannot load chisel %s: %s %s", c->name, c->path,
			 view ? "is a top view, not a chisel" : "has no 'args' table");
		return false;
	}
	size_t n = lua_objlen(L, -1);
	c->args = calloc(n ? n : 1, sizeof *c->args);
	if (!c->args) {
		lua_pop(L, 1);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (size_t i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, (int)i);
		if (lua_istable(L, -1)) {
			struct chisel_arg *a = &c->args[c->nargs++];
			a->name = dup_field(L, -1, "name");
			a->argtype = dup_field(L, -1, "argtype");
			a->description = dup_field(L, -1, "description");
			lua_getfield(L, -1, "optional");
			a->optional = lua_toboolean(L, -1);
			lua_pop(L, 1);
			if (!a->name)
				a->name = strdup("");
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return true;
}

/* Run the file's top-level code in a fresh state and read what it
 * declares.  The chisel's fields, filter and formatter stay empty. */
static bool load_file(struct chisel *c, char *err, size_t errlen)
{
	c->L = chisel_new_lua(c);
	if (!c->L) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	if (luaL_loadfile(c->L, c->path) || lua_pcall(c->L, 0, 0, 0)) {
		snprintf(err, errlen, "cannot load chisel %s: %s", c->name, lua_tostring(c->L, -1));
		return false;
	}
	c->description = dup_global(c->L, "description");
	c->short_description = dup_global(c->L, "short_description");
	c->category = dup_global(c->L, "category");
	lua_getglobal(c->L, "hidden");
	c->hidden = lua_toboolean(c->L, -1);
	lua_getglobal(c->L, "on_event");
	c->has_on_event = lua_isfunction(c->L, -1);
	lua_pop(c->L, 2);
	return read_args(c, err, errlen);
}

/* What a loaded chisel holds besides its name and set. */
static void unload(struct chisel *c)
{
	if (c->L)
		lua_close(c->L);
	c->L = NULL;
	for (unsigned i = 0; i < c->nfields; i++)
		free(c->fields[i].scratch);
	free(c->fields);
	c->fields = NULL;
	c->nfields = c->fields_cap = 0;
	filter_free(c->filter);
	c->filter = NULL;
	free(c->filter_text);
	c->filter_text = NULL;
	format_free(c->formatter);
	c->formatter = NULL;
	for (unsigned i = 0; i < c->nargs; i++) {
		free(c->args[i].name);
		free(c->args[i].argtype);
		free(c->args[i].description);
	}
	free(c->args);
	c->args = NULL;
	c->nargs = 0;
	free(c->description);
	free(c->short_description);
	free(c->category);
	c->description = c->short_description = c->category = NULL;
	free(c->path);
	c->path = NULL;
	c->interval_ns = c->precise_ns = 0;
	c->seen_first = false;
	c->last_sample = c->last_interval_ts = 0;
}

static void clear_exec(struct chisel *c)
{
	free(c->exec_name);
	c->exec_name = NULL;
	for (unsigned i = 0; i < c->nexec_args; i++)
		free(c->exec_args[i]);
	free(c->exec_args);
	c->exec_args = NULL;
	c->nexec_args = 0;
}

void chisel_free(struct chisel *c)
{
	if (!c)
		return;
	unload(c);
	clear_exec(c);
	free(c->name);
	free(c);
}

/* Load the chisel file NAME finds into c (its name kept). */
static bool load_named(struct chisel *c, const char *name, char *err, size_t errlen)
{
	char path[4200];
	if (!chisel_find(name, path, sizeof path)) {
		snprintf(err, errlen, "chisel '%s' not found (looked for %s.lua in the chisel "
				      "folders; syscope -cl lists them)", name, name);
		return false;
	}
	c->path = strdup(path);
	if (!c->path) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	return load_file(c, err, errlen);
}

struct chisel *chisel_load(const char *name, char *err, size_t errlen)
{
	struct chisel *c = calloc(1, sizeof *c);
	if (!c || !(c->name = strdup(name))) {
		free(c);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!load_named(c, name, err, errlen)) {
		chisel_free(c);
		return NULL;
	}
	if (!c->description) {
		snprintf(err, errlen, "cannot load chisel %s: %s sets no 'description'%s", name,
			 c->path, "");
		chisel_free(c);
		return NULL;
	}
	return c;
}

unsigned chisel_required_args(const struct chisel *c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < c->nargs; i++)
		n += !c->args[i].optional;
	return n;
}

unsigned chisel_optional_args(const struct chisel *c)
{
	return c->nargs - chisel_required_args(c);
}

bool chisel_takes_filter(const struct chisel *c)
{
	return c->nargs == 1 && c->args[0].argtype && strcmp(c->args[0].argtype, "filter") == 0;
}

const char *chisel_name(const struct chisel *c)
{
	return c->name;
}

/* sysdig's split: blanks separate, '…' or `…` group (the quotes go). */
static char **split_words(const char *s, unsigned *n, bool *unbalanced)
{
	size_t len = strlen(s);
	char **v = calloc(len / 2 + 2, sizeof *v);
	char *w = malloc(len + 1);
	*n = 0;
	*unbalanced = false;
	if (!v || !w) {
		free(v);
		free(w);
		return NULL;
	}
	size_t i = 0;
	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t k = 0;
		char quote = 0;
		while (i < len && (quote || (s[i] != ' ' && s[i] != '\t'))) {
			if (!quote && (s[i] == '\'' || s[i] == '`'))
				quote = s[i];
			else if (quote && s[i] == quote)
				quote = 0;
			else
				w[k++] = s[i];
			i++;
		}
		if (quote)
			*unbalanced = true;
		w[k] = 0;
		v[(*n)++] = strdup(w);
	}
	free(w);
	return v;
}

static void free_words(char **v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Hand values to on_set_arg, checking their count first. */
static bool push_args(struct chisel *c, char **vals, unsigned n, char *err, size_t errlen)
{
	unsigned req = chisel_required_args(c), opt = chisel_optional_args(c);
	if (n < req) {
		snprintf(err, errlen, "wrong number of parameters for chisel %s, %u required, %u given",
			 c->name, req, n);
		return false;
	}
	if (n > req + opt) {
		snprintf(err, errlen, "too many parameters for chisel %s, %u required, %u optional, "
				      "%u given", c->name, req, opt, n);
		return false;
	}
	for (unsigned i = 0; i < n; i++) {
		lua_getglobal(c->L, "on_set_arg");
		if (!lua_isfunction(c->L, -1)) {
			lua_pop(c->L, 1);
			snprintf(err, errlen, "chisel %s has arguments but no on_set_arg() function",
				 c->name);
			return false;
		}
		lua_pushstring(c->L, c->args[i].name);
		lua_pushstring(c->L, vals[i] ? vals[i] : "");
		if (!chisel_pcall(c, 2, 1, " chisel error: ")) {
			snprintf(err, errlen, "%s", c->err);
			return false;
		}
		bool is_bool = lua_isboolean(c->L, -1), ok = lua_toboolean(c->L, -1);
		lua_pop(c->L, 1);
		if (!is_bool) {
			snprintf(err, errlen, "%s chisel error: on_set_arg() must return a boolean",
				 c->name);
			return false;
		}
		if (!ok) {
			snprintf(err, errlen, "set_arg() for chisel %s failed.", c->name);
			return false;
		}
	}
	return true;
}

bool chisel_set_args(struct chisel *c, const char *words, char *err, size_t errlen)
{
	unsigned n;
	bool unbalanced;
	char **v = split_words(words ? words : "", &n, &unbalanced);
	if (!v) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	bool ok;
	if (unbalanced) {
		snprintf(err, errlen, "unbalanced quote in the arguments of chisel %s: '%s'", c->name,
			 words);
		ok = false;
	} else {
		ok = push_args(c, v, n, err, errlen);
	}
	free_words(v, n);
	return ok;
}

/* chisel.exec from on_init: this chisel becomes the one named, with the
 * values given, and that one's on_init runs in turn. */
static bool run_exec(struct chisel *c)
{
	char *name = c->exec_name;
	char **vals = c->exec_args;
	unsigned n = c->nexec_args;
	c->exec_name = NULL;
	c->exec_args = NULL;
	c->nexec_args = 0;
	unload(c);
	char err[CHISEL_ERR_MAX];
	bool ok = load_named(c, name, err, sizeof err) && push_args(c, vals, n, err, sizeof err);
	if (!ok)
		snprintf(c->err, sizeof c->err, "%s", err);
	free(name);
	free_words(vals, n);
	return ok;
}

bool chisel_init(struct chisel *c)
{
	for (int depth = 0; depth < 16; depth++) {
		lua_getglobal(c->L, "on_init");
		if (!lua_isfunction(c->L, -1)) {
			lua_pop(c->L, 1);
			return true;
		}
		if (!chisel_pcall(c, 0, 1, ": error in init(): "))
			return false;
		bool is_bool = lua_isboolean(c->L, -1), ok = lua_toboolean(c->L, -1);
		lua_pop(c->L, 1);
		if (!c->exec_name) {
			if (!is_bool) {
				snprintf(c->err, sizeof c->err,
					 "%s chisel error: on_init() must return a boolean", c->name);
				return false;
			}
			if (!ok)
				snprintf(c->err, sizeof c->err, "init() for chisel %s failed.", c->name);
			return ok;
		}
		if (!run_exec(c))
			return false;
	}
	snprintf(c->err, sizeof c->err, "chisel %s: chisel.exec() nested too deep", c->name);
	return false;
}
