// SPDX-License-Identifier: GPL-2.0
/* Records from the recipes: the module's side of capture/recipes/recipe.h.
 *
 * For each syscall the generated tables (syscope_recipes.h, made from
 * capture/recipes/recipes.tsv by capture/recipes/gen_recipes.py, the same tables the eBPF
 * program walks) say which event to write and where each parameter comes
 * from.  This file is the interpreter: one function per recipe kind, in a
 * table indexed by the kind.  Everything read from user memory goes
 * through copy_from_user_nofault(): the probes run with preemption
 * disabled and must not fault pages in.  A value that cannot be read is
 * written empty and counted in the ring's failed_reads.
 *
 * Only procexit and page_fault, which no syscall recipe describes, have
 * fillers of their own. */
#include <linux/audit.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/socket.h>
#include <linux/tty.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/un.h>
#include <linux/version.h>
#include <net/af_unix.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <asm/syscall.h>
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include "syscope_mod.h"
#include "page_fault.h"
#include "recipe.h"
#include "syscope_recipes.h"

#define STR_MAX 4096      /* paths and strings (PATH_MAX) */
#define ARGS_MAX 4096     /* argv / environment bytes */
#define FDLIST_MAX 32     /* pollfd entries kept */
#define IOV_MAX_SCAN 1024 /* UIO_MAXIOV */

/* Event ids used outside the recipes (capture/event/event_table.tsv). */
#define EVT_GENERIC_E 0
#define EVT_GENERIC_X 1
#define EVT_PROCEXIT_1_E 186
#define PROCEXIT_NPARAMS 5 /* status, ret, sig, core + reaper_tid */

struct ctx {
	struct sc_session *s;
	struct sc_rec *r;
	unsigned long args[6];
	long ret;
	bool enter;
};

typedef void (*fill_fn)(struct ctx *c, const struct recipe_param *p);

/* --------------------------------------------------------------- helpers */

static void put_num(struct sc_rec *r, u64 v, unsigned int width)
{
	u8 b[8];

	put_unaligned_le64(v, b);
	sc_rec_put(r, b, width);
}

static void put_empty(struct sc_rec *r)
{
	sc_rec_put(r, NULL, 0);
}

/* An empty value for something that could not be read. */
static void put_failed(struct ctx *c)
{
	sc_count_failed_read(c->s);
	put_empty(c->r);
}

static bool read_user(void *dst, unsigned long src, size_t n)
{
	return src && copy_from_user_nofault(dst, (const void __user *)src, n) == 0;
}

static u64 sign_extend_bytes(u64 v, unsigned int bytes)
{
	unsigned int shift = 64 - 8 * bytes;

	return bytes >= 8 ? v : (u64)((s64)(v << shift) >> shift);
}

static u64 xlat(u64 v, unsigned int index)
{
	const struct recipe_xlat *x = &recipe_xlats[index - 1];
	const struct recipe_xlat_pair *pr = &recipe_xlat_pairs[x->first];
	unsigned int i;
	u64 out = 0;

	if (x->mode == XLAT_ENUM) {
		for (i = 0; i < x->count; i++)
			if (pr[i].from == v)
				return pr[i].to;
		/* ~0: no default named, unlisted values pass unchanged. */
		return x->dflt == 0xffffffffu ? v : x->dflt;
	}
	for (i = 0; i < x->count; i++)
		if (v & pr[i].from)
			out |= pr[i].to;
	if (x->sub_count) {
		pr = &recipe_xlat_pairs[x->sub_first];
		for (i = 0; i < x->sub_count; i++)
			if (pr[i].from == (v & x->sub_mask))
				out |= pr[i].to;
	}
	return out;
}

static void put_number(struct ctx *c, const struct recipe_param *p, u64 v)
{
	if (p->xlat)
		v = xlat(v, p->xlat);
	put_num(c->r, v, p->width);
}

/* An argument operand, or the return value. */
static long operand(const struct ctx *c, u8 op)
{
	return op == RECIPE_RET ? c->ret : (long)c->args[op];
}

/* Copy a NUL-terminated user string into the record, page by page so that
 * an unmapped page after the string's end does not fail the read.  Returns
 * bytes written including the NUL, 0 on fault. */
static u32 copy_user_string(u8 *dst, unsigned long src, u32 max)
{
	u32 done = 0;

	while (done < max - 1) {
		u32 chunk = PAGE_SIZE - ((src + done) & (PAGE_SIZE - 1));
		u8 *nul;

		if (chunk > max - 1 - done)
			chunk = max - 1 - done;
		if (copy_from_user_nofault(dst + done, (const void __user *)(src + done), chunk))
			return 0;
		nul = memchr(dst + done, 0, chunk);
		if (nul)
			return nul - dst + 1;
		done += chunk;
	}
	dst[done] = 0;
	return done + 1;
}

/* A string parameter from user memory: empty when absent or unreadable. */
static void put_user_string(struct ctx *c, unsigned long src, u32 max)
{
	u8 *p;
	u32 n;

	if (!src) {
		sc_rec_put(c->r, "(NULL)", 7); /* what sysdig's drivers write */
		return;
	}
	sc_rec_open(c->r);
	p = sc_rec_room(c->r, max);
	n = p ? copy_user_string(p, src, max) : 0;
	if (p)
		sc_rec_trim(c->r, max - n);
	sc_rec_close(c->r);
	if (p && !n)
		sc_count_failed_read(c->s);
}

