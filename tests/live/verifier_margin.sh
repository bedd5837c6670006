#!/bin/sh
# The eBPF driver's verifier margin: loads the driver in each mode a user
# can pick (exit events, --enter-events, the largest snaplen, a filter the
# kernel applies, -U names, all of them together, page faults with tracers
# capture) with `syscope --driver-info`, and
# prints one line per mode and program:
#   margin MODE PROGRAM VERIFIED_INSNS
# Fails (exit 1) when a program needs more than VERIFIER_MARGIN processed
# instructions (default 200000: a fifth of the verifier's limit, so a
# kernel whose verifier prunes worse, a new recipe kind or another compiler
# still fits), or when the driver does not load at all.
# POSIX sh: the qemu guests run it with busybox (tests/kmod/guest-checks.sh).
#
#   tests/live/verifier_margin.sh [SYSCOPE]
syscope=${1:-syscope}
limit=${VERIFIER_MARGIN:-200000}
status=0
out=${TMPDIR:-/tmp}/verifier_margin.$$
trap 'rm -f "$out"' EXIT

check_mode() {
	mode=$1
	shift
	if ! "$syscope" --driver-info "$@" >"$out" 2>&1; then
		echo "margin $mode: the driver did not load:"
		sed 's/^/    /' "$out"
		status=1
		return
	fi
	loaded=0
	# program, section, verified, share of the limit, insns, jited
	while read -r prog section verified rest; do
		case $prog in scope_*) ;; *) continue ;; esac
		[ "$verified" = - ] && continue
		loaded=$((loaded + 1))
		echo "margin $mode $prog $verified"
		if [ "$verified" -gt "$limit" ]; then
			echo "margin $mode: $prog needs $verified instructions, over the margin of $limit"
			status=1
		fi
	done <"$out"
	if [ "$loaded" -eq 0 ]; then
		echo "margin $mode: no program figures in the output:"
		sed 's/^/    /' "$out"
		status=1
	fi
}

check_mode default
check_mode enter-events --enter-events
check_mode snaplen-65000 -s 65000
check_mode pushdown proc.name=cat and evt.type in '(open, openat, read)'
check_mode suppress -U cat -U nginx
check_mode all --enter-events -s 65000 -U sshd proc.name=cat and evt.type=read
check_mode faults-tracers --page-faults -T
exit $status
