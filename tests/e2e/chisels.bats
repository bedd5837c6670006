#!/usr/bin/env bats
# The chisel runtime: sysdig's own chisel files run unchanged and print what
# sysdig prints; a probe chisel that calls most of the API prints the same
# under both; -cl, -i; every kind of bad input is one message and exit 1.
load helpers

STOCK=/usr/share/sysdig/chisels
PROBE=$BATS_TEST_DIRNAME/chisels/api_probe.lua

setup() {
	require_syscope
	cd "$BATS_TEST_TMPDIR" # no ./chisels here: only the configured folders
}

require_stock() {
	require_sysdig
	[[ -d $STOCK ]] || skip "sysdig's chisels ($STOCK) are not installed"
}

# helpers.bash's oracle_captures: every capture both tools read to the end
# (sysdig crashes on fewparams.scap; badfdtid and major2 are read by one
# tool only: tests/e2e/replay_synthetic.bats) that is worth the run.
captures() {
	oracle_captures
}

# Top tables cut at N rows: rows tied with the last one shown come out in
# Lua's hash order under sysdig, so which of them make the cut varies from
# run to run.  Compared as sorted lines, without that last tie group.
cut_ties() {
	local last
	last=$(grep -E '^[0-9.]+[A-Za-z%]*  ' "$1" | tail -n 1 | awk '{print $1}')
	if [[ -n $last ]]; then
		grep -v -E "^${last//./\\.}  " "$1" | sort
	else
		sort "$1"
	fi
}

# same_chisel NAME [ARGS...]: sysdig's NAME.lua run by syscope (by path)
# against sysdig -c NAME, on every capture: stdout and exit status.
same_chisel() {
	local name=$1 f bad=0
	shift
	while read -r f; do
		local status_s=0 status_d=0
		"$SYSCOPE" -r "$f" -c "$STOCK/$name.lua" "$@" >s.out 2>s.err || status_s=$?
		sysdig -r "$f" -c "$name" "$@" >d.out 2>/dev/null || status_d=$?
		if ((status_s >= 128)); then
			echo "syscope crashed on ${f##*/} with $name" >&2
			return 1
		fi
		if [[ $((status_s != 0)) != $((status_d != 0)) ]] ||
			! diff <(cut_ties s.out) <(cut_ties d.out) >diff.out; then
			echo "== $name $* on ${f##*/}: exit $status_s vs sysdig's $status_d" >&2
			head -n 20 diff.out s.err >&2
			bad=$((bad + 1))
		fi
	done < <(captures)
	((bad == 0))
}

@test "sysdig's table chisels (table_generator) print what sysdig prints" {
	require_corpus
	require_stock
	local c
	for c in topscalls topscalls_time topprocs_net topprocs_file topprocs_errors topfiles_bytes \
		topfiles_time topfiles_errors topconns topports_server topcontainers_file \
		topcontainers_net topcontainers_error; do
		same_chisel "$c"
	done
	same_chisel fdbytes_by fd.sport
	same_chisel fdbytes_by proc.name
	same_chisel fdtime_by proc.name
	same_chisel fdcount_by fd.type
}

@test "sysdig's CPU chisels: thread.cpu and thread.exectime from procinfo and switches" {
	require_corpus
	require_stock
	same_chisel topprocs_cpu
	same_chisel topcontainers_cpu
}

@test "sysdig's interval and spy chisels print what sysdig prints" {
	require_corpus
	require_stock
	local c
	for c in iobytes iobytes_file iobytes_net echo_fds stdout stderr spy_users \
		list_login_shells proc_exec_time bottlenecks httplog httptop udp_extract memcachelog \
		shellshock_detect; do
		same_chisel "$c"
	done
	same_chisel spy_file
	same_chisel spy_file "R /etc/nsswitch.conf"
	same_chisel spy_ip 127.0.0.1
	same_chisel spy_port 80
	same_chisel scallslower 0
	same_chisel fileslower 0
	same_chisel netlower 0
}

@test "sysdig's state chisels: ps, lsof, netstat, lscontainers from the thread and container tables" {
	require_corpus
	require_stock
	same_chisel ps
	same_chisel lsof
	same_chisel lsof proc.name=curl
	same_chisel netstat
	same_chisel lscontainers
}