/* `len` bytes of user memory as a parameter (cut by the caller). */
static void put_user_bytes(struct ctx *c, unsigned long src, u32 len)
{
	u8 *p;

	if (!src || !len) {
		put_empty(c->r);
		return;
	}
	sc_rec_open(c->r);
	p = sc_rec_room(c->r, len);
	if (p && copy_from_user_nofault(p, (const void __user *)src, len)) {
		sc_rec_trim(c->r, len);
		sc_count_failed_read(c->s);
	}
	sc_rec_close(c->r);
}

static u32 cut(u64 len, u32 limit)
{
	return len < limit ? (u32)len : limit;
}

/* --------------------------------------------------------------- numbers */

static void k_ret(struct ctx *c, const struct recipe_param *p)
{
	put_number(c, p, (u64)c->ret);
}

static void k_arg(struct ctx *c, const struct recipe_param *p)
{
	u64 v = c->args[p->a] >> p->b;

	if (p->c != RECIPE_NONE && p->c < 64)
		v &= (1ull << p->c) - 1;
	if (p->flags & RF_SIGNED32)
		v = (u64)(s64)(s32)v;
	put_number(c, p, v);
}

/* A value not collected: zero, through the parameter's translation as the
 * eBPF driver does it (quotactl's quota_fmt_out is QFMT_NOT_USED then). */
static void k_zero(struct ctx *c, const struct recipe_param *p)
{
	put_number(c, p, 0);
}

static void k_umem(struct ctx *c, const struct recipe_param *p)
{
	unsigned int w = (p->flags & RF_SRC1) ? 1 : (p->flags & RF_SRC2) ? 2 :
			 (p->flags & RF_SRC4) ? 4 : 8;
	unsigned long src = c->args[p->a];
	u64 v = 0;

	if (!read_user(&v, src + p->b, w)) {
		/* A fixed-width parameter keeps its width (readers of the
		 * file would take the next bytes for it); a missing pointer,
		 * such as prlimit's NULL new limit, is no failed read. */
		if (src)
			sc_count_failed_read(c->s);
		put_num(c->r, (p->flags & RF_NEG1) ? ~0ull : 0, p->width);
		return;
	}
	if (p->flags & RF_SIGNED32)
		v = sign_extend_bytes(v, w);
	put_number(c, p, v);
}

