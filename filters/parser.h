/* Filter parser: text -> AST, by recursive descent.
 *
 *   filter  := [ or ]                       (blank text = no filter)
 *   or      := and { "or" and }
 *   and     := unary { "and" unary }
 *   unary   := "not" unary | "(" or ")" | check
 *   check   := FIELD "exists"
 *            | FIELD cmpop VALUE
 *            | FIELD listop "(" VALUE { "," VALUE } ")"
 *   cmpop   := = == != < <= > >= contains icontains bcontains startswith
 *              bstartswith endswith glob iglob regex
 *   listop  := in intersects pmatch
 *
 * Precedence is not > and > or (newer libs); sysdig 0.29.3 rejected mixing
 * and/or without parentheses, so every filter it accepted means the same
 * here.  Keywords are lower case. */
#ifndef SYSCOPE_FILTER_PARSER_H
#define SYSCOPE_FILTER_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "lexer.h"

enum cmp_op {
	CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE,
	CMP_CONTAINS, CMP_ICONTAINS, CMP_BCONTAINS,
	CMP_STARTSWITH, CMP_BSTARTSWITH, CMP_ENDSWITH,
	CMP_GLOB, CMP_IGLOB, CMP_REGEX,
	CMP_IN, CMP_INTERSECTS, CMP_PMATCH,
	CMP_EXISTS,
	CMP_COUNT
};

/* "=", "contains", ... */
const char *cmp_op_name(enum cmp_op op);
bool cmp_op_is_list(enum cmp_op op);

enum ast_kind { AST_AND, AST_OR, AST_NOT, AST_CHECK };

struct ast_value {
	char *text;  /* decoded, NUL-terminated (may hold NUL bytes) */
	size_t len;
	size_t pos;  /* source offset, for messages */
	bool quoted;
};

struct ast_node {
	enum ast_kind kind;
	size_t pos; /* source offset of the node's first token */
	/* AST_AND / AST_OR: two or more children; AST_NOT: one */
	struct ast_node **kids;
	size_t nkids;
	/* AST_CHECK */
	char *field;      /* as written, NUL-terminated */
	size_t field_pos;
	enum cmp_op op;
	size_t op_pos;
	struct ast_value *vals; /* one for cmpops, any number for listops */
	size_t nvals;
};

#define FILTER_MAX_DEPTH 200 /* nesting of parentheses and 'not' */

/* Parse text[0..len).  Returns true and the tree in *out (NULL for a blank
 * filter), or false with *d describing the first error. */
bool filter_parse(const char *text, size_t len, struct ast_node **out, struct filter_diag *d);

void ast_free(struct ast_node *n);

/* Canonical text of a tree, fully parenthesised, values quoted:
 *   (evt.type = "open" and (not proc.name in ("a", "b")))
 * malloc'd; for tests and debugging. */
char *ast_to_string(const struct ast_node *n);

#endif
