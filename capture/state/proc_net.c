/* /proc/net socket tables.  Every line is text the kernel printed, but the
 * parser still treats it as untrusted: a line that does not have the
 * expected shape is skipped, never half-used. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "int_map.h"
#include "proc_info.h"
#include "proc_net.h"

#define UNIX_PATH_MAX_LEN 1023 /* fd names in a trace file stay below 1024 */

struct sock_table {
	struct sock_rec *recs;
	size_t n, cap;
	char *pool; /* unix paths, back to back */
	size_t pool_len, pool_cap;
	struct int_map by_ino; /* ino -> &recs[i], built once every file is read */
	bool oom;
};

enum table_kind { TK_INET4, TK_INET6, TK_UNIX, TK_NETLINK };

static const struct {
	const char *file;
	enum table_kind kind;
	uint8_t l4proto;
} net_tables[] = {
	{ "tcp", TK_INET4, SCAP_L4_TCP },   { "udp", TK_INET4, SCAP_L4_UDP },
	{ "raw", TK_INET4, SCAP_L4_RAW },   { "tcp6", TK_INET6, SCAP_L4_TCP },
	{ "udp6", TK_INET6, SCAP_L4_UDP },  { "raw6", TK_INET6, SCAP_L4_RAW },
	{ "unix", TK_UNIX, SCAP_L4_NA },    { "netlink", TK_NETLINK, SCAP_L4_NA },
};

/* The next blank-separated token of *p, NUL-terminated in place; NULL at
 * the end of the line. */
