#!/usr/bin/env bats
# syscope's own stock chisels (chisels/*.lua: the top* tables, fd*_by,
# iobytes*, echo_fds, stdin/stdout/stderr) and the helper modules they and
# sysdig's chisels load (common, ansiterminal, dkjson, table_generator),
# compared with sysdig 0.29.3 running its own chisels, on every capture of
# the corpus.
#
# The oracle is sysdig's stock chisel set: sysdig runs from an empty folder
# with HOME pointing there and SYSDIG_CHISEL_DIR unset, so that it finds
# nothing but /usr/share/sysdig/chisels.  The chisel files are used from
# the system package at test time, never copied.
#
# sysdig prints the rows of a table that have equal values in Lua hash
# order, which changes from run to run; syscope sorts them by key.  Tables
# are therefore compared with each run of equal values sorted (the order of
# the runs is still checked), and when a table is cut at its top number the
# rows of its last run are compared on their value only (which of the tied
# rows sysdig keeps is chance).  JSON documents are compared as data: their
# member order is hash order in sysdig too.  Everything else is compared
# byte for byte.
#
# Known deviation, on purpose: a table keyed by a boolean field
# (`-c fdbytes_by evt.is_io_read`) makes sysdig's table printer fail on the
# first row and print no rows at all, silently and with exit status 0;
# syscope prints the rows ("true", "false").  No test compares that case.

load helpers

setup() {
	require_corpus
	require_sysdig
	require_syscope
	ORACLE_HOME=$BATS_TEST_TMPDIR/oracle
	mkdir -p "$ORACLE_HOME"
}

# The captures of helpers.bash's oracle_captures.
captures() {
	oracle_captures
}

# The normaliser described at the top: normalise TOPS MODE FILE... writes
# FILE.n for each FILE.  TOPS is a comma list of each table's top number
# (0: not cut), MODE is table, json or tab (fdcount_by's "key<TAB>count").
normalise() {
	python3 - "$@" <<'PY'
import json, re, sys

tops = [int(t) for t in sys.argv[1].split(",") if t]
mode = sys.argv[2]
RULE = "-" * 80

def sort_runs(rows, value, top, value_only):
    """Sort rows within each run of equal values; if there are exactly
    `top` rows, reduce the last run to its values."""
    groups, last = [], object()
    for row in rows:
        v = value(row)
        if not groups or v != last:
            groups.append([])
        groups[-1].append(row)
        last = v
    if groups and top and len(rows) == top:
        groups[-1] = [value_only(r) for r in groups[-1]]
    key = lambda r: r if isinstance(r, str) else json.dumps(r)
    return [r for g in groups for r in sorted(g, key=key)]

def tables(text):
    lines = text.split("\n")
    out, i, n = [], 0, 0
    header = lambda j: j + 1 < len(lines) and lines[j + 1] == RULE
    while i < len(lines):
        if not header(i):
            out.append(lines[i])
            i += 1
            continue
        out += [lines[i], RULE]
        j = i + 2
        while j < len(lines) and lines[j] != "" and not header(j):
            j += 1
        top = tops[n] if n < len(tops) else 0
        n += 1
        out += sort_runs(lines[i + 2:j], lambda r: r[:20], top, lambda r: r[:20])
        i = j
    return "\n".join(out)

def documents(text):
    dec, pos, out, n = json.JSONDecoder(), 0, [], 0
    blank = re.compile(r"\s*")
    while True:
        pos = blank.match(text, pos).end()
        if pos >= len(text):
            break
        try:
            doc, pos = dec.raw_decode(text, pos)
        except ValueError:
            out.append("NOT JSON: " + text[pos:])
            break
        if isinstance(doc, dict) and isinstance(doc.get("data"), list):
            top = tops[n] if n < len(tops) else 0
            n += 1
            doc["data"] = sort_runs(doc["data"], lambda r: r[-1], top, lambda r: r[-1:])
        out.append(json.dumps(doc, sort_keys=True, indent=1))
    return "\n".join(out) + "\n"

def tabbed(text):
    lines = text.split("\n")
    rows = [l for l in lines if "\t" in l]
    rest = [l for l in lines if "\t" not in l]
    return "\n".join(rest + sort_runs(rows, lambda r: r.rsplit("\t", 1)[1], 0, None))

for name in sys.argv[3:]:
    text = open(name, "rb").read().decode("latin-1")
    res = {"table": tables, "json": documents, "tab": tabbed}[mode](text)
    open(name + ".n", "wb").write(res.encode("latin-1"))
PY
}

