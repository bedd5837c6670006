#!/usr/bin/env python3
"""Turn the syscall recipes into the tables the live drivers walk.

    python3 gen_recipes.py event_table.tsv flag_tables.tsv names.tsv \
        recipes.tsv linux_flags.tsv OUT.h

recipes.tsv and linux_flags.tsv describe their syntax in their header
comments; capture/recipes/recipe.h declares the generated structures.  Every recipe
is checked against the event table (each exit parameter has exactly one
source, in the table's order; the source suits the parameter's type; enter
parameters need no return value), and every routed syscall must have a
recipe.  Problems stop the build with "file:line: message", before OUT.h is
touched.  Standard library only.
"""

import os
import re
import sys

# The table parser is the event model's (capture/event/gen_tables.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "event"))
import gen_tables as gt  # noqa: E402

NR_MAX = 512  # x86-64 syscall numbers the drivers index directly

WIDTH = {}
for _t in ("INT8", "UINT8", "FLAGS8", "ENUMFLAGS8", "SIGTYPE"):
    WIDTH[_t] = 1
for _t in ("INT16", "UINT16", "FLAGS16", "ENUMFLAGS16", "SYSCALLID", "PORT"):
    WIDTH[_t] = 2
for _t in ("INT32", "UINT32", "FLAGS32", "ENUMFLAGS32", "UID", "GID", "MODE", "SIGSET",
           "FD32", "PID32", "BOOL"):
    WIDTH[_t] = 4
for _t in ("INT64", "UINT64", "ERRNO", "FD", "PID", "RELTIME", "ABSTIME"):
    WIDTH[_t] = 8
# 8-byte parameters that hold a C int when they come from an argument.
INT_ARG_TYPES = {"FD", "PID", "ERRNO", "INT64"}

STRING_TYPES = {"CHARBUF", "FSPATH", "FSRELPATH"}
VAR_SOURCES = {  # source kind -> parameter types it may fill
    "EMPTY": None,  # any type
    "USTR": STRING_TYPES,
    "UBUF": {"BYTEBUF"}, "IOV": {"BYTEBUF"}, "MSG_DATA": {"BYTEBUF"},
    "MSG_CONTROL": {"BYTEBUF"},
    "SOCKADDR": {"SOCKADDR"}, "TUPLE": {"SOCKTUPLE"}, "FDLIST": {"FDLIST"},
    "SOCKOPT": {"DYN"}, "BPF_RES": {"DYN"}, "DYN_U64": {"DYN"},
}

TASK = {  # selector -> (enum name, parameter types, or None for numbers)
    "exe": ("RT_EXE", STRING_TYPES), "args": ("RT_ARGS", {"BYTEBUF"}),
    "env": ("RT_ENV", {"BYTEBUF"}), "cwd": ("RT_CWD", STRING_TYPES),
    "comm": ("RT_COMM", STRING_TYPES), "cgroups": ("RT_CGROUPS", {"BYTEBUF"}),
    "exepath": ("RT_EXEPATH", STRING_TYPES),
    "tid": ("RT_TID", None), "pid": ("RT_PID", None), "ptid": ("RT_PTID", None),
    "vtid": ("RT_VTID", None), "vpid": ("RT_VPID", None), "pgid": ("RT_PGID", None),
    "fdlimit": ("RT_FDLIMIT", None), "pgft_maj": ("RT_PGFT_MAJ", None),
    "pgft_min": ("RT_PGFT_MIN", None), "vm_size": ("RT_VM_SIZE", None),
    "vm_rss": ("RT_VM_RSS", None), "vm_swap": ("RT_VM_SWAP", None),
    "tty": ("RT_TTY", None), "loginuid": ("RT_LOGINUID", None),
    "euid": ("RT_EUID", None), "egid": ("RT_EGID", None),
    "exe_flags": ("RT_EXE_FLAGS", None), "cap_inh": ("RT_CAP_INH", None),
    "cap_perm": ("RT_CAP_PERM", None), "cap_eff": ("RT_CAP_EFF", None),
    "exe_ino": ("RT_EXE_INO", None), "exe_ctime": ("RT_EXE_CTIME", None),
    "exe_mtime": ("RT_EXE_MTIME", None), "pidns_init_ts": ("RT_PIDNS_INIT_TS", None),
}

