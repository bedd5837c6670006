/* Cases: sockets (calls.h explains the cases).  Loopback only: IPv4 on
 * 127.0.0.1 (TCP for connect/accept, UDP for the datagram calls, whose
 * tuples take the peer from the call's sockaddr) and unix sockets.  Ports
 * are the kernel's choice (bind to port 0), read back with getsockname. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "calls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define TUPLE_MAX 64

/* ------------------------------------------------------------- helpers */

static struct sockaddr_in loopback(unsigned port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

static void tuple_of(char *out, unsigned from, unsigned to)
{
	snprintf(out, TUPLE_MAX, "127.0.0.1:%u->127.0.0.1:%u", from, to);
}

/* Bytes as evt.info shows a buffer: non-printable ones as '.'. */
static void dots(char *out, size_t cap, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t i = 0;
	for (; i < n && i + 1 < cap; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
	out[i] = '\0';
}

/* The bytes of an IPv4 loopback sockaddr and tuple as a driver writes
 * them (family byte, address, port in host order), shown the way
 * evt.rawarg shows them: the columns for the parameters sysdig 0.29.3
 * does not print have them raw. */
static void put_endpoint(unsigned char *w, unsigned port)
{
	w[0] = 127, w[1] = 0, w[2] = 0, w[3] = 1;
	w[4] = (unsigned char)(port & 0xff);
	w[5] = (unsigned char)(port >> 8);
}

static void raw_sockaddr(char *out, unsigned port)
{
	unsigned char b[7] = {AF_INET};
	put_endpoint(b + 1, port);
	dots(out, TUPLE_MAX, b, sizeof b);
}

static void raw_tuple(char *out, unsigned from, unsigned to)
{
	unsigned char b[13] = {AF_INET};
	put_endpoint(b + 7, to);
	put_endpoint(b + 1, from);
	dots(out, TUPLE_MAX, b, sizeof b);
}

static void close_fd(long fd)
{
	must(syscall(SYS_close, fd), "close");
	note_call("close", "res=0");
}

/* An IPv4 socket: no protocol letter in its name until it has a role. */
static long inet_socket(int type)
{
	long fd = must(syscall(SYS_socket, AF_INET, type, 0), "socket");
	note_call("socket", "fd=%ld(<4>)", fd);
	return fd;
}

/* The local port of a socket, from getsockname (recorded). */
static unsigned local_port(long fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	must(syscall(SYS_getsockname, fd, &sa, &len), "getsockname");
	note_call("getsockname", "@fd=<NA>");
	return ntohs(sa.sin_port);
}

/* Binds fd to 127.0.0.1 on a port the kernel picks, and returns it. */
static unsigned bind_loopback(long fd)
{
	struct sockaddr_in sa = loopback(0);
	must(syscall(SYS_bind, fd, &sa, sizeof sa), "bind");
	note_call("bind", "res=0\taddr=127.0.0.1:0");
	return local_port(fd);
}

/* A listening TCP socket on 127.0.0.1 with this backlog. */
static long tcp_listener(int backlog, unsigned *port)
{
	long fd = inet_socket(SOCK_STREAM);
	*port = bind_loopback(fd);
	must(syscall(SYS_listen, fd, backlog), "listen");
	note_call("listen", "res=0");
	return fd;
}

/* A TCP client connected to 127.0.0.1:lport; tuple gets client->server. */
static long tcp_client(unsigned lport, char *tuple)
{
	long fd = inet_socket(SOCK_STREAM);
	struct sockaddr_in sa = loopback(lport);
	must(syscall(SYS_connect, fd, &sa, sizeof sa), "connect");
	/* The client's port is known after the call: the connect line is
	 * written after getsockname is made, and before its line. */
	struct sockaddr_in ca;
	socklen_t len = sizeof ca;
	must(syscall(SYS_getsockname, fd, &ca, &len), "getsockname");
	tuple_of(tuple, ntohs(ca.sin_port), lport);
	note_call("connect", "res=0\ttuple=%s\t@fd=%s", tuple, tuple);
	note_call("getsockname", "@fd=<NA>");
	return fd;
}

/* Two UDP sockets bound on 127.0.0.1, unconnected: a datagram call's peer
 * is its sockaddr. */
struct udp_pair {
	long a, b;
	unsigned pa, pb;
	struct sockaddr_in to_b;
	char a_to_b[TUPLE_MAX];
};

static void udp_pair(struct udp_pair *u)
{
	u->a = inet_socket(SOCK_DGRAM);
	u->pa = bind_loopback(u->a);
	u->b = inet_socket(SOCK_DGRAM);
	u->pb = bind_loopback(u->b);
	u->to_b = loopback(u->pb);
	tuple_of(u->a_to_b, u->pa, u->pb);
}

static void udp_send(const struct udp_pair *u, const char *msg)
{
	size_t n = strlen(msg);
	must(syscall(SYS_sendto, u->a, msg, n, 0, &u->to_b, sizeof u->to_b), "sendto");
	note_call("sendto", "res=%zu\tdata=%s", n, msg);
}

static void udp_close(const struct udp_pair *u)
{
	close_fd(u->a);
	close_fd(u->b);
}

static void unix_pair(int type, int sv[2])
{
	must(syscall(SYS_socketpair, AF_UNIX, type, 0, sv), "socketpair");
	note_call("socketpair", "res=0");
}

/* --------------------------------------------------------------- cases */

static void case_socket(void)
{
	/* SOCK_CLOEXEC rides in type, which both events show as a number;
	 * the enter event names the domain, the exit's raw column has it as
	 * a number. */
	long fd = must(syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP),
		       "socket");
	expect("socket", "socket", "fd=%ld(<4>)\t>domain=2(AF_INET)\t<domain=2\ttype=%d\tproto=%d", fd,
	       SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	close_fd(fd);
}

static void case_socketpair(void)
{
	int sv[2];
	must(syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv), "socketpair");
	/* source and peer are kernel addresses of the two socks (top byte
	 * 0xff on x86-64, 4- or 5-level paging); that they differ is more
	 * than a check can say. */
	expect("socketpair", "socketpair",
	       "res=0\tfd1=%d(<u>)\tfd2=%d(<u>)\tsource~^FF[0-9A-F]{14}$\tpeer~^FF[0-9A-F]{14}$"
	       "\t>domain=1(AF_LOCAL)\t<domain=1\ttype=%d\tproto=0",
	       sv[0], sv[1], SOCK_DGRAM);
	close_fd(sv[0]);
	close_fd(sv[1]);
}

static void case_connect(void)
{
	unsigned lport;
	long lfd = tcp_listener(4, &lport);
	long fd = inet_socket(SOCK_STREAM);
	struct sockaddr_in sa = loopback(lport);
	must(syscall(SYS_connect, fd, &sa, sizeof sa), "connect");
	/* The client's port, for the tuple: the connect line goes first. */
	struct sockaddr_in ca;
	socklen_t len = sizeof ca;
	must(syscall(SYS_getsockname, fd, &ca, &len), "getsockname");
	char tuple[TUPLE_MAX], raw[TUPLE_MAX];
	tuple_of(tuple, ntohs(ca.sin_port), lport);
	raw_sockaddr(raw, lport);
	/* The enter event names fd and addr; the exit has them raw. */
	expect("connect", "connect",
	       "res=0\ttuple=%s\t>fd=%ld(<4>)\t<fd=%ld\t>addr=127.0.0.1:%u\t<addr=%s\t@fd=%s", tuple,
	       fd, fd, lport, raw, tuple);
	note_call("getsockname", "@fd=<NA>");
	close_fd(fd);
	close_fd(lfd);
}

/* Waits until the listening socket's accept queue holds n connections
 * (a connect returns before the server side may have queued it): TCP_INFO
 * of a listener has the queue length in tcpi_unacked. */
static void wait_queue(long lfd, unsigned n)
{
	for (int i = 0; i < 1000; i++) {
		struct tcp_info ti;
		socklen_t len = sizeof ti;
		must(syscall(SYS_getsockopt, lfd, IPPROTO_TCP, TCP_INFO, &ti, &len), "getsockopt");
		note_call("getsockopt", "res=0");
		if (ti.tcpi_unacked >= n)
			return;
	}
	die("accept queue never filled");
}

static void case_accept(void)
{
	unsigned lport;
	long lfd = tcp_listener(4, &lport);
	char t1[TUPLE_MAX], t2[TUPLE_MAX];
	long c1 = tcp_client(lport, t1);
	long c2 = tcp_client(lport, t2);
	wait_queue(lfd, 2);
	/* Two pending, one taken: the exit sees 1 of 4 (25%).  The tuple is
	 * the peer's first: the first client's. */
	long fd = must(syscall(SYS_accept, lfd, NULL, NULL), "accept");
	expect("accept", "accept",
	       "fd=%ld(<4t>%s)\ttuple=%s\tqueuepct=25\tqueuelen=1\tqueuemax=4\t@fd=%s", fd, t1, t1,
	       t1);
	close_fd(fd);
	close_fd(c1);
	close_fd(c2);
	close_fd(lfd);
}

static void case_accept4(void)
{
	unsigned lport;
	long lfd = tcp_listener(4, &lport);
	char t[TUPLE_MAX];
	long c = tcp_client(lport, t);
	wait_queue(lfd, 1);
	struct sockaddr_in peer;
	socklen_t len = sizeof peer;
	/* One pending, taken: the exit sees an empty queue. */
	long fd = must(syscall(SYS_accept4, lfd, &peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK),
		       "accept4");
	expect("accept4", "accept",
	       "fd=%ld(<4t>%s)\ttuple=%s\tqueuepct=0\tqueuelen=0\tqueuemax=4\t>flags=%X\t@fd=%s", fd,
	       t, t, SOCK_CLOEXEC | SOCK_NONBLOCK, t);
	close_fd(fd);
	close_fd(c);
	close_fd(lfd);
}

/* A unix socket bound to a path: the IPv4 binds are in the set-up of the
 * other cases. */
static void case_bind(void)
{
	long fd = must(syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0), "socket");
	note_call("socket", "fd=%ld(<u>)", fd);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char path[CALLS_PATH];
	path_of(path, "bind.sock");
	size_t n = strlen(path);
	if (n >= sizeof sa.sun_path)
		die("bind: the work dir is too long for a unix socket path");
	memcpy(sa.sun_path, path, n + 1);
	must(syscall(SYS_bind, fd, &sa, sizeof sa), "bind");
	expect("bind", "bind", "res=0\taddr=%s\t>fd=%ld(<u>)\t<fd=%ld\t@fd=%s", path, fd, fd, path);
	close_fd(fd);
	must(syscall(SYS_unlink, path), "unlink");
	note_call("unlink", "res=0\tpath=%s", path);
}