@test "a probe chisel calling most of the API prints what it prints under sysdig" {
	require_corpus
	require_sysdig
	local f
	for f in curl_google falco_container_user test_ipv6_client falco_cat_write falco_syscall; do
		run_syscope -r "$CORPUS/$f.scap" -c "$PROBE" word
		assert_status 0
		sysdig -r "$CORPUS/$f.scap" -c "$PROBE" word >d.out 2>/dev/null
		assert_same_file d.out "$OUT"
		# -j, a global filter and a second chisel change what it sees alike
		run_syscope -r "$CORPUS/$f.scap" -j -c "$PROBE" -c "$PROBE" other proc.name!=bash
		sysdig -r "$CORPUS/$f.scap" -j -c "$PROBE" -c "$PROBE" other proc.name!=bash \
			>d.out 2>/dev/null
		assert_same_file d.out "$OUT"
	done
}

@test "-i prints a chisel's description and arguments as sysdig -i does" {
	require_stock
	local c
	for c in spectrogram subsecoffset around; do
		[[ -f $STOCK/$c.lua ]] || continue
		run_syscope -i "$c"
		assert_status 0
		sysdig -i "$c" >d.out 2>/dev/null
		assert_same_file d.out "$OUT"
	done
}

@test "-cl lists every chisel found, by category, laid out as sysdig -cl" {
	require_stock
	run_syscope -cl
	assert_status 0
	# sysdig's chisels that syscope ships no chisel of the same name for
	# are listed from its folder, with its words
	sysdig -cl >d.out 2>/dev/null
	local c
	for c in spectrogram subsecoffset around; do
		grep -A2 "^$c " d.out | head -n 1 >want
		grep -A2 "^$c " "$OUT" | head -n 1 >got
		assert_same_file want got
	done
	[[ $(head -c 1 "$OUT") == "" ]]
	tail -n 1 "$OUT" | grep -q 'Use the -i flag to get detailed information about a specific chisel'
	# categories in order, each underlined to its length
	grep '^Category: ' "$OUT" >cats
	sort -c cats
	awk '/^Category: /{ n = length($0); getline; if (length($0) != n) exit 1 }' "$OUT"
}

@test "a chisel that does not exist is one message and exit 1" {
	run_syscope -r /dev/null -c no_such_chisel
	assert_status 1
	grep -q "chisel 'no_such_chisel' not found" "$ERR"
	run_syscope -i no_such_chisel
	assert_status 1
	grep -q "not found" "$ERR"
}

@test "a Lua syntax error names the file and line; a run-time error names the chisel" {
	require_corpus
	printf 'description = "x"\nshort_description = "x"\nargs = {}\nfunction on_event(\n' >syntax.lua
	run_syscope -r "$CORPUS/curl_google.scap" -c ./syntax.lua
	assert_status 1
	grep -q 'syntax.lua:5' "$ERR"
	[[ ! -s $OUT ]]
	printf 'description = "x"\nshort_description = "x"\nargs = {}\nfunction on_event()\n  local t = nil\n  return t.x\nend\n' >runtime.lua
	run_syscope -r "$CORPUS/curl_google.scap" -c ./runtime.lua
	assert_status 1
	grep -q 'runtime.lua chisel error: .*runtime.lua:6' "$ERR"
}

@test "bad arguments: missing, too many, refused by on_set_arg" {
	require_corpus
	require_stock
	run_syscope -r "$CORPUS/curl_google.scap" -c "$STOCK/spy_ip.lua"
	assert_status 1
	grep -q 'missing arguments for chisel' "$ERR"
	run_syscope -r "$CORPUS/curl_google.scap" -c "$STOCK/spy_ip.lua" "1.2.3.4 a b c"
	assert_status 1
	grep -q 'too many parameters' "$ERR"
	printf 'description = "x"\nshort_description = "x"\nargs = {{name="a", description="d", argtype="int"}}\nfunction on_set_arg(n, v) return false end\n' >refuse.lua
	run_syscope -r "$CORPUS/curl_google.scap" -c ./refuse.lua 7
	assert_status 1
	grep -q 'set_arg() for chisel ./refuse.lua failed.' "$ERR"
}

