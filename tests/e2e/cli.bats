#!/usr/bin/env bats
# shellcheck disable=SC2154 # err_offset is set by helpers.bash
# The command line: help, version, the event list, -n, -v, input formats
# (plain, gzip, several gzip members, zstd) and errors.  Expected outputs
# come from the corpus (what sysdig printed) or, when sysdig is installed,
# from running sysdig itself on the same file.

load helpers

setup() {
	require_syscope
	T=$BATS_TEST_TMPDIR
}

# raw_copy NAME: the decompressed bytes of $CORPUS/NAME.scap in $T/NAME.raw.
raw_copy() {
	require_corpus
	zcat -f "$CORPUS/$1.scap" >"$T/$1.raw"
}

@test "--help exits 0 and describes -r, -n, -v and -L" {
	run_syscope --help
	assert_status 0
	local opt
	for opt in -r -n -v -L; do
		assert_grep "$OUT" "(^|[^[:alnum:]-])$opt([^[:alnum:]]|\$)"
	done
}

@test "-h prints the same help as --help" {
	run_syscope --help
	cp "$OUT" "$T/long"
	run_syscope -h
	assert_status 0
	assert_same_file "$T/long" "$OUT"
}

@test "--version prints 'syscope VERSION'" {
	run_syscope --version
	assert_status 0
	assert_line_count "$OUT" 1
	if [[ -n ${SYSCOPE_VERSION:-} ]]; then
		printf 'syscope %s\n' "$SYSCOPE_VERSION" >"$T/expected"
		assert_same_file "$T/expected" "$OUT"
	else
		assert_grep "$OUT" '^syscope [0-9]+\.[0-9]+\.[0-9]+'
	fi
}

@test "-L lists the 265 event types of sysdig 0.29.3, one direction a line" {
	run_syscope -L
	assert_status 0
	assert_line_count "$OUT" 265
	assert_grep "$OUT" '^> open\(FSPATH name, FLAGS32 flags, UINT32 mode\)$'
}

@test "-L prints exactly what sysdig -L prints" {
	require_sysdig
	sysdig -L >"$T/expected"
	run_syscope -L
	assert_status 0
	assert_same_file "$T/expected" "$OUT"
}

@test "-n 214 stops after 214 events read, hidden process records included, like sysdig" {
	require_corpus
	# curl_google starts with 210 hidden procinfo events: 4 lines remain.
	awk '$1 <= 214' "$CORPUS/curl_google.txt" >"$T/expected"
	assert_line_count "$T/expected" 4
	run_syscope -r "$CORPUS/curl_google.scap" -n 214
	assert_status 0
	assert_same_file "$T/expected" "$OUT"
	if command -v sysdig >/dev/null; then
		sysdig -r "$CORPUS/curl_google.scap" -n 214 >"$T/sysdig"
		assert_same_file "$T/sysdig" "$OUT"
	fi
}

@test "-n 5 on a capture that starts with hidden events prints nothing and exits 0" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -n 5
	assert_status 0
	assert_empty "$OUT"
}

@test "-n larger than the capture prints every event" {
	require_corpus
	run_syscope -r "$CORPUS/falco_syscall.scap" -n 1000000
	assert_status 0
	assert_same_file "$CORPUS/falco_syscall.txt" "$OUT"
}

@test "-v does not cut long arguments at 80 characters" {
	require_corpus
	# t4's first event reads 100 bytes; without -v the data is cut with '...'.
	cat >"$T/expected" <<'EOF'
1 22:13:20.000000000 0 cat (101) < read res=100 data= !"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~.. 
EOF
	run_syscope -v -r "$CORPUS/synthetic/t4.scap"
	assert_status 0
	head -n 1 "$OUT" >"$T/line1"
	assert_same_file "$T/expected" "$T/line1"
}

@test "-v prints a real capture exactly as sysdig -v does" {
	require_corpus
	require_sysdig
	sysdig -v -r "$CORPUS/curl_google.scap" >"$T/expected" 2>/dev/null
	run_syscope -v -r "$CORPUS/curl_google.scap"
	assert_status 0
	assert_same_file "$T/expected" "$OUT"
}

@test "a missing file: exit 1 and one message naming the file" {
	run_syscope -r "$T/no-such-file.scap"
	assert_status 1
	assert_empty "$OUT"
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: .*no-such-file\\.scap: ."
}

@test "an empty file: exit 1 and a message naming the file and byte 0" {
	: >"$T/empty.scap"
	run_syscope -r "$T/empty.scap"
	assert_status 1
	assert_empty "$OUT"
	assert_error_with_offset empty.scap
	[[ $err_offset == 0 ]]
}

