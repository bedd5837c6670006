/* The filter lexer: one token at a time, in the mode the parser expects. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lexer.h"

/* Scan one token of `mode` from the start of src. */
static struct token one(const char *src, enum lex_mode mode, bool *ok, struct filter_diag *d)
{
	struct lexer lx;
	struct token t;
	lex_init(&lx, src, strlen(src));
	*ok = lex_next(&lx, mode, &t, d);
	return t;
}

/* The decoded value of a value token, or NULL on a lexical error. */
static char *value_of(const char *src, bool in_list)
{
	struct filter_diag d = { 0 };
	bool ok;
	struct token t = one(src, in_list ? LEX_LIST_VALUE : LEX_VALUE, &ok, &d);
	if (!ok)
		return NULL;
	return t.value;
}

static void test_field_words_end_at_operators_and_parens(void)
{
	struct lexer lx;
	struct token t;
	struct filter_diag d = { 0 };
	const char *src = "fd.num>=3";
	lex_init(&lx, src, strlen(src));
	CHECK(lex_next(&lx, LEX_EXPR, &t, &d));
	CHECK_INTEQ(t.kind, TOK_WORD);
	CHECK(token_is(&t, "fd.num"));
	CHECK(lex_next(&lx, LEX_OPERATOR, &t, &d));
	CHECK_INTEQ(t.kind, TOK_SYMOP);
	CHECK(token_is(&t, ">="));
	CHECK(lex_next(&lx, LEX_VALUE, &t, &d));
	CHECK_INTEQ(t.kind, TOK_WORD);
	CHECK_STREQ(t.value, "3");
	CHECK_INTEQ(t.pos, 8);
	token_free(&t);
	CHECK(lex_next(&lx, LEX_EXPR, &t, &d));
	CHECK_INTEQ(t.kind, TOK_EOF);

	/* not(x): the keyword ends at the parenthesis */
	src = "not(evt.num>5)";
	lex_init(&lx, src, strlen(src));
	CHECK(lex_next(&lx, LEX_EXPR, &t, &d));
	CHECK(token_is(&t, "not"));
	CHECK(lex_next(&lx, LEX_EXPR, &t, &d));
	CHECK_INTEQ(t.kind, TOK_LPAREN);
	CHECK_INTEQ(t.pos, 3);
}

static void test_field_arguments_stay_in_one_word(void)
{
	bool ok;
	struct filter_diag d = { 0 };
	struct token t = one("proc.aname[2]=bash", LEX_EXPR, &ok, &d);
	CHECK(ok);
	CHECK(token_is(&t, "proc.aname[2]"));
	/* a bracket argument may hold blanks and operator characters */
	t = one("container.mount[/a b=c]=x", LEX_EXPR, &ok, &d);
	CHECK(ok);
	CHECK(token_is(&t, "container.mount[/a b=c]"));
	t = one("evt.arg[0", LEX_EXPR, &ok, &d);
	CHECK(!ok);
	CHECK_INTEQ(d.col, 8);
	CHECK_STREQ(d.msg, "missing ']' after '['");
}

static void test_operators(void)
{
	static const char *const ops[] = { "=", "==", "!=", "<", "<=", ">", ">=" };
	bool ok;
	struct filter_diag d = { 0 };
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		char src[16];
		snprintf(src, sizeof(src), "%s5", ops[i]);
		struct token t = one(src, LEX_OPERATOR, &ok, &d);
		CHECK(ok);
		CHECK_INTEQ(t.kind, TOK_SYMOP);
		CHECK(token_is(&t, ops[i]));
	}
	/* word operators end at the first non-letter: contains"x" works */
	struct token t = one("contains\"at\"", LEX_OPERATOR, &ok, &d);
	CHECK(token_is(&t, "contains"));
	t = one("in(1,2)", LEX_OPERATOR, &ok, &d);
	CHECK(token_is(&t, "in"));
	t = one("!3", LEX_OPERATOR, &ok, &d);
	CHECK_INTEQ(t.kind, TOK_OTHER);
	t = one("(", LEX_OPERATOR, &ok, &d);
	CHECK_INTEQ(t.kind, TOK_OTHER);
}

static void test_bare_values(void)
{
	char *v;
	/* "<" and ">" are plain values after an operator: evt.dir=< */
	CHECK_STREQ(v = value_of("<", false), "<");
	free(v);
	CHECK_STREQ(v = value_of("/etc/*.conf and x", false), "/etc/*.conf");
	free(v);
	CHECK_STREQ(v = value_of("/tmp/x)", false), "/tmp/x");
	free(v);
	/* a comma ends a value only inside a list */
	CHECK_STREQ(v = value_of("a,b", false), "a,b");
	free(v);
	CHECK_STREQ(v = value_of("a,b", true), "a");
	free(v);
	/* an empty slot in a list is an empty value */
	CHECK_STREQ(v = value_of(")", true), "");
	free(v);
	/* "18and" is one word, as in sysdig */
	CHECK_STREQ(v = value_of("18and x", false), "18and");
	free(v);
}

