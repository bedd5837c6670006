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
	# A copy under a name of this run's own, so the filter proc.name=$COMM
	# matches no other storm on the machine (another test run, a benchmark).
	COMM=storm_$$
	cp "$SYSCALL_STORM" "$T/$COMM"
}

# storm SECONDS RATE: two storm processes side by side; the total number of
# calls they made goes to $T/calls.
storm() {
	"$T/$COMM" storm "$1" "$2" >"$T/storm1.out" 2>&1 </dev/null 3>&- &
	local a=$!
	"$T/$COMM" storm "$1" "$2" >"$T/storm2.out" 2>&1 </dev/null 3>&- &
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
	"$SYSCOPE" --help 2>&1 | grep -Eo -- '--[a-z-]*(buffer|ring)[a-z-]*[ =][A-Z]' |
		grep -Eo -- '--[a-z-]*' | head -n 1
}

@test "a syscall storm from 2 processes: no drops, every call counted" {
	start_tracer cap "$SYSCOPE" -q -S -v "proc.name=$COMM"
	storm "$LIVE_STORM_SECONDS" "$LIVE_STORM_RATE"
	sleep 1
	stop_tracer cap
	((status_cap == 0)) || { cat "$T/cap.err" >&2; return 1; }
	local calls drops seen
	calls=$(cat "$T/calls")
	drops=$(closing_number "$T/cap.err" drop)
	# -S counts the events delivered, by type: "< getppid N".
	seen=$(awk '$1 == "<" && $2 == "getppid" { print $3 }' "$T/cap.out")
	echo "# storm: $calls calls; syscope: ${seen:-?} getppid events, ${drops:-?} dropped" >&3
	if [[ -z $drops ]]; then
		echo "syscope -v printed no 'N dropped' statistics:" >&2
		cat "$T/cap.err" >&2
		return 1
	fi
	if ((drops != 0)) || [[ $seen != "$calls" ]]; then
		echo "$drops dropped, ${seen:-no} getppid events for $calls calls; stderr and -S:" >&2
		cat "$T/cap.err" >&2
		head -n 8 "$T/cap.out" >&2
		return 1
	fi
}

@test "tiny rings: drops are counted and reported without -v" {
	local opt
	opt=$(ring_size_option)
	[[ -n $opt ]] || skip "this syscope has no ring-size option"
	# The smallest ring syscope accepts, against two processes at full speed.
	start_tracer tiny "$SYSCOPE" -q -S "$opt=${LIVE_TINY_RING:-16k}" "proc.name=$COMM"
	storm 5 0
	sleep 1
	stop_tracer tiny
	((status_tiny == 0)) || { cat "$T/tiny.err" >&2; return 1; }
	local calls drops seen
	calls=$(cat "$T/calls")
	drops=$(closing_number "$T/tiny.err" drop)
	seen=$(awk '$1 == "<" && $2 == "getppid" { print $3 }' "$T/tiny.out")
	echo "# storm: $calls calls; syscope: ${seen:-0} getppid events, ${drops:-?} dropped" >&3
	if [[ -z $drops ]] || ((drops == 0)); then
		echo "no drops reported for a full-speed storm into 16k rings; stderr:" >&2
		cat "$T/tiny.err" >&2
		return 1
	fi
	# Never silent: every call was either delivered or counted as dropped
	# (the drops also count the storm processes' few start-up calls).
	if ((${seen:-0} + drops < calls)); then
		echo "$calls calls, but only ${seen:-0} delivered + $drops dropped" >&2
		return 1
	fi
}
