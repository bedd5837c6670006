/* Metadata records of a trace file (process list, fd list, users, groups,
 * interfaces, machine): what the reader hands the state engine, and what
 * the live /proc scan and the writer use too.  String fields point into the
 * block being read and are not NUL-terminated: use the *_len fields. */
#ifndef SYSCOPE_PROC_INFO_H
#define SYSCOPE_PROC_INFO_H

#include <stdint.h>

struct str_ref {
	const char *ptr;
	uint32_t len;
};

struct machine_info {
	uint32_t num_cpus;
	uint64_t memory_bytes;
	uint64_t max_pid;
	char hostname[129];
	uint64_t boot_ts;
};

struct proc_info {
	int64_t tid, pid, ptid, sid, vpgid;
	struct str_ref comm, exe, exepath, args, cwd, env, cgroups, root;
	uint64_t fdlimit;
	uint32_t flags; /* PPM_CL_* */
	uint32_t uid, gid;
	uint32_t vmsize_kb, vmrss_kb, vmswap_kb;
	uint64_t pfmajor, pfminor;
	int64_t vtid, vpid;
	uint32_t loginuid; /* UINT32_MAX: unknown */
	uint8_t exe_writable;
};

/* scap fd types, as stored in FDL blocks (scap-format.md §1.11). */
enum scap_fd_type {
	SCAP_FD_UNKNOWN = 0, SCAP_FD_FILE = 1, SCAP_FD_DIRECTORY = 2,
	SCAP_FD_IPV4_SOCK = 3, SCAP_FD_IPV6_SOCK = 4, SCAP_FD_IPV4_SERVSOCK = 5,
	SCAP_FD_IPV6_SERVSOCK = 6, SCAP_FD_FIFO = 7, SCAP_FD_UNIX_SOCK = 8,
	SCAP_FD_EVENT = 9, SCAP_FD_UNSUPPORTED = 10, SCAP_FD_SIGNALFD = 11,
	SCAP_FD_EVENTPOLL = 12, SCAP_FD_INOTIFY = 13, SCAP_FD_TIMERFD = 14,
	SCAP_FD_NETLINK = 15, SCAP_FD_FILE_V2 = 16,
	SCAP_FD_BPF = 17, SCAP_FD_USERFAULTFD = 18, SCAP_FD_IOURING = 19,
	SCAP_FD_MEMFD = 20, SCAP_FD_PIDFD = 21,
	SCAP_FD_TYPE_MAX
};

enum scap_l4_proto { SCAP_L4_UNKNOWN = 0, SCAP_L4_NA = 1, SCAP_L4_TCP = 2,
		     SCAP_L4_UDP = 3, SCAP_L4_ICMP = 4, SCAP_L4_RAW = 5 };

struct fd_info {
	int64_t fd;
	uint64_t ino;
	uint8_t type;     /* enum scap_fd_type */
	uint8_t l4proto;  /* enum scap_l4_proto */
	/* Sockets: addresses in network byte order, ports in host order.
	 * For IPv4 only the first 4 bytes of each address are used. */
	uint8_t sip[16], dip[16];
	uint16_t sport, dport;
	uint64_t unix_src, unix_dst;
	uint32_t open_flags; /* FILE_V2: PPM_O_* */
	uint32_t dev;
	struct str_ref name;
};

struct user_info {
	uint32_t uid, gid;
	struct str_ref name, home, shell;
};

struct group_info {
	uint32_t gid;
	struct str_ref name;
};

struct iface_info {
	uint16_t type; /* 1/3 IPv4, 2/4 IPv6 */
	uint8_t addr[16], netmask[16], bcast[16];
	struct str_ref name;
};

#endif