RF = {"SIGNED32": 0x01, "TRACER": 0x01, "SRC1": 0x02, "SRC2": 0x04, "SRC4": 0x08,
      "IN": 0x10, "NEG1": 0x10, "LENPTR": 0x20, "MSG": 0x40, "MMSG": 0x40, "HOW": 0x40, "VAR": 0x80}
# recipe_param.flags is one byte, so a bit means different things for
# different kinds (recipe.h lists them).  The kinds each flag may go with:
# two flags that share a bit never share a kind (checked below, and on every
# recipe in check_flags), so a driver reading a bit knows its meaning from
# the kind.
RF_KINDS = {"SIGNED32": {"ARG", "UMEM"}, "TRACER": {"UBUF", "IOV"}, "SRC1": {"UMEM"},
            "SRC2": {"UMEM"}, "SRC4": {"UMEM"}, "IN": {"TUPLE", "FDLIST"}, "NEG1": {"UMEM"},
            "LENPTR": {"SOCKADDR", "TUPLE", "SOCKOPT"}, "MSG": {"TUPLE"},
            "MMSG": {"MSG_DATA"}, "HOW": {"OPEN_MODE"}}
for _a in RF_KINDS:
    for _b in RF_KINDS:
        if _a < _b and RF[_a] == RF[_b] and RF_KINDS[_a] & RF_KINDS[_b]:
            raise AssertionError(f"RF_{_a} and RF_{_b} share a bit and a kind")
NONE = 0xFF
RET = 0xFE

ARG = r"a([0-5])"
FD = r"(a[0-5]|ret)"
SRC_RULES = [  # (regex, handler name); matched in order against the whole source
    (rf"^ret$", "ret"),
    (rf"^{ARG}$", "arg"),
    (rf"^{ARG}>>(\d+)$", "arg_shift"),
    (rf"^{ARG}&(\d+)$", "arg_bits"),
    (r"^0$", "zero"),
    (r"^-$", "empty"),
    (rf"^str\({ARG}\)$", "str"),
    (rf"^buf\({ARG},ret\)$", "buf_ret"),
    (rf"^wbuf\({ARG},ret,{ARG}\)$", "wbuf"),
    (rf"^wiov\({ARG},{ARG}\)$", "wiov"),
    (rf"^buf\({ARG},ret,{ARG}\)$", "buf_ret_or"),
    (rf"^buf\({ARG},{ARG}\)$", "buf_arg"),
    (rf"^iov\({ARG},{ARG}\)$", "iov"),
    (rf"^iovlen\({ARG},{ARG}\)$", "iovlen"),
    (rf"^(msgdata|mmsgdata|msglen|msgctl)\({ARG}\)$", "msg"),
    (rf"^sockaddr\({ARG},(\*?){ARG}\)$", "sockaddr"),
    (rf"^(tuple|tuple_in)\({FD}\)$", "tuple"),
    (rf"^(tuple|tuple_in)\({FD},{ARG},(\*?){ARG}\)$", "tuple_addr"),
    (rf"^(msgtuple|msgtuple_in)\({FD},{ARG}\)$", "msgtuple"),
    (rf"^(dev|ino)\({FD}\)$", "fdfile"),
    (rf"^pipeino\({ARG}\)$", "pipeino"),
    (rf"^mem\({ARG},(\d+),([1248])(s?)\)$", "mem"),
    (rf"^timespec\({ARG}\)$", "timespec"),
    (rf"^(fdlist|fdlist_in)\({ARG},{ARG}\)$", "fdlist"),
    (rf"^dyn64\({ARG}\)$", "dyn64"),
    (rf"^sockopt\({ARG},(\*?){ARG}\)$", "sockopt"),
    (rf"^bpfres\({ARG}\)$", "bpfres"),
    (rf"^(sock|peer)\({ARG}\)$", "sockpair"),
    (rf"^backlog\({ARG},(pct|len|max)\)$", "backlog"),
    (rf"^openmode\({ARG},{ARG}\)$", "openmode"),
    (rf"^openmode_how\({ARG}\)$", "openmode_how"),
    (r"^task\(([a-z_]+)\)$", "task"),
]


