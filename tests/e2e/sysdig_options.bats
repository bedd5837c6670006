#!/usr/bin/env bats
# The rest of sysdig's command line (issue 19): -N, -E, --filter-proclist,
# --large-environment's refusal on files, --libs-version, -B, and the
# sysdig options syscope answers with a sentence instead of "unknown
# option".  Expected values come from sysdig itself when it is installed.

load helpers

setup() {
	require_syscope
	T=$BATS_TEST_TMPDIR
}

# pl_processes FILE: the tids of the main threads (tid = pid) in FILE's
# PL_V9 process list, one a line, sorted.  The block is found by its type
# and its repeated length rather than by walking the blocks from the start:
# sysdig 0.29.3 writes a damaged interface list before it.
pl_processes() {
	python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
pos = data.find(struct.pack("<I", 0x215))
while pos >= 0:
    blen = struct.unpack_from("<I", data, pos + 4)[0]
    if 12 <= blen and pos + blen <= len(data) and \
            struct.unpack_from("<I", data, pos + blen - 4)[0] == blen:
        body, off, tids = data[pos + 8:pos + blen - 4], 0, []
        while off + 20 <= len(body):
            elen, tid, pid = struct.unpack_from("<Iqq", body, off)
            if tid == pid:
                tids.append(tid)
            off += max(elen, 4)
        for t in sorted(tids):
            print(t)
        break
    pos = data.find(struct.pack("<I", 0x215), pos + 1)
PY
}