static void case_listen(void)
{
	long fd = inet_socket(SOCK_STREAM);
	bind_loopback(fd);
	must(syscall(SYS_listen, fd, 7), "listen");
	/* The fd's name is the address bind was given (port 0). */
	expect("listen", "listen", "res=0\t>fd=%ld(<4>127.0.0.1:0)\t<fd=%ld\tbacklog=7", fd, fd);
	close_fd(fd);
}

/* getsockname and getpeername events have no parameters, nor an fd. */
static void case_getsockname(void)
{
	long fd = inet_socket(SOCK_DGRAM);
	struct sockaddr_in sa = loopback(0);
	must(syscall(SYS_bind, fd, &sa, sizeof sa), "bind");
	note_call("bind", "res=0");
	socklen_t len = sizeof sa;
	must(syscall(SYS_getsockname, fd, &sa, &len), "getsockname");
	expect("getsockname", "getsockname", "@fd=<NA>");
	close_fd(fd);
}

static void case_getpeername(void)
{
	int sv[2];
	unix_pair(SOCK_STREAM, sv);
	struct sockaddr_un sa;
	socklen_t len = sizeof sa;
	must(syscall(SYS_getpeername, sv[0], &sa, &len), "getpeername");
	expect("getpeername", "getpeername", "@fd=<NA>");
	close_fd(sv[0]);
	close_fd(sv[1]);
}

