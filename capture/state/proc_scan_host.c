/* What a trace file's MI, IL and UL blocks hold, taken from the running
 * system: machine facts, the interfaces' addresses, users and groups. */
#include <grp.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "proc_info.h"
#include "proc_scan_internal.h"

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void scan_machine(struct proc_scan_ctx *ps)
{
	struct machine_info mi;
	memset(&mi, 0, sizeof mi);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	mi.num_cpus = cpus > 0 ? (uint32_t)cpus : 0;
	mi.memory_bytes = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
	char buf[160];
	ssize_t n = ps_read_at(ps->root_fd, "sys/kernel/pid_max", buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		mi.max_pid = strtoull(buf, NULL, 10);
	}
	n = ps_read_at(ps->root_fd, "sys/kernel/hostname", buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		memcpy(mi.hostname, buf, strnlen(buf, sizeof mi.hostname - 1));
	} else if (gethostname(mi.hostname, sizeof mi.hostname - 1) != 0) {
		mi.hostname[0] = '\0';
	}
	/* Boot time since the epoch: what the clocks say now, minus the time
	 * since boot (suspend included), in ns rather than /proc/stat's seconds. */
	uint64_t real = clock_ns(CLOCK_REALTIME), boot = clock_ns(CLOCK_BOOTTIME);
	mi.boot_ts = real > boot ? real - boot : 0;
	if (ps->sink->machine)
		ps->sink->machine(ps->sink->ctx, &mi);
}

static void copy_addr(uint8_t *out, const struct sockaddr *sa)
{
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	else if (sa->sa_family == AF_INET6)
		memcpy(out, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
}

static void scan_ifaces(struct proc_scan_ctx *ps)
{
	struct ifaddrs *ifs;
	if (!ps->sink->iface || getifaddrs(&ifs) != 0)
		return;
	for (const struct ifaddrs *i = ifs; i; i = i->ifa_next) {
		if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6))
			continue;
		struct iface_info ii;
		memset(&ii, 0, sizeof ii);
		/* Types 1 and 2: IPv4 and IPv6 with a link speed, as sysdig writes. */
		ii.type = i->ifa_addr->sa_family == AF_INET ? 1 : 2;
		copy_addr(ii.addr, i->ifa_addr);
		copy_addr(ii.netmask, i->ifa_netmask);
		if (ii.type == 1 && (i->ifa_flags & IFF_BROADCAST))
			copy_addr(ii.bcast, i->ifa_broadaddr);
		ii.name.ptr = i->ifa_name ? i->ifa_name : "";
		ii.name.len = (uint32_t)strnlen(ii.name.ptr, 1023);
		ps->sink->iface(ps->sink->ctx, &ii);
	}
	freeifaddrs(ifs);
}

static struct str_ref ref_of(const char *s)
{
	struct str_ref r = { s ? s : "", 0 };
	r.len = (uint32_t)strnlen(r.ptr, 255);
	return r;
}

/* The account files are parsed directly (fgetpwent/fgetgrent) rather than
 * through getpwent: NSS would load shared modules, which crashes a static
 * syscope (the one the guest tests run), and a trace records local
 * accounts anyway. */
static void scan_users(struct proc_scan_ctx *ps)
{
	FILE *f;
	if (ps->sink->user && (f = fopen("/etc/passwd", "re"))) {
		const struct passwd *pw;
		while ((pw = fgetpwent(f))) {
			struct user_info ui = { pw->pw_uid, pw->pw_gid, ref_of(pw->pw_name),
						ref_of(pw->pw_dir), ref_of(pw->pw_shell) };
			ps->sink->user(ps->sink->ctx, &ui);
		}
		fclose(f);
	}
	if (ps->sink->group && (f = fopen("/etc/group", "re"))) {
		const struct group *gr;
		while ((gr = fgetgrent(f))) {
			struct group_info gi = { gr->gr_gid, ref_of(gr->gr_name) };
			ps->sink->group(ps->sink->ctx, &gi);
		}
		fclose(f);
	}
}

void ps_scan_host(struct proc_scan_ctx *ps)
{
	scan_machine(ps);
	scan_ifaces(ps);
	scan_users(ps);
}