static void k_timespec(struct ctx *c, const struct recipe_param *p)
{
	struct __kernel_timespec ts;
	unsigned long src = c->args[p->a];

	if (!src) {
		put_num(c->r, ~0ull, p->width); /* no timeout: RELTIME "none" */
		return;
	}
	if (!read_user(&ts, src, sizeof(ts))) {
		put_failed(c);
		return;
	}
	put_num(c->r, (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec, p->width);
}

/* The inode behind fd, or NULL; the caller fput()s *filep. */
static struct inode *fd_inode(long fd, struct file **filep)
{
	*filep = fd >= 0 && fd <= INT_MAX ? fget((unsigned int)fd) : NULL;
	return *filep ? file_inode(*filep) : NULL;
}

/* Whether fd is /dev/null (or another node of char device 1:3). */
static bool fd_is_dev_null(long fd)
{
	struct file *f;
	struct inode *inode = fd_inode(fd, &f);
	bool null = inode && S_ISCHR(inode->i_mode) && inode->i_rdev == MKDEV(MEM_MAJOR, 3);

	if (f)
		fput(f);
	return null;
}

/* Bytes of a buffer parameter to keep: the snaplen, or with -T
 * RECIPE_TRACER_SNAPLEN for the data of a write to /dev/null (RF_TRACER:
 * the write's fd is its argument 0), where programs send tracer markers
 * meant to be seen whole. */
static u32 buffer_snaplen(const struct ctx *c, const struct recipe_param *p)
{
	u32 snap = c->s->snaplen;

	if ((c->s->flags & SYSCOPE_FLAG_TRACERS) && (p->flags & RF_TRACER) &&
	    snap < RECIPE_TRACER_SNAPLEN && fd_is_dev_null((long)c->args[0]))
		return RECIPE_TRACER_SNAPLEN;
	return snap;
}

static void k_fd_dev_ino(struct ctx *c, const struct recipe_param *p)
{
	struct file *f;
	struct inode *inode = fd_inode(operand(c, p->a), &f);
	u64 v = 0;

	if (inode)
		v = p->kind == RK_FD_DEV ? new_encode_dev(inode->i_sb->s_dev) : inode->i_ino;
	if (f)
		fput(f);
	put_num(c->r, v, p->width);
}

static void k_pipe_ino(struct ctx *c, const struct recipe_param *p)
{
	int fd;
	struct file *f;
	struct inode *inode;
	u64 v = 0;

	if (c->ret < 0 || !read_user(&fd, c->args[p->a], sizeof(fd))) {
		put_num(c->r, 0, p->width);
		return;
	}
	inode = fd_inode(fd, &f);
	if (inode)
		v = inode->i_ino;
	if (f)
		fput(f);
	put_num(c->r, v, p->width);
}

static void k_open_mode(struct ctx *c, const struct recipe_param *p)
{
	u64 flags, mode;
	struct { u64 flags, mode; } how;

	if (p->flags & RF_HOW) {
		if (!read_user(&how, c->args[p->b], sizeof(how))) {
			put_failed(c);
			return;
		}
		flags = how.flags;
		mode = how.mode;
	} else {
		flags = c->args[p->b];
		mode = c->args[p->a];
	}
	if (!(flags & O_CREAT) && (flags & __O_TMPFILE) != __O_TMPFILE)
		mode = 0;
	put_number(c, p, mode);
}

/* The socket behind fd, or NULL; the caller sockfd_put()s it. */
static struct socket *fd_socket(long fd)
{
	int err;

	return fd >= 0 && fd <= INT_MAX ? sockfd_lookup((int)fd, &err) : NULL;
}

static void k_backlog(struct ctx *c, const struct recipe_param *p)
{
	struct socket *sock = fd_socket((long)c->args[p->a]);
	u64 len = 0, max = 0, v;

	if (sock && sock->sk) {
		len = READ_ONCE(sock->sk->sk_ack_backlog);
		max = READ_ONCE(sock->sk->sk_max_ack_backlog);
	}
	if (sock)
		sockfd_put(sock);
	v = p->b == 0 ? (max ? len * 100 / max : 0) : p->b == 1 ? len : max;
	put_num(c->r, v, p->width);
}

static void k_sockpair(struct ctx *c, const struct recipe_param *p)
{
	int fds[2];
	struct socket *sock = NULL;
	u64 v = 0;

	if (c->ret >= 0 && read_user(fds, c->args[p->a], sizeof(fds)))
		sock = fd_socket(fds[0]);
	if (sock && sock->sk) {
		struct sock *sk = sock->sk;

		if (p->b == 1)
			sk = sk->sk_family == AF_UNIX ? unix_peer(sk) : NULL;
		v = (u64)(unsigned long)sk;
	}
	if (sock)
		sockfd_put(sock);
	put_num(c->r, v, p->width);
}

static void k_dyn_u64(struct ctx *c, const struct recipe_param *p)
{
	u8 b[9] = { 0 };

	put_unaligned_le64(c->args[p->a], b + 1);
	sc_rec_put(c->r, b, sizeof(b));
}

/* bpf(2): the new fd for map and program creation, else an errno. */
static void k_bpf_res(struct ctx *c, const struct recipe_param *p)
{
	enum { DYN_FD = 0, DYN_ERRNO = 1, BPF_MAP_CREATE_CMD = 0, BPF_PROG_LOAD_CMD = 5 };
	unsigned long cmd = c->args[p->a];
	u8 b[9];

	b[0] = (c->ret >= 0 && (cmd == BPF_MAP_CREATE_CMD || cmd == BPF_PROG_LOAD_CMD)) ?
	       DYN_FD : DYN_ERRNO;
	put_unaligned_le64((u64)c->ret, b + 1);
	sc_rec_put(c->r, b, sizeof(b));
}

/* ------------------------------------------------------- the calling task */

static u64 mm_kib(struct mm_struct *mm, unsigned int which)
{
	unsigned long pages;

	if (!mm)
		return 0;
	switch (which) {
	case RT_VM_SIZE:
		pages = mm->total_vm;
		break;
	case RT_VM_RSS:
		pages = get_mm_rss(mm);
		break;
	default:
		pages = get_mm_counter(mm, MM_SWAPENTS);
		break;
	}
	return (u64)pages << (PAGE_SHIFT - 10);
}

static u64 caps_u64(kernel_cap_t cap)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	return cap.val;
#else
	return cap.cap[0] | ((u64)cap.cap[1] << 32);
#endif
}

static u64 ts_ns(struct timespec64 t)
{
	return (u64)t.tv_sec * NSEC_PER_SEC + t.tv_nsec;
}

/* A property of the executable file (mm->exe_file is freed after RCU). */
static u64 exe_prop(unsigned int which)
{
	struct mm_struct *mm = current->mm;
	struct file *f;
	struct inode *inode;
	u64 v = 0;

	if (!mm)
		return 0;
	rcu_read_lock();
	f = rcu_dereference(mm->exe_file);
	inode = f ? file_inode(f) : NULL;
	if (inode) {
		if (which == RT_EXE_INO)
			v = inode->i_ino;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
		else if (which == RT_EXE_CTIME)
			v = ts_ns(inode_get_ctime(inode));
		else
			v = ts_ns(inode_get_mtime(inode));
#else
		else if (which == RT_EXE_CTIME)
			v = ts_ns(inode->i_ctime);
		else
			v = ts_ns(inode->i_mtime);
#endif
	}
	rcu_read_unlock();
	return v;
}

static u64 task_number(struct ctx *c, unsigned int which)
{
	struct task_struct *t = current, *reaper;
	const struct cred *cred = current_cred();
	struct tty_struct *tty;
	u64 v = 0;

	switch (which) {
	case RT_TID: return t->pid;
	case RT_PID: return t->tgid;
	case RT_PTID:
		rcu_read_lock();
		v = rcu_dereference(t->real_parent)->tgid;
		rcu_read_unlock();
		return v;
	case RT_VTID: return task_pid_vnr(t);
	case RT_VPID: return task_tgid_vnr(t);
	case RT_PGID: return task_pgrp_nr(t);
	case RT_FDLIMIT: return task_rlimit(t, RLIMIT_NOFILE);
	case RT_PGFT_MAJ: return t->maj_flt;
	case RT_PGFT_MIN: return t->min_flt;
	case RT_VM_SIZE: case RT_VM_RSS: case RT_VM_SWAP: return mm_kib(t->mm, which);
	case RT_TTY:
		tty = READ_ONCE(t->signal->tty);
		return tty ? new_encode_dev(tty_devnum(tty)) : 0;
	case RT_LOGINUID: return (u32)from_kuid(&init_user_ns, audit_get_loginuid(t));
	case RT_EUID: return from_kuid_munged(&init_user_ns, cred->euid);
	case RT_EGID: return from_kgid_munged(&init_user_ns, cred->egid);
	case RT_CAP_INH: return caps_u64(cred->cap_inheritable);
	case RT_CAP_PERM: return caps_u64(cred->cap_permitted);
	case RT_CAP_EFF: return caps_u64(cred->cap_effective);
	case RT_EXE_INO: case RT_EXE_CTIME: case RT_EXE_MTIME: return exe_prop(which);
	case RT_PIDNS_INIT_TS:
		rcu_read_lock();
		reaper = t->nsproxy && t->nsproxy->pid_ns_for_children ?
			 t->nsproxy->pid_ns_for_children->child_reaper : NULL;
		v = reaper ? reaper->start_boottime + c->s->boot_to_real : 0;
		rcu_read_unlock();
		return v;
	default: /* RT_EXE_FLAGS, RT_CLONE_FLAGS_FORK: not collected */
		return 0;
	}
}

