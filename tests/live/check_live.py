#!/usr/bin/env python3
"""Checks for the live tests: syscope's output against what live_workload
recorded (tests/live/workload.c explains expected.tsv), and against strace.

  check_live.py expected OUTPUT EXPECTED_TSV
      Every call of EXPECTED_TSV appears exactly once in OUTPUT's window (from
      the workload's "go" access to its "end" access), with the recorded
      arguments, in the order each thread made them.  For each thread and
      each event type the workload recorded, the window holds exactly the
      recorded calls: no more, no fewer.

  check_live.py strace OUTPUT EXPECTED_TSV STRACE_FILE SRCDIR
      No system call strace -f saw in the window is missing from OUTPUT: per
      thread, each syscall name (mapped to the event type syscope shows, with
      the routing tables in SRCDIR/capture) occurs at least as often in
      OUTPUT as in strace's log.

  check_live.py pairs OUTPUT EXPECTED_TSV
      For a capture with --enter-events: in the window, every exit event
      comes right after its thread's enter event of the same type (a new
      thread's or process's first clone exit excepted).

  check_live.py window OUTPUT EXPECTED_TSV
      Prints OUTPUT from the "go" event to the end without the event number
      and time columns, thread by thread (each thread's events in their
      order), for comparing two captures of the same run.

OUTPUT holds either syscope's default lines
    NUM TIME CPU COMM (TID) DIR TYPE INFO
or lines of -p '*%thread.tid\\t%evt.dir\\t%evt.type\\t%fd.name\\t%evt.info'
(four tabs), in which case fd.name checks (@fd=) are made too.
Exit status 0 when the check holds, 1 with a report on stderr otherwise.
"""
import collections
import re
import sys

DEFAULT_LINE = re.compile(r"^(\d+) (\S+) (\d+) (.*?) \((\d+)\) ([<>]) (\S+) ?(.*)$")

Event = collections.namedtuple("Event", "pos tid dir type fdname info text")


def parse_output(path):
    events = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for pos, line in enumerate(f):
            line = line.rstrip("\n")
            cols = line.split("\t")
            if len(cols) == 5 and cols[0].isdigit():
                events.append(Event(pos, int(cols[0]), cols[1], cols[2], cols[3], cols[4], line))
                continue
            m = DEFAULT_LINE.match(line)
            if m:
                events.append(Event(pos, int(m.group(5)), m.group(6), m.group(7), None,
                                    m.group(8), line))
    return events


Expected = collections.namedtuple("Expected", "lineno tid type checks")


def parse_expected(path):
    calls = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            calls.append(Expected(lineno, int(cols[0]), cols[1], cols[2:]))
    if len(calls) < 2 or calls[0].type != "access" or calls[-1].type != "access":
        sys.exit("check_live: %s does not start and end with the access markers" % path)
    return calls


def arg_value(info, key):
    """The text of KEY's value in an evt.info string (up to the next ' k=')."""
    m = re.search(r"(?:^| )" + re.escape(key) + r"=(.*?)(?= [A-Za-z_][A-Za-z0-9_.]*=|\s*$)",
                  info)
    return m.group(1) if m else None


def mismatches(call, ev):
    """The checks of CALL that event EV fails, as readable strings."""
    bad = []
    padded = " " + ev.info.rstrip(" ") + " "
    for check in call.checks:
        if check.startswith("@fd="):
            if ev.fdname is not None and ev.fdname != check[4:]:
                bad.append("fd.name is %r, not %r" % (ev.fdname, check[4:]))
        elif "~" in check and ("=" not in check or check.index("~") < check.index("=")):
            key, pattern = check.split("~", 1)
            value = arg_value(ev.info, key)
            if value is None or not re.search(pattern, value):
                bad.append("%s=%r does not match /%s/" % (key, value, pattern))
        elif " " + check + " " not in padded:
            bad.append("no '%s'" % check)
    return bad


