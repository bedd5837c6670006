#!/usr/bin/env bash
# What a tracer adds to each system call, syscope and its peers in one run.
#
#   sudo bench/overhead.sh [SYSCOPE]      (default: build/syscope)
#
# A fixed amount of work (bench/syscall_storm.c: N getppid calls, then N
# rounds of a 1-byte write and read on a pipe) runs with no tracer, then
# under each tracer in turn:
#   floor         an empty BPF program on tp_btf/sys_exit (bench/empty_*):
#                 the least any sys_exit tracer pays
#   clock only    a program that only reads the clock (bench/clock_exit.bpf.c):
#                 the least a tracer that timestamps its events pays
#   syscope       -q, capturing every event on the machine
#   syscope -w    -w /dev/null, the same plus the file writer
#   syscope rej   proc.name=<nonexistent>: the kernel drops every event
#   bpftrace      counting sys_enter in a map
#   perf trace    perf trace -o /dev/null on the workload
#   strace        strace -f -o /dev/null on the workload
# and prints, for each, the ns a call takes, the ns the tracer adds, and
# that cost against the floor's; for the BPF tracers also the kernel's own
# count of the time their programs take per run (kernel.bpf_stats_enabled,
# on only for a separate shorter run: the statistics read the clock twice a
# run, which would inflate every timed figure), which other load on the
# machine does not disturb.  A tracer that is missing or fails to start
# prints n/a; the rest still run.  Each figure is the best of REPEAT runs
# (other jobs share the CPUs: the minimum is the least disturbed).
#
# BEFORE=OTHER_SYSCOPE adds a row for another syscope binary (-q, every
# event), to compare two versions of the driver in one run.
#
# Environment: N (getppid calls, default 2000000), REPEAT (default 3),
# SLOW (work divisor for perf trace and strace, which take microseconds a
# call; default 20).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SYSCOPE=${1:-${SYSCOPE:-$root/build/syscope}}
N=${N:-2000000}
REPEAT=${REPEAT:-3}
SLOW=${SLOW:-20}

if ((EUID != 0)); then
	echo "overhead.sh: run it as root (BPF programs, perf, bpftrace)" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/syscope-overhead.XXXXXX")
tracer_pid=
stats_was=$(sysctl -n kernel.bpf_stats_enabled 2>/dev/null)
cleanup() {
	if [[ -n $tracer_pid ]]; then
		kill -INT "$tracer_pid" 2>/dev/null
		wait "$tracer_pid" 2>/dev/null
	fi
	[[ -n $stats_was ]] && sysctl -qw kernel.bpf_stats_enabled="$stats_was"
	rm -rf "$work"
}
trap cleanup EXIT

# ---------------------------------------------------------------- build
cc=${CC:-cc}
if ! "$cc" -std=c11 -D_GNU_SOURCE -O2 -o "$work/storm" "$root/bench/syscall_storm.c"; then
	echo "overhead.sh: cannot build bench/syscall_storm.c with $cc" >&2
	exit 1
fi
have_floor=0
if command -v clang >/dev/null &&
	clang -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
		-c "$root/bench/empty_exit.bpf.c" -o "$work/empty.bpf.o" 2>"$work/floor.build" &&
	clang -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
		-c "$root/bench/clock_exit.bpf.c" -o "$work/clock.bpf.o" 2>>"$work/floor.build" &&
	"$cc" -std=c11 -D_GNU_SOURCE -O2 -o "$work/empty_loader" "$root/bench/empty_loader.c" \
		-lbpf 2>>"$work/floor.build"; then
	have_floor=1
else
	echo "overhead.sh: the empty BPF program did not build (clang, libbpf-dev):" >&2
	head -n 5 "$work/floor.build" >&2
fi

# bpftrace and perf trace attach to tracepoints, which need tracefs.
if [[ ! -d /sys/kernel/tracing/events ]]; then
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
fi

