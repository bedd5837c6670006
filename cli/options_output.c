/* -p FORMAT, -j, -l/-lv, -S and -d. */
#include <stdio.h>
#include <string.h>

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
	case OPT_UNBUFFERED:
		o->unbuffered = true;
		return true;
	case 'd':
		/* The filter already runs after the state update of every event:
		 * sysdig's display filter is what syscope always does. */
		return true;
	default:
		return false;
	}
}

const char *options_output_format(const struct options *o, bool tty)
{
	if (o->format)
		return o->format;
	if (o->json)
		return tty ? FORMAT_DEFAULT_TTY : FORMAT_DEFAULT;
	return NULL;
}
