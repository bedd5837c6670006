#!/usr/bin/env bash
# Chisel benchmark: syscope -r BIG -c CHISEL against sysdig -r BIG -c CHISEL,
# side by side in one run, for the chisels users reach for most
# (topprocs_cpu, topfiles_bytes, topscalls, echo_fds, spy_file).
#
#   bench/chisels.sh [EVENTS]
#
# The input is bench/replay.sh's (a real capture grown to EVENTS events,
# default 2000000).  Prints both tools' events/s per chisel, the ratio and
# syscope's peak RSS.  Goals: 5x sysdig's events/s, peak RSS under 64 MiB.
# Both run their own stock chisels (syscope's from chisels/, sysdig's from
# /usr/share/sysdig/chisels).
#
# Environment: as bench/replay.sh (BENCH_SOURCE, BENCH_CACHE, BUILD_DIR,
# REPEAT, default 1 here: sysdig takes minutes per chisel on this input).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
events=${1:-2000000}
source_capture=${BENCH_SOURCE:-$root/../shared/corpus/curl_google.scap}
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/syscope-bench}
build=${BUILD_DIR:-$root/build-release}
repeat=${REPEAT:-1}
export TZ=UTC

die() { echo "chisels.sh: $*" >&2; exit 1; }

[[ $events =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive number, not '$events'"
[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive number, not '$repeat'"
[[ -r $source_capture ]] || die "$source_capture: no such capture (set BENCH_SOURCE)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install time)"
sysdig_bin=$(command -v sysdig) || die "sysdig is needed for the comparison (apt-get install sysdig)"

# shellcheck source=bench/bench_common.bash
source "$root/bench/bench_common.bash"
bench_build
bench_input
export SYSCOPE_CHISEL_DIR=$root/chisels
# sysdig runs from an empty folder: its own chisels only
stock=$cache/stock
mkdir -p "$stock"

printf '\n%-16s %12s %12s %8s %10s\n' chisel syscope/s sysdig/s ratio "RSS MiB"
worst=
for chisel in topprocs_cpu topfiles_bytes topscalls echo_fds spy_file; do
	measure "$syscope" -r "$big" -c "$chisel"
	ours=$(rate "$best_s")
	rss=$(awk -v k="$peak_kib" 'BEGIN { printf "%.1f", k / 1024 }')
	cd "$stock"
	measure env -u SYSDIG_CHISEL_DIR "$sysdig_bin" -r "$big" -c "$chisel"
	cd "$root"
	theirs=$(rate "$best_s")
	ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 1) }')
	printf '%-16s %12s %12s %7sx %10s\n' "$chisel" "$ours" "$theirs" "$ratio" "$rss"
	worst=$(awk -v w="${worst:-1e9}" -v r="$ratio" 'BEGIN { print (r < w ? r : w) }')
done
echo "lowest ratio: ${worst}x (goal: 5x); RSS goal: < 64 MiB"
