/* The field registry: every field a user can name (evt.type, proc.name,
 * fd.name, ...) is one row of a table with its type, argument syntax and an
 * extractor.  The filter compiler, the -p/-j formatters, -l/-lv, chisels and
 * the top view all look fields up here, so a field is defined once.
 *
 * Adding a field = one row in fields_registry.c plus one small extractor.
 *
 * Extraction never allocates: a value is an integer, or a pointer+length
 * into the event record, the state tables, a static string, or the per-ref
 * scratch buffer that the user of the reference (a compiled filter, a
 * format) owns. */
#ifndef SYSCOPE_FIELDS_H
#define SYSCOPE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct state;
struct evt_ctx;

/* Field types, as `-lv` names them (sysdig's field types). */
enum field_type {
	FT_NONE = 0,
	FT_INT16, FT_INT32, FT_INT64,
	FT_UINT32, FT_UINT64,
	FT_BOOL,
	FT_DOUBLE,
	FT_RELTIME, /* ns, unsigned */
	FT_ABSTIME, /* ns since the epoch, unsigned */
	FT_PORT,
	FT_CHARBUF, /* text */
	FT_BYTEBUF, /* bytes */
	FT_IPADDR,
	FT_IPNET,
	FT_DYNAMIC, /* decided per reference by the field's bind hook (evt.rawarg) */
	FT_MAX
};

/* How a value of a type is stored in struct field_value and compared. */
enum value_kind {
	VK_NONE = 0,
	VK_SIGNED,   /* v.i */
	VK_UNSIGNED, /* v.u */
	VK_BOOL,     /* v.u, 0 or 1 */
	VK_DOUBLE,   /* v.d */
	VK_STRING,   /* v.str: text, not necessarily NUL-terminated */
	VK_BUFFER,   /* v.str: bytes */
	VK_IPADDR,   /* v.ip, prefix unused */
	VK_IPNET,    /* v.ip with prefix length */
};

/* Argument syntax a field accepts (bits). */
enum field_arg {
	FARG_NONE = 0,
	FARG_INDEX = 1 << 0,    /* field[N], N a (possibly negative) integer */
	FARG_NAME = 1 << 1,     /* field.NAME */
	FARG_BRACKET = 1 << 2,  /* field[TEXT], any text up to ']' */
	FARG_REQUIRED = 1 << 3, /* the bare field name is not valid */
};

/* Field flags. */
enum field_flags {
	FF_NONE = 0,
	FF_FILTER_ONLY = 1 << 0, /* not printable (-p rejects it) */
	FF_HIDDEN = 1 << 1,      /* not listed by -l (table-only fields) */
	FF_EVENT_TYPE = 1 << 2,  /* value is the event type name: filters test it
				  * on the type id (fast path and kernel pushdown) */
	FF_TIME_TEXT = 1 << 3,   /* a time shown as text: JSON writes the raw ns */
	FF_MEMORY = 1 << 4,      /* reads the memory sizes or page faults the state
				  * keeps from mmap-like calls and switches */
	FF_SHOWN_BYTES = 1 << 5, /* bytes sysdig hands chisels as it shows them
				  * (dots for unprintables), not raw (evt.buffer) */
};

#define FIELD_ARG_MAX 128 /* longest .NAME / [TEXT] argument */

struct field_desc;

/* A field as written by the user: the registry row plus its argument,
 * resolved once (at filter compile time or format parse time). */
struct field_ref {
	const struct field_desc *desc;
	uint8_t type;       /* enum field_type; never FT_DYNAMIC after binding */
	uint8_t kind;       /* enum value_kind of type */
	bool has_index;     /* [N] given */
	bool has_name;      /* .NAME or [TEXT] given */
	bool multi;         /* yields several values (extract_nth); filters test
			     * "any of them", formats cannot print it */
	int64_t index;      /* [N] */
	char name[FIELD_ARG_MAX]; /* NAME / TEXT, NUL-terminated */
	int32_t aux;        /* data the bind hook resolved (e.g. a param type) */
	/* Per-reference buffer for values that must be built (joined paths,
	 * rendered arguments).  Owned by whoever owns the reference; sized
	 * from desc->scratch_size.  NULL if the field needs none. */
	char *scratch;
	uint32_t scratch_cap;
};

/* An extracted value.  Which member is valid follows ref->kind. */
struct field_value {
	union {
		int64_t i;
		uint64_t u;
		double d;
		struct {
			const char *ptr;
			uint32_t len;
		} str;
		struct {
			uint8_t family;  /* 4 or 6 */
			uint8_t prefix;  /* VK_IPNET: prefix length in bits */
			uint8_t addr[16]; /* network byte order; IPv4 in addr[0..3] */
		} ip;
	};
};

/* Fill *out for this event; false if the event has no such value (the
 * field is "missing": every comparison on it is false). */
typedef bool (*field_extract_fn)(const struct field_ref *ref, const struct event *ev,
				 const struct evt_ctx *ctx, struct state *st,
				 struct field_value *out);

