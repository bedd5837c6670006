#!/usr/bin/env bats
# -U/--suppress-comm on trace files: every event of the threads named, and
# of their descendants, is dropped as sysdig 0.29.3 drops it (before its
# tables, its filter, its -n count and evt.num see them).  The comparisons
# run sysdig itself, so they skip when it is not installed.

load helpers

setup() {
	require_syscope
	require_corpus
}

# Captures sysdig reads without an error of its own (replay_synthetic.bats
# has the others) and whose metadata syscope reads whole; with
# SYSCOPE_TEST_SAMPLE=1 (the sanitizer build), oracle_captures' sample.
comparable_captures() {
	local f all=("$CORPUS"/*.scap "$CORPUS"/synthetic/*.scap)
	[[ ${SYSCOPE_TEST_SAMPLE:-} == 1 ]] && mapfile -t all < <(oracle_captures)
	for f in "${all[@]}"; do
		case ${f##*/} in
		major2.scap | onlyshb.scap | lateblock.scap | fewparams.scap | badfdtid.scap) continue ;;
		esac
		echo "$f"
	done
}

# same_as_sysdig ARGS...: syscope and sysdig print the same bytes on stdout.
same_as_sysdig() {
	local t=$BATS_TEST_TMPDIR
	sysdig "$@" >"$t/want" 2>/dev/null || true
	run_syscope "$@"
	assert_same_file "$t/want" "$OUT"
}

@test "-U curl on curl_google.scap drops curl from its first clone on: 807 lines, as sysdig" {
	run_syscope -r "$CORPUS/curl_google.scap" -U curl
	assert_status 0
	assert_empty "$ERR"
	assert_line_count "$OUT" 807
	# the execve before it is an old version (EXECVE_16_X), which sysdig's rule skips
	assert_grep "$OUT" '^211 .* curl \(17497\) < execve '
	if command -v sysdig >/dev/null; then
		sysdig -r "$CORPUS/curl_google.scap" -U curl >"$BATS_TEST_TMPDIR/want"
		assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
	fi
}

@test "-U with -v reports the suppressed events on stderr (sysdig: Suppressed by Comm:414)" {
	run_syscope -r "$CORPUS/curl_google.scap" -U curl -v -q
	assert_status 0
	assert_grep "$ERR" '^syscope: 414 events suppressed \(-U\)$'
	run_syscope -r "$CORPUS/curl_google.scap" -v -q
	if grep -q suppressed "$ERR"; then
		echo "a suppressed count without -U" >&2
		return 1
	fi
}