# ---------------------------------------------------------------- measuring
# best KIND COUNT [WRAPPER...]: the lowest ns per call of REPEAT runs of
# "storm KIND COUNT", under WRAPPER if given; nothing when a run fails.
best() {
	local kind=$1 count=$2 i out min=
	shift 2
	for ((i = 0; i < REPEAT; i++)); do
		out=$("$@" "$work/storm" "$kind" "$count" 2>>"$work/storm.err") || return 0
		out=${out##*$'\n'}
		out=${out#* }
		if [[ -z $min ]] || awk -v a="$out" -v b="$min" 'BEGIN { exit !(a < b) }'; then
			min=$out
		fi
	done
	echo "$min"
}

declare -A get pip
measure() {   # measure NAME [WRAPPER...]
	local name=$1 scale=1
	shift
	(($#)) && scale=$SLOW
	get[$name]=$(best getppid $((N / scale)) "$@")
	pip[$name]=$(best pipe $((N / 4 / scale)) "$@")
}

# wait_links PID: until the process holds BPF links and their number has
# stayed the same for half a second (it has attached everything).
wait_links() {
	local pid=$1 n last=-1 stable=0 i
	for ((i = 0; i < 600; i++)); do
		kill -0 "$pid" 2>/dev/null || return 1
		n=$(grep -l '^link_id:' /proc/"$pid"/fdinfo/* 2>/dev/null | wc -l)
		if ((n > 0 && n == last)); then
			((++stable >= 5)) && return 0
		else
			stable=0
		fi
		last=$n
		sleep 0.1
	done
	return 1
}

# wait_line FILE TEXT: until FILE holds TEXT (the tracer said it is ready).
wait_line() {
	local i
	for ((i = 0; i < 600; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		kill -0 "$tracer_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# The BPF programs' own cost, from the kernel's statistics
# (kernel.bpf_stats_enabled): what each run of a tracer's programs takes,
# whatever else the machine is doing.  prog_ids lists the loaded programs;
# prog_cost IDS... prints the ns per run over those programs.
declare -A cost
prog_ids() {
	bpftool prog show 2>/dev/null | sed -n 's/^\([0-9][0-9]*\): .*/\1/p' | sort
}
prog_cost() {
	local id t=0 c=0 rt rc line
	for id; do
		line=$(bpftool prog show id "$id" 2>/dev/null | head -n 1)
		rt=$(sed -n 's/.* run_time_ns \([0-9]*\).*/\1/p' <<<"$line")
		rc=$(sed -n 's/.* run_cnt \([0-9]*\).*/\1/p' <<<"$line")
		t=$((t + ${rt:-0}))
		c=$((c + ${rc:-0}))
	done
	((c > 0)) && awk -v t="$t" -v c="$c" 'BEGIN { printf "%.1f", t / c }'
}

# system_wide NAME READY COMMAND...: start a tracer, wait for READY ("links"
# or a line it prints), measure, stop it.
system_wide() {
	local name=$1 ready=$2
	shift 2
	if ! command -v "$1" >/dev/null && [[ ! -x $1 ]]; then
		echo "  $name: $1 not found" >>"$work/notes"
		return
	fi
	local before
	before=$(prog_ids)
	"$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null &
	tracer_pid=$!
	local ok=0
	if [[ $ready == links ]]; then
		wait_links "$tracer_pid" && ok=1
	else
		wait_line "$work/$name.out" "$ready" && ok=1
	fi
	if ((ok)); then
		local mine
		mine=$(comm -13 <(echo "$before") <(prog_ids))
		# Timed with the statistics off: keeping them reads the clock
		# twice per program run, a cost of its own that would be added
		# to the floor and to every tracer alike.  Then a shorter run
		# with them on, for the programs' own time.
		stats 0
		measure "$name"
		stats 1
		"$work/storm" getppid $((N / 4)) >/dev/null 2>&1
		"$work/storm" pipe $((N / 16)) >/dev/null 2>&1
		stats 0
		# shellcheck disable=SC2086 # one word per program id
		cost[$name]=$(prog_cost $mine)
	else
		echo "  $name: did not start: $(head -n 1 "$work/$name.err")" >>"$work/notes"
	fi
	kill -INT "$tracer_pid" 2>/dev/null
	wait "$tracer_pid" 2>/dev/null
	tracer_pid=
}

: >"$work/notes"
# stats 0|1: the kernel's BPF run-time statistics off or on.
stats() { sysctl -qw kernel.bpf_stats_enabled="$1" 2>/dev/null; }
stats 0 || echo "  BPF ns/run: kernel.bpf_stats_enabled cannot be set" >>"$work/notes"
# Other tracers attached meanwhile (another user's capture, a test run) add
# their cost to every figure: say so.
others=$(bpftool prog show 2>/dev/null | grep -cE '^[0-9]+: (tracing|raw_tracepoint|tracepoint)')
if ((others > 0)); then
	echo "  warning: $others tracing BPF programs of others were attached at the start;" \
		"the ns/call figures include their cost (BPF ns/run does not)" >>"$work/notes"
fi
echo "overhead.sh: N=$N getppid, $((N / 4)) pipe rounds, best of $REPEAT; strace and perf trace do 1/$SLOW of it" >&2

measure none
if ((have_floor)); then
	system_wide floor ready "$work/empty_loader" "$work/empty.bpf.o"
	system_wide clock ready "$work/empty_loader" "$work/clock.bpf.o"
fi
if [[ -x $SYSCOPE ]]; then
	system_wide syscope links "$SYSCOPE" -q
	system_wide syscope_w links "$SYSCOPE" -w /dev/null
	system_wide syscope_rej links "$SYSCOPE" -q proc.name=no_such_comm_xq
	if [[ -n ${BEFORE:-} ]]; then
		system_wide syscope_before links "$BEFORE" -q
	fi
else
	echo "  syscope: no binary at $SYSCOPE" >>"$work/notes"
fi
system_wide bpftrace ready bpftrace -e \
	'BEGIN { printf("ready\n"); } tracepoint:raw_syscalls:sys_enter { @calls = count(); }'
if command -v perf >/dev/null; then
	measure perf_trace perf trace -o /dev/null --
else
	echo "  perf_trace: perf not found (apt-get install linux-perf)" >>"$work/notes"
fi
if command -v strace >/dev/null; then
	measure strace strace -f -o /dev/null --
else
	echo "  strace: not found" >>"$work/notes"
fi
measure none2   # the baseline again: how much the machine drifted meanwhile

# ---------------------------------------------------------------- report
labels=(
	"none:no tracer"
	"floor:empty BPF on tp_btf/sys_exit (floor)"
	"clock:BPF reading the clock only"
	"syscope:syscope -q, every event"
	"syscope_w:syscope -w /dev/null, every event"
	"syscope_rej:syscope proc.name=<none>, kernel drops all"
	"syscope_before:\$BEFORE -q, every event"
	"bpftrace:bpftrace, count sys_enter"
	"perf_trace:perf trace -o /dev/null"
	"strace:strace -f -o /dev/null"
	"none2:no tracer, again"
)
# min A B: the lower of two figures, either of which may be missing.
min() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "") print b; else if (b == "") print a; else print (a < b ? a : b)
	}'
}
base_get=$(min "${get[none]:-}" "${get[none2]:-}")
base_pip=$(min "${pip[none]:-}" "${pip[none2]:-}")

# cell NS BASE FLOOR_ADDED: "ns/call  +added  xfloor", or n/a
cell() {
	awk -v ns="$1" -v base="$2" -v floor="$3" 'BEGIN {
		if (ns == "") { printf "%9s %9s %7s", "n/a", "", ""; exit }
		added = ns - base
		if (floor != "" && floor > 0 && added > 0) r = sprintf("%6.1fx", added / floor)
		else r = ""
		printf "%9.1f %+9.1f %7s", ns, added, r
	}'
}
floor_get=
floor_pip=
if [[ -n ${get[floor]:-} && -n $base_get ]]; then
	floor_get=$(awk -v a="${get[floor]}" -v b="$base_get" 'BEGIN { print a - b }')
fi
if [[ -n ${pip[floor]:-} && -n $base_pip ]]; then
	floor_pip=$(awk -v a="${pip[floor]}" -v b="$base_pip" 'BEGIN { print a - b }')
fi

printf '%-44s %29s   %29s   %s\n' "" "getppid: ns/call  added  /floor" \
	"pipe r/w: ns/call  added  /floor" "BPF ns/run  /floor"
for entry in "${labels[@]}"; do
	key=${entry%%:*}
	[[ $key == syscope_before && -z ${BEFORE:-} ]] && continue
	printf '%-44s %s   %s   %s\n' "${entry#*:}" \
		"$(cell "${get[$key]:-}" "$base_get" "$floor_get")" \
		"$(cell "${pip[$key]:-}" "$base_pip" "$floor_pip")" \
		"$(awk -v c="${cost[$key]:-}" -v f="${cost[floor]:-}" 'BEGIN {
			if (c == "") exit
			printf "%10.1f", c
			if (f != "" && f > 0) printf " %6.1fx", c / f
		}')"
done
if [[ -s $work/notes ]]; then
	echo "not measured:"
	cat "$work/notes"
fi
echo "(baseline: the lower of the two no-tracer runs; added = ns/call - baseline;"
echo " /floor = added / the empty program's added; BPF ns/run = the kernel's run"
echo " time of the tracer's BPF programs per run.  Target: syscope <= 2x floor;"
echo " 'clock only' is what reading one timestamp per event costs by itself.)"
