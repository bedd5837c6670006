/* See options_compat.h. */
#include <stdio.h>

#include "options_compat.h"

static const struct {
	int code;
	const char *name; /* as the user may have typed it */
	const char *why;
} refused[] = {
	{ 'k', "-k/--k8s-api", "Kubernetes metadata is not supported: syscope does not "
			       "query the Kubernetes API" },
	{ 'K', "-K/--k8s-api-cert", "Kubernetes metadata is not supported: syscope does not "
				    "query the Kubernetes API" },
	{ OPT_NODE_NAME, "--node-name", "Kubernetes metadata is not supported: syscope does "
					"not query the Kubernetes API" },
	{ 'm', "-m/--mesos-api", "Mesos and Marathon metadata are not supported" },
	{ OPT_CRI, "--cri", "syscope does not query container runtimes over CRI" },
	{ OPT_CRI_TIMEOUT, "--cri-timeout", "syscope does not query container runtimes over CRI" },
	{ 'H', "-H/--plugin", "plugins are not supported: syscope captures and reads system "
			      "calls only (live, or from scap files)" },
	{ 'I', "-I/--input", "plugins are not supported: syscope captures and reads system "
			     "calls only (live, or from scap files)" },
	{ OPT_PLUGIN_CONFIG_FILE, "--plugin-config-file", "plugins are not supported" },
	{ OPT_PLUGIN_INFO, "--plugin-info", "plugins are not supported" },
	{ 'u', "-u/--udig", "user-space capture (udig) is not supported: syscope captures "
			    "through its eBPF driver or kernel module" },
	{ 'g', "-g/--gvisor-config", "gVisor sandboxes are not supported" },
	{ OPT_GVISOR_ROOT, "--gvisor-root", "gVisor sandboxes are not supported" },
	{ OPT_GVISOR_GENERATE, "--gvisor-generate-config", "gVisor sandboxes are not supported" },
	{ OPT_CPUS_PER_BUFFER, "--cpus-for-each-buffer", "syscope keeps one ring buffer per "
							 "CPU; set its size with --buffer-size" },
	{ OPT_LOG_LEVEL, "--log-level", "syscope writes only errors and, with -v, "
					"statistics to stderr" },
};

bool options_compat_has(int c)
{
	if (c == 'B' || c == OPT_MODERN_BPF)
		return true;
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (refused[i].code == c)
			return true;
	return false;
}

bool options_compat_arg(struct options *o, int c, const char *arg)
{
	if (c == OPT_MODERN_BPF || (c == 'B' && !arg)) {
		/* syscope's eBPF driver is CO-RE and built in: what both ask for */
		o->driver = DRIVER_BPF;
		return true;
	}
	if (c == 'B') {
		fprintf(stderr, "syscope: -B %s: the eBPF driver is built into syscope and loads "
				"no probe file; -B alone (or --driver bpf, the default) selects it\n",
			arg);
		return false;
	}
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (refused[i].code == c) {
			fprintf(stderr, "syscope: %s: %s\n", refused[i].name, refused[i].why);
			return false;
		}
	return false;
}
