#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script):
#
#   1. build/       gcc, default options        meson test (unit + e2e)
#   2. build-asan/  clang, ASan + UBSan          the same tests
#   3. build-fuzz/  clang, libFuzzer             tests/fuzz/run.sh 60
#   4. build-guest/ gcc, -Dstatic=true           tests/kmod/run.sh: Debian's 6.1
#                                                and 6.12 kernels under qemu, the
#                                                kernel module and the eBPF driver
#
# Every step runs even when an earlier one failed.  The last line is
# "N passed, N failed": the sum of meson's Ok/Fail counts of steps 1 and 2,
# plus one each for the fuzz run and the guest kernels; a build that fails
# counts as one failure.  The
# exit status is non-zero when anything failed.
#
# Environment: FUZZ_SECONDS (default 60).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
logs=$(mktemp -d "${TMPDIR:-/tmp}/syscope-tests.XXXXXX")
trap 'rm -rf "$logs"' EXIT

# Sanitizer settings for step 2 and the fuzzer (other binaries ignore them):
# undefined behaviour stops the program, leaks are reported.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1

passed=0
failed=0
report=()

# count FIELD LOG: the number on meson's summary line "FIELD: N" (0 if none).
count() {
	awk -v f="$1:" '$0 ~ "^" f { n = $NF } END { print n + 0 }' "$2"
}

# meson_step NAME DIR CC [SETUP-OPTIONS...]: set up DIR if needed, build it,
# run its tests and add meson's counts to the totals.
meson_step() {
	local name=$1 dir=$2 cc=$3 log=$logs/$1.log
	shift 3
	echo "=== $name: $dir (CC=$cc $*)"
	if [[ ! -f $dir/build.ninja ]] && ! CC=$cc meson setup "$dir" "$@"; then
		failed=$((failed + 1)); report+=("$name: meson setup failed")
		return
	fi
	if ! ninja -C "$dir"; then
		failed=$((failed + 1)); report+=("$name: build failed")
		return
	fi
	local rc=0
	meson test -C "$dir" --print-errorlogs 2>&1 | tee "$log" || rc=$?
	local ok fail
	ok=$(($(count Ok "$log") + $(count 'Expected Fail' "$log")))
	fail=$(($(count Fail "$log") + $(count 'Unexpected Pass' "$log") + $(count Timeout "$log")))
	# meson failing without reporting a failed test (e.g. it could not
	# rebuild) still counts as one failure.
	if ((rc != 0 && fail == 0)); then fail=1; fi
	passed=$((passed + ok))
	failed=$((failed + fail))
	report+=("$name: $ok passed, $fail failed")
}

meson_step gcc build gcc

# The sanitizer build runs every test, the oracle comparisons on a sample
# of the captures (tests/e2e/helpers.bash, oracle_captures): the gcc build
# has compared them all.
SYSCOPE_TEST_SAMPLE=1 meson_step asan build-asan clang -Db_sanitize=address,undefined -Db_lundef=false

echo "=== fuzz: tests/fuzz/run.sh ${FUZZ_SECONDS:-60}"
if tests/fuzz/run.sh "${FUZZ_SECONDS:-60}"; then
	passed=$((passed + 1)); report+=("fuzz: passed")
else
	failed=$((failed + 1)); report+=("fuzz: FAILED")
fi

echo "=== guest: tests/kmod/run.sh"
if KMOD_BUILD=build-guest tests/kmod/run.sh; then
	passed=$((passed + 1)); report+=("guest kernels: passed")
else
	failed=$((failed + 1)); report+=("guest kernels: FAILED")
fi

echo "=== summary"
printf '  %s\n' "${report[@]}"
echo "$passed passed, $failed failed"
((failed == 0))
