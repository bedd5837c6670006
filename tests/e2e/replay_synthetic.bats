#!/usr/bin/env bats
# shellcheck disable=SC2154 # err_offset is set by helpers.bash
# syscope -r on the hand-made edge cases in $CORPUS/synthetic (see its
# README table).  NAME.txt is what sysdig 0.29.3 printed, stdout and stderr
# together.  Wherever sysdig printed events and exited 0, syscope must print
# the same bytes.  Where sysdig refused or crashed, syscope prints a clear
# error, or, where the file is readable and the refusal is sysdig's own
# defect, the correct events; each such test says which case it is.
# Whatever the file, syscope must never crash (run_syscope checks that).

load helpers

# Files on which sysdig did not simply print events; each has its own test.
SPECIAL="major2 onlyshb lateblock fewparams badfdtid"

setup() {
	require_syscope
	require_corpus
	SYN=$CORPUS/synthetic
}

is_special() { [[ " $SPECIAL " == *" $1 "* ]]; }

@test "every synthetic file has the expected output beside it, and the special cases exist" {
	local f n=0
	for f in "$SYN"/*.scap; do
		[[ -f ${f%.scap}.txt ]] || { echo "no expected output for $f" >&2; return 1; }
		n=$((n + 1))
	done
	((n >= 30)) || { echo "only $n synthetic files in $SYN" >&2; return 1; }
	for f in $SPECIAL; do
		[[ -f $SYN/$f.scap ]] || { echo "special case $f.scap is gone" >&2; return 1; }
	done
}

@test "every synthetic file sysdig reads cleanly replays exactly as sysdig prints it" {
	local f name failed=() n=0
	for f in "$SYN"/*.scap; do
		name=$(basename "$f" .scap)
		is_special "$name" && continue
		n=$((n + 1))
		run_syscope -r "$f"
		if [[ $status != 0 ]] || [[ -s $ERR ]] || ! cmp -s "$SYN/$name.txt" "$OUT"; then
			failed+=("$name")
			{
				echo "--- $name.scap: exit $status"
				head -n 5 "$ERR"
				diff -u "$SYN/$name.txt" "$OUT" | head -n 20
			} >&2
		fi
	done
	echo "$n files compared" >&2
	if ((${#failed[@]})); then
		echo "mismatch on ${#failed[@]} of $n files: ${failed[*]}" >&2
		return 1
	fi
}

@test "major2: a file of format major version 2 is refused with an error about the version" {
	run_syscope -r "$SYN/major2.scap"
	assert_status 1
	assert_empty "$OUT"
	assert_error_with_offset major2.scap
	assert_grep "$ERR" "version"
}

@test "onlyshb: a file with a section header and nothing else is refused: no events" {
	run_syscope -r "$SYN/onlyshb.scap"
	assert_status 1
	assert_empty "$OUT"
	assert_error_with_offset onlyshb.scap
	assert_grep "$ERR" "no events"
}

@test "lateblock: events before a metadata block that follows events print, then an error at that block's offset" {
	# The file: SHB, PL, one event, then a machine-info block, then another
	# event.  Metadata after the first event is invalid (scap-format.md §1.6);
	# sysdig prints event 1 and fails.  So does syscope, pointing at the block.
	local late
	late=$(scap_blocks "$SYN/lateblock.scap" |
		awk '$2 == "event" { seen = 1 } seen && $2 == "meta" { print $1; exit }')
	[[ -n $late ]]

	run_syscope -r "$SYN/lateblock.scap"
	assert_status 1
	head -n 1 "$SYN/lateblock.txt" >"$BATS_TEST_TMPDIR/expected"
	assert_same_file "$BATS_TEST_TMPDIR/expected" "$OUT"
	assert_error_with_offset lateblock.scap
	if [[ $err_offset != "$late" ]]; then
		echo "error names byte $err_offset; the late block starts at byte $late" >&2
		return 1
	fi
}

@test "fewparams: an open exit with fewer parameters than the table prints (sysdig segfaults here: its bug)" {
	# sysdig 0.29.3 indexes exit parameters without bounds checks and crashes
	# (exit 139) after printing the enter event.  The file itself is valid:
	# syscope prints both events, rendering the parameters that are present.
	run_syscope -r "$SYN/fewparams.scap"
	assert_status 0
	assert_empty "$ERR"
	assert_line_count "$OUT" 2
	head -n 1 "$SYN/fewparams.txt" >"$BATS_TEST_TMPDIR/expected"
	head -n 1 "$OUT" >"$BATS_TEST_TMPDIR/line1"
	assert_same_file "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/line1"
	sed -n 2p "$OUT" >"$BATS_TEST_TMPDIR/line2"
	assert_grep "$BATS_TEST_TMPDIR/line2" '^2 .*< open fd=3'
}

@test "badfdtid: an fd list for a thread no process list names is accepted (sysdig's own strictness refuses it)" {
	# sysdig 0.29.3 aborts with "FD block references TID 555, which doesn't
	# exist".  Nothing in the format forbids such a block, and current Falco
	# libs read the file (scap-format.md §1.6 point 5), so syscope follows them
	# and prints the events.  The premise, checked with the decoder: the PL
	# lists only tid 101, the FDL names tid 555, then an open enter/exit
	# pair of tid 101 (type 2 then 3) follows.
	scap_blocks "$SYN/badfdtid.scap" >"$BATS_TEST_TMPDIR/blocks"
	assert_grep "$BATS_TEST_TMPDIR/blocks" '^28 meta 0x215 [0-9]+ tids=101$'
	assert_grep "$BATS_TEST_TMPDIR/blocks" ' meta 0x218 [0-9]+ tid=555$'
	assert_grep "$BATS_TEST_TMPDIR/blocks" ' event 0x216 [0-9]+ ts=1700000000000000000 tid=101 type=2$'
	assert_grep "$BATS_TEST_TMPDIR/blocks" ' event 0x216 [0-9]+ ts=1700000000000000001 tid=101 type=3$'

	# The two events, decoded by hand from the file's bytes: open enter
	# (name, flags 1, mode 0) and open exit (fd 3, name, flags 1, mode 0,
	# dev 0), cpu 0, at 1700000000 s (22:13:20 UTC) and 1 ns later.
	cat >"$BATS_TEST_TMPDIR/expected" <<'EOF'
1 22:13:20.000000000 0 cat (101) > open name=/etc/hosts flags=1(O_RDONLY) mode=0 
2 22:13:20.000000001 0 cat (101) < open fd=3(<f>/etc/hosts) name=/etc/hosts flags=1(O_RDONLY) mode=0 dev=0 
EOF
	run_syscope -r "$SYN/badfdtid.scap"
	assert_status 0
	assert_empty "$ERR"
	assert_same_file "$BATS_TEST_TMPDIR/expected" "$OUT"
}
