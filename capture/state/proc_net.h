/* The sockets of one network namespace, read from its /proc/net tables
 * (tcp, udp, raw, unix, netlink and their IPv6 twins) and indexed by socket
 * inode, so the /proc scan can give every socket fd its tuple. */
#ifndef SYSCOPE_PROC_NET_H
#define SYSCOPE_PROC_NET_H

#include <stdint.h>

struct sock_rec {
	uint64_t ino;
	uint8_t type;    /* enum scap_fd_type: IPV4/IPV6 (SERV)SOCK, UNIX_SOCK, NETLINK */
	uint8_t l4proto; /* enum scap_l4_proto */
	uint8_t sip[16], dip[16]; /* network byte order */
	uint16_t sport, dport;    /* host order */
	uint64_t unix_src;        /* unix: the kernel's socket address ("Num") */
	uint32_t path_off, path_len; /* unix: the bound path, in the table's pool */
};

struct sock_table;

/* Read every table found in the directory `net_dirfd` refers to (a
 * /proc/PID/net).  Missing or unreadable tables are skipped; malformed
 * lines are ignored.  NULL only when out of memory. */
struct sock_table *sock_table_load(int net_dirfd);

const struct sock_rec *sock_table_find(const struct sock_table *t, uint64_t ino);
/* The unix path of a record (not NUL-terminated; rec->path_len bytes). */
const char *sock_table_path(const struct sock_table *t, const struct sock_rec *rec);
void sock_table_free(struct sock_table *t);

#endif
