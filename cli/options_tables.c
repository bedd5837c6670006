/* -E, --filter-proclist, --large-environment: see options_tables.h. */
#include <stdio.h>

#include "options_tables.h"

void options_tables_arg(struct options *o, int c)
{
	if (c == 'E')
		o->exclude_users = true;
	else if (c == OPT_FILTER_PROCLIST)
		o->filter_proclist = true;
	else if (c == OPT_LARGE_ENVIRONMENT)
		o->large_environment = true;
}

bool options_tables_check(const struct options *o)
{
	if (o->action != ACT_CAPTURE)
		return true;
	if (o->large_environment && o->read_file) {
		fprintf(stderr, "syscope: --large-environment reads environments from /proc: it "
				"applies to live capture, not to -r FILE\n");
		return false;
	}
	if (!o->filter_proclist)
		return true;
	if (!o->write_file) {
		fprintf(stderr, "syscope: --filter-proclist decides which processes a written "
				"file lists: add -w FILE\n");
		return false;
	}
	if (!o->filter) {
		fprintf(stderr, "syscope: --filter-proclist keeps the processes the filter "
				"matches: give a filter\n");
		return false;
	}
	return true;
}
