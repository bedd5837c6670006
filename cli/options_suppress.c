/* -U COMM: see options_suppress.h and capture/state/suppress.h. */
#include <stdio.h>

#include "options_suppress.h"

bool options_suppress_arg(struct options *o, const char *arg)
{
	const char *why;
	if (!suppress_names_add(&o->suppress, arg, &why)) {
		fprintf(stderr, "syscope: -U '%s': %s\n", arg, why);
		return false;
	}
	return true;
}
