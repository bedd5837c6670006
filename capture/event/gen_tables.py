#!/usr/bin/env python3
"""Turn syscope's table data into C.

    python3 gen_tables.py event_table.tsv flag_tables.tsv names.tsv OUT.c

The three .tsv files describe their own syntax in their header comments.  The
data is checked first; any problem stops the build with "file:line: message"
and exit status 1, before OUT.c is touched.  The C file defines everything
event_table.h declares: the event table, the flag and PT_DYN tables and the
name lookups.  Standard library only, so the build needs nothing but python3.
"""

import re
import sys

# Must list enum ptype / enum pformat of event_table.h in order; the
# generated file asserts PT_MAX so the two cannot drift apart silently.
PTYPES = [
    "NONE", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32",
    "UINT64", "CHARBUF", "BYTEBUF", "ERRNO", "SOCKADDR", "SOCKTUPLE", "FD",
    "PID", "FDLIST", "FSPATH", "SYSCALLID", "SIGTYPE", "RELTIME", "ABSTIME",
    "PORT", "L4PROTO", "SOCKFAMILY", "BOOL", "IPV4ADDR", "DYN", "FLAGS8",
    "FLAGS16", "FLAGS32", "UID", "GID", "DOUBLE", "SIGSET", "CHARBUFARRAY",
    "CHARBUF_PAIR_ARRAY", "IPV4NET", "IPV6ADDR", "IPV6NET", "IPADDR", "IPNET",
    "MODE", "FSRELPATH", "ENUMFLAGS8", "ENUMFLAGS16", "ENUMFLAGS32", "FD32",
    "PID32",
]
PFORMATS = ["NA", "DEC", "HEX", "10_PADDED_DEC", "ID", "DIR", "OCT"]

# A parameter written without /PF gets NA if it is text, a buffer or an
# address, DEC otherwise; this keeps the .tsv close to scap-format.md.
PF_NA_TYPES = {"CHARBUF", "BYTEBUF", "SOCKADDR", "SOCKTUPLE", "FSPATH",
               "FSRELPATH", "CHARBUFARRAY", "CHARBUF_PAIR_ARRAY"}
FLAG_TYPES = {"FLAGS8", "FLAGS16", "FLAGS32", "ENUMFLAGS8", "ENUMFLAGS16",
              "ENUMFLAGS32", "MODE"}

# What -L prints for a type: the enum name, except that sysdig spells DYN out.
PTYPE_DISPLAY = {"DYN": "DYNAMIC"}

CATEGORIES = {
    "EC_UNKNOWN", "EC_OTHER", "EC_FILE", "EC_NET", "EC_IPC", "EC_MEMORY",
    "EC_PROCESS", "EC_SLEEP", "EC_SYSTEM", "EC_SIGNAL", "EC_USER", "EC_TIME",
    "EC_PROCESSING", "EC_IO_READ", "EC_IO_WRITE", "EC_IO_OTHER", "EC_WAIT",
    "EC_SCHEDULER", "EC_INTERNAL", "EC_SYSCALL", "EC_TRACEPOINT", "EC_PLUGIN",
    "EC_METAEVENT",
}
EVENT_FLAGS = {
    "EF_CREATES_FD", "EF_DESTROYS_FD", "EF_USES_FD", "EF_READS_FROM_FD",
    "EF_WRITES_TO_FD", "EF_MODIFIES_STATE", "EF_UNUSED", "EF_WAITS",
    "EF_SKIPPARSERESET", "EF_OLD_VERSION", "EF_DROP_SIMPLE_CONS",
    "EF_LARGE_PAYLOAD",
}

EVENT_TYPE_MAX = 336
EVENT_MAX_PARAMS = 32
PPM_SC_MAX = 329
ERRNO_LIMIT = 4096      # names beyond this would make the lookup array silly
SIGNAL_LIMIT = 64
SYSCALL_NR_LIMIT = 1024

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PARAM = re.compile(r"^([^:,/{}\t]+):([A-Z0-9_]+)(?:/([A-Z0-9_]+))?(?:\{([A-Za-z0-9_]+)\})?$")
TYPE_PF = re.compile(r"^([A-Z0-9_]+)(?:/([A-Z0-9_]+))?$")


class DataError(Exception):
    pass


def fail(path, lineno, msg):
    raise DataError(f"{path}:{lineno}: {msg}")


