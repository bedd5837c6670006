#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "options_output.h"
#include "options_write.h"
#include "options_live.h"
#include "options_driver.h"
#include "options_compat.h"
#include "options_suppress.h"
#include "options_tables.h"
#include "options_chisel.h"

static const char short_opts[] = ":hr:n:vqDAxXbt:Lw:zFC:G:W:e:M:p:jlSdPRNs:TU:EB::k:K:m:H:I:ug:c:i:";

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "read", required_argument, NULL, 'r' },
	{ "numevents", required_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "debug", no_argument, NULL, 'D' },
	{ "print-ascii", no_argument, NULL, 'A' },
	{ "print-hex", no_argument, NULL, 'x' },
	{ "print-hex-ascii", no_argument, NULL, 'X' },
	{ "print-base64", no_argument, NULL, 'b' },
	{ "timetype", required_argument, NULL, 't' },
	{ "list-events", no_argument, NULL, 'L' },
	{ "version", no_argument, NULL, 'V' },
	{ "write", required_argument, NULL, 'w' },
	{ "compress", no_argument, NULL, 'z' },
	{ "fatfile", no_argument, NULL, 'F' },
	{ "compression", required_argument, NULL, OPT_COMPRESSION },
	{ "file-size", required_argument, NULL, 'C' },
	{ "seconds", required_argument, NULL, 'G' },
	{ "limit", required_argument, NULL, 'W' },
	{ "event-limit", required_argument, NULL, 'e' },
	{ "duration", required_argument, NULL, 'M' },
	{ "print", required_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "list", no_argument, NULL, 'l' },
	{ "summary", no_argument, NULL, 'S' },
	{ "displayflt", no_argument, NULL, 'd' },
	{ "unbuffered", no_argument, NULL, OPT_UNBUFFERED },
	{ "list-markdown", no_argument, NULL, OPT_LIST_MARKDOWN },
	{ "progress", no_argument, NULL, 'P' },
	{ "resolve-ports", no_argument, NULL, 'R' },
	{ "snaplen", required_argument, NULL, 's' },
	{ "enter-events", no_argument, NULL, OPT_ENTER_EVENTS },
	{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
	{ "page-faults", no_argument, NULL, OPT_PAGE_FAULTS },
	{ "force-tracers-capture", no_argument, NULL, 'T' },
	{ "driver", required_argument, NULL, OPT_DRIVER },
	{ "driver-info", no_argument, NULL, OPT_DRIVER_INFO },
	{ "suppress-comm", required_argument, NULL, 'U' },
	{ "numeric", no_argument, NULL, 'N' },
	{ "exclude-users", no_argument, NULL, 'E' },
	{ "filter-proclist", no_argument, NULL, OPT_FILTER_PROCLIST },
	{ "large-environment", no_argument, NULL, OPT_LARGE_ENVIRONMENT },
	{ "libs-version", no_argument, NULL, OPT_LIBS_VERSION },
	{ "chisel", required_argument, NULL, 'c' },
	{ "list-chisels", no_argument, NULL, OPT_LIST_CHISELS },
	{ "chisel-info", required_argument, NULL, 'i' },
	/* sysdig's, answered with what syscope does instead (options_compat.c) */
	{ "bpf", optional_argument, NULL, 'B' },
	{ "modern-bpf", no_argument, NULL, OPT_MODERN_BPF },
	{ "k8s-api", required_argument, NULL, 'k' },
	{ "k8s-api-cert", required_argument, NULL, 'K' },
	{ "node-name", required_argument, NULL, OPT_NODE_NAME },
	{ "mesos-api", required_argument, NULL, 'm' },
	{ "cri", required_argument, NULL, OPT_CRI },
	{ "cri-timeout", required_argument, NULL, OPT_CRI_TIMEOUT },
	{ "plugin", required_argument, NULL, 'H' },
	{ "input", required_argument, NULL, 'I' },
	{ "plugin-config-file", required_argument, NULL, OPT_PLUGIN_CONFIG_FILE },
	{ "plugin-info", required_argument, NULL, OPT_PLUGIN_INFO },
	{ "udig", no_argument, NULL, 'u' },
	{ "gvisor-config", required_argument, NULL, 'g' },
	{ "gvisor-root", required_argument, NULL, OPT_GVISOR_ROOT },
	{ "gvisor-generate-config", optional_argument, NULL, OPT_GVISOR_GENERATE },
	{ "cpus-for-each-buffer", required_argument, NULL, OPT_CPUS_PER_BUFFER },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ NULL, 0, NULL, 0 },
};

