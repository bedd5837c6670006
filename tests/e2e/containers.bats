#!/usr/bin/env bats
# Container metadata (issue 12): the container table that `container json`
# events fill, the container.* fields, and how the events themselves are
# treated: at the start of a file they are state (numbered, never shown or
# counted), later they are shown as the container's ("container:ID", tid
# -1, the JSON whole); -w files carry the table.  Expected output comes
# from sysdig itself when it is installed.

load helpers

setup() {
	require_syscope
	require_corpus
	T=$BATS_TEST_TMPDIR
	CAP=$CORPUS/falco_container_user.scap
}

FIELDS='*%evt.num|%container.id|%container.name|%container.image|%container.image.id|%container.image.repository|%container.image.tag|%container.image.digest|%container.type|%container.privileged|%container.mounts|%container.mount[0]|%container.mount.source[0]|%container.mount.dest[/x*]|%container.healthcheck|%container.liveness_probe|%container.readiness_probe|%proc.is_container_healthcheck|%proc.is_container_liveness_probe|%fd.containername|%proc.name'

# block_edit IN OUT MODE: a plain copy of IN with its first container
# metadata event block moved after the next event (MODE=move), or with the
# JSON's first brace replaced (MODE=break).
block_edit() {
	zcat -f "$1" >"$T/plain.scap"
	python3 - "$T/plain.scap" "$2" "$3" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
pos = 0
while pos + 8 <= len(data):
    btype, blen = struct.unpack_from("<II", data, pos)
    if btype == 0x216 and struct.unpack_from("<H", data, pos + 8 + 2 + 20)[0] in (272, 324):
        break
    pos += blen
else:
    sys.exit("no container event")
if sys.argv[3] == "move":
    nxt = pos + blen
    nlen = struct.unpack_from("<I", data, nxt + 4)[0]
    data = data[:pos] + data[nxt:nxt + nlen] + data[pos:nxt] + data[nxt + nlen:]
else:
    brace = data.index(b"{", pos)
    data[brace] = ord("X")
open(sys.argv[2], "wb").write(data)
PY
}

@test "container.* fields: sysdig's values and <NA>, in -p and -j" {
	require_sysdig
	sysdig -r "$CAP" -p "$FIELDS" >"$T/sysdig.txt"
	run_syscope -r "$CAP" -p "$FIELDS"
	assert_status 0
	assert_same_file "$T/sysdig.txt" "$OUT"
	assert_grep "$OUT" '\|hopeful_taussig\|nginx\|'
	sysdig -r "$CAP" -j -p "$FIELDS" >"$T/sysdig.json"
	run_syscope -r "$CAP" -j -p "$FIELDS"
	assert_same_file "$T/sysdig.json" "$OUT"
}

@test "container.* in filters" {
	run_syscope -r "$CAP" -p '%evt.num %proc.name' \
		'container.image=nginx and container.privileged=false and container.type=docker'
	assert_status 0
	[[ $(cat "$OUT") == "122 nologin" ]]
	run_syscope -r "$CAP" -q 'container.mount exists'
	assert_status 1
	assert_grep "$ERR" "'container.mount' needs an argument"
}

@test "-pc and -pcontainer: sysdig's container line" {
	require_sysdig
	sysdig -r "$CAP" -pc >"$T/sysdig.txt"
	run_syscope -r "$CAP" -pc
	assert_status 0
	assert_same_file "$T/sysdig.txt" "$OUT"
	run_syscope -r "$CAP" -pcontainer
	assert_same_file "$T/sysdig.txt" "$OUT"
}

@test "leading metadata: numbered, never shown (-D too), not counted by -n or -S" {
	run_syscope -r "$CAP" -D
	assert_status 0
	if grep -q '> container ' "$OUT"; then
		echo "a leading container event was shown" >&2
		return 1
	fi
	# event 1 is the container's: procinfo numbers from 2
	assert_grep "$OUT" '^2 .* procinfo '
	run_syscope -r "$CAP" -n 121
	[[ $(tail -n 1 "$OUT" | cut -d' ' -f1) == 122 ]]
	if command -v sysdig >/dev/null; then
		sysdig -r "$CAP" -n 121 >"$T/n.txt"
		assert_same_file "$T/n.txt" "$OUT"
		sysdig -r "$CAP" -S -q >"$T/s.txt"
		run_syscope -r "$CAP" -S -q
		assert_same_file "$T/s.txt" "$OUT"
	fi
}

@test "a container event after the first event: shown as container:ID (-1), JSON whole" {
	block_edit "$CAP" "$T/mid.scap" move
	run_syscope -r "$T/mid.scap"
	assert_status 0
	assert_grep "$OUT" '^2 [0-9:.]+ 0 container:697956520d89 \(-1\) > container json=\{"container":.*"type":0\}\}$'
	if command -v sysdig >/dev/null; then
		local opt
		for opt in "" -v -j -pc -A "-S -q" "-n 3"; do
			# shellcheck disable=SC2086 # one option or none
			sysdig -r "$T/mid.scap" $opt >"$T/sysdig.txt" 2>/dev/null
			# shellcheck disable=SC2086
			run_syscope -r "$T/mid.scap" $opt
			assert_same_file "$T/sysdig.txt" "$OUT"
		done
	fi
}

@test "-w keeps the containers: syscope and sysdig read them back" {
	run_syscope -r "$CAP" -w "$T/c.scap.gz" proc.name=nologin
	assert_status 0
	run_syscope -r "$T/c.scap.gz" -p "$FIELDS"
	assert_grep "$OUT" '\|697956520d89\|hopeful_taussig\|nginx\|'
	cp "$OUT" "$T/syscope.txt"
	if command -v sysdig >/dev/null; then
		sysdig -r "$T/c.scap.gz" -p "$FIELDS" >"$T/sysdig.txt"
		assert_same_file "$T/sysdig.txt" "$T/syscope.txt"
	fi
	# rotated files each carry them
	run_syscope -r "$CAP" -w "$T/r.scap" -e 100
	assert_status 0
	local f
	for f in "$T"/r.scap[0-9]; do
		run_syscope -r "$f" -p '%container.name' container.id!=host
		assert_status 0
		if [[ -s $OUT ]]; then
			! grep -v '^hopeful_taussig$' "$OUT"
		fi
	done
}

@test "bad container JSON: ignored and counted with -v, the rest reads on" {
	block_edit "$CAP" "$T/bad.scap" break
	run_syscope -r "$T/bad.scap" -v -p "$FIELDS"
	assert_status 0
	assert_grep "$ERR" '^syscope: 1 container metadata event could not be read'
	# the container's id still comes from the cgroups; its name is unknown
	assert_grep "$OUT" '^122\|697956520d89\|<NA>\|'
	run_syscope -r "$CAP" -v -q
	if grep -q 'container metadata' "$ERR"; then
		echo "a good file reported unreadable container metadata" >&2
		return 1
	fi
}
