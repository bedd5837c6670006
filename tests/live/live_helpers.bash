# Shared set-up for the live capture tests (suite 'live'); each .bats file in
# tests/live starts with `load live_helpers`.
#
# Environment (tests/meson.build sets it; the defaults suit a build in
# build/):
#   SYSCOPE        the binary under test
#   LIVE_WORKLOAD  tests/live/workload.c, built
#   SYSCALL_STORM  bench/syscall_storm.c, built
#   LIVE_CALLS     tests/live/calls/, built
#   TZ             UTC, as for the other suites
#
# The tests skip, rather than fail, when live capture cannot run here: not
# root, no kernel BTF, or a syscope built without live capture.  Once live
# capture starts, anything wrong is a failure.

: "${SYSCOPE:=$BATS_TEST_DIRNAME/../../build/syscope}"
: "${LIVE_WORKLOAD:=$BATS_TEST_DIRNAME/../../build/tests/live_workload}"
: "${SYSCALL_STORM:=$BATS_TEST_DIRNAME/../../build/tests/syscall_storm}"
: "${LIVE_CALLS:=$BATS_TEST_DIRNAME/../../build/tests/live_calls}"
export TZ=UTC
# shellcheck disable=SC2034 # used by the .bats files
SRCDIR=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

check_live() {
	python3 "$BATS_TEST_DIRNAME/check_live.py" "$@"
}

# live_unavailable: why live capture cannot run here (not root, no BTF, a
# syscope without live capture), on stdout; nothing when it can.  Returns 1
# when a program under test is missing, which is an error, not a reason to
# skip.  The probe (a one-event capture) runs once per bats run.
live_unavailable() {
	if ((EUID != 0)); then
		echo "live capture needs root (CAP_BPF and CAP_PERFMON)"
		return 0
	fi
	if [[ ! -r /sys/kernel/btf/vmlinux ]]; then
		echo "no kernel BTF (/sys/kernel/btf/vmlinux)"
		return 0
	fi
	local prog
	for prog in "$SYSCOPE" "$LIVE_WORKLOAD" "$SYSCALL_STORM"; do
		if [[ ! -x $prog ]]; then
			echo "no $prog: build it first (ninja -C build)" >&2
			return 1
		fi
	done
	local probe=$BATS_RUN_TMPDIR/live_probe
	if [[ ! -f $probe.status ]]; then
		local rc=0
		start_activity
		timeout 60 "$SYSCOPE" -n 1 >"$probe.out" 2>"$probe.err" </dev/null || rc=$?
		stop_activity
		echo "$rc" >"$probe.status"
	fi
	# A syscope without live capture says so and exits 1; any other failure
	# is left to the tests, which show it.
	if [[ $(cat "$probe.status") == 1 ]] &&
		grep -Eqi 'no input|not built|live capture' "$probe.err"; then
		echo "this syscope has no live capture: $(head -n 1 "$probe.err")"
	fi
}

# start_activity / stop_activity: a loop making a few syscalls every 50 ms,
# for tests that wait for "any" events: an idle machine (a CI runner) can
# go for a minute without a single syscall of its own.
start_activity() {
	(while :; do read -r _ </proc/self/stat; sleep 0.05; done) </dev/null >/dev/null 2>&1 3>&- &
	ACTIVITY_PID=$!
}

stop_activity() {
	if [[ -n ${ACTIVITY_PID:-} ]]; then
		kill "$ACTIVITY_PID" 2>/dev/null || true
		wait "$ACTIVITY_PID" 2>/dev/null || true
		ACTIVITY_PID=
	fi
}

# require_live: skip the test unless live capture can run here.
require_live() {
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || skip "$why"
}

# has_option LETTER-OR-LONG: the help text lists the option.
has_option() {
	"$SYSCOPE" --help 2>&1 | grep -Eq -- "(^|[ ,[])$1([ ,=]|\$)"
}

