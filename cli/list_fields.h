/* syscope -l / -lv: the field registry in sysdig's listing layout. */
#ifndef SYSCOPE_LIST_FIELDS_H
#define SYSCOPE_LIST_FIELDS_H

#include <stdbool.h>
#include <stdio.h>

/* One block per field class: a rule, "Field Class:", "Description:", a
 * blank line, then one line per field (name padded to 30 columns, text
 * wrapped at 120).  verbose adds "(Type: X)" to each field. */
void list_fields(FILE *out, bool verbose);

/* The same fields as Markdown, in sysdig's --list-markdown layout: per
 * class a "## Field Class:" heading, its description, then a table of
 * name, type and description. */
void list_fields_markdown(FILE *out);

#endif
