#!/usr/bin/env bats
# syscope -w: files written from real captures read back with the same
# lines, by syscope in every compression and by sysdig 0.29.3 (when
# installed) for plain and gzip; filtered rewrites; rotation names and
# counts; -M; file modes; and the errors a user can hit.

load helpers

REAL="curl_google falco_cat_write falco_syscall test_ipv6_client"

setup() {
	require_syscope
	W=$BATS_TEST_TMPDIR
}

# events FILE: how many events syscope reads from FILE (hidden ones too).
events() {
	"$SYSCOPE" -r "$1" -D | wc -l
}

# magic FILE: the first four bytes in hex.
magic() {
	od -An -tx1 -N4 "$1" | tr -d ' \n'
}

@test "a rewrite in each compression prints what the original prints" {
	require_corpus
	for x in $REAL; do
		for out in plain.scap:none x.scap.gz:gzip x.scap.zst:zstd; do
			y=$W/$x.${out%%:*}
			run_syscope -r "$CORPUS/$x.scap" -w "$y" --compression="${out#*:}"
			assert_status 0
			assert_empty "$OUT"
			assert_empty "$ERR"
			run_syscope -r "$y"
			assert_status 0
			assert_empty "$ERR"
			assert_same_file "$CORPUS/$x.txt" "$OUT"
		done
	done
}

@test "sysdig 0.29.3 prints the plain and gzip rewrites exactly as the originals" {
	require_corpus
	require_sysdig
	for x in $REAL; do
		"$SYSCOPE" -r "$CORPUS/$x.scap" -w "$W/$x.scap" --compression=none
		"$SYSCOPE" -r "$CORPUS/$x.scap" -w "$W/$x.scap.gz"
		for y in "$W/$x.scap" "$W/$x.scap.gz"; do
			sysdig -r "$y" >"$W/sysdig.txt" 2>&1
			assert_same_file "$CORPUS/$x.txt" "$W/sysdig.txt"
		done
	done
}

@test "sysdig reads a file made from v1-header event blocks (curl_google) with -z" {
	require_corpus
	require_sysdig
	[[ $(scap_blocks <(gzip -dc "$CORPUS/curl_google.scap") | grep -c ' event 0x204 ') -gt 0 ]]
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/v1.scap" -z
	assert_status 0
	# every event block is now EV_V2
	gzip -dc "$W/v1.scap" >"$W/v1.plain"
	[[ $(scap_blocks "$W/v1.plain" | grep -c ' event 0x204 ') -eq 0 ]]
	[[ $(scap_blocks "$W/v1.plain" | grep -c ' event 0x216 ') -gt 1000 ]]
	sysdig -r "$W/v1.scap" >"$W/sysdig.txt" 2>&1
	assert_same_file "$CORPUS/curl_google.txt" "$W/sysdig.txt"
}

@test "the name or the options choose the compression; zstd is the default" {
	require_corpus
	local in=$CORPUS/falco_syscall.scap
	"$SYSCOPE" -r "$in" -w "$W/a.scap"
	"$SYSCOPE" -r "$in" -w "$W/b.scap.gz"
	"$SYSCOPE" -r "$in" -w "$W/c.scap.zst"
	"$SYSCOPE" -r "$in" -w "$W/d.scap" -z
	"$SYSCOPE" -r "$in" -w "$W/e.scap" --compression=none
	"$SYSCOPE" -r "$in" -w "$W/f.scap" --compression gzip
	[[ $(magic "$W/a.scap") == 28b52ffd ]]
	[[ $(magic "$W/b.scap.gz") == 1f8b0800 ]]
	[[ $(magic "$W/c.scap.zst") == 28b52ffd ]]
	[[ $(magic "$W/d.scap") == 1f8b0800 ]]
	[[ $(magic "$W/e.scap") == 0a0d0d0a ]]
	[[ $(magic "$W/f.scap") == 1f8b0800 ]]
}

@test "new files are created with mode 0600" {
	require_corpus
	(umask 022 && "$SYSCOPE" -r "$CORPUS/falco_syscall.scap" -w "$W/m.scap.gz")
	[[ $(stat -c %a "$W/m.scap.gz") == 600 ]]
}

@test "a filtered rewrite keeps the matching events, with their fds and processes resolved" {
	require_corpus
	# Processes started during the capture are named by their execve,
	# which must pass the filter too (as with sysdig -w).
	local f="(evt.type=open and fd.name contains lib) or evt.type in (execve, clone)"
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/open.scap.gz" "$f"
	assert_status 0
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" "$f" | cut -d' ' -f2- >"$W/want.txt"
	"$SYSCOPE" -r "$W/open.scap.gz" | cut -d' ' -f2- >"$W/got.txt"
	[[ -s $W/want.txt ]]
	assert_same_file "$W/want.txt" "$W/got.txt"
	if command -v sysdig >/dev/null; then
		sysdig -r "$W/open.scap.gz" | cut -d' ' -f2- >"$W/sysdig.txt"
		assert_same_file "$W/want.txt" "$W/sysdig.txt"
	fi
}

