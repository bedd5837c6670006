/* Turning a scap event record into a struct event: header fields and a
 * pointer/length per parameter, every length checked against the record. */
#include <string.h>

#include "event.h"

static unsigned len_width(uint16_t type)
{
	const struct event_info *info = event_info_of(type);
	return info && (info->flags & EF_LARGE_PAYLOAD) ? 4 : 2;
}

/* Fill the parameter table from the lengths array at `lens` (nparams entries
 * of `width` bytes) followed by the values, all within [lens, end). */
static int map_params(struct event *ev, const uint8_t *lens, const uint8_t *end,
		      uint32_t nparams, unsigned width, const char **why)
{
	uint64_t lens_size = (uint64_t)nparams * width;
	if (lens_size > (uint64_t)(end - lens)) {
		*why = "parameter count larger than the event";
		return -1;
	}
	const uint8_t *val = lens + lens_size;
	ev->nparams = nparams < EVENT_MAX_PARAMS ? nparams : EVENT_MAX_PARAMS;
	for (uint32_t i = 0; i < nparams; i++) {
		uint32_t l = (uint32_t)le_read(lens + (size_t)i * width, width, width);
		if (l > (uint64_t)(end - val)) {
			*why = "parameter longer than the event";
			return -1;
		}
		if (i < EVENT_MAX_PARAMS) {
			ev->param[i] = val;
			ev->param_len[i] = l;
		}
		val += l;
	}
	return 0;
}

static void fill_header(struct event *ev, const uint8_t *rec, size_t len)
{
	ev->ts = le_read(rec, 8, 8);
	ev->tid = (int64_t)le_read(rec + 8, 8, 8);
	ev->type = (uint16_t)le_read(rec + 20, 2, 2);
	ev->info = event_info_of(ev->type);
	ev->record = rec;
	ev->record_len = (uint32_t)len;
	ev->nparams = 0;
	ev->v1_header = false;
	ev->skimmed = false;
}

int event_parse(struct event *ev, const uint8_t *rec, size_t len, const char **why)
{
	if (len < SCAP_EVT_HDR_LEN) {
		*why = "event shorter than its header";
		return -1;
	}
	uint32_t evlen = (uint32_t)le_read(rec + 16, 4, 4);
	if (evlen < SCAP_EVT_HDR_LEN || evlen > len) {
		*why = "event length field out of range";
		return -1;
	}
	fill_header(ev, rec, evlen);
	uint32_t nparams = (uint32_t)le_read(rec + 22, 4, 4);
	return map_params(ev, rec + SCAP_EVT_HDR_LEN, rec + evlen, nparams,
			  len_width(ev->type), why);
}

/* v1 records carry no parameter count: the right one is the largest count,
 * not above the table's, whose lengths add up exactly to the record. */
int event_parse_v1(struct event *ev, const uint8_t *rec, size_t len, const char **why)
{
	if (len < SCAP_EVT_HDR_V1_LEN) {
		*why = "event shorter than its header";
		return -1;
	}
	uint32_t evlen = (uint32_t)le_read(rec + 16, 4, 4);
	if (evlen < SCAP_EVT_HDR_V1_LEN || evlen > len) {
		*why = "event length field out of range";
		return -1;
	}
	fill_header(ev, rec, evlen);
	ev->v1_header = true;
	if (!ev->info) {
		*why = "event type unknown";
		return -1;
	}
	unsigned width = len_width(ev->type);
	const uint8_t *lens = rec + SCAP_EVT_HDR_V1_LEN;
	uint64_t body = evlen - SCAP_EVT_HDR_V1_LEN;
	int max = ev->info->nparams;
	/* Nearly always every parameter of the table is there: map them in one
	 * pass and keep the result if the lengths add up. */
	if ((uint64_t)max * width <= body) {
		const uint8_t *val = lens + (size_t)max * width;
		uint64_t total = (uint64_t)max * width;
		/* Two-byte lengths (all but the large-payload events) read
		 * with a fixed width, so the loop has no switch in it. */
		for (int i = 0; i < max; i++) {
			uint32_t l = width == 2 ? (uint32_t)le_read(lens + 2 * (size_t)i, 2, 2)
						: (uint32_t)le_read(lens + 4 * (size_t)i, 4, 4);
			ev->param[i] = val;
			ev->param_len[i] = l;
			val += l;
			total += l;
		}
		if (total == body) {
			ev->nparams = (uint32_t)max;
			return 0;
		}
	}
	/* sum[n]: bytes of the first n values, read as far as the record allows. */
	uint64_t sum[EVENT_MAX_PARAMS + 1];
	sum[0] = 0;
	for (int i = 0; i < max; i++) {
		uint64_t at = (uint64_t)i * width;
		sum[i + 1] = sum[i] + (at + width <= body ? le_read(lens + at, width, width) : 0);
	}
	for (int n = max; n >= 0; n--)
		if ((uint64_t)n * width + sum[n] == body)
			return map_params(ev, lens, rec + evlen, (uint32_t)n, width, why);
	*why = "parameter lengths do not match the event length";
	return -1;
}

