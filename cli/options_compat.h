/* sysdig options that syscope answers with a sentence instead of "unknown
 * option": Kubernetes, Mesos, CRI, plugins, gVisor, udig, probe files.
 * Each says what syscope does instead, or that it has no such thing, and
 * the run stops with status 1. */
#ifndef SYSCOPE_OPTIONS_COMPAT_H
#define SYSCOPE_OPTIONS_COMPAT_H

#include <stdbool.h>

#include "options.h"

/* Long options of this group without a letter. */
enum {
	OPT_NODE_NAME = 600, OPT_CRI, OPT_CRI_TIMEOUT, OPT_PLUGIN_CONFIG_FILE, OPT_PLUGIN_INFO,
	OPT_GVISOR_CONFIG, OPT_GVISOR_ROOT, OPT_GVISOR_GENERATE, OPT_CPUS_PER_BUFFER,
	OPT_LOG_LEVEL, OPT_MODERN_BPF,
};

/* Whether c is one of this group's options. */
bool options_compat_has(int c);

/* Take one: -B without a probe and --modern-bpf choose the eBPF driver
 * (true); every other one prints its sentence and returns false. */
bool options_compat_arg(struct options *o, int c, const char *arg);

#endif
