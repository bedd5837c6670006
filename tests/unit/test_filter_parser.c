/* The filter parser (text -> tree), the type checker (tree -> program, with
 * its error messages) and the field registry's name lookup. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fields.h"
#include "filter.h"
#include "parser.h"

/* The canonical form of a parsed filter, or "ERROR col N: msg". */
static char *parsed(const char *text)
{
	struct ast_node *n = NULL;
	struct filter_diag d = { 0 };
	if (!filter_parse(text, strlen(text), &n, &d)) {
		char *s = malloc(320);
		snprintf(s, 320, "ERROR col %d: %s", d.col, d.msg);
		return s;
	}
	char *s = ast_to_string(n);
	ast_free(n);
	return s;
}

#define CHECK_PARSE(text, want)                 \
	do {                                    \
		char *got_ = parsed(text);      \
		CHECK_STREQ(got_, want);        \
		free(got_);                     \
	} while (0)

/* The message filter_compile gives, or "" when it compiles. */
static char *compile_error(const char *text)
{
	char *err = calloc(1, 320);
	struct filter *f = filter_compile(text, err, 320);
	if (f) {
		filter_free(f);
		err[0] = 0;
	}
	return err;
}

#define CHECK_COMPILES(text)                    \
	do {                                    \
		char *e_ = compile_error(text); \
		CHECK_STREQ(e_, "");            \
		free(e_);                       \
	} while (0)

#define CHECK_ERROR(text, want)                 \
	do {                                    \
		char *e_ = compile_error(text); \
		CHECK_STREQ(e_, want);          \
		free(e_);                       \
	} while (0)

static void test_checks(void)
{
	CHECK_PARSE("proc.name=curl", "proc.name = \"curl\"");
	CHECK_PARSE("proc.name == curl", "proc.name = \"curl\"");
	CHECK_PARSE("fd.num>=3", "fd.num >= \"3\"");
	CHECK_PARSE("fd.name exists", "fd.name exists");
	CHECK_PARSE("evt.dir=<", "evt.dir = \"<\"");
	CHECK_PARSE("evt.dir = >", "evt.dir = \">\"");
	CHECK_PARSE("fd.name!=''", "fd.name != \"\"");
	CHECK_PARSE("proc.cmdline contains \"curl -6\"", "proc.cmdline contains \"curl -6\"");
	CHECK_PARSE("proc.name contains\"at\"", "proc.name contains \"at\"");
	CHECK_PARSE("evt.buffer contains \\x48\\x54", "evt.buffer contains \"HT\"");
	CHECK_PARSE("proc.aname[2]=sshd", "proc.aname[2] = \"sshd\"");
	CHECK_PARSE("evt.arg.fd=3", "evt.arg.fd = \"3\"");
	CHECK_PARSE("fd.name glob /etc/*.conf", "fd.name glob \"/etc/*.conf\"");
	static const char *const ops[] = { "icontains", "bcontains", "startswith", "bstartswith",
					   "endswith", "iglob", "regex" };
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		char text[64], want[64];
		snprintf(text, sizeof(text), "fd.name %s x", ops[i]);
		snprintf(want, sizeof(want), "fd.name %s \"x\"", ops[i]);
		CHECK_PARSE(text, want);
	}
}

static void test_lists(void)
{
	CHECK_PARSE("evt.type in (open, close)", "evt.type in (\"open\", \"close\")");
	CHECK_PARSE("evt.type in(open,close)", "evt.type in (\"open\", \"close\")");
	CHECK_PARSE("proc.name in (\"curl\", bash)", "proc.name in (\"curl\", \"bash\")");
	CHECK_PARSE("fd.name pmatch (/etc, /usr)", "fd.name pmatch (\"/etc\", \"/usr\")");
	CHECK_PARSE("proc.name intersects (a)", "proc.name intersects (\"a\")");
	/* sysdig 0.29.3: an empty slot is an empty value */
	CHECK_PARSE("fd.name in ()", "fd.name in (\"\")");
	CHECK_PARSE("fd.name in (/tmp/x,)", "fd.name in (\"/tmp/x\", \"\")");
	CHECK_PARSE("fd.name in (\"a,b\", c)", "fd.name in (\"a,b\", \"c\")");
}

