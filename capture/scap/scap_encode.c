/* Block and entry encoders.  Lengths that the format stores in front of
 * an entry are patched in once the entry is complete, so each encoder
 * writes its fields once, in file order, like scap_meta.c reads them. */
#include <string.h>

#include "scap_blocks.h"
#include "scap_encode.h"

/* ---- little-endian puts ------------------------------------------------ */

static void put_le(struct strbuf *sb, uint64_t v, unsigned width)
{
	uint8_t b[8];
	for (unsigned i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	sb_append(sb, b, width);
}

static void put_u8(struct strbuf *sb, uint8_t v) { put_le(sb, v, 1); }
static void put_u16(struct strbuf *sb, uint16_t v) { put_le(sb, v, 2); }
static void put_u32(struct strbuf *sb, uint32_t v) { put_le(sb, v, 4); }
static void put_u64(struct strbuf *sb, uint64_t v) { put_le(sb, v, 8); }
static void put_i64(struct strbuf *sb, int64_t v) { put_le(sb, (uint64_t)v, 8); }

/* Overwrite a u32 already in the buffer (a length known only later). */
static void patch_u32(struct strbuf *sb, size_t at, uint32_t v)
{
	if (sb->oom || at + 4 > sb->len)
		return;
	for (unsigned i = 0; i < 4; i++)
		sb->data[at + i] = (char)(uint8_t)(v >> (8 * i));
}

/* A str16 of at most max bytes: longer values are cut, since the readers
 * refuse the whole block for one long string. */
static void put_str16(struct strbuf *sb, struct str_ref s, uint32_t max)
{
	uint32_t n = s.len < max ? s.len : max;
	put_u16(sb, (uint16_t)n);
	sb_append(sb, s.ptr, n);
}

/* A list of NUL-terminated items (args, env, cgroups) of at most max
 * bytes: cut after the last item that fits, so every item stays whole and
 * terminated; a single item longer than max is cut and terminated. */
static void put_list16(struct strbuf *sb, struct str_ref s, uint32_t max)
{
	if (s.len <= max) {
		put_str16(sb, s, max);
		return;
	}
	uint32_t n = max;
	while (n > 0 && s.ptr[n - 1] != '\0')
		n--;
	if (n > 0) {
		put_u16(sb, (uint16_t)n);
		sb_append(sb, s.ptr, n);
		return;
	}
	put_u16(sb, (uint16_t)max);
	sb_append(sb, s.ptr, max - 1);
	put_u8(sb, 0);
}

/* ---- blocks --------------------------------------------------------------- */

size_t scap_block_open(struct strbuf *sb, uint32_t type)
{
	size_t start = sb->len;
	put_u32(sb, type);
	put_u32(sb, 0); /* total length, patched by scap_block_close */
	return start;
}

void scap_block_close(struct strbuf *sb, size_t start)
{
	static const uint8_t zeros[4];
	size_t body = sb->len - start - 8;
	sb_append(sb, zeros, (4 - body % 4) % 4);
	uint32_t total = (uint32_t)(sb->len - start + 4);
	put_u32(sb, total);
	patch_u32(sb, start + 4, total);
}

void scap_put_shb(struct strbuf *sb)
{
	size_t b = scap_block_open(sb, BT_SHB);
	put_u32(sb, SHB_MAGIC);
	put_u16(sb, SCAP_WRITE_MAJOR);
	put_u16(sb, SCAP_WRITE_MINOR);
	put_i64(sb, -1); /* section length: unknown, as every writer leaves it */
	scap_block_close(sb, b);
}

void scap_put_mi(struct strbuf *sb, const struct machine_info *mi)
{
	char host[128];
	memset(host, 0, sizeof host);
	memcpy(host, mi->hostname, strnlen(mi->hostname, sizeof host));
	size_t b = scap_block_open(sb, BT_MI);
	put_u32(sb, mi->num_cpus);
	put_u64(sb, mi->memory_bytes);
	put_u64(sb, mi->max_pid);
	sb_append(sb, host, sizeof host);
	put_u64(sb, mi->boot_ts);
	put_u64(sb, 0); /* flags */
	put_u64(sb, 0); /* reserved */
	put_u64(sb, 0); /* reserved */
	scap_block_close(sb, b);
}

/* ---- list entries ------------------------------------------------------- */

void scap_put_pl_entry(struct strbuf *sb, const struct proc_info *pi)
{
	size_t start = sb->len;
	put_u32(sb, 0); /* entry length, itself included */
	put_i64(sb, pi->tid);
	put_i64(sb, pi->pid);
	put_i64(sb, pi->ptid);
	put_i64(sb, pi->sid);
	put_i64(sb, pi->vpgid);
	put_str16(sb, pi->comm, SCAP_NAME_MAX);
	put_str16(sb, pi->exe, SCAP_NAME_MAX);
	put_str16(sb, pi->exepath, SCAP_NAME_MAX);
	put_list16(sb, pi->args, SCAP_LIST_MAX);
	put_str16(sb, pi->cwd, SCAP_NAME_MAX);
	put_u64(sb, pi->fdlimit);
	put_u32(sb, pi->flags);
	put_u32(sb, pi->uid);
	put_u32(sb, pi->gid);
	put_u32(sb, pi->vmsize_kb);
	put_u32(sb, pi->vmrss_kb);
	put_u32(sb, pi->vmswap_kb);
	put_u64(sb, pi->pfmajor);
	put_u64(sb, pi->pfminor);
	put_list16(sb, pi->env, SCAP_LIST_MAX);
	put_i64(sb, pi->vtid);
	put_i64(sb, pi->vpid);
	put_list16(sb, pi->cgroups, SCAP_LIST_MAX);
	put_str16(sb, pi->root, SCAP_NAME_MAX);
	/* The 5-byte tail sysdig 0.29.3 writes; newer readers take it too
	 * (they tell it from their own longer tail by its size). */
	put_u32(sb, pi->loginuid);
	put_u8(sb, pi->exe_writable);
	patch_u32(sb, start, (uint32_t)(sb->len - start));
}

void scap_put_fdl_tid(struct strbuf *sb, int64_t tid) { put_i64(sb, tid); }

/* The payload layout of each fd type (scap-format.md §1.11). */
enum fd_payload { FP_NONE, FP_NAME, FP_V4_TUPLE, FP_V6_TUPLE, FP_V4_SERVER, FP_V6_SERVER,
		  FP_UNIX, FP_FILE_V2 };

static const uint8_t fd_payloads[SCAP_FD_TYPE_MAX] = {
	[SCAP_FD_FILE] = FP_NAME, [SCAP_FD_DIRECTORY] = FP_NAME,
	[SCAP_FD_IPV4_SOCK] = FP_V4_TUPLE, [SCAP_FD_IPV6_SOCK] = FP_V6_TUPLE,
	[SCAP_FD_IPV4_SERVSOCK] = FP_V4_SERVER, [SCAP_FD_IPV6_SERVSOCK] = FP_V6_SERVER,
	[SCAP_FD_FIFO] = FP_NAME, [SCAP_FD_UNIX_SOCK] = FP_UNIX, [SCAP_FD_EVENT] = FP_NAME,
	[SCAP_FD_UNSUPPORTED] = FP_NAME, [SCAP_FD_SIGNALFD] = FP_NAME,
	[SCAP_FD_EVENTPOLL] = FP_NAME, [SCAP_FD_INOTIFY] = FP_NAME, [SCAP_FD_TIMERFD] = FP_NAME,
	[SCAP_FD_NETLINK] = FP_NAME, [SCAP_FD_FILE_V2] = FP_FILE_V2,
	/* UNKNOWN is never stored; BPF and later types stop sysdig 0.29.3
	 * ("wrong fd type"): FP_NONE, not written. */
};

bool scap_fd_type_writable(uint8_t type)
{
	return type < SCAP_FD_TYPE_MAX && fd_payloads[type] != FP_NONE;
}

bool scap_put_fdl_entry(struct strbuf *sb, const struct fd_info *fi)
{
	uint8_t layout = fi->type < SCAP_FD_TYPE_MAX ? fd_payloads[fi->type] : FP_NONE;
	if (layout == FP_NONE)
		return false;
	size_t start = sb->len;
	put_u32(sb, 0); /* entry length, itself included */
	put_i64(sb, fi->fd);
	put_u64(sb, fi->ino);
	put_u8(sb, fi->type);
	switch (layout) {
	case FP_V4_TUPLE:
	case FP_V6_TUPLE: {
		unsigned alen = layout == FP_V4_TUPLE ? 4 : 16;
		sb_append(sb, fi->sip, alen);
		sb_append(sb, fi->dip, alen);
		put_u16(sb, fi->sport);
		put_u16(sb, fi->dport);
		put_u8(sb, fi->l4proto);
		break;
	}
	case FP_V4_SERVER:
	case FP_V6_SERVER:
		sb_append(sb, fi->sip, layout == FP_V4_SERVER ? 4 : 16);
		put_u16(sb, fi->sport);
		put_u8(sb, fi->l4proto);
		break;
	case FP_UNIX:
		put_u64(sb, fi->unix_src);
		put_u64(sb, fi->unix_dst);
		put_str16(sb, fi->name, SCAP_NAME_MAX - 1);
		break;
	case FP_FILE_V2:
		put_u32(sb, fi->open_flags);
		put_str16(sb, fi->name, SCAP_NAME_MAX - 1);
		put_u32(sb, fi->dev);
		break;
	default:
		put_str16(sb, fi->name, SCAP_NAME_MAX - 1);
		break;
	}
	patch_u32(sb, start, (uint32_t)(sb->len - start));
	return true;
}

void scap_put_user_entry(struct strbuf *sb, const struct user_info *ui)
{
	size_t start = sb->len;
	put_u32(sb, 0);
	put_u8(sb, 0);
	put_u32(sb, ui->uid);
	put_u32(sb, ui->gid);
	put_str16(sb, ui->name, SCAP_USER_STR_MAX);
	put_str16(sb, ui->home, SCAP_USER_STR_MAX);
	put_str16(sb, ui->shell, SCAP_USER_STR_MAX);
	patch_u32(sb, start, (uint32_t)(sb->len - start));
}

void scap_put_group_entry(struct strbuf *sb, const struct group_info *gi)
{
	size_t start = sb->len;
	put_u32(sb, 0);
	put_u8(sb, 1);
	put_u32(sb, gi->gid);
	put_str16(sb, gi->name, SCAP_USER_STR_MAX);
	patch_u32(sb, start, (uint32_t)(sb->len - start));
}

bool scap_put_iface_entry(struct strbuf *sb, const struct iface_info *ii)
{
	if (ii->type < 1 || ii->type > 4)
		return false;
	unsigned alen = ii->type == 1 || ii->type == 3 ? 4 : 16;
	bool speed = ii->type == 1 || ii->type == 2;
	uint32_t namelen = ii->name.len < SCAP_NAME_MAX - 1 ? ii->name.len : SCAP_NAME_MAX - 1;
	/* Unlike the other lists, this length leaves itself out. */
	put_u32(sb, 2 + 2 + 3 * alen + (speed ? 8 : 0) + namelen);
	put_u16(sb, ii->type);
	put_u16(sb, (uint16_t)namelen);
	sb_append(sb, ii->addr, alen);
	sb_append(sb, ii->netmask, alen);
	sb_append(sb, ii->bcast, alen);
	if (speed)
		put_u64(sb, 0); /* link speed: not known, not used by readers */
	sb_append(sb, ii->name.ptr, namelen);
	return true;
}

/* ---- events --------------------------------------------------------------- */

bool scap_put_event(struct strbuf *sb, const struct event *ev)
{
	if (ev->type >= SCAP_OLD_EVENT_MAX || !ev->record)
		return false;
	bool flagged = ev->dump_flags != 0;
	size_t head = flagged ? 6 : 2;
	size_t rec_len = ev->v1_header ? (size_t)ev->record_len + 4 : ev->record_len;
	size_t body = head + rec_len;
	/* Readers hold a non-LARGE block (without its 8-byte header) in a
	 * 64 KiB buffer. */
	bool large = ((body + 3) & ~(size_t)3) + 4 > EV_BLOCK_MAX;
	uint32_t type = flagged ? (large ? BT_EVF_V2_LARGE : BT_EVF_V2)
				: (large ? BT_EV_V2_LARGE : BT_EV_V2);
	size_t b = scap_block_open(sb, type);
	put_u16(sb, (uint16_t)ev->cpu);
	if (flagged)
		put_u32(sb, ev->dump_flags);
	if (ev->v1_header) {
		/* ts, tid, len (now with the 4 bytes of nparams), type, then
		 * nparams and the lengths and values as they were. */
		sb_append(sb, ev->record, 16);
		put_u32(sb, (uint32_t)rec_len);
		sb_append(sb, ev->record + 20, 2);
		put_u32(sb, ev->nparams);
		sb_append(sb, ev->record + SCAP_EVT_HDR_V1_LEN,
			  ev->record_len - SCAP_EVT_HDR_V1_LEN);
	} else {
		sb_append(sb, ev->record, ev->record_len);
	}
	scap_block_close(sb, b);
	return true;
}