@test "bad requests from a chisel: an unknown field, a bad filter, a bad formatter" {
	require_corpus
	local what
	for what in 'chisel.request_field("proc.nosuch")' 'chisel.set_filter("proc.name=curl and")' \
		'chisel.set_event_formatter("%nosuch.field")' 'sysdig.set_output_format("sideways")'; do
		printf 'description = "x"\nshort_description = "x"\nargs = {}\nfunction on_init()\n  %s\n  return true\nend\n' \
			"$what" >bad.lua
		run_syscope -r "$CORPUS/curl_google.scap" -c ./bad.lua
		assert_status 1
		[[ -s $ERR ]]
		[[ ! -s $OUT ]]
	done
}

@test "on_init returning false or no boolean stops before any output" {
	require_corpus
	printf 'description = "x"\nshort_description = "x"\nargs = {}\nfunction on_init() return false end\n' >f.lua
	run_syscope -r "$CORPUS/curl_google.scap" -c ./f.lua
	assert_status 1
	grep -q 'init() for chisel ./f.lua failed.' "$ERR"
	printf 'description = "x"\nshort_description = "x"\nargs = {}\nfunction on_init() return 1 end\n' >g.lua
	run_syscope -r "$CORPUS/curl_google.scap" -c ./g.lua
	assert_status 1
	grep -q 'must return a boolean' "$ERR"
}

@test "sysdig.end_capture stops the reading; on_capture_end still runs" {
	require_corpus
	printf 'description = "x"\nshort_description = "x"\nargs = {}\nn = 0\nfunction on_event() n = n + 1 if n == 5 then sysdig.end_capture() end return true end\nfunction on_capture_end() print("seen " .. n) end\n' >stop.lua
	run_syscope -r "$CORPUS/curl_google.scap" -c ./stop.lua
	assert_status 0
	[[ $(cat "$OUT") == "seen 5" ]]
}

@test "every .lua file of chisels/ is installed (listed in chisels/meson.build)" {
	local src=$BATS_TEST_DIRNAME/../../chisels f
	for f in "$src"/*.lua; do
		grep -q "'${f##*/}'" "$src/meson.build" ||
			{ echo "${f##*/} is not in chisels/meson.build" >&2; return 1; }
	done
}

@test "a chisel failing mid-run: one line with its file and line, exit 1, the -w file complete" {
	require_corpus
	printf 'description = "x"\nshort_description = "x"\nargs = {}\nn = 0\nfunction on_event()\n  n = n + 1\n  if n == 100 then chisel.set_filter("proc.name=curl and") end\n  return true\nend\n' >late.lua
	run_syscope -r "$CORPUS/curl_google.scap" -c ./late.lua -w "$BATS_TEST_TMPDIR/part.scap"
	assert_status 1
	assert_line_count "$ERR" 1
	grep -q 'late.lua chisel error: .*late.lua:7: invalid filter in chisel ./late.lua' "$ERR"
	run_syscope -r "$BATS_TEST_TMPDIR/part.scap" -q
	assert_status 0
	assert_empty "$ERR"
}

@test "the man page's example chisel runs, and prints what sysdig prints with it" {
	require_corpus
	local man=$BATS_TEST_DIRNAME/../../man/syscope.8
	# the example: between .EX and .EE after "This one counts", roff
	# escapes undone
	awk '/^This one counts/ { on = 1 } on && /^\.EE/ { exit } on == 2 { print } on && /^\.EX/ { on = 2 }' \
		"$man" | sed 's/\\-/-/g' >opens_by_proc.lua
	grep -q '^function on_event' opens_by_proc.lua
	local f
	for f in curl_google falco_syscall test_ipv6_client; do
		run_syscope -r "$CORPUS/$f.scap" -c ./opens_by_proc.lua 1
		assert_status 0
		assert_empty "$ERR"
		[[ -s $OUT ]]
		if command -v sysdig >/dev/null; then
			# its table is Lua hash order in both: compared sorted
			sysdig -r "$CORPUS/$f.scap" -c ./opens_by_proc.lua 1 2>/dev/null | sort >d.out
			sort "$OUT" >s.out
			assert_same_file d.out s.out
		fi
	done
	run_syscope -r "$CORPUS/curl_google.scap" -c ./opens_by_proc.lua 0
	assert_status 1
}