/* argv[0] (what), the other arguments (RT_ARGS) or the environment
 * (RT_ENV), from the task's memory: at most ARGS_MAX bytes, as they are
 * there (NUL-separated). */
static void put_task_area(struct ctx *c, struct mm_struct *mm, unsigned int what)
{
	struct sc_rec *r = c->r;
	unsigned long start, end;
	u32 n = 0, len;
	u8 *p;

	if (!mm) {
		if (what == RT_EXE)
			put_failed(c);
		else
			put_empty(r);
		return;
	}
	start = what == RT_ENV ? mm->env_start : mm->arg_start;
	end = what == RT_ENV ? mm->env_end : mm->arg_end;
	sc_rec_open(r);
	p = sc_rec_room(r, ARGS_MAX);
	if (!p) {
		sc_rec_close(r);
		return;
	}
	if (what != RT_ENV) {
		/* argv[0]: also tells where the other arguments start. */
		n = copy_user_string(p, start, ARGS_MAX);
		if (!n)
			goto failed;
		if (what == RT_EXE) {
			sc_rec_trim(r, ARGS_MAX - n);
			sc_rec_close(r);
			return;
		}
	}
	len = end > start + n ? cut(end - start - n, ARGS_MAX) : 0;
	if (len && copy_from_user_nofault(p, (const void __user *)(start + n), len))
		goto failed;
	sc_rec_trim(r, ARGS_MAX - len);
	sc_rec_close(r);
	return;
failed:
	sc_rec_trim(r, ARGS_MAX);
	sc_rec_close(r);
	sc_count_failed_read(c->s);
}

/* d_path() into the record: it writes at the end of the buffer it is given. */
static void put_path(struct sc_rec *r, const struct path *path)
{
	u8 *p, *s;
	u32 n;

	sc_rec_open(r);
	p = sc_rec_room(r, STR_MAX);
	if (p) {
		s = (u8 *)d_path(path, (char *)p, STR_MAX);
		if (IS_ERR(s)) {
			sc_rec_trim(r, STR_MAX - 1);
			p[0] = 0;
		} else {
			n = strlen((char *)s) + 1;
			memmove(p, s, n);
			sc_rec_trim(r, STR_MAX - n);
		}
	}
	sc_rec_close(r);
}

#define CGROUPS_MAX 4096 /* the cgroups list (str16 ≤ 4096, scap-format.md) */

#ifdef CONFIG_CGROUPS
/* The kernel's cgroup subsystems, in its order, with the names sysdig's
 * kernel module writes ("io", which the state renames blkio). */
static const struct {
	const char *name;
	int id;
} cg_subsys[] = {
#define SUBSYS(_x) { #_x, _x##_cgrp_id },
#include <linux/cgroup_subsys.h>
#undef SUBSYS
};
#endif

/* The cgroups of clone/fork/vfork/execve exits: "name=path" NUL-terminated,
 * for each subsystem, as the eBPF driver writes them (scope_cgroups in
 * bpf/syscope.bpf.c): the task's cgroup on the subsystem's v1 hierarchy,
 * or its own v2 cgroup for a subsystem bound to the v2 hierarchy (what the
 * /proc scan writes too).  Paths are from the hierarchy's root, whatever
 * cgroup namespace the task is in.  cgroup_path() (kernfs_path) takes no
 * sleeping lock, so it may run here, in the tracepoint. */
static void put_cgroups(struct ctx *c)
{
	struct sc_rec *r = c->r;
	u32 used = 0;
	u8 *p;

	sc_rec_open(r);
	p = sc_rec_room(r, CGROUPS_MAX);
	if (!p) {
		sc_rec_close(r);
		return;
	}
#ifdef CONFIG_CGROUPS
	{
		struct css_set *cset;
		struct cgroup *dfl, *cg;
		u32 i, n, room;
		int len;

		rcu_read_lock();
		cset = task_css_set(current);
		dfl = cset ? cset->dfl_cgrp : NULL;
		for (i = 0; cset && i < ARRAY_SIZE(cg_subsys); i++) {
			struct cgroup_subsys_state *css = cset->subsys[cg_subsys[i].id];

			if (!css || !css->cgroup)
				continue;
			cg = css->cgroup;
			if (dfl && cg->root == dfl->root)
				cg = dfl;
			n = strlen(cg_subsys[i].name);
			/* name, '=', at least "/", NUL */
			if (used + n + 3 > CGROUPS_MAX)
				break;
			room = CGROUPS_MAX - used - n - 1;
			len = cgroup_path(cg, (char *)p + used + n + 1, room);
			if (len < 0 || (u32)len >= room)
				break; /* an error, or cut short: the entries before are whole */
			memcpy(p + used, cg_subsys[i].name, n);
			p[used + n] = '=';
			used += n + 1 + len + 1;
		}
		rcu_read_unlock();
	}
#endif
	sc_rec_trim(r, CGROUPS_MAX - used);
	sc_rec_close(r);
}