def matches(call, ev):
    return ev.tid == call.tid and ev.dir == "<" and ev.type == call.type and \
        not mismatches(call, ev)


def window(events, calls):
    """The events from the 'go' marker to the 'end' marker, both included;
    exits with a report when a marker is missing."""
    start = next((i for i, ev in enumerate(events) if matches(calls[0], ev)), None)
    if start is None:
        sys.exit("check_live: the capture has no '%s %s' event (the start marker): "
                 "the tracer missed the start of the workload, or printed it differently"
                 % (calls[0].type, " ".join(calls[0].checks)))
    end = next((i for i in range(start, len(events)) if matches(calls[-1], events[i])), None)
    if end is None:
        sys.exit("check_live: the capture has no '%s %s' event (the end marker)"
                 % (calls[-1].type, " ".join(calls[-1].checks)))
    return events[start:end + 1]


def check_expected(output, expected_tsv):
    events = parse_output(output)
    calls = parse_expected(expected_tsv)
    win = window(events, calls)
    want = collections.defaultdict(list)
    for call in calls:
        want[(call.tid, call.type)].append(call)
    got = collections.defaultdict(list)
    for ev in win:
        if ev.dir == "<" and (ev.tid, ev.type) in want:
            got[(ev.tid, ev.type)].append(ev)

    errors = []
    position = {}
    for key, wanted in want.items():
        seen = got.get(key, [])
        if len(seen) != len(wanted):
            errors.append("thread %d: %d %s event(s) expected, %d captured:\n%s" % (
                key[0], len(wanted), key[1], len(seen),
                "".join("    %s\n" % ev.text for ev in seen) or "    (none)\n"))
            continue
        for call, ev in zip(wanted, seen):
            bad = mismatches(call, ev)
            if bad:
                errors.append("expected.tsv line %d (%s %s): %s\n    got: %s\n" % (
                    call.lineno, call.type, " ".join(call.checks), "; ".join(bad), ev.text))
            position[call.lineno] = ev.pos
    # Each thread's calls in the order it made them.
    last = {}
    for call in calls:
        pos = position.get(call.lineno)
        if pos is None:
            continue
        prev = last.get(call.tid)
        if prev is not None and pos < prev[1]:
            errors.append("thread %d: %s (expected.tsv line %d) comes before the call of "
                          "line %d" % (call.tid, call.type, call.lineno, prev[0]))
        last[call.tid] = (call.lineno, pos)
    if errors:
        sys.stderr.write("".join(e if e.endswith("\n") else e + "\n" for e in errors))
        return 1
    print("%d calls of %d threads checked in a window of %d events" % (
        len(calls), len({c.tid for c in calls}), len(win)))
    return 0


