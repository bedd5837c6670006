#!/usr/bin/env bats
# Live capture of a known workload (tests/live/workload.c): files, loopback
# TCP, a pipe, dup2, mmap, rename, unlink, a thread made by clone, a signal
# and a child that execs /bin/true.  One run of the workload, traced at the
# same time by strace -f and by several syscope instances (default lines,
# -p fields, a bare pid filter, -w in three compressions); each test checks
# one of their outputs against what the workload recorded it did.

load live_helpers

# The filter of the main captures: the workload, its thread and its child.
workload_filter() {
	echo "proc.pid=$WPID or proc.ppid=$WPID"
}

# The -F captures: only the workload's reads and writes, whose fds were
# opened by calls the filter rejects.
io_filter() {
	echo "proc.pid=$WPID and evt.type in (read, write)"
}

FIELDS='*%thread.tid\t%evt.dir\t%evt.type\t%fd.name\t%evt.info'
# -w files: plain (which needs --compression=none: syscope's default is
# zstd), gzip and zstd, chosen by name.
WRITE_EXTS=(scap scap.gz scap.zst)
WRITE_OPTS=(--compression=none "" "")

setup_file() {
	# bats 1.8 cannot skip from setup_file: leave the skipping to setup().
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || return 0
	export T=$BATS_FILE_TMPDIR
	export HAVE_STRACE=0 HAVE_FIELDS=0 HAVE_WRITE=0
	if command -v strace >/dev/null; then
		HAVE_STRACE=1
		start_workload strace -f -qq -o "$T/strace.log"
	else
		start_workload
	fi
	export W WPID
	local filter
	filter=$(workload_filter)
	start_tracer live "$SYSCOPE" "$filter"
	start_tracer pidonly "$SYSCOPE" "proc.pid=$WPID"
	if has_option --enter-events; then
		start_tracer enter "$SYSCOPE" --enter-events "$filter"
	fi
	if has_option -p; then
		HAVE_FIELDS=1
		start_tracer fields "$SYSCOPE" -p "$FIELDS" "$filter"
	fi
	local i
	if has_option -w; then
		HAVE_WRITE=1
		for i in "${!WRITE_EXTS[@]}"; do
			# shellcheck disable=SC2086 # an empty option is no word
			start_tracer "w$i" "$SYSCOPE" ${WRITE_OPTS[i]} -w "$T/rt.${WRITE_EXTS[i]}" "$filter"
		done
	fi
	if ((HAVE_FIELDS && HAVE_WRITE)) && has_option --fatfile; then
		filter=$(io_filter)
		start_tracer fatlive "$SYSCOPE" -p "$FIELDS" "$filter"
		start_tracer fat "$SYSCOPE" -F --compression=none -w "$T/fat.scap" "$filter"
	fi
	run_workload
	# The workload is done; give the consumers a moment to empty the rings.
	sleep 1
	stop_tracers live pidonly enter fields w0 w1 w2 fatlive fat
}

setup() {
	require_live
}

assert_tracer_ok() {
	local st
	st=$(cat "$T/$1.status")
	if [[ $st != 0 ]]; then
		echo "syscope ($1) exited with status $st; stderr:" >&2
		head -n 20 "$T/$1.err" >&2
		return 1
	fi
}

@test "live: every call of the workload appears once, in order, with its arguments" {
	assert_tracer_ok live
	check_live expected "$T/live.out" "$W/expected.tsv"
}

@test "live -p: the same calls with fd.name resolved for every fd they use" {
	((HAVE_FIELDS)) || skip "this syscope has no -p"
	assert_tracer_ok fields
	check_live expected "$T/fields.out" "$W/expected.tsv"
}

@test "live: strace -f saw no system call that syscope missed" {
	((HAVE_STRACE)) || skip "strace is not installed"
	check_live strace "$T/live.out" "$W/expected.tsv" "$T/strace.log" "$SRCDIR"
}

@test "live proc.pid=N: the workload's threads and nothing of its child" {
	assert_tracer_ok pidonly
	local child
	child=$(sed -n 's/^# child pid=//p' "$W/expected.tsv")
	[[ -n $child ]]
	awk -F'\t' -v c="$child" '$1 != c' "$W/expected.tsv" >"$T/pidonly.tsv"
	check_live expected "$T/pidonly.out" "$T/pidonly.tsv"
	if grep -E "^[0-9]+ [^ ]+ [0-9]+ .* \($child\) " "$T/pidonly.out"; then
		echo "proc.pid=$WPID let events of the child $child through" >&2
		return 1
	fi
}

