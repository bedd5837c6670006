#include <string.h>

#include "path_resolve.h"

static int printable(unsigned char c) { return c >= 0x20 && c < 0x7f; }

size_t path_printable(char *out, const char *path, size_t pathlen)
{
	size_t n = 0;
	for (size_t i = 0; i < pathlen && path[i] && n < PATH_OUT_MAX - 1; i++)
		if (printable((unsigned char)path[i]))
			out[n++] = path[i];
	out[n] = '\0';
	return n;
}

/* Append one component to out (which holds an absolute path), folding "."
 * and "..". */
static size_t push_component(char *out, size_t n, const char *c, size_t len)
{
	if (len == 0 || (len == 1 && c[0] == '.'))
		return n;
	if (len == 2 && c[0] == '.' && c[1] == '.') {
		while (n > 1 && out[n - 1] != '/')
			n--;
		if (n > 1)
			n--; /* the slash before the removed component */
		out[n] = '\0';
		return n;
	}
	if (n + (n > 1) + len >= PATH_OUT_MAX)
		return n;
	if (n > 1)
		out[n++] = '/';
	memcpy(out + n, c, len);
	n += len;
	out[n] = '\0';
	return n;
}

static size_t push_path(char *out, size_t n, const char *p, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || p[i] == '/') {
			n = push_component(out, n, p + start, i - start);
			start = i + 1;
		}
	}
	return n;
}

size_t path_resolve(char *out, const char *base, const char *path, size_t pathlen)
{
	char clean[PATH_OUT_MAX];
	size_t len = path_printable(clean, path, pathlen);
	size_t n = 1;
	out[0] = '/';
	out[1] = '\0';
	if (len == 0 || clean[0] != '/') {
		if (base)
			n = push_path(out, n, base, strlen(base));
	}
	return push_path(out, n, clean, len);
}