/* -r, which may be given several times (files read one after another);
 * each takes a word of argv, so there are fewer than argc of them. */
static bool add_read_file(struct options *o, const char *path, int argc)
{
	if (!o->read_files) {
		o->read_files = calloc((size_t)argc, sizeof *o->read_files);
		if (!o->read_files) {
			fprintf(stderr, "syscope: out of memory\n");
			return false;
		}
	}
	o->read_files[o->nread++] = path;
	if (!o->read_file)
		o->read_file = path;
	return true;
}

/* "--name=value" for a long option that takes no value: says so and
 * returns true. */
static bool value_refused(const char *longopt)
{
	size_t n = strcspn(longopt, "=");
	if (longopt[n] != '=')
		return false;
	for (const struct option *lo = long_opts; lo->name; lo++)
		if (lo->has_arg == no_argument && strncmp(lo->name, longopt, n) == 0) {
			fprintf(stderr, "syscope: option '--%s' takes no argument\n", lo->name);
			return true;
		}
	return false;
}

/* getopt's '?': an unknown option, or a value given to a long option that
 * takes none (--quiet=3), which getopt reports alike. */
static void bad_option(const char *word)
{
	bool is_long = strncmp(word, "--", 2) == 0;
	if (is_long && value_refused(word + 2))
		return;
	if (!is_long && optopt > 0 && optopt < 128)
		fprintf(stderr, "syscope: unknown option '-%c' (see syscope --help)\n", optopt);
	else
		fprintf(stderr, "syscope: unknown option '%s' (see syscope --help)\n", word);
}

