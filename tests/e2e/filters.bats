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
