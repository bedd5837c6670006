/* Public filter API: parse + compile + run.  See filter.h. */
#include "filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "parser.h"
#include "vm.h"

struct filter {
	struct compiled_filter c;
};

struct filter *filter_compile(const char *text, char *err, size_t errlen)
{
	struct filter_diag d = { 0 };
	struct ast_node *ast = NULL;
	struct filter *f = NULL;
	if (!text)
		text = "";
	if (!filter_parse(text, strlen(text), &ast, &d))
		goto fail;
	f = calloc(1, sizeof(*f));
	if (!f) {
		diag_set(&d, 0, "out of memory");
		goto fail;
	}
	if (!compile_ast(ast, &f->c, &d))
		goto fail;
	ast_free(ast);
	return f;
fail:
	ast_free(ast);
	free(f);
	if (err && errlen)
		snprintf(err, errlen, "filter error at column %d: %s", d.col > 0 ? d.col : 1,
			 d.msg);
	return NULL;
}

bool filter_match(struct filter *f, const struct event *ev, const struct evt_ctx *ctx,
		  struct state *st)
{
	return vm_run(&f->c.prog, ev, ctx, st);
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	compiled_filter_release(&f->c);
	free(f);
}

char *filter_dump(const struct filter *f)
{
	return vm_disasm(&f->c.prog);
}

bool filter_uses_flags(const struct filter *f, unsigned flags)
{
	for (uint32_t i = 0; i < f->c.prog.nslots; i++)
		if (f->c.prog.slots[i].ref.desc->flags & flags)
			return true;
	return false;
}

bool filter_fields_all(const struct filter *f, bool (*ok)(const struct field_desc *d))
{
	for (uint32_t i = 0; i < f->c.prog.nslots; i++)
		if (!ok(f->c.prog.slots[i].ref.desc))
			return false;
	return true;
}

bool filter_event_types(const struct filter *f, struct event_typeset *out)
{
	*out = f->c.types;
	return !f->c.all_types;
}

bool filter_generic_sc(const struct filter *f, uint16_t code)
{
	unsigned s = code < PPM_SC_MAX && ppm_sc_name(code) ? code : PPM_SC_MAX;
	return (f->c.generic_sc[s >> 6] >> (s & 63)) & 1;
}
