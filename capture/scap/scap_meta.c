/* Metadata block parsers.  List-style bodies are read entry by entry while
 * at least 4 bytes remain; what is left is the block's padding. */
#include <string.h>

#include "byte_cursor.h"
#include "scap_blocks.h"
#include "scap_meta.h"

#define NAME_MAX_LEN 1024
#define LIST_MAX_LEN 4096

int meta_parse_mi(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why)
{
	(void)btype;
	struct cursor c = cursor_make(body, len);
	struct machine_info mi;
	memset(&mi, 0, sizeof mi);
	mi.num_cpus = cursor_u32(&c);
	mi.memory_bytes = cursor_u64(&c);
	mi.max_pid = cursor_u64(&c);
	cursor_bytes(&c, mi.hostname, 128);
	mi.hostname[128] = '\0';
	mi.boot_ts = cursor_u64(&c);
	if (c.bad || len < MI_BODY_LEN) {
		*why = "machine info block too short";
		return -1;
	}
	if (sink->machine)
		sink->machine(sink->ctx, &mi);
	return 0;
}

/* Process list versions, as the first version that has each field. */
static int pl_version(uint32_t btype)
{
	switch (btype) {
	case BT_PL_V1: case BT_PL_V1_INT: return 1;
	case BT_PL_V2: case BT_PL_V2_INT: return 2;
	case BT_PL_V3: case BT_PL_V3_INT: return 3;
	case BT_PL_V4: return 4;
	case BT_PL_V5: return 5;
	case BT_PL_V6: return 6;
	case BT_PL_V7: return 7;
	case BT_PL_V8: return 8;
	default: return 9;
	}
}

/* The V9 tail: sysdig 0.29.3 writes loginuid + exe_writable (5 bytes, up
 * to 29 with capabilities); newer libs write a longer layout that starts
 * with pidns_init_start_ts and tty.  Newer libs tell them apart by size. */
static void pl_read_tail(struct cursor *c, struct proc_info *pi)
{
	size_t left = cursor_left(c);
	if (left > 29) {
		cursor_skip(c, 8 + 4);
		pi->loginuid = cursor_u32(c);
		pi->exe_writable = cursor_u8(c);
		return;
	}
	if (left >= 4)
		pi->loginuid = cursor_u32(c);
	if (left >= 5)
		pi->exe_writable = cursor_u8(c);
}

static void pl_read_entry(struct cursor *c, int v, struct proc_info *pi)
{
	memset(pi, 0, sizeof *pi);
	pi->loginuid = UINT32_MAX;
	pi->tid = (int64_t)cursor_u64(c);
	pi->pid = (int64_t)cursor_u64(c);
	pi->ptid = (int64_t)cursor_u64(c);
	/* Older lists lack these; -1 is "unknown", as sysdig has it. */
	pi->sid = pi->vpgid = -1;
	if (v >= 6)
		pi->sid = (int64_t)cursor_u64(c);
	if (v >= 8)
		pi->vpgid = (int64_t)cursor_u64(c);
	pi->comm = cursor_str16(c, NAME_MAX_LEN);
	pi->exe = cursor_str16(c, NAME_MAX_LEN);
	if (v >= 7)
		pi->exepath = cursor_str16(c, NAME_MAX_LEN);
	pi->args = cursor_str16(c, LIST_MAX_LEN);
	pi->cwd = cursor_str16(c, NAME_MAX_LEN);
	pi->fdlimit = cursor_u64(c);
	pi->flags = cursor_u32(c);
	pi->uid = cursor_u32(c);
	pi->gid = cursor_u32(c);
	if (v >= 2) {
		pi->vmsize_kb = cursor_u32(c);
		pi->vmrss_kb = cursor_u32(c);
		pi->vmswap_kb = cursor_u32(c);
		pi->pfmajor = cursor_u64(c);
		pi->pfminor = cursor_u64(c);
	}
	if (v >= 3)
		pi->env = cursor_str16(c, LIST_MAX_LEN);
	pi->vtid = pi->tid;
	pi->vpid = pi->pid;
	if (v >= 4) {
		pi->vtid = (int64_t)cursor_u64(c);
		pi->vpid = (int64_t)cursor_u64(c);
		pi->cgroups = cursor_str16(c, LIST_MAX_LEN);
	}
	if (v >= 5)
		pi->root = cursor_str16(c, NAME_MAX_LEN);
}

