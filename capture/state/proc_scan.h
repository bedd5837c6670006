/* The /proc scan that seeds the state of a live capture: processes that
 * started before the capture get their names, parents, cwd, users and fds.
 * It hands the same records to a struct scap_sink as a trace file's
 * MI/IL/UL/PL/FDL blocks do, so the state cannot tell the two apart.
 *
 * What it follows (sysdig's /proc scan, scap-format.md §1.7-§1.11):
 *  - kernel threads and zombies (no cmdline and no exe link) are skipped;
 *  - main threads get flags 0, other threads PPM_CL_CLONE_THREAD|FILES
 *    and no fd list of their own (they share the process's);
 *  - exe is argv[0], args the other argv items, env the environment, each
 *    item NUL-terminated and each list at most 4096 bytes; uid and gid are
 *    the effective ids; cwd is stored as the kernel prints it (the state
 *    adds the trailing '/');
 *  - cgroups are "subsystem=path" items of the v1 hierarchies; the v2 line
 *    ("0::/path") has no subsystem and is left out, as sysdig 0.29.3 does;
 *  - sockets are resolved by inode through the /proc/net tables of the
 *    process's network namespace (read once per namespace and scan); a
 *    socket in none of them (packet, vsock, …) is left out;
 *  - anonymous-inode fds (eventfd, signalfd, …) have an empty name.
 * Strings are clamped to the lengths a trace file allows.  Processes, threads
 * and fds that vanish during the scan, and files it may not read, are simply
 * skipped or left empty: they are not errors. */
#ifndef SYSCOPE_PROC_SCAN_H
#define SYSCOPE_PROC_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "scap_reader.h"

/* Every process and thread, with their fds, plus machine, interfaces, users
 * and groups, in that order (the order of a trace file's blocks).  The sink's
 * section_start is not called.  0, or -1 with a message in err. */
int proc_scan(const struct scap_sink *sink, char *err, size_t errlen);

/* One process (all its threads and its fds), e.g. for an event from a pid
 * the state does not know yet.  A thread id is resolved to its process.
 * 0, or -1 when the process is gone (or is a kernel thread). */
int proc_scan_pid(int64_t pid, const struct scap_sink *sink);

/* proc_scan() with a different /proc root, for tests (a fake tree in a
 * temporary directory).  pid_max and the hostname are read under it too. */
int proc_scan_root(const char *proc_root, const struct scap_sink *sink, char *err, size_t errlen);

/* proc_scan_pid() under another /proc root. */
int proc_scan_pid_root(const char *proc_root, int64_t pid, const struct scap_sink *sink);

#endif
