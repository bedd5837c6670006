#!/usr/bin/env bats
# Every syscall of capture/recipes/recipes.tsv, captured live and checked parameter
# by parameter: live_calls (tests/live/calls/) makes one known call of each
# and records what its events must show; check_calls.py holds syscope's
# capture to that, exit events alone and with --enter-events.  One run of
# the program, traced by both captures at once.

load live_helpers

setup_file() {
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || return 0
	export T=$BATS_FILE_TMPDIR
	LIVE_WORKLOAD=$LIVE_CALLS start_workload
	export W WPID
	local fmt filter
	fmt=$(python3 "$BATS_TEST_DIRNAME/check_calls.py" format "$SRCDIR")
	filter="proc.pid=$WPID or proc.ppid=$WPID or proc.apid=$WPID"
	start_tracer exit "$SYSCOPE" -p "$fmt" "$filter"
	start_tracer enter "$SYSCOPE" --enter-events -p "$fmt" "$filter"
	run_workload
	sleep 1
	stop_tracers exit enter
}

setup() {
	require_live
	[[ -x $LIVE_CALLS ]] || { echo "no $LIVE_CALLS: build it first" >&2; return 1; }
}

# check_mode MODE: the capture of that mode ran cleanly and holds every
# recorded call with every parameter.
check_mode() {
	local st
	st=$(cat "$T/$1.status")
	if [[ $st != 0 ]]; then
		echo "syscope ($1) exited with status $st; stderr:" >&2
		head -n 20 "$T/$1.err" >&2
		return 1
	fi
	python3 "$BATS_TEST_DIRNAME/check_calls.py" check "$T/$1.out" "$W/expected.tsv" "$SRCDIR" "$1"
}

@test "live: every recipe syscall's exit event shows each parameter as the call made it" {
	check_mode exit
}

@test "live --enter-events: every recipe syscall's enter and exit events, each parameter" {
	check_mode enter
}
