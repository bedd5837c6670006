/* Encoding of scap blocks into a byte buffer (scap-format.md §1, §8.1):
 * the writing side of scap_meta.c and scap_reader.c.  Every function
 * appends whole, padded blocks or whole list entries, little-endian, so
 * what a buffer holds between calls is always complete. */
#ifndef SYSCOPE_SCAP_ENCODE_H
#define SYSCOPE_SCAP_ENCODE_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "proc_info.h"
#include "strbuf.h"

/* The first event id sysdig 0.29.3 does not know: such events are never
 * written (scap-format.md §1.6 rule 6, §8.1). */
#define SCAP_OLD_EVENT_MAX 336

/* Longest strings the readers take in list entries (§1.10, §1.11). */
#define SCAP_NAME_MAX 1024
#define SCAP_LIST_MAX 4096
#define SCAP_USER_STR_MAX 255

/* A block is opened, given its body, then closed: closing pads the body
 * and writes the length into the header and the trailer. */
size_t scap_block_open(struct strbuf *sb, uint32_t type);
void scap_block_close(struct strbuf *sb, size_t start);

/* Whole blocks. */
/* The section header version files are written with: the block layouts
 * of format 1.2, which sysdig 0.29.3 and Falco read.  Files of any 1.x
 * version are read. */
#define SCAP_WRITE_MAJOR 1
#define SCAP_WRITE_MINOR 2

void scap_put_shb(struct strbuf *sb);
void scap_put_mi(struct strbuf *sb, const struct machine_info *mi);

/* Entries of list blocks, appended to an open block of the matching type:
 * PL_V9, FDL_V2 (after its u64 tid, see scap_put_fdl_tid), UL_V2, IL_V2. */
void scap_put_pl_entry(struct strbuf *sb, const struct proc_info *pi);
void scap_put_fdl_tid(struct strbuf *sb, int64_t tid);
/* Whether an fd type can be written: sysdig 0.29.3 stops at fd types it
 * does not know (BPF and later), and UNKNOWN is never stored. */
bool scap_fd_type_writable(uint8_t type);
/* false (and nothing appended) for a type that is not writable. */
bool scap_put_fdl_entry(struct strbuf *sb, const struct fd_info *fi);
void scap_put_user_entry(struct strbuf *sb, const struct user_info *ui);
void scap_put_group_entry(struct strbuf *sb, const struct group_info *gi);
/* false for an interface type other than 1-4. */
bool scap_put_iface_entry(struct strbuf *sb, const struct iface_info *ii);

/* An event in an EV_V2 block (EVF_V2 when it has dump flags; the LARGE
 * variant when it does not fit 64 KiB).  The record is copied unchanged;
 * a record with the legacy 22-byte header gets the 26-byte one, with the
 * parameter count the reader inferred.  false (nothing appended) for an
 * event sysdig 0.29.3 cannot take: a type >= SCAP_OLD_EVENT_MAX. */
bool scap_put_event(struct strbuf *sb, const struct event *ev);

#endif
