/* -p FORMAT and -j: sysdig's output format syntax over the field registry.
 *
 *   %field          a field's value (any registry name with its argument:
 *                   %evt.arg.name, %proc.aname[2], %thread.cgroup.cpuacct)
 *   %Nfield         the value padded with blanks or cut to exactly N chars
 *   leading *       print lines with missing fields, showing <NA>; without
 *                   it a line with any missing field is not printed
 *   \n \t \e \\     newline, tab, escape, backslash; other text is literal
 *
 * With -j the line is one JSON object whose keys are the field names of
 * the format in byte order (sysdig's JSON writer sorts them) and whose
 * literal text is dropped. */
#ifndef SYSCOPE_FORMAT_H
#define SYSCOPE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "print_event.h"

/* sysdig's default line as a format, without and with terminal colours
 * (the coloured one shows (pid.tid)), and the -pc container line. */
#define FORMAT_DEFAULT \
	"*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info"
#define FORMAT_DEFAULT_TTY                                                               \
	"*%evt.num %evt.outputtime %evt.cpu \\e[01;32m%proc.name\\e[00m "                  \
	"(\\e[01;36m%proc.pid\\e[00m.%thread.tid) %evt.dir \\e[01;34m%evt.type\\e[00m %evt.info"
#define FORMAT_CONTAINER                                                                 \
	"*%evt.num %evt.outputtime %evt.cpu %container.name (%container.id) %proc.name "   \
	"(%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info"

struct format;

/* Compile a format (escapes are processed here).  On error returns NULL
 * with a message (no "syscope:" prefix) in err. */
struct format *format_compile(const char *text, char *err, size_t errlen);
void format_free(struct format *f);

/* The format contains an ESC byte: sysdig then resets the terminal colours
 * (ESC[00m) once at the end of the run. */
bool format_has_escape(const struct format *f);

/* Does the format print a field with any of these flags (enum field_flags)? */
bool format_uses_flags(const struct format *f, unsigned flags);

/* Append the event's line (newline included) to the printer's buffer, as
 * text or, with json, as one JSON object.  Returns false, appending
 * nothing, when the line is suppressed (a missing field without '*'). */
bool format_print(struct format *f, struct printer *p, bool json, const struct event *ev,
		  const struct evt_ctx *ctx, struct state *st);

/* Print one event with the printer's format: its -p/-j format if it has
 * one, else the default line (print_event.h).  Returns false when the
 * format suppressed the line. */
bool print_line(struct printer *p, const struct event *ev, const struct evt_ctx *ctx,
		struct state *st);

/* Append s[0..n) as the body of a JSON string (no quotes), escaped the way
 * sysdig's JSON writer escapes it. */
void json_escape(struct strbuf *sb, const char *s, size_t n);

#endif
