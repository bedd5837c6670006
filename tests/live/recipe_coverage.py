#!/usr/bin/env python3
"""recipe_coverage.py RECIPES_TSV LIVE_CALLS PENDING: every syscall with a
recipe line has exactly one case in live_calls (`LIVE_CALLS --list`), or is
listed in PENDING (tests/live/calls/pending.txt: the ones whose case is
still to be written, which a case must take off the list); live_calls has
no case for a syscall without a recipe.  Exit status 1 with the
differences on stderr otherwise."""
import collections
import subprocess
import sys


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        recipes = [line.split("\t")[0].strip() for line in f
                   if line.strip() and not line.startswith("#")]
    listed = subprocess.run([argv[2], "--list"], check=True, capture_output=True,
                            text=True).stdout.split()
    with open(argv[3], encoding="utf-8") as f:
        pending = {w for line in f if not line.startswith("#") for w in line.split()}
    errors = []
    done = sorted(pending & set(listed))
    if done:
        errors.append("%s: these have a case now, take them off the list: %s"
                      % (argv[3], " ".join(done)))
    stale = sorted(pending - set(recipes))
    if stale:
        errors.append("%s: no recipe line for %s" % (argv[3], " ".join(stale)))
    for name, n in sorted(collections.Counter(listed).items()):
        if n > 1:
            errors.append("live_calls has %d cases for %s" % (n, name))
    missing = sorted(set(recipes) - set(listed) - pending)
    extra = sorted(set(listed) - set(recipes))
    if missing:
        errors.append("recipes without a live_calls case (tests/live/calls/): " + " ".join(missing))
    if extra:
        errors.append("live_calls cases without a recipe line: " + " ".join(extra))
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        return 1
    print("%d recipe syscalls: %d with one live_calls case, %d pending (%s)" % (
        len(recipes), len(recipes) - len(pending), len(pending), argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
