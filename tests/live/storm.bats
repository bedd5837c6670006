#!/usr/bin/env bats
# shellcheck disable=SC2154 # status_NAME is set by stop_tracer
# Live capture under load: a storm of getppid calls from two processes
# (bench/syscall_storm.c).  At a rate the machine sustains nothing is
# dropped; with rings too small for the rate, drops happen and syscope
# counts and reports them on stderr instead of losing events silently.
#
#   LIVE_STORM_SECONDS  length of the storm (default 30)
#   LIVE_STORM_RATE     calls a second per process (default 200000; this
#                       two-core machine, shared with other jobs, holds it)

load live_helpers

: "${LIVE_STORM_SECONDS:=30}"
: "${LIVE_STORM_RATE:=200000}"

setup() {
	require_live
	T=$BATS_TEST_TMPDIR
}

# storm SECONDS RATE: two storm processes side by side; the total number of
# calls they made goes to $T/calls.
storm() {
	"$SYSCALL_STORM" storm "$1" "$2" >"$T/storm1.out" 2>&1 </dev/null 3>&- &
	local a=$!
	"$SYSCALL_STORM" storm "$1" "$2" >"$T/storm2.out" 2>&1 </dev/null 3>&- &
	local b=$!
	local rc=0
	wait "$a" || rc=1
	wait "$b" || rc=1
	if ((rc)); then
		echo "syscall_storm failed:" >&2
		cat "$T/storm1.out" "$T/storm2.out" >&2
		return 1
	fi
	awk '{ n += $1 } END { print n }' "$T/storm1.out" "$T/storm2.out" >"$T/calls"
}

# The ring-size option, whatever syscope calls it, from its help text.
ring_size_option() {
	"$SYSCOPE" --help 2>&1 | grep -Eo -- '--[a-z-]*(buffer|ring)[a-z-]*' | head -n 1
}

@test "a syscall storm from 2 processes: no drops, every call counted" {
	start_tracer cap "$SYSCOPE" -q -v proc.name=syscall_storm
	storm "$LIVE_STORM_SECONDS" "$LIVE_STORM_RATE"
	sleep 1
	stop_tracer cap
	((status_cap == 0)) || { cat "$T/cap.err" >&2; return 1; }
	local calls drops events
	calls=$(cat "$T/calls")
	drops=$(closing_number "$T/cap.err" drops)
	events=$(closing_number "$T/cap.err" events)
	echo "storm: $calls calls; syscope: ${events:-?} events, ${drops:-?} drops" >&3
	if [[ -z $drops || -z $events ]]; then
		echo "syscope -v printed no 'N events' / 'N drops' statistics:" >&2
		cat "$T/cap.err" >&2
		return 1
	fi
	if ((drops != 0 || events < calls)); then
		echo "$drops drops, $events events for $calls calls; stderr:" >&2
		cat "$T/cap.err" >&2
		return 1
	fi
}

@test "tiny rings: drops are counted and reported without -v" {
	local opt
	opt=$(ring_size_option)
	[[ -n $opt ]] || skip "this syscope has no ring-size option"
	# The smallest ring the kernel allows is one page.
	start_tracer tiny "$SYSCOPE" -q "$opt=${LIVE_TINY_RING:-4096}" proc.name=syscall_storm
	storm 5 0
	stop_tracer tiny
	((status_tiny == 0)) || { cat "$T/tiny.err" >&2; return 1; }
	local drops
	drops=$(closing_number "$T/tiny.err" drops)
	echo "storm: $(cat "$T/calls") calls; syscope: ${drops:-?} drops" >&3
	if [[ -z $drops ]] || ((drops == 0)); then
		echo "no drops reported for a full-speed storm into one-page rings; stderr:" >&2
		cat "$T/tiny.err" >&2
		return 1
	fi
}
