/* Filter lexer.  sysdig's language is context sensitive: "<" is an
 * operator after a field but a plain value after "evt.dir=", "," ends a
 * value only inside a list.  So the parser says what it expects next and
 * the lexer scans one token of that kind. */
#ifndef SYSCOPE_FILTER_LEXER_H
#define SYSCOPE_FILTER_LEXER_H

#include <stdbool.h>
#include <stddef.h>

/* A compile problem: 1-based column and a message without the
 * "filter error at column N:" prefix. */
struct filter_diag {
	int col;
	char msg[240];
};

void diag_set(struct filter_diag *d, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

enum lex_mode {
	LEX_EXPR,       /* field name, keyword, '(' , ')' or end */
	LEX_OPERATOR,   /* '=', '!=', '<=', ... or a word operator */
	LEX_VALUE,      /* a value: quoted or bare (ends at blank, '(' or ')') */
	LEX_LIST_VALUE, /* a value inside ( ... ): a bare one also ends at ',' */
	LEX_LIST_SEP,   /* ',' or ')' after a list value */
};

enum tok_kind {
	TOK_EOF,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_COMMA,
	TOK_WORD,   /* field name, keyword, word operator, bare value */
	TOK_QUOTED, /* quoted value */
	TOK_SYMOP,  /* = == != < <= > >= */
	TOK_OTHER,  /* a character that does not fit the mode */
};

struct token {
	enum tok_kind kind;
	size_t pos;       /* offset of the first character in the source */
	size_t end;       /* offset just past the token */
	const char *raw;  /* the source text of the token */
	size_t raw_len;
	char *value;      /* values (LEX_*VALUE): decoded text, NUL-terminated, malloc'd */
	size_t value_len; /* may contain NUL bytes (\x00) */
};

struct lexer {
	const char *src;
	size_t len;
	size_t pos;
};

void lex_init(struct lexer *lx, const char *src, size_t len);

/* Scan the next token of the kind `mode` expects.  Returns false on a
 * lexical error (unterminated string, bad escape, unclosed '[') with *d
 * filled. */
bool lex_next(struct lexer *lx, enum lex_mode mode, struct token *t, struct filter_diag *d);

/* Put the token back: the next lex_next starts at its first character. */
void lex_unread(struct lexer *lx, const struct token *t);

void token_free(struct token *t);

/* Does the token's source text equal the word? */
bool token_is(const struct token *t, const char *word);

/* Decode escapes (\\, \", \', \xHH; other backslashes stay) of src[0..len)
 * into a new NUL-terminated buffer.  On a bad \x escape returns NULL and
 * sets *bad to the offset of its backslash. */
char *lex_unescape(const char *src, size_t len, size_t *out_len, size_t *bad);

#endif
