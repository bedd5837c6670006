// SPDX-License-Identifier: GPL-2.0
/* syscope's kernel-module driver: the device /dev/syscope0 and its ioctls.
 *
 * One reader at a time opens the device, configures the capture (buffer
 * size, snaplen, syscall set, pushdown, enter events, page faults, tracers
 * capture), maps the per-CPU
 * rings read-only and starts the capture; records appear in the rings and
 * the reader hands them back with SYSCOPE_IOC_RELEASE.  Closing the device
 * (or the reader dying) stops the probes and frees everything. */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "syscope_mod.h"

static unsigned int buffer_kb = 8192;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "default size of each per-CPU ring in KiB (a power of two)");

#define DEFAULT_SNAPLEN 80
#define MAX_SNAPLEN 65000          /* PPM_MAX_ARG_SIZE */
#define MIN_BUFFER (64u << 10)     /* room for the largest record */
#define MAX_BUFFER (1u << 30)

static atomic_t in_use = ATOMIC_INIT(0);

static u32 buffer_size(u64 want)
{
	if (want < MIN_BUFFER)
		want = MIN_BUFFER;
	if (want > MAX_BUFFER)
		want = MAX_BUFFER;
	return roundup_pow_of_two(want);
}

static int sc_open(struct inode *inode, struct file *file)
{
	struct sc_session *s;

	/* One reader: the rings, counters and configuration are its own. */
	if (atomic_cmpxchg(&in_use, 0, 1) != 0)
		return -EBUSY;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s) {
		atomic_set(&in_use, 0);
		return -ENOMEM;
	}
	mutex_init(&s->lock);
	s->want_size = buffer_size((u64)buffer_kb << 10);
	s->snaplen = DEFAULT_SNAPLEN;
	s->self_tgid = current->tgid;
	bitmap_fill(s->syscalls, SYSCOPE_NR_SYSCALLS);
	file->private_data = s;
	return 0;
}

static int sc_release(struct inode *inode, struct file *file)
{
	struct sc_session *s = file->private_data;

	/* Every mapping holds the file, so no mapping is left at this point. */
	if (s->running)
		sc_probes_stop(s);
	sc_rings_free(s);
	sc_suppress_free(s);
	mutex_destroy(&s->lock);
	kfree(s);
	atomic_set(&in_use, 0);
	return 0;
}

static int ensure_rings(struct sc_session *s)
{
	return s->rings ? 0 : sc_rings_alloc(s);
}

static int sc_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sc_session *s = file->private_data;
	int err;

	mutex_lock(&s->lock);
	err = ensure_rings(s);
	if (!err)
		err = sc_rings_mmap(s, vma);
	mutex_unlock(&s->lock);
	return err;
}

/* ------------------------------------------------------------------ ioctls
 * One handler per command, called with the session locked.  Settings that
 * the probes read change only while the capture is stopped, so a probe
 * never sees half of an update. */

typedef long (*ioctl_fn)(struct sc_session *s, void __user *arg);

static long do_set_buffer_size(struct sc_session *s, void __user *arg)
{
	u32 v;

	if (get_user(v, (u32 __user *)arg))
		return -EFAULT;
	if (s->rings)
		return -EBUSY; /* already mapped: the size is fixed */
	s->want_size = buffer_size(v);
	return 0;
}