static void test_quoted_values(void)
{
	char *v;
	CHECK_STREQ(v = value_of("\"curl -6\"", false), "curl -6");
	free(v);
	CHECK_STREQ(v = value_of("'a b'", false), "a b");
	free(v);
	CHECK_STREQ(v = value_of("''", false), "");
	free(v);
	/* the same quote closes first: "it's" is one string */
	CHECK_STREQ(v = value_of("\"it's\"", false), "it's");
	free(v);
	/* sysdig 0.29.3 accepts a mismatched closing quote: '/tmp/x" */
	CHECK_STREQ(v = value_of("'/tmp/x\" or x", false), "/tmp/x");
	free(v);
	CHECK_STREQ(v = value_of("\"a,b\"", true), "a,b");
	free(v);

	struct filter_diag d = { 0 };
	bool ok;
	one("\"abc", LEX_VALUE, &ok, &d);
	CHECK(!ok);
	CHECK_INTEQ(d.col, 1);
	CHECK_STREQ(d.msg, "unterminated quoted string");
}

static void test_escapes(void)
{
	char *v;
	CHECK_STREQ(v = value_of("\\x48\\x54", false), "HT");
	free(v);
	CHECK_STREQ(v = value_of("\"a\\\"b\"", false), "a\"b");
	free(v);
	CHECK_STREQ(v = value_of("'it\\'s'", false), "it's");
	free(v);
	CHECK_STREQ(v = value_of("a\\\\b", false), "a\\b");
	free(v);
	/* any other backslash stays as written */
	CHECK_STREQ(v = value_of("a\\qb", false), "a\\qb");
	free(v);

	/* \x00 is kept: values are counted, not NUL-terminated */
	struct filter_diag d = { 0 };
	bool ok;
	struct token t = one("a\\x00b", LEX_VALUE, &ok, &d);
	CHECK(ok);
	CHECK_INTEQ(t.value_len, 3);
	CHECK_MEMEQ(t.value, "a\0b", 3);
	token_free(&t);

	t = one("ab\\x4", LEX_VALUE, &ok, &d);
	CHECK(!ok);
	CHECK_INTEQ(d.col, 3);
	CHECK_STREQ(d.msg, "invalid escape sequence '\\x4'");
	t = one("\"\\xZZ\"", LEX_VALUE, &ok, &d);
	CHECK(!ok);
	CHECK_INTEQ(d.col, 2);
	CHECK_STREQ(d.msg, "invalid escape sequence '\\xZZ'");
}

static void test_unescape_directly(void)
{
	size_t n = 0, bad = 0;
	char *s = lex_unescape("\\x41\\\\", 6, &n, &bad);
	CHECK_STREQ(s, "A\\");
	CHECK_INTEQ(n, 2);
	free(s);
	CHECK(lex_unescape("ok\\xg1", 6, &n, &bad) == NULL);
	CHECK_INTEQ(bad, 2);
	/* a backslash at the very end is kept */
	s = lex_unescape("a\\", 2, &n, &bad);
	CHECK_STREQ(s, "a\\");
	free(s);
}

static void test_blanks_and_end(void)
{
	struct lexer lx;
	struct token t;
	struct filter_diag d = { 0 };
	const char *src = " \t\r\n ";
	lex_init(&lx, src, strlen(src));
	CHECK(lex_next(&lx, LEX_EXPR, &t, &d));
	CHECK_INTEQ(t.kind, TOK_EOF);
	CHECK_INTEQ(t.pos, 5);
	/* lex_unread goes back to the token's start */
	src = "  and x";
	lex_init(&lx, src, strlen(src));
	CHECK(lex_next(&lx, LEX_EXPR, &t, &d));
	CHECK(token_is(&t, "and"));
	lex_unread(&lx, &t);
	CHECK(lex_next(&lx, LEX_EXPR, &t, &d));
	CHECK(token_is(&t, "and"));
	CHECK_INTEQ(t.pos, 2);
}

static void test_list_separators(void)
{
	struct lexer lx;
	struct token t;
	struct filter_diag d = { 0 };
	const char *src = "( a , \"b\" )";
	lex_init(&lx, src, strlen(src));
	CHECK(lex_next(&lx, LEX_LIST_SEP, &t, &d) && t.kind == TOK_LPAREN);
	CHECK(lex_next(&lx, LEX_LIST_VALUE, &t, &d) && t.kind == TOK_WORD);
	CHECK_STREQ(t.value, "a");
	token_free(&t);
	CHECK(lex_next(&lx, LEX_LIST_SEP, &t, &d) && t.kind == TOK_COMMA);
	CHECK(lex_next(&lx, LEX_LIST_VALUE, &t, &d) && t.kind == TOK_QUOTED);
	CHECK_STREQ(t.value, "b");
	token_free(&t);
	CHECK(lex_next(&lx, LEX_LIST_SEP, &t, &d) && t.kind == TOK_RPAREN);
	CHECK(lex_next(&lx, LEX_LIST_SEP, &t, &d) && t.kind == TOK_EOF);
}

int main(void)
{
	test_field_words_end_at_operators_and_parens();
	test_field_arguments_stay_in_one_word();
	test_operators();
	test_bare_values();
	test_quoted_values();
	test_escapes();
	test_unescape_directly();
	test_blanks_and_end();
	test_list_separators();
	return check_summary();
}
