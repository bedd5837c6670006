#!/usr/bin/env bats
# Live options that ask the driver for more than syscalls: --page-faults
# (page_fault events from the x86 exceptions tracepoints) and -T (writes to
# /dev/null captured up to 4096 bytes whatever the snaplen).  The program
# under test is tests/live/faults.c (live_faults), which knows the faults
# and writes it makes.  The qemu guests check both options with the kernel
# module too (tests/kmod/guest-checks.sh).

load live_helpers

: "${LIVE_FAULTS:=$BATS_TEST_DIRNAME/../../build/tests/live_faults}"

setup() {
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || skip "$why"
	[[ -x $LIVE_FAULTS ]] || { echo "no $LIVE_FAULTS: build it first" >&2; return 1; }
	T=$BATS_TEST_TMPDIR
}

teardown() {
	stop_tracers pf || true
}

# '*': events without these arguments (the syscalls) are shown too.
PF_FORMAT='*%thread.tid %evt.type %evt.arg.addr %evt.arg.error'

# faults_under ARGS...: live_faults pages 8 under `syscope ARGS`; its own
# report in $T/faults.txt, the capture in $T/pf.out.
faults_under() {
	start_tracer pf "$SYSCOPE" "$@"
	"$LIVE_FAULTS" pages 8 >"$T/faults.txt"
	sleep 0.5
	stop_tracers pf
	[ "$(cat "$T/pf.status")" -eq 0 ]
}

# hex_of 0xADDR: the address as syscope prints it (upper case, no 0x).
hex_of() {
	printf '%X' "$1"
}

