/* A second reference for bench/overhead.sh: a BPF program on tp_btf/sys_exit
 * that only reads the clock a trace needs for each event (the boot-time
 * clock syscope reads) and keeps it in a per-CPU slot.  Any tracer that
 * timestamps its events pays at least this; what syscope adds beyond it is
 * the record itself and the filter. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_ts SEC(".maps");

SEC("tp_btf/sys_exit")
int clock_sys_exit(void *ctx)
{
	(void)ctx;
	__u32 zero = 0;
	__u64 *slot = bpf_map_lookup_elem(&last_ts, &zero);
	if (slot)
		*slot = bpf_ktime_get_boot_ns();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