static void test_precedence(void)
{
	/* not > and > or */
	CHECK_PARSE("a=1 or b=2 and c=3", "(a = \"1\" or (b = \"2\" and c = \"3\"))");
	CHECK_PARSE("a=1 and b=2 or c=3", "((a = \"1\" and b = \"2\") or c = \"3\")");
	CHECK_PARSE("not a=1 and b=2", "((not a = \"1\") and b = \"2\")");
	CHECK_PARSE("not (a=1 and b=2)", "(not (a = \"1\" and b = \"2\"))");
	CHECK_PARSE("not(a=1)", "(not a = \"1\")");
	CHECK_PARSE("not not a=1", "(not (not a = \"1\"))");
	/* chains stay flat */
	CHECK_PARSE("a=1 and b=2 and c=3", "(a = \"1\" and b = \"2\" and c = \"3\")");
	CHECK_PARSE("(a=1 or b=2) and c=3", "((a = \"1\" or b = \"2\") and c = \"3\")");
	CHECK_PARSE("((a=1))", "a = \"1\"");
	CHECK_PARSE("a=1 and(b=2)", "(a = \"1\" and b = \"2\")");
	/* every filter sysdig 0.29.3 accepts keeps its meaning */
	CHECK_PARSE("evt.type=open and fd.name contains ld",
		    "(evt.type = \"open\" and fd.name contains \"ld\")");
	CHECK_PARSE("not evt.type=mmap and not evt.type=mprotect and evt.dir=>",
		    "((not evt.type = \"mmap\") and (not evt.type = \"mprotect\") and evt.dir = \">\")");
}

static void test_blank_filter(void)
{
	struct ast_node *n = (struct ast_node *)1;
	struct filter_diag d = { 0 };
	CHECK(filter_parse("  \t", 3, &n, &d));
	CHECK(n == NULL);
	CHECK(filter_parse("", 0, &n, &d));
	CHECK(n == NULL);
}

static void test_parse_errors(void)
{
	CHECK_PARSE("evt.num=", "ERROR col 9: expected a value after '='");
	CHECK_PARSE("evt.num", "ERROR col 8: unexpected end of filter, expected an operator after 'evt.num'");
	CHECK_PARSE("(evt.num=1", "ERROR col 11: unexpected end of filter, expected ')'");
	CHECK_PARSE("evt.num=1)", "ERROR col 10: unexpected ')' with no matching '('");
	CHECK_PARSE("evt.num>3 and", "ERROR col 14: unexpected end of filter, expected a field, 'not' or '('");
	CHECK_PARSE("evt.num>3 and or x=1", "ERROR col 15: expected a field, 'not' or '(', found 'or'");
	CHECK_PARSE("a=1 b=2", "ERROR col 5: expected 'and', 'or' or the end of the filter, found 'b'");
	CHECK_PARSE("(a=1 b=2)", "ERROR col 6: expected 'and', 'or' or ')', found 'b'");
	CHECK_PARSE("a in 1", "ERROR col 6: expected '(' after 'in', found '1'");
	CHECK_PARSE("a in (1", "ERROR col 8: unexpected end of filter, expected ')'");
	CHECK_PARSE("a in (1 2)", "ERROR col 9: expected ',' or ')' after a list value, found '2'");
	CHECK_PARSE("a=(b)", "ERROR col 3: expected a value after '=', found '('");
	CHECK_PARSE("a foo b", "ERROR col 3: unknown operator 'foo' after 'a'");
	CHECK_PARSE("a !3", "ERROR col 3: expected an operator after 'a', found '!'");
	CHECK_PARSE("a exists=1", "ERROR col 9: expected 'and', 'or' or the end of the filter, found '='");
	CHECK_PARSE("()", "ERROR col 2: expected a field, 'not' or '(', found ')'");
	CHECK_PARSE("a=\"x", "ERROR col 3: unterminated quoted string");
	CHECK_PARSE("a=x\\x4", "ERROR col 4: invalid escape sequence '\\x4'");
	CHECK_PARSE("a=1 AND b=2", "ERROR col 5: keywords are lower case: write 'and', not 'AND'");
	CHECK_PARSE("NOT a=1", "ERROR col 1: keywords are lower case: write 'not', not 'NOT'");

	/* nesting is bounded: no stack exhaustion on hostile input */
	size_t n = 5000;
	char *deep = malloc(2 * n + 8);
	memset(deep, '(', n);
	strcpy(deep + n, "a=1");
	char *got = parsed(deep);
	CHECK(strstr(got, "nested too deeply") != NULL);
	free(got);
	free(deep);
	char *nots = malloc(4 * n + 8);
	for (size_t i = 0; i < n; i++)
		memcpy(nots + 4 * i, "not ", 4);
	strcpy(nots + 4 * n, "a=1");
	got = parsed(nots);
	CHECK(strstr(got, "nested too deeply") != NULL);
	free(got);
	free(nots);
	/* long flat chains are fine: they are not nested */
	char *chain = malloc(8 * n + 8);
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		o += (size_t)sprintf(chain + o, i ? " or a=%zu" : "a=%zu", i % 10);
	got = parsed(chain);
	CHECK(strncmp(got, "(a = \"0\" or a = \"1\" or", 22) == 0);
	free(got);
	free(chain);
}

