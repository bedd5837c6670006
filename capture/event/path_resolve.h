/* Resolution of the paths syscalls carry, the way sysdig shows them: a
 * relative path is joined to a base directory (cwd or a dirfd's path), then
 * "." and ".." components and repeated slashes are folded and non-printable
 * bytes dropped. */
#ifndef SYSCOPE_PATH_RESOLVE_H
#define SYSCOPE_PATH_RESOLVE_H

#include <stddef.h>

#define PATH_OUT_MAX 4352 /* PATH_MAX plus room for a base directory */

/* Writes the NUL-terminated result into out (PATH_OUT_MAX bytes) and
 * returns its length.  base may be NULL for absolute paths. */
size_t path_resolve(char *out, const char *base, const char *path, size_t pathlen);

/* Copy of path without non-printable bytes (what sysdig prints for FSPATH). */
size_t path_printable(char *out, const char *path, size_t pathlen);

#endif
