#!/usr/bin/env bats
# syscope's own stock chisels, part B (issue 13): spy_file, spy_users,
# spy_ip, spy_port, lsof, ps, netstat, proc_exec_time, scallslower,
# fileslower, netlower, httplog (with its http_parse module),
# list_login_shells and lscontainers.  Each is run by syscope on every
# corpus capture and compared with what sysdig 0.29.3's own chisel of the
# same name prints (sysdig run from an empty folder, so that only
# /usr/share/sysdig/chisels is searched).
#
# Where the comparison is not byte for byte, the test says why:
#   * lsof and netstat list descriptors (and netstat threads) in the order
#     of the Lua tables the runtime hands over, which is hash order: the
#     lines are compared sorted;
#   * lscontainers desc prints a table with string keys, in hash order that
#     changes from run to run even under sysdig: compared sorted;
#   * list_login_shells: sysdig prints the last session id once per
#     non-nil field of its three-field record (usually three times) -- a
#     bug; ours prints it once, so it is compared with sysdig's output with
#     repeated lines collapsed.
# Kept on purpose, as sysdig does (users' scripts may read them): spy_ip
# heads both directions "------ Read", and spy_ip/spy_port repeat the last
# header, with its old byte count, until the direction changes.
#
# A capture that sysdig itself cannot read (exit status not 0: corrupt or
# unsupported files, a crash) is left out of the comparison for that run.

load helpers

