/* What the chisel runtime's files share: the loaded chisel, the running
 * set, and the Lua glue between them. */
#ifndef SYSCOPE_CHISEL_INTERNAL_H
#define SYSCOPE_CHISEL_INTERNAL_H

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "chisel.h"
#include "fields.h"
#include "filter.h"
#include "format.h"
#include "print_event.h"
#include "state.h"

#define CHISEL_ERR_MAX 1024
#define CHISEL_MAX_DIRS 16

struct chisel_arg {
	char *name, *argtype, *description;
	bool optional;
};

/* The event the callbacks are running for; NULL members outside one. */
struct chisel_cursor {
	const struct event *ev;
	const struct evt_ctx *ctx;
	struct state *st;
};

struct chisel {
	lua_State *L;
	char *name;  /* as the user gave it: sysdig's messages name it so */
	char *path;  /* the file loaded */
	char *description, *short_description, *category;
	bool hidden;
	struct chisel_arg *args;
	unsigned nargs;
	bool has_on_event;
	/* chisel.request_field: references owned here (scratch included) */
	struct field_ref *fields;
	unsigned nfields, fields_cap;
	struct filter *filter;  /* chisel.set_filter */
	char *filter_text;      /* its text, for the kernel plan */
	struct format *formatter;
	uint64_t interval_ns, precise_ns;
	bool seen_first;
	uint64_t last_sample, last_interval_ts;
	/* chisel.exec from on_init: what replaces this chisel */
	char *exec_name;
	char **exec_args;
	unsigned nexec_args;
	struct chisel_set *set; /* the running set, NULL at option time */
	char err[CHISEL_ERR_MAX]; /* a message a C function raised with */
};

struct chisel_set {
	struct chisel **chisels;
	unsigned n;
	struct chisel_run_opts *opts;
	char *filter_text;   /* sysdig.set_filter's text, owned */
	bool started;        /* the input is open: the global filter is fixed */
	struct chisel_cursor cur;
	/* The last event the chisels saw, copied: sysdig's evt.* keep
	 * answering for it in on_interval and on_capture_end. */
	struct event last_ev;
	struct evt_ctx last_ctx;
	uint8_t *last_rec;
	uint32_t last_cap;
	const uint8_t *last_base; /* where last_ev's record was: its parameter
				   * pointers move into last_rec when it is used */
	bool has_last;
	struct state *st;
	uint64_t first_ts, last_ts;
	bool end_requested;
	bool failed;         /* a callback outside an event failed (idle ticks) */
	char *next_run;      /* sysdig.run_app */
	struct printer pr;   /* chisel formatters print through it */
	struct strbuf value; /* a byte buffer rendered for evt.field */
	int udp_fd;
	char err[CHISEL_ERR_MAX];
};

/* chisel_load.c */
lua_State *chisel_new_lua(struct chisel *c);
/* on_init, following chisel.exec to the chisel that replaces this one. */
bool chisel_init(struct chisel *c);
/* Call the global function `fn` with nargs arguments already pushed above
 * it; false with "<name> chisel error: <message>" in c->err. */
bool chisel_pcall(struct chisel *c, int nargs, int nresults, const char *what);

/* chisel_dirs.c: the folders searched, in order; "" ends the list. */
unsigned chisel_dirs(char dirs[][4096], unsigned max);
bool chisel_find(const char *name, char *path, size_t cap);

/* chisel_api.c: chisel.* and evt.* */
void chisel_open_api(lua_State *L, struct chisel *c);
/* A global module whose functions are closures over the chisel. */
void chisel_open_module(lua_State *L, const char *name, const luaL_Reg *funcs, struct chisel *c);
/* chisel_sysdig.c: sysdig.* */
void chisel_open_sysdig(lua_State *L, struct chisel *c);
/* chisel_tables.c: sysdig.get_thread_table and get_container_table */
int chisel_push_thread_table(lua_State *L, struct chisel *c, bool fds, bool barebone);
int chisel_push_container_table(lua_State *L, struct chisel *c);

/* The chisel a C function of the API was registered for. */
static inline struct chisel *chisel_self(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* Raise a Lua error from a C function of the API (does not return). */
int chisel_raise(lua_State *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