def data_lines(path):
    """Yield (line number, tab-separated fields) for each non-comment line."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield lineno, line.split("\t")


def parse_int(path, lineno, text, what, lo, hi):
    try:
        v = int(text, 0)
    except ValueError:
        fail(path, lineno, f"{what} '{text}' is not a number")
    if not lo <= v <= hi:
        fail(path, lineno, f"{what} {v} out of range {lo}..{hi}")
    return v


def parse_type_pf(path, lineno, type_name, pf_name):
    if type_name not in PTYPES:
        fail(path, lineno, f"unknown parameter type '{type_name}'")
    if pf_name is None:
        pf_name = "NA" if type_name in PF_NA_TYPES else "DEC"
    elif pf_name not in PFORMATS:
        fail(path, lineno, f"unknown print format '{pf_name}'")
    return type_name, pf_name


# ---------------------------------------------------------------- flag tables

def read_flag_tables(path):
    """Return ({table: [(NAME, value)]}, {dyn table: [(TYPE, PF)]}), in file order."""
    flags, dyns = {}, {}
    last = None
    for lineno, f in data_lines(path):
        if f[0] == "@dyn":
            read_dyn_line(path, lineno, f, flags, dyns)
            last = None
            continue
        if len(f) != 3:
            fail(path, lineno, f"expected 3 tab-separated fields, got {len(f)}")
        table, name, value = f
        if not IDENT.match(table):
            fail(path, lineno, f"bad table name '{table}'")
        if not name or any(c in name for c in " ,"):
            fail(path, lineno, f"bad flag name '{name}'")
        if table in dyns:
            fail(path, lineno, f"'{table}' is already a dynamic table")
        if table in flags and table != last:
            fail(path, lineno, f"entries of table '{table}' are not contiguous")
        entries = flags.setdefault(table, [])
        if any(n == name for n, _ in entries):
            fail(path, lineno, f"duplicate entry '{name}' in table '{table}'")
        entries.append((name, parse_int(path, lineno, value, "value", 0, 0xFFFFFFFF)))
        if len(entries) > 0xFFFF:
            fail(path, lineno, f"table '{table}' is too long")
        last = table
    if not flags:
        fail(path, "EOF", "no flag tables")
    return flags, dyns


def read_dyn_line(path, lineno, f, flags, dyns):
    if len(f) != 4:
        fail(path, lineno, f"@dyn line needs 4 tab-separated fields, got {len(f)}")
    _, table, index, tpf = f
    if not IDENT.match(table):
        fail(path, lineno, f"bad dynamic table name '{table}'")
    if table in flags:
        fail(path, lineno, f"'{table}' is already a flag table")
    variants = dyns.setdefault(table, [])
    idx = parse_int(path, lineno, index, "dynamic index", 0, 254)
    if idx != len(variants):
        fail(path, lineno, f"dynamic table '{table}': index {idx}, expected {len(variants)}")
    m = TYPE_PF.match(tpf)
    if not m:
        fail(path, lineno, f"bad dynamic sub-type '{tpf}' (want TYPE[/PF])")
    t, pf = parse_type_pf(path, lineno, m.group(1), m.group(2))
    if t == "DYN":
        fail(path, lineno, "a dynamic sub-type cannot itself be DYN")
    variants.append((t, pf))


# ---------------------------------------------------------------- event table

def parse_params(path, lineno, text, flags, dyns):
    if text == "-":
        return []
    params = []
    for item in text.split(","):
        item = item.strip()
        m = PARAM.match(item)
        if not m:
            fail(path, lineno, f"bad parameter '{item}' (want name:TYPE[/PF][{{table}}])")
        name, t, pf, table = m.group(1).strip(), m.group(2), m.group(3), m.group(4)
        t, pf = parse_type_pf(path, lineno, t, pf)
        check_param_table(path, lineno, name, t, table, flags, dyns)
        params.append({"name": name, "type": t, "pf": pf, "table": table})
    return params


def check_param_table(path, lineno, name, t, table, flags, dyns):
    if t == "DYN":
        if table is None:
            fail(path, lineno, f"DYN parameter '{name}' needs a dynamic table")
        if table not in dyns:
            fail(path, lineno, f"unknown dynamic table '{table}' (parameter '{name}')")
    elif table is not None:
        if t not in FLAG_TYPES:
            fail(path, lineno, f"parameter '{name}' of type {t} cannot have a table")
        if table not in flags:
            fail(path, lineno, f"unknown flag table '{table}' (parameter '{name}')")


def parse_names_field(path, lineno, text, allowed, what, allow_none):
    if text == "-":
        if not allow_none:
            fail(path, lineno, f"{what} cannot be empty")
        return []
    names = text.split("|")
    for n in names:
        if n not in allowed:
            fail(path, lineno, f"unknown {what} '{n}'")
    return names


def set_dirfds(params):
    """An FSRELPATH is resolved against the nearest FD parameter before it."""
    last_fd = -1
    for i, p in enumerate(params):
        p["dirfd"] = last_fd if p["type"] == "FSRELPATH" else -1
        if p["type"] == "FD":
            last_fd = i


def read_events(path, flags, dyns):
    events = []
    for lineno, f in data_lines(path):
        if len(f) != 7:
            fail(path, lineno, f"expected 7 tab-separated fields, got {len(f)}")
        ev_id = parse_int(path, lineno, f[0], "event id", 0, EVENT_TYPE_MAX - 1)
        if ev_id < len(events):
            fail(path, lineno, f"duplicate event id {ev_id}")
        if ev_id != len(events):
            fail(path, lineno, f"event id {ev_id} out of order, expected {len(events)}")
        name, enum = f[1], f[2]
        if not name or '"' in name or "\\" in name:
            fail(path, lineno, f"bad event name '{name}'")
        if not IDENT.match(enum):
            fail(path, lineno, f"bad enum name '{enum}'")
        cats = parse_names_field(path, lineno, f[3], CATEGORIES, "category", False)
        efl = parse_names_field(path, lineno, f[4], EVENT_FLAGS, "event flag", True)
        old = parse_params(path, lineno, f[5], flags, dyns)
        new = parse_params(path, lineno, f[6], flags, dyns)
        params = old + new
        if len(params) > EVENT_MAX_PARAMS:
            fail(path, lineno, f"{len(params)} parameters, at most {EVENT_MAX_PARAMS}")
        # A newer parameter may reuse an old name (execve's old `pgid` is
        # current libs' `vpgid`, and current libs appends its own `pgid`):
        # lookups by name find the old one, which is what sysdig shows.
        for part in (old, new):
            names = [p["name"] for p in part]
            for n in names:
                if names.count(n) > 1:
                    fail(path, lineno, f"duplicate parameter name '{n}'")
        set_dirfds(params)
        events.append({"id": ev_id, "name": name, "enum": enum, "cats": cats,
                       "flags": efl, "nparams": len(old), "params": params})
    if len(events) != EVENT_TYPE_MAX:
        fail(path, "EOF", f"{len(events)} events, expected ids 0..{EVENT_TYPE_MAX - 1}")
    return events


# ---------------------------------------------------------------- names.tsv

def check_plain_name(path, lineno, name):
    """Names end up in C strings and comments: keep them simple."""
    if not name or any(c in name for c in ' "\\*/'):
        fail(path, lineno, f"bad name '{name}'")
    return name


def read_names(path):
    sc, errnos, signals, routes = {}, {}, {}, {}
    for lineno, f in data_lines(path):
        kind = f[0]
        if kind == "route":
            read_route(path, lineno, f, routes)
            continue
        if kind == "sc":
            read_sc(path, lineno, f, sc)
            continue
        limits = {"errno": (1, ERRNO_LIMIT, errnos), "signal": (1, SIGNAL_LIMIT, signals)}
        if kind not in limits:
            fail(path, lineno, f"unknown line kind '{kind}'")
        if len(f) != 3:
            fail(path, lineno, f"expected 3 tab-separated fields, got {len(f)}")
        lo, hi, table = limits[kind]
        n = parse_int(path, lineno, f[1], kind, lo, hi)
        if n in table:
            fail(path, lineno, f"duplicate {kind} {n}")
        table[n] = check_plain_name(path, lineno, f[2])
    missing = [c for c in range(PPM_SC_MAX) if c not in sc]
    if missing:
        fail(path, "EOF", f"PPM_SC codes without a name: {missing[:10]}")
    # C11 has no empty arrays or initializers.
    for kind, table in (("errno", errnos), ("signal", signals), ("route", routes)):
        if not table:
            fail(path, "EOF", f"no {kind} lines")
    return sc, errnos, signals, routes


def read_sc(path, lineno, f, sc):
    if len(f) != 4:
        fail(path, lineno, f"sc needs 4 tab-separated fields, got {len(f)}")
    code = parse_int(path, lineno, f[1], "PPM_SC code", 0, PPM_SC_MAX - 1)
    if code in sc:
        fail(path, lineno, f"duplicate sc {code}")
    name = check_plain_name(path, lineno, f[2])
    cats = parse_names_field(path, lineno, f[3], CATEGORIES, "category", False)
    sc[code] = (name, cats)


def read_route(path, lineno, f, routes):
    if len(f) != 5:
        fail(path, lineno, f"route needs 5 tab-separated fields, got {len(f)}")
    nr = parse_int(path, lineno, f[1], "syscall number", 0, SYSCALL_NR_LIMIT - 1)
    if nr in routes:
        fail(path, lineno, f"duplicate route for syscall {nr}")
    if not IDENT.match(f[2]):
        fail(path, lineno, f"bad syscall name '{f[2]}'")
    sc = parse_int(path, lineno, f[3], "PPM_SC code", 0, PPM_SC_MAX - 1)
    if f[4] == "G":
        enter = 0
    else:
        enter = parse_int(path, lineno, f[4], "enter event id", 0, EVENT_TYPE_MAX - 2)
        if enter % 2:
            fail(path, lineno, f"enter event id {enter} is odd (an exit)")
    routes[nr] = (f[2], sc, enter)


# ---------------------------------------------------------------- C output

def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit_flag_tables(out, flags):
    index = {}
    for t, entries in flags.items():
        out.append(f"static const struct flag_name names_{t}[] = {{")
        out.extend(f"\t{{{c_str(n)}, 0x{v:x}u, {len(n.encode())}}}," for n, v in entries)
        out.append("};\n")
    out.append("/* Every flag table, for flag_table_by_name() and the parameters. */")
    out.append(f"static const struct flag_table flag_tables[{len(flags)}] = {{")
    for i, (t, entries) in enumerate(flags.items()):
        out.append(f"\t{{{c_str(t)}, names_{t}, {len(entries)}}}, /* {i} */")
        index[t] = i
    out.append("};\n")
    return index


def emit_dyn_tables(out, dyns, used):
    """Only the dynamic tables some parameter uses: an unused static object
    would trip -Wunused under -Werror."""
    index = {}
    live = [t for t in dyns if t in used]
    for t in live:
        out.append(f"static const struct dyn_variant variants_{t}[] = {{")
        out.extend(f"\t{{PT_{ty}, PF_{pf}}}," for ty, pf in dyns[t])
        out.append("};\n")
    if live:
        out.append(f"static const struct dyn_table dyn_tables[{len(live)}] = {{")
        for i, t in enumerate(live):
            out.append(f"\t{{{c_str(t)}, variants_{t}, {len(dyns[t])}}}, /* {i} */")
            index[t] = i
        out.append("};\n")
    return index


def emit_events(out, events, flag_index, dyn_index):
    for ev in events:
        if not ev["params"]:
            continue
        out.append(f"static const struct param_info params_{ev['id']}[] = {{")
        for p in ev["params"]:
            ft = "NULL"
            dt = "NULL"
            if p["table"] is not None and p["type"] == "DYN":
                dt = f"&dyn_tables[{dyn_index[p['table']]}]"
            elif p["table"] is not None:
                ft = f"&flag_tables[{flag_index[p['table']]}]"
            out.append(f"\t{{{c_str(p['name'])}, {len(p['name'])}, PT_{p['type']}, "
                       f"PF_{p['pf']}, {p['dirfd']}, {ft}, {dt}}},")
        out.append("};\n")
    out.append("const struct event_info event_table[EVENT_TYPE_MAX] = {")
    for ev in events:
        cat = " | ".join(ev["cats"])
        efl = " | ".join(ev["flags"]) or "EF_NONE"
        params = f"params_{ev['id']}" if ev["params"] else "NULL"
        out.append(f"\t/* {ev['id']} */ {{{c_str(ev['name'])}, {c_str(ev['enum'])}, {cat}, "
                   f"{efl}, {ev['nparams']}, {len(ev['params'])}, {params}}},")
    out.append("};\n")


def emit_sparse_names(out, c_name, size_macro, table):
    out.append(f"static const char *const {c_name}[{size_macro}] = {{")
    out.extend(f"\t[{n}] = {c_str(s)}," for n, s in sorted(table.items()))
    out.append("};\n")


def emit_names(out, sc, errnos, signals):
    out.append("/* Indexed directly: these run for every printed event. */")
    out.append("static const char *const sc_names[PPM_SC_MAX] = {")
    out.extend(f"\t{c_str(sc[c][0])}, /* {c} */" for c in range(PPM_SC_MAX))
    out.append("};\n")
    out.append("static const uint32_t sc_categories[PPM_SC_MAX] = {")
    out.extend(f"\t{' | '.join(sc[c][1])}, /* {sc[c][0]} */" for c in range(PPM_SC_MAX))
    out.append("};\n")
    out.append(f"#define ERRNO_NAMES {max(errnos) + 1}")
    emit_sparse_names(out, "errno_names", "ERRNO_NAMES", errnos)
    out.append(f"#define SIGNAL_NAMES {max(signals) + 1}")
    emit_sparse_names(out, "signal_names", "SIGNAL_NAMES", signals)
    out.append("""\
