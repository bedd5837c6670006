/* The kernel pushdown planner; see pushdown.h for what it may push. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event_table.h"
#include "parser.h"
#include "pushdown.h"

/* Event flags of events that change the state engine's tables. */
#define STATE_FLAGS (EF_CREATES_FD | EF_DESTROYS_FD | EF_MODIFIES_STATE)

static bool type_wanted(const struct event_typeset *types, bool restricted, uint16_t type)
{
	return !restricted || event_typeset_has(types, type);
}

static void plan_syscalls(const struct filter *f, bool enter_events, struct pushdown_plan *p)
{
	struct event_typeset types;
	bool restricted = f && filter_event_types(f, &types);
	p->all_syscalls = !restricted;
	/* Page faults change no state: they pass only when they may match. */
	p->page_faults = type_wanted(&types, restricted, EVT_PAGE_FAULT_E);
	for (uint32_t nr = 0; nr < PUSHDOWN_NR_MAX; nr++) {
		struct syscall_route r = { 0, EVT_GENERIC_E };
		syscall_route_of(nr, &r); /* unknown numbers are generic events */
		uint16_t enter = r.enter_event, exit = (uint16_t)(enter + 1);
		const struct event_info *xi = event_info_of(exit);
		bool keep = type_wanted(&types, restricted, exit) ||
			    (enter_events && type_wanted(&types, restricted, enter)) ||
			    (xi && (xi->flags & STATE_FLAGS));
		/* A generic event matches by the syscall it carries. */
		if (enter == EVT_GENERIC_E)
			keep = !restricted || filter_generic_sc(f, r.ppm_sc);
		p->syscall[nr] = keep;
	}
}

/* ---- process constraints ------------------------------------------------ */

enum pd_field { PD_NONE, PD_PID, PD_TID, PD_NAME, PD_UID };

static enum pd_field field_of(const char *name)
{
	static const struct { const char *name; enum pd_field f; } fields[] = {
		{ "proc.pid", PD_PID }, { "thread.tid", PD_TID },
		{ "proc.name", PD_NAME }, { "user.uid", PD_UID },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(name, fields[i].name) == 0)
			return fields[i].f;
	return PD_NONE;
}

static bool parse_u32(const struct ast_value *v, uint32_t *out)
{
	if (v->len == 0 || v->len > 10 || v->text[0] < '0' || v->text[0] > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v->text, &end, 10);
	if (errno || end != v->text + v->len || n > UINT32_MAX)
		return false;
	*out = (uint32_t)n;
	return true;
}

/* One comparison into the plan; false leaves the plan as it was. */
static bool take_check(const struct ast_node *c, struct pushdown_plan *p)
{
	if (c->op != CMP_EQ && c->op != CMP_IN)
		return false;
	enum pd_field fld = field_of(c->field);
	if (fld == PD_NONE || c->nvals == 0 || c->nvals > PUSHDOWN_VALUES)
		return false;
	/* A second constraint on the same field would need an intersection;
	 * keep the first one (the filter still checks both). */
	unsigned *count = fld == PD_PID ? &p->ntgids : fld == PD_TID ? &p->ntids
			: fld == PD_NAME ? &p->ncomms : &p->nuids;
	if (*count)
		return false;
	uint32_t nums[PUSHDOWN_VALUES];
	for (size_t i = 0; i < c->nvals; i++) {
		const struct ast_value *v = &c->vals[i];
		if (fld == PD_NAME) {
			/* The kernel keeps 15 characters: a longer name never
			 * matches a task name, and one with a NUL cannot either. */
			if (v->len >= PUSHDOWN_COMM_LEN || memchr(v->text, '\0', v->len))
				return false;
		} else if (!parse_u32(v, &nums[i])) {
			return false;
		}
	}
	for (size_t i = 0; i < c->nvals; i++) {
		switch (fld) {
		case PD_PID: p->tgids[i] = nums[i]; break;
		case PD_TID: p->tids[i] = nums[i]; break;
		case PD_UID: p->uids[i] = nums[i]; break;
		default:
			memset(p->comms[i], 0, PUSHDOWN_COMM_LEN);
			memcpy(p->comms[i], c->vals[i].text, c->vals[i].len);
		}
	}
	*count = (unsigned)c->nvals;
	return true;
}

static void plan_processes(const char *text, struct pushdown_plan *p)
{
	struct ast_node *ast = NULL;
	struct filter_diag d = { 0 };
	if (!text || !filter_parse(text, strlen(text), &ast, &d) || !ast) {
		ast_free(ast);
		return;
	}
	if (ast->kind == AST_CHECK)
		take_check(ast, p);
	else if (ast->kind == AST_AND)
		for (size_t i = 0; i < ast->nkids; i++)
			if (ast->kids[i]->kind == AST_CHECK)
				take_check(ast->kids[i], p);
	ast_free(ast);
}

void pushdown_plan_build(const char *text, const struct filter *compiled, bool enter_events,
			 struct pushdown_plan *out)
{
	memset(out, 0, sizeof *out);
	plan_syscalls(compiled, enter_events, out);
	if (compiled)
		plan_processes(text, out);
}

unsigned pushdown_syscall_count(const struct pushdown_plan *p)
{
	unsigned n = 0;
	for (unsigned i = 0; i < PUSHDOWN_NR_MAX; i++)
		n += p->syscall[i];
	return n;
}
