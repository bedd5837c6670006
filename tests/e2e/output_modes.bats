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
