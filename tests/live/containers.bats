#!/usr/bin/env bats
# Containers live: the driver writes each new process's cgroups on its
# clone and execve exits, and the /proc scan those of the processes already
# there, so container.id follows a process into a container it joins.  No
# container runtime is needed: the test makes a cgroup named as Docker
# names its containers' (docker-ID.scope on the v2 hierarchy, /docker/ID on
# a v1 one), moves a shell into it before that shell execs the script to
# trace, and checks that the script's events, and its children's, carry the
# id's first 12 characters while another process's carry `host`.  Every
# cgroup made is removed again, also when a test fails (teardown).

load live_helpers

FILTER='evt.type in (open, openat)'
# What -w writes: a filtered file holds only the events that match, so the
# clone and execve exits that carry the cgroups must be among them.
WFILTER='evt.type in (open, openat, execve, execveat, clone, clone3, fork, vfork)'
FORMAT='%container.id %proc.name %evt.type %evt.args'

setup() {
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || skip "$why"
	T=$BATS_TEST_TMPDIR
	# 64 hex digits, new for each test: no leftover can match
	ID=$(cat /proc/sys/kernel/random/uuid /proc/sys/kernel/random/uuid | tr -d '\n-')
	ID12=${ID:0:12}
	CG_PREFIX=docker-
	CGROUPS=()
	# The script traced inside the container: its own open, then one of a
	# child it forks (a shell running cat), after the move.
	cat >"$T/inside.sh" <<-'EOF'
		cat /nonexistent/ct_parent_marker 2>/dev/null
		sh -c 'cat /nonexistent/ct_child_marker 2>/dev/null; :'
		:
	EOF
}

