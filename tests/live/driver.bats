#!/usr/bin/env bats
# The eBPF driver's load on this kernel: every program verifies well under
# the verifier's limit in every mode (tests/live/verifier_margin.sh, which
# the qemu guests run too), and --driver-info and -v report the figures.

load live_helpers

setup() {
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || skip "$why"
}

@test "every program verifies in at most 200000 instructions, in every mode" {
	run sh "$BATS_TEST_DIRNAME/verifier_margin.sh" "$SYSCOPE"
	# The figures of this kernel, in the test log.
	sed "s/\$/ (Linux $(uname -r))/; s/^/# /" <<<"$output" >&3
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(grep -c '^margin .* scope_sys_exit ' <<<"$output")" -eq 7 ]
	[ "$(grep -c '^margin .* scope_sys_enter ' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^margin faults-tracers scope_page_fault_\(user\|kernel\) ' <<<"$output")" -eq 2 ]
}

@test "--driver-info names the kernel and each program, loaded or not" {
	run "$SYSCOPE" --driver-info
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "kernel         Linux $(uname -r) $(uname -m)" ]]
	grep -Eq '^scope_sys_exit +tp_btf/sys_exit +[0-9]+ +[0-9.]+% +[0-9]+ +[0-9]+$' <<<"$output"
	grep -Eq '^scope_sys_enter +tp_btf/sys_enter .* not loaded with these options$' <<<"$output"
	grep -Eq '^scope_proc_exit +tp_btf/sched_process_exit +[0-9]+ ' <<<"$output"
	grep -q '^kernel filter  none$' <<<"$output"
	run "$SYSCOPE" --driver-info --enter-events -s 300 proc.name=cat
	[ "$status" -eq 0 ]
	grep -q '^settings       snaplen 300, enter and exit events$' <<<"$output"
	grep -q '^kernel filter  names cat$' <<<"$output"
	grep -Eq '^scope_sys_enter +tp_btf/sys_enter +[0-9]+ ' <<<"$output"
	run "$SYSCOPE" --driver-info 'evt.type=read and proc.name in (cat, nginx) and user.uid=0'
	[ "$status" -eq 0 ]
	grep -Eq '^kernel filter  [0-9]+ syscalls; names cat,nginx; uids 0$' <<<"$output"
}

@test "-v at the start of a capture prints each loaded program's figures" {
	start_activity
	run timeout 60 "$SYSCOPE" -v -n 3
	stop_activity
	[ "$status" -eq 0 ]
	grep -Eq "^syscope: bpf: scope_sys_exit verified in [0-9]+ instructions \([0-9.]+% of the verifier's limit\) on Linux $(uname -r) " <<<"$output"
	grep -q '^syscope: bpf: scope_proc_exit verified in ' <<<"$output"
	! grep -q 'scope_sys_enter' <<<"$output"
}