static void case_sendto(void)
{
	struct udp_pair u;
	udp_pair(&u);
	static const char msg[] = "to\tb\n";
	size_t n = sizeof msg - 1;
	long rc = must(syscall(SYS_sendto, u.a, msg, n, 0, &u.to_b, sizeof u.to_b), "sendto");
	char shown[64], raw[TUPLE_MAX];
	dots(shown, sizeof shown, msg, n);
	raw_tuple(raw, u.pa, u.pb);
	/* a is not connected: the tuple's peer is the call's sockaddr. */
	expect("sendto", "sendto",
	       "res=%ld\tdata=%s\t>fd=%ld(<4>127.0.0.1:0)\t<fd=%ld\tsize=%zu\t>tuple=%s\t<tuple=%s", rc,
	       shown, u.a, u.a, n, u.a_to_b, raw);
	udp_close(&u);
}

static void case_recvfrom(void)
{
	struct udp_pair u;
	udp_pair(&u);
	udp_send(&u, "from a");
	char buf[64];
	struct sockaddr_in from;
	socklen_t len = sizeof from;
	long rc = must(syscall(SYS_recvfrom, u.b, buf, sizeof buf, 0, &from, &len), "recvfrom");
	char shown[80];
	dots(shown, sizeof shown, buf, (size_t)rc);
	/* The peer first: the sender's port, from the sockaddr filled in. */
	char tuple[TUPLE_MAX];
	tuple_of(tuple, ntohs(from.sin_port), u.pb);
	expect("recvfrom", "recvfrom",
	       "res=%ld\tdata=%s\ttuple=%s\t>fd=%ld(<4>127.0.0.1:0)\t<fd=%ld\tsize=%zu\t@fd=%s", rc,
	       shown, tuple, u.b, u.b, sizeof buf, tuple);
	udp_close(&u);
}

