#!/usr/bin/env bash
# Replay benchmark: syscope -r against sysdig -r on the same large trace file.
#
#   bench/replay.sh [EVENTS]
#
# Builds a release syscope (build-release/), grows a real capture from
# ../shared/corpus into a plain scap file of EVENTS events (default 2000000)
# with bench/scapgen.py, then times `syscope -r BIG > /dev/null` and, when it
# is installed, `sysdig -r BIG > /dev/null`.  Prints events/s for both, the
# ratio and syscope's peak RSS.  Each tool runs REPEAT times (default 3) and
# its best time is kept.  Goals: 10x sysdig's rate, under 64 MiB of RSS.
#
# Environment:
#   BENCH_SOURCE  capture to grow (default ../shared/corpus/curl_google.scap)
#   BENCH_CACHE   where the generated file is kept (default $TMPDIR/syscope-bench)
#   BUILD_DIR     release build directory (default build-release)
#   REPEAT        runs per tool (default 3)
#   BENCH_CHECK   1 (default): also compare the two tools' output once
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
events=${1:-2000000}
source_capture=${BENCH_SOURCE:-$root/../shared/corpus/curl_google.scap}
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/syscope-bench}
build=${BUILD_DIR:-$root/build-release}
repeat=${REPEAT:-3}
export TZ=UTC

die() { echo "replay.sh: $*" >&2; exit 1; }

[[ $events =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive number, not '$events'"
[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive number, not '$repeat'"
[[ -r $source_capture ]] || die "$source_capture: no such capture (set BENCH_SOURCE)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install time)"

# shellcheck source=bench/bench_common.bash
source "$root/bench/bench_common.bash"
bench_build
bench_input

measure "$syscope" -r "$big"
syscope_s=$best_s
syscope_rate=$(rate "$syscope_s")
syscope_rss_mib=$(awk -v k="$peak_kib" 'BEGIN { printf "%.1f", k / 1024 }')

sysdig_bin=$(command -v sysdig || true)
if [[ -n $sysdig_bin ]]; then
	measure "$sysdig_bin" -r "$big"
	sysdig_s=$best_s
	sysdig_rate=$(rate "$sysdig_s")
fi

echo
printf '%-8s %10s %14s\n' tool seconds events/s
printf '%-8s %10s %14s\n' syscope "$syscope_s" "$syscope_rate"
if [[ -n $sysdig_bin ]]; then
	printf '%-8s %10s %14s\n' sysdig "$sysdig_s" "$sysdig_rate"
	awk -v a="$syscope_rate" -v b="$sysdig_rate" \
		'BEGIN { printf "ratio: syscope is %.1fx sysdig (goal: 10x)\n", a / (b > 0 ? b : 1) }'
else
	echo "sysdig: not installed, no comparison"
fi
echo "syscope peak RSS: $syscope_rss_mib MiB (goal: < 64 MiB)"

# A fast but wrong replay would be worthless: compare the outputs once.
if [[ -n $sysdig_bin && ${BENCH_CHECK:-1} == 1 ]]; then
	if cmp -s <("$syscope" -r "$big") <("$sysdig_bin" -r "$big"); then
		echo "output: identical to sysdig's"
	else
		echo "output: WARNING: differs from sysdig's (see tests/e2e)" >&2
	fi
fi
