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