@test "--page-faults: a write fault on each fresh page, a read fault and a kernel-mode fault, by the thread" {
	faults_under --page-faults -p "$PF_FORMAT" proc.name=live_faults
	local tid start end read kernel page=$(getconf PAGESIZE)
	read -r _ tid _ start _ end <"$T/faults.txt"
	read="$(sed -n 's/^read //p' "$T/faults.txt")"
	# Every page of the mapping: one write to a page not present, at the
	# byte the program wrote (offset 8), by its thread.
	local i addr
	for ((i = 0; i < 8; i++)); do
		addr=$(hex_of $((start + i * page + 8)))
		grep -Eq "^$tid page_fault $addr PAGE_NOT_PRESENT\|WRITE_ACCESS\|USER_FAULT$" "$T/pf.out" ||
			{ echo "no write fault at $addr by $tid" >&2; head -n 40 "$T/pf.out" >&2; false; }
	done
	# The read-only page: a read fault.
	grep -Eq "^$tid page_fault $(hex_of "$read") PAGE_NOT_PRESENT\|READ_ACCESS\|USER_FAULT$" "$T/pf.out"
	# The page read(2) filled: the kernel's write fault (page_fault_kernel).
	kernel="$(sed -n 's/^kernel //p' "$T/faults.txt")"
	grep -Eq "^$tid page_fault $(hex_of "$kernel") PAGE_NOT_PRESENT\|WRITE_ACCESS\|SUPERVISOR_FAULT$" "$T/pf.out"
	# Nothing inside the mapping but those eight.
	local inside=0 type
	while read -r _ type addr _; do
		[[ $type == page_fault ]] || continue
		((16#$addr >= start && 16#$addr < end)) && inside=$((inside + 1))
	done <"$T/pf.out"
	[ "$inside" -eq 8 ]
}

@test "--page-faults: the default line and -j show page_fault as sysdig does" {
	faults_under --page-faults -j 'evt.type=page_fault and proc.name=live_faults'
	local tid start page=$(getconf PAGESIZE)
	read -r _ _ _ start _ <"$T/faults.txt"
	grep -Fq "\"evt.info\":\"addr=$(hex_of $((start + 8))) ip=" "$T/pf.out"
	grep -q '"evt.type":"page_fault"' "$T/pf.out"
	! grep -qv '"evt.type":"page_fault"' "$T/pf.out"
	faults_under --page-faults evt.type=page_fault and proc.name=live_faults
	read -r _ tid _ start _ <"$T/faults.txt"
	grep -Eq "^[0-9]+ [0-9:.]+ [0-9]+ live_faults \($tid\) > page_fault addr=$(hex_of $((start + page + 8))) ip=[0-9A-F]+ error=22\(PAGE_NOT_PRESENT\|WRITE_ACCESS\|USER_FAULT\) $" "$T/pf.out"
}

@test "without --page-faults there are no page_fault events and no page-fault programs" {
	faults_under -p "$PF_FORMAT" proc.name=live_faults
	local tid
	read -r _ tid _ <"$T/faults.txt"
	grep -q "^$tid mmap " "$T/pf.out" # the capture saw the program
	! grep -q page_fault "$T/pf.out"
	run "$SYSCOPE" --driver-info
	[ "$status" -eq 0 ]
	grep -Eq '^scope_page_fault_user +tp_btf/page_fault_user .* not loaded with these options$' <<<"$output"
	grep -Eq '^scope_page_fault_kernel +tp_btf/page_fault_kernel .* not loaded with these options$' <<<"$output"
}

@test "--page-faults with a filter only on syscalls loads no page-fault program; one naming page_fault does" {
	run "$SYSCOPE" --driver-info --page-faults 'evt.type in (open, read)'
	[ "$status" -eq 0 ]
	grep -Eq '^scope_page_fault_user +tp_btf/page_fault_user .* not loaded with these options$' <<<"$output"
	run "$SYSCOPE" --driver-info --page-faults evt.type=page_fault
	[ "$status" -eq 0 ]
	grep -q '^settings       snaplen 80, exit events, page faults$' <<<"$output"
	grep -Eq '^scope_page_fault_user +tp_btf/page_fault_user +[0-9]+ ' <<<"$output"
	grep -Eq '^scope_page_fault_kernel +tp_btf/page_fault_kernel +[0-9]+ ' <<<"$output"
	# And the capture of a filter naming only syscalls has no faults.
	faults_under --page-faults -p "$PF_FORMAT" 'proc.name=live_faults and evt.type in (mmap, write)'
	grep -q ' mmap ' "$T/pf.out"
	! grep -q page_fault "$T/pf.out"
}

# tracers ARGS...: live_faults devnull under `syscope ARGS`; prints one line
# per write: type, fd name, bytes of data captured.
tracers() {
	start_tracer pf "$SYSCOPE" -b -p '%evt.type %fd.name %evt.arg.data' "$@" \
		'proc.name=live_faults and evt.type in (write, pwrite, writev)'
	"$LIVE_FAULTS" devnull "$T/file"
	sleep 0.5
	stop_tracers pf
	[ "$(cat "$T/pf.status")" -eq 0 ]
	while read -r type name data; do
		echo "$type $name $(base64 -d <<<"$data" | wc -c)"
	done <"$T/pf.out"
}

@test "-T: writes to /dev/null keep their 3000 bytes; a regular file's write is cut at the snaplen" {
	run tracers -T
	[ "$status" -eq 0 ]
	[ "$output" = "write /dev/null 3000
pwrite /dev/null 3000
writev /dev/null 3000
write $T/file 80" ]
	run tracers --force-tracers-capture -s 20
	[ "$status" -eq 0 ]
	[ "$output" = "write /dev/null 3000
pwrite /dev/null 3000
writev /dev/null 3000
write $T/file 20" ]
}

@test "without -T writes to /dev/null are cut at the snaplen like any other" {
	run tracers
	[ "$status" -eq 0 ]
	[ "$output" = "write /dev/null 80
pwrite /dev/null 80
writev /dev/null 80
write $T/file 80" ]
	# A snaplen above 4096 is not lowered by -T.
	run tracers -T -s 5000
	[ "$status" -eq 0 ]
	[ "$output" = "write /dev/null 3000
pwrite /dev/null 3000
writev /dev/null 3000
write $T/file 3000" ]
}