# links_of PID: how many BPF links the process holds (a tracer is attached
# once it has them; syscope scans /proc before attaching).
links_of() {
	grep -l '^link_id:' /proc/"$1"/fdinfo/* 2>/dev/null | wc -l
}

# start_tracer NAME COMMAND...: run COMMAND in the background with stdout in
# $T/NAME.out and stderr in $T/NAME.err, and wait until it has attached its
# BPF programs (its link count is non-zero and has not changed for half a
# second).  Sets pid_NAME.
start_tracer() {
	local name=$1
	shift
	"$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null 3>&- &
	local pid=$!
	printf -v "pid_$name" '%s' "$pid"
	local n=0 last=-1 stable=0 i
	for ((i = 0; i < 600; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "$name ($*) exited before it attached; stderr:" >&2
			head -n 30 "$T/$name.err" >&2
			return 1
		fi
		n=$(links_of "$pid")
		if ((n > 0 && n == last)); then
			((++stable >= 5)) && return 0
		else
			stable=0
		fi
		last=$n
		sleep 0.1
	done
	echo "$name ($*) did not attach within 60 s" >&2
	return 1
}

# stop_tracer NAME: SIGINT, then wait (20 s at most) for its exit; the exit
# status goes to status_NAME.  A tracer that must be killed, or that
# crashed, fails the test.
stop_tracer() {
	local name=$1 pid_var=pid_$1 i rc=0
	local pid=${!pid_var}
	kill -INT "$pid" 2>/dev/null || true
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		echo "$name did not stop within 20 s of SIGINT" >&2
		return 1
	fi
	wait "$pid" || rc=$?
	printf -v "status_$name" '%s' "$rc"
	if ((rc >= 128)) || grep -Eq 'Sanitizer|runtime error:|Segmentation|core dumped' "$T/$name.err"; then
		echo "$name crashed (exit $rc); stderr:" >&2
		head -n 30 "$T/$name.err" >&2
		return 1
	fi
}

# stop_tracers NAME...: stop_tracer for each of those that was started,
# writing its exit status to $T/NAME.status for the tests; fails when one
# of them did.
stop_tracers() {
	local name failed=0
	for name in "$@"; do
		local pid_var=pid_$name
		[[ -n ${!pid_var:-} ]] || continue
		stop_tracer "$name" || failed=1
		local status_var=status_$name
		echo "${!status_var}" >"$T/$name.status"
	done
	return "$failed"
}

# start_workload [WRAPPER...]: start live_workload on the directory $W,
# under WRAPPER if given (e.g. strace), and wait for its pid file.  Sets
# WPID (the workload's pid) and WRAP_PID (the background job).
start_workload() {
	W=$T/w
	mkdir -p "$W"
	"$@" "$LIVE_WORKLOAD" "$W" >"$T/workload.out" 2>"$T/workload.err" </dev/null 3>&- &
	WRAP_PID=$!
	local i
	for ((i = 0; i < 300; i++)); do
		[[ -s $W/pid ]] && break
		sleep 0.1
	done
	if [[ ! -s $W/pid ]]; then
		echo "live_workload did not start; stderr:" >&2
		cat "$T/workload.err" >&2
		return 1
	fi
	# shellcheck disable=SC2034 # used by the .bats files
	WPID=$(cat "$W/pid")
}

# run_workload: let the workload go and wait (60 s at most) for its end.
run_workload() {
	touch "$W/go"
	local i rc=0
	for ((i = 0; i < 600; i++)); do
		kill -0 "$WRAP_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$WRAP_PID" 2>/dev/null; then
		kill -KILL "$WRAP_PID" 2>/dev/null || true
		echo "live_workload did not finish within 60 s" >&2
		return 1
	fi
	wait "$WRAP_PID" || rc=$?
	if ((rc != 0)) || [[ ! -s $W/expected.tsv ]]; then
		echo "live_workload failed (exit $rc); stderr:" >&2
		cat "$T/workload.err" >&2
		return 1
	fi
}

# closing_number FILE WORD: the number before WORD ("events", "drop") in
# syscope's closing statistics line on stderr, or nothing.
closing_number() {
	grep -Eio "[0-9]+ $2" "$1" | tail -n 1 | grep -Eo '^[0-9]+' || true
}