def fail(path, lineno, msg):
    raise gt.DataError(f"{path}:{lineno}: {msg}")


def fd_operand(text):
    return RET if text == "ret" else int(text[1:])


class Recipe:
    """One parameter: kind and operands, as in struct recipe_param."""

    def __init__(self, kind, a=NONE, b=NONE, c=NONE, flags=0, uses_ret=False, var=False):
        self.kind, self.a, self.b, self.c = kind, a, b, c
        self.flags = flags | (RF["VAR"] if var else 0)
        self.uses_ret = uses_ret
        self.var = var
        self.width = 0
        self.xlat = 0
        self.type = None


def parse_source(path, lineno, src):
    for rx, name in SRC_RULES:
        m = re.match(rx, src)
        if m:
            return build(path, lineno, name, m.groups())
    fail(path, lineno, f"unknown source '{src}'")


def build(path, lineno, name, g):
    i = lambda s: int(s[1:]) if s.startswith("a") else int(s)  # noqa: E731
    if name == "ret":
        return Recipe("RET", uses_ret=True)
    if name == "arg":
        return Recipe("ARG", a=i(g[0]), b=0)
    if name == "arg_shift":
        return Recipe("ARG", a=i(g[0]), b=int(g[1]))
    if name == "arg_bits":
        bits = int(g[1])
        if not 1 <= bits <= 63:
            fail(path, lineno, f"bit count {bits} out of range 1..63")
        return Recipe("ARG", a=i(g[0]), b=0, c=bits)
    if name == "zero":
        return Recipe("ZERO")
    if name == "empty":
        return Recipe("EMPTY", var=True)
    if name == "str":
        return Recipe("USTR", a=i(g[0]), var=True)
    if name == "buf_ret":
        return Recipe("UBUF", a=i(g[0]), b=RET, uses_ret=True, var=True)
    if name == "buf_ret_or":
        return Recipe("UBUF", a=i(g[0]), b=RET, c=i(g[1]), uses_ret=True, var=True)
    if name == "wbuf":
        return Recipe("UBUF", a=i(g[0]), b=RET, c=i(g[1]), flags=RF["TRACER"], uses_ret=True,
                      var=True)
    if name == "wiov":
        return Recipe("IOV", a=i(g[0]), b=i(g[1]), flags=RF["TRACER"], uses_ret=True, var=True)
    if name == "buf_arg":
        return Recipe("UBUF", a=i(g[0]), b=i(g[1]), var=True)
    if name == "iov":
        return Recipe("IOV", a=i(g[0]), b=i(g[1]), uses_ret=True, var=True)
    if name == "iovlen":
        return Recipe("IOVLEN", a=i(g[0]), b=i(g[1]))
    if name == "msg":
        which, a = g[0], i(g[1])
        if which == "msglen":
            return Recipe("MSG_LEN", a=a)
        if which == "msgctl":
            return Recipe("MSG_CONTROL", a=a, var=True)
        flags = RF["MMSG"] if which == "mmsgdata" else 0
        return Recipe("MSG_DATA", a=a, flags=flags, uses_ret=which == "msgdata", var=True)
    if name == "sockaddr":
        flags = RF["LENPTR"] if g[1] == "*" else 0
        return Recipe("SOCKADDR", a=i(g[0]), b=i(g[2]), flags=flags, var=True)
    if name in ("tuple", "tuple_addr", "msgtuple"):
        flags = RF["IN"] if g[0].endswith("_in") else 0
        fd = fd_operand(g[1])
        r = Recipe("TUPLE", a=fd, flags=flags, uses_ret=fd == RET, var=True)
        if name == "tuple_addr":
            r.b, r.c = i(g[2]), i(g[4])
            if g[3] == "*":
                r.flags |= RF["LENPTR"]
        elif name == "msgtuple":
            r.b = i(g[2])
            r.flags |= RF["MSG"]
        return r
    if name == "fdfile":
        fd = fd_operand(g[1])
        return Recipe("FD_DEV" if g[0] == "dev" else "FD_INO", a=fd, uses_ret=fd == RET)
    if name == "pipeino":
        return Recipe("PIPE_INO", a=i(g[0]))
    if name == "mem":
        off, w, signed = int(g[1]), int(g[2]), g[3] == "s"
        if off > 255:
            fail(path, lineno, f"offset {off} too large")
        flags = {1: RF["SRC1"], 2: RF["SRC2"], 4: RF["SRC4"], 8: 0}[w]
        if signed and w == 4:
            flags |= RF["SIGNED32"]
        if signed:
            flags |= RF["NEG1"]
        r = Recipe("UMEM", a=i(g[0]), b=off, flags=flags)
        r.signed_src = signed
        r.src_width = w
        return r
    if name == "timespec":
        return Recipe("TIMESPEC", a=i(g[0]))
    if name == "fdlist":
        flags = RF["IN"] if g[0] == "fdlist_in" else 0
        return Recipe("FDLIST", a=i(g[1]), b=i(g[2]), flags=flags, var=True)
    if name == "dyn64":
        return Recipe("DYN_U64", a=i(g[0]), var=True)
    if name == "sockopt":
        flags = RF["LENPTR"] if g[1] == "*" else 0
        return Recipe("SOCKOPT", a=i(g[0]), b=i(g[2]), flags=flags, var=True)
    if name == "bpfres":
        return Recipe("BPF_RES", a=i(g[0]), uses_ret=True, var=True)
    if name == "sockpair":
        return Recipe("SOCKPAIR", a=i(g[1]), b=0 if g[0] == "sock" else 1)
    if name == "backlog":
        return Recipe("BACKLOG", a=i(g[0]), b={"pct": 0, "len": 1, "max": 2}[g[1]])
    if name == "openmode":
        return Recipe("OPEN_MODE", a=i(g[0]), b=i(g[1]))
    if name == "openmode_how":
        return Recipe("OPEN_MODE", a=i(g[0]), b=i(g[0]), flags=RF["HOW"])
    if name == "task":
        if g[0] not in TASK:
            fail(path, lineno, f"unknown task property '{g[0]}'")
        enum, types = TASK[g[0]]
        r = Recipe("TASK", var=types is not None)
        r.a_enum = enum
        r.task_types = types
        return r
    raise AssertionError(name)


