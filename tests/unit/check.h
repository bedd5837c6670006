/* check.h: a header-only harness for syscope's C unit tests.
 *
 * A failed check prints where it is and what it saw, then the test goes on,
 * so one run reports every broken expectation.  A test program ends with
 *
 *	return check_summary();
 *
 * which prints "N passed, N failed" and gives the exit status (0 when
 * nothing failed).  Each macro evaluates its arguments exactly once.
 *
 *	CHECK(cond)             cond is true
 *	CHECK_INTEQ(a, b)       a == b, both read as 64-bit integers (long long)
 *	CHECK_STREQ(a, b)       equal NUL-terminated strings (NULL only equals NULL)
 *	CHECK_MEMEQ(a, b, n)    the first n bytes are equal
 */
#ifndef SYSCOPE_TESTS_CHECK_H
#define SYSCOPE_TESTS_CHECK_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The counters live in a function so that a test file that includes this
 * header without using a counter gets no "unused variable" warning. */
static inline unsigned long *check_counter_(int failed)
{
	static unsigned long counts[2];
	return &counts[failed ? 1 : 0];
}

static inline int check_result_(int ok)
{
	++*check_counter_(!ok);
	return ok;
}

static inline void check_where_(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
}

/* Print a C string with non-printable bytes escaped, within quotes. */
static inline void check_print_str_(const char *label, const char *s)
{
	fprintf(stderr, "    %s: ", label);
	if (!s) {
		fputs("NULL\n", stderr);
		return;
	}
	fputc('"', stderr);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(stderr, "\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7f)
			fputc(*p, stderr);
		else
			fprintf(stderr, "\\x%02x", *p);
	}
	fputs("\"\n", stderr);
}

/* Print up to 16 bytes of each buffer, starting a little before `at`. */
static inline void check_print_mem_(const char *label, const unsigned char *p, size_t n,
				    size_t at)
{
	size_t from = at > 4 ? at - 4 : 0;
	size_t to = from + 16 < n ? from + 16 : n;

	fprintf(stderr, "    %s [%zu..%zu):", label, from, to);
	for (size_t i = from; i < to; i++)
		fprintf(stderr, i == at ? " [%02x]" : " %02x", p[i]);
	fputc('\n', stderr);
}

static inline int check_cond_(int ok, const char *file, int line, const char *expr)
{
	if (!check_result_(ok))
		check_where_(file, line, expr);
	return ok;
}

static inline int check_inteq_(long long a, long long b, const char *file, int line,
			       const char *ea, const char *eb)
{
	if (check_result_(a == b))
		return 1;
	check_where_(file, line, "CHECK_INTEQ");
	fprintf(stderr, "    %s = %lld (0x%llx)\n    %s = %lld (0x%llx)\n", ea, a,
		(unsigned long long)a, eb, b, (unsigned long long)b);
	return 0;
}

static inline int check_streq_(const char *a, const char *b, const char *file, int line,
			       const char *ea, const char *eb)
{
	int ok = (a && b) ? strcmp(a, b) == 0 : a == b;

	if (check_result_(ok))
		return 1;
	check_where_(file, line, "CHECK_STREQ");
	check_print_str_(ea, a);
	check_print_str_(eb, b);
	return 0;
}

static inline int check_memeq_(const void *a, const void *b, size_t n, const char *file,
			       int line, const char *ea, const char *eb)
{
	const unsigned char *pa = a, *pb = b;
	size_t i = 0;

	if (!pa || !pb) {
		check_result_(0);
		check_where_(file, line, "CHECK_MEMEQ: NULL buffer");
		return 0;
	}
	while (i < n && pa[i] == pb[i])
		i++;
	if (check_result_(i == n))
		return 1;
	check_where_(file, line, "CHECK_MEMEQ");
	fprintf(stderr, "    first difference at byte %zu of %zu\n", i, n);
	check_print_mem_(ea, pa, n, i);
	check_print_mem_(eb, pb, n, i);
	return 0;
}

#define CHECK(cond) check_cond_(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_INTEQ(a, b) \
	check_inteq_((long long)(a), (long long)(b), __FILE__, __LINE__, #a, #b)
#define CHECK_STREQ(a, b) check_streq_((a), (b), __FILE__, __LINE__, #a, #b)
#define CHECK_MEMEQ(a, b, n) check_memeq_((a), (b), (n), __FILE__, __LINE__, #a, #b)

/* Print "N passed, N failed"; 0 when every check passed, else 1. */
static inline int check_summary(void)
{
	unsigned long passed = *check_counter_(0), failed = *check_counter_(1);

	printf("%lu passed, %lu failed\n", passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}

#endif
