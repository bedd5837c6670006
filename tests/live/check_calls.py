#!/usr/bin/env python3
"""Checks a live capture of live_calls (tests/live/calls/) parameter by
parameter against what the program recorded it did.

  check_calls.py format SRCDIR
      Prints the -p format the capture must use: thread, direction, type,
      fd.name and evt.info, then one NAME=%evt.rawarg.NAME column for each
      parameter that sysdig 0.29.3 does not print (the event table's `new`
      column), so those are checked too.

  check_calls.py check OUTPUT EXPECTED_TSV SRCDIR exit|enter
      The checks of check_live.py's `expected` (each recorded call exactly
      once in the window, in each thread's order, with its arguments), and:
      - a line whose type is written TYPE@SYSCALL is complete: it must name
        every parameter of the event that SYSCALL's route reaches (exit
        event; also the enter event when it is checked), or the program
        that wrote it is at fault;
      - the enter event right before each exit of the same thread is checked
        too when the mode is `enter` (--enter-events) or the recipe is a
        `!pair` one (the driver writes that enter in every mode).

expected.tsv lines (written by live_calls):
    TID <tab> TYPE[@SYSCALL] { <tab> CHECK }
CHECK is key=value (the value as evt.info renders it, or as evt.rawarg
renders it for a parameter sysdig 0.29.3 does not print), key~ERE, or
@fd=NAME (the exit event's fd.name).  A check applies to the exit event,
and to the enter event as well when the enter event prints a parameter of
that name; `>key...` applies to the enter event only, `<key...` to the exit
event only.
"""
import collections
import re
import sys

import check_live as cl

# Exits with no enter of their own: a new thread or process starts with
# the exit of the call that made it.
CHILD_START = cl.CHILD_START


def param_names(spec):
    return [] if spec == "-" else [p.split(":")[0].strip() for p in spec.split(",")]


class Tables:
    """The event table, the syscall routes and the recipes' !pair marks."""

    def __init__(self, srcdir):
        self.events = {}    # id -> (name, shown params, new params)
        for cols in cl.read_table(srcdir + "/capture/event/event_table.tsv"):
            self.events[int(cols[0])] = (cols[1], param_names(cols[5]), param_names(cols[6]))
        self.route = {}     # syscall -> enter event id
        for cols in cl.read_table(srcdir + "/capture/event/names.tsv"):
            if cols[0] == "route" and cols[4] != "G":
                self.route[cols[2]] = int(cols[4])
        self.pair = set()
        for cols in cl.read_table(srcdir + "/capture/recipes/recipes.tsv"):
            if len(cols) > 1 and cols[1].split(" ")[0] == "!pair":
                self.pair.add(cols[0])

    def new_names(self):
        names = set()
        for eid in self.route.values():
            for i in (eid, eid + 1):
                names.update(self.events[i][2])
        return sorted(names)

    def params(self, syscall, enter):
        """(shown, new) parameter names of SYSCALL's exit or enter event; a
        new name that repeats a shown one is left out (evt.rawarg finds the
        shown one, as sysdig's lookups by name do)."""
        eid = self.route[syscall] + (0 if enter else 1)
        _, shown, new = self.events[eid]
        return shown, [n for n in new if n not in shown]


def capture_format(tables):
    base = "*%thread.tid\t%evt.dir\t%evt.type\t%fd.name\t%evt.info"
    return base + "".join("\t%s=%%evt.rawarg.%s" % (n, n) for n in tables.new_names())


Event = collections.namedtuple("Event", "pos tid dir type fdname info raw text")


def parse_capture(path):
    events = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for pos, line in enumerate(f):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5 or not cols[0].isdigit():
                continue
            raw = {}
            for col in cols[5:]:
                key, _, value = col.partition("=")
                if value != "<NA>":
                    raw[key] = value
            events.append(Event(pos, int(cols[0]), cols[1], cols[2], cols[3], cols[4], raw,
                                "\t".join(cols[:5])))
    return events


Call = collections.namedtuple("Call", "lineno tid type syscall checks")
Check = collections.namedtuple("Check", "side key op value text")

CHECK = re.compile(r"^([<>]?)(@?[A-Za-z_][A-Za-z0-9_]*)([=~])(.*)$", re.S)


def parse_calls(path):
    calls = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            etype, _, syscall = cols[1].partition("@")
            checks = []
            for text in cols[2:]:
                m = CHECK.match(text)
                if not m:
                    sys.exit("check_calls: %s line %d: bad check %r" % (path, lineno, text))
                checks.append(Check(m.group(1), m.group(2), m.group(3), m.group(4), text))
            calls.append(Call(lineno, int(cols[0]), etype, syscall or None, checks))
    if len(calls) < 2 or calls[0].type != "access" or calls[-1].type != "access":
        sys.exit("check_calls: %s does not start and end with the access markers" % path)
    return calls


def value_of(ev, key, shown):
    """The text of KEY in EV: from evt.info when the event prints it, else
    its evt.rawarg column; None when the event has no such parameter."""
    if key in shown or not ev.raw:
        return cl.arg_value(ev.info, key)
    return ev.raw.get(key)


def applies(check, enter, enter_shown, overridden):
    if check.side == ">":
        return enter
    if check.side == "<":
        return not enter
    if not enter:
        return True
    return check.key in enter_shown and check.key not in overridden