const char *ppm_sc_name(uint16_t code)
{
	return code < PPM_SC_MAX ? sc_names[code] : NULL;
}

uint32_t ppm_sc_category(uint16_t code)
{
	return code < PPM_SC_MAX ? sc_categories[code] : (uint32_t)EC_UNKNOWN;
}

const char *errno_name(int64_t err)
{
	return err > 0 && err < ERRNO_NAMES ? errno_names[err] : NULL;
}

const char *signal_name(uint64_t sig)
{
	return sig < SIGNAL_NAMES ? signal_names[sig] : NULL;
}
""")


def emit_routes(out, routes):
    size = max(routes) + 1
    out.append("/* x86-64 syscall number -> PPM_SC code and enter event; `known`\n"
               " * separates a generic syscall (enter 0) from a missing entry. */")
    out.append("struct route_entry {\n\tuint16_t ppm_sc;\n\tuint16_t enter_event;\n"
               "\tuint8_t known;\n};\n")
    out.append(f"#define ROUTES {size}")
    out.append("static const struct route_entry routes[ROUTES] = {")
    out.extend(f"\t[{nr}] = {{{sc}, {enter}, 1}}, /* {name} */"
               for nr, (name, sc, enter) in sorted(routes.items()))
    out.append("};\n")
    out.append("""\
