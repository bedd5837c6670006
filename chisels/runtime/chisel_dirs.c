/* Where chisels are looked for, first match by name winning:
 * SYSCOPE_CHISEL_DIR (':' or ';' separated), ./chisels, ~/.chisels, the
 * folder syscope installed its chisels in (the build's, and the one beside
 * the running binary), then sysdig's, so a sysdig user's chisels keep
 * working. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chisel_internal.h"

#ifndef SYSCOPE_CHISEL_DIR
#define SYSCOPE_CHISEL_DIR "/usr/local/share/syscope/chisels"
#endif
#define SYSDIG_CHISEL_DIR "/usr/share/sysdig/chisels"

static bool is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Append dir (with a trailing '/') unless it is already listed. */
static void add(char dirs[][4096], unsigned *n, unsigned max, const char *dir, size_t len)
{
	if (*n >= max || len == 0 || len + 2 > 4096)
		return;
	char d[4096];
	memcpy(d, dir, len);
	d[len] = 0;
	if (d[len - 1] != '/')
		strcat(d, "/");
	for (unsigned i = 0; i < *n; i++)
		if (strcmp(dirs[i], d) == 0)
			return;
	strcpy(dirs[(*n)++], d);
}

static void add_str(char dirs[][4096], unsigned *n, unsigned max, const char *dir)
{
	add(dirs, n, max, dir, strlen(dir));
}

/* <dir of the binary>/../share/syscope/chisels: an installed tree found
 * wherever it was moved to. */
static void add_beside_binary(char dirs[][4096], unsigned *n, unsigned max)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0)
		return;
	exe[len] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = 0;
	char p[PATH_MAX + 32];
	snprintf(p, sizeof p, "%s/../share/syscope/chisels", exe);
	char real[PATH_MAX];
	if (realpath(p, real) && is_dir(real))
		add_str(dirs, n, max, real);
}

unsigned chisel_dirs(char dirs[][4096], unsigned max)
{
	unsigned n = 0;
	const char *env = getenv("SYSCOPE_CHISEL_DIR");
	while (env && *env) {
		size_t len = strcspn(env, ":;");
		add(dirs, &n, max, env, len);
		env += len;
		if (*env)
			env++;
	}
	add_str(dirs, &n, max, "./chisels/");
	const char *home = getenv("HOME");
	if (home && *home) {
		char p[4096];
		snprintf(p, sizeof p, "%s/.chisels", home);
		if (is_dir(p))
			add_str(dirs, &n, max, p);
	}
	add_str(dirs, &n, max, SYSCOPE_CHISEL_DIR);
	add_beside_binary(dirs, &n, max);
	add_str(dirs, &n, max, SYSDIG_CHISEL_DIR);
	return n;
}

static bool is_file(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* NAME.lua in each folder, then NAME itself in each, then NAME as a path
 * (./mychisel.lua, /tmp/x.lua). */
bool chisel_find(const char *name, char *path, size_t cap)
{
	char dirs[CHISEL_MAX_DIRS][4096];
	unsigned n = chisel_dirs(dirs, CHISEL_MAX_DIRS);
	for (unsigned i = 0; i < n; i++) {
		snprintf(path, cap, "%s%s.lua", dirs[i], name);
		if (is_file(path))
			return true;
	}
	for (unsigned i = 0; i < n; i++) {
		snprintf(path, cap, "%s%s", dirs[i], name);
		if (is_file(path))
			return true;
	}
	if (is_file(name)) {
		snprintf(path, cap, "%s", name);
		return true;
	}
	return false;
}