def read_table(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def strace_name_map(srcdir):
    """strace's syscall name -> the event type syscope shows for it."""
    event_names = {}
    for cols in read_table(srcdir + "/capture/event/event_table.tsv"):
        event_names[int(cols[0])] = cols[1]
    sc_names = {}
    names = {}
    for cols in read_table(srcdir + "/capture/event/names.tsv"):
        if cols[0] == "sc":
            sc_names[int(cols[1])] = cols[2]
        elif cols[0] == "route":
            syscall, sc, enter = cols[2], int(cols[3]), cols[4]
            names[syscall] = sc_names.get(sc, syscall) if enter == "G" \
                else event_names.get(int(enter), syscall)
    return names


STRACE_CALL = re.compile(r"^(\d+) +([a-z_0-9]+)\(")
# Calls whose exit a sys_exit tracer cannot see: exit and exit_group never
# return (syscope shows the process's exit, procexit, instead), and
# rt_sigreturn restores the registers of the interrupted code, syscall
# number included, so its sys_exit reports syscall -1.  (With
# --enter-events its enter event shows it.)
NO_RETURN = {"exit", "exit_group", "rt_sigreturn"}


def check_strace(output, expected_tsv, strace_file, srcdir):
    events = parse_output(output)
    calls = parse_expected(expected_tsv)
    win = window(events, calls)
    go = arg_value(" ".join(calls[0].checks), "name")
    end = arg_value(" ".join(calls[-1].checks), "name")
    names = strace_name_map(srcdir)

    traced = collections.Counter()
    unknown = collections.Counter()   # not in sysdig 0.29.3's syscall table
    inside = False
    with open(strace_file, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = STRACE_CALL.match(line)
            if not m:
                continue    # "<... resumed>", "--- SIGNAL ---", "+++ exited"
            tid, name = int(m.group(1)), m.group(2)
            if not inside:
                inside = name == "access" and '"%s"' % go in line and line.rstrip().endswith("= 0")
                if not inside:
                    continue
            if name in NO_RETURN:
                pass
            elif name in names:
                traced[(tid, names[name])] += 1
            else:
                unknown[name] += 1
            if name == "access" and '"%s"' % end in line:
                break
    if not traced:
        sys.exit("check_live: %s has no access(\"%s\") = 0 line" % (strace_file, go))
    captured = collections.Counter((ev.tid, ev.type) for ev in win if ev.dir == "<")
    missing = sorted((tid, name, n, captured[(tid, name)])
                     for (tid, name), n in traced.items() if captured[(tid, name)] < n)
    if missing:
        for tid, name, n, c in missing:
            sys.stderr.write("thread %d: strace saw %s %d time(s), syscope %d\n" % (tid, name, n, c))
        return 1
    print("%d calls strace saw in %d threads are all in syscope's capture" % (
        sum(traced.values()), len({t for t, _ in traced})))
    if unknown:
        print("not compared (no event in sysdig 0.29.3's table): " +
              ", ".join("%s x%d" % kv for kv in sorted(unknown.items())))
    return 0


# Exits with no enter of their own: a new thread or process starts with
# the exit of the call that made it.
CHILD_START = {"clone", "clone3", "fork", "vfork"}


def check_pairs(output, expected_tsv):
    """With --enter-events: in the window, each thread's exit event comes
    right after that thread's enter event of the same type."""
    events = parse_output(output)
    calls = parse_expected(expected_tsv)
    win = window(events, calls)[1:]     # the first exit's enter is before it
    last = {}
    errors = []
    enters = 0
    for ev in win:
        prev = last.get(ev.tid)
        last[ev.tid] = ev
        if ev.dir == ">":
            enters += 1
            continue
        if prev is None and ev.type in CHILD_START:
            continue
        if prev is None or prev.dir != ">" or prev.type != ev.type:
            errors.append("thread %d: %s exit without its enter; before it: %s\n    %s\n" % (
                ev.tid, ev.type, prev.text if prev else "(nothing)", ev.text))
    if errors:
        sys.stderr.write("".join(errors[:20]))
        return 1
    print("%d enter events, each exit right after its enter" % enters)
    return 0


def print_window(output, expected_tsv):
    events = parse_output(output)
    calls = parse_expected(expected_tsv)
    start = next((i for i, ev in enumerate(events) if matches(calls[0], ev)), None)
    if start is None:
        sys.exit("check_live: %s has no start marker" % output)
    # Thread by thread: two tracers may order near-simultaneous events of
    # two CPUs differently (a parent's and its child's clone exits), while
    # each thread's own order is the same in both.
    for ev in sorted(events[start:], key=lambda ev: ev.tid):
        # Drop the event number and the time: two captures of one run number
        # their events differently, and each tracer's BPF program reads the
        # clock itself, a few hundred ns apart.
        print(ev.text.split(" ", 2)[2] if DEFAULT_LINE.match(ev.text) else ev.text)
    return 0


def main(argv):
    commands = {"expected": (check_expected, 2), "strace": (check_strace, 4),
                "pairs": (check_pairs, 2), "window": (print_window, 2)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 2
    fn, _ = commands[argv[1]]
    return fn(*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