static void case_sendmsg(void)
{
	struct udp_pair u;
	udp_pair(&u);
	char p1[] = "two ", p2[] = "pieces";
	struct iovec iov[2] = {{p1, sizeof p1 - 1}, {p2, sizeof p2 - 1}};
	struct msghdr m = {.msg_name = &u.to_b, .msg_namelen = sizeof u.to_b, .msg_iov = iov,
			   .msg_iovlen = 2};
	long rc = must(syscall(SYS_sendmsg, u.a, &m, 0), "sendmsg");
	char raw[TUPLE_MAX];
	raw_tuple(raw, u.pa, u.pb);
	/* data is the iovecs joined; the tuple's peer is msg_name. */
	expect("sendmsg", "sendmsg",
	       "res=%ld\tdata=%s%s\t>fd=%ld(<4>127.0.0.1:0)\t<fd=%ld\tsize=%zu\t>tuple=%s"
	       "\t<tuple=%s",
	       rc, p1, p2, u.a, u.a, iov[0].iov_len + iov[1].iov_len, u.a_to_b, raw);
	udp_close(&u);
}

/* Datagrams from a to b with a control message: a sends with this TTL, b
 * asks for it (IP_RECVTTL), so the control bytes hold one printable byte
 * that the event must show among the dots. */
static void ttl_tagged(const struct udp_pair *u, int ttl)
{
	must(syscall(SYS_setsockopt, u->a, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl), "setsockopt");
	note_call("setsockopt", "res=0\tval=%d", ttl);
	int on = 1;
	must(syscall(SYS_setsockopt, u->b, IPPROTO_IP, IP_RECVTTL, &on, sizeof on), "setsockopt");
	note_call("setsockopt", "res=0\tval=1");
}

static void case_recvmsg(void)
{
	struct udp_pair u;
	udp_pair(&u);
	ttl_tagged(&u, 'R');
	udp_send(&u, "gathered in two");
	char b1[8], b2[56];
	struct iovec iov[2] = {{b1, sizeof b1}, {b2, sizeof b2}};
	struct sockaddr_in from;
	char ctl[64] = {0};
	struct msghdr m = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = iov,
			   .msg_iovlen = 2, .msg_control = ctl, .msg_controllen = sizeof ctl};
	long rc = must(syscall(SYS_recvmsg, u.b, &m, 0), "recvmsg");
	if ((size_t)rc <= sizeof b1)
		die("recvmsg: the datagram came short");
	char data[80], got[64];
	memcpy(got, b1, sizeof b1);
	memcpy(got + sizeof b1, b2, (size_t)rc - sizeof b1);
	dots(data, sizeof data, got, (size_t)rc);
	char control[80];
	dots(control, sizeof control, ctl, m.msg_controllen);
	char tuple[TUPLE_MAX];
	tuple_of(tuple, ntohs(from.sin_port), u.pb);
	/* size is what the iovecs can hold, data what came (across both),
	 * msgcontrol the control bytes the kernel wrote (msg_controllen
	 * after the call), tuple the sender first. */
	expect("recvmsg", "recvmsg",
	       "res=%ld\tsize=%zu\tdata=%s\ttuple=%s\tmsgcontrol=%s\t>fd=%ld(<4>127.0.0.1:0)"
	       "\t<fd=%ld\t@fd=%s",
	       rc, sizeof b1 + sizeof b2, data, tuple, control, u.b, u.b, tuple);
	udp_close(&u);
}

static void case_sendmmsg(void)
{
	struct udp_pair u;
	udp_pair(&u);
	char p1[] = "first", p2[] = "second";
	struct iovec iov[2] = {{p1, sizeof p1 - 1}, {p2, sizeof p2 - 1}};
	struct mmsghdr mm[2] = {
		{.msg_hdr = {.msg_name = &u.to_b, .msg_namelen = sizeof u.to_b, .msg_iov = &iov[0],
			     .msg_iovlen = 1}},
		{.msg_hdr = {.msg_name = &u.to_b, .msg_namelen = sizeof u.to_b, .msg_iov = &iov[1],
			     .msg_iovlen = 1}},
	};
	long rc = must(syscall(SYS_sendmmsg, u.a, mm, 2, 0), "sendmmsg");
	char raw[TUPLE_MAX];
	raw_tuple(raw, u.pa, u.pb);
	/* res counts the messages; the rest is the first message's (all of
	 * it raw: sysdig 0.29.3 prints no parameter of this event). */
	expect("sendmmsg", "sendmmsg", "res=%ld\tfd=%ld\tsize=%zu\tdata=%s\ttuple=%s", rc, u.a,
	       iov[0].iov_len, p1, raw);
	udp_close(&u);
}

