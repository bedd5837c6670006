/* Filter lexer: see lexer.h. */
#include "lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_set(struct filter_diag *d, size_t pos, const char *fmt, ...)
{
	va_list ap;
	if (!d)
		return;
	d->col = (int)pos + 1;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

void lex_init(struct lexer *lx, const char *src, size_t len)
{
	lx->src = src;
	lx->len = len;
	lx->pos = 0;
}

void token_free(struct token *t)
{
	free(t->value);
	t->value = NULL;
}

bool token_is(const struct token *t, const char *word)
{
	size_t n = strlen(word);
	return t->raw_len == n && memcmp(t->raw, word, n) == 0;
}

void lex_unread(struct lexer *lx, const struct token *t)
{
	lx->pos = t->pos;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *lex_unescape(const char *src, size_t len, size_t *out_len, size_t *bad)
{
	char *out = malloc(len + 1);
	size_t o = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = src[i];
		if (c != '\\' || i + 1 >= len) {
			out[o++] = c;
			continue;
		}
		char n = src[i + 1];
		if (n == '\\' || n == '"' || n == '\'') {
			out[o++] = n;
			i++;
		} else if (n == 'x') {
			int h = i + 2 < len ? hexval(src[i + 2]) : -1;
			int l = i + 3 < len ? hexval(src[i + 3]) : -1;
			if (h < 0 || l < 0) {
				free(out);
				*bad = i;
				return NULL;
			}
			out[o++] = (char)(h * 16 + l);
			i += 3;
		} else {
			out[o++] = c; /* unknown escape: kept as written */
		}
	}
	out[o] = 0;
	*out_len = o;
	return out;
}

static void skip_blanks(struct lexer *lx)
{
	while (lx->pos < lx->len && is_blank(lx->src[lx->pos]))
		lx->pos++;
}

static void set_tok(struct token *t, struct lexer *lx, enum tok_kind k, size_t start)
{
	t->kind = k;
	t->pos = start;
	t->end = lx->pos;
	t->raw = lx->src + start;
	t->raw_len = lx->pos - start;
}

/* Field names and keywords: up to a blank, an operator character, a
 * parenthesis, a comma or a quote; "[...]" is taken whole so that
 * container.mount[/a b] stays one word. */
static bool scan_word(struct lexer *lx, struct token *t, struct filter_diag *d)
{
	size_t start = lx->pos;
	while (lx->pos < lx->len) {
		char c = lx->src[lx->pos];
		if (is_blank(c) || strchr("()=!<>,'\"", c))
			break;
		if (c == '[') {
			const char *close = memchr(lx->src + lx->pos, ']', lx->len - lx->pos);
			if (!close) {
				diag_set(d, lx->pos, "missing ']' after '['");
				return false;
			}
			lx->pos = (size_t)(close - lx->src) + 1;
			continue;
		}
		lx->pos++;
	}
	set_tok(t, lx, TOK_WORD, start);
	return true;
}

static bool scan_operator(struct lexer *lx, struct token *t)
{
	size_t start = lx->pos;
	const char *s = lx->src + lx->pos;
	size_t left = lx->len - lx->pos;
	char c = s[0];
	if (c == '=' || c == '<' || c == '>' || c == '!') {
		lx->pos += (left > 1 && s[1] == '=') ? 2 : 1;
		if (c == '!' && lx->pos - start == 1) {
			set_tok(t, lx, TOK_OTHER, start);
			return true;
		}
		set_tok(t, lx, TOK_SYMOP, start);
		return true;
	}
	if (is_letter(c)) {
		while (lx->pos < lx->len && is_letter(lx->src[lx->pos]))
			lx->pos++;
		set_tok(t, lx, TOK_WORD, start);
		return true;
	}
	lx->pos++;
	set_tok(t, lx, TOK_OTHER, start);
	return true;
}

/* Offset of the quote that closes the string opened at `open`, or
 * (size_t)-1.  The same quote character closes; if there is none, the other
 * one does, as in sysdig 0.29.3 (which accepts 'abc"). */
static size_t find_close(const struct lexer *lx, size_t open, char q)
{
	for (int pass = 0; pass < 2; pass++) {
		char want = pass == 0 ? q : (q == '"' ? '\'' : '"');
		for (size_t i = open + 1; i < lx->len; i++) {
			if (lx->src[i] == '\\') {
				i++;
				continue;
			}
			if (lx->src[i] == want)
				return i;
		}
	}
	return (size_t)-1;
}

static bool decode_into(struct token *t, const char *s, size_t len, size_t base,
			struct filter_diag *d)
{
	size_t bad = 0;
	t->value = lex_unescape(s, len, &t->value_len, &bad);
	if (!t->value) {
		size_t n = len - bad < 4 ? len - bad : 4;
		diag_set(d, base + bad, "invalid escape sequence '%.*s'", (int)n, s + bad);
		return false;
	}
	return true;
}

static bool scan_value(struct lexer *lx, struct token *t, bool in_list, struct filter_diag *d)
{
	size_t start = lx->pos;
	char c = lx->src[lx->pos];
	if (c == '"' || c == '\'') {
		size_t close = find_close(lx, start, c);
		if (close == (size_t)-1) {
			diag_set(d, start, "unterminated quoted string");
			return false;
		}
		lx->pos = close + 1;
		set_tok(t, lx, TOK_QUOTED, start);
		return decode_into(t, lx->src + start + 1, close - start - 1, start + 1, d);
	}
	if (!in_list && (c == '(' || c == ')')) {
		lx->pos++;
		set_tok(t, lx, c == '(' ? TOK_LPAREN : TOK_RPAREN, start);
		return true;
	}
	while (lx->pos < lx->len) {
		c = lx->src[lx->pos];
		if (is_blank(c) || c == '(' || c == ')' || (in_list && c == ','))
			break;
		if (c == '\\' && lx->pos + 1 < lx->len && lx->src[lx->pos + 1] &&
		    strchr("\\\"'", lx->src[lx->pos + 1]))
			lx->pos++; /* an escaped quote or backslash is part of the word */
		lx->pos++;
	}
	set_tok(t, lx, TOK_WORD, start);
	return decode_into(t, lx->src + start, lx->pos - start, start, d);
}

bool lex_next(struct lexer *lx, enum lex_mode mode, struct token *t, struct filter_diag *d)
{
	memset(t, 0, sizeof(*t));
	skip_blanks(lx);
	size_t start = lx->pos;
	if (lx->pos >= lx->len) {
		set_tok(t, lx, TOK_EOF, start);
		return true;
	}
	char c = lx->src[lx->pos];
	switch (mode) {
	case LEX_EXPR:
	case LEX_LIST_SEP:
		if (c == '(' || c == ')' || c == ',') {
			lx->pos++;
			enum tok_kind k = c == '(' ? TOK_LPAREN : c == ')' ? TOK_RPAREN : TOK_COMMA;
			set_tok(t, lx, k, start);
			return true;
		}
		if (mode == LEX_LIST_SEP || strchr("=!<>'\"", c)) {
			lx->pos++;
			set_tok(t, lx, TOK_OTHER, start);
			return true;
		}
		return scan_word(lx, t, d);
	case LEX_OPERATOR:
		return scan_operator(lx, t);
	case LEX_VALUE:
		return scan_value(lx, t, false, d);
	case LEX_LIST_VALUE:
		return scan_value(lx, t, true, d);
	}
	return false;
}
