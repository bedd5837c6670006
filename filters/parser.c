/* Filter parser: see parser.h. */
#include "parser.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const op_names[CMP_COUNT] = {
	[CMP_EQ] = "=",           [CMP_NE] = "!=",
	[CMP_LT] = "<",           [CMP_LE] = "<=",
	[CMP_GT] = ">",           [CMP_GE] = ">=",
	[CMP_CONTAINS] = "contains",       [CMP_ICONTAINS] = "icontains",
	[CMP_BCONTAINS] = "bcontains",     [CMP_STARTSWITH] = "startswith",
	[CMP_BSTARTSWITH] = "bstartswith", [CMP_ENDSWITH] = "endswith",
	[CMP_GLOB] = "glob",      [CMP_IGLOB] = "iglob",
	[CMP_REGEX] = "regex",    [CMP_IN] = "in",
	[CMP_INTERSECTS] = "intersects",   [CMP_PMATCH] = "pmatch",
	[CMP_EXISTS] = "exists",
};

const char *cmp_op_name(enum cmp_op op)
{
	return (unsigned)op < CMP_COUNT ? op_names[op] : "?";
}

bool cmp_op_is_list(enum cmp_op op)
{
	return op == CMP_IN || op == CMP_INTERSECTS || op == CMP_PMATCH;
}

static bool op_from_text(const char *s, size_t len, enum cmp_op *op)
{
	if (len == 2 && memcmp(s, "==", 2) == 0) {
		*op = CMP_EQ;
		return true;
	}
	for (int i = 0; i < CMP_COUNT; i++) {
		if (strlen(op_names[i]) == len && memcmp(op_names[i], s, len) == 0) {
			*op = (enum cmp_op)i;
			return true;
		}
	}
	return false;
}

struct parser {
	struct lexer lx;
	struct filter_diag *d;
	bool oom;
};

static struct ast_node *new_node(enum ast_kind k, size_t pos)
{
	struct ast_node *n = calloc(1, sizeof(*n));
	if (n) {
		n->kind = k;
		n->pos = pos;
	}
	return n;
}

void ast_free(struct ast_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		ast_free(n->kids[i]);
	free(n->kids);
	free(n->field);
	for (size_t i = 0; i < n->nvals; i++)
		free(n->vals[i].text);
	free(n->vals);
	free(n);
}

static bool add_kid(struct ast_node *n, struct ast_node *kid)
{
	struct ast_node **k = realloc(n->kids, (n->nkids + 1) * sizeof(*k));
	if (!k)
		return false;
	n->kids = k;
	n->kids[n->nkids++] = kid;
	return true;
}

/* Take the decoded text of a value token. */
static bool add_value(struct ast_node *n, struct token *t)
{
	struct ast_value *v = realloc(n->vals, (n->nvals + 1) * sizeof(*v));
	if (!v)
		return false;
	n->vals = v;
	v = &n->vals[n->nvals++];
	v->text = t->value;
	v->len = t->value_len;
	v->pos = t->pos;
	v->quoted = t->kind == TOK_QUOTED;
	t->value = NULL;
	return true;
}

/* Describe a token for "found X" messages. */
static const char *describe(const struct token *t, char *buf, size_t cap)
{
	if (t->kind == TOK_EOF)
		return "the end";
	size_t n = t->raw_len > 40 ? 40 : t->raw_len;
	snprintf(buf, cap, "'%.*s'", (int)n, t->raw);
	return buf;
}

static bool fail(struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;
	p->d->col = (int)pos + 1;
	va_start(ap, fmt);
	vsnprintf(p->d->msg, sizeof(p->d->msg), fmt, ap);
	va_end(ap);
	return false;
}

static struct ast_node *parse_or(struct parser *p, int depth);

/* "AND", "Or", "NOT": sysdig's keywords are lower case only. */
static bool is_upper_keyword(const struct token *t)
{
	static const char *const kw[] = { "and", "or", "not" };
	for (size_t k = 0; k < 3; k++) {
		size_t n = strlen(kw[k]);
		if (t->raw_len == n && strncasecmp(t->raw, kw[k], n) == 0 &&
		    memcmp(t->raw, kw[k], n) != 0)
			return true;
	}
	return false;
}

static void keyword_case(struct parser *p, const struct token *t)
{
	char low[4] = { 0 };
	for (size_t i = 0; i < t->raw_len && i < 3; i++)
		low[i] = (char)(t->raw[i] | 0x20);
	diag_set(p->d, t->pos, "keywords are lower case: write '%s', not '%.*s'", low,
		 (int)t->raw_len, t->raw);
}

