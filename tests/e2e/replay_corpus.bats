#!/usr/bin/env bats
# syscope -r on real captures written by sysdig and Falco on real machines:
# the output must be byte-identical to what sysdig 0.29.3 printed for them
# (X.txt beside X.scap, made with TZ=UTC).  Files are compared with cmp, not
# through bats' $output, which drops trailing newlines.

load helpers

setup() {
	require_syscope
	require_corpus
}

# replays_like_sysdig NAME: `syscope -r NAME.scap` prints exactly NAME.txt,
# says nothing on stderr and exits 0.
replays_like_sysdig() {
	run_syscope -r "$CORPUS/$1.scap"
	assert_status 0
	assert_empty "$ERR"
	assert_same_file "$CORPUS/$1.txt" "$OUT"
}

@test "curl fetching a page over IPv6 (gzip, format 1.0, PL_V5, v1 event blocks) prints exactly as sysdig" {
	replays_like_sysdig curl_google
}

@test "an IPv6 UDP and TCP client (gzip, format 1.0, PL_V5) prints exactly as sysdig" {
	replays_like_sysdig test_ipv6_client
}

@test "Falco's cat_write trace, cat from start to exit (gzip, PL_V6) prints exactly as sysdig" {
	replays_like_sysdig falco_cat_write
}

@test "Falco's syscall trace, a few opens (gzip, format 1.1, PL_V8) prints exactly as sysdig" {
	replays_like_sysdig falco_syscall
}

@test "several -r files are read one after another, each on its own, as sysdig prints them" {
	local t=$BATS_TEST_TMPDIR
	local files=(falco_cat_write test_ipv6_client curl_google) args=() f
	for f in "${files[@]}"; do
		args+=(-r "$CORPUS/$f.scap")
		cat "$CORPUS/$f.txt" >>"$t/want.txt"
	done
	run_syscope "${args[@]}"
	assert_status 0
	assert_empty "$ERR"
	assert_same_file "$t/want.txt" "$OUT"
	# Each file has its own -n count; -S counts them all together.
	local n
	: >"$t/want_n.txt"
	for f in "${files[@]}"; do
		"$SYSCOPE" -r "$CORPUS/$f.scap" -n 300 >>"$t/want_n.txt"
	done
	run_syscope "${args[@]}" -n 300
	assert_same_file "$t/want_n.txt" "$OUT"
	n=$("$SYSCOPE" "${args[@]}" -q -S | awk '/^> procinfo/ { print $3 }')
	local sum=0
	for f in "${files[@]}"; do
		sum=$((sum + $("$SYSCOPE" -r "$CORPUS/$f.scap" -q -S | awk '/^> procinfo/ { print $3 }')))
	done
	[[ $n -eq $sum && $sum -gt 0 ]]
	if command -v sysdig >/dev/null; then
		for opts in "" "-t r" "-S -q" "-n 300" "evt.type=connect"; do
			# shellcheck disable=SC2086 # the words are the options
			sysdig "${args[@]}" $opts >"$t/sysdig.txt" 2>/dev/null
			# shellcheck disable=SC2086
			"$SYSCOPE" "${args[@]}" $opts >"$t/syscope.txt"
			assert_same_file "$t/sysdig.txt" "$t/syscope.txt"
		done
	fi
}

@test "several -r files: a missing one stops syscope before any output; -w and stdin take one" {
	run_syscope -r "$CORPUS/curl_google.scap" -r "$BATS_TEST_TMPDIR/missing.scap"
	assert_status 1
	assert_empty "$OUT"
	assert_grep "$ERR" "^syscope: .*missing.scap: cannot open: No such file"
	run_syscope -r "$CORPUS/curl_google.scap" -r "$CORPUS/curl_google.scap" \
		-w "$BATS_TEST_TMPDIR/out.scap"
	assert_status 1
	assert_grep "$ERR" "^syscope: -w reads one -r file"
	[[ ! -e $BATS_TEST_TMPDIR/out.scap ]]
	run_syscope -r - -r "$CORPUS/curl_google.scap" <"$CORPUS/curl_google.scap"
	assert_status 1
	assert_grep "$ERR" "^syscope: -r -: standard input"
}

@test "-R names known ports by service in fd names, tuples and fd.*proto, as sysdig -R" {
	[[ -r /etc/services ]] || skip "no /etc/services (apt-get install netbase)"
	local t=$BATS_TEST_TMPDIR f
	run_syscope -r "$CORPUS/curl_google.scap" -R
	assert_status 0
	# Google's DNS server and web port, by name; other ports stay numbers.
	assert_grep "$OUT" "tuple=.*:40251->2001:4860:4860::8888:domain $"
	assert_grep "$OUT" "fd=4\\(<6t>.*->2607:f8b0:4004:802::2004:http\\)"
	run_syscope -r "$CORPUS/curl_google.scap"
	! grep -q ":domain\|:http" "$OUT"
	run_syscope -r "$CORPUS/curl_google.scap" -R -p '%fd.sproto %fd.cproto' \
		'fd.sproto=http and evt.type=connect and evt.dir=<'
	assert_status 0
	[[ $(sort -u "$OUT") == "http 37140" ]]
	if command -v sysdig >/dev/null; then
		for f in curl_google falco_cat_write test_ipv6_client falco_syscall; do
			sysdig -r "$CORPUS/$f.scap" -R >"$t/sysdig.txt" 2>/dev/null
			"$SYSCOPE" -r "$CORPUS/$f.scap" -R >"$t/syscope.txt"
			assert_same_file "$t/sysdig.txt" "$t/syscope.txt"
		done
		local p='%fd.name %fd.sproto %fd.cproto %fd.lproto %fd.rproto'
		sysdig -r "$CORPUS/curl_google.scap" -R -p "$p" fd.type=ipv6 >"$t/sysdig.txt"
		"$SYSCOPE" -r "$CORPUS/curl_google.scap" -R -p "$p" fd.type=ipv6 >"$t/syscope.txt"
		assert_same_file "$t/sysdig.txt" "$t/syscope.txt"
	fi
}