@test "every option sysdig --help lists is known: none answers 'unknown option'" {
	require_sysdig
	# The option names of sysdig's help, one a line: -B, --bpf, -cl, ...
	sysdig --help 2>&1 | grep -E '^ +-' | grep -oE '(^| |, )--?[A-Za-z][A-Za-z0-9-]*' |
		sed -E 's/^[ ,]+//' | sort -u >"$T/names"
	[[ $(wc -l <"$T/names") -gt 50 ]]
	local name missing=()
	while read -r name; do
		# A value for the options that need one, and a file that does not
		# exist, so that no option starts a live capture.
		"$SYSCOPE" "$name" 1 -r "$T/none.scap" >/dev/null 2>"$T/err" </dev/null || true
		if grep -q 'unknown option' "$T/err"; then
			missing+=("$name")
		fi
	done <"$T/names"
	if ((${#missing[@]})); then
		echo "unknown to syscope: ${missing[*]}" >&2
		return 1
	fi
}

@test "Kubernetes, Mesos, CRI, plugin, gVisor and udig options: one sentence, exit 1" {
	local args
	for args in "-k http://api" "-K cert" "--k8s-api=http://api" "--node-name=n" \
		"-m http://mesos" "--cri /run/cri.sock" "--cri-timeout 100" "-H dummy" \
		"-I dummy" "-Il" "--plugin-config-file f" "-u" "--udig" "--gvisor-config f" \
		"--cpus-for-each-buffer 2" "--log-level debug" "-B/probe.o" "--bpf=/probe.o"; do
		# shellcheck disable=SC2086 # the words are meant to split
		run_syscope $args -r "$CORPUS/curl_google.scap"
		assert_status 1
		assert_empty "$OUT"
		assert_line_count "$ERR" 1
		assert_grep "$ERR" '^syscope: -'
		if grep -q 'unknown option' "$ERR"; then
			echo "$args: $(cat "$ERR")" >&2
			return 1
		fi
	done
}

@test "-B alone and --modern-bpf choose the eBPF driver: a file reads as without them" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap"
	cp "$OUT" "$T/plain"
	local opt
	for opt in -B --bpf --modern-bpf; do
		run_syscope "$opt" -r "$CORPUS/curl_google.scap"
		assert_status 0
		assert_same_file "$T/plain" "$OUT"
	done
}

@test "-N keeps ports as numbers even with -R, in either order" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" fd.type=ipv6
	cp "$OUT" "$T/numeric"
	run_syscope -R -r "$CORPUS/curl_google.scap" fd.type=ipv6
	# the premise: -R names this capture's port 80
	assert_grep "$OUT" ':http'
	local order
	for order in "-R -N" "-N -R" "-N"; do
		# shellcheck disable=SC2086
		run_syscope $order -r "$CORPUS/curl_google.scap" fd.type=ipv6
		assert_status 0
		assert_same_file "$T/numeric" "$OUT"
	done
}

@test "-E: no user or group names, as sysdig -E; uids stay" {
	require_corpus
	require_sysdig
	local f fmt='*%user.uid %user.name %group.name %proc.name'
	for f in curl_google falco_syscall test_ipv6_client; do
		sysdig -E -r "$CORPUS/$f.scap" -p "$fmt" >"$T/$f.sysdig"
		run_syscope -E -r "$CORPUS/$f.scap" -p "$fmt"
		assert_status 0
		assert_same_file "$T/$f.sysdig" "$OUT"
	done
	# the premise: without -E the names are there
	run_syscope -r "$CORPUS/curl_google.scap" -p "$fmt"
	assert_grep "$OUT" ' ubuntu '
}

@test "-E -w: the file has no user list, and sysdig reads it without user names" {
	require_corpus
	run_syscope -E -r "$CORPUS/curl_google.scap" -w "$T/e.scap" --compression none
	assert_status 0
	scap_blocks "$T/e.scap" >"$T/blocks"
	if grep -q ' 0x220 ' "$T/blocks"; then
		echo "-E wrote a user list (UL_V2 block)" >&2
		return 1
	fi
	# the premise: without -E the list is written
	run_syscope -r "$CORPUS/curl_google.scap" -w "$T/u.scap" --compression none
	scap_blocks "$T/u.scap" | grep -q ' 0x220 '
	run_syscope -r "$T/e.scap" -p '*%user.uid %user.name'
	assert_grep "$OUT" '^1000 <NA>$'
	if command -v sysdig >/dev/null; then
		sysdig -r "$T/e.scap" -p '*%user.uid %user.name' >"$T/sysdig"
		assert_same_file "$T/sysdig" "$OUT"
	fi
}

@test "--filter-proclist without a filter, or without -w: exit 1, one message, no file" {
	require_corpus
	run_syscope --filter-proclist -r "$CORPUS/falco_syscall.scap" -w "$T/x.scap"
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" 'give a filter'
	[[ ! -e $T/x.scap ]]
	run_syscope --filter-proclist -r "$CORPUS/falco_syscall.scap" proc.name=bash
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" 'add -w FILE'
}

@test "--filter-proclist: the file lists the processes sysdig's lists for the same filter" {
	require_corpus
	require_sysdig
	local flt n=0
	for flt in proc.name=bash proc.name=systemd proc.pid=1 proc.pname=nginx \
		"proc.name=sshd or proc.name=cron" thread.tid=1715 evt.type=open; do
		sysdig -r "$CORPUS/falco_syscall.scap" --filter-proclist -w "$T/sysdig.scap" \
			"$flt" 2>/dev/null
		pl_processes "$T/sysdig.scap" >"$T/sysdig.pl"
		run_syscope -r "$CORPUS/falco_syscall.scap" --filter-proclist -w "$T/s.scap" \
			--compression none "$flt"
		assert_status 0
		pl_processes "$T/s.scap" >"$T/syscope.pl"
		assert_same_file "$T/sysdig.pl" "$T/syscope.pl"
		n=$((n + $(wc -l <"$T/syscope.pl")))
	done
	# the premise: the filters keep some processes, and without the option
	# every process is listed
	((n > 10))
	run_syscope -r "$CORPUS/falco_syscall.scap" -w "$T/all.scap" --compression none \
		proc.name=bash
	[[ $(pl_processes "$T/all.scap" | wc -l) -gt 50 ]]
}

@test "--filter-proclist: the events read back the same from syscope and sysdig" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" --filter-proclist -w "$T/s.scap.gz" \
		proc.name=curl
	assert_status 0
	# curl's parent, bash, is not in the file: proc.pname has no value
	run_syscope -r "$T/s.scap.gz" -p '*%proc.name %proc.pid %proc.pname'
	assert_status 0
	assert_grep "$OUT" '^curl [0-9]+ <NA>$'
	# the premise: without the option it is bash
	run_syscope -r "$CORPUS/curl_google.scap" -p '*%proc.name %proc.pid %proc.pname' \
		proc.name=curl
	assert_grep "$OUT" '^curl [0-9]+ bash$'
	run_syscope -r "$T/s.scap.gz" -p '*%proc.name %proc.pid %proc.pname'
	if command -v sysdig >/dev/null; then
		sysdig -r "$T/s.scap.gz" -p '*%proc.name %proc.pid %proc.pname' >"$T/sysdig"
		assert_same_file "$T/sysdig" "$OUT"
	fi
}

@test "--large-environment with -r: exit 1, one message naming the option" {
	require_corpus
	run_syscope --large-environment -r "$CORPUS/curl_google.scap"
	assert_status 1
	assert_empty "$OUT"
	assert_line_count "$ERR" 1
	assert_grep "$ERR" '^syscope: --large-environment .*live'
}

@test "--libs-version: the format syscope writes is the one in its files' section header" {
	require_corpus
	run_syscope --libs-version
	assert_status 0
	assert_grep "$OUT" '^scap files written: format 1\.2 '
	assert_grep "$OUT" '^event table: 336 event types'
	run_syscope -r "$CORPUS/falco_syscall.scap" -w "$T/v.scap" --compression none -n 300
	# SHB: type, length, magic, then major and minor (u16 each)
	[[ $(od -An -tu2 -j12 -N4 "$T/v.scap" | tr -s ' ') == " 1 2" ]]
}

@test "--help describes -N, -E, --filter-proclist, --large-environment and --libs-version" {
	run_syscope --help
	local opt
	for opt in -N --numeric -E --exclude-users --filter-proclist --large-environment \
		--libs-version --modern-bpf; do
		assert_grep "$OUT" "(^|[^[:alnum:]-])$opt([^[:alnum:]-]|\$)"
	done
}
