/* The kernel-module driver's engine (kmod/): live events from /dev/syscope0,
 * with the same configuration and behaviour as the eBPF engine. */
#ifndef SYSCOPE_ENGINE_KMOD_H
#define SYSCOPE_ENGINE_KMOD_H

#include <stddef.h>

#include "engine.h"

/* Open /dev/syscope0 (loading syscope.ko first when the device is absent:
 * $SYSCOPE_KMOD, then beside the syscope binary, then the running kernel's
 * extra/ and updates/ module directories), apply cfg (snaplen, ring size,
 * enter events, the pushdown plan), map the rings, start the capture, and
 * scan /proc into sink.  NULL with one line in err on failure. */
struct engine *engine_kmod_open(const struct live_config *cfg, const struct scap_sink *sink,
				char *err, size_t errlen);

#endif
