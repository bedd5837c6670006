#!/usr/bin/env bats
# Filters given as the words after the options, as in sysdig and tcpdump.

load helpers

setup() {
	require_syscope
	require_corpus
}

# Every query of the corpus: NAME, file, filter and a format column that is
# empty (the default line), -A, -X, or a -p format.  Each must print what
# sysdig printed, byte for byte.
@test "every corpus query prints exactly what sysdig printed" {
	local n=0 name file filter fmt args
	while IFS='|' read -r name file filter fmt; do
		case $fmt in
		'') args=() ;;
		-A | -X | -x | -b) args=("$fmt") ;;
		*) args=(-p "$fmt") ;;
		esac
		run_syscope -r "$CORPUS/$file" "${args[@]}" "$filter"
		assert_status 0
		assert_same_file "$CORPUS/$name.txt" "$OUT"
		n=$((n + 1))
	done < <(tr '\t' '|' <"$CORPUS/queries.tsv")
	((n >= 12))
}

@test "the filter may be split over several words" {
	run_syscope -r "$CORPUS/curl_google.scap" evt.type=open and fd.name contains lib
	assert_status 0
	assert_same_file "$CORPUS/q1.txt" "$OUT"
}

@test "state is kept for events the filter drops: fd names still resolve" {
	run_syscope -r "$CORPUS/curl_google.scap" evt.type=read and evt.dir='>'
	assert_status 0
	assert_grep "$OUT" '> read fd=3\(<f>/etc/ld.so.cache\)|> read fd=3\(<f>/lib'
}

@test "a filter on memory sizes sees them follow every mmap, as a -p column does" {
	# Memory sizes are kept only when a field reads them; the filter's
	# proc.vmsize must keep them as the format's does.
	run_syscope -r "$CORPUS/curl_google.scap" -p '%evt.num %proc.vmsize' evt.type=close
	assert_status 0
	awk '$2 > 10000 { print $1 }' "$OUT" >"$BATS_TEST_TMPDIR/want"
	(($(wc -l <"$BATS_TEST_TMPDIR/want") > 10))
	run_syscope -r "$CORPUS/curl_google.scap" -p '%evt.num' 'evt.type=close and proc.vmsize>10000'
	assert_status 0
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

@test "an unknown field is named, with a suggestion and its column" {
	run_syscope -r "$CORPUS/curl_google.scap" 'evt.type=open and proc.nme=curl'
	assert_status 1
	assert_empty "$OUT"
	assert_grep "$ERR" "^syscope: filter error at column 19: .*proc\.nme.*proc\.name"
}

@test "-n counts the events that pass the filter" {
	run_syscope -r "$CORPUS/curl_google.scap" -n 2 evt.type=open
	assert_status 0
	assert_line_count "$OUT" 2
}

# A filter that names event types lets the reader skip the parameters of
# the other events (those the state takes nothing from): what the matching
# events show must not change, latency and time deltas included.
@test "a filter on event types shows the same values as the unfiltered output" {
	local fmt='*%evt.type %evt.num %evt.latency %evt.deltatime %proc.name %thread.tid %fd.name %evt.info'
	local cap filter types
	for cap in curl_google test_ipv6_client falco_cat_write falco_syscall; do
		run_syscope -r "$CORPUS/$cap.scap" -p "$fmt"
		assert_status 0
		cp "$OUT" "$BATS_TEST_TMPDIR/all"
		for types in 'open read' 'clock_gettime' 'fstat mprotect' 'recvfrom sendto connect' 'close'; do
			filter="evt.type in (${types// /, })"
			run_syscope -r "$CORPUS/$cap.scap" -p "$fmt" "$filter"
			assert_status 0
			awk -v t=" $types " 'index(t, " " $1 " ")' "$BATS_TEST_TMPDIR/all" >"$BATS_TEST_TMPDIR/want"
			assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
		done
	done
}

@test "a filter on event types prints what sysdig -d prints" {
	require_sysdig
	local fmt='*%evt.num %evt.type %evt.latency %proc.name %fd.name %evt.info'
	local cap filter
	for cap in curl_google test_ipv6_client; do
		# (connect is left out: after a failed unix connect sysdig's
		# fd.name shows the tuple on that event alone, which syscope
		# does not copy)
		for filter in 'evt.type in (open, read, socket)' 'evt.type=clock_gettime' \
			'proc.name=curl and evt.type=close and fd.num>2'; do
			run_syscope -r "$CORPUS/$cap.scap" -p "$fmt" "$filter"
			assert_status 0
			sysdig -d -r "$CORPUS/$cap.scap" -p "$fmt" "$filter" >"$BATS_TEST_TMPDIR/want"
			assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
		done
	done
}

@test "a filter on event types reports the same damage as an unfiltered read" {
	local f want
	for f in "$CORPUS"/synthetic/*.scap; do
		run_syscope -r "$f" -q
		want="$status $(cat "$ERR")"
		run_syscope -r "$f" -q 'evt.type=open'
		[[ "$status $(cat "$ERR")" == "$want" ]] || {
			echo "$f: '$want' unfiltered, '$status $(cat "$ERR")' with a filter" >&2
			return 1
		}
	done
}
