#!/usr/bin/env bats
# Output options compared with sysdig on the same files: buffer views
# (-A -x -X -b), time modes (-t), internal events (-D), -q and -v.

load helpers

setup() {
	require_syscope
	require_corpus
}

# same_as_sysdig FILE ARGS...: syscope and sysdig print the same bytes.
same_as_sysdig() {
	require_sysdig
	local file=$1
	shift
	run_syscope -r "$file" "$@"
	assert_status 0
	sysdig -r "$file" "$@" >"$BATS_TEST_TMPDIR/sysdig.out" 2>/dev/null
	assert_same_file "$BATS_TEST_TMPDIR/sysdig.out" "$OUT"
}

@test "syscope -A shows buffers as text with their line breaks, like sysdig" {
	same_as_sysdig "$CORPUS/curl_google.scap" -A
}

@test "syscope -x shows buffers as a hex dump, like sysdig" {
	same_as_sysdig "$CORPUS/curl_google.scap" -x
}

@test "syscope -X shows buffers as hex and text, like sysdig" {
	same_as_sysdig "$CORPUS/curl_google.scap" -X
}

@test "syscope -b shows buffers in base64, like sysdig" {
	same_as_sysdig "$CORPUS/curl_google.scap" -b
}

@test "syscope -X pads short and odd-length rows like sysdig" {
	same_as_sysdig "$CORPUS/synthetic/t4.scap" -X
	same_as_sysdig "$CORPUS/synthetic/t1.scap" -X
}

@test "syscope -v prints long arguments whole, like sysdig -v" {
	require_sysdig
	run_syscope -r "$CORPUS/synthetic/t4.scap" -v
	assert_status 0
	sysdig -r "$CORPUS/synthetic/t4.scap" -v 2>/dev/null >"$BATS_TEST_TMPDIR/sysdig.out"
	assert_same_file "$BATS_TEST_TMPDIR/sysdig.out" "$OUT"
}

@test "syscope -t a, r, d and D print the time column like sysdig" {
	for mode in a r d D; do
		same_as_sysdig "$CORPUS/curl_google.scap" -t "$mode"
	done
}

@test "syscope -D also prints the internal procinfo events" {
	same_as_sysdig "$CORPUS/curl_google.scap" -D
	assert_grep "$OUT" '^1 [0-9:.]+ 0 systemd \(1\) > procinfo cpu_usr=[0-9]+ cpu_sys=[0-9]+ $'
}

@test "syscope -q prints no events and exits 0" {
	run_syscope -r "$CORPUS/curl_google.scap" -q
	assert_status 0
	assert_empty "$OUT"
}

@test "two buffer views at once are refused" {
	run_syscope -r "$CORPUS/curl_google.scap" -A -X
	assert_status 1
	assert_grep "$ERR" '^syscope: choose only one of -A, -x, -X and -b$'
}

@test "an unknown -t mode is refused with the modes it takes" {
	run_syscope -r "$CORPUS/curl_google.scap" -t q
	assert_status 1
	assert_grep "$ERR" "^syscope: -t takes one of h, a, r, d, D, not 'q'$"
}

@test "--unbuffered writes every line with a write of its own, and the same bytes" {
	command -v strace >/dev/null || skip "strace is not installed"
	local t=$BATS_TEST_TMPDIR opts
	# LeakSanitizer cannot run under ptrace (an ASan build aborts at exit).
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -n 300 >"$t/buffered.txt"
	for opts in "" "-j"; do
		# shellcheck disable=SC2086 # an empty option is no word
		strace -f -e trace=write -o "$t/writes.log" \
			"$SYSCOPE" -r "$CORPUS/curl_google.scap" -n 300 --unbuffered $opts >"$t/out.txt"
		local lines
		lines=$(wc -l <"$t/out.txt")
		[[ $lines -gt 50 ]]
		[[ $(grep -c 'write(1,' "$t/writes.log") -eq $lines ]]
	done
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -n 300 --unbuffered >"$t/unbuffered.txt"
	assert_same_file "$t/buffered.txt" "$t/unbuffered.txt"
	# Without it, a file's lines go out in a few large blocks.
	strace -f -e trace=write -o "$t/writes.log" \
		"$SYSCOPE" -r "$CORPUS/curl_google.scap" -n 300 >/dev/null
	[[ $(grep -c 'write(1,' "$t/writes.log") -lt 5 ]]
}

# progress_values FILE: the percentages -P wrote, one per line, checking
# the layout: each after a carriage return, a newline only at the very end.
progress_values() {
	python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read().decode()
assert data.endswith("\n") and data.count("\n") == 1, repr(data[-40:])
parts = data[:-1].split("\r")
assert parts[0] == "", repr(data[:20])
for p in parts[1:]:
    assert re.fullmatch(r" *\d{1,3}\.\d\d", p), repr(p)
    print(float(p))
PY
}

@test "-P: the percentage of the file read climbs to 100 on stderr; stdout is unchanged" {
	local t=$BATS_TEST_TMPDIR
	python3 "$BATS_TEST_DIRNAME/../../bench/scapgen.py" -n 60000 -o "$t/big.scap" \
		"$CORPUS/curl_google.scap" >/dev/null
	"$SYSCOPE" -r "$t/big.scap" evt.type=connect >"$t/plain.out"
	"$SYSCOPE" -r "$t/big.scap" -w "$t/big.scap.gz"
	for f in big.scap big.scap.gz; do
		run_syscope -r "$t/$f" -P evt.type=connect
		assert_status 0
		assert_same_file "$t/plain.out" "$OUT"
		progress_values "$ERR" >"$t/pct"
		# Several steps, never going back, ending at 100.
		[[ $(wc -l <"$t/pct") -ge 3 ]]
		sort -n -c "$t/pct"
		[[ $(tail -n 1 "$t/pct") == 100.0 ]]
	done
	# Stopped early, it ends where it stopped.
	run_syscope -r "$t/big.scap" -P -q -n 20000
	assert_status 0
	progress_values "$ERR" >"$t/pct"
	awk '{ last = $1 } END { exit !(last > 10 && last < 60) }' "$t/pct"
}

@test "-P is refused live and on standard input; -r with -w turns it on for a terminal" {
	run_syscope -P -q
	assert_status 1
	assert_grep "$ERR" "^syscope: -P .*needs -r"
	run_syscope -P -r - <"$CORPUS/curl_google.scap"
	assert_status 1
	assert_grep "$ERR" "^syscope: -P .*standard input"
	# A file that is no trace: its one error line, no percentage.
	run_syscope -P -r /etc/passwd
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: /etc/passwd: .*not a scap trace file"
	command -v script >/dev/null || skip "script (util-linux) is not installed"
	local t=$BATS_TEST_TMPDIR
	script -qec "'$SYSCOPE' -r '$CORPUS/curl_google.scap' -w '$t/copy.scap'" /dev/null >"$t/tty.out"
	grep -q "100.00" "$t/tty.out"
	[[ -s $t/copy.scap ]]
}

@test "-v on files ends with one line of statistics on stderr, counting every -r file" {
	run_syscope -r "$CORPUS/curl_google.scap" -v -q
	assert_status 0
	assert_empty "$OUT"
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: 1536 events read in [0-9]+\.[0-9]{3} s \([0-9]+ events/s\)$"
	run_syscope -r "$CORPUS/curl_google.scap" -r "$CORPUS/curl_google.scap" -v -q
	assert_grep "$ERR" "^syscope: 3072 events read in "
	# Without -v, nothing.
	run_syscope -r "$CORPUS/curl_google.scap" -q
	assert_empty "$ERR"
}