teardown() {
	stop_tracers live rec || true
	[[ -z ${DOCKER_PID:-} ]] || kill "$DOCKER_PID" 2>/dev/null || true
	local dir pid i n
	# innermost first
	for ((i = ${#CGROUPS[@]} - 1; i >= 0; i--)); do
		dir=${CGROUPS[i]}
		[[ -d $dir ]] || continue
		# whatever a failed test left inside, then the cgroup itself (v2
		# takes a moment to see the last process gone)
		while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$dir/cgroup.procs"
		for ((n = 0; n < 50; n++)); do
			rmdir "$dir" 2>/dev/null && break
			sleep 0.1
		done
		[[ ! -d $dir ]] || echo "could not remove $dir" >&2
	done
}

# make_cgroup DIR: create it (or skip: the hierarchy is not writable here)
# and remember it for teardown.
make_cgroup() {
	mkdir "$1" 2>/dev/null || skip "cannot create a cgroup in $(dirname "$1")"
	CGROUPS+=("$1")
}

# v2_cgroup: a docker-ID.scope on the cgroup2 hierarchy (another runtime's
# prefix in CG_PREFIX: libpod-, crio-), or skip.  Its path
# is in the cgroups of the subsystems bound to v2 (hierarchy 0 in
# /proc/cgroups; on a hybrid host, those not mounted as v1): without one,
# neither the driver nor the /proc scan has a v2 path to write.
v2_cgroup() {
	local mnt
	mnt=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	[[ -n $mnt ]] || skip "no cgroup2 hierarchy mounted"
	awk 'NR > 1 && $2 == 0 { found = 1 } END { exit !found }' /proc/cgroups ||
		skip "no cgroup subsystem on the v2 hierarchy"
	CG=$mnt/${CG_PREFIX}$ID.scope
	make_cgroup "$CG"
}

# v1_cgroup: /docker/ID on a v1 hierarchy with a controller (/PREFIXID for
# another CG_PREFIX), or skip.
v1_cgroup() {
	local mnt
	mnt=$(awk '$3 == "cgroup" && $4 !~ /(^|,)name=/ { print $2; exit }' /proc/mounts)
	[[ -n $mnt ]] || skip "no cgroup v1 hierarchy with a controller mounted"
	if [[ $CG_PREFIX == docker- ]]; then
		[[ -d $mnt/docker ]] || make_cgroup "$mnt/docker"
		CG=$mnt/docker/$ID
	else
		CG=$mnt/${CG_PREFIX}$ID
	fi
	make_cgroup "$CG"
}

# any_cgroup: v2_cgroup where the v2 hierarchy carries paths, else v1_cgroup.
any_cgroup() {
	if awk '$3 == "cgroup2" { found = 1 } END { exit !found }' /proc/mounts &&
		awk 'NR > 1 && $2 == 0 { found = 1 } END { exit !found }' /proc/cgroups; then
		v2_cgroup
	else
		v1_cgroup
	fi
}

# in_container: run inside.sh in $CG: a shell moves itself in, then execs.
in_container() {
	sh -c 'echo $$ >"$1/cgroup.procs" && exec sh "$2"' _ "$CG" "$T/inside.sh"
}

# check_ids FILE: the markers' opens carry the container's id, the host's
# open `host`.
check_ids() {
	local f=$1 m
	echo "# checking $f" >&2 # (shown only when the test fails)
	for m in ct_parent_marker ct_child_marker; do
		if ! grep -q "$m" "$f"; then
			echo "no open of $m in $f:" >&2
			head -n 20 "$f" >&2
			return 1
		fi
		if grep "$m" "$f" | grep -qv "^$ID12 "; then
			echo "an open of $m without container.id $ID12:" >&2
			grep "$m" "$f" >&2
			return 1
		fi
	done
	grep -q ct_host_marker "$f"
	if grep ct_host_marker "$f" | grep -qv '^host '; then
		echo "the host's open is not in container host:" >&2
		grep ct_host_marker "$f" >&2
		return 1
	fi
}

# traced CGROUP-KIND: capture (and record) while the script runs in a new
# container, then check both the live lines and the file read back.
traced() {
	start_tracer live "$SYSCOPE" -p "$FORMAT" "$FILTER"
	start_tracer rec "$SYSCOPE" -w "$T/ct.scap" "$WFILTER"
	in_container
	cat /nonexistent/ct_host_marker 2>/dev/null || true
	sleep 0.5
	stop_tracers live rec
	check_ids "$T/live.out"
	"$SYSCOPE" -r "$T/ct.scap" -p "$FORMAT" "$FILTER" >"$T/read.out"
	check_ids "$T/read.out"
}

@test "v2: a process that joins a docker-ID.scope cgroup, and the child it forks, show the container's id live and in -w files; others show host" {
	v2_cgroup
	traced
}

@test "v1: a process that joins a /docker/ID cgroup shows the container's id" {
	v1_cgroup
	traced
}

@test "a process already in a container when the capture starts gets its id from the /proc scan" {
	any_cgroup
	# The shell opens its marker itself (a redirection, no child) every
	# 0.1 s until told to stop: only the /proc scan knows its cgroups.
	cat >"$T/inside.sh" <<-EOF
		while [ ! -e "$T/stop" ]; do
			{ true </nonexistent/ct_parent_marker; } 2>/dev/null
			sleep 0.1
		done
	EOF
	sh -c 'echo $$ >"$1/cgroup.procs" && exec sh "$2"' _ "$CG" "$T/inside.sh" &
	local early=$!
	sleep 0.5
	start_tracer live "$SYSCOPE" -p "$FORMAT" "proc.pid=$early and $FILTER"
	sleep 1
	stop_tracers live
	touch "$T/stop"
	wait "$early"
	grep -q ct_parent_marker "$T/live.out"
	if grep ct_parent_marker "$T/live.out" | grep -qv "^$ID12 "; then
		grep ct_parent_marker "$T/live.out" | head >&2
		return 1
	fi
}

# start_fake_runtime FLAVOUR VARIABLE: the fake runtime
# (tests/live/fake_runtime.py, docker or crio) on a socket the environment
# variable VARIABLE names, answering for this test's container.
start_fake_runtime() {
	python3 "$BATS_TEST_DIRNAME/fake_runtime.py" "$T/runtime.sock" "$ID" fake-web nginx:1.25 \
		"$T/runtime.log" "$1" 3>&- &
	DOCKER_PID=$!
	local i
	for ((i = 0; i < 50; i++)); do
		[[ -S $T/runtime.sock ]] && break
		sleep 0.1
	done
	[[ -S $T/runtime.sock ]]
	export "$2=unix://$T/runtime.sock"
}

# named_by_runtime FLAVOUR VARIABLE REQUEST PRIVILEGED: a process in the
# container gets the name and image the fake runtime gives, live and in a
# -w file read back; it was asked with REQUEST (ID in it is the whole id);
# PRIVILEGED is what container.privileged shows.
named_by_runtime() {
	command -v python3 >/dev/null || skip "no python3 for the fake runtime"
	any_cgroup
	start_fake_runtime "$1" "$2"
	local request=${3//ID/$ID} priv=$4
	# an open at once, then one when the runtime has surely answered
	cat >"$T/inside.sh" <<-'EOF'
		cat /nonexistent/ct_parent_marker 2>/dev/null
		sleep 1
		cat /nonexistent/ct_later_marker 2>/dev/null
		:
	EOF
	local format='*%container.id %container.name %container.image %container.privileged %proc.name %evt.type'
	start_tracer live "$SYSCOPE" -p "$format %evt.args" "$FILTER"
	# (the metadata event, too, must pass the filter to be written)
	start_tracer rec "$SYSCOPE" -w "$T/ct.scap" "$WFILTER or evt.type=container"
	in_container
	cat /nonexistent/ct_host_marker 2>/dev/null || true
	sleep 0.5
	stop_tracers live rec
	kill "$DOCKER_PID"
	# asked once (both captures: twice at most), for the whole id
	[[ $(grep -c "^GET $request HTTP/1.0$" "$T/runtime.log") -ge 1 ]] || {
		cat "$T/runtime.log" >&2
		return 1
	}
	grep -q "^$ID12 fake-web nginx:1.25 $priv cat openat .*ct_later_marker" "$T/live.out" || {
		grep ct_ "$T/live.out" >&2
		return 1
	}
	grep -q "^host host <NA> <NA> cat openat .*ct_host_marker" "$T/live.out"
	# the container json event went into the file, so it reads back the same
	"$SYSCOPE" -r "$T/ct.scap" -p "$format %evt.args" "$FILTER" >"$T/read.out"
	grep -q "^$ID12 fake-web nginx:1.25 $priv cat openat .*ct_later_marker" "$T/read.out" || {
		grep ct_ "$T/read.out" >&2
		return 1
	}
}

@test "with a container runtime (a fake Docker API), the container's name and image come from it, live and in -w files" {
	named_by_runtime docker DOCKER_HOST /containers/ID/json true
}

@test "podman: a libpod-ID.scope container is asked of podman's Docker-compatible API (CONTAINER_HOST)" {
	CG_PREFIX=libpod-
	named_by_runtime docker CONTAINER_HOST /containers/ID/json true
}

@test "CRI-O: a crio-ID.scope container is asked of CRI-O's inspect API (CONTAINER_RUNTIME_ENDPOINT); privileged is not known" {
	CG_PREFIX=crio-
	named_by_runtime crio CONTAINER_RUNTIME_ENDPOINT /containers/ID '<NA>'
}

@test "a runtime socket that does not answer costs nothing: the id alone, no error, no wait" {
	any_cgroup
	# a socket nobody accepts on
	python3 -c 'import socket,sys,time; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(0); time.sleep(60)' \
		"$T/mute.sock" 3>&- &
	DOCKER_PID=$!
	local i
	for ((i = 0; i < 50 && ! -S $T/mute.sock; i++)); do sleep 0.1; done
	export DOCKER_HOST=unix://$T/mute.sock
	start_tracer live "$SYSCOPE" -p "$FORMAT" "$FILTER"
	in_container
	cat /nonexistent/ct_host_marker 2>/dev/null || true
	sleep 0.5
	local t0=$SECONDS
	stop_tracers live
	kill "$DOCKER_PID"
	((SECONDS - t0 < 5))
	check_ids "$T/live.out"
	[[ ! -s $T/live.err ]] || { cat "$T/live.err" >&2; return 1; }
}
