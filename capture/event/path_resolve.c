#include <string.h>

#include "ascii.h"
#include "path_resolve.h"

size_t path_printable(char *out, const char *path, size_t pathlen)
{
	size_t i = 0;
	/* Paths are nearly always clean: eight bytes at a time while they are
	 * (a NUL is not printable, so it ends this loop too). */
	size_t lim = pathlen < PATH_OUT_MAX - 1 ? pathlen : PATH_OUT_MAX - 1;
	for (; i + 8 <= lim; i += 8) {
		uint64_t x;
		memcpy(&x, path + i, 8);
		if (!ascii_printable8(x))
			break;
		memcpy(out + i, &x, 8);
	}
	size_t n = i;
	for (; i < pathlen && path[i] && n < PATH_OUT_MAX - 1; i++)
		if (ascii_printable((unsigned char)path[i]))
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
	const char *end = p + len;
	for (;;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		n = push_component(out, n, p, (size_t)((slash ? slash : end) - p));
		if (!slash)
			return n;
		p = slash + 1;
	}
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