@test "a file that is not a trace: exit 1 and a message naming the file and byte 0" {
	printf 'this is not a trace file, just some text long enough\n' >"$T/text.scap"
	run_syscope -r "$T/text.scap"
	assert_status 1
	assert_empty "$OUT"
	assert_error_with_offset text.scap
	[[ $err_offset == 0 ]]
}

@test "an unknown option: exit 1 with a message" {
	run_syscope --no-such-option
	assert_status 1
	assert_empty "$OUT"
	assert_grep "$ERR" 'no-such-option'
}

@test "a value given to an option that takes none names that option" {
	local opt
	for opt in quiet unbuffered fatfile json; do
		run_syscope "--$opt=3" -r "$CORPUS/curl_google.scap"
		assert_status 1
		assert_empty "$OUT"
		[[ $(cat "$ERR") == "syscope: option '--$opt' takes no argument" ]]
	done
	run_syscope -r "$CORPUS/curl_google.scap" -qZ
	assert_status 1
	[[ $(cat "$ERR") == "syscope: unknown option '-Z' (see syscope --help)" ]]
}

@test "-r without a file name: exit 1 with a message" {
	run_syscope -r
	assert_status 1
	assert_empty "$OUT"
	assert_grep "$ERR" '^syscope: '
}

@test "-n 0: exit 1 with a message" {
	require_corpus
	run_syscope -r "$CORPUS/falco_syscall.scap" -n 0
	assert_status 1
	assert_empty "$OUT"
	assert_line_count "$ERR" 1
	assert_grep "$ERR" '^syscope: '
}

@test "-n abc: exit 1 with a message" {
	require_corpus
	run_syscope -r "$CORPUS/falco_syscall.scap" -n abc
	assert_status 1
	assert_empty "$OUT"
	assert_line_count "$ERR" 1
	assert_grep "$ERR" '^syscope: .*abc'
}

@test "a truncated file prints every event before the damage, then exit 1 with the byte offset" {
	raw_copy curl_google
	local size cut
	size=$(stat -c %s "$T/curl_google.raw")
	cut=$((size * 6 / 10))
	head -c "$cut" "$T/curl_google.raw" >"$T/cut.scap"
	run_syscope -r "$T/cut.scap"
	assert_status 1
	# What was printed is a leading part of sysdig's full output.
	[[ -s $OUT ]] || { echo "nothing printed before the damage" >&2; return 1; }
	head -n "$(wc -l <"$OUT")" "$CORPUS/curl_google.txt" >"$T/expected"
	assert_same_file "$T/expected" "$OUT"
	assert_error_with_offset cut.scap
	if ((err_offset > cut)); then
		echo "byte $err_offset is beyond the end of the $cut-byte file" >&2
		return 1
	fi
}

@test "a truncated gzip stream prints the events before the cut, then exit 1 naming the file" {
	require_corpus
	local size
	size=$(stat -c %s "$CORPUS/curl_google.scap")
	head -c $((size / 2)) "$CORPUS/curl_google.scap" >"$T/cut.scap.gz"
	run_syscope -r "$T/cut.scap.gz"
	assert_status 1
	[[ -s $OUT ]] || { echo "nothing printed before the cut" >&2; return 1; }
	head -n "$(wc -l <"$OUT")" "$CORPUS/curl_google.txt" >"$T/expected"
	assert_same_file "$T/expected" "$OUT"
	assert_error_with_offset cut.scap.gz
}

@test "a plain (uncompressed) copy of a real capture gives the same output" {
	raw_copy curl_google
	run_syscope -r "$T/curl_google.raw"
	assert_status 0
	assert_same_file "$CORPUS/curl_google.txt" "$OUT"
}

@test "gzip of a plain file gives the same output as the plain file" {
	require_corpus
	gzip -c "$CORPUS/synthetic/t1.scap" >"$T/t1.scap.gz"
	run_syscope -r "$T/t1.scap.gz"
	assert_status 0
	assert_same_file "$CORPUS/synthetic/t1.txt" "$OUT"
}

@test "-n 140 on a gzip file named .scap.gz stops after 140 events" {
	raw_copy falco_cat_write
	gzip -c "$T/falco_cat_write.raw" >"$T/cat_write.scap.gz"
	# The first 130 events are hidden process records: 10 lines remain.
	awk '$1 <= 140' "$CORPUS/falco_cat_write.txt" >"$T/expected"
	assert_line_count "$T/expected" 10
	run_syscope -r "$T/cat_write.scap.gz" -n 140
	assert_status 0
	assert_same_file "$T/expected" "$OUT"
}

