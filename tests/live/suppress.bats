#!/usr/bin/env bats
# -U live: the eBPF driver keeps the suppressed threads itself, so the
# events of sup_target (tests/live/suppress_target.c), of its threads and
# of its children, even once they exec something else, never reach the
# rings; a capture without -U beside it shows they were there to drop.

load live_helpers

: "${SUP_TARGET:=$BATS_TEST_DIRNAME/../../build/tests/sup_target}"

# The events the checks read; the kernel drops the others before -U is
# even asked (the rule still sees every fork and exec).
FILTER='evt.type in (openat, open, execve, clone, clone3, fork, vfork, procexit)'
MARKERS='sup_parent_marker|sup_thread_marker|sup_child_marker'

setup() {
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || skip "$why"
	[[ -x $SUP_TARGET ]] || { echo "no $SUP_TARGET: build it first" >&2; return 1; }
	T=$BATS_TEST_TMPDIR
}

teardown() {
	stop_tracers hide seen || true
}

# The target's threads, from the capture that shows them: "tid name".
target_tids() {
	grep -E "$MARKERS" "$T/seen.out" | sed -E 's/^[0-9]+ [0-9:.]+ [0-9]+ (.*) \(([0-9]+)\) [<>] .*/\2 \1/' | sort -u
}

check_hidden() {
	# there was something to hide: the parent, its thread and the exec'd child
	grep -q sup_parent_marker "$T/seen.out"
	grep -q sup_thread_marker "$T/seen.out"
	grep -Eq ' exe \([0-9]+\) < openat .*sup_child_marker' "$T/seen.out"
	# and none of it came through
	# (by the name column: the tests' environment, which other processes'
	# execve events show, names the target's path)
	local leak="$MARKERS|^[0-9]+ [0-9:.]+ [0-9]+ sup_target \\("
	if grep -Eq "$leak" "$T/hide.out"; then
		echo "suppressed events got through:" >&2
		grep -E "$leak" "$T/hide.out" | cut -c1-300 | head >&2
		return 1
	fi
	# (a target's tid may show before its execve, under the shell's name)
	local tid name
	while read -r tid name; do
		if grep -Eq "^[0-9]+ [0-9:.]+ [0-9]+ $name \($tid\) [<>] " "$T/hide.out"; then
			echo "thread $tid ($name) of the target is in the -U capture" >&2
			return 1
		fi
	done < <(target_tids)
	[[ -n $(target_tids) ]]
	# while other processes' events still are
	grep -q sup_control_marker "$T/hide.out"
	local n
	n=$(sed -En 's/^syscope: ([0-9]+) events suppressed \(-U\)$/\1/p' "$T/hide.err")
	echo "# $n events suppressed" >&3
	[[ -n $n ]] && ((n > 0))
}

@test "-U sup_target drops the target, its thread and its exec'd child in the kernel, and -v counts them" {
	start_tracer hide "$SYSCOPE" -v -U sup_target "$FILTER"
	start_tracer seen "$SYSCOPE" "$FILTER"
	"$SUP_TARGET" 2
	cat /nonexistent/sup_control_marker 2>/dev/null || true
	sleep 0.5
	stop_tracers hide seen
	check_hidden
}

@test "-U: a target already running when the capture starts is dropped from its first event (the /proc scan seeds the driver)" {
	"$SUP_TARGET" 6 &
	local target=$!
	sleep 0.5
	start_tracer hide "$SYSCOPE" -v -U sup_target "$FILTER"
	start_tracer seen "$SYSCOPE" "$FILTER"
	sleep 2
	cat /nonexistent/sup_control_marker 2>/dev/null || true
	sleep 0.5
	stop_tracers hide seen
	kill "$target" 2>/dev/null || true
	wait "$target" 2>/dev/null || true
	check_hidden
}