/* Multi-valued fields: the n-th value (n = 0, 1, ...), false past the last. */
typedef bool (*field_extract_nth_fn)(const struct field_ref *ref, const struct event *ev,
				     const struct evt_ctx *ctx, struct state *st,
				     unsigned n, struct field_value *out);

/* Optional check of a reference's argument once it is parsed: validate the
 * name, resolve FT_DYNAMIC, decide ref->multi.  Returns false with a
 * message (no "filter error" prefix) in err. */
typedef bool (*field_bind_fn)(struct field_ref *ref, char *err, size_t errlen);

struct field_desc {
	const char *name;  /* "proc.name" */
	uint8_t type;      /* enum field_type */
	uint8_t fmt;       /* enum pformat (PF_DEC, PF_HEX, PF_ID, ...) */
	uint8_t arg;       /* enum field_arg bits */
	uint8_t flags;     /* enum field_flags bits */
	uint16_t scratch_size; /* bytes of scratch each reference needs, or 0 */
	const char *group; /* -l class: a key of field_class_at() */
	const char *help;  /* one-line description for -l */
	field_bind_fn bind;
	field_extract_fn extract;
	field_extract_nth_fn extract_nth;
};

/* ---- the registry ---- */

/* The classes -l groups fields in, in listing order. */
struct field_class {
	const char *key;  /* what field_desc.group names */
	const char *name; /* shown by -l: "evt", "process", "fd" */
	const char *title; /* shown after the name in parentheses, or NULL */
	const char *help;
};

size_t field_class_count(void);
const struct field_class *field_class_at(size_t i);

size_t field_count(void);
const struct field_desc *field_at(size_t i);       /* registry order */
const struct field_desc *field_by_name(const char *name); /* exact, no argument */

/* Parse the field reference that starts `text` (up to len bytes): the
 * longest registry name that prefixes it, plus that field's argument
 * ("evt.arg.fd", "evt.arg[0]", "proc.aname[2]", "thread.cgroup.cpuacct").
 * Characters after the reference are left alone: *consumed says how many
 * were used (a -p format prints the rest as text; a filter requires all).
 * Runs the bind hook.  Returns 0, or -1 with a message in err, e.g.
 * "unknown field 'proc.nme' (did you mean 'proc.name'?)".
 * ref->scratch is left NULL: the caller provides it if desc->scratch_size. */
int field_parse(const char *text, size_t len, struct field_ref *ref, size_t *consumed,
		char *err, size_t errlen);

/* The registry name closest to `name` (edit distance), or NULL if none is
 * close enough to be a plausible typo. */
const char *field_suggest(const char *name, size_t len);

/* Value access for a bound reference. */
bool field_extract(const struct field_ref *ref, const struct event *ev,
		   const struct evt_ctx *ctx, struct state *st, struct field_value *out);

/* "UINT64", "CHARBUF", ... as -lv prints them. */
const char *field_type_name(enum field_type t);
enum value_kind field_type_kind(enum field_type t);

/* The field type that an event parameter type has in filters and
 * formats (PT_FD -> FT_INT64, PT_FSPATH -> FT_CHARBUF, ...). */
enum field_type field_type_of_ptype(uint8_t ptype);

/* Plain text of a value (decimal numbers, PF_HEX in upper-case hex,
 * true/false, dotted IPv4, RFC 5952 IPv6, net/len, raw strings and bytes),
 * NUL-terminated and cut to cap.  Returns the full length it wanted.
 * Formatters layer sysdig's own decorations on top where needed. */
size_t field_value_format(const struct field_ref *ref, const struct field_value *v,
			  char *buf, size_t cap);

/* ---- the evt.arg seam ----
 * evt.arg.NAME / evt.arg[N] are the parameter as sysdig shows it: the
 * resolved form when there is one ("<f>/etc/hosts" for fd=3(<f>/etc/hosts),
 * "ENOENT", "O_RDONLY|O_CLOEXEC"), else the value.  By default this comes
 * from the formatter's param_render() (filters/param_render.h) with no
 * 80-character cut and dotted buffers; a front end whose output options
 * change the rendering (-A, -x, -v for -p formats) can plug its own in.
 * Without state (st or ctx NULL) the raw rendering is used: numbers in
 * decimal, strings and bytes as they are, a generic event's ID as its
 * syscall name.
 * A renderer writes at most cap bytes (NUL included) into buf and returns
 * the full rendered length (which may exceed cap - 1 if it was cut). */
typedef size_t (*field_param_render_fn)(const struct event *ev, unsigned idx,
					const struct evt_ctx *ctx, struct state *st,
					char *buf, size_t cap);
void fields_set_param_renderer(field_param_render_fn fn); /* NULL: the default */

/* The output options evt.arg, evt.args and evt.info render with while a
 * formatter prints (-v, -A/-x/-X/-b); NULL restores the default (dotted
 * buffers, no cut), which filters use. */
struct render_opts;
void fields_set_render_opts(const struct render_opts *o);

/* Free the buffers fields keep for long rendered values (at exit). */
void fields_cleanup(void);
size_t field_param_render_raw(const struct event *ev, unsigned idx,
			      const struct evt_ctx *ctx, struct state *st,
			      char *buf, size_t cap);

#endif
