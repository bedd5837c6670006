/* The command line: options in sysdig's letters, the filter as the words
 * left over, joined by spaces. */
#ifndef SYSCOPE_OPTIONS_H
#define SYSCOPE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "param_render.h"
#include "print_event.h"
#include "suppress.h"

enum run_action { ACT_CAPTURE, ACT_HELP, ACT_VERSION, ACT_LIST_EVENTS, ACT_LIST_FIELDS,
		  ACT_LIST_MARKDOWN,
		  ACT_PRINT_FORMAT, ACT_DRIVER_INFO, ACT_LIBS_VERSION, ACT_LIST_CHISELS,
		  ACT_CHISEL_INFO };

struct chisel;

struct options {
	enum run_action action;
	const char *read_file;  /* -r: the first one given, NULL for live */
	const char **read_files; /* every -r, in order (owned array of argv's strings) */
	unsigned nread;
	uint64_t max_events;    /* -n, 0 = no limit */
	bool verbose;           /* -v */
	bool quiet;             /* -q */
	bool debug;             /* -D: show internal events */
	enum buf_mode buf_mode; /* -A -x -X -b */
	enum time_mode time_mode; /* -t */
	char *filter;           /* leftover words; owned, NULL when none */
	/* Output formats (cli/options_output.h) */
	const char *format;     /* -p, NULL for the default line */
	bool json;              /* -j */
	bool summary;           /* -S */
	bool unbuffered;        /* --unbuffered: write each line at once */
	bool progress;          /* -P: percentage of the file read, on stderr */
	bool resolve_ports;     /* -R: service names for known ports */
	bool numeric;           /* -N: never service names, whatever -R says */
	/* Writing trace files (cli/trace_out.h) */
	const char *write_file; /* -w */
	bool fatfile;           /* -F: also write, hidden, what the state needs */
	bool gzip_flag;         /* -z */
	const char *compression_arg; /* --compression */
	int compression;        /* enum ostream_kind, from the three above */
	uint64_t file_mb;       /* -C, in 10^6 bytes; 0 = no size rotation */
	uint64_t file_events;   /* -e; 0 = no count rotation */
	uint64_t file_seconds;  /* -G; 0 = no time rotation */
	uint64_t max_files;     /* -W */
	uint64_t max_seconds;   /* -M: stop this long (event time) after the first event */
	struct suppress_names suppress; /* -U (cli/options_suppress.h) */
	/* Live capture (cli/options_live.h) */
	uint32_t snaplen;       /* -s: bytes of each I/O buffer, 0 = the driver's 80 */
	bool enter_events;      /* --enter-events */
	bool page_faults;       /* --page-faults */
	bool force_tracers;     /* -T, --force-tracers-capture */
	uint64_t buffer_bytes;  /* --buffer-size: per-CPU ring, 0 = default */
	enum driver { DRIVER_BPF, DRIVER_KMOD } driver; /* --driver (cli/options_driver.h) */
	/* What the process and user tables take in (cli/options_tables.h) */
	bool exclude_users;     /* -E: no user or group table, read or written */
	bool filter_proclist;   /* --filter-proclist: -w keeps the filter's processes only */
	bool large_environment; /* --large-environment: cut environments read whole from /proc */
	/* Chisels (cli/options_chisel.h) */
	struct chisel **chisels; /* -c, loaded, in order; owned */
	unsigned nchisels;
	const char *chisel_info; /* -i NAME */
	const char *pushdown_filter; /* what the kernel may keep, when it is not the
				      * filter (the chisels' filters with it) */
};

/* Parse argv.  On a usage error prints one message to stderr and returns
 * false (the caller exits 1). */
bool options_parse(struct options *o, int argc, char **argv);
void options_free(struct options *o);
void options_print_help(FILE *out);

#endif