bool syscall_route_of(uint32_t nr, struct syscall_route *out)
{
	if (nr >= ROUTES || !routes[nr].known)
		return false;
	out->ppm_sc = routes[nr].ppm_sc;
	out->enter_event = routes[nr].enter_event;
	return true;
}
""")


def emit_ptype_names(out):
    out.append("static const char *const ptype_names[PT_MAX] = {")
    out.extend(f"\t[PT_{t}] = {c_str(PTYPE_DISPLAY.get(t, t))}," for t in PTYPES)
    out.append("};\n")
    out.append("""\
const char *ptype_name(enum ptype t)
{
	return (unsigned)t < (unsigned)PT_MAX ? ptype_names[t] : "<NA>";
}

const struct flag_table *flag_table_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(flag_tables) / sizeof(flag_tables[0]); i++)
		if (strcmp(flag_tables[i].name, name) == 0)
			return &flag_tables[i];
	return NULL;
}""")


def generate(events, flags, dyns, names):
    out = [
        "/* Generated by capture/event/gen_tables.py from event_table.tsv, flag_tables.tsv",
        " * and names.tsv.  Do not edit: change the data and rebuild. */",
        "#include <stdbool.h>",
        "#include <stddef.h>",
        "#include <stdint.h>",
        "#include <string.h>\n",
        '#include "event_table.h"\n',
        "/* The generator's lists must match event_table.h. */",
        f'_Static_assert(PT_MAX == {len(PTYPES)}, "ptype list differs from gen_tables.py");',
        f'_Static_assert(EVENT_TYPE_MAX == {EVENT_TYPE_MAX}, "event count differs");',
        f'_Static_assert(PPM_SC_MAX == {PPM_SC_MAX}, "PPM_SC count differs");',
        f'_Static_assert(EVENT_MAX_PARAMS == {EVENT_MAX_PARAMS}, "parameter limit differs");\n',
    ]
    flag_index = emit_flag_tables(out, flags)
    used_dyn = {p["table"] for ev in events for p in ev["params"] if p["type"] == "DYN"}
    dyn_index = emit_dyn_tables(out, dyns, used_dyn)
    emit_events(out, events, flag_index, dyn_index)
    sc, errnos, signals, routes = names
    emit_names(out, sc, errnos, signals)
    emit_routes(out, routes)
    emit_ptype_names(out)
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 5:
        print(f"usage: {argv[0]} event_table.tsv flag_tables.tsv names.tsv OUT.c",
              file=sys.stderr)
        return 2
    ev_path, flag_path, names_path, out_path = argv[1:]
    try:
        flags, dyns = read_flag_tables(flag_path)
        events = read_events(ev_path, flags, dyns)
        names = read_names(names_path)
    except DataError as e:
        print(f"gen_tables: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"gen_tables: {e}", file=sys.stderr)
        return 1
    text = generate(events, flags, dyns, names)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