static void k_task(struct ctx *c, const struct recipe_param *p)
{
	struct task_struct *t = current;
	struct mm_struct *mm = t->mm;
	struct fs_struct *fs = t->fs;
	struct file *f;
	char comm[TASK_COMM_LEN];

	if (!(p->flags & RF_VAR)) {
		put_number(c, p, task_number(c, p->a));
		return;
	}
	switch (p->a) {
	case RT_EXE:
	case RT_ARGS:
	case RT_ENV:
		put_task_area(c, mm, p->a);
		break;
	case RT_CWD:
		if (!fs) {
			sc_rec_put(c->r, "", 1);
			break;
		}
		spin_lock(&fs->lock);
		put_path(c->r, &fs->pwd);
		spin_unlock(&fs->lock);
		break;
	case RT_COMM:
		get_task_comm(comm, t);
		sc_rec_put(c->r, comm, strnlen(comm, sizeof(comm)) + 1);
		break;
	case RT_EXEPATH:
		rcu_read_lock();
		f = mm ? rcu_dereference(mm->exe_file) : NULL;
		if (f)
			put_path(c->r, &f->f_path);
		else
			sc_rec_put(c->r, "", 1);
		rcu_read_unlock();
		break;
	case RT_CGROUPS:
		put_cgroups(c);
		break;
	default:
		put_empty(c->r);
		break;
	}
}

/* --------------------------------------------------------- buffers, iovecs */

static void k_empty(struct ctx *c, const struct recipe_param *p)
{
	put_empty(c->r);
}

static void k_ustr(struct ctx *c, const struct recipe_param *p)
{
	put_user_string(c, c->args[p->a], STR_MAX);
}

static void k_ubuf(struct ctx *c, const struct recipe_param *p)
{
	s64 len;

	if (p->b != RECIPE_RET)
		len = (s64)c->args[p->b];
	else if (c->ret > 0)
		len = c->ret;
	else
		len = p->c != RECIPE_NONE ? (s64)c->args[p->c] : 0;
	put_user_bytes(c, c->args[p->a], len > 0 ? cut(len, buffer_snaplen(c, p)) : 0);
}

/* Walk up to n iovecs at uiov: add their lengths, and copy up to `limit`
 * bytes of their contents into the open parameter when copy is set (the
 * bytes read before an unreadable iovec are kept).  False when the lengths
 * could not all be read. */
static bool walk_iov(struct ctx *c, unsigned long uiov, u64 n, u32 limit, bool copy, u64 *total)
{
	struct iovec iov;
	u64 i;
	u32 done = 0, chunk;
	u8 *p;

	*total = 0;
	if (n > IOV_MAX_SCAN)
		n = IOV_MAX_SCAN;
	for (i = 0; i < n; i++) {
		if (!read_user(&iov, uiov + i * sizeof(iov), sizeof(iov)))
			return copy;
		*total += iov.iov_len;
		if (!copy)
			continue;
		if (done >= limit)
			break;
		chunk = cut(iov.iov_len, limit - done);
		p = chunk ? sc_rec_room(c->r, chunk) : NULL;
		if (p && copy_from_user_nofault(p, iov.iov_base, chunk)) {
			sc_rec_trim(c->r, chunk);
			return true;
		}
		done += chunk;
	}
	return true;
}

static void put_iov_data(struct ctx *c, unsigned long uiov, u64 n, s64 len, u32 snaplen)
{
	u64 total;

	sc_rec_open(c->r);
	if (uiov && len > 0)
		walk_iov(c, uiov, n, cut(len, snaplen), true, &total);
	sc_rec_close(c->r);
}

static void put_iov_len(struct ctx *c, const struct recipe_param *p, unsigned long uiov, u64 n)
{
	u64 total = 0;

	if (uiov && !walk_iov(c, uiov, n, 0, false, &total)) {
		put_failed(c);
		return;
	}
	put_num(c->r, total, p->width);
}

static void k_iov(struct ctx *c, const struct recipe_param *p)
{
	put_iov_data(c, c->args[p->a], c->args[p->b], c->ret, buffer_snaplen(c, p));
}

static void k_iovlen(struct ctx *c, const struct recipe_param *p)
{
	put_iov_len(c, p, c->args[p->a], c->args[p->b]);
}

static bool read_msghdr(struct ctx *c, unsigned long src, struct user_msghdr *m)
{
	if (!read_user(m, src, sizeof(*m))) {
		sc_count_failed_read(c->s);
		return false;
	}
	return true;
}

static void k_msg_data(struct ctx *c, const struct recipe_param *p)
{
	struct user_msghdr m;
	s64 len = c->ret;
	u32 mlen;

	if (p->flags & RF_MMSG) {
		/* recvmmsg/sendmmsg return a message count: the first
		 * message's own length says how much of it moved. */
		if (c->ret <= 0 || !read_user(&mlen, c->args[p->a] + sizeof(m), sizeof(mlen)))
			len = 0;
		else
			len = mlen;
	}
	if (len <= 0) {
		put_empty(c->r);
		return;
	}
	if (!read_msghdr(c, c->args[p->a], &m)) {
		put_empty(c->r);
		return;
	}
	put_iov_data(c, (unsigned long)m.msg_iov, m.msg_iovlen, len, c->s->snaplen);
}

