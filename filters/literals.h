/* Filter values: the text on the right of a comparison (`proc.pid=42`,
 * `fd.sip=10.0.0.0/8`, `fd.sport in (http, 8080)`, `evt.buffer bcontains
 * 4854`) turned, once, into what the VM compares: integers, booleans,
 * addresses and networks, ports or service names, hex bytes, kept
 * strings; sets sorted for "in"; regular expressions checked before
 * glibc compiles them.  The code generation is compile.c's. */
#ifndef SYSCOPE_FILTER_LITERALS_H
#define SYSCOPE_FILTER_LITERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fields.h"
#include "filter.h"
#include "parser.h"

/* What a conversion needs from the compiler: memory the compiled filter
 * owns (freed with it), and where an error goes. */
struct literal_ctx {
	void *(*alloc)(void *ctx, size_t n);  /* zeroed; NULL when out of memory */
	void *ctx;
	struct filter_diag *d;
};

/* The value as it can be shown inside '...' in a message: control bytes
 * escaped, cut with "..." to fit cap. */
const char *literal_show(const struct ast_value *v, char *buf, size_t cap);
/* "numeric", "string", "IP address"...: a field kind in a message. */
const char *literal_kind_words(enum value_kind k);
/* Whether the operator compares fields of this kind. */
bool literal_op_applies(enum cmp_op op, enum value_kind k);

/* Convert one value for a field of this reference and operator; false
 * with the message in c->d (its column the value's). */
bool literal_convert(struct literal_ctx *c, const struct field_ref *ref, const char *fname,
		     enum cmp_op op, const struct ast_value *v, struct field_value *out);

/* Sort a set's values in the order the VM searches them (numbers by value,
 * strings by length then bytes), dropping repeats; the new count. */
uint32_t literal_set_sort(struct field_value *items, uint32_t n, enum value_kind k);

/* Patterns glibc's regcomp would take gigabytes or minutes to compile
 * (nested repetition), and back-references (not in sysdig's syntax). */
bool regex_too_complex(const char *p, size_t n);
bool regex_has_backref(const char *p, size_t n);

#endif
