#!/usr/bin/env python3
"""recipe_coverage.py RECIPES_TSV LIVE_CALLS: every syscall with a recipe
line has exactly one case in live_calls (`LIVE_CALLS --list`), and
live_calls has no case for a syscall without a recipe.  Exit status 1 with
the differences on stderr otherwise."""
import collections
import subprocess
import sys


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        recipes = [line.split("\t")[0].strip() for line in f
                   if line.strip() and not line.startswith("#")]
    listed = subprocess.run([argv[2], "--list"], check=True, capture_output=True,
                            text=True).stdout.split()
    errors = []
    for name, n in sorted(collections.Counter(listed).items()):
        if n > 1:
            errors.append("live_calls has %d cases for %s" % (n, name))
    missing = sorted(set(recipes) - set(listed))
    extra = sorted(set(listed) - set(recipes))
    if missing:
        errors.append("recipes without a live_calls case (tests/live/calls/): " + " ".join(missing))
    if extra:
        errors.append("live_calls cases without a recipe line: " + " ".join(extra))
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        return 1
    print("%d recipe syscalls, each with one live_calls case" % len(recipes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