static void k_msg_len(struct ctx *c, const struct recipe_param *p)
{
	struct user_msghdr m;

	if (!read_msghdr(c, c->args[p->a], &m)) {
		put_empty(c->r);
		return;
	}
	put_iov_len(c, p, (unsigned long)m.msg_iov, m.msg_iovlen);
}

static void k_msg_control(struct ctx *c, const struct recipe_param *p)
{
	struct user_msghdr m;

	if (c->ret < 0 || !read_msghdr(c, c->args[p->a], &m)) {
		put_empty(c->r);
		return;
	}
	put_user_bytes(c, (unsigned long)m.msg_control, cut(m.msg_controllen, c->s->snaplen));
}

/* ------------------------------------------------------------- addresses */

/* A user sockaddr in scap SOCKADDR form (scap-format.md §3.2): empty when
 * absent or unreadable, the family alone when it is not an address family
 * scap shows. */
static void put_sockaddr(struct ctx *c, unsigned long uaddr, long len)
{
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sc_rec *r = c->r;
	u16 family, port;
	u8 fam, *q;
	u32 n;

	if (!uaddr || len < 2 || !read_user(&family, uaddr, 2)) {
		put_empty(r);
		return;
	}
	fam = family;
	if ((family == AF_INET && !read_user(&in, uaddr, sizeof(in))) ||
	    (family == AF_INET6 && !read_user(&in6, uaddr, sizeof(in6)))) {
		put_empty(r);
		return;
	}
	sc_rec_open(r);
	sc_rec_append(r, &fam, 1);
	switch (family) {
	case AF_INET:
		port = ntohs(in.sin_port);
		sc_rec_append(r, &in.sin_addr.s_addr, 4);
		sc_rec_append(r, &port, 2);
		break;
	case AF_INET6:
		port = ntohs(in6.sin6_port);
		sc_rec_append(r, &in6.sin6_addr, 16);
		sc_rec_append(r, &port, 2);
		break;
	case AF_UNIX:
		/* The path up to its NUL: an abstract name shows empty. */
		q = sc_rec_room(r, UNIX_PATH_MAX);
		if (q) {
			n = copy_user_string(q, uaddr + 2, UNIX_PATH_MAX);
			if (!n)
				q[n++] = 0;
			sc_rec_trim(r, UNIX_PATH_MAX - n);
		}
		break;
	default:
		break;
	}
	sc_rec_close(r);
}

/* The length operand of an address: a value, or a user pointer to an int. */
static long addr_len(struct ctx *c, const struct recipe_param *p, u8 op)
{
	int len;

	if (op == RECIPE_NONE)
		return 0;
	if (!(p->flags & RF_LENPTR))
		return (long)c->args[op];
	return read_user(&len, c->args[op], sizeof(len)) ? len : 0;
}

static void k_sockaddr(struct ctx *c, const struct recipe_param *p)
{
	put_sockaddr(c, c->args[p->a], addr_len(c, p, p->b));
}

/* The peer of an unconnected datagram socket, from the call's own address
 * argument: fills addr/port, returns false when there is none. */