int meta_parse_pl(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why)
{
	int v = pl_version(btype);
	struct cursor c = cursor_make(body, len);
	while (cursor_left(&c) >= 4) {
		struct proc_info pi;
		struct cursor entry = c;
		if (v == 9) {
			uint32_t elen = cursor_u32(&c);
			if (elen < 4 || elen > cursor_left(&c) + 4) {
				*why = "process list entry length out of range";
				return -1;
			}
			entry = cursor_make(c.p, elen - 4);
			c.p += elen - 4;
		}
		pl_read_entry(&entry, v, &pi);
		if (v == 9 && !entry.bad)
			pl_read_tail(&entry, &pi);
		if (entry.bad) {
			*why = "process list entry truncated or malformed";
			return -1;
		}
		if (v != 9)
			c.p = entry.p;
		if (sink->thread)
			sink->thread(sink->ctx, &pi);
	}
	return 0;
}

/* The payload of one fd entry after its fd, ino and type. */
static void fdl_read_payload(struct cursor *c, struct fd_info *fi, bool has_len)
{
	switch (fi->type) {
	case SCAP_FD_IPV4_SOCK:
		cursor_bytes(c, fi->sip, 4);
		cursor_bytes(c, fi->dip, 4);
		fi->sport = cursor_u16(c);
		fi->dport = cursor_u16(c);
		fi->l4proto = cursor_u8(c);
		break;
	case SCAP_FD_IPV6_SOCK:
		cursor_bytes(c, fi->sip, 16);
		cursor_bytes(c, fi->dip, 16);
		fi->sport = cursor_u16(c);
		fi->dport = cursor_u16(c);
		fi->l4proto = cursor_u8(c);
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		cursor_bytes(c, fi->sip, 4);
		fi->sport = cursor_u16(c);
		fi->l4proto = cursor_u8(c);
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		cursor_bytes(c, fi->sip, 16);
		fi->sport = cursor_u16(c);
		fi->l4proto = cursor_u8(c);
		break;
	case SCAP_FD_UNIX_SOCK:
		fi->unix_src = cursor_u64(c);
		fi->unix_dst = cursor_u64(c);
		fi->name = cursor_str16(c, NAME_MAX_LEN);
		break;
	case SCAP_FD_FILE_V2:
		fi->open_flags = cursor_u32(c);
		fi->name = cursor_str16(c, NAME_MAX_LEN);
		if (has_len && cursor_left(c) >= 4)
			fi->dev = cursor_u32(c);
		break;
	case SCAP_FD_UNKNOWN:
		break;
	default:
		/* FILE, DIRECTORY, FIFO, EVENT, …: a name.  Newer fd types
		 * (BPF, MEMFD, PIDFD, …) use the same layout. */
		fi->name = cursor_str16(c, NAME_MAX_LEN);
		break;
	}
}

