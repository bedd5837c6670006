/* The filter VM: a small BPF-like program.  Each instruction loads a field
 * into its register (slot), compares it with a constant and jumps to jt or
 * jf, like classic BPF's conditional jumps; and/or/not are nothing but jump
 * targets, so evaluation short-circuits and costs one instruction per test.
 *
 * A field the event lacks makes every comparison false (jf), "!=" included;
 * only "exists" tests presence.  Since "not" just swaps jt and jf,
 * "not fd.name = x" is true when fd.name is missing, as in sysdig.
 *
 * No allocation per event: values point into the event, the state, or the
 * slot's scratch buffer.  A slot read by several instructions is extracted
 * once per event and cached.  A program is used by one thread at a time. */
#ifndef SYSCOPE_FILTER_VM_H
#define SYSCOPE_FILTER_VM_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "event_table.h"
#include "fields.h"
#include "parser.h"

enum vm_code {
	VM_CONST,    /* k = 0 or 1 */
	VM_TYPESET,  /* evt.type in a set of type ids / generic syscall codes */
	VM_EXISTS,   /* the slot's field can be extracted */
	VM_INT,      /* signed compare with consts[k].v.i */
	VM_UINT,     /* unsigned (and bool) compare with consts[k].v.u */
	VM_DBL,      /* double compare with consts[k].v.d */
	VM_STR,      /* string / buffer operator with consts[k] */
	VM_IP,       /* address equality, or containment in a network */
	VM_INT_SET,  /* in: binary search in consts[k].items (sorted) */
	VM_UINT_SET,
	VM_STR_SET,
	VM_ANY,      /* in: any item of consts[k].items equal (doubles, IPs) */
	VM_PMATCH,   /* path prefix at directory granularity, any item */
	VM_CODE_COUNT
};

#define VM_ACCEPT UINT32_MAX
#define VM_REJECT (UINT32_MAX - 1)

struct vm_insn {
	uint8_t code; /* enum vm_code */
	uint8_t cmp;  /* enum cmp_op */
	uint16_t slot;
	uint32_t k;   /* constant index */
	uint32_t jt, jf;
};

/* Generic syscall codes: one bit each, plus one for codes without a name. */
#define VM_SC_SLOTS (PPM_SC_MAX + 1)
#define VM_TYPE_WORDS ((EVENT_TYPE_MAX + 63) / 64)
#define VM_SC_WORDS ((VM_SC_SLOTS + 63) / 64)

struct vm_typeset {
	uint64_t types[VM_TYPE_WORDS]; /* non-generic event types */
	uint64_t sc[VM_SC_WORDS];      /* generic events (types 0/1), by PPM_SC code */
};

struct vm_const {
	struct field_value v;            /* the scalar */
	uint32_t n;                      /* lists: item count */
	const struct field_value *items; /* lists (sorted for the *_SET codes) */
	const struct vm_typeset *ts;
	regex_t *re;
	bool lower; /* icontains / iglob: v is lower-case */
};

struct vm_slot {
	field_extract_fn extract; /* ref.desc->extract, one load closer */
	bool cache;               /* read by more than one instruction */
	bool multi;               /* ref.multi */
	struct field_ref ref;
};

struct vm_prog {
	struct vm_insn *insns;
	uint32_t ninsns;
	struct vm_slot *slots;
	uint32_t nslots;
	struct vm_const *consts;
	uint32_t nconsts;
	/* per-event cache */
	uint64_t stamp;
	uint64_t *slot_stamp;
	bool *slot_ok;
	struct field_value *slot_val;
};

/* Run the program: true if the event matches. */
bool vm_run(struct vm_prog *p, const struct event *ev, const struct evt_ctx *ctx,
	    struct state *st);

/* Apply a string instruction (VM_STR, VM_STR_SET, VM_PMATCH) to a string;
 * the compiler uses it to turn evt.type tests into type sets. */
bool vm_test_string(const struct vm_insn *in, const struct vm_const *k, const char *s,
		    uint32_t len);

bool vm_typeset_match(const struct vm_typeset *ts, const struct event *ev);

/* fnmatch(3)-style glob (flags 0: '*' also matches '/') on counted strings. */
bool vm_glob(const char *pat, size_t plen, const char *s, size_t slen, bool icase);

/* sysdig's pmatch: s is prefix or s starts with prefix + "/". */
bool vm_path_prefix(const char *prefix, size_t plen, const char *s, size_t slen);

/* Readable listing of the program; malloc'd. */
char *vm_disasm(const struct vm_prog *p);

#endif