def failures(call, ev, enter, tables):
    """What EV (CALL's exit, or its enter when ENTER) fails of CALL's checks."""
    shown = new = None
    if call.syscall:
        shown, new = tables.params(call.syscall, enter)
    enter_shown = tables.params(call.syscall, True)[0] if call.syscall else []
    overridden = {c.key for c in call.checks if c.side == ">"}
    bad = []
    named = set()
    for check in call.checks:
        if not applies(check, enter, enter_shown, overridden):
            continue
        if check.key.startswith("@"):
            if not enter and check.key == "@fd" and ev.fdname != check.value:
                bad.append("fd.name is %r, not %r" % (ev.fdname, check.value))
            continue
        named.add(check.key)
        value = value_of(ev, check.key, shown if shown is not None else [check.key])
        if value is None:
            bad.append("no parameter %s" % check.key)
        elif check.op == "=" and value != check.value:
            bad.append("%s=%r, expected %r" % (check.key, value, check.value))
        elif check.op == "~" and not re.search(check.value, value):
            bad.append("%s=%r does not match /%s/" % (check.key, value, check.value))
    if call.syscall:
        missing = [n for n in shown + new if n not in named]
        if missing:
            bad.append("expected.tsv names no check for %s of the %s event (live_calls must "
                       "check every parameter)" % (", ".join(missing), "enter" if enter else "exit"))
    return bad


def check(output, expected_tsv, srcdir, mode):
    if mode not in ("exit", "enter"):
        sys.exit("check_calls: the mode is exit or enter, not %r" % mode)
    tables = Tables(srcdir)
    for call in parse_calls(expected_tsv):
        if call.syscall and call.syscall not in tables.route:
            sys.exit("check_calls: line %d: %s has no event route" % (call.lineno, call.syscall))
    events = parse_capture(output)
    calls = parse_calls(expected_tsv)
    start = next((i for i, ev in enumerate(events) if ev.tid == calls[0].tid and ev.dir == "<"
                  and ev.type == "access" and not failures(calls[0], ev, False, tables)), None)
    if start is None:
        sys.exit("check_calls: the capture has no start marker (%s)" % " ".join(
            c.text for c in calls[0].checks))
    end = next((i for i in range(start, len(events)) if events[i].tid == calls[-1].tid and
                events[i].dir == "<" and events[i].type == "access" and
                not failures(calls[-1], events[i], False, tables)), None)
    if end is None:
        sys.exit("check_calls: the capture has no end marker")
    win = events[start:end + 1]

    want = collections.defaultdict(list)
    for call in calls:
        want[(call.tid, call.type)].append(call)
    got = collections.defaultdict(list)
    for i, ev in enumerate(win):
        if ev.dir == "<" and (ev.tid, ev.type) in want:
            got[(ev.tid, ev.type)].append(i)

    errors = []
    where = {}
    enters = 0
    for key, wanted in want.items():
        seen = got.get(key, [])
        if len(seen) != len(wanted):
            errors.append("thread %d: %d %s event(s) expected, %d captured:\n%s" % (
                key[0], len(wanted), key[1], len(seen),
                "".join("    %s\n" % win[i].text for i in seen) or "    (none)\n"))
            continue
        for call, i in zip(wanted, seen):
            ev = win[i]
            where[call.lineno] = i
            bad = failures(call, ev, False, tables)
            if bad:
                errors.append("expected.tsv line %d (%s): %s\n    got: %s\n" % (
                    call.lineno, call.type, "; ".join(bad), ev.text))
            if i == 0 or not call.syscall:
                continue
            if mode != "enter" and call.syscall not in tables.pair:
                continue
            prev = next((win[j] for j in range(i - 1, -1, -1) if win[j].tid == ev.tid), None)
            if prev is None and call.type in CHILD_START:
                continue    # a new thread's first event
            if prev is None or prev.dir != ">" or prev.type != ev.type:
                errors.append("expected.tsv line %d (%s): no enter event right before the "
                              "exit; before it: %s\n" % (call.lineno, call.type,
                                                         prev.text if prev else "(nothing)"))
                continue
            enters += 1
            bad = failures(call, prev, True, tables)
            if bad:
                errors.append("expected.tsv line %d (%s, enter): %s\n    got: %s\n" % (
                    call.lineno, call.type, "; ".join(bad), prev.text))
    last = {}
    for call in calls:
        i = where.get(call.lineno)
        if i is None:
            continue
        prev = last.get(call.tid)
        if prev is not None and i < prev[1]:
            errors.append("thread %d: %s (expected.tsv line %d) comes before the call of "
                          "line %d" % (call.tid, call.type, call.lineno, prev[0]))
        last[call.tid] = (call.lineno, i)
    if errors:
        sys.stderr.write("".join(e if e.endswith("\n") else e + "\n" for e in errors))
        return 1
    complete = sorted({c.syscall for c in calls if c.syscall})
    print("%d calls (%d syscalls checked parameter by parameter), %d enter events, "
          "window of %d events" % (len(calls), len(complete), enters, len(win)))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "format":
        print(capture_format(Tables(argv[2])))
        return 0
    if len(argv) == 6 and argv[1] == "check":
        return check(*argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
