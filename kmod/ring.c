// SPDX-License-Identifier: GPL-2.0
/* Per-CPU rings of scap records, and the writer that fills them.
 *
 * Each ring is one info page plus a power-of-two number of data pages.  The
 * data pages are mapped twice in a row, both in the kernel (vmap) and in
 * the reader's mmap, so a record that runs past the end of the ring is
 * still contiguous: the writer fills it with plain stores and the reader
 * parses it in place, with no copy on either side.
 *
 * The writer is the tracepoint probe on one CPU with preemption disabled
 * (tracepoint probes run inside rcu_read_lock_sched), and none of the
 * probed tracepoints fires from interrupt context, so each ring has a
 * single producer and needs no lock.  The reader owns `tail`, changed only
 * through SYSCOPE_IOC_RELEASE. */
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/version.h>
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include "syscope_mod.h"

#define HDR_LEN 26            /* ts, tid, len, type, nparams */
#define MAX_RECORD 65535u     /* a record must fit a trace file's event block */

u64 sc_map_size(u32 data_size)
{
	return PAGE_SIZE + 2 * (u64)data_size;
}

static void ring_free(struct sc_ring *r)
{
	unsigned int i;

	if (r->data)
		vunmap(r->data);
	if (r->pages) {
		for (i = 0; i <= r->npages; i++)
			if (r->pages[i])
				__free_page(r->pages[i]);
		kvfree(r->pages);
	}
	memset(r, 0, sizeof(*r));
}

static int ring_alloc(struct sc_ring *r, int cpu, u32 data_size)
{
	unsigned int n = data_size >> PAGE_SHIFT, i;
	struct page **twice;

	r->npages = n;
	r->pages = kvcalloc(n + 1, sizeof(*r->pages), GFP_KERNEL);
	if (!r->pages)
		return -ENOMEM;
	for (i = 0; i <= n; i++) {
		r->pages[i] = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
		if (!r->pages[i])
			goto nomem;
	}
	twice = kvcalloc(2 * n, sizeof(*twice), GFP_KERNEL);
	if (!twice)
		goto nomem;
	for (i = 0; i < n; i++)
		twice[i] = twice[n + i] = r->pages[1 + i];
	r->data = vmap(twice, 2 * n, VM_MAP, PAGE_KERNEL);
	kvfree(twice);
	if (!r->data)
		goto nomem;
	r->info = page_address(r->pages[0]);
	r->info->data_size = data_size;
	r->info->cpu = cpu;
	return 0;
nomem:
	ring_free(r);
	return -ENOMEM;
}

/* Rings for every possible CPU, of s->want_size bytes each. */
int sc_rings_alloc(struct sc_session *s)
{
	int cpu, err;

	s->rings = kcalloc(nr_cpu_ids, sizeof(*s->rings), GFP_KERNEL);
	if (!s->rings)
		return -ENOMEM;
	s->nrings = nr_cpu_ids;
	for_each_possible_cpu(cpu) {
		err = ring_alloc(&s->rings[cpu], cpu, s->want_size);
		if (err) {
			sc_rings_free(s);
			return err;
		}
	}
	s->data_size = s->want_size;
	return 0;
}

void sc_rings_free(struct sc_session *s)
{
	unsigned int i;

	if (!s->rings)
		return;
	for (i = 0; i < s->nrings; i++)
		ring_free(&s->rings[i]);
	kfree(s->rings);
	s->rings = NULL;
	s->nrings = 0;
	s->data_size = 0;
}

/* Map one ring, read-only: offset = ring * map_size, length = map_size. */
int sc_rings_mmap(struct sc_session *s, struct vm_area_struct *vma)
{
	u64 map_size = sc_map_size(s->data_size);
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	unsigned long addr = vma->vm_start;
	struct sc_ring *r;
	unsigned int i;
	u64 idx;
	int err;

	if (vma->vm_end - vma->vm_start != map_size || off % map_size)
		return -EINVAL;
	idx = div64_u64(off, map_size);
	if (idx >= s->nrings || !s->rings[idx].data)
		return -ENODEV;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	r = &s->rings[idx];
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_clear(vma, VM_MAYWRITE);
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP | VM_DONTCOPY);
#else
	vma->vm_flags &= ~VM_MAYWRITE;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP | VM_DONTCOPY;
#endif
	err = vm_insert_page(vma, addr, r->pages[0]);
	for (i = 0; !err && i < 2 * r->npages; i++) {
		addr += PAGE_SIZE;
		err = vm_insert_page(vma, addr, r->pages[1 + i % r->npages]);
	}
	return err;
}

/* ----------------------------------------------------------------- writer */

static u64 now_ns(const struct sc_session *s)
{
	return ktime_get_boot_fast_ns() + s->boot_to_real;
}

