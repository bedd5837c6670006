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
# BPF link, or the module's rings mapped, which comes right before it starts
# them) or has exited; 60 s at most, since loading a BPF program under
# software emulation is slow.  Then a moment for the start and /proc scan.
wait_attached() {
	i=0
	while [ $i -lt 600 ]; do
		kill -0 "$1" 2>/dev/null || return 1
		if ls -l "/proc/$1/fd" 2>/dev/null | grep -q 'bpf_link' ||
			grep -q syscope0 "/proc/$1/maps" 2>/dev/null; then
			sleep 1
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
# find its openat (fd resolved to the path), the transfer of the name and
# its newline (busybox cat uses sendfile; read would show the data too) and
# the close.
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
	# By path: busybox sh runs a bare `cat` inside the shell (no exec, so
	# no process called cat).
	/bin/cat /etc/hostname >/dev/null
	/bin/cat /etc/hostname >/dev/null
	sleep 1
	if ! stop_capture $pid; then
		show "$out" "$err"
		fail "$name" "syscope did not stop on SIGINT"
		return
	fi
	host=$(cat /etc/hostname)
	# read: the name and its newline.
	for want in 'openat fd=3\(<f>/etc/hostname\)' "(read|sendfile) res=$((${#host} + 1)) " \
		'close fd=3'; do
		if ! grep -qE -- "$want" "$out"; then
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

# emit NAME FILE: send a file to the host inside the console log (base64
# between markers); run.sh decodes it and runs the host-side checks on it.
emit() {
	echo "SYSCOPE-GUEST-FILE-BEGIN $1"
	base64 <"$2"
	echo "SYSCOPE-GUEST-FILE-END $1"
}

# workload DRIVER: the live tests' workload (tests/live/workload.c) captured
# with that driver; the capture and what the workload recorded go to the
# host, which checks them with tests/live/check_live.py, as the live tests do.
workload() {
	d=$1
	W=/tmp/w-$d
	mkdir -p "$W"
	live_workload "$W" >/tmp/wl-$d.log 2>&1 &
	wpid=$!
	i=0
	while [ ! -s "$W/pid" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	WPID=$(cat "$W/pid")
	out=/tmp/workload-$d.out
	syscope --driver="$d" -p '*%thread.tid\t%evt.dir\t%evt.type\t%fd.name\t%evt.info' \
		"proc.pid=$WPID or proc.ppid=$WPID" >"$out" 2>/tmp/workload-$d.err &
	pid=$!
	if ! wait_attached $pid; then
		kill "$wpid"
		show "$out" /tmp/workload-$d.err
		fail "workload-$d" "syscope did not start capturing"
		return
	fi
	sleep 1
	touch "$W/go"
	wait $wpid
	wrc=$?
	sleep 1
	stop_capture $pid
	if [ $wrc -ne 0 ] || [ ! -s "$W/expected.tsv" ]; then
		show /tmp/wl-$d.log
		fail "workload-$d" "the workload failed (exit $wrc)"
		return
	fi
	emit "workload-$d.out" "$out"
	emit "workload-$d.expected" "$W/expected.tsv"
	pass "workload-$d-captured"
}

# calls DRIVER [--enter-events]: live_calls (tests/live/calls/), one known
# call of every recipe syscall, captured with that driver in the format
# check_calls.py reads (CALLS_FORMAT, from the host); the capture and what
# the program recorded go to the host, which checks every parameter.
calls() {
	d=$1
	mode=exit
	[ "$2" = --enter-events ] && mode=enter
	name=calls-$d-$mode
	W=/tmp/$name
	mkdir -p "$W"
	live_calls "$W" >/tmp/$name.log 2>&1 &
	wpid=$!
	i=0
	while [ ! -s "$W/pid" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	WPID=$(cat "$W/pid")
	out=/tmp/$name.out
	syscope --driver="$d" $2 -p "$CALLS_FORMAT" \
		"proc.pid=$WPID or proc.ppid=$WPID or proc.apid=$WPID" >"$out" 2>/tmp/$name.err &
	pid=$!
	if ! wait_attached $pid; then
		kill "$wpid"
		show /tmp/$name.err
		fail "$name" "syscope did not start capturing"
		return
	fi
	touch "$W/go"
	wait $wpid
	wrc=$?
	sleep 1
	stop_capture $pid
	if [ $wrc -ne 0 ] || [ ! -s "$W/expected.tsv" ]; then
		show /tmp/$name.log
		fail "$name" "live_calls failed (exit $wrc)"
		return
	fi
	emit "$name.out" "$out"
	emit "$name.expected" "$W/expected.tsv"
	pass "$name-captured"
}

# storm DRIVER: 10 seconds of getppid from one process per vCPU into small
# rings: drops happen, and every call is either delivered or counted as
# dropped in the closing line.
storm() {
	d=$1
	err=/tmp/storm-$d.err
	syscope --driver="$d" -q -v --buffer-size=64k proc.name=syscall_storm \
		>/dev/null 2>"$err" &
	pid=$!
	if ! wait_attached $pid; then
		show "$err"
		fail "storm-$d" "syscope did not start capturing"
		return
	fi
	sleep 1
	n=$(grep -c ^processor /proc/cpuinfo)
	j=0
	spids=
	while [ $j -lt "$n" ]; do
		syscall_storm storm 10 0 >/tmp/storm-$d-$j.out 2>&1 &
		spids="$spids $!"
		j=$((j + 1))
	done
	for p in $spids; do wait "$p"; done
	sleep 1
	stop_capture $pid
	calls=$(cat /tmp/storm-$d-*.out | awk '{ n += $1 } END { print n + 0 }')
	events=$(grep -Eo '[0-9]+ events' "$err" | tail -n 1 | grep -Eo '^[0-9]+')
	drops=$(grep -Eo '[0-9]+ drop' "$err" | tail -n 1 | grep -Eo '^[0-9]+')
	echo "storm-$d: $n storms, $calls calls; syscope: ${events:-?} events, ${drops:-?} drops"
	if [ -z "$events" ] || [ -z "$drops" ]; then
		show "$err"
		fail "storm-$d" "no closing line with events and drops"
	elif [ "$drops" -eq 0 ]; then
		show "$err"
		fail "storm-$d" "no drops reported for a full-speed storm into 64 KiB rings"
	elif [ $((events + drops)) -lt "$calls" ]; then
		show "$err"
		fail "storm-$d" "$calls calls but only $events events + $drops drops"
	else
		pass "storm-$d"
	fi
}

# faults DRIVER: --page-faults with that driver (tests/live/faults.c knows
# its faults): a write fault at each of 8 fresh pages, a read fault and a
# kernel-mode fault (read(2) into a fresh page), each by the program's
# thread with the pf_flags the x86 error code means.
faults() {
	d=$1
	name=page-faults-$d
	out=/tmp/$name.out
	syscope --driver="$d" --page-faults -p '*%thread.tid %evt.type %evt.arg.addr %evt.arg.error' \
		proc.name=live_faults >"$out" 2>/tmp/$name.err &
	pid=$!
	if ! wait_attached $pid; then
		show /tmp/$name.err
		fail "$name" "syscope did not start capturing"
		return
	fi
	live_faults pages 8 >/tmp/$name.txt 2>&1
	sleep 1
	stop_capture $pid
	read -r _ tid _ start _ end </tmp/$name.txt
	rd=$(sed -n 's/^read //p' /tmp/$name.txt)
	kern=$(sed -n 's/^kernel //p' /tmp/$name.txt)
	if [ -z "$tid" ] || [ -z "$kern" ]; then
		show /tmp/$name.txt
		fail "$name" "live_faults failed"
		return
	fi
	missing=
	i=0
	while [ $i -lt 8 ]; do
		want="$tid page_fault $(printf '%X' $((start + i * 4096 + 8))) PAGE_NOT_PRESENT|WRITE_ACCESS|USER_FAULT"
		grep -qxF "$want" "$out" || missing="$missing; $want"
		i=$((i + 1))
	done
	for want in "$tid page_fault $(printf '%X' $((rd))) PAGE_NOT_PRESENT|READ_ACCESS|USER_FAULT" \
		"$tid page_fault $(printf '%X' $((kern))) PAGE_NOT_PRESENT|WRITE_ACCESS|SUPERVISOR_FAULT"; do
		grep -qxF "$want" "$out" || missing="$missing; $want"
	done
	if [ -n "$missing" ]; then
		show /tmp/$name.txt "$out" /tmp/$name.err
		fail "$name" "missing${missing}"
	else
		pass "$name"
	fi
}

# suppress DRIVER: -U sup_target (tests/live/suppress_target.c) with that
# driver, which keeps the suppressed set in the kernel.  One target runs
# before the capture (the /proc scan seeds the set), one starts during it
# (its execve puts it in); each starts threads and children that exec
# themselves as "exe".  None of their marker opens may arrive, another
# process's must, and -v must count what the driver dropped.
suppress() {
	d=$1
	name=suppress-$d
	out=/tmp/$name.out
	err=/tmp/$name.err
	sup_target 120 >/dev/null 2>&1 &
	early=$!
	sleep 0.5
	syscope --driver="$d" -v -U sup_target \
		'evt.type in (openat, open, execve, clone, clone3, fork, vfork, procexit)' \
		>"$out" 2>"$err" &
	pid=$!
	if ! wait_attached $pid; then
		kill $early
		show "$out" "$err"
		fail "$name" "syscope did not start capturing"
		return
	fi
	sup_target 2 >/dev/null 2>&1
	/bin/cat /nonexistent/sup_control_marker 2>/dev/null
	sleep 1
	stop_capture $pid
	kill $early 2>/dev/null
	wait $early
	n=$(sed -n 's/^syscope: \([0-9]*\) events suppressed (-U)$/\1/p' "$err")
	echo "$name: ${n:-?} events suppressed"
	leak='sup_(parent|thread|child)_marker|^[0-9]+ [0-9:.]+ [0-9]+ sup_target \('
	if grep -Eq "$leak" "$out"; then
		grep -E "$leak" "$out" | head -n 20
		fail "$name" "events of a suppressed thread came through"
	elif ! grep -q sup_control_marker "$out"; then
		show "$out" "$err"
		fail "$name" "the other process's open is missing"
	elif [ -z "$n" ] || [ "$n" -eq 0 ]; then
		show "$err"
		fail "$name" "-v reports no suppressed events"
	else
		pass "$name"
	fi
}

# containers DRIVER: container.id live with that driver on the guest's
# cgroup v2 hierarchy (every subsystem bound to it), as
# tests/live/containers.bats does on the host: a cgroup named as Docker
# names a container's (docker-ID.scope), a shell that moves itself in and
# then execs a script whose opens, and its child's, must carry the id's
# first 12 characters; one already inside before the capture (its cgroups
# from the /proc scan) too; another process's open carries host.  The
# cgroup is removed afterwards, whatever the outcome.
containers() {
	d=$1
	name=containers-$d
	out=/tmp/$name.out
	err=/tmp/$name.err
	if ! grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts &&
		! mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/tmp/$name.mount; then
		show /tmp/$name.mount
		skip "$name" "cannot mount cgroup2"
		return
	fi
	id=$(cat /proc/sys/kernel/random/uuid /proc/sys/kernel/random/uuid | tr -d '\n-')
	id12=$(echo "$id" | cut -c1-12)
	cg=/sys/fs/cgroup/docker-$id.scope
	if ! mkdir "$cg"; then
		skip "$name" "cannot create a cgroup in /sys/fs/cgroup"
		return
	fi
	# Paths, not names: busybox sh runs a bare cat in the shell itself.
	printf '%s\n' '/bin/cat /nonexistent/ct_parent_marker 2>/dev/null' \
		"sh -c '/bin/cat /nonexistent/ct_child_marker 2>/dev/null; :'" ':' >/tmp/$name.inside
	printf '%s\n' "while [ ! -e /tmp/$name.stop ]; do" \
		'{ true </nonexistent/ct_early_marker; } 2>/dev/null' 'sleep 0.1' 'done' >/tmp/$name.early
	sh -c 'echo $$ >"$1/cgroup.procs" && exec sh "$2"' _ "$cg" /tmp/$name.early &
	early=$!
	sleep 0.5
	syscope --driver="$d" -p '%container.id %proc.name %evt.type %evt.args' \
		'evt.type in (open, openat)' >"$out" 2>"$err" &
	pid=$!
	if wait_attached $pid; then
		sh -c 'echo $$ >"$1/cgroup.procs" && exec sh "$2"' _ "$cg" /tmp/$name.inside
		/bin/cat /nonexistent/ct_host_marker 2>/dev/null
		sleep 1
		stop_capture $pid
		attached=1
	else
		attached=0
	fi
	touch /tmp/$name.stop
	wait $early
	i=0
	while ! rmdir "$cg" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	why=
	[ $attached = 1 ] || why="syscope did not start capturing"
	for m in ct_parent_marker ct_child_marker ct_early_marker; do
		[ -n "$why" ] && break
		if ! grep -q "$m" "$out"; then
			why="no open of $m"
		elif grep "$m" "$out" | grep -qv "^$id12 "; then
			why="an open of $m without container.id $id12"
		fi
	done
	if [ -z "$why" ] && ! grep ct_host_marker "$out" | grep -q '^host '; then
		why="the host's open is not in container host"
	fi
	[ -z "$why" ] && [ -d "$cg" ] && why="the cgroup could not be removed"
	if [ -z "$why" ]; then
		pass "$name"
	else
		grep ct_ "$out"
		show "$err"
		cat "$cg/cgroup.procs" 2>/dev/null
		fail "$name" "$why"
	fi
}

# tracers DRIVER NAME EXPECTED [OPTIONS]: the bytes of data captured from
# live_faults' three writes of 3000 bytes to /dev/null (write, pwrite,
# writev) and one to a regular file, with OPTIONS, one "type fd bytes"
# line each, against EXPECTED.
tracers() {
	d=$1
	name=$2-$d
	expected=$3
	shift 3
	out=/tmp/$name.out
	syscope --driver="$d" -b -p '%evt.type %fd.name %evt.arg.data' "$@" \
		'proc.name=live_faults and evt.type in (write, pwrite, writev)' >"$out" 2>/tmp/$name.err &
	pid=$!
	if ! wait_attached $pid; then
		show /tmp/$name.err
		fail "$name" "syscope did not start capturing"
		return
	fi
	live_faults devnull /tmp/tracers-file >/tmp/$name.log 2>&1
	sleep 1
	stop_capture $pid
	got=$(while read -r type fd data; do
		echo "$type $fd $(echo "$data" | base64 -d | wc -c | tr -d ' ')"
	done <"$out")
	if [ "$got" = "$expected" ]; then
		pass "$name"
	else
		show "$out" /tmp/$name.err /tmp/$name.log
		fail "$name" "captured: $(echo $got)"
	fi
}

# faults_and_tracers DRIVER: both options' checks with that driver.
faults_and_tracers() {
	[ "$HAVE_FAULTS" = 1 ] || return 0
	faults "$1"
	tracers "$1" tracers-on "$(printf 'write /dev/null 3000\npwrite /dev/null 3000\nwritev /dev/null 3000\nwrite /tmp/tracers-file 80')" -T
	tracers "$1" tracers-off "$(printf 'write /dev/null 80\npwrite /dev/null 80\nwritev /dev/null 80\nwrite /tmp/tracers-file 80')"
}

# ----------------------------------------------------------------- eBPF
# The verifier's processed instructions per program and mode, shown in the
# summary (INFO lines), and held to the same margin as on the host.
verifier_margin() {
	sh /lib/syscope/verifier_margin.sh syscope >/tmp/margin.out 2>&1
	rc=$?
	sed -n 's/^margin \([^ :]*\) \(scope_[a-z_]*\) \([0-9]*\)$/SYSCOPE-GUEST INFO verifier \1 \2 \3 insns/p' /tmp/margin.out
	if [ $rc -eq 0 ]; then
		pass bpf-verifier-margin
	else
		grep -v '^margin [^ :]* scope_' /tmp/margin.out
		fail bpf-verifier-margin "a program is over the margin or did not load"
	fi
}

if live_supported; then
	verifier_margin
	check_cat bpf-cat
	[ "$HAVE_WORKLOAD" = 1 ] && workload bpf
	if [ "$HAVE_CALLS" = 1 ]; then
		calls bpf
		calls bpf --enter-events
	fi
	[ "$HAVE_STORM" = 1 ] && storm bpf
	faults_and_tracers bpf
	[ "$HAVE_SUPPRESS" = 1 ] && suppress bpf
	containers bpf
else
	skip bpf-cat "this syscope has no live capture yet"
fi

# ----------------------------------------------------------------- kmod
if [ "$HAVE_KMOD" = 1 ]; then
	# syscope loads the module itself when /dev/syscope0 is absent.
	export SYSCOPE_KMOD=$ko
	check_cat kmod-cat --driver=kmod
	if grep -q '^syscope ' /proc/modules && [ -c /dev/syscope0 ]; then
		pass kmod-loaded
	else
		fail kmod-loaded "no syscope module or no /dev/syscope0 after --driver=kmod"
	fi
	# One reader at a time: a second one is told why it cannot start.
	syscope --driver=kmod -q >/dev/null 2>/tmp/first.err &
	pid=$!
	if wait_attached $pid; then
		timeout 20 syscope --driver=kmod -n 1 >/dev/null 2>/tmp/second.err
		rc=$?
		if [ $rc -eq 1 ] && grep -q 'busy' /tmp/second.err; then
			pass kmod-busy
		else
			show /tmp/second.err
			fail kmod-busy "a second reader got exit $rc"
		fi
	else
		show /tmp/first.err
		fail kmod-busy "the first reader did not start"
	fi
	stop_capture $pid
	[ "$HAVE_WORKLOAD" = 1 ] && workload kmod
	if [ "$HAVE_CALLS" = 1 ]; then
		calls kmod
		calls kmod --enter-events
	fi
	[ "$HAVE_STORM" = 1 ] && storm kmod
	faults_and_tracers kmod
	[ "$HAVE_SUPPRESS" = 1 ] && suppress kmod
	containers kmod
	if rmmod syscope 2>/tmp/rmmod.err && ! grep -q '^syscope ' /proc/modules; then
		pass kmod-unload
	else
		show /tmp/rmmod.err
		fail kmod-unload "rmmod syscope failed"
	fi
else
	skip kmod "no kernel module was built"
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
