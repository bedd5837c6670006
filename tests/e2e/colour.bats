#!/usr/bin/env bats
# On a terminal the default line is coloured and shows pid.tid, as sysdig
# does; through a pipe it is plain.  `script` gives syscope a terminal.

load helpers

setup() {
	require_syscope
	require_corpus
	command -v script >/dev/null || skip "script(1) is not installed (bsdutils)"
}

# The coloured line with its escapes removed and "pid." dropped must be the
# plain line, for every event of a real capture.
@test "terminal output is the plain line with colours and the pid" {
	local f=$CORPUS/falco_cat_write.scap
	script -qec "$SYSCOPE -r $f" /dev/null >"$BATS_TEST_TMPDIR/tty"
	"$SYSCOPE" -r "$f" >"$BATS_TEST_TMPDIR/plain"
	# script turns \n into \r\n; the last escape resets the colours.
	sed -e 's/\r$//' -e 's/\x1b\[[0-9;]*m//g' -e 's/ (\([0-9]*\|<NA>\)\.\([0-9]*\)) / (\2) /' \
		"$BATS_TEST_TMPDIR/tty" >"$BATS_TEST_TMPDIR/stripped"
	diff "$BATS_TEST_TMPDIR/plain" "$BATS_TEST_TMPDIR/stripped"
	grep -q $'\x1b\[01;32mcat\x1b\[00m (\x1b\[01;36m20072\x1b\[00m.20072) < \x1b\[01;34mexecve\x1b\[00m res=0' \
		"$BATS_TEST_TMPDIR/tty"
}