bool sc_rec_begin(struct sc_rec *r, struct sc_session *s, u16 type, u32 nparams)
{
	struct sc_ring *ring = &s->rings[raw_smp_processor_id()];
	struct syscope_ring_info *info = ring->info;
	u32 size = s->data_size, hdr = HDR_LEN + 2 * nparams;
	u64 head, free;

	r->overflow = true;
	if (!ring->data)
		return false;
	/* Nested in another record's writing on this CPU (see sc_ring.busy).
	 * Its counters are left alone too: the outer writer may be updating
	 * them. */
	if (READ_ONCE(ring->busy))
		return false;
	WRITE_ONCE(ring->busy, true);
	barrier(); /* busy is set before the head is read */
	head = info->head;
	free = size - (head - READ_ONCE(info->tail));
	r->s = s;
	r->ring = ring;
	r->cap = free < MAX_RECORD ? free : MAX_RECORD;
	if (r->cap < hdr) {
		WRITE_ONCE(info->drops, info->drops + 1);
		WRITE_ONCE(info->seen, info->seen + 1);
		barrier();
		WRITE_ONCE(ring->busy, false);
		return false;
	}
	r->base = ring->data + (head & (size - 1));
	r->len = hdr;
	r->nparams = nparams;
	r->idx = 0;
	r->overflow = false;
	put_unaligned_le64(now_ns(s), r->base);
	put_unaligned_le64((u64)(s64)current->pid, r->base + 8);
	put_unaligned_le16(type, r->base + 20);
	put_unaligned_le32(nparams, r->base + 22);
	return true;
}

static void set_len(struct sc_rec *r, u32 n)
{
	if (r->idx < r->nparams)
		put_unaligned_le16(n, r->base + HDR_LEN + 2 * r->idx);
	r->idx++;
}

void sc_rec_put(struct sc_rec *r, const void *value, u32 n)
{
	if (!r->overflow && r->len + n > r->cap)
		r->overflow = true;
	if (r->overflow) {
		r->idx++;
		return;
	}
	memcpy(r->base + r->len, value, n);
	r->len += n;
	set_len(r, n);
}

/* A parameter in pieces: open() notes where it starts in its own length
 * slot (an offset into the value area, below 64 KiB since a record is),
 * room()/append() add bytes, close() turns the slot into the length. */
void sc_rec_open(struct sc_rec *r)
{
	if (!r->overflow && r->idx < r->nparams)
		put_unaligned_le16((u16)(r->len - (HDR_LEN + 2 * r->nparams)),
				   r->base + HDR_LEN + 2 * r->idx);
}

u8 *sc_rec_room(struct sc_rec *r, u32 n)
{
	u8 *p;

	if (!r->overflow && r->len + n > r->cap)
		r->overflow = true;
	if (r->overflow)
		return NULL;
	p = r->base + r->len;
	r->len += n;
	return p;
}

/* Give back the last n bytes taken with sc_rec_room(). */
void sc_rec_trim(struct sc_rec *r, u32 n)
{
	if (!r->overflow)
		r->len -= n;
}

void sc_rec_append(struct sc_rec *r, const void *value, u32 n)
{
	u8 *p = sc_rec_room(r, n);

	if (p)
		memcpy(p, value, n);
}

void sc_rec_close(struct sc_rec *r)
{
	u32 values = HDR_LEN + 2 * r->nparams, start;

	if (r->overflow || r->idx >= r->nparams) {
		r->idx++;
		return;
	}
	start = values + get_unaligned_le16(r->base + HDR_LEN + 2 * r->idx);
	set_len(r, r->len - start);
}

void sc_rec_commit(struct sc_rec *r)
{
	struct syscope_ring_info *info = r->ring->info;

	/* A recipe that wrote more or fewer parameters than its event has is
	 * a bug in the tables; never publish such a record. */
	if (WARN_ON_ONCE(!r->overflow && r->idx != r->nparams))
		r->overflow = true;
	WRITE_ONCE(info->seen, info->seen + 1);
	if (r->overflow) {
		WRITE_ONCE(info->drops, info->drops + 1);
	} else {
		put_unaligned_le32(r->len, r->base + 16);
		WRITE_ONCE(info->events, info->events + 1);
		/* The record's bytes before the new head (pairs with the
		 * reader's acquire load of head). */
		smp_store_release(&info->head, info->head + r->len);
	}
	barrier(); /* the counters and head are written before the ring is free */
	WRITE_ONCE(r->ring->busy, false);
}

void sc_count_failed_read(struct sc_session *s)
{
	struct syscope_ring_info *info = s->rings[raw_smp_processor_id()].info;

	if (info)
		WRITE_ONCE(info->failed_reads, info->failed_reads + 1);
}