@test "-F: a filtered rewrite also carries, hidden, the events that name its fds" {
	require_corpus
	# The reads name files opened by events the filter rejects: without
	# -F the file cannot tell which file fd 3 is, and the same filter
	# then finds nothing in it.
	local f="evt.type=read and fd.name contains /lib"
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" "$f" | cut -d' ' -f2- >"$W/want.txt"
	[[ $(wc -l <"$W/want.txt") -gt 10 ]]
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/thin.scap" "$f"
	assert_status 0
	run_syscope -r "$W/thin.scap" "$f"
	assert_status 0
	assert_empty "$OUT"
	run_syscope -r "$CORPUS/curl_google.scap" -F -w "$W/fat.scap" --compression=none "$f"
	assert_status 0
	assert_empty "$ERR"
	# The events kept are plain blocks, the state changes flagged ones.
	scap_blocks "$W/fat.scap" >"$W/blocks.txt"
	[[ $(grep -c ' 0x216 ' "$W/blocks.txt") -eq $(wc -l <"$W/want.txt") ]]
	[[ $(grep -c ' 0x217 ' "$W/blocks.txt") -gt 0 ]]
	"$SYSCOPE" -r "$W/fat.scap" "$f" | cut -d' ' -f2- >"$W/got.txt"
	assert_same_file "$W/want.txt" "$W/got.txt"
	# The state-only events are hidden, with -D too.
	"$SYSCOPE" -r "$W/fat.scap" -D | cut -d' ' -f2- >"$W/all.txt"
	assert_same_file "$W/want.txt" "$W/all.txt"
	if command -v sysdig >/dev/null; then
		sysdig -r "$W/fat.scap" | cut -d' ' -f2- >"$W/sysdig.txt"
		assert_same_file "$W/want.txt" "$W/sysdig.txt"
	fi
}

@test "internal events (procinfo) are written too" {
	require_corpus
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -D >"$W/all.txt"
	grep -q procinfo "$W/all.txt"
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -w "$W/all.scap.gz"
	"$SYSCOPE" -r "$W/all.scap.gz" -D >"$W/back.txt"
	assert_same_file "$W/all.txt" "$W/back.txt"
}

@test "-e N starts a new file every N events, named FILE0, FILE1, ..." {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/ev.scap" -e 500 --compression=none
	assert_status 0
	[[ $(events "$W/ev.scap0") -eq 500 ]]
	[[ $(events "$W/ev.scap1") -eq 500 ]]
	[[ $(events "$W/ev.scap2") -eq 500 ]]
	[[ $(events "$W/ev.scap3") -eq 36 ]]
	[[ ! -e $W/ev.scap4 && ! -e $W/ev.scap ]]
	# each file stands alone: its first event's process is named
	"$SYSCOPE" -r "$W/ev.scap2" | head -n 1 | grep -q ' curl (17497) '
}

@test "-W N with -e keeps a ring of N files" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/ring.scap.gz" -e 500 -W 2
	assert_status 0
	# files 0 1 0 1: the last two hold events 1001-1500 and 1501-1536
	[[ $(events "$W/ring.scap.gz0") -eq 500 ]]
	[[ $(events "$W/ring.scap.gz1") -eq 36 ]]
	[[ ! -e $W/ring.scap.gz2 ]]
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -D | tail -n 536 | cut -d' ' -f2- >"$W/want.txt"
	{ "$SYSCOPE" -r "$W/ring.scap.gz0" -D; "$SYSCOPE" -r "$W/ring.scap.gz1" -D; } |
		cut -d' ' -f2- >"$W/got.txt"
	assert_same_file "$W/want.txt" "$W/got.txt"
}

@test "-C MB starts a new file past MB megabytes; a small capture fits the first" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/size.scap" -C 1 --compression=none
	assert_status 0
	[[ $(events "$W/size.scap0") -eq 1536 ]]
	[[ ! -e $W/size.scap1 ]]
}

@test "-G SECS rotates on event time; strftime names take each file's first event time" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/t_%H%M%S.scap.gz" -G 3
	assert_status 0
	local files
	files=$(cd "$W" && ls t_*.scap.gz | tr '\n' ' ')
	[[ $files == "t_173542.scap.gz t_173545.scap.gz t_173548.scap.gz " ]]
	local total=0 f
	for f in "$W"/t_*.scap.gz; do
		total=$((total + $(events "$f")))
	done
	[[ $total -eq 1536 ]]
}