/* The sum of n lengths of `width` bytes; false if they do not fit `room`
 * after the lengths themselves. */
static bool lengths_fit(const uint8_t *lens, uint64_t n, unsigned width, uint64_t room,
			uint64_t *sum)
{
	if (n * width > room)
		return false;
	uint64_t total = n * width;
	for (uint64_t i = 0; i < n; i++)
		total += le_read(lens + i * width, width, width);
	*sum = total;
	return total <= room;
}

int event_skim(struct event *ev, const uint8_t *rec, size_t len, bool v1, const char **why)
{
	size_t hdr = v1 ? SCAP_EVT_HDR_V1_LEN : SCAP_EVT_HDR_LEN;
	if (len < hdr)
		return v1 ? event_parse_v1(ev, rec, len, why) : event_parse(ev, rec, len, why);
	uint16_t type = (uint16_t)le_read(rec + 20, 2, 2);
	const struct event_info *info = event_info_of(type);
	uint32_t evlen = (uint32_t)le_read(rec + 16, 4, 4);
	uint64_t sum;
	/* v1: the table's full count, whose lengths must add up exactly (the
	 * usual case).  Anything else takes the full parse, which searches
	 * the count or reports the damage. */
	if (evlen < hdr || evlen > len || (v1 && !info) ||
	    !lengths_fit(rec + hdr, v1 ? info->nparams : le_read(rec + 22, 4, 4), len_width(type),
			 evlen - hdr, &sum) ||
	    (v1 && sum != evlen - hdr))
		return v1 ? event_parse_v1(ev, rec, len, why) : event_parse(ev, rec, len, why);
	fill_header(ev, rec, evlen);
	ev->v1_header = v1;
	ev->skimmed = true;
	return 0;
}

int64_t event_param_int(const struct event *ev, unsigned idx)
{
	if (idx >= ev->nparams || !ev->info || idx >= ev->info->nparams_all)
		return 0;
	const uint8_t *p = ev->param[idx];
	uint32_t l = ev->param_len[idx];
	switch (ev->info->params[idx].type) {
	case PT_INT8: return (int8_t)le_read(p, l, 1);
	case PT_INT16: return (int16_t)le_read(p, l, 2);
	case PT_INT32: case PT_FD32: case PT_PID32: return (int32_t)le_read(p, l, 4);
	default: return (int64_t)event_param_uint(ev, idx);
	}
}

/* Natural widths of the fixed-size types; 0 for variable-size ones. */
static const uint8_t ptype_width[PT_MAX] = {
	[PT_INT8] = 1, [PT_INT16] = 2, [PT_INT32] = 4, [PT_INT64] = 8,
	[PT_UINT8] = 1, [PT_UINT16] = 2, [PT_UINT32] = 4, [PT_UINT64] = 8,
	[PT_ERRNO] = 8, [PT_FD] = 8, [PT_PID] = 8, [PT_SYSCALLID] = 2,
	[PT_SIGTYPE] = 1, [PT_RELTIME] = 8, [PT_ABSTIME] = 8, [PT_PORT] = 2,
	[PT_L4PROTO] = 1, [PT_SOCKFAMILY] = 1, [PT_BOOL] = 4, [PT_IPV4ADDR] = 4,
	[PT_FLAGS8] = 1, [PT_FLAGS16] = 2, [PT_FLAGS32] = 4, [PT_UID] = 4,
	[PT_GID] = 4, [PT_SIGSET] = 4, [PT_MODE] = 4, [PT_ENUMFLAGS8] = 1,
	[PT_ENUMFLAGS16] = 2, [PT_ENUMFLAGS32] = 4, [PT_FD32] = 4, [PT_PID32] = 4,
	[PT_DOUBLE] = 8,
};

uint64_t event_param_uint(const struct event *ev, unsigned idx)
{
	if (idx >= ev->nparams || !ev->info || idx >= ev->info->nparams_all)
		return 0;
	unsigned t = ev->info->params[idx].type;
	unsigned w = t < PT_MAX ? ptype_width[t] : 0;
	if (!w)
		return 0;
	return le_read(ev->param[idx], ev->param_len[idx], w);
}

int event_param_index(const struct event *ev, const char *name)
{
	if (!ev->info)
		return -1;
	for (unsigned i = 0; i < ev->info->nparams_all; i++) {
		const char *pn = ev->info->params[i].name;
		if (pn[0] == name[0] && strcmp(pn, name) == 0)
			return (int)i;
	}
	return -1;
}

const char *event_type_name(const struct event *ev)
{
	if (!ev->info)
		return "<unknown>";
	if (ev->type == EVT_GENERIC_E || ev->type == EVT_GENERIC_X) {
		const char *name = ppm_sc_name((uint16_t)event_param_uint(ev, 0));
		return name ? name : "<unknown>";
	}
	return ev->info->name;
}
