/* The floor for bench/overhead.sh: a BPF program on tp_btf/sys_exit that
 * does nothing.  Whatever a real tracer adds on top of this is its own cost;
 * this much every sys_exit tracer pays for being attached at all. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

SEC("tp_btf/sys_exit")
int empty_sys_exit(void *ctx)
{
	(void)ctx;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
