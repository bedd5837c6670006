/* Filter compiler: AST -> type-checked VM program.
 *
 * For each check it resolves the field (fields.h), checks that the
 * operator applies to the field's type, has the values converted once
 * (literals.h: numbers, booleans, addresses and networks, ports or service
 * names, hex bytes, sorted sets for "in"), compiles regular expressions,
 * and emits one instruction
 * whose true/false jumps encode and/or/not.  evt.type tests become bit
 * sets over event type ids; they also give the event types the filter can
 * match (kernel pushdown). */
#ifndef SYSCOPE_FILTER_COMPILE_H
#define SYSCOPE_FILTER_COMPILE_H

#include <stdbool.h>

#include "filter.h"
#include "lexer.h"
#include "parser.h"
#include "vm.h"

struct compiled_filter {
	struct vm_prog prog;
	struct event_typeset types; /* event types it can match */
	bool all_types;             /* ... or no restriction */
	uint64_t generic_sc[VM_SC_WORDS]; /* PPM_SC codes a matching generic event may carry */
	void **allocs;              /* everything the program points to */
	size_t nallocs;
};

/* ast may be NULL (blank filter: match everything). */
bool compile_ast(const struct ast_node *ast, struct compiled_filter *out, struct filter_diag *d);

void compiled_filter_release(struct compiled_filter *cf);

/* Is name an event type or a generic syscall name sysdig knows? */
bool event_type_name_known(const char *name, size_t len);

#endif