static void test_field_lookup(void)
{
	struct field_ref r;
	size_t used = 0;
	char err[200];

	CHECK_INTEQ(field_parse("proc.name", 9, &r, &used, err, sizeof(err)), 0);
	CHECK_STREQ(r.desc->name, "proc.name");
	CHECK_INTEQ(used, 9);
	CHECK_INTEQ(r.kind, VK_STRING);

	/* longest prefix, then the argument */
	CHECK_INTEQ(field_parse("evt.arg.fd", 10, &r, &used, err, sizeof(err)), 0);
	CHECK_STREQ(r.desc->name, "evt.arg");
	CHECK(r.has_name && !r.has_index);
	CHECK_STREQ(r.name, "fd");
	CHECK_INTEQ(field_parse("evt.arg[1]", 10, &r, &used, err, sizeof(err)), 0);
	CHECK(r.has_index);
	CHECK_INTEQ(r.index, 1);
	CHECK_INTEQ(field_parse("proc.aname[2]", 13, &r, &used, err, sizeof(err)), 0);
	CHECK_INTEQ(r.index, 2);
	CHECK(!r.multi);
	CHECK_INTEQ(field_parse("proc.aname", 10, &r, &used, err, sizeof(err)), 0);
	CHECK(r.multi); /* any ancestor */
	CHECK_INTEQ(field_parse("thread.cgroup.cpuacct", 21, &r, &used, err, sizeof(err)), 0);
	CHECK_STREQ(r.name, "cpuacct");

	/* -p formats: the rest after the field is text */
	const char *fmt = "proc.name[1]";
	CHECK_INTEQ(field_parse(fmt, strlen(fmt), &r, &used, err, sizeof(err)), 0);
	CHECK_INTEQ(used, 9);
	fmt = "evt.arg.name:x";
	CHECK_INTEQ(field_parse(fmt, strlen(fmt), &r, &used, err, sizeof(err)), 0);
	CHECK_INTEQ(used, 12);
	fmt = "thread.cgroup.cpuacct.";
	CHECK_INTEQ(field_parse(fmt, strlen(fmt), &r, &used, err, sizeof(err)), 0);
	CHECK_STREQ(r.name, "cpuacct");

	/* evt.rawarg takes its type from the parameter */
	CHECK_INTEQ(field_parse("evt.rawarg.res", 14, &r, &used, err, sizeof(err)), 0);
	CHECK_INTEQ(r.type, FT_INT64);
	CHECK_INTEQ(field_parse("evt.rawarg.name", 15, &r, &used, err, sizeof(err)), 0);
	CHECK_INTEQ(r.type, FT_CHARBUF);
	CHECK_INTEQ(field_parse("evt.rawarg.size", 15, &r, &used, err, sizeof(err)), 0);
	CHECK_INTEQ(r.kind, VK_UNSIGNED);

	CHECK_INTEQ(field_parse("proc.nme", 8, &r, &used, err, sizeof(err)), -1);
	CHECK_STREQ(err, "unknown field 'proc.nme' (did you mean 'proc.name'?)");
	CHECK_INTEQ(field_parse("zzz.qqq", 7, &r, &used, err, sizeof(err)), -1);
	CHECK_STREQ(err, "unknown field 'zzz.qqq'");
	CHECK_INTEQ(field_parse("evt.arg", 7, &r, &used, err, sizeof(err)), -1);
	CHECK_STREQ(err, "'evt.arg' needs an argument: evt.arg.NAME or evt.arg[N]");
	CHECK_INTEQ(field_parse("evt.arg.bogus", 13, &r, &used, err, sizeof(err)), -1);
	CHECK_STREQ(err, "unknown event argument 'bogus'");

	CHECK_STREQ(field_suggest("fd.nmae", 7), "fd.name");
	CHECK_STREQ(field_suggest("evt.tpye", 8), "evt.type");
	CHECK(field_suggest("completely.different", 20) == NULL);

	CHECK(field_by_name("fd.num") != NULL);
	CHECK(field_by_name("fd.nu") == NULL);
	CHECK_STREQ(field_type_name(FT_UINT64), "UINT64");
	CHECK_STREQ(field_type_name(FT_DYNAMIC), "DYNAMIC");

	/* every registry row is usable: a name, a help line, an extractor */
	for (size_t i = 0; i < field_count(); i++) {
		const struct field_desc *d = field_at(i);
		CHECK(d->name && d->help && d->group);
		CHECK(d->extract || d->extract_nth);
		CHECK(field_by_name(d->name) == d);
	}
}