int meta_parse_fdl(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		   const char **why)
{
	bool v2 = btype == BT_FDL_V2;
	struct cursor c = cursor_make(body, len);
	int64_t tid = (int64_t)cursor_u64(&c);
	if (c.bad) {
		*why = "fd list block too short";
		return -1;
	}
	while (cursor_left(&c) >= 4) {
		struct fd_info fi;
		memset(&fi, 0, sizeof fi);
		struct cursor entry = c;
		if (v2) {
			uint32_t elen = cursor_u32(&c);
			if (elen < 4 || elen > cursor_left(&c) + 4) {
				*why = "fd list entry length out of range";
				return -1;
			}
			entry = cursor_make(c.p, elen - 4);
			c.p += elen - 4;
		}
		fi.fd = (int64_t)cursor_u64(&entry);
		fi.ino = cursor_u64(&entry);
		fi.type = cursor_u8(&entry);
		if (!entry.bad && fi.type >= SCAP_FD_TYPE_MAX) {
			*why = "fd list entry of an unknown fd type";
			return -1;
		}
		fdl_read_payload(&entry, &fi, v2);
		if (entry.bad) {
			*why = "fd list entry truncated or malformed";
			return -1;
		}
		if (!v2)
			c.p = entry.p;
		if (sink->fd)
			sink->fd(sink->ctx, tid, &fi);
	}
	return 0;
}

int meta_parse_ul(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why)
{
	bool v2 = btype == BT_UL_V2;
	struct cursor c = cursor_make(body, len);
	while (cursor_left(&c) >= 4) {
		struct cursor entry = c;
		if (v2) {
			uint32_t elen = cursor_u32(&c);
			if (elen < 4 || elen > cursor_left(&c) + 4) {
				*why = "user list entry length out of range";
				return -1;
			}
			entry = cursor_make(c.p, elen - 4);
			c.p += elen - 4;
		}
		uint8_t type = cursor_u8(&entry);
		if (type == 0) {
			struct user_info ui;
			ui.uid = cursor_u32(&entry);
			ui.gid = cursor_u32(&entry);
			ui.name = cursor_str16(&entry, 256);
			ui.home = cursor_str16(&entry, 256);
			ui.shell = cursor_str16(&entry, 256);
			if (!entry.bad && sink->user)
				sink->user(sink->ctx, &ui);
		} else if (type == 1) {
			struct group_info gi;
			gi.gid = cursor_u32(&entry);
			gi.name = cursor_str16(&entry, 256);
			if (!entry.bad && sink->group)
				sink->group(sink->ctx, &gi);
		} else {
			*why = "user list entry of an unknown type";
			return -1;
		}
		if (entry.bad) {
			*why = "user list entry truncated or malformed";
			return -1;
		}
		if (!v2)
			c.p = entry.p;
	}
	return 0;
}

int meta_parse_il(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why)
{
	bool v2 = btype == BT_IL_V2;
	struct cursor c = cursor_make(body, len);
	while (cursor_left(&c) >= 4) {
		struct cursor entry = c;
		if (v2) {
			/* Unlike the other lists, this length excludes itself. */
			uint32_t elen = cursor_u32(&c);
			if (elen > cursor_left(&c)) {
				*why = "interface list entry length out of range";
				return -1;
			}
			entry = cursor_make(c.p, elen);
			c.p += elen;
		}
		struct iface_info ii;
		memset(&ii, 0, sizeof ii);
		ii.type = cursor_u16(&entry);
		uint16_t namelen = cursor_u16(&entry);
		size_t alen = (ii.type == 1 || ii.type == 3) ? 4 : (ii.type == 2 || ii.type == 4) ? 16 : 0;
		if (!alen || namelen >= 1024) {
			*why = "interface list entry malformed";
			return -1;
		}
		cursor_bytes(&entry, ii.addr, alen);
		cursor_bytes(&entry, ii.netmask, alen);
		cursor_bytes(&entry, ii.bcast, alen);
		if (ii.type == 1 || ii.type == 2)
			cursor_skip(&entry, 8); /* link speed */
		if (!entry.bad && cursor_left(&entry) >= namelen) {
			ii.name.ptr = (const char *)entry.p;
			ii.name.len = namelen;
			entry.p += namelen;
		} else {
			entry.bad = true;
		}
		if (entry.bad) {
			*why = "interface list entry truncated";
			return -1;
		}
		if (!v2)
			c.p = entry.p;
		if (sink->iface)
			sink->iface(sink->ctx, &ii);
	}
	return 0;
}
