/* The event table: every scap event type with its name, category and
 * parameters.  The data lives in event_table.tsv and flag_tables.tsv; the
 * build turns them into event_table_gen.c (see gen_tables.py), so the
 * reader, the state engine, the formatter, -L and the drivers all share it. */
#ifndef SYSCOPE_EVENT_TABLE_H
#define SYSCOPE_EVENT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

/* Parameter types, numbered as in the scap format (scap-format.md §3.1). */
enum ptype {
	PT_NONE = 0, PT_INT8, PT_INT16, PT_INT32, PT_INT64,
	PT_UINT8, PT_UINT16, PT_UINT32, PT_UINT64,
	PT_CHARBUF, PT_BYTEBUF, PT_ERRNO, PT_SOCKADDR, PT_SOCKTUPLE, PT_FD,
	PT_PID, PT_FDLIST, PT_FSPATH, PT_SYSCALLID, PT_SIGTYPE, PT_RELTIME,
	PT_ABSTIME, PT_PORT, PT_L4PROTO, PT_SOCKFAMILY, PT_BOOL, PT_IPV4ADDR,
	PT_DYN, PT_FLAGS8, PT_FLAGS16, PT_FLAGS32, PT_UID, PT_GID, PT_DOUBLE,
	PT_SIGSET, PT_CHARBUFARRAY, PT_CHARBUF_PAIR_ARRAY, PT_IPV4NET,
	PT_IPV6ADDR, PT_IPV6NET, PT_IPADDR, PT_IPNET, PT_MODE, PT_FSRELPATH,
	PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_FD32, PT_PID32,
	PT_MAX
};

/* Print formats (scap-format.md §3.1). */
enum pformat { PF_NA = 0, PF_DEC, PF_HEX, PF_10_PADDED_DEC, PF_ID, PF_DIR, PF_OCT };

/* Event categories: the low bits are an enumeration, the high bits flags,
 * with the same values as the scap drivers use. */
enum event_category {
	EC_UNKNOWN = 0, EC_OTHER = 1, EC_FILE = 2, EC_NET = 3, EC_IPC = 4,
	EC_MEMORY = 5, EC_PROCESS = 6, EC_SLEEP = 7, EC_SYSTEM = 8,
	EC_SIGNAL = 9, EC_USER = 10, EC_TIME = 11, EC_PROCESSING = 12,
	EC_IO_READ = 32, EC_IO_WRITE = 33, EC_IO_OTHER = 34,
	EC_WAIT = 64, EC_SCHEDULER = 128, EC_INTERNAL = 256,
	EC_SYSCALL = 512, EC_TRACEPOINT = 1024, EC_PLUGIN = 2048, EC_METAEVENT = 4096,
};
#define EC_BASE_MASK 0xff /* the enumerated part, EC_IO_* included */

/* Event flags (the drivers' EF_* values). */
enum event_flags {
	EF_NONE = 0,
	EF_CREATES_FD = 1 << 0,
	EF_DESTROYS_FD = 1 << 1,
	EF_USES_FD = 1 << 2,
	EF_READS_FROM_FD = 1 << 3,
	EF_WRITES_TO_FD = 1 << 4,
	EF_MODIFIES_STATE = 1 << 5,
	EF_UNUSED = 1 << 6,
	EF_WAITS = 1 << 7,
	EF_SKIPPARSERESET = 1 << 8,
	EF_OLD_VERSION = 1 << 9,
	EF_DROP_SIMPLE_CONS = 1 << 10,
	EF_LARGE_PAYLOAD = 1 << 11,
};

struct flag_name {
	const char *name;
	uint32_t value;
	uint8_t name_len; /* strlen(name), for the printer */
};

/* A flag table in the order sysdig walks it (scap-format.md §6.0). */
struct flag_table {
	const char *name;
	const struct flag_name *names;
	uint16_t count;
};

/* PT_DYN: the first byte of the value picks one of these. */
struct dyn_variant {
	uint8_t type; /* enum ptype */
	uint8_t fmt;  /* enum pformat, PF_NA = use the outer parameter's */
};

struct dyn_table {
	const char *name;
	const struct dyn_variant *variants;
	uint8_t count;
};

struct param_info {
	const char *name;
	uint8_t name_len;           /* strlen(name), for the printer */
	uint8_t type;               /* enum ptype */
	uint8_t fmt;                /* enum pformat */
	int8_t dirfd_index;         /* PT_FSRELPATH: index of its dirfd parameter; -1 otherwise */
	const struct flag_table *flags; /* PT_FLAGS*, PT_MODE, PT_ENUMFLAGS*: names, or NULL */
	const struct dyn_table *dyn;    /* PT_DYN: variants, or NULL */
};

struct event_info {
	const char *name;      /* what evt.type shows */
	const char *enum_name; /* e.g. "SYSCALL_OPEN_X" (without PPME_) */
	uint32_t category;     /* enum event_category bits */
	uint32_t flags;        /* enum event_flags bits */
	uint8_t nparams;       /* parameters in the table of sysdig 0.29.3 */
	uint8_t nparams_all;   /* nparams + the ones newer drivers append (exit events) */
	const struct param_info *params; /* nparams_all entries */
};

/* Event types known to sysdig 0.29.3; ids at or above are skipped when read. */
#define EVENT_TYPE_MAX 336
#define EVENT_MAX_PARAMS 32

/* Generic syscall events, and a few ids the state engine refers to by name. */
enum event_type {
	EVT_GENERIC_E = 0, EVT_GENERIC_X = 1,
	EVT_PROCEXIT_E = 16,
	EVT_PROCEXIT_1_E = 186,
	EVT_CONTAINER_E = 228,
	EVT_PROCINFO_E = 234,
	EVT_CONTAINER_JSON_E = 272,
	EVT_CONTAINER_JSON_2_E = 324,
	EVT_PAGE_FAULT_E = 290, /* live with --page-faults (capture/recipes/page_fault.h) */
};

extern const struct event_info event_table[EVENT_TYPE_MAX];

static inline const struct event_info *event_info_of(uint16_t type)
{
	return type < EVENT_TYPE_MAX ? &event_table[type] : 0;
}

static inline bool event_is_enter(uint16_t type) { return (type & 1) == 0; }

/* Names of PPM_SC syscall codes (generic events), errno values and signals.
 * Each returns NULL where sysdig 0.29.3 has no name. */
#define PPM_SC_MAX 329
const char *ppm_sc_name(uint16_t code);
/* The category (enum event_category bits) sysdig 0.29.3 gives a generic
 * event with that PPM_SC code, for evt.category and evt.is_io; EC_UNKNOWN
 * for codes it does not know. */
uint32_t ppm_sc_category(uint16_t code);
const char *errno_name(int64_t err);      /* err > 0: 2 → "ENOENT" */
const char *signal_name(uint64_t sig);    /* 15 → "SIGTERM" */

/* Look a flag table up by name (used by tests and the field registry). */
const struct flag_table *flag_table_by_name(const char *name);

/* x86-64 syscall number → PPM_SC code and event ids (Appendix C), for the
 * live drivers.  Returns false for numbers the table does not know. */
struct syscall_route {
	uint16_t ppm_sc;
	uint16_t enter_event; /* EVT_GENERIC_E for generic syscalls */
};
bool syscall_route_of(uint32_t nr, struct syscall_route *out);

const char *ptype_name(enum ptype t); /* "FSPATH", as -L prints it */

#endif