static long do_layout(struct sc_session *s, void __user *arg)
{
	struct syscope_layout l = { .abi = SYSCOPE_KMOD_ABI };
	int err = ensure_rings(s);

	if (err)
		return err;
	l.nrings = s->nrings;
	l.data_size = s->data_size;
	l.page_size = PAGE_SIZE;
	l.map_size = sc_map_size(s->data_size);
	return copy_to_user(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

static long do_set_snaplen(struct sc_session *s, void __user *arg)
{
	u32 v;

	if (get_user(v, (u32 __user *)arg))
		return -EFAULT;
	if (v > MAX_SNAPLEN)
		return -EINVAL;
	s->snaplen = v;
	return 0;
}

static long do_set_syscalls(struct sc_session *s, void __user *arg)
{
	struct syscope_syscall_set set;

	if (copy_from_user(&set, arg, sizeof(set)))
		return -EFAULT;
	bitmap_from_arr64(s->syscalls, set.bits, SYSCOPE_NR_SYSCALLS);
	return 0;
}

static long do_set_pushdown(struct sc_session *s, void __user *arg)
{
	struct syscope_pushdown pd;
	unsigned int i;

	if (copy_from_user(&pd, arg, sizeof(pd)))
		return -EFAULT;
	if (pd.npids > SYSCOPE_PUSHDOWN_MAX || pd.ntids > SYSCOPE_PUSHDOWN_MAX ||
	    pd.ncomms > SYSCOPE_PUSHDOWN_MAX || pd.nuids > SYSCOPE_PUSHDOWN_MAX)
		return -EINVAL;
	for (i = 0; i < SYSCOPE_PUSHDOWN_MAX; i++)
		pd.comms[i][SYSCOPE_COMM_LEN - 1] = '\0';
	s->pd = pd;
	return 0;
}

static long do_set_flags(struct sc_session *s, void __user *arg)
{
	u32 v;

	if (get_user(v, (u32 __user *)arg))
		return -EFAULT;
	if (v & ~SYSCOPE_FLAGS_ALL)
		return -EINVAL;
	s->flags = v;
	return 0;
}

static long do_start(struct sc_session *s, void __user *arg)
{
	int err = ensure_rings(s);

	if (err)
		return err;
	s->boot_to_real = ktime_get_real_ns() - ktime_get_boot_fast_ns();
	err = sc_probes_start(s);
	if (!err)
		s->running = true;
	return err;
}

static long do_stop(struct sc_session *s, void __user *arg)
{
	sc_probes_stop(s);
	s->running = false;
	return 0;
}

static long do_release(struct sc_session *s, void __user *arg)
{
	struct syscope_release rel;
	struct syscope_ring_info *info;

	if (copy_from_user(&rel, arg, sizeof(rel)))
		return -EFAULT;
	if (rel.ring >= s->nrings || !s->rings[rel.ring].info)
		return -EINVAL;
	info = s->rings[rel.ring].info;
	/* The tail only moves forward, and never past what was written. */
	if (rel.tail < info->tail || rel.tail > smp_load_acquire(&info->head))
		return -EINVAL;
	/* Reads of the released records happen before the writer reuses them. */
	smp_store_release(&info->tail, rel.tail);
	return 0;
}

static long do_counters(struct sc_session *s, void __user *arg)
{
	struct syscope_counters c;
	struct syscope_ring_info *info;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (c.ring >= s->nrings || !s->rings[c.ring].info)
		return -EINVAL;
	info = s->rings[c.ring].info;
	c.events = READ_ONCE(info->events);
	c.drops = READ_ONCE(info->drops);
	c.failed_reads = READ_ONCE(info->failed_reads);
	c.seen = READ_ONCE(info->seen);
	c.suppressed = READ_ONCE(info->suppressed);
	return copy_to_user(arg, &c, sizeof(c)) ? -EFAULT : 0;
}

static long do_set_suppress(struct sc_session *s, void __user *arg)
{
	struct syscope_suppress *sup;
	long err;

	/* 600 bytes: not on the kernel stack. */
	sup = memdup_user(arg, sizeof(*sup));
	if (IS_ERR(sup))
		return PTR_ERR(sup);
	err = sc_suppress_configure(s, sup);
	kfree(sup);
	return err;
}

/* Allowed while running: the module may start before the scan. */
static long do_suppress_tid(struct sc_session *s, void __user *arg)
{
	u32 tid;

	if (get_user(tid, (u32 __user *)arg))
		return -EFAULT;
	return sc_suppress_seed(s, tid);
}

static const struct {
	unsigned int cmd;
	ioctl_fn fn;
	bool stopped_only; /* changes what the probes read */
} ioctls[] = {
	{ SYSCOPE_IOC_SET_BUFFER_SIZE, do_set_buffer_size, true },
	{ SYSCOPE_IOC_LAYOUT, do_layout, false },
	{ SYSCOPE_IOC_SET_SNAPLEN, do_set_snaplen, true },
	{ SYSCOPE_IOC_SET_SYSCALLS, do_set_syscalls, true },
	{ SYSCOPE_IOC_SET_PUSHDOWN, do_set_pushdown, true },
	{ SYSCOPE_IOC_SET_FLAGS, do_set_flags, true },
	{ SYSCOPE_IOC_START, do_start, true },
	{ SYSCOPE_IOC_STOP, do_stop, false },
	{ SYSCOPE_IOC_RELEASE, do_release, false },
	{ SYSCOPE_IOC_COUNTERS, do_counters, false },
	{ SYSCOPE_IOC_SET_SUPPRESS, do_set_suppress, true },
	{ SYSCOPE_IOC_SUPPRESS_TID, do_suppress_tid, false },
};

static long sc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct sc_session *s = file->private_data;
	unsigned int i;
	long err;

	for (i = 0; i < ARRAY_SIZE(ioctls); i++) {
		if (ioctls[i].cmd != cmd)
			continue;
		mutex_lock(&s->lock);
		if (ioctls[i].stopped_only && s->running)
			err = -EBUSY;
		else
			err = ioctls[i].fn(s, (void __user *)arg);
		mutex_unlock(&s->lock);
		return err;
	}
	return -ENOTTY;
}

static const struct file_operations sc_fops = {
	.owner = THIS_MODULE,
	.open = sc_open,
	.release = sc_release,
	.mmap = sc_mmap,
	.unlocked_ioctl = sc_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice sc_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "syscope0",
	.fops = &sc_fops,
	.mode = 0600,
};

static int __init sc_init(void)
{
	int err = sc_probes_init();

	if (err)
		return err;
	return misc_register(&sc_dev);
}

static void __exit sc_exit(void)
{
	/* No session can exist: an open device holds a module reference. */
	misc_deregister(&sc_dev);
}

module_init(sc_init);
module_exit(sc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("syscope: system call capture into per-CPU rings of scap records");