@test "-G with -W N stops after N files; without strftime names a counter is appended" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/g.scap" -G 3 -W 2
	assert_status 0
	[[ -e $W/g.scap0 && -e $W/g.scap1 && ! -e $W/g.scap2 ]]
}

@test "-M SECS stops at the first event SECS seconds (event time) after the first" {
	require_corpus
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -D -t a >"$W/all.txt"
	run_syscope -r "$CORPUS/curl_google.scap" -D -t a -M 2
	assert_status 0
	awk 'NR == 1 { split($2, t, "."); first = t[1] * 1e9 + t[2] }
	     { split($2, t, "."); if (t[1] * 1e9 + t[2] - first >= 2e9) exit; print }' \
		"$W/all.txt" >"$W/want.txt"
	[[ $(wc -l <"$W/want.txt") -lt $(wc -l <"$W/all.txt") ]]
	assert_same_file "$W/want.txt" "$OUT"
	# and when writing
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/m.scap.gz" -M 2
	[[ $(events "$W/m.scap.gz") -eq $(wc -l <"$W/want.txt") ]]
}

@test "-n N with -w writes N events" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w "$W/n.scap.gz" -n 300
	assert_status 0
	[[ $(events "$W/n.scap.gz") -eq 300 ]]
}

@test "a file that cannot be created is one error line, exit 1, nothing created" {
	require_corpus
	mkdir "$W/d"
	run_syscope -r "$CORPUS/falco_syscall.scap" -w "$W/d/no/such/dir/x.scap"
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: .*/no/such/dir/x\.scap: cannot create: No such file or directory$"
	run_syscope -r "$CORPUS/falco_syscall.scap" -w "$W/d"
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: .*/d: cannot create: Is a directory$"
	[[ -z $(ls "$W/d") ]]
}

@test "a full disk (/dev/full) is one error line naming the file, exit 1" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w /dev/full --compression=none
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: /dev/full: write failed: No space left on device$"
}

@test "the file being read is never overwritten" {
	require_corpus
	cp "$CORPUS/falco_syscall.scap" "$W/in.scap"
	run_syscope -r "$W/in.scap" -w "$W/in.scap"
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "in\.scap: is the file being read"
	cmp "$CORPUS/falco_syscall.scap" "$W/in.scap"
}

@test "when no event passes the filter no file is left, and syscope says so" {
	require_corpus
	run_syscope -r "$CORPUS/falco_syscall.scap" -w "$W/none.scap" proc.name=nosuchprocess
	assert_status 0
	assert_grep "$ERR" "^syscope: no event to write: .*none\.scap was not created$"
	[[ ! -e $W/none.scap ]]
}

@test "option mistakes are one line each, exit 1" {
	local args
	for args in "-C 5" "-e 0" "-w x -C 0" "-w x -C abc" "-w x -W 3" "-w x.scap.zst -z" \
		"-w x.scap.gz --compression=zstd" "-w x --compression=lz4" "-w x -w y" \
		"-w - -e 10" "-M 0" "-z" "-F"; do
		# shellcheck disable=SC2086 # the words are the options
		run_syscope -r /dev/null $args
		assert_status 1
		assert_line_count "$ERR" 1
		assert_grep "$ERR" "^syscope: "
	done
	[[ ! -e x && ! -e y ]]
}

@test "SIGTERM while recording: the file is finished and reads cleanly" {
	require_corpus
	"$SYSCOPE" -r "$CORPUS/curl_google.scap" -w "$W/plain.scap" --compression=none
	mkfifo "$W/fifo"
	# (fd 3 belongs to bats: the background job must not hold it)
	"$SYSCOPE" -r "$W/fifo" -w "$W/cut.scap.zst" 2>"$W/err.txt" 3>&- &
	local pid=$!
	exec 5>"$W/fifo"
	head -c 60000 "$W/plain.scap" >&5
	sleep 0.5
	kill -TERM "$pid"
	sleep 0.3
	kill -0 "$pid" # still there, finishing its file
	# syscope stops after the next event: the rest may meet a closed pipe
	tail -c +60001 "$W/plain.scap" >&5 2>/dev/null || true
	exec 5>&-
	local rc=0
	wait "$pid" || rc=$?
	[[ $rc -eq 0 ]]
	run_syscope -r "$W/cut.scap.zst"
	assert_status 0
	assert_empty "$ERR"
	# it stopped early: fewer events than the whole capture
	[[ $(events "$W/cut.scap.zst") -lt 1536 && $(events "$W/cut.scap.zst") -gt 0 ]]
}

@test "-w - writes the trace to standard output" {
	require_corpus
	"$SYSCOPE" -r "$CORPUS/falco_syscall.scap" -w - --compression=gzip >"$W/out.scap.gz"
	"$SYSCOPE" -r "$W/out.scap.gz" >"$W/back.txt"
	assert_same_file "$CORPUS/falco_syscall.txt" "$W/back.txt"
}
