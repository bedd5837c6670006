#!/usr/bin/env bats
# Chisels on live capture: intervals on the wall clock, Ctrl-C ends the
# capture on the normal path with on_capture_end, and the chisel's own
# filter reaches the kernel plan with the command line's.

load live_helpers

setup() {
	local why
	why=$(live_unavailable) || return 1
	[[ -z $why ]] || skip "$why"
	TMP=$BATS_TEST_TMPDIR
	cd "$TMP"
}

teardown() {
	stop_activity
}

@test "live iobytes prints one line a second; Ctrl-C ends it with status 0" {
	start_activity
	run timeout --preserve-status -k 20 -s INT 5 "$SYSCOPE" -c iobytes
	[ "$status" -eq 0 ]
	local n
	n=$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2} in:[0-9]+ out:[0-9]+ tot:[0-9]+$' <<<"$output")
	((n >= 2)) || { echo "$output" >&2; return 1; }
}

@test "intervals follow the wall clock when the chisel's events stop coming" {
	# A filter no event passes: the kernel drops everything the chisel
	# cannot see, and on_interval still runs every second.
	cat >tick.lua <<'LUA'
description = "ticks"
short_description = "ticks"
args = {}
n = 0
function on_init()
	chisel.set_filter("proc.name=no-such-process-xyz")
	chisel.set_interval_s(1)
	return true
end
function on_event() return true end
function on_interval(s, ns, delta) n = n + 1 return true end
function on_capture_end() print("intervals " .. n) end
LUA
	start_activity
	run timeout --preserve-status -k 20 -s INT 5 "$SYSCOPE" -c ./tick.lua
	[ "$status" -eq 0 ]
	[[ $output =~ intervals\ ([0-9]+) ]]
	((BASH_REMATCH[1] >= 2)) || { echo "$output" >&2; return 1; }
}

@test "live topfiles_bytes: the file a workload reads shows; Ctrl-C leaves the last table" {
	local f=$TMP/chisel-live-data
	head -c 300000 /dev/zero >"$f"
	(for _ in $(seq 1 40); do cat "$f" >/dev/null; sleep 0.1; done) &
	local reader=$!
	run timeout --preserve-status -k 20 -s INT 5 "$SYSCOPE" -c topfiles_bytes
	wait "$reader" || true
	[ "$status" -eq 0 ]
	grep -q "$f" <<<"$output" || { echo "$output" | tail -n 20 >&2; return 1; }
	# the cursor is shown again at the end
	[[ $output == *$'\e[?25h'* ]]
}

# delivered N: the events syscope received, from -v's closing line.
delivered() {
	sed -nE 's/^syscope: ([0-9]+) events?, .*/\1/p' "$1" | tail -n 1
}

@test "a chisel's filter is combined with the command line's for the kernel" {
	cat >count.lua <<'LUA'
description = "counts"
short_description = "counts"
args = {}
n = 0
function on_init() chisel.set_filter("proc.name=cat") return true end
function on_event() n = n + 1 return true end
function on_capture_end() print("events " .. n) end
LUA
	sed 's/chisel.set_filter("proc.name=cat") //' count.lua >all.lua
	start_activity
	(sleep 2; for _ in 1 2 3; do cat /etc/hostname >/dev/null; done) &
	local bg=$!
	timeout --preserve-status -k 20 -s INT 5 "$SYSCOPE" -v -c ./count.lua evt.type=openat \
		>out 2>err
	wait "$bg" || true
	[[ $(cat out) =~ events\ ([0-9]+) ]]
	# cat's three openat of /etc/hostname at least (and its libraries')
	((BASH_REMATCH[1] >= 3)) || { cat out err >&2; return 1; }
	local narrow wide
	narrow=$(delivered err)
	# the same without the chisel's filter: every process's openat arrives
	timeout --preserve-status -k 20 -s INT 5 "$SYSCOPE" -v -c ./all.lua evt.type=openat \
		>out 2>err
	wide=$(delivered err)
	[[ -n $narrow && -n $wide ]] || { cat err >&2; return 1; }
	((narrow < wide)) || { echo "kernel kept $narrow events with the chisel's filter, $wide without" >&2; return 1; }
}