static struct ast_node *parse_check(struct parser *p, struct token *ft)
{
	struct filter_diag *d = p->d;
	struct ast_node *n = new_node(AST_CHECK, ft->pos);
	struct token t;
	char buf[64];
	if (!n || !(n->field = strndup(ft->raw, ft->raw_len))) {
		p->oom = true;
		ast_free(n);
		return NULL;
	}
	n->field_pos = ft->pos;

	if (!lex_next(&p->lx, LEX_OPERATOR, &t, d))
		goto bad;
	if (t.kind == TOK_EOF) {
		fail(p, t.pos, "unexpected end of filter, expected an operator after '%s'",
		     n->field);
		goto bad;
	}
	bool is_op = t.kind == TOK_SYMOP || t.kind == TOK_WORD;
	if (!is_op || !op_from_text(t.raw, t.raw_len, &n->op)) {
		if (t.kind == TOK_WORD)
			fail(p, t.pos, "unknown operator %s after '%s'",
			     describe(&t, buf, sizeof(buf)), n->field);
		else
			fail(p, t.pos, "expected an operator after '%s', found %s", n->field,
			     describe(&t, buf, sizeof(buf)));
		goto bad;
	}
	n->op_pos = t.pos;
	char opname[16];
	snprintf(opname, sizeof(opname), "%.*s", (int)t.raw_len, t.raw);

	if (n->op == CMP_EXISTS)
		return n;

	if (!cmp_op_is_list(n->op)) {
		if (!lex_next(&p->lx, LEX_VALUE, &t, d))
			goto bad;
		if (t.kind != TOK_WORD && t.kind != TOK_QUOTED) {
			if (t.kind == TOK_EOF)
				fail(p, t.pos, "expected a value after '%s'", opname);
			else
				fail(p, t.pos, "expected a value after '%s', found %s", opname,
				     describe(&t, buf, sizeof(buf)));
			goto bad;
		}
		if (!add_value(n, &t)) {
			token_free(&t);
			p->oom = true;
			goto bad;
		}
		return n;
	}

	/* list: "(" value { "," value } ")".  As in sysdig, an empty slot is
	 * an empty value: "()" is (""), "(a,)" is (a, ""). */
	if (!lex_next(&p->lx, LEX_LIST_SEP, &t, d))
		goto bad;
	if (t.kind != TOK_LPAREN) {
		fail(p, t.pos, "expected '(' after '%s', found %s", opname,
		     describe(&t, buf, sizeof(buf)));
		goto bad;
	}
	for (;;) {
		if (!lex_next(&p->lx, LEX_LIST_VALUE, &t, d))
			goto bad;
		if (t.kind == TOK_EOF) {
			fail(p, t.pos, "unexpected end of filter, expected ')'");
			goto bad;
		}
		if (!add_value(n, &t)) {
			token_free(&t);
			p->oom = true;
			goto bad;
		}
		if (!lex_next(&p->lx, LEX_LIST_SEP, &t, d))
			goto bad;
		if (t.kind == TOK_RPAREN)
			return n;
		if (t.kind == TOK_COMMA)
			continue;
		if (t.kind == TOK_EOF)
			fail(p, t.pos, "unexpected end of filter, expected ')'");
		else
			fail(p, t.pos, "expected ',' or ')' after a list value, found %s",
			     describe(&t, buf, sizeof(buf)));
		goto bad;
	}
bad:
	ast_free(n);
	return NULL;
}

static struct ast_node *parse_unary(struct parser *p, int depth)
{
	struct token t;
	char buf[64];
	if (depth > FILTER_MAX_DEPTH) {
		diag_set(p->d, p->lx.pos, "filter is nested too deeply (more than %d levels)",
			 FILTER_MAX_DEPTH);
		return NULL;
	}
	if (!lex_next(&p->lx, LEX_EXPR, &t, p->d))
		return NULL;
	switch (t.kind) {
	case TOK_EOF:
		fail(p, t.pos, "unexpected end of filter, expected a field, 'not' or '('");
		return NULL;
	case TOK_LPAREN: {
		struct ast_node *n = parse_or(p, depth + 1);
		if (!n)
			return NULL;
		struct token c;
		if (!lex_next(&p->lx, LEX_EXPR, &c, p->d)) {
			ast_free(n);
			return NULL;
		}
		if (c.kind != TOK_RPAREN) {
			if (c.kind == TOK_EOF)
				fail(p, c.pos, "unexpected end of filter, expected ')'");
			else if (c.kind == TOK_WORD && is_upper_keyword(&c))
				keyword_case(p, &c);
			else
				fail(p, c.pos, "expected 'and', 'or' or ')', found %s",
				     describe(&c, buf, sizeof(buf)));
			ast_free(n);
			return NULL;
		}
		return n;
	}
	case TOK_WORD:
		if (token_is(&t, "not")) {
			struct ast_node *n = new_node(AST_NOT, t.pos);
			struct ast_node *kid = n ? parse_unary(p, depth + 1) : NULL;
			if (!kid || !add_kid(n, kid)) {
				if (!n)
					p->oom = true;
				ast_free(kid);
				ast_free(n);
				return NULL;
			}
			return n;
		}
		if (is_upper_keyword(&t)) {
			keyword_case(p, &t);
			return NULL;
		}
		if (token_is(&t, "and") || token_is(&t, "or")) {
			fail(p, t.pos, "expected a field, 'not' or '(', found %s",
			     describe(&t, buf, sizeof(buf)));
			return NULL;
		}
		return parse_check(p, &t);
	default:
		fail(p, t.pos, "expected a field, 'not' or '(', found %s",
		     describe(&t, buf, sizeof(buf)));
		return NULL;
	}
}