@test "live --enter-events: the same exits, each after its enter event" {
	[[ -f $T/enter.status ]] || skip "this syscope has no --enter-events"
	assert_tracer_ok enter
	check_live expected "$T/enter.out" "$W/expected.tsv"
	check_live pairs "$T/enter.out" "$W/expected.tsv"
}

# The live lines from the workload's start marker on, without event numbers
# and times: the -w instance is another tracer, whose BPF program numbers
# events and reads the clock on its own.  The file's own times are checked
# against sysdig's reading of it below.
live_window() {
	check_live window "$T/live.out" "$W/expected.tsv" >"$T/live.window"
}

round_trip() {
	((HAVE_WRITE)) || skip "this syscope has no -w"
	local i=$1 file=$T/rt.${WRITE_EXTS[$1]}
	assert_tracer_ok "w$i"
	[[ -s $file ]]
	if ((i == 0)) && [[ $(head -c 4 "$file" | od -An -tx1 | tr -d ' ') != 0a0d0d0a ]]; then
		echo "${file##*/} is not a plain scap file (no pcapng section header)" >&2
		return 1
	fi
	live_window
	"$SYSCOPE" -r "$file" >"$T/rt$i.out"
	check_live window "$T/rt$i.out" "$W/expected.tsv" >"$T/rt$i.window"
	if ! cmp -s "$T/live.window" "$T/rt$i.window"; then
		echo "syscope -r ${file##*/} differs from the live lines (diff live replay):" >&2
		diff -u "$T/live.window" "$T/rt$i.window" | head -n 40 >&2
		return 1
	fi
}

@test "live -w FILE.scap, then -r: the same lines as live" {
	round_trip 0
}

@test "live -w FILE.scap.gz, then -r: the same lines as live" {
	round_trip 1
}

@test "live -w FILE.scap.zst, then -r: the same lines as live" {
	round_trip 2
}

@test "sysdig -r of the live gzip file prints what syscope -r prints" {
	((HAVE_WRITE)) || skip "this syscope has no -w"
	command -v sysdig >/dev/null || skip "sysdig is not installed (apt-get install sysdig)"
	local file=$T/rt.scap.gz
	[[ -s $file ]]
	"$SYSCOPE" -r "$file" >"$T/syscope.txt"
	sysdig -r "$file" >"$T/sysdig.txt" 2>"$T/sysdig.err"
	if ! cmp -s "$T/sysdig.txt" "$T/syscope.txt"; then
		echo "sysdig -r and syscope -r differ (diff sysdig syscope):" >&2
		diff -u "$T/sysdig.txt" "$T/syscope.txt" | head -n 40 >&2
		head -n 5 "$T/sysdig.err" >&2
		return 1
	fi
	# Not vacuous: the workload's calls are in it.
	check_live expected "$T/sysdig.txt" "$W/expected.tsv"
}

@test "live -F -w with a filter, then -r: the reads and writes name their files" {
	[[ -f $T/fat.status ]] || skip "this syscope has no -F, -p or -w"
	assert_tracer_ok fatlive
	assert_tracer_ok fat
	local filter
	filter=$(io_filter)
	"$SYSCOPE" -r "$T/fat.scap" -p "$FIELDS" "$filter" >"$T/fat.out"
	if ! cmp -s "$T/fatlive.out" "$T/fat.out"; then
		echo "syscope -r fat.scap differs from the live lines (diff live replay):" >&2
		diff -u "$T/fatlive.out" "$T/fat.out" | head -n 40 >&2
		return 1
	fi
	# Not vacuous: the file the workload wrote and read back is named,
	# though its openat is not in the filter; the hidden events stay
	# hidden without the filter too.
	grep -q "	write	$W/" "$T/fat.out"
	grep -q "	read	$W/" "$T/fat.out"
	"$SYSCOPE" -r "$T/fat.scap" -p "$FIELDS" >"$T/fat.all"
	cmp "$T/fat.out" "$T/fat.all"
}