static void case_recvmmsg(void)
{
	struct udp_pair u;
	udp_pair(&u);
	ttl_tagged(&u, 'M');
	udp_send(&u, "one");
	udp_send(&u, "two");
	char b[2][32];
	char ctl[2][64];
	memset(ctl, 0, sizeof ctl);
	struct sockaddr_in from[2];
	struct iovec iov[2] = {{b[0], sizeof b[0]}, {b[1], sizeof b[1]}};
	struct mmsghdr mm[2];
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < 2; i++)
		mm[i].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_namelen = sizeof from[i],
						.msg_iov = &iov[i], .msg_iovlen = 1,
						.msg_control = ctl[i], .msg_controllen = sizeof ctl[i]};
	/* Blocking, no timeout: it returns when both datagrams are in. */
	long rc = must(syscall(SYS_recvmmsg, u.b, mm, 2, 0, NULL), "recvmmsg");
	char data[40], control[80], raw[TUPLE_MAX];
	dots(data, sizeof data, b[0], mm[0].msg_len);
	dots(control, sizeof control, ctl[0], mm[0].msg_hdr.msg_controllen);
	raw_tuple(raw, ntohs(from[0].sin_port), u.pb);
	/* The first message's, like sendmmsg: the tuple with the sender
	 * first, as recvmsg has it. */
	expect("recvmmsg", "recvmmsg", "res=%ld\tfd=%ld\tsize=%zu\tdata=%s\ttuple=%s\tmsgcontrol=%s",
	       rc, u.b, sizeof b[0], data, raw, control);
	udp_close(&u);
}

static void case_shutdown(void)
{
	int sv[2];
	unix_pair(SOCK_STREAM, sv);
	must(syscall(SYS_shutdown, sv[0], SHUT_WR), "shutdown");
	expect("shutdown", "shutdown", "res=0\t>fd=%d(<u>)\t<fd=%d\t>how=1(SHUT_WR)\t<how=1", sv[0],
	       sv[0]);
	close_fd(sv[0]);
	close_fd(sv[1]);
}

static void case_setsockopt(void)
{
	long fd = inet_socket(SOCK_DGRAM);
	/* A timeval option: the value shows as a relative time in ns. */
	struct timeval tv = {2, 500000};
	must(syscall(SYS_setsockopt, fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), "setsockopt");
	expect("setsockopt", "setsockopt",
	       "res=0\tfd=%ld(<4>)\tlevel=1(SOL_SOCKET)\toptname=20(SO_RCVTIMEO)"
	       "\tval=2500000000(2.5s)\toptlen=%zu",
	       fd, sizeof tv);
	close_fd(fd);
}

static void case_getsockopt(void)
{
	long fd = inet_socket(SOCK_DGRAM);
	int v = 0;
	socklen_t len = sizeof v;
	must(syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_RCVBUF, &v, &len), "getsockopt");
	/* An int option: val is the number the kernel wrote, optlen the
	 * length it left at the pointer.  PPM numbers SO_RCVBUF 8 too. */
	expect("getsockopt", "getsockopt",
	       "res=0\tfd=%ld(<4>)\tlevel=1(SOL_SOCKET)\toptname=8(SO_RCVBUF)\tval=%d\toptlen=%u", fd,
	       v, (unsigned)len);
	close_fd(fd);
}

const struct call_case net_cases[] = {
	{"socket", case_socket},
	{"socketpair", case_socketpair},
	{"connect", case_connect},
	{"accept", case_accept},
	{"accept4", case_accept4},
	{"bind", case_bind},
	{"listen", case_listen},
	{"getsockname", case_getsockname},
	{"getpeername", case_getpeername},
	{"sendto", case_sendto},
	{"recvfrom", case_recvfrom},
	{"sendmsg", case_sendmsg},
	{"recvmsg", case_recvmsg},
	{"sendmmsg", case_sendmmsg},
	{"recvmmsg", case_recvmmsg},
	{"shutdown", case_shutdown},
	{"setsockopt", case_setsockopt},
	{"getsockopt", case_getsockopt},
	{0},
};