/* One level of a binary operator: kid { word kid }. */
static struct ast_node *parse_chain(struct parser *p, int depth, const char *word,
				    enum ast_kind kind)
{
	struct ast_node *first = kind == AST_OR ? parse_chain(p, depth, "and", AST_AND)
						: parse_unary(p, depth);
	struct ast_node *n = NULL;
	if (!first)
		return NULL;
	for (;;) {
		struct token t;
		size_t save = p->lx.pos;
		if (!lex_next(&p->lx, LEX_EXPR, &t, p->d))
			goto bad;
		if (t.kind != TOK_WORD || !token_is(&t, word)) {
			p->lx.pos = save;
			return n ? n : first;
		}
		if (!n) {
			n = new_node(kind, first->pos);
			if (!n || !add_kid(n, first)) {
				p->oom = true;
				goto bad;
			}
		}
		struct ast_node *kid = kind == AST_OR ? parse_chain(p, depth, "and", AST_AND)
						      : parse_unary(p, depth);
		if (!kid)
			goto bad;
		if (!add_kid(n, kid)) {
			ast_free(kid);
			p->oom = true;
			goto bad;
		}
	}
bad:
	if (n)
		ast_free(n);
	else
		ast_free(first);
	return NULL;
}

static struct ast_node *parse_or(struct parser *p, int depth)
{
	return parse_chain(p, depth, "or", AST_OR);
}

bool filter_parse(const char *text, size_t len, struct ast_node **out, struct filter_diag *d)
{
	struct parser p = { .d = d };
	struct token t;
	char buf[64];
	*out = NULL;
	lex_init(&p.lx, text, len);
	if (!lex_next(&p.lx, LEX_EXPR, &t, d))
		return false;
	if (t.kind == TOK_EOF)
		return true; /* blank: no filter */
	lex_unread(&p.lx, &t);
	struct ast_node *n = parse_or(&p, 0);
	if (!n) {
		if (p.oom)
			diag_set(d, 0, "out of memory");
		return false;
	}
	if (!lex_next(&p.lx, LEX_EXPR, &t, d)) {
		ast_free(n);
		return false;
	}
	if (t.kind != TOK_EOF) {
		if (t.kind == TOK_RPAREN)
			fail(&p, t.pos, "unexpected ')' with no matching '('");
		else if (t.kind == TOK_WORD && is_upper_keyword(&t))
			keyword_case(&p, &t);
		else
			fail(&p, t.pos, "expected 'and', 'or' or the end of the filter, found %s",
			     describe(&t, buf, sizeof(buf)));
		ast_free(n);
		return false;
	}
	*out = n;
	return true;
}

/* ---- canonical text ---- */

static void to_string(struct strbuf *b, const struct ast_node *n)
{
	switch (n->kind) {
	case AST_AND:
	case AST_OR:
		sb_puts(b, "(");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				sb_puts(b, n->kind == AST_AND ? " and " : " or ");
			to_string(b, n->kids[i]);
		}
		sb_puts(b, ")");
		break;
	case AST_NOT:
		sb_puts(b, "(not ");
		to_string(b, n->kids[0]);
		sb_puts(b, ")");
		break;
	case AST_CHECK:
		sb_puts(b, n->field);
		sb_puts(b, " ");
		sb_puts(b, cmp_op_name(n->op));
		if (n->op == CMP_EXISTS)
			break;
		sb_puts(b, " ");
		if (cmp_op_is_list(n->op)) {
			sb_puts(b, "(");
			for (size_t i = 0; i < n->nvals; i++) {
				if (i)
					sb_puts(b, ", ");
				sb_quoted(b, n->vals[i].text, n->vals[i].len);
			}
			sb_puts(b, ")");
		} else {
			sb_quoted(b, n->vals[0].text, n->vals[0].len);
		}
		break;
	}
}

char *ast_to_string(const struct ast_node *n)
{
	struct strbuf b = { 0 };
	if (n)
		to_string(&b, n);
	return sb_take(&b);
}