static char *next_token(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	char *e = s;
	while (*e && *e != ' ' && *e != '\t' && *e != '\n')
		e++;
	if (*e)
		*e++ = '\0';
	*p = e;
	return s;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly n hex digits at s into *out. */
static bool parse_hex(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hex_digit(s[i]);
		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return true;
}

static bool parse_dec(const char *s, uint64_t *out)
{
	if (!s || *s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* "ADDR:PORT" where ADDR is alen/4 groups of 8 hex digits.  The kernel
 * prints each 32-bit word of the address as a native integer, so storing
 * the parsed word natively gives back the network-order bytes. */
static bool parse_endpoint(const char *s, size_t alen, uint8_t *addr, uint16_t *port)
{
	size_t digits = alen * 2;
	if (strlen(s) != digits + 5 || s[digits] != ':')
		return false;
	for (size_t w = 0; w < alen / 4; w++) {
		uint64_t v;
		if (!parse_hex(s + w * 8, 8, &v))
			return false;
		uint32_t word = (uint32_t)v;
		memcpy(addr + w * 4, &word, 4);
	}
	uint64_t p;
	if (!parse_hex(s + digits + 1, 4, &p))
		return false;
	*port = (uint16_t)p;
	return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static struct sock_rec *new_rec(struct sock_table *t)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct sock_rec *r = realloc(t->recs, cap * sizeof *r);
		if (!r) {
			t->oom = true;
			return NULL;
		}
		t->recs = r;
		t->cap = cap;
	}
	struct sock_rec *r = &t->recs[t->n];
	memset(r, 0, sizeof *r);
	return r;
}

static bool pool_add(struct sock_table *t, const char *s, size_t len, struct sock_rec *r)
{
	if (t->pool_len + len > t->pool_cap) {
		size_t cap = t->pool_cap ? t->pool_cap : 1024;
		while (cap < t->pool_len + len)
			cap *= 2;
		char *p = realloc(t->pool, cap);
		if (!p) {
			t->oom = true;
			return false;
		}
		t->pool = p;
		t->pool_cap = cap;
	}
	memcpy(t->pool + t->pool_len, s, len);
	r->path_off = (uint32_t)t->pool_len;
	r->path_len = (uint32_t)len;
	t->pool_len += len;
	return true;
}

/* sl local remote st tx:rx tr:when retrnsmt uid timeout inode … */
static void parse_inet(struct sock_table *t, char *line, bool v6, uint8_t l4proto)
{
	size_t alen = v6 ? 16 : 4;
	char *tok[10];
	for (int i = 0; i < 10; i++)
		if (!(tok[i] = next_token(&line)))
			return;
	struct sock_rec *r = new_rec(t);
	if (!r)
		return;
	uint64_t ino;
	if (!parse_endpoint(tok[1], alen, r->sip, &r->sport) ||
	    !parse_endpoint(tok[2], alen, r->dip, &r->dport) || !parse_dec(tok[9], &ino) || !ino)
		return; /* the header line, or damage: the slot is reused */
	r->ino = ino;
	r->l4proto = l4proto;
	/* sysdig's rule: no remote address means a server socket (listening
	 * TCP, or UDP that is only bound). */
	bool server = all_zero(r->dip, alen);
	if (v6)
		r->type = server ? SCAP_FD_IPV6_SERVSOCK : SCAP_FD_IPV6_SOCK;
	else
		r->type = server ? SCAP_FD_IPV4_SERVSOCK : SCAP_FD_IPV4_SOCK;
	if (server) {
		memset(r->dip, 0, sizeof r->dip);
		r->dport = 0;
	}
	t->n++;
}

/* Num: RefCount Protocol Flags Type St Inode [Path] */
static void parse_unix(struct sock_table *t, char *line)
{
	char *tok[7];
	for (int i = 0; i < 7; i++)
		if (!(tok[i] = next_token(&line)))
			return;
	size_t nlen = strlen(tok[0]);
	uint64_t src, ino;
	if (nlen < 2 || nlen > 17 || tok[0][nlen - 1] != ':' || !parse_hex(tok[0], nlen - 1, &src) ||
	    !parse_dec(tok[6], &ino) || !ino)
		return;
	struct sock_rec *r = new_rec(t);
	if (!r)
		return;
	r->ino = ino;
	r->type = SCAP_FD_UNIX_SOCK;
	r->unix_src = src;
	/* The path is the rest of the line: it may hold blanks. */
	while (*line == ' ' || *line == '\t')
		line++;
	size_t plen = strcspn(line, "\n");
	if (plen > UNIX_PATH_MAX_LEN)
		plen = UNIX_PATH_MAX_LEN;
	if (plen && !pool_add(t, line, plen, r))
		return;
	t->n++;
}

/* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
static void parse_netlink(struct sock_table *t, char *line)
{
	char *tok[10];
	for (int i = 0; i < 10; i++)
		if (!(tok[i] = next_token(&line)))
			return;
	uint64_t ino;
	if (!parse_dec(tok[9], &ino) || !ino || hex_digit(tok[0][0]) < 0)
		return;
	struct sock_rec *r = new_rec(t);
	if (!r)
		return;
	r->ino = ino;
	r->type = SCAP_FD_NETLINK;
	t->n++;
}

static void load_file(struct sock_table *t, int dirfd, enum table_kind kind, const char *name,
		      uint8_t l4proto, char **line, size_t *cap)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
	while (!t->oom && getline(line, cap, f) > 0) {
		switch (kind) {
		case TK_INET4: parse_inet(t, *line, false, l4proto); break;
		case TK_INET6: parse_inet(t, *line, true, l4proto); break;
		case TK_UNIX: parse_unix(t, *line); break;
		case TK_NETLINK: parse_netlink(t, *line); break;
		}
	}
	fclose(f);
}

struct sock_table *sock_table_load(int net_dirfd)
{
	struct sock_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < sizeof net_tables / sizeof net_tables[0] && !t->oom; i++)
		load_file(t, net_dirfd, net_tables[i].kind, net_tables[i].file, net_tables[i].l4proto,
			  &line, &cap);
	free(line);
	for (size_t i = 0; i < t->n && !t->oom; i++)
		if (!int_map_put(&t->by_ino, (int64_t)t->recs[i].ino, &t->recs[i]))
			t->oom = true;
	if (t->oom) {
		sock_table_free(t);
		return NULL;
	}
	return t;
}

const struct sock_rec *sock_table_find(const struct sock_table *t, uint64_t ino)
{
	return t ? int_map_get(&t->by_ino, (int64_t)ino) : NULL;
}

const char *sock_table_path(const struct sock_table *t, const struct sock_rec *rec)
{
	return rec->path_len ? t->pool + rec->path_off : "";
}

void sock_table_free(struct sock_table *t)
{
	if (!t)
		return;
	int_map_free(&t->by_ino);
	free(t->recs);
	free(t->pool);
	free(t);
}
