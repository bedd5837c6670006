/* -cl and -i: the chisels found, grouped by category, laid out as sysdig
 * lays them out (names in 16 columns, text cut into fixed-width pieces). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "chisel_internal.h"

#define NAME_COLS 16
#define TEXT_COLS 63 /* of a summary or argument, after the name column */
#define DESC_COLS 79 /* of a full description */

/* text in pieces of `cols`, every piece after the first indented. */
static void put_wrapped(FILE *out, const char *text, size_t cols, unsigned indent)
{
	size_t len = strlen(text);
	for (size_t off = 0;; off += cols) {
		if (off)
			fprintf(out, "\n%*s", indent, "");
		size_t n = len - off < cols ? len - off : cols;
		fwrite(text + off, 1, n, out);
		if (off + cols >= len)
			break;
	}
	fputc('\n', out);
}

static void put_summary(FILE *out, const struct chisel *c)
{
	const char *name = c->name;
	if (strlen(name) >= NAME_COLS)
		fprintf(out, "%s\n%*s", name, NAME_COLS, "");
	else
		fprintf(out, "%-*s", NAME_COLS, name);
	put_wrapped(out, c->short_description ? c->short_description : "", TEXT_COLS, NAME_COLS);
}

static void put_category(FILE *out, const char *cat)
{
	fprintf(out, "\nCategory: %s\n", cat);
	size_t n = strlen("Category: ") + strlen(cat);
	for (size_t i = 0; i < n; i++)
		fputc('-', out);
	fputc('\n', out);
}

static const char *category_of(const struct chisel *c)
{
	return c->category ? c->category : "";
}

static int by_category_name(const void *a, const void *b)
{
	const struct chisel *x = *(struct chisel *const *)a, *y = *(struct chisel *const *)b;
	int d = strcmp(category_of(x), category_of(y));
	return d ? d : strcmp(x->name, y->name);
}

static bool listed(struct chisel **v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i]->name, name) == 0)
			return true;
	return false;
}

/* Load every .lua file of one folder that is a chisel; the first folder
 * with a name wins. */
static bool scan_dir(const char *dir, struct chisel ***v, size_t *n, size_t *cap)
{
	DIR *d = opendir(dir);
	if (!d)
		return true;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".lua") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(len - 4), de->d_name);
		if (listed(*v, *n, name))
			continue;
		char path[4400], err[CHISEL_ERR_MAX];
		if (strlen(dir) + len >= sizeof path)
			continue;
		memcpy(path, dir, strlen(dir));
		memcpy(path + strlen(dir), de->d_name, len + 1);
		struct chisel *c = chisel_load(path, err, sizeof err);
		if (!c)
			continue;
		if (c->hidden || !c->short_description) {
			chisel_free(c);
			continue;
		}
		free(c->name);
		c->name = strdup(name);
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 64;
			struct chisel **nv = realloc(*v, nc * sizeof *nv);
			if (!nv || !c->name) {
				chisel_free(c);
				closedir(d);
				return false;
			}
			*v = nv;
			*cap = nc;
		}
		(*v)[(*n)++] = c;
	}
	closedir(d);
	return true;
}

bool chisel_print_list(FILE *out)
{
	char dirs[CHISEL_MAX_DIRS][4096];
	unsigned nd = chisel_dirs(dirs, CHISEL_MAX_DIRS);
	struct chisel **v = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	for (unsigned i = 0; ok && i < nd; i++)
		ok = scan_dir(dirs[i], &v, &n, &cap);
	if (ok) {
		qsort(v, n, sizeof *v, by_category_name);
		for (size_t i = 0; i < n; i++) {
			if (i == 0 || strcmp(category_of(v[i]), category_of(v[i - 1])) != 0)
				put_category(out, category_of(v[i]));
			put_summary(out, v[i]);
		}
		fputs("\nUse the -i flag to get detailed information about a specific chisel\n", out);
	}
	for (size_t i = 0; i < n; i++)
		chisel_free(v[i]);
	free(v);
	return ok;
}

bool chisel_print_info(FILE *out, const char *name, char *err, size_t errlen)
{
	struct chisel *c = chisel_load(name, err, errlen);
	if (!c)
		return false;
	put_category(out, category_of(c));
	put_summary(out, c);
	fputc('\n', out);
	put_wrapped(out, c->description, DESC_COLS, 0);
	fputs("Args:\n", out);
	for (unsigned i = 0; i < c->nargs; i++) {
		const struct chisel_arg *a = &c->args[i];
		size_t len = strlen(a->name) + (a->argtype ? strlen(a->argtype) : 0) +
			     (a->description ? strlen(a->description) : 0) + 8;
		char *line = malloc(len);
		if (!line) {
			chisel_free(c);
			snprintf(err, errlen, "out of memory");
			return false;
		}
		snprintf(line, len, "[%s] %s - %s", a->argtype ? a->argtype : "", a->name,
			 a->description ? a->description : "");
		put_wrapped(out, line, TEXT_COLS, NAME_COLS);
		free(line);
	}
	fputs(c->nargs ? "\n" : "(None)\n", out);
	chisel_free(c);
	return true;
}
