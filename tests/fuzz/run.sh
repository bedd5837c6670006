#!/usr/bin/env bash
# Fuzz syscope's trace-file replay with libFuzzer for a while.
#
#   tests/fuzz/run.sh [SECONDS [TARGET...]]     (default: 60 s, every target)
#
# Targets: fuzz_reader (the reader alone), fuzz_replay (reader, state
# engine and formatting) and fuzz_filter (the filter compiler and VM, seeded
# with tests/fuzz/filter_seeds/ and tests/fuzz/filter.dict); SECONDS is
# shared between them.  Builds
# build-fuzz/ with clang, ASan+UBSan and coverage instrumentation of the
# whole core, seeds a temporary corpus with every capture in
# ../shared/corpus (as stored, and decompressed) and the synthetic edge
# cases, then fuzzes.  Exits non-zero if a target finds a crash, a leak,
# undefined behaviour or a hang; the input that did it is kept in
# build-fuzz/fuzz-artifacts/.  Reproduce one with
#   build-fuzz/tests/fuzz_reader build-fuzz/fuzz-artifacts/fuzz_reader-crash-...
set -euo pipefail

secs=${1:-60}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS [TARGET...]]" >&2; exit 2; }
shift $(($# > 0 ? 1 : 0))

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
corpus=${CORPUS:-$root/../shared/corpus}

if [[ ! -f $build/build.ninja ]]; then
	CC=clang meson setup "$build" "$root" \
		-Dfuzz=true \
		-Db_sanitize=address,undefined \
		-Db_lundef=false \
		-Dc_args=-fsanitize=fuzzer-no-link
fi
if (($# > 0)); then
	targets=("$@")
else
	targets=()
	for t in fuzz_reader fuzz_replay fuzz_filter; do
		if [[ -f $root/tests/fuzz/$t.c ]]; then targets+=("$t"); fi
	done
fi
ninja -C "$build" "${targets[@]/#/tests/}"
each=$((secs / ${#targets[@]}))
((each > 0)) || each=1

work=$(mktemp -d "${TMPDIR:-/tmp}/syscope-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds" "$build/fuzz-artifacts"

nseeds=0
if [[ -d $corpus ]]; then
	for f in "$corpus"/*.scap "$corpus"/synthetic/*.scap; do
		[[ -f $f ]] || continue
		name=$(basename "$(dirname "$f")")-$(basename "$f")
		cp "$f" "$work/seeds/$name"
		# The reader must cope with both forms: add the plain bytes too.
		if [[ $(head -c 2 "$f" | od -An -tx1 | tr -d ' ') == 1f8b ]]; then
			zcat "$f" >"$work/seeds/$name.raw"
		fi
	done
	nseeds=$(find "$work/seeds" -type f | wc -l)
else
	echo "run.sh: no corpus at $corpus; fuzzing from an empty corpus" >&2
fi
echo "run.sh: $nseeds seed files; ${targets[*]}: $each s each"

# Make UBSan findings fatal, so libFuzzer reports them like crashes.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

failed=()
for t in "${targets[@]}"; do
	echo "run.sh: fuzzing $t for $each s"
	status=0
	seeds=$work/seeds dict=$root/tests/fuzz/scap.dict
	if [[ $t == fuzz_filter ]]; then
		# filters are text: their own seeds (copied, libFuzzer adds to them)
		seeds=$work/filter_seeds dict=$root/tests/fuzz/filter.dict
		mkdir -p "$seeds"
		cp "$root"/tests/fuzz/filter_seeds/* "$seeds/"
	fi
	"$build/tests/$t" "$seeds" \
		-dict="$dict" \
		-max_total_time="$each" \
		-timeout=10 \
		-rss_limit_mb=2048 \
		-print_final_stats=1 \
		-artifact_prefix="$build/fuzz-artifacts/$t-" || status=$?
	((status == 0)) || failed+=("$t (exit $status)")
done

if ((${#failed[@]})); then
	echo "run.sh: problems found by: ${failed[*]}; inputs in $build/fuzz-artifacts/" >&2
	exit 1
fi
echo "run.sh: no crash in $secs s"