@test "-U on every capture, with each of its process names, two names and an unknown one, prints what sysdig prints" {
	require_sysdig
	local f u failed=() n=0 names
	for f in $(comparable_captures); do
		names=$(sysdig -r "$f" -p '%proc.name' 2>/dev/null | sort -u | grep -v '^<NA>$' || true)
		for u in $names nosuch; do
			for args in "-U $u" "-U $u -U bash" "-U $u -j" "-U $u -n 5" "-U $u -S -q" \
				"-U $u evt.type in (read, openat, clone, execve) or proc.name=curl"; do
				# shellcheck disable=SC2086 # the words of args are separate arguments
				sysdig -r "$f" $args >"$BATS_TEST_TMPDIR/want" 2>/dev/null || true
				# shellcheck disable=SC2086
				run_syscope -r "$f" $args
				n=$((n + 1))
				cmp -s "$BATS_TEST_TMPDIR/want" "$OUT" || failed+=("${f##*/} $args")
			done
		done
	done
	echo "# $n comparisons" >&3
	# (the sanitizer build's sample of captures gives fewer)
	local least=100
	[[ ${SYSCOPE_TEST_SAMPLE:-} == 1 ]] && least=30
	((n >= least)) || { echo "only $n comparisons" >&2; return 1; }
	if ((${#failed[@]})); then
		printf 'differs from sysdig: %s\n' "${failed[@]}" >&2
		return 1
	fi
}

# Variants of t3.scap (bash clones, the child execs ls) with event types or
# thread ids changed in place: the rule's other event types, evt.num after
# a suppressed run, and a thread that leaves the set.
craft() {
	python3 - "$CORPUS/synthetic/t3.scap" "$1" "${@:2}" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
edits = {}
for spec in sys.argv[3:]:
    idx, what = spec.split(":")
    key, val = what.split("=")
    edits.setdefault(int(idx), []).append((key, int(val)))
pos = n = 0
while pos + 8 <= len(data):
    btype, blen = struct.unpack_from("<II", data, pos)
    if btype in (0x216, 0x217):
        n += 1
        ev = pos + 8 + 2 + (4 if btype == 0x217 else 0)
        nparams = struct.unpack_from("<I", data, ev + 22)[0]
        lens = struct.unpack_from("<%dH" % nparams, data, ev + 26)
        for key, val in edits.get(n, []):
            if key == "type":
                struct.pack_into("<H", data, ev + 20, val)
            elif key == "tid":
                struct.pack_into("<Q", data, ev + 8, val)
            elif key == "ptid":
                struct.pack_into("<Q", data, ev + 26 + 2 * nparams + sum(lens[:5]), val)
    pos += blen
open(sys.argv[2], "wb").write(data)
PY
}

@test "-U follows sysdig on fork, vfork, clone3 and execveat exits and skips older versions" {
	require_sysdig
	local t=$BATS_TEST_TMPDIR ty
	for ty in 225 227 335 157 217; do
		craft "$t/c$ty.scap" 2:type=$ty 3:type=$ty
		same_as_sysdig -r "$t/c$ty.scap" -U bash -p '%evt.num %thread.tid %evt.type %evt.dir'
	done
	for ty in 331 231 283; do
		craft "$t/e$ty.scap" 5:type=$ty
		same_as_sysdig -r "$t/e$ty.scap" -U ls -p '%evt.num %thread.tid %evt.type %evt.dir'
	done
}

@test "-U: events after a suppressed run are numbered without it, and -n does not count it" {
	require_sysdig
	local t=$BATS_TEST_TMPDIR i edits=()
	for i in $(seq 30 39); do edits+=("$i:tid=100"); done
	craft "$t/num.scap" "${edits[@]}"
	same_as_sysdig -r "$t/num.scap" -U ls
	assert_grep "$OUT" '^5 .* bash \(100\) > connect '
	same_as_sysdig -r "$t/num.scap" -U ls -n 6
	assert_line_count "$OUT" 6
}

@test "-U: a thread of the set whose execve no longer qualifies leaves it, and that execve is shown" {
	require_sysdig
	local t=$BATS_TEST_TMPDIR
	craft "$t/rm.scap" 5:ptid=1
	# (thread.tid and types only: a thread first seen at an execve with an
	# empty cwd resolves relative paths differently, with or without -U)
	same_as_sysdig -r "$t/rm.scap" -U bash -p '%evt.num %thread.tid %evt.type %evt.dir'
	assert_grep "$OUT" '^2 200 execve <$'
}

@test "-U with -w: the file holds none of the suppressed events, and sysdig reads it back as it prints -U" {
	local t=$BATS_TEST_TMPDIR
	run_syscope -r "$CORPUS/curl_google.scap" -U curl -w "$t/out.scap.gz"
	assert_status 0
	run_syscope -r "$t/out.scap.gz"
	assert_line_count "$OUT" 807
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -U curl >"$t/want"
	assert_same_file "$t/want" "$OUT"
	if command -v sysdig >/dev/null; then
		sysdig -r "$t/out.scap.gz" >"$t/back"
		assert_same_file "$t/want" "$t/back"
	fi
}

@test "-U: several -r files each start with an empty set, and -v adds up what was suppressed" {
	local f=$CORPUS/curl_google.scap
	run_syscope -r "$f" -r "$f" -U curl -v -q
	assert_status 0
	assert_grep "$ERR" '^syscope: 828 events suppressed \(-U\)$'
	run_syscope -r "$f" -r "$f" -U curl
	assert_line_count "$OUT" 1614
}

@test "-U refuses an empty name, a name longer than a comm and more than 32 names" {
	run_syscope -r "$CORPUS/curl_google.scap" -U ''
	assert_status 1
	assert_grep "$ERR" "^syscope: -U '': an empty name"
	run_syscope -r "$CORPUS/curl_google.scap" --suppress-comm 0123456789abcdef
	assert_status 1
	assert_grep "$ERR" "at most 15 bytes"
	local args=() i
	for i in $(seq 33); do args+=(-U "p$i"); done
	run_syscope -r "$CORPUS/curl_google.scap" "${args[@]}"
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: -U 'p33': at most 32 names"
	run_syscope -r "$CORPUS/curl_google.scap" "${args[@]:2}"
	assert_status 0
}