void options_print_help(FILE *out)
{
	fputs("Usage: syscope [options] [filter ...]\n"
	      "\n"
	      "Show system calls, captured live or read from a trace file, one line\n"
	      "per event, the way sysdig prints them:\n"
	      "  num time cpu process (tid) direction type args\n"
	      "\n"
	      "Input:\n"
	      "  -r, --read FILE        read events from a trace file (scap format: plain,\n"
	      "                         gzip or zstd; \"-\" reads standard input).\n"
	      "                         Given several times, the files are read one\n"
	      "                         after another, each on its own as in sysdig\n"
	      "                         (its own tables, evt.num and -n count); -S\n"
	      "                         counts them all.  Without -r, syscope captures\n"
	      "                         live (see below)\n"
	      "  -n, --numevents N      stop after N events (hidden events count too, as\n"
	      "                         in sysdig)\n"
	      "  -M, --duration SECS    stop once an event is SECS seconds (event time)\n"
	      "                         after the first one; works on files too\n"
	      "  -U, --suppress-comm COMM\n"
	      "                         drop every event of the processes named COMM\n"
	      "                         and of their descendants before anything sees\n"
	      "                         them (not counted by -n or evt.num, as in\n"
	      "                         sysdig); repeatable, up to 32 names.  Live, the\n"
	      "                         kernel drops them; -v reports how many\n"
	      "\n"
	      "Output:\n"
	      "  -v, --verbose          print arguments whole (no cut at 80 characters);\n"
	      "                         end with a line of statistics on stderr\n"
	      "  -q, --quiet            print no events\n"
	      "  -D, --debug            also print internal events (procinfo, container, ...)\n"
	      "  -A, --print-ascii      show I/O buffers as text, keeping line breaks\n"
	      "  -x, --print-hex        show I/O buffers in hex\n"
	      "  -X, --print-hex-ascii  show I/O buffers in hex and text\n"
	      "  -b, --print-base64     show I/O buffers in base64\n"
	      "  -t, --timetype T       time column: h wall clock (default), a seconds since\n"
	      "                         the epoch, r since the first event, d latency of\n"
	      "                         the call, D since the previous event\n"
	      "  -p, --print FORMAT     print each event as FORMAT: text with %field,\n"
	      "                         %Nfield (padded/cut to N), \\n \\t \\e; a leading *\n"
	      "                         prints <NA> for missing fields, else such events\n"
	      "                         are skipped.  -pp shows the default, -pc adds the\n"
	      "                         container columns\n"
	      "  -j, --json             one JSON object per event (the format's fields)\n"
	      "  -S, --summary          at the end, count the events by type and direction\n"
	      "  -R, --resolve-ports    show known ports by their service name (from\n"
	      "                         /etc/services: 80 as http) in fd names, socket\n"
	      "                         arguments and fd.*proto fields\n"
	      "  -N, --numeric          ports as numbers even when -R is given too\n"
	      "                         (addresses are always shown as numbers)\n"
	      "  -P, --progress         while reading a file, how much of it is read, in\n"
	      "                         percent on stderr; on by itself with -r and -w\n"
	      "                         when stderr is a terminal\n"
	      "  -d, --displayflt       accepted for sysdig: the filter always sees the\n"
	      "                         state after the event\n"
	      "      --unbuffered       write every line at once.  Without it, output\n"
	      "                         goes out in large blocks, and live whenever the\n"
	      "                         capture has nothing new: a quiet capture shows\n"
	      "                         its latest events at once either way\n"
	      "\n"
	      "Live capture (without -r; needs root, or CAP_BPF and CAP_PERFMON, and a\n"
	      "kernel with BTF).  Every syscall of the machine but syscope's own, one\n"
	      "event per call; what the filter cannot match is dropped in the kernel:\n"
	      "  -s, --snaplen N        bytes of each I/O buffer to capture (default 80,\n"
	      "                         at most 65000); no effect with -r\n"
	      "      --enter-events     also record the enter event of every call, as\n"
	      "                         sysdig's classic pairs: gives evt.latency and shows\n"
	      "                         calls that are still blocked\n"
	      "      --buffer-size SIZE per-CPU ring buffer (default 8m; k and m suffixes);\n"
	      "                         events that do not fit are dropped and counted\n"
	      "      --page-faults      also record page faults (user and kernel mode) as\n"
	      "                         page_fault events: address, instruction pointer,\n"
	      "                         error flags; by the thread that faulted\n"
	      "  -T, --force-tracers-capture\n"
	      "                         keep up to 4096 bytes of each write to /dev/null\n"
	      "                         whatever -s says, so tracer markers written there\n"
	      "                         are captured whole\n"
	      "      --driver D         bpf (default): the CO-RE eBPF program; kmod: the\n"
	      "                         kernel module (kmod/syscope.ko, loaded from\n"
	      "                         $SYSCOPE_KMOD or beside the binary if not loaded),\n"
	      "                         for kernels where eBPF is not available\n"
	      "      --driver-info      load the eBPF driver with the options and filter\n"
	      "                         given, print the kernel, and what each program\n"
	      "                         cost the kernel's verifier (instructions it\n"
	      "                         processed, against its limit of 1000000), then\n"
	      "                         unload it; -v at the start of a capture prints\n"
	      "                         the same figures on stderr\n"
	      "      --large-environment\n"
	      "                         an environment cut at 4 KiB by the driver or the\n"
	      "                         /proc scan is read whole from /proc/PID/environ\n"
	      "                         (proc.env); a process already gone keeps the\n"
	      "                         cut one\n"
	      "  -B, --bpf, --modern-bpf\n"
	      "                         the same as --driver bpf (the eBPF driver is\n"
	      "                         built in: -B takes no probe file)\n"
	      "A closing line on stderr gives the events, drops, unreadable arguments and\n"
	      "seconds when events were dropped, and always with -v.  Ctrl-C stops.\n"
	      "\n"
	      "Writing trace files:\n"
	      "  -w, --write FILE       write the events that pass the filter to FILE\n"
	      "                         instead of printing them (implies -q); \"-\" is\n"
	      "                         standard output.  Internal events are kept\n"
	      "      --compression C    none, gzip or zstd.  Default: from the name\n"
	      "                         (*.gz gzip, anything else zstd).  sysdig and Falco\n"
	      "                         read none and gzip files, not zstd\n"
	      "  -z, --compress         gzip, the same as --compression=gzip (as sysdig)\n"
	      "  -F, --fatfile          with a filter: also write the events it rejects\n"
	      "                         that change the process and fd tables (opens,\n"
	      "                         closes, forks, execs...), marked hidden, so that\n"
	      "                         reading the file names the fds and processes of\n"
	      "                         the events kept; readers, sysdig too, do not show\n"
	      "                         them\n"
	      "  -C, --file-size MB     start a new file every MB megabytes (10^6 bytes)\n"
	      "  -e, --event-limit N    start a new file every N events\n"
	      "  -G, --seconds SECS     start a new file every SECS seconds of event time;\n"
	      "                         strftime conversions in FILE (%H%M%S...) are\n"
	      "                         filled in with the time of the file's first event\n"
	      "  -W, --limit N          with -C or -e: keep a ring of N files; with -G:\n"
	      "                         stop after N files\n"
	      "      --filter-proclist  list in the file only the processes the filter\n"
	      "                         matches (each process table entry is matched as\n"
	      "                         an event of that thread with no event fields, so\n"
	      "                         give a filter of proc.*, thread.* or user.*\n"
	      "                         fields); without it every process is listed\n"
	      "Rotated files are named FILE0, FILE1, ... (the number appended to the whole\n"
	      "name); each one holds the process and fd tables it needs.  New files get\n"
	      "mode 0600.\n"
	      "\n"
	      "Process and user tables:\n"
	      "  -E, --exclude-users    read no user or group table (from the file, or\n"
	      "                         /etc/passwd and /etc/group live) and write none\n"
	      "                         with -w: user.name and group.name have no value\n"
	      "\n"
	      "Chisels (Lua scripts with sysdig's chisel API):\n"
	      "  -c, --chisel NAME [ARGS]  run a chisel: NAME.lua from SYSCOPE_CHISEL_DIR,\n"
	      "                         ./chisels, ~/.chisels, syscope's and sysdig's chisel\n"
	      "                         folders, or a path; ARGS is one word ('...' groups);\n"
	      "                         may be repeated\n"
	      "  -cl, --list-chisels    list the chisels found, by category\n"
	      "  -i, --chisel-info NAME  a chisel's description and arguments\n"
	      "\n"
	      "Information:\n"
	      "  -L, --list-events      list every event type with its arguments\n"
	      "  -l, --list             list the fields of filters and formats; -lv adds\n"
	      "                         their types\n"
	      "      --list-markdown    the same list as Markdown tables\n"
	      "  -h, --help             show this help\n"
	      "      --version          show the version\n"
	      "      --libs-version     the trace file format versions read and written,\n"
	      "                         and the event table\n"
	      "\n"
	      "Filter: the words after the options, joined, in sysdig's filter language,\n"
	      "e.g.  syscope -r f.scap evt.type=open and fd.name contains /etc\n"
	      "Every event updates the process and fd tables before it is filtered.\n"
	      "\n"
	      "sysdig's options for Kubernetes, Mesos and CRI metadata, plugins, gVisor\n"
	      "and udig (-k, -K, --node-name, -m, --cri, --cri-timeout, -H, -I, -Il,\n"
	      "--plugin-config-file, -u, ...) are answered with a sentence saying what\n"
	      "syscope does instead, and exit status 1.\n"
	      "\n"
	      "Times are shown in the local time zone (set TZ=UTC for UTC).\n"
	      "Errors are reported on stderr and make syscope exit with status 1.\n",
	      out);
}