def fit(path, lineno, r, param, xlat_index):
    """Check that the source suits the parameter; set width, flags, xlat."""
    t, pname = param["type"], param["name"]
    r.type = t
    if r.kind == "TASK":
        types = r.task_types
        if types is None and t not in WIDTH:
            fail(path, lineno, f"'{pname}' ({t}) cannot take a numeric task property")
        if types is not None and t not in types:
            fail(path, lineno, f"'{pname}' ({t}) cannot take a text task property")
    elif r.var:
        allowed = VAR_SOURCES[r.kind]
        if allowed is not None and t not in allowed:
            fail(path, lineno, f"'{pname}' is {t}: a {r.kind.lower()} source does not fit")
    elif t not in WIDTH:
        fail(path, lineno, f"'{pname}' is {t}: it needs a variable-size source")
    if not r.var:
        r.width = WIDTH[t]
        if r.kind == "ARG" and r.width == 8 and t in INT_ARG_TYPES:
            r.flags |= RF["SIGNED32"]
        table = param["table"]
        if table in xlat_index:
            r.xlat = xlat_index[table] + 1
    return r


# ---------------------------------------------------------------- linux_flags.tsv

def read_linux_flags(path, flags):
    """Return [(table, mode, default, [(from, to)], [(acc from, to)])]."""
    xlats, cur = [], None
    for lineno, f in gt.data_lines(path):
        if f[0] == "@xlat":
            if len(f) not in (3, 4) or f[2] not in ("bits", "enum"):
                fail(path, lineno, "want @xlat<TAB>table<TAB>bits|enum[<TAB>DEFAULT]")
            table = f[1]
            if table not in flags:
                fail(path, lineno, f"unknown flag table '{table}'")
            if any(x[0] == table for x in xlats):
                fail(path, lineno, f"table '{table}' listed twice")
            dflt = None
            if len(f) == 4:
                if f[2] != "enum":
                    fail(path, lineno, "only enum tables have a default")
                dflt = ppm_value(path, lineno, flags, table, f[3])
            cur = (table, f[2], dflt, [], [])
            xlats.append(cur)
            continue
        if len(f) != 3:
            fail(path, lineno, f"expected 3 tab-separated fields, got {len(f)}")
        if cur is None or f[0] != cur[0]:
            fail(path, lineno, f"entry of '{f[0]}' outside its @xlat block")
        to = ppm_value(path, lineno, flags, f[0], f[1])
        if f[2].startswith("acc:"):
            if cur[1] != "bits":
                fail(path, lineno, "acc: entries belong to bits tables")
            cur[4].append((gt.parse_int(path, lineno, f[2][4:], "access mode", 0, 3), to))
        else:
            cur[3].append((gt.parse_int(path, lineno, f[2], "Linux value", 0, 0xFFFFFFFF), to))
    return xlats


