# The checks run inside the qemu guest (busybox sh), sourced by no one:
# guest-init.sh runs this file with sh.  One marker line per check:
#   SYSCOPE-GUEST PASS name
#   SYSCOPE-GUEST FAIL name: why
#   SYSCOPE-GUEST SKIP name: why
# tests/kmod/run.sh counts them; any FAIL fails the run.  On failure a check
# prints what it saw (command output) before its marker, so the console log
# that run.sh shows explains it.
. /etc/syscope-guest.conf
ko=/lib/syscope/syscope.ko
status=0

pass() { echo "SYSCOPE-GUEST PASS $1"; }
fail() { echo "SYSCOPE-GUEST FAIL $1: $2"; status=1; }
skip() { echo "SYSCOPE-GUEST SKIP $1: $2"; }

# show FILE...: dump files into the console log, prefixed, for a failure.
show() {
	for f in "$@"; do
		echo "--- $f"
		head -c 20000 "$f" | sed 's/^/    /'
	done
}

# wait_attached PID: until the capture process has attached its driver (a
# BPF link, or a syscope device open) or has exited; 60 s at most, since
# loading a BPF program under software emulation is slow.
wait_attached() {
	i=0
	while [ $i -lt 600 ]; do
		kill -0 "$1" 2>/dev/null || return 1
		if ls -l "/proc/$1/fd" 2>/dev/null | grep -q -e 'bpf_link' -e '/dev/syscope'; then
			sleep 0.2
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# stop_capture PID: SIGINT, then wait at most 20 s for a clean exit.
stop_capture() {
	kill -INT "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		wait "$1"
		return 1
	fi
	wait "$1"
}

# live_supported: this syscope has live capture (it says "no input"
# otherwise).
live_supported() {
	out=$(timeout 20 syscope -n 1 2>&1 </dev/null)
	case $out in *"no input"*) return 1 ;; esac
	return 0
}

# check_cat NAME [syscope options]: capture `cat /etc/hostname` live and
# find its openat (fd resolved to the path), read (with the data) and close.
check_cat() {
	name=$1
	shift
	out=/tmp/$name.out
	err=/tmp/$name.err
	syscope "$@" proc.name=cat >"$out" 2>"$err" &
	pid=$!
	if ! wait_attached $pid; then
		show "$out" "$err"
		fail "$name" "syscope did not start capturing"
		return
	fi
	cat /etc/hostname >/dev/null
	cat /etc/hostname >/dev/null
	sleep 1
	if ! stop_capture $pid; then
		show "$out" "$err"
		fail "$name" "syscope did not stop on SIGINT"
		return
	fi
	host=$(cat /etc/hostname)
	for want in "openat fd=3(<f>/etc/hostname)" "read res=${#host}" "data=$host" "close "; do
		if ! grep -qF -- "$want" "$out"; then
			show "$out" "$err"
			fail "$name" "no '$want' in the capture"
			return
		fi
	done
	pass "$name"
}

# ----------------------------------------------------------------- basics
case $(uname -r) in
"$KERNEL_SERIES".*) pass "boot $(uname -r)" ;;
*) fail boot "kernel $(uname -r), expected $KERNEL_SERIES.x" ;;
esac

if syscope --version >/tmp/version 2>&1; then pass static-binary; else
	show /tmp/version
	fail static-binary "the static syscope does not run"
fi

if [ -r /sys/kernel/btf/vmlinux ]; then pass kernel-btf; else fail kernel-btf "no /sys/kernel/btf/vmlinux"; fi

# ----------------------------------------------------------------- eBPF
if live_supported; then
	check_cat bpf-cat
else
	skip bpf-cat "this syscope has no live capture yet"
fi

# ----------------------------------------------------------------- dmesg
# Whatever ran above, the kernel must not have complained.
if dmesg | grep -E 'Oops|BUG:|WARNING:|Call Trace|general protection' >/tmp/dmesg.bad; then
	dmesg >/tmp/dmesg.all
	show /tmp/dmesg.all
	fail dmesg-clean "the kernel logged $(wc -l </tmp/dmesg.bad) problem line(s)"
else
	pass dmesg-clean
fi

exit $status
