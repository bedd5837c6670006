#!/bin/bash
# try.sh FAMILY [SYSCOPE OPTIONS...]: build live_calls with one family of
# cases (file_cases, io_cases, net_cases, proc_cases), capture one run of
# it live with syscope and check it with check_calls.py, in exit mode, or
# in enter mode when the options hold --enter-events.  For working on the
# cases; the test suite runs tests/live/calls.bats.
#   SYSCOPE=path/to/syscope (default build/syscope)   OUT=dir (default a new tmp dir)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
family=${1:?usage: try.sh FAMILY [syscope options]}
shift
SYSCOPE=${SYSCOPE:-$root/build/syscope}
OUT=${OUT:-$(mktemp -d /tmp/calls.XXXXXX)}
mkdir -p "$OUT"
mode=exit
for a in "$@"; do [[ $a == --enter-events ]] && mode=enter; done
cc -std=gnu11 -O1 -Wall -Wextra -Werror -static -DCALLS_ONLY="$family" \
	-o "$OUT/live_calls" "$here"/*.c
W=$OUT/w
rm -rf "$W" && mkdir -p "$W"
"$OUT/live_calls" "$W" >"$OUT/calls.out" 2>"$OUT/calls.err" &
cpid=$!
for ((i = 0; i < 100; i++)); do [[ -s $W/pid ]] && break; sleep 0.1; done
wpid=$(cat "$W/pid")
fmt=$(python3 "$root/tests/live/check_calls.py" format "$root")
"$SYSCOPE" "$@" -p "$fmt" "proc.pid=$wpid or proc.ppid=$wpid or proc.apid=$wpid" \
	>"$OUT/capture.out" 2>"$OUT/capture.err" &
spid=$!
for ((i = 0; i < 300; i++)); do
	grep -qs '^link_id:' /proc/$spid/fdinfo/* && break
	sleep 0.1
done
sleep 1
touch "$W/go"
wait $cpid || { echo "live_calls failed:"; cat "$OUT/calls.err"; exit 1; }
sleep 1
kill -INT $spid; wait $spid || true
echo "files in $OUT"
python3 "$root/tests/live/check_calls.py" check "$OUT/capture.out" "$W/expected.tsv" "$root" "$mode"
