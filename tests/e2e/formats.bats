#!/usr/bin/env bats
# -p formats, -j JSON, -l/-lv and -S: sysdig's output formats.

load helpers

setup() {
	require_syscope
}

# ---------------------------------------------------------------- -j

@test "-j on every corpus capture prints sysdig's JSON byte for byte" {
	require_corpus
	local n=0 f
	for f in "$CORPUS"/*.json; do
		run_syscope -r "${f%.json}.scap" -j
		assert_status 0
		assert_same_file "$f" "$OUT"
		n=$((n + 1))
	done
	((n >= 4))
}

@test "-j -p: keys sorted, numbers as numbers, null for missing fields with *" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -j \
		-p '*%evt.num %proc.name %fd.name %evt.latency %evt.failed %evt.buffer' \
		'evt.num>=229 and evt.num<=231'
	assert_status 0
	cat >"$BATS_TEST_TMPDIR/want" <<'EOF'
{"evt.buffer":null,"evt.failed":false,"evt.latency":2993,"evt.num":229,"fd.name":"/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4","proc.name":"curl"}
{"evt.buffer":null,"evt.failed":false,"evt.latency":0,"evt.num":230,"fd.name":"/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4","proc.name":"curl"}
{"evt.buffer":".ELF..............>.............@...................@.8...@.....................","evt.failed":false,"evt.latency":1593,"evt.num":231,"fd.name":"/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4","proc.name":"curl"}
EOF
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

@test "-j: times shown as text are nanoseconds, buffers follow -b" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -j -b -p '%evt.num %evt.time %evt.buffer' evt.num=231
	assert_status 0
	assert_grep "$OUT" '^\{"evt.buffer":"f0VMRgIBAQAAAAAAAAAAAAMAPgABAAAAsI0AAAAAAABAAAAAAAAAAMDCBgAAAAAAAAAAAEAAOAAHAEAAGwAaAAEAAAAFAAAAAAAAAAAAAAA=","evt.num":231,"evt.time":1534527348514700898\}$'
}

@test "-j without *: an event missing a field is not printed" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -j -p '%evt.num %fd.name' 'evt.num>=211 and evt.num<=219'
	assert_status 0
	assert_line_count "$OUT" 1
	assert_grep "$OUT" '^\{"evt.num":219,"fd.name":"/etc/ld.so.cache"\}$'
}

# ---------------------------------------------------------------- -p

@test "-p: widths pad and cut, text follows a field directly" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -p '%10proc.name|%5evt.type|%3fd.num|%evt.arg.name' evt.num=219
	assert_status 0
	printf 'curl      |open |3  |/etc/ld.so.cache\n' >"$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

@test "-p: without * an event missing any field is skipped, with * it shows <NA>" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -p '%evt.num %fd.name' 'evt.num<900'
	assert_status 0
	assert_line_count "$OUT" 250
	run_syscope -r "$CORPUS/curl_google.scap" -p '*%fd.name %evt.num' evt.num=211
	assert_status 0
	printf '<NA> 211\n' >"$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

@test "-p: escapes \\n \\t and \\\\; other backslashes stay" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -p 'a=%evt.num\tb\nc\\d\q' evt.num=211
	assert_status 0
	printf 'a=211\tb\nc\\d\\q\n' >"$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

@test "-p with \\e: the terminal colours are reset after the last line, as sysdig does" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -p '\e[31m%evt.num' evt.num=211
	assert_status 0
	printf '\033[31m211\n\033[00m' >"$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
	# without an escape in the format there is nothing to reset
	run_syscope -r "$CORPUS/curl_google.scap" -p '%evt.num' evt.num=211
	printf '211\n' >"$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

@test "-p: time fields, latency in people's units, -t for evt.outputtime" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -t r \
		-p '%evt.time %evt.datetime %evt.time.iso8601 %evt.latency.human %evt.latency.ns %evt.reltime %evt.outputtime' \
		evt.num=231
	assert_status 0
	printf '17:35:48.514700898 2018-08-17 17:35:48.514700898 2018-08-17T17:35:48.514700898+0000 1.59us 000001593 5514700899 5.514700899\n' \
		>"$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

@test "-p: an unknown field is one error line, exit 1, nothing printed" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -p '%evt.num %proc.nme'
	assert_status 1
	assert_empty "$OUT"
	assert_line_count "$ERR" 1
	assert_grep "$ERR" "^syscope: -p: .*unknown field 'proc.nme' \(did you mean 'proc.name'\?\)"
}

@test "-p: a trailing % and a filter-only field are errors" {
	run_syscope -r /nonexistent -p '%evt.num %'
	assert_status 1
	assert_line_count "$ERR" 1
	assert_grep "$ERR" '^syscope: -p: .*%'
	run_syscope -r /nonexistent -p '%fd.ip'
	assert_status 1
	assert_grep "$ERR" "^syscope: -p: 'fd.ip' can only be used in filters"
}

@test "-p: a -w file is not created when the format is wrong" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -w "$BATS_TEST_TMPDIR/out.scap" -p '%bogus.field'
	assert_status 1
	[[ ! -e $BATS_TEST_TMPDIR/out.scap ]]
}

@test "-pp prints the default format" {
	run_syscope -pp
	assert_status 0
	printf '%s\n' '*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info' \
		>"$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
}

# fields_agree PREFIX "CAPTURES" FIELD...: -p "PREFIX%evt.num %FIELD" prints
# what sysdig prints, for every field on every corpus capture named.
fields_agree() {
	local prefix=$1 captures=$2 f field
	shift 2
	for f in $captures; do
		for field in "$@"; do
			run_syscope -r "$CORPUS/$f.scap" -p "$prefix%evt.num %$field"
			assert_status 0
			sysdig -r "$CORPUS/$f.scap" -p "$prefix%evt.num %$field" >"$BATS_TEST_TMPDIR/want" 2>&1
			assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT" || {
				echo "field $field differs on $f" >&2
				return 1
			}
		done
	done
}

@test "fields agree with sysdig on every corpus capture" {
	require_corpus
	require_sysdig
	local fields=(evt.num evt.time evt.datetime evt.rawtime.ns evt.reltime evt.latency
		evt.latency.human evt.deltatime evt.dir evt.type evt.category evt.cpu evt.args evt.info
		evt.buflen evt.res evt.rawres evt.failed evt.is_io evt.is_io_read evt.io_dir
		evt.is_wait evt.wait_latency evt.count.error evt.count.exit evt.is_open_read
		syscall.type proc.pid proc.name proc.args proc.env proc.cmdline proc.ppid
		proc.nthreads proc.loginshellid proc.apid[1] proc.aname[2] thread.tid thread.ismain
		thread.vtid proc.vpid proc.sid user.uid user.name user.loginuid group.name
		container.id container.name fd.sip fd.cip fd.sport fd.cport fd.lip fd.rip
		fd.l4proto fd.sockfamily fd.filename evt.arg[0] evt.arg.fd evt.arg.res
		proc.sname proc.vpgid thread.cgroups thread.cgroup.blkio fd.num fd.type fd.typechar
		fd.uid fd.name fd.directory fd.containername fd.containerdirectory fd.is_server
		fd.lport fd.rport fd.lproto fd.rproto evt.reltime proc.vmsize proc.vmrss proc.vmswap
		thread.vmsize thread.vmrss thread.pfminor thread.pfmajor proc.nchilds proc.duration
		fdlist.names proc.exe proc.exeline proc.fdusage)
	fields_agree '*' "curl_google falco_cat_write falco_syscall test_ipv6_client" "${fields[@]}"
}

@test "fields sysdig shows as the text <NA> are values, not missing fields" {
	require_corpus
	require_sysdig
	# Without '*' an event missing a field is not printed: these fields of
	# unknown threads and of non-socket fds print "<NA>" in sysdig all the same.
	local fields=(proc.name proc.exe proc.exeline proc.cmdline proc.sname proc.fdusage
		fd.l4proto fd.name fd.typechar fd.uid)
	fields_agree '' "curl_google falco_syscall" "${fields[@]}"
}

# ---------------------------------------------------------------- -S

@test "-S: sysdig's table, in sysdig's order, after the events" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -S -q
	assert_status 0
	head -n 8 "$OUT" >"$BATS_TEST_TMPDIR/got"
	cat >"$BATS_TEST_TMPDIR/want" <<'EOF'
----------------------
Event           #Calls
----------------------
> procinfo        315
< mmap            110
> mmap            110
> clock_gettime   94
< clock_gettime   94
EOF
	assert_same_file "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	run_syscope -r "$CORPUS/curl_google.scap" -S 'evt.num<215'
	assert_status 0
	tail -n 8 "$OUT" >"$BATS_TEST_TMPDIR/got"
	cat >"$BATS_TEST_TMPDIR/want" <<'EOF'
----------------------
Event           #Calls
----------------------
> procinfo        210
> brk             1
< execve          1
> access          1
< brk             1
EOF
	assert_same_file "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "-S matches sysdig on every capture of the corpus" {
	require_corpus
	require_sysdig
	local f
	for f in "$CORPUS"/*.scap; do
		run_syscope -r "$f" -S -q
		assert_status 0
		sysdig -r "$f" -S -q >"$BATS_TEST_TMPDIR/want"
		assert_same_file "$BATS_TEST_TMPDIR/want" "$OUT"
	done
}

@test "-d is accepted and changes nothing" {
	require_corpus
	run_syscope -r "$CORPUS/curl_google.scap" -d evt.type=open and fd.name contains lib
	assert_status 0
	assert_same_file "$CORPUS/q1.txt" "$OUT"
}

# ---------------------------------------------------------------- -l

@test "-l: sysdig's layout, every line at most 120 columns" {
	run_syscope -l
	assert_status 0
	head -n 5 "$OUT" >"$BATS_TEST_TMPDIR/got"
	assert_grep "$BATS_TEST_TMPDIR/got" '^-------------------------------$'
	assert_grep "$BATS_TEST_TMPDIR/got" '^Field Class:                  evt \(All event types\)$'
	assert_grep "$OUT" '^evt\.num                       event number'
	assert_grep "$OUT" '^proc\.name                     '
	assert_grep "$OUT" '^fd\.name                       '
	! grep -q 'evt.outputtime' "$OUT"
	(($(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$OUT") <= 120))
	run_syscope -lv
	assert_status 0
	assert_grep "$OUT" '^evt\.num                       \(Type: UINT64\) event number'
	assert_grep "$OUT" '^fd\.ip                         \(Type: IPADDR\) \(FILTER ONLY\) '
}

@test "-l: every listed field is accepted by filters and formats" {
	require_corpus
	run_syscope -l
	local f n=0
	for f in $(awk '/^[a-z]/ { print $1 }' "$OUT"); do
		case $f in
		evt.arg | evt.rawarg | evt.type.is | thread.cgroup) f=$f.fd ;;
		esac
		[[ $f == thread.cgroup.fd ]] && f=thread.cgroup.cpu
		[[ $f == evt.type.is.fd ]] && f=evt.type.is.open
		[[ $f == container.mount || $f == container.mount.* ]] && f="$f[0]"
		"$SYSCOPE" -r "$CORPUS/falco_syscall.scap" -q "$f exists" ||
			{ echo "filter on $f failed" >&2; return 1; }
		n=$((n + 1))
	done
	((n > 100))
}

@test "the man page's field reference is the one syscope -lv prints" {
	command -v python3 >/dev/null || skip "python3 is needed"
	run python3 "$BATS_TEST_DIRNAME/../../man/fields.py" --check "$SYSCOPE" \
		"$BATS_TEST_DIRNAME/../../man/syscope.8"
	if ((status != 0)); then
		echo "$output" >&2
		return 1
	fi
}

@test "--list-markdown: the fields of -lv, with their types, as sysdig's Markdown tables" {
	run_syscope --list-markdown
	assert_status 0
	assert_empty "$ERR"
	local t=$BATS_TEST_TMPDIR
	# name and type of every field, from both listings
	sed -n 's/^`\([^`]*\)` | \([A-Z0-9]*\) | .*/\1 \2/p' "$OUT" >"$t/md.txt"
	# a name too long for its column has its type on the next line
	"$SYSCOPE" -lv | awk '/^[a-z]/ { name = $1 }
		match($0, /\(Type: [A-Z0-9]+\)/) && name != "" {
			print name, substr($0, RSTART + 7, RLENGTH - 8); name = "" }' >"$t/lv.txt"
	[[ $(wc -l <"$t/md.txt") -gt 100 ]]
	assert_same_file "$t/lv.txt" "$t/md.txt"
	# One heading, description and table head per class, as sysdig writes.
	[[ $(grep -c '^## Field Class: ' "$OUT") -eq $("$SYSCOPE" -l | grep -c '^Field Class:') ]]
	[[ $(grep -c '^Name | Type | Description$' "$OUT") -eq $(grep -c '^## Field Class: ' "$OUT") ]]
	[[ $(head -n 2 "$OUT") == $'\n## Field Class: evt' ]]
}