# compare_all TOPS MODE [SYSDIG-OPTIONS...] -- CHISEL-ARGS...
# Runs sysdig (the oracle) and syscope with the same options and arguments
# on every capture, and fails naming each capture whose output differs
# (after normalisation unless MODE is exact), with a diff.  A capture that
# sysdig itself cannot read (exit status not 0: corrupt or unsupported
# files, a crash) is no oracle and is left out; syscope must still not
# crash on it (unless sysdig crashed too).
compare_all() {
	local tops=$1 mode=$2
	shift 2
	local opts=()
	while [[ $1 != -- ]]; do
		opts+=("$1")
		shift
	done
	shift
	local dir=$BATS_TEST_TMPDIR/cmp n=0 f jobs=0
	mkdir -p "$dir"
	local caps=()
	mapfile -t caps < <(captures)
	((${#caps[@]} > 0)) || skip "no captures in $CORPUS"
	for f in "${caps[@]}"; do
		n=$((n + 1))
		# (bats runs with errexit: the status is caught, not fatal)
		(
			st=0
			cd "$ORACLE_HOME"
			env -u SYSDIG_CHISEL_DIR HOME="$ORACLE_HOME" sysdig "${opts[@]}" -r "$f" "$@" \
				>"$dir/$n.exp" 2>"$dir/$n.experr" || st=$?
			echo "$st" >"$dir/$n.expst"
		) 2>/dev/null &
		(
			st=0
			"$SYSCOPE" "${opts[@]}" -r "$f" "$@" >"$dir/$n.act" 2>"$dir/$n.acterr" || st=$?
			echo "$st" >"$dir/$n.actst"
		) 2>/dev/null &
		jobs=$((jobs + 2))
		if ((jobs >= 8)); then
			wait
			jobs=0
		fi
	done
	wait
	local exp_files=() act_files=()
	for ((n = 1; n <= ${#caps[@]}; n++)); do
		exp_files+=("$dir/$n.exp")
		act_files+=("$dir/$n.act")
	done
	if [[ $mode != exact ]]; then
		normalise "$tops" "$mode" "${exp_files[@]}" "${act_files[@]}"
	fi
	local bad=0 compared=0 es as suffix=
	[[ $mode != exact ]] && suffix=.n
	for ((n = 1; n <= ${#caps[@]}; n++)); do
		f=${caps[n - 1]}
		es=$(<"$dir/$n.expst")
		as=$(<"$dir/$n.actst")
		# where sysdig crashes too (fewparams.scap), a crash is left to the
		# replay tests: with a wrapper around sysdig as $SYSCOPE it is
		# sysdig's own
		if ((es < 128)) && { ((as >= 128)) || grep -Eq 'Sanitizer|runtime error:|Segmentation|core dumped|Aborted' "$dir/$n.acterr"; }; then
			echo "syscope crashed (exit $as) on ${f#"$CORPUS"/}: $* " >&2
			head -n 20 "$dir/$n.acterr" >&2
			bad=$((bad + 1))
			continue
		fi
		((es == 0)) || continue
		compared=$((compared + 1))
		if ((as != 0)) || ! cmp -s "$dir/$n.exp$suffix" "$dir/$n.act$suffix"; then
			echo "== ${f#"$CORPUS"/}: syscope ${opts[*]} -r FILE $* differs from sysdig (exit $as; diff sysdig syscope):" >&2
			diff -u "$dir/$n.exp$suffix" "$dir/$n.act$suffix" | head -n 30 >&2 || true
			head -n 5 "$dir/$n.acterr" >&2
			bad=$((bad + 1))
		fi
	done
	if ((compared == 0)); then
		echo "sysdig read none of the captures: nothing was compared" >&2
		return 1
	fi
	((bad == 0))
}

# ----------------------------------------------------------- top tables

@test "topprocs_cpu matches sysdig on every capture" {
	compare_all 10 table -- -c topprocs_cpu
}

@test "topprocs_file matches sysdig on every capture" {
	compare_all 10 table -- -c topprocs_file
}

@test "topprocs_net matches sysdig on every capture" {
	compare_all 100 table -- -c topprocs_net
}

@test "topprocs_errors matches sysdig on every capture" {
	compare_all 100 table -- -c topprocs_errors
}

@test "topfiles_bytes matches sysdig on every capture" {
	compare_all 10 table -- -c topfiles_bytes
}

@test "topfiles_time matches sysdig on every capture" {
	compare_all 10 table -- -c topfiles_time
}

@test "topfiles_errors matches sysdig on every capture" {
	compare_all 100 table -- -c topfiles_errors
}

@test "topscalls matches sysdig on every capture" {
	compare_all 30 table -- -c topscalls
}

@test "topscalls_time matches sysdig on every capture" {
	compare_all 30 table -- -c topscalls_time
}

@test "topconns matches sysdig on every capture" {
	compare_all 30 table -- -c topconns
}

@test "topports_server matches sysdig on every capture" {
	compare_all 100 table -- -c topports_server
}

@test "topcontainers_cpu matches sysdig on every capture" {
	compare_all 10 table -- -c topcontainers_cpu
}

@test "topcontainers_file matches sysdig on every capture" {
	compare_all 10 table -- -c topcontainers_file
}

@test "topcontainers_net matches sysdig on every capture" {
	compare_all 100 table -- -c topcontainers_net
}

@test "topcontainers_error matches sysdig on every capture" {
	compare_all 100 table -- -c topcontainers_error
}

# ------------------------------------------------------------ fd*_by

@test "fdbytes_by fd.sport and proc.name match sysdig on every capture" {
	compare_all 30 table -- -c fdbytes_by fd.sport
	compare_all 30 table -- -c fdbytes_by proc.name
}

@test "fdtime_by proc.name and fd.name match sysdig on every capture" {
	compare_all 10 table -- -c fdtime_by proc.name
	compare_all 10 table -- -c fdtime_by fd.name
}

@test "fdcount_by fd.type and proc.name match sysdig on every capture" {
	compare_all 0 tab -- -c fdcount_by fd.type
	compare_all 0 tab -- -c fdcount_by proc.name
}

# ------------------------------------------------- per-second and data

@test "iobytes, iobytes_file and iobytes_net match sysdig on every capture" {
	compare_all 0 exact -- -c iobytes
	compare_all 0 exact -- -c iobytes_file
	compare_all 0 exact -- -c iobytes_net
}

@test "echo_fds matches sysdig on every capture, with and without colours" {
	compare_all 0 exact -- -c echo_fds
	compare_all 0 exact -- -c echo_fds disable_color
}

@test "stdin, stdout and stderr match sysdig on every capture" {
	compare_all 0 exact -- -c stdin
	compare_all 0 exact -- -c stdout
	compare_all 0 exact -- -c stderr
	compare_all 0 exact -- -c stderr disable_color
}

# --------------------------------------------------------- variations

@test "-j: table chisels print sysdig's JSON documents" {
	compare_all 10 json -j -- -c topprocs_cpu
	compare_all 100 json -j -- -c topprocs_net
	compare_all 30 json -j -- -c topscalls
	compare_all 10 json -j -- -c topfiles_bytes
	# a single key: sysdig puts the value's descriptor at index 3 of
	# "info" whatever the number of keys, so index 2 is null; kept
	compare_all 30 json -j -- -c fdbytes_by fd.sport
}

@test "-j: the JSON of a one-key table has null at info index 2, as sysdig's" {
	local f=$CORPUS/curl_google.scap
	[[ -f $f ]] || skip "no curl_google.scap"
	run_syscope -j -r "$f" -c topscalls
	assert_status 0
	python3 - "$OUT" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
info = doc["info"]
assert len(info) == 3 and info[1] is None, info
assert info[0] == {"name": "evt.type", "desc": "Syscall", "is_key": True}, info
assert info[2] == {"name": "evt.count", "desc": "# Calls", "is_key": False}, info
assert doc["ts"].endswith("000000000") and doc["data"], doc
assert all(isinstance(r[0], str) and isinstance(r[1], (int, float)) for r in doc["data"])
PY
}

@test "-pc: container columns match sysdig on every capture" {
	compare_all 10 table -pc -- -c topprocs_cpu
	compare_all 10 table -pc -- -c topprocs_file
	compare_all 30 table -pc -- -c topconns
	compare_all 30 table -pc -- -c topscalls
	compare_all 0 exact -pc -- -c echo_fds
	compare_all 0 exact -pc -- -c stderr
}

@test "a command-line filter restricts a table chisel as in sysdig" {
	compare_all 30 table -- -c topscalls 'proc.name=curl and evt.dir=<'
	compare_all 10 table -- -c fdtime_by fd.name 'proc.name=curl'
}

@test "two table chisels at once print both tables as in sysdig" {
	compare_all 100,100 table -- -c topprocs_net -c topports_server
	compare_all 30,10 table -- -c topscalls -c topprocs_cpu
}

@test "table_generator run directly with its seven arguments matches sysdig" {
	compare_all 5 table -- -c table_generator "proc.name,evt.type Process,Syscall evt.count Calls evt.dir=< 5 none"
	compare_all 0 table -- -c table_generator "fd.name File evt.latency Time '' 0 time"
}

# ------------------------------------------------------------ bad input

@test "fdbytes_by without its key argument: exit status 1 and a message" {
	run_syscope -r "$CORPUS/curl_google.scap" -c fdbytes_by
	assert_status 1
	[[ -s $ERR ]]
}

@test "fdtime_by and fdcount_by with a field that does not exist: exit status 1 and a message" {
	run_syscope -r "$CORPUS/curl_google.scap" -c fdtime_by no.such_field
	assert_status 1
	[[ -s $ERR ]]
	run_syscope -r "$CORPUS/curl_google.scap" -c fdcount_by no.such_field
	assert_status 1
	[[ -s $ERR ]]
}

@test "table_generator with more keys than key titles: exit status 1 and a message" {
	run_syscope -r "$CORPUS/curl_google.scap" -c table_generator "proc.name,proc.pid Process evt.count N '' 10 none"
	assert_status 1
	[[ -s $ERR ]]
	assert_grep "$OUT" "number of entries in keys different from number entries in keydescs"
}

@test "stderr with an argument other than disable_color: exit status 1 and a message" {
	run_syscope -r "$CORPUS/curl_google.scap" -c stderr bogus
	assert_status 1
	[[ -s $ERR ]]
}

# ------------------------------------------------- common.lua unit checks

# Runs the same probes on syscope's helper modules and on sysdig's, each in
# its own luajit, and compares what they print.  sysdig's modules are read
# from the system package at test time.
@test "common.lua formatting helpers give what sysdig's give (luajit)" {
	command -v luajit >/dev/null || skip "luajit is not installed (apt-get install luajit)"
	local stock=/usr/share/sysdig/chisels ours=$BATS_TEST_DIRNAME/../../chisels
	[[ -f $stock/common.lua ]] || skip "sysdig's common.lua is not installed"
	cat >"$BATS_TEST_TMPDIR/probe.lua" <<'LUA'
require "common"
local out = {}
local function say(...)
	local parts = {}
	for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
	out[#out + 1] = table.concat(parts, "|")
end
for _, v in ipairs({ 0, 1, 512, 1023, 1024, 1025, 1536, 10240, 1048575, 1048576, 1048577,
		5 * 1024 * 1024 + 7, 1073741824, 1073741825, 3e9, 1099511627776, 1099511627777,
		2.5e13, 1125899906842624, 1125899906842625, 7e16, 3, 100.0, -5 }) do
	say("format_bytes", v, format_bytes(v))
end
for _, v in ipairs({ 0, 1, 9, 10, 999, 1000, 1001, 1234, 9999, 10000, 10001, 99999, 123456,
		999999, 1000000, 1000001, 1234567, 9999999, 10000000, 10000001, 123456789,
		999999999, 1000000000, 1000000001, 1010000000, 1234567890, 59999999999,
		3600000000000, 1e12 + 5, 1.5, 2500.5 }) do
	say("format_time_interval", v, format_time_interval(v))
end
for _, c in ipairs({ { "abc", 5 }, { "abc", 4 }, { "abc", 3 }, { "abc", 2 }, { "abc", 1 },
		{ "abc", 0 }, { "abc", -1 }, { "", 0 }, { "", 3 }, { "x", 20 }, { "x", 167 },
		{ "x", 168 }, { "x", 200 }, { string.rep("y", 25), 20 } }) do
	say("extend_string", c[1], c[2], "[" .. extend_string(c[1], c[2]) .. "]")
end
for _, c in ipairs({ { "a,b,c", "," }, { "a,,b,", "," }, { "", "," }, { ",", "," },
		{ "k1\001\001k2", "\001\001" }, { "one", "," }, { 8080, "\001\001" } }) do
	local parts = split(c[1], c[2])
	say("split", #parts, table.concat(parts, "/"))
end
say(starts_with("syscope", "sys"), starts_with("syscope", ""), starts_with("sys", "syscope"),
	ends_with("syscope", "cope"), ends_with("syscope", ""), ends_with("pe", "syscope"))
say("ts_to_str", ts_to_str(1534527350, 5), ts_to_str(0, 0), ts_to_str(12, 123456789))
say("consts", ONE_S_IN_NS, ONE_MS_IN_NS, ONE_US_IN_NS)
local t = { a = 5, b = 30, c = 1, d = 12 }
local order = {}
for k, v in pairs_top_by_val(t, 3, function(tt, x, y) return tt[y] < tt[x] end) do
	order[#order + 1] = k .. "=" .. v
end
say("pairs_top_by_val", table.concat(order, ","))
order = {}
for k, v in pairs_top_by_val(t, 0, function(tt, x, y) return tt[x] < tt[y] end) do
	order[#order + 1] = k .. "=" .. v
end
say("pairs_top_by_val all", table.concat(order, ","))
say("st", st(42), st("a\"b\n"), st(true), st(print), st({}, "e", true), st({ 7 }, "n"))
local orig = setmetatable({ 1, { 2, 3 }, k = { v = "w" } }, { _NAME = "Thing" })
local copy = copytable(orig)
say("copytable", copy ~= orig, copy[2] ~= orig[2], copy[2][2], copy.k.v, typeof(copy))
say("concattable", table.concat(concattable({ 1, 2 }, { 3, 4 }), ","))
say("typeof", typeof(1), typeof("s"), typeof({}), typeof(nil), typeof(print))
say("json", json.version, json.encode({ 1, "two", true, { x = 1 }, json.null }),
	json.encode({ 1, 2, 3 }, { indent = true }), json.encode({ k = { 1, { j = "v" } } }, { indent = true }),
	json.encode("tab\there \"q\" \\ \1 \127 \194\160 \226\128\168 é"), json.encode(0.1),
	json.encode(1e300 * 1e300), json.encode({}), json.encode({ [1] = 1, [3] = 3 }),
	json.encode({ [12] = 12 }), json.encode({ [1] = 1, [2] = 2, [9] = 9 }), json.encode({ n = 3 }), json.encode(-0.5))
local v, pos, err = json.decode('[1, "a\\u00e9\\n", {"k": [true, false, null]}, -2.5e3]')
say("decode", v[1], v[2], v[3].k[1], v[3].k[2], v[3].k[3], v[4], pos, err,
	getmetatable(v).__jsontype, getmetatable(v[3]).__jsontype)
say("decode bad", json.decode('{"a": }'))
say("decode null", json.decode("null", 1, json.null) == json.null)
io.write(table.concat(out, "\n"), "\n")
LUA
	(cd "$BATS_TEST_TMPDIR" && LUA_PATH="$stock/?.lua;;" luajit probe.lua >expected)
	(cd "$BATS_TEST_TMPDIR" && LUA_PATH="$ours/?.lua;;" luajit probe.lua >actual)
	[[ -s $BATS_TEST_TMPDIR/expected ]]
	assert_same_file "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/actual"
}

@test "ansiterminal fields and escape sequences are sysdig's (luajit)" {
	command -v luajit >/dev/null || skip "luajit is not installed (apt-get install luajit)"
	local stock=/usr/share/sysdig/chisels ours=$BATS_TEST_DIRNAME/../../chisels
	[[ -f $stock/ansiterminal.lua ]] || skip "sysdig's ansiterminal.lua is not installed"
	cat >"$BATS_TEST_TMPDIR/term.lua" <<'LUA'
local t = require "ansiterminal"
local names = { "reset", "clear", "bright", "dim", "underscore", "blink", "reverse", "hidden",
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "onblack", "onred",
	"ongreen", "onyellow", "onblue", "onmagenta", "oncyan", "onwhite" }
io.write("before:", tostring(t.red), "\n")
for _, on in ipairs({ true, false, "yes" }) do
	t.enable_color(on)
	for _, n in ipairs(names) do io.write(n, "=", t[n], ";") end
	io.write("\n")
end
t.clearscreen() t.moveto(0, 0) t.moveto(3, 7) t.moveup(2) t.clearline()
t.hidecursor() t.showcursor() t.setfgcol(196) t.setbgcol(21)
io.write("\n")
LUA
	(cd "$BATS_TEST_TMPDIR" && LUA_PATH="$stock/?.lua;;" luajit term.lua >expected)
	(cd "$BATS_TEST_TMPDIR" && LUA_PATH="$ours/?.lua;;" luajit term.lua >actual)
	assert_same_file "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/actual"
}

# Categories, hidden flags and argument lists (name, type, optional) decide
# how -cl groups a chisel and how its arguments are parsed: they must be
# sysdig's.  Descriptions are syscope's own words and are not compared.
@test "each chisel's category, hidden flag and arguments are those of sysdig's (luajit)" {
	command -v luajit >/dev/null || skip "luajit is not installed (apt-get install luajit)"
	local stock=/usr/share/sysdig/chisels ours=$BATS_TEST_DIRNAME/../../chisels f name bad=0
	[[ -d $stock ]] || skip "sysdig's chisels are not installed"
	cat >"$BATS_TEST_TMPDIR/meta.lua" <<'LUA'
local dir, name = arg[1], arg[2]
package.path = dir .. "/?.lua;" .. package.path
sysdig, chisel, evt = {}, {}, {}
dofile(dir .. "/" .. name .. ".lua")
local parts = { name, tostring(category), tostring(hidden), type(description), type(short_description) }
for _, a in ipairs(args) do
	parts[#parts + 1] = a.name .. ":" .. a.argtype .. ":" .. tostring(a.optional)
end
print(table.concat(parts, " "))
LUA
	for f in "$ours"/*.lua; do
		name=$(basename "$f" .lua)
		case $name in common | dkjson | ansiterminal) continue ;; esac
		[[ -f $stock/$name.lua ]] || continue
		if ! diff <(luajit "$BATS_TEST_TMPDIR/meta.lua" "$stock" "$name" 2>&1) \
			<(luajit "$BATS_TEST_TMPDIR/meta.lua" "$ours" "$name" 2>&1) >&2; then
			echo "($name: sysdig's above, syscope's below)" >&2
			bad=$((bad + 1))
		fi
	done
	((bad == 0))
}