static bool parse_count(const char *arg, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!arg[0] || arg[0] == '-')
		return false;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || *end || v == 0)
		return false;
	*out = v;
	return true;
}

static bool set_buf_mode(struct options *o, enum buf_mode m)
{
	if (o->buf_mode != BUF_DOTS && o->buf_mode != m) {
		fprintf(stderr, "syscope: choose only one of -A, -x, -X and -b\n");
		return false;
	}
	o->buf_mode = m;
	return true;
}

/* The filter is every word left after the options, joined by spaces. */
static bool join_filter(struct options *o, int argc, char **argv, int first)
{
	size_t len = 0;
	for (int i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!len)
		return true;
	o->filter = malloc(len);
	if (!o->filter) {
		fprintf(stderr, "syscope: out of memory\n");
		return false;
	}
	o->filter[0] = '\0';
	for (int i = first; i < argc; i++) {
		if (i > first)
			strcat(o->filter, " ");
		strcat(o->filter, argv[i]);
	}
	return true;
}

bool options_parse(struct options *o, int argc, char **argv)
{
	memset(o, 0, sizeof *o);
	o->action = ACT_CAPTURE;
	o->buf_mode = BUF_DOTS;
	o->time_mode = TIME_HUMAN;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'h': o->action = ACT_HELP; return true;
		case 'V': o->action = ACT_VERSION; return true;
		case 'L': o->action = ACT_LIST_EVENTS; return true;
		case 'r':
			if (!add_read_file(o, optarg, argc))
				return false;
			break;
		case 'n':
			if (!parse_count(optarg, &o->max_events)) {
				fprintf(stderr, "syscope: -n takes a positive number of events, not '%s'\n",
					optarg);
				return false;
			}
			break;
		case 'v': o->verbose = true; break;
		case 'q': o->quiet = true; break;
		case 'D': o->debug = true; break;
		case 'A': if (!set_buf_mode(o, BUF_ASCII)) return false; break;
		case 'x': if (!set_buf_mode(o, BUF_HEX)) return false; break;
		case 'X': if (!set_buf_mode(o, BUF_HEXASCII)) return false; break;
		case 'b': if (!set_buf_mode(o, BUF_BASE64)) return false; break;
		case 't':
			if (strlen(optarg) != 1 || !strchr("hardD", optarg[0])) {
				fprintf(stderr, "syscope: -t takes one of h, a, r, d, D, not '%s'\n", optarg);
				return false;
			}
			o->time_mode = (enum time_mode)optarg[0];
			break;
		case 'w': case 'z': case 'F': case 'C': case 'G': case 'W': case 'e': case 'M':
		case OPT_COMPRESSION:
			if (!options_write_arg(o, c, optarg))
				return false;
			break;
		case 'p': case 'j': case 'l': case 'S': case 'd': case 'P': case 'R': case 'N':
		case OPT_UNBUFFERED: case OPT_LIST_MARKDOWN:
			if (!options_output_arg(o, c, optarg))
				return false;
			break;
		case 's': case OPT_ENTER_EVENTS: case OPT_BUFFER_SIZE:
		case OPT_PAGE_FAULTS: case 'T':
			if (!options_live_arg(o, c, optarg))
				return false;
			break;
		case OPT_DRIVER:
			if (!options_driver_arg(o, optarg))
				return false;
			break;
		case OPT_DRIVER_INFO:
			o->action = ACT_DRIVER_INFO;
			break;
		case 'U':
			if (!options_suppress_arg(o, optarg))
				return false;
			break;
		case OPT_LIBS_VERSION:
			o->action = ACT_LIBS_VERSION;
			return true;
		case 'c':
			if (!options_chisel_arg(o, optarg, argc, argv, &optind))
				return false;
			if (o->action == ACT_LIST_CHISELS)
				return true;
			break;
		case OPT_LIST_CHISELS:
			o->action = ACT_LIST_CHISELS;
			return true;
		case 'i':
			o->action = ACT_CHISEL_INFO;
			o->chisel_info = optarg;
			return true;
		case 'E': case OPT_FILTER_PROCLIST: case OPT_LARGE_ENVIRONMENT:
			options_tables_arg(o, c);
			break;
		case ':':
			fprintf(stderr, "syscope: option '%s' needs an argument\n", argv[optind - 1]);
			return false;
		default:
			if (options_compat_has(c)) {
				if (!options_compat_arg(o, c, optarg))
					return false;
				break;
			}
			bad_option(argv[optind - 1]);
			return false;
		}
	}
	return options_write_check(o) && options_output_check(o) &&
	       options_live_check(o) && join_filter(o, argc, argv, optind) &&
	       options_tables_check(o);
}

void options_free(struct options *o)
{
	options_chisel_free(o);
	free(o->filter);
	o->filter = NULL;
	free(o->read_files);
	o->read_files = NULL;
}