static void test_type_checking(void)
{
	CHECK_COMPILES("");
	CHECK_COMPILES("evt.type=open and proc.name=curl and fd.num>=3");
	CHECK_COMPILES("evt.num=0x10");
	CHECK_COMPILES("thread.tid=-1");
	CHECK_COMPILES("user.uid=-1");
	CHECK_COMPILES("evt.failed=true or evt.failed=false");
	CHECK_COMPILES("fd.sport=http");
	CHECK_COMPILES("fd.sip=10.0.0.1 or fd.sip=::1 or fd.snet=10.0.0.0/8 or fd.net=fe80::/10");
	CHECK_COMPILES("evt.type in (open, getpid, rt_sigprocmask)");
	CHECK_COMPILES("evt.buffer bcontains 48545450");
	CHECK_COMPILES("fd.name regex '^/etc/.*\\.conf$'");

	CHECK_ERROR("evt.type=open and proc.nme=curl",
		    "filter error at column 19: unknown field 'proc.nme' (did you mean 'proc.name'?)");
	CHECK_ERROR("proc.namex=1", "filter error at column 1: unknown field 'proc.namex' (did you mean 'proc.name'?)");
	CHECK_ERROR("proc.name[1]=x", "filter error at column 10: field 'proc.name' takes no argument");
	CHECK_ERROR("fd.num contains 3",
		    "filter error at column 8: 'contains' does not apply to numeric field 'fd.num'");
	CHECK_ERROR("evt.failed < true",
		    "filter error at column 12: '<' does not apply to boolean field 'evt.failed'");
	CHECK_ERROR("evt.buffer > a",
		    "filter error at column 12: '>' does not apply to buffer field 'evt.buffer'");
	CHECK_ERROR("fd.sip glob 1*",
		    "filter error at column 8: 'glob' does not apply to IP address field 'fd.sip'");
	CHECK_ERROR("fd.num pmatch (/a)",
		    "filter error at column 8: 'pmatch' does not apply to numeric field 'fd.num'");
	CHECK_ERROR("fd.num=abc", "filter error at column 8: 'abc' is not a number");
	CHECK_ERROR("evt.num=1.5", "filter error at column 9: '1.5' is not a number");
	CHECK_ERROR("evt.num in (1, x)", "filter error at column 16: 'x' is not a number");
	CHECK_ERROR("evt.num in (1,)", "filter error at column 15: '' is not a number");
	CHECK_ERROR("evt.failed=1",
		    "filter error at column 12: '1' is not a boolean (expected true or false)");
	CHECK_ERROR("fd.sip=1.2.3", "filter error at column 8: '1.2.3' is not an IP address");
	CHECK_ERROR("fd.snet=1.2.3.0/33",
		    "filter error at column 9: '1.2.3.0/33' is not an IP network (expected ADDRESS/LENGTH)");
	CHECK_ERROR("fd.sport=no-such-service",
		    "filter error at column 10: 'no-such-service' is not a port number or service name");
	CHECK_ERROR("evt.type=bogus", "filter error at column 10: unknown event type 'bogus'");
	CHECK_ERROR("evt.type in (open, bogus)", "filter error at column 20: unknown event type 'bogus'");
	CHECK_ERROR("evt.arg.bogus=1", "filter error at column 1: unknown event argument 'bogus'");
	CHECK_ERROR("evt.rawarg[0]=1",
		    "filter error at column 1: 'evt.rawarg' needs an argument: evt.rawarg.NAME");
	CHECK_ERROR("proc.aname[x]=1",
		    "filter error at column 1: 'proc.aname' needs a numeric index, as in proc.aname[1]");
	CHECK_ERROR("evt.buffer bcontains 4X",
		    "filter error at column 22: '4X' is not a hex byte string (two hex digits per byte, e.g. 48545450)");
	CHECK_ERROR("fd.name regex 'a('",
		    "filter error at column 15: invalid regular expression 'a(': Unmatched ( or \\(");
	/* patterns that would make regcomp or regexec explode are refused */
	CHECK_ERROR("fd.name regex 'a++++++++++++++++++++++++++++++++++++++++'",
		    "filter error at column 15: regular expression 'a++++++++++++++++++++++++++++++++++++++++' is too complex");
	CHECK_ERROR("fd.name regex '((((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+'",
		    "filter error at column 15: regular expression '((((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+' is too complex");
	CHECK_ERROR("fd.name regex '(a{99}){99}'",
		    "filter error at column 15: regular expression '(a{99}){99}' is too complex");
	CHECK_ERROR("fd.name regex '(a)\\1'",
		    "filter error at column 15: regular expression '(a)\\1': back-references are not supported");
	CHECK_COMPILES("fd.name regex '(a+|b{2,5})*[+{]x{3,}[[:digit:]]+\\.'");
	CHECK_COMPILES("fd.name regex '[\\1]'");
	CHECK_ERROR("fd.name=\"abc", "filter error at column 9: unterminated quoted string");
	CHECK_ERROR("fd.name=\\x4", "filter error at column 9: invalid escape sequence '\\x4'");
	CHECK_ERROR("(evt.num=1", "filter error at column 11: unexpected end of filter, expected ')'");
	/* a long value is cut in messages */
	char *e = compile_error("evt.num=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	CHECK(strstr(e, "...' is not a number") != NULL);
	free(e);
}

int main(void)
{
	test_checks();
	test_lists();
	test_precedence();
	test_blank_filter();
	test_parse_errors();
	test_field_lookup();
	test_type_checking();
	return check_summary();
}