static bool call_peer(struct ctx *c, const struct recipe_param *p, int family, u8 *addr,
		      u16 *port)
{
	struct sockaddr_storage ss;
	struct user_msghdr m;
	unsigned long uaddr;
	long len;

	if (p->b == RECIPE_NONE)
		return false;
	if (p->flags & RF_MSG) {
		if (!read_msghdr(c, c->args[p->b], &m))
			return false;
		uaddr = (unsigned long)m.msg_name;
		len = m.msg_namelen;
	} else {
		uaddr = c->args[p->b];
		len = addr_len(c, p, p->c);
	}
	if (!uaddr || len <= 0)
		return false;
	if (len > (long)sizeof(ss))
		len = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	if (!read_user(&ss, uaddr, len) || ss.ss_family != family)
		return false;
	if (family == AF_INET) {
		memcpy(addr, &((struct sockaddr_in *)&ss)->sin_addr, 4);
		*port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	} else {
		memcpy(addr, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
		*port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	return true;
}

static void put_inet_tuple(struct ctx *c, const struct recipe_param *p, struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	int family = sk->sk_family;
	unsigned int alen = family == AF_INET ? 4 : 16;
	u8 laddr[16], raddr[16], fam = family;
	u16 lport = ntohs(inet->inet_sport), rport = ntohs(inet->inet_dport);
	struct sc_rec *r = c->r;

	if (family == AF_INET) {
		memcpy(laddr, &inet->inet_rcv_saddr, 4);
		memcpy(raddr, &inet->inet_daddr, 4);
	} else {
#if IS_ENABLED(CONFIG_IPV6)
		memcpy(laddr, &sk->sk_v6_rcv_saddr, 16);
		memcpy(raddr, &sk->sk_v6_daddr, 16);
#endif
	}
	/* No peer in the socket (an unconnected datagram socket): the call's
	 * own address argument says where the datagram went or came from. */
	if (!rport && !memchr_inv(raddr, 0, alen))
		call_peer(c, p, family, raddr, &rport);
	sc_rec_open(r);
	sc_rec_append(r, &fam, 1);
	if (p->flags & RF_IN) {
		sc_rec_append(r, raddr, alen);
		sc_rec_append(r, &rport, 2);
		sc_rec_append(r, laddr, alen);
		sc_rec_append(r, &lport, 2);
	} else {
		sc_rec_append(r, laddr, alen);
		sc_rec_append(r, &lport, 2);
		sc_rec_append(r, raddr, alen);
		sc_rec_append(r, &rport, 2);
	}
	sc_rec_close(r);
}

static void put_unix_tuple(struct ctx *c, struct sock *sk)
{
	struct sock *peer = unix_peer(sk);
	struct unix_address *ua = peer ? unix_sk(peer)->addr : NULL;
	u64 src = (unsigned long)sk, dst = (unsigned long)peer;
	u8 fam = AF_UNIX;
	struct sc_rec *r = c->r;
	u32 n = 0;

	/* The path bound by either end: the server's, seen from a client. */
	if (!ua)
		ua = unix_sk(sk)->addr;
	sc_rec_open(r);
	sc_rec_append(r, &fam, 1);
	sc_rec_append(r, &src, 8);
	sc_rec_append(r, &dst, 8);
	if (ua && ua->len > (int)sizeof(short))
		n = strnlen(ua->name->sun_path, min_t(u32, ua->len - sizeof(short), UNIX_PATH_MAX));
	sc_rec_append(r, ua ? ua->name->sun_path : "", n);
	sc_rec_append(r, "", 1);
	sc_rec_close(r);
}

static void k_tuple(struct ctx *c, const struct recipe_param *p)
{
	long fd = operand(c, p->a);
	struct socket *sock;
	struct sock *sk;

	if (c->ret < 0 && p->a == RECIPE_RET) {
		put_empty(c->r);
		return;
	}
	sock = fd_socket(fd);
	sk = sock ? sock->sk : NULL;
	if (sk && (sk->sk_family == AF_INET || sk->sk_family == AF_INET6))
		put_inet_tuple(c, p, sk);
	else if (sk && sk->sk_family == AF_UNIX)
		put_unix_tuple(c, sk);
	else
		put_empty(c->r);
	if (sock)
		sockfd_put(sock);
}

static void k_fdlist(struct ctx *c, const struct recipe_param *p)
{
	struct pollfd pfd;
	unsigned long src = c->args[p->a];
	u64 n = c->args[p->b], i;
	u16 count;
	u8 *cnt;
	struct sc_rec *r = c->r;

	if (n > FDLIST_MAX)
		n = FDLIST_MAX;
	sc_rec_open(r);
	cnt = sc_rec_room(r, 2);
	for (i = 0; cnt && src && i < n; i++) {
		s64 fd;
		u16 fl;

		if (!read_user(&pfd, src + i * sizeof(pfd), sizeof(pfd)))
			break;
		fd = pfd.fd;
		fl = (p->flags & RF_IN) ? pfd.events : pfd.revents;
		if (p->xlat)
			fl = xlat(fl, p->xlat);
		sc_rec_append(r, &fd, 8);
		sc_rec_append(r, &fl, 2);
	}
	count = i;
	if (cnt)
		put_unaligned_le16(count, cnt);
	sc_rec_close(r);
}

/* setsockopt/getsockopt values: a DYN whose index says how to show them
 * (sockopt_dynamic_param: 0 bytes, 1 errno, 2 u32, 3 u64, 4 reltime). */
static void k_sockopt(struct ctx *c, const struct recipe_param *p)
{
	enum { D_BYTES, D_ERRNO, D_U32, D_U64, D_RELTIME };
	long level = (long)c->args[1], name = (long)c->args[2], len;
	unsigned long src = c->args[p->a];
	struct sc_rec *r = c->r;
	u8 b[9], *q;
	u32 n;
	int l;
	union { s32 i; u32 u32; u64 u64; s64 tv[2]; } v = { 0 };

	/* A failed call, or an unreadable length: the call's result. */
	b[0] = D_ERRNO;
	put_unaligned_le64((u64)c->ret, b + 1);
	len = (long)c->args[p->b];
	if (p->flags & RF_LENPTR) {
		if (!read_user(&l, c->args[p->b], sizeof(l)))
			l = -1;
		len = l;
	}
	if (c->ret < 0 || len < 0) {
		sc_rec_put(r, b, 9);
		return;
	}
	if (level == SOL_SOCKET && name == SO_ERROR) {
		read_user(&v.i, src, 4);
		put_unaligned_le64((u64)(s64)-v.i, b + 1);
	} else if (level == SOL_SOCKET && (name == SO_RCVTIMEO_OLD || name == SO_SNDTIMEO_OLD) &&
		   len >= 16) {
		read_user(v.tv, src, sizeof(v.tv));
		b[0] = D_RELTIME;
		put_unaligned_le64((u64)v.tv[0] * NSEC_PER_SEC + (u64)v.tv[1] * NSEC_PER_USEC, b + 1);
	} else if (len == 4) {
		if (!read_user(&v.u32, src, 4)) {
			put_empty(r);
			return;
		}
		/* A UINT32 is four bytes long. */
		b[0] = D_U32;
		put_unaligned_le32(v.u32, b + 1);
		sc_rec_put(r, b, 5);
		return;
	} else if (len == 8) {
		if (!read_user(&v.u64, src, 8)) {
			put_empty(r);
			return;
		}
		b[0] = D_U64;
		put_unaligned_le64(v.u64, b + 1);
	} else {
		n = len > 0 ? cut(len, c->s->snaplen) : 0;
		sc_rec_open(r);
		b[0] = D_BYTES;
		sc_rec_append(r, b, 1);
		q = n ? sc_rec_room(r, n) : NULL;
		if (q && copy_from_user_nofault(q, (const void __user *)src, n))
			sc_rec_trim(r, n + 1); /* unreadable: the whole value empty */
		sc_rec_close(r);
		return;
	}
	sc_rec_put(r, b, 9);
}

/* ------------------------------------------------------------ the table */

static const fill_fn fillers[] = {
	[RK_RET] = k_ret,
	[RK_ARG] = k_arg,
	[RK_ZERO] = k_zero,
	[RK_UMEM] = k_umem,
	[RK_TIMESPEC] = k_timespec,
	[RK_FD_DEV] = k_fd_dev_ino,
	[RK_FD_INO] = k_fd_dev_ino,
	[RK_PIPE_INO] = k_pipe_ino,
	[RK_OPEN_MODE] = k_open_mode,
	[RK_BACKLOG] = k_backlog,
	[RK_TASK] = k_task,
	[RK_SOCKPAIR] = k_sockpair,
	[RK_BPF_RES] = k_bpf_res,
	[RK_DYN_U64] = k_dyn_u64,
	[RK_EMPTY] = k_empty,
	[RK_USTR] = k_ustr,
	[RK_UBUF] = k_ubuf,
	[RK_IOV] = k_iov,
	[RK_IOVLEN] = k_iovlen,
	[RK_MSG_DATA] = k_msg_data,
	[RK_MSG_LEN] = k_msg_len,
	[RK_MSG_CONTROL] = k_msg_control,
	[RK_SOCKADDR] = k_sockaddr,
	[RK_TUPLE] = k_tuple,
	[RK_FDLIST] = k_fdlist,
	[RK_SOCKOPT] = k_sockopt,
};

/* One event of a syscall that has a recipe. */
static void emit_recipe(struct sc_session *s, const struct recipe_syscall *rs,
			struct pt_regs *regs, long ret, bool enter)
{
	struct sc_rec r;
	struct ctx c = { .s = s, .r = &r, .ret = ret, .enter = enter };
	unsigned int i, first = enter ? rs->enter_first : rs->exit_first;
	unsigned int count = enter ? rs->enter_count : rs->exit_count;

	if (!sc_rec_begin(&r, s, enter ? rs->enter_event : rs->exit_event, count))
		return;
	syscall_get_arguments(current, regs, c.args);
	for (i = 0; i < count; i++) {
		const struct recipe_param *p = &recipe_params[first + i];

		if (p->kind < ARRAY_SIZE(fillers) && fillers[p->kind])
			fillers[p->kind](&c, p);
		else
			put_empty(&r);
	}
	sc_rec_commit(&r);
}

void sc_fill_syscall(struct sc_session *s, struct pt_regs *regs, long nr, long ret, bool enter)
{
	const struct recipe_syscall *rs;
	struct sc_rec r;

	if (nr >= RECIPE_NR_MAX)
		return;
	if (!recipe_index[nr]) {
		/* A generic event: the PPM_SC code and the native number. */
		if (!sc_rec_begin(&r, s, enter ? EVT_GENERIC_E : EVT_GENERIC_X, 2))
			return;
		put_num(&r, recipe_ppm_sc[nr], 2);
		put_num(&r, nr, 2);
		sc_rec_commit(&r);
		return;
	}
	rs = &recipe_syscalls[recipe_index[nr] - 1];
	/* Calls whose state sysdig takes from the enter event (the fd a close
	 * closes, a socket's domain, ...) get it even without enter events;
	 * their arguments are still in the registers at exit. */
	if (!enter && !(s->flags & SYSCOPE_FLAG_ENTER_EVENTS) && (rs->flags & RS_PAIR))
		emit_recipe(s, rs, regs, ret, true);
	emit_recipe(s, rs, regs, ret, enter);
}

/* procexit: the exit status of a thread, as wait(2) would report it. */
void sc_fill_procexit(struct sc_session *s, struct task_struct *p)
{
	struct sc_rec r;
	int code = p->exit_code;
	u8 sig = code & 0x7f, core = (code & 0x80) ? 1 : 0;

	if (!sc_rec_begin(&r, s, EVT_PROCEXIT_1_E, PROCEXIT_NPARAMS))
		return;
	put_num(&r, (u64)(s64)code, 8);          /* status */
	put_num(&r, (code >> 8) & 0xff, 8);      /* ret: the exit status */
	sc_rec_put(&r, &sig, 1);                 /* sig */
	sc_rec_put(&r, &core, 1);                /* core */
	put_num(&r, 0, 8);                       /* reaper_tid: not known here */
	sc_rec_commit(&r);
}

/* page_fault: the faulting address, the instruction pointer, and the x86
 * error code as pf_flags (page_fault.h). */
void sc_fill_page_fault(struct sc_session *s, unsigned long address, struct pt_regs *regs,
			unsigned long error_code)
{
	struct sc_rec r;

	if (!sc_rec_begin(&r, s, PAGE_FAULT_EVENT, PAGE_FAULT_NPARAMS))
		return;
	put_num(&r, address, 8);
	put_num(&r, regs ? instruction_pointer(regs) : 0, 8);
	put_num(&r, page_fault_flags(error_code), 4);
	sc_rec_commit(&r);
}
