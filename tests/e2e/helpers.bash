# Shared set-up for syscope's end-to-end tests; each .bats file starts with
# `load helpers`.
#
# Environment (tests/meson.build sets all of it; defaults allow running
# `bats tests/e2e` by hand after `meson setup build && ninja -C build`):
#   SYSCOPE          the binary under test
#   CORPUS           ../shared/corpus: real captures and synthetic/ (may be absent)
#   SYSCOPE_VERSION  the project version, for --version
#   TZ               UTC, because sysdig prints local times

: "${SYSCOPE:=$BATS_TEST_DIRNAME/../../build/syscope}"
: "${CORPUS:=$BATS_TEST_DIRNAME/../../../shared/corpus}"
export TZ=UTC

# Where run_syscope leaves what it saw.
OUT=$BATS_TEST_TMPDIR/stdout
ERR=$BATS_TEST_TMPDIR/stderr

require_syscope() {
	if [[ ! -x $SYSCOPE ]]; then
		echo "no syscope binary at $SYSCOPE: build it first (ninja -C build)" >&2
		return 1
	fi
}

# Tests that read the corpus skip, rather than fail, when it is not there.
require_corpus() {
	[[ -d $CORPUS ]] || skip "corpus folder $CORPUS is missing (tests read ../shared/corpus)"
}

# sysdig is only an oracle: comparisons with it skip when it is not installed.
require_sysdig() {
	command -v sysdig >/dev/null || skip "sysdig is not installed (apt-get install sysdig)"
}

# run_syscope ARGS...: run the binary with stdout in $OUT and stderr in $ERR
# (both byte-exact, unlike bats' $output), its exit code in $status.  Any
# sign of a crash fails the test, whatever the exit code: a signal, a
# sanitizer report, a segfault message.
run_syscope() {
	status=0
	"$SYSCOPE" "$@" >"$OUT" 2>"$ERR" || status=$?
	if ((status >= 128)) ||
		grep -Eq 'Sanitizer|runtime error:|Segmentation|core dumped|Aborted' "$ERR"; then
		echo "syscope $* crashed (exit $status); stderr:" >&2
		head -n 40 "$ERR" >&2
		return 1
	fi
}

assert_status() {
	if [[ $status != "$1" ]]; then
		echo "expected exit status $1, got $status; stderr:" >&2
		head -n 20 "$ERR" >&2
		return 1
	fi
}

# assert_same_file EXPECTED ACTUAL: byte for byte, with a diff on failure.
assert_same_file() {
	if ! cmp -s "$1" "$2"; then
		echo "output differs from $1 (diff expected actual, first 60 lines):" >&2
		diff -u "$1" "$2" | head -n 60 >&2 || true
		cmp "$1" "$2" >&2 || true
		return 1
	fi
}

assert_empty() {
	if [[ -s $1 ]]; then
		echo "expected $(basename "$1") to be empty; it holds:" >&2
		head -n 20 "$1" >&2
		return 1
	fi
}

# assert_grep FILE ERE: FILE has a line matching the extended regex.
assert_grep() {
	if ! grep -Eq -- "$2" "$1"; then
		echo "no line of $(basename "$1") matches /$2/; it holds:" >&2
		head -n 20 "$1" >&2
		return 1
	fi
}

assert_line_count() {
	local n
	n=$(wc -l <"$1")
	if ((n != $2)); then
		echo "expected $2 lines in $(basename "$1"), got $n:" >&2
		head -n 20 "$1" >&2
		return 1
	fi
}

# assert_error_with_offset NAME: stderr holds exactly one message of the
# shape "syscope: FILE: byte N: PROBLEM", where FILE ends with NAME.  Sets
# err_offset to N.
assert_error_with_offset() {
	assert_line_count "$ERR" 1 || return 1
	assert_grep "$ERR" "^syscope: .*${1//./\\.}: byte [0-9]+: ." || return 1
	# shellcheck disable=SC2034 # read by the tests
	err_offset=$(sed -E 's/^syscope: .*: byte ([0-9]+): .*/\1/' "$ERR")
}

# scap_blocks FILE: a small independent decoder of a plain scap file, one
# line per block: "OFFSET KIND TYPE LENGTH DETAILS".  KIND is event or meta;
# DETAILS are tids for process lists (PL_V9), the tid of fd lists, and
# "ts tid type" for v2 event blocks.  Used to show the premises of tests on
# hand-made files (docs/scap-format.md §1).
scap_blocks() {
	python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
events = {0x204, 0x8010ABCD, 0x208, 0x216, 0x217, 0x221, 0x222}
pos = 0
while pos + 8 <= len(data):
    btype, blen = struct.unpack_from("<II", data, pos)
    if blen < 12 or pos + blen > len(data):
        print(pos, "bad", hex(btype), blen)
        break
    body = data[pos + 8:pos + blen - 4]
    detail = ""
    if btype == 0x215:                      # PL_V9: entries with entry_len
        tids, off = [], 0
        while off + 12 <= len(body):
            elen, tid = struct.unpack_from("<Iq", body, off)
            tids.append(str(tid))
            off += max(elen, 4)
        detail = "tids=" + ",".join(tids)
    elif btype in (0x203, 0x218):           # FDL: u64 tid first
        detail = "tid=%d" % struct.unpack_from("<q", body, 0)
    elif btype in (0x216, 0x221):           # EV_V2: cpu, ts, tid, len, type
        ts, tid, _, etype = struct.unpack_from("<QqIH", body, 2)
        detail = "ts=%d tid=%d type=%d" % (ts, tid, etype)
    kind = "event" if btype in events else "meta"
    print(pos, kind, hex(btype), blen, detail)
    pos += blen
PY
}

# The captures the chisel tests compare with sysdig on: every real capture
# and the synthetic ones that each stress something different (threads,
# fd types, CPUs, exit-only events, interleaving, the t* shapes).  Running
# the oracle on all forty files for every chisel and argument would cost
# most of CI's half hour.
#
# With SYSCOPE_TEST_SAMPLE=1 (tests/run-all.sh sets it for the sanitizer
# build, whose runs cost ten times more) only a sample of them: the gcc
# build has compared every capture by then, and the sanitizers need the
# code paths run, not every file.
oracle_captures() {
	local f real=("$CORPUS"/*.scap) synthetic=(t1 t3 t4 threads fdtypes cpus exitonly interleave)
	if [[ ${SYSCOPE_TEST_SAMPLE:-} == 1 ]]; then
		real=("$CORPUS"/curl_google.scap "$CORPUS"/falco_container_user.scap
			"$CORPUS"/test_ipv6_client.scap)
		synthetic=(t3 threads)
	fi
	for f in "${real[@]}"; do
		[[ -f $f ]] && echo "$f"
	done
	for f in "${synthetic[@]}"; do
		[[ -f $CORPUS/synthetic/$f.scap ]] && echo "$CORPUS/synthetic/$f.scap"
	done
	return 0
}
