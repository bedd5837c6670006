/* One event as it flows through syscope: a view over a scap event record
 * (scap-format.md §2) that lives in a reader's or driver's buffer.  Nothing
 * is copied; the parameter pointers point into the record. */
#ifndef SYSCOPE_EVENT_H
#define SYSCOPE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event_table.h"

#define SCAP_EVT_HDR_LEN 26    /* ts, tid, len, type, nparams */
#define SCAP_EVT_HDR_V1_LEN 22 /* the same without nparams */

/* Dump flags of EVF blocks. */
#define SCAP_DF_STATE_ONLY 1u
#define SCAP_DF_TRACER 2u

struct event {
	uint64_t ts;
	int64_t tid;
	uint16_t type;
	int16_t cpu;
	uint32_t dump_flags;
	uint64_t num; /* evt.num: 1-based count of every event read */
	const struct event_info *info;
	uint32_t nparams; /* parameters present in the record (≤ EVENT_MAX_PARAMS) */
	const uint8_t *param[EVENT_MAX_PARAMS];
	uint32_t param_len[EVENT_MAX_PARAMS];
	const uint8_t *record; /* the whole record, header included */
	uint32_t record_len;
	bool v1_header;        /* record has the legacy 22-byte header */
	bool skimmed;          /* header fields only: no parameter is mapped (event_skim) */
};

/* Parse a record with the 26-byte header.  Checks every length against
 * `len`; returns 0, or -1 with a reason in *why (a static string). */
int event_parse(struct event *ev, const uint8_t *rec, size_t len, const char **why);

/* Parse a record with the legacy 22-byte header (EV/EVF v1 blocks), whose
 * parameter count is inferred from the lengths (scap-format.md §2.5). */
int event_parse_v1(struct event *ev, const uint8_t *rec, size_t len, const char **why);

/* The header fields of a record whose parameters nobody will look at:
 * the lengths are checked exactly as event_parse (v1: event_parse_v1)
 * checks them, so a damaged record fails the same way, but nothing is
 * mapped; ev->nparams is 0 and ev->skimmed is set. */
int event_skim(struct event *ev, const uint8_t *rec, size_t len, bool v1, const char **why);

/* Little-endian reads of parameter values.  Each takes the parameter's
 * length and yields 0 when it is too short, so a damaged record can never be
 * read past its end. */
static inline uint64_t le_read(const uint8_t *p, uint32_t have, uint32_t want)
{
	if (have < want)
		return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The common widths as single loads on little-endian hosts. */
	switch (want) {
	case 1: return p[0];
	case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
	case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
	case 8: { uint64_t v; memcpy(&v, p, 8); return v; }
	default: break;
	}
#endif
	uint64_t v = 0;
	for (uint32_t i = 0; i < want; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* A parameter's value as an integer of its natural width, sign-extended for
 * signed types.  Returns 0 if the parameter is absent or too short. */
int64_t event_param_int(const struct event *ev, unsigned idx);
uint64_t event_param_uint(const struct event *ev, unsigned idx);

/* The evt.type of an event: its table name, or for generic events the name
 * of the syscall in its ID parameter ("<unknown>" when it has none). */
const char *event_type_name(const struct event *ev);

/* Index of the parameter called `name` in this event's table, or -1. */
int event_param_index(const struct event *ev, const char *name);

#endif
