/* Shared between the parts of the /proc scan: the scan's context and the
 * small file helpers.  Not for use outside capture/proc_scan*.c. */
#ifndef SYSCOPE_PROC_SCAN_INTERNAL_H
#define SYSCOPE_PROC_SCAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "int_map.h"
#include "scap_reader.h"

/* Length limits of a trace file's strings (scap-format.md §1.10, §1.11). */
#define PS_NAME_MAX 1024 /* comm, exe, exepath, cwd, root */
#define PS_LIST_MAX 4096 /* args, env, cgroups */
#define PS_FDNAME_MAX 1023

struct mount_dev {
	uint32_t mnt_id, dev;
};

struct proc_scan_ctx {
	int root_fd; /* the /proc directory */
	const struct scap_sink *sink;
	struct int_map netns;   /* net namespace inode (0: unknown) -> struct sock_table */
	struct mount_dev *mounts; /* mount id -> device, sorted by id */
	size_t nmounts, mounts_cap;
	uint64_t *mnt_ns_done; /* mount namespaces whose mountinfo was read */
	size_t n_mnt_ns, mnt_ns_cap;
	uint64_t nthreads, nfds; /* what the scan handed over */
	char link[4096];         /* scratch for readlink targets */
};

/* Read at most cap bytes of the file `name` under dirfd.  The length read,
 * or -1 when the file cannot be opened (vanished, no permission). */
ssize_t ps_read_at(int dirfd, const char *name, char *buf, size_t cap);

/* readlinkat into buf (NUL-terminated, at most cap - 1 bytes kept); the
 * length, or -1. */
ssize_t ps_readlink_at(int dirfd, const char *name, char *buf, size_t cap);

/* The inode number in a namespace link such as "net:[4026531840]", or 0. */
uint64_t ps_ns_inode(int pid_fd, const char *which);

/* Hand the fds of the process open as pid_fd (a /proc/PID directory) to the
 * sink, as fd entries of tid `pid`. */
void ps_scan_fds(struct proc_scan_ctx *ps, int pid_fd, int64_t pid);

/* Hand the machine, interfaces, users and groups to the sink. */
void ps_scan_host(struct proc_scan_ctx *ps);

void ps_ctx_free(struct proc_scan_ctx *ps);

#endif