setup() {
	require_syscope
	require_corpus
	require_sysdig
	T=$BATS_TEST_TMPDIR
	# an empty folder for sysdig to run in: no ./chisels, no ~/.chisels
	mkdir -p "$T/stock"
	mapfile -t ALL < <(oracle_captures)
	REAL=("$CORPUS"/*.scap)
	compared=0
	failed=0
	runs=0
	JOBS=$(nproc 2>/dev/null || echo 2)
	((JOBS >= 2)) || JOBS=2
	((JOBS <= 8)) || JOBS=8
}

# stock ARGS...: sysdig with its own chisels only.
stock() {
	(cd "$T/stock" && HOME=$T/stock env -u SYSDIG_CHISEL_DIR sysdig "$@")
}

# check DIR HOW ARGS...: run sysdig's stock chisel and syscope's with the
# same arguments and compare stdout; HOW is exact, sorted (both sorted) or
# uniq (sysdig's repeated lines collapsed).  Leaves in DIR a file
# "compared" when sysdig could read the capture, and a file "failed" with
# the report when the outputs differ.
check() {
	local d=$1 how=$2 st=0
	shift 2
	mkdir -p "$d"
	stock "$@" >"$d/expected" 2>"$d/expected.err" || st=$?
	((st == 0)) || return 0
	: >"$d/compared"
	local OUT=$d/stdout ERR=$d/stderr
	if ! run_syscope "$@" 2>"$d/failed"; then
		return 0
	fi
	if [[ $status != 0 ]]; then
		{
			echo "syscope $* exited $status (sysdig: 0); stderr:"
			head -n 5 "$ERR"
		} >"$d/failed"
		return 0
	fi
	rm -f "$d/failed"
	case $how in
	sorted)
		LC_ALL=C sort "$d/expected" >"$d/expected.cmp"
		LC_ALL=C sort "$OUT" >"$d/actual.cmp"
		;;
	uniq)
		uniq "$d/expected" >"$d/expected.cmp"
		cp "$OUT" "$d/actual.cmp"
		;;
	*)
		cp "$d/expected" "$d/expected.cmp"
		cp "$OUT" "$d/actual.cmp"
		;;
	esac
	if ! cmp -s "$d/expected.cmp" "$d/actual.cmp"; then
		{
			echo "DIFFERS ($how): $*"
			diff -u "$d/expected.cmp" "$d/actual.cmp" | head -n 30 || true
		} >"$d/failed"
	fi
}

# on HOW SET OPTIONS CHISEL [WORDS...]: check on each capture of the array
# named SET, a few at a time; OPTIONS is a blank-separated string of sysdig
# options ("" for none) put before -r.  Results are counted in $compared
# and $failed; differences are reported and do not stop the loop.
on() {
	local how=$1 set=$2 opts=$3 f d
	shift 3
	local -n files=$set
	for f in "${files[@]}"; do
		while (($(jobs -rp | wc -l) >= JOBS)); do
			wait -n || true
		done
		runs=$((runs + 1))
		d=$T/run.$runs
		# shellcheck disable=SC2086 # OPTIONS is split on purpose
		check "$d" "$how" $opts -r "$f" -c "$@" &
	done
	wait
	local i
	for ((i = runs - ${#files[@]} + 1; i <= runs; i++)); do
		d=$T/run.$i
		[[ -e $d/compared ]] && compared=$((compared + 1))
		if [[ -e $d/failed ]]; then
			failed=$((failed + 1))
			cat "$d/failed" >&2
		fi
	done
}

# finish: the test fails on any difference, and when nothing was compared.
finish() {
	echo "$compared runs compared, $failed differ" >&2
	((compared > 0)) && ((failed == 0))
}

@test "chisels_spy: syscope runs the project's chisels, not sysdig's" {
	run_syscope -i spy_file
	assert_status 0
	assert_grep "$OUT" "^Prints the data of every read and write"
}

@test "chisels_spy: spy_file" {
	on exact ALL "" spy_file
	on exact REAL "" spy_file 'R /etc/nsswitch.conf'
	on exact REAL "" spy_file 'W'
	on exact REAL "" spy_file 'rw /etc/ld.so.cache'
	on exact REAL "-j" spy_file
	on exact REAL "-A" spy_file 'R'
	finish
}

@test "chisels_spy: spy_ip" {
	on exact ALL "" spy_ip 127.0.0.1
	on exact REAL "" spy_ip ::1
	on exact REAL "" spy_ip 2607:f8b0:4004:802::2004
	on exact REAL "" spy_ip '2001:4860:4860::8888 disable_colors'
	on exact REAL "" spy_ip '::1 disable_colors'
	on exact REAL "-j" spy_ip 2607:f8b0:4004:802::2004
	on exact REAL "-X" spy_ip ::1
	finish
}

@test "chisels_spy: spy_port" {
	on exact ALL "" spy_port 80
	on exact REAL "" spy_port 53
	on exact REAL "" spy_port 2345
	on exact REAL "" spy_port '80 disable_colors'
	on exact REAL "-j" spy_port 80
	finish
}

@test "chisels_spy: lsof (lines sorted: descriptors come in hash order)" {
	on sorted ALL "" lsof
	on sorted REAL "" lsof proc.name=curl
	on sorted REAL "" lsof 'fd.type=ipv6 or fd.type=ipv4'
	on sorted REAL "" lsof '' 'evt.num>50'
	finish
}

@test "chisels_spy: ps" {
	on exact ALL "" ps
	on exact REAL "" ps proc.name=curl
	on exact REAL "" ps 'fd.name contains /etc'
	on exact REAL "" ps '' 'evt.num>50'
	finish
}

@test "chisels_spy: netstat (lines sorted: threads and sockets come in hash order)" {
	on sorted ALL "" netstat
	on sorted REAL "" netstat proc.name=curl
	on sorted REAL "" netstat 'fd.sport=22'
	on sorted REAL "" netstat '' 'evt.num>50'
	finish
}

@test "chisels_spy: proc_exec_time" {
	on exact ALL "" proc_exec_time
	on exact REAL "" proc_exec_time disable_colors
	on exact REAL "-pc" proc_exec_time
	finish
}

@test "chisels_spy: scallslower" {
	on exact ALL "" scallslower 1
	on exact REAL "" scallslower 0
	on exact REAL "" scallslower '0.01 disable_color'
	on exact REAL "-pc" scallslower 0
	finish
}

@test "chisels_spy: fileslower" {
	on exact ALL "" fileslower 0
	on exact REAL "" fileslower 1
	on exact REAL "" fileslower '0 disable_color'
	on exact REAL "-pc" fileslower 0
	finish
}

@test "chisels_spy: netlower" {
	on exact ALL "" netlower 0
	on exact REAL "" netlower '0 disable_color'
	on exact REAL "-pc" netlower 0
	finish
}

@test "chisels_spy: httplog" {
	on exact ALL "" httplog
	on exact REAL "-pc" httplog
	on exact REAL "-j" httplog
	on exact REAL "-A" httplog
	finish
}

@test "chisels_spy: httplog finds the HTTP GET of curl_google" {
	run_syscope -r "$CORPUS/curl_google.scap" -c httplog
	assert_status 0
	assert_grep "$OUT" '> method=GET url=www\.google\.com/ response_code=200 latency=37ms size=0B$'
}

@test "chisels_spy: spy_users" {
	on exact ALL "" spy_users
	on exact REAL "" spy_users 0
	on exact REAL "" spy_users '1 disable_color'
	on exact REAL "-pc" spy_users
	finish
}

@test "chisels_spy: list_login_shells (the last id once; sysdig repeats it)" {
	on uniq ALL "" list_login_shells
	on uniq REAL "" list_login_shells curl
	on uniq REAL "" list_login_shells "'*' google"
	on uniq REAL "-pc" list_login_shells
	finish
}

@test "chisels_spy: list_login_shells prints the session id once" {
	run_syscope -r "$CORPUS/curl_google.scap" -c list_login_shells
	assert_status 0
	printf 'All shells:\n3200\n' >"$T/expected"
	assert_same_file "$T/expected" "$OUT"
}

@test "chisels_spy: lscontainers" {
	on exact ALL "" lscontainers
	on exact REAL "-pc" lscontainers
	# a table with string keys: hash order, different on every sysdig run
	on sorted REAL "" lscontainers desc
	finish
}

@test "chisels_spy: spy_ip without its address fails" {
	run_syscope -r "$CORPUS/curl_google.scap" -c spy_ip
	assert_status 1
	[[ -s $ERR ]]
}

# sysdig's scallslower (through common.lua's parse_numeric_input) prints
# "Input min_ms must be a number." on stdout and exits with status 0: a bad
# argument reported as success.  Ours fails the run.
@test "chisels_spy: scallslower, fileslower, netlower and spy_users reject a non-numeric argument" {
	local c
	for c in scallslower fileslower netlower spy_users; do
		run_syscope -r "$CORPUS/curl_google.scap" -c "$c" abc
		assert_status 1
		[[ -s $ERR ]] || { echo "$c abc: nothing on stderr" >&2; return 1; }
	done
}
