/* -p FORMAT, -j, -l/-lv, -S, -d, -P, -R, -N and --unbuffered. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "options_output.h"

bool options_output_arg(struct options *o, int c, const char *arg)
{
	switch (c) {
	case 'p':
		/* sysdig's presets: -pp shows the default format, -pc/-pcontainer
		 * the line with container columns. */
		if (strcmp(arg, "p") == 0) {
			o->action = ACT_PRINT_FORMAT;
			return true;
		}
		if (strcmp(arg, "c") == 0 || strcmp(arg, "container") == 0) {
			o->format = FORMAT_CONTAINER;
			return true;
		}
		if (strcmp(arg, "k") == 0 || strcmp(arg, "kubernetes") == 0 ||
		    strcmp(arg, "m") == 0 || strcmp(arg, "mesos") == 0) {
			fprintf(stderr, "syscope: -p%s: Kubernetes and Mesos metadata are not "
					"supported\n", arg);
			return false;
		}
		o->format = arg;
		return true;
	case 'j':
		o->json = true;
		return true;
	case 'l':
		/* acted on after parsing, so that -lv (-l -v) is the verbose list */
		o->action = ACT_LIST_FIELDS;
		return true;
	case 'S':
		o->summary = true;
		return true;
	case OPT_LIST_MARKDOWN:
		o->action = ACT_LIST_MARKDOWN;
		return true;
	case OPT_UNBUFFERED:
		o->unbuffered = true;
		return true;
	case 'P':
		o->progress = true;
		return true;
	case 'R':
		o->resolve_ports = true;
		return true;
	case 'N':
		o->numeric = true;
		return true;
	case 'd':
		/* The filter already runs after the state update of every event:
		 * sysdig's display filter is what syscope always does. */
		return true;
	default:
		return false;
	}
}

bool options_output_check(struct options *o)
{
	if (o->action != ACT_CAPTURE)
		return true;
	/* -N wins in either order: an alias or script may add -R */
	if (o->numeric)
		o->resolve_ports = false;
	if (o->progress && !o->read_file) {
		fprintf(stderr, "syscope: -P shows how much of a file is read: it needs -r FILE "
				"(not a live capture)\n");
		return false;
	}
	bool stdin_read = false;
	for (unsigned i = 0; i < o->nread; i++)
		stdin_read |= strcmp(o->read_files[i], "-") == 0;
	if (stdin_read && o->nread > 1) {
		fprintf(stderr, "syscope: -r -: standard input cannot be read with other files\n");
		return false;
	}
	if (o->progress && stdin_read) {
		fprintf(stderr, "syscope: -P cannot measure standard input (it has no size)\n");
		return false;
	}
	/* Converting a file (-r with -w) prints nothing else, and can be
	 * long: as in sysdig, the progress shows by itself, on a terminal. */
	if (o->read_file && o->write_file && strcmp(o->read_file, "-") != 0 &&
	    isatty(STDERR_FILENO))
		o->progress = true;
	return true;
}

const char *options_output_format(const struct options *o, bool tty)
{
	if (o->format)
		return o->format;
	if (o->json)
		return tty ? FORMAT_DEFAULT_TTY : FORMAT_DEFAULT;
	return NULL;
}
