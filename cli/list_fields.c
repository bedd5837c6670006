/* syscope -l / -lv / --list-markdown: a walk over the field registry
 * (fields.h) in sysdig's layouts, so the listing, the man page made from it
 * and the fields filters and formats accept can never disagree. */
#include <string.h>

#include "fields.h"
#include "list_fields.h"

#define NAME_COLUMN 30
#define LINE_WIDTH 120

/* Write words of text, each followed by a blank, wrapping before a word
 * that would end past LINE_WIDTH; continuation lines are indented to
 * NAME_COLUMN.  col is the column the text starts at. */
static void put_wrapped(FILE *out, const char *text, size_t col)
{
	const char *p = text;
	bool first = true;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t w = strcspn(p, " ");
		if (!first && col + w + 1 > LINE_WIDTH) {
			fprintf(out, "\n%*s", NAME_COLUMN, "");
			col = NAME_COLUMN;
		}
		fprintf(out, "%.*s ", (int)w, p);
		col += w + 1;
		p += w;
		first = false;
	}
	fputc('\n', out);
}

/* "name" padded to the description column, or alone on its line when it
 * is too long for that. */
static void put_label(FILE *out, const char *label)
{
	size_t n = strlen(label);
	if (n < NAME_COLUMN)
		fprintf(out, "%s%*s", label, (int)(NAME_COLUMN - n), "");
	else
		fprintf(out, "%s\n%*s", label, NAME_COLUMN, "");
}

static void put_field(FILE *out, const struct field_desc *d, bool verbose)
{
	char text[1024];
	size_t n = 0;
	text[0] = 0;
	if (verbose)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "(Type: %s) ",
				      field_type_name((enum field_type)d->type));
	if (d->flags & FF_FILTER_ONLY)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "(FILTER ONLY) ");
	if (n < sizeof(text))
		snprintf(text + n, sizeof(text) - n, "%s", d->help);
	put_label(out, d->name);
	put_wrapped(out, text, NAME_COLUMN);
}

void list_fields(FILE *out, bool verbose)
{
	for (size_t c = 0; c < field_class_count(); c++) {
		const struct field_class *fc = field_class_at(c);
		fputs("-------------------------------\n", out);
		put_label(out, "Field Class:");
		if (fc->title)
			fprintf(out, "%s (%s)\n", fc->name, fc->title);
		else
			fprintf(out, "%s\n", fc->name);
		put_label(out, "Description:");
		put_wrapped(out, fc->help, NAME_COLUMN);
		fputc('\n', out);
		for (size_t i = 0; i < field_count(); i++) {
			const struct field_desc *d = field_at(i);
			if (strcmp(d->group, fc->key) == 0 && !(d->flags & FF_HIDDEN))
				put_field(out, d, verbose);
		}
		fputc('\n', out);
	}
}

void list_fields_markdown(FILE *out)
{
	for (size_t c = 0; c < field_class_count(); c++) {
		const struct field_class *fc = field_class_at(c);
		fprintf(out, "\n## Field Class: %s\n\n%s\n\n", fc->name, fc->help);
		fputs("Name | Type | Description\n:----|:-----|:-----------\n", out);
		for (size_t i = 0; i < field_count(); i++) {
			const struct field_desc *d = field_at(i);
			if (strcmp(d->group, fc->key) == 0 && !(d->flags & FF_HIDDEN))
				fprintf(out, "`%s` | %s | %s\n", d->name,
					field_type_name((enum field_type)d->type), d->help);
		}
	}
}