def ppm_value(path, lineno, flags, table, name):
    for n, v in flags[table]:
        if n == name:
            return v
    fail(path, lineno, f"'{name}' is not in flag table '{table}'")


# ---------------------------------------------------------------- recipes.tsv

def read_recipes(path, events, routes, xlat_index):
    by_name = {name: (nr, sc, enter) for nr, (name, sc, enter) in routes.items()}
    recipes = {}
    for lineno, f in gt.data_lines(path):
        if len(f) > 2:
            fail(path, lineno, "expected syscall<TAB>sources")
        sc_name = f[0]
        if sc_name not in by_name:
            fail(path, lineno, f"'{sc_name}' is not a routed x86-64 syscall in names.tsv")
        nr, sc, enter = by_name[sc_name]
        if enter == 0:
            fail(path, lineno, f"'{sc_name}' is a generic syscall: it takes no recipe")
        if sc_name in recipes:
            fail(path, lineno, f"duplicate recipe for '{sc_name}'")
        exit_ev, enter_ev = events[enter + 1], events[enter]
        exit_src, enter_src, pair = [], {}, False
        for item in (f[1].split() if len(f) == 2 else []):
            if item == "!pair":
                pair = True
                continue
            is_enter = item.startswith(">")
            name, eq, src = item.lstrip(">").partition("=")
            if not eq or not name or not src:
                fail(path, lineno, f"bad entry '{item}' (want name=SOURCE)")
            r = parse_source(path, lineno, src)
            if is_enter:
                if name in enter_src:
                    fail(path, lineno, f"enter parameter '{name}' given twice")
                enter_src[name] = r
            else:
                exit_src.append((name, r))
        names = [p["name"] for p in exit_ev["params"]]
        got = [n for n, _ in exit_src]
        if got != names:
            fail(path, lineno, f"{sc_name}: exit parameters must be exactly {names}, got {got}")
        exit_rs = [fit(path, lineno, r, p, xlat_index)
                   for (_, r), p in zip(exit_src, exit_ev["params"])]
        enter_rs = []
        for p in enter_ev["params"]:
            r = enter_src.pop(p["name"], None)
            if r is None:
                r = next((copy_recipe(x) for (n, _), x in zip(exit_src, exit_rs)
                          if n == p["name"]), None)
            if r is None:
                fail(path, lineno, f"{sc_name}: no source for enter parameter '{p['name']}'")
            if r.uses_ret:
                fail(path, lineno, f"{sc_name}: enter parameter '{p['name']}' cannot use "
                     "the return value (give it a >name= source)")
            enter_rs.append(fit(path, lineno, r, p, xlat_index))
        if enter_src:
            fail(path, lineno, f"{sc_name}: '{next(iter(enter_src))}' is not an enter parameter")
        for r in exit_rs + enter_rs:
            check_flags(path, lineno, sc_name, r)
        recipes[sc_name] = (nr, sc, enter, exit_rs, enter_rs, pair)
    missing = [n for n, (_nr, _sc, e) in sorted(by_name.items()) if e != 0 and n not in recipes]
    if missing:
        fail(path, "EOF", f"routed syscalls without a recipe: {missing}")
    return recipes


