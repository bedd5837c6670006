/* -c NAME [ARGS]: sysdig's rule for whether the word after the chisel's
 * name is its argument.  A chisel without args takes none; one with a
 * required arg always takes the next word; one whose only arg is a
 * filter (ps, lsof, netstat) takes it whenever there is one; one with optional args only takes it
 * unless it looks like an option or the rest of the line is a filter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chisel.h"
#include "filter.h"
#include "options_chisel.h"

/* The words from argv[from] on, joined by blanks, compile as a filter. */
static bool rest_is_filter(int argc, char **argv, int from)
{
	size_t len = 1;
	for (int i = from; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *text = malloc(len);
	if (!text)
		return false;
	text[0] = 0;
	for (int i = from; i < argc; i++) {
		if (i > from)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	char err[256];
	struct filter *f = filter_compile(text, err, sizeof err);
	free(text);
	filter_free(f);
	return f != NULL;
}

static bool takes_next_word(const struct chisel *c, int argc, char **argv, int next)
{
	if (chisel_required_args(c) + chisel_optional_args(c) == 0)
		return false;
	if (chisel_required_args(c) > 0)
		return true;
	if (chisel_takes_filter(c))
		return next < argc;
	if (next >= argc || argv[next][0] == '-')
		return false;
	return !rest_is_filter(argc, argv, next);
}

static bool add_chisel(struct options *o, struct chisel *c)
{
	struct chisel **v = realloc(o->chisels, (o->nchisels + 1) * sizeof *v);
	if (!v)
		return false;
	o->chisels = v;
	o->chisels[o->nchisels++] = c;
	return true;
}

bool options_chisel_arg(struct options *o, const char *name, int argc, char **argv, int *optind)
{
	if (strcmp(name, "l") == 0) {
		o->action = ACT_LIST_CHISELS;
		return true;
	}
	char err[1024];
	struct chisel *c = chisel_load(name, err, sizeof err);
	if (!c) {
		fprintf(stderr, "syscope: %s\n", err);
		return false;
	}
	const char *words = "";
	if (takes_next_word(c, argc, argv, *optind)) {
		if (*optind >= argc) {
			fprintf(stderr, "syscope: missing arguments for chisel %s\n", name);
			chisel_free(c);
			return false;
		}
		words = argv[(*optind)++];
	}
	if (!chisel_set_args(c, words, err, sizeof err)) {
		fprintf(stderr, "syscope: %s\n", err);
		chisel_free(c);
		return false;
	}
	if (!add_chisel(o, c)) {
		fprintf(stderr, "syscope: out of memory\n");
		chisel_free(c);
		return false;
	}
	return true;
}

void options_chisel_free(struct options *o)
{
	for (unsigned i = 0; i < o->nchisels; i++)
		chisel_free(o->chisels[i]);
	free(o->chisels);
	o->chisels = NULL;
	o->nchisels = 0;
}