@test "zstd of a real capture gives the same output as the original" {
	command -v zstd >/dev/null || skip "zstd is not installed (apt-get install zstd)"
	raw_copy curl_google
	zstd -q -c "$T/curl_google.raw" >"$T/curl_google.scap.zst"
	run_syscope -r "$T/curl_google.scap.zst"
	assert_status 0
	assert_same_file "$CORPUS/curl_google.txt" "$OUT"
}

@test "several concatenated zstd frames read as one stream" {
	command -v zstd >/dev/null || skip "zstd is not installed (apt-get install zstd)"
	raw_copy curl_google
	local size
	size=$(stat -c %s "$T/curl_google.raw")
	# Cut at an arbitrary byte, not at a block boundary.
	head -c 1001 "$T/curl_google.raw" | zstd -q -c >"$T/multi.zst"
	tail -c $((size - 1001)) "$T/curl_google.raw" | zstd -q -c >>"$T/multi.zst"
	run_syscope -r "$T/multi.zst"
	assert_status 0
	assert_same_file "$CORPUS/curl_google.txt" "$OUT"
}

@test "several concatenated gzip members read as one stream" {
	raw_copy curl_google
	local size a b
	size=$(stat -c %s "$T/curl_google.raw")
	# Cut at arbitrary bytes, not at block boundaries.
	a=$((size / 3 + 1))
	b=$((size / 3 + 7))
	head -c "$a" "$T/curl_google.raw" | gzip -c >"$T/multi.gz"
	tail -c +$((a + 1)) "$T/curl_google.raw" | head -c "$b" | gzip -c >>"$T/multi.gz"
	tail -c +$((a + b + 1)) "$T/curl_google.raw" | gzip -c >>"$T/multi.gz"
	run_syscope -r "$T/multi.gz"
	assert_status 0
	assert_same_file "$CORPUS/curl_google.txt" "$OUT"
}

@test "--driver-info with -r, with --driver=kmod or with a bad filter: exit 1 and one message" {
	run_syscope --driver-info -r "$CORPUS/curl_google.scap"
	assert_status 1
	assert_empty "$OUT"
	[[ $(cat "$ERR") == "syscope: --driver-info describes the live driver; it takes no -r" ]]
	run_syscope --driver-info --driver=kmod
	assert_status 1
	assert_empty "$OUT"
	[[ $(cat "$ERR") == "syscope: --driver-info describes the eBPF driver; the kernel module has no verifier to report on" ]]
	run_syscope --driver-info proc.nme=cat
	assert_status 1
	assert_empty "$OUT"
	assert_grep "$ERR" "unknown field 'proc.nme'"
}

@test "--help describes --driver-info" {
	run_syscope --help
	assert_status 0
	assert_grep "$OUT" '--driver-info +load the eBPF driver'
}

@test "--page-faults and -T with -r: exit 1 and one message naming the option" {
	# The check is the command line's: the file is not even opened.
	run_syscope -r "$T/none.scap" --page-faults
	assert_status 1
	assert_empty "$OUT"
	[[ $(cat "$ERR") == "syscope: --page-faults changes what a live capture records; it cannot be used with -r (a trace file has only what its capture recorded)" ]]
	local opt
	for opt in -T --force-tracers-capture; do
		run_syscope "$opt" -r "$T/none.scap" evt.type=write
		assert_status 1
		assert_empty "$OUT"
		[[ $(cat "$ERR") == "syscope: -T (--force-tracers-capture) changes what a live capture records; it cannot be used with -r (a trace file has only what its capture recorded)" ]]
	done
	# Unlike sysdig 0.29.3's, the long form takes no argument.
	run_syscope --force-tracers-capture=1
	assert_status 1
	[[ $(cat "$ERR") == "syscope: option '--force-tracers-capture' takes no argument" ]]
	run_syscope --page-faults=yes
	assert_status 1
	[[ $(cat "$ERR") == "syscope: option '--page-faults' takes no argument" ]]
}

@test "--help describes --page-faults and -T" {
	run_syscope --help
	assert_status 0
	assert_grep "$OUT" '--page-faults +also record page faults'
	assert_grep "$OUT" '^  -T, --force-tracers-capture$'
	assert_grep "$OUT" 'keep up to 4096 bytes of each write to /dev/null'
}