def check_flags(path, lineno, sc_name, r):
    """Every flag bit of a recipe means something for its kind."""
    for bit in (1 << n for n in range(7)):
        if r.flags & bit and not any(RF[f] == bit and r.kind in kinds
                                     for f, kinds in RF_KINDS.items()):
            fail(path, lineno, f"{sc_name}: flag 0x{bit:02x} means nothing for a "
                 f"{r.kind.lower()} recipe")


def copy_recipe(r):
    c = Recipe(r.kind, r.a, r.b, r.c, r.flags & ~RF["VAR"], r.uses_ret, r.var)
    for attr in ("a_enum", "task_types", "signed_src", "src_width"):
        if hasattr(r, attr):
            setattr(c, attr, getattr(r, attr))
    return c


# ---------------------------------------------------------------- output

def param_c(r):
    a = r.a_enum if r.kind == "TASK" else str(r.a)
    return (f"{{RK_{r.kind}, {a}, {r.b}, {r.c}, {r.width}, 0x{r.flags:02x}, {r.xlat}, "
            f"RPT_{r.type}}}")


def generate(recipes, routes, xlats):
    out = [
        "/* Generated by capture/recipes/gen_recipes.py from recipes.tsv, linux_flags.tsv and",
        " * the event table.  Do not edit: change the data and rebuild.",
        " *",
        " * The live drivers' syscall recipes; capture/recipes/recipe.h declares the",
        " * structures and explains them, bpf/README.md shows how they are used.",
        " * The includer defines __u8.. __u64 and includes recipe.h first. */",
        "#ifndef SYSCOPE_RECIPES_GEN_H",
        "#define SYSCOPE_RECIPES_GEN_H",
        "",
        "/* enum ptype of capture/event/event_table.h, for recipe_param.type. */",
    ]
    for i, t in enumerate(gt.PTYPES):
        out.append(f"#define RPT_{t} {i}")
    out.append("")
    out.append(f"#define RECIPE_NR_MAX {NR_MAX}")
    out.append(f"#define RECIPE_SYSCALLS {len(recipes)}")
    order = sorted(recipes.items(), key=lambda kv: kv[1][0])
    index = {name: i for i, (name, _) in enumerate(order)}

    pairs, xl = [], []
    for table, mode, dflt, entries, acc in xlats:
        first = len(pairs)
        pairs.extend(entries)
        sub_first = len(pairs)
        pairs.extend(acc)
        xl.append((table, first, len(entries), mode, dflt or 0, sub_first, len(acc),
                   3 if acc else 0, dflt is not None))
    out.append(f"#define RECIPE_XLATS {len(xl)}")
    out.append(f"#define RECIPE_XLAT_PAIRS {len(pairs)}\n")
    out.append("/* Flag translations; recipe_param.xlat is the index here + 1. */")
    out.append(f"static const struct recipe_xlat recipe_xlats[RECIPE_XLATS] = {{")
    for table, first, n, mode, dflt, sf, sn, smask, has_dflt in xl:
        m = "XLAT_BITS" if mode == "bits" else "XLAT_ENUM"
        # An enum without a default keeps unlisted values: dflt = ~0 marks it.
        d = f"0x{dflt:x}" if has_dflt or mode == "bits" else "0xffffffffu"
        out.append(f"\t{{{first}, {n}, {m}, {d}, {sf}, {sn}, {smask}}}, /* {table} */")
    out.append("};\n")
    out.append("/* recipe_param.xlat values, for fillers that translate on their own. */")
    out.extend(f"#define RECIPE_XLAT_{x[0]} {i + 1}" for i, x in enumerate(xl))
    out.append("")
    out.append("static const struct recipe_xlat_pair recipe_xlat_pairs[RECIPE_XLAT_PAIRS] = {")
    out.extend(f"\t{{0x{a:x}, 0x{b:x}}}," for a, b in pairs)
    out.append("};\n")

    params, rows = [], []
    for name, (nr, sc, enter, exit_rs, enter_rs, pair) in order:
        ef = len(params)
        params.extend((name, "<", r) for r in exit_rs)
        nf = len(params)
        params.extend((name, ">", r) for r in enter_rs)
        rows.append((name, nr, sc, enter, ef, len(exit_rs), nf, len(enter_rs), pair))
    out.append(f"#define RECIPE_PARAMS {len(params)}")
    out.append("static const struct recipe_param recipe_params[RECIPE_PARAMS] = {")
    for i, (name, d, r) in enumerate(params):
        out.append(f"\t{param_c(r)}, /* {i}: {name} {d} */")
    out.append("};\n")
    out.append("static const struct recipe_syscall recipe_syscalls[RECIPE_SYSCALLS] = {")
    for name, nr, sc, enter, ef, en, nf, nn, pair in rows:
        fl = "RS_PAIR" if pair else "0"
        out.append(f"\t{{{enter + 1}, {enter}, {sc}, {ef}, {nf}, {en}, {nn}, {fl}, 0}}, "
                   f"/* {index[name]}: {name} ({nr}) */")
    out.append("};\n")
    out.append("/* Syscall number -> 1 + index in recipe_syscalls; 0 = generic. */")
    out.append("static const __u16 recipe_index[RECIPE_NR_MAX] = {")
    out.extend(f"\t[{r[0]}] = {index[n] + 1}, /* {n} */" for n, r in order)
    out.append("};\n")
    out.append("/* Syscall number -> PPM_SC code of its generic event (0 = unknown). */")
    out.append("static const __u16 recipe_ppm_sc[RECIPE_NR_MAX] = {")
    out.extend(f"\t[{nr}] = {sc}, /* {name} */"
               for nr, (name, sc, _e) in sorted(routes.items()) if nr < NR_MAX and sc)
    out.append("};\n")
    out.append("#ifdef RECIPE_WANT_NAMES")
    out.append("static const char *const recipe_names[RECIPE_SYSCALLS] = {")
    out.extend(f'\t"{name}",' for name, _ in order)
    out.append("};")
    out.append("#endif\n")
    out.append("#endif")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 7:
        print(f"usage: {argv[0]} event_table.tsv flag_tables.tsv names.tsv recipes.tsv "
              "linux_flags.tsv OUT.h", file=sys.stderr)
        return 2
    ev_path, flag_path, names_path, rec_path, lf_path, out_path = argv[1:]
    try:
        flags, dyns = gt.read_flag_tables(flag_path)
        events = gt.read_events(ev_path, flags, dyns)
        _sc, _errnos, _signals, routes = gt.read_names(names_path)
        for nr in routes:
            if nr >= NR_MAX:
                fail(names_path, "route", f"syscall {nr} beyond the drivers' table ({NR_MAX})")
        xlats = read_linux_flags(lf_path, flags)
        xlat_index = {x[0]: i for i, x in enumerate(xlats)}
        recipes = read_recipes(rec_path, events, routes, xlat_index)
    except (gt.DataError, OSError) as e:
        print(f"gen_recipes: {e}", file=sys.stderr)
        return 1
    text = generate(recipes, routes, xlats)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
