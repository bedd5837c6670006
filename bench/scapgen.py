#!/usr/bin/env python3
"""Grow a real scap capture into a big benchmark input.

The metadata blocks of the source capture (section header, machine info,
interface/user/process/fd lists) are written once.  Its event blocks are
then written again and again, each round with every event timestamp moved
forward by the capture's span, until the requested number of events has
been written.  The output is always a plain (uncompressed) scap file, so
the benchmark measures the reader and the formatter, not zlib.

Only the Python standard library is used.  Input may be plain, gzip (one or
several members) or zstd (through the `zstd` command, if installed).

Block layouts: docs/scap-format.md, sections 1.3, 1.4 and 1.12.
"""

import argparse
import gzip
import shutil
import struct
import subprocess
import sys

SHB = 0x0A0D0D0A

# Event block type -> offset of the event timestamp inside the block
# (8-byte block header, u16 cpuid, and for EVF blocks a u32 of dump flags).
EVENT_TS_OFFSET = {
    0x204: 10, 0x8010ABCD: 10,          # EV, v1 record header
    0x216: 10, 0x221: 10,               # EV_V2, EV_V2_LARGE
    0x208: 14,                          # EVF, v1 record header
    0x217: 14, 0x222: 14,               # EVF_V2, EVF_V2_LARGE
}


class FormatError(Exception):
    pass


def load(path):
    """Return the decompressed bytes of a capture."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)        # handles concatenated members
    if data[:4] == b"\x28\xb5\x2f\xfd":
        if shutil.which("zstd") is None:
            raise FormatError("zstd-compressed input needs the zstd command")
        return subprocess.run(["zstd", "-dcq", path], check=True,
                              stdout=subprocess.PIPE).stdout
    return data


def split(data):
    """Split a capture into (metadata bytes, event region bytes, ts offsets).

    The event region is the run of event blocks that follows the metadata.
    Anything after that run (a second section, a stray block) is ignored,
    with a note on stderr.  ts offsets are relative to the event region.
    """
    pos = 0
    first_event = None
    ts_offsets = []
    while pos < len(data):
        if len(data) - pos < 12:
            raise FormatError("byte %d: truncated block header" % pos)
        btype, blen = struct.unpack_from("<II", data, pos)
        if pos == 0 and btype != SHB:
            raise FormatError("byte 0: not a scap file (no section header)")
        if blen < 12 or blen % 4 or pos + blen > len(data):
            raise FormatError("byte %d: bad block length %d" % (pos, blen))
        if btype in EVENT_TS_OFFSET:
            if first_event is None:
                first_event = pos
            ts_off = EVENT_TS_OFFSET[btype]
            if ts_off + 8 > blen - 4:
                raise FormatError("byte %d: event block too short" % pos)
            ts_offsets.append(pos - first_event + ts_off)
        elif first_event is not None:
            print("scapgen: byte %d: block type 0x%x after the events; "
                  "ignoring the rest of the file" % (pos, btype),
                  file=sys.stderr)
            data = data[:pos]
            break
        pos += blen
    if first_event is None:
        raise FormatError("no event blocks")
    return data[:first_event], data[first_event:], ts_offsets


def generate(src, out, want):
    meta, region, ts_offsets = split(load(src))
    stamps = [struct.unpack_from("<Q", region, off)[0] for off in ts_offsets]
    span = max(stamps) - min(stamps) + 1
    per_round = len(ts_offsets)

    # Block boundaries, so that a last, partial round can stop after any event.
    ends = []
    pos = 0
    while pos < len(region):
        pos += struct.unpack_from("<I", region, pos + 4)[0]
        ends.append(pos)

    written = 0
    rounds = 0
    out.write(meta)
    buf = bytearray(region)
    pack = struct.Struct("<Q").pack_into
    while written < want:
        shift = rounds * span
        for off, ts in zip(ts_offsets, stamps):
            pack(buf, off, ts + shift)
        take = min(per_round, want - written)
        out.write(memoryview(buf)[:ends[take - 1]])
        written += take
        rounds += 1
    return written, rounds, per_round, span


def main():
    ap = argparse.ArgumentParser(
        description="Repeat the events of a scap capture, with shifted "
                    "timestamps, into a large plain scap file.")
    ap.add_argument("capture", help="source capture (plain, gzip or zstd)")
    ap.add_argument("-n", "--events", type=int, default=2_000_000,
                    help="number of events to write (default 2000000)")
    ap.add_argument("-o", "--output", default="-",
                    help="output file (default: standard output)")
    args = ap.parse_args()
    if args.events < 1:
        ap.error("--events must be at least 1")

    try:
        if args.output == "-":
            res = generate(args.capture, sys.stdout.buffer, args.events)
        else:
            with open(args.output, "wb") as out:
                res = generate(args.capture, out, args.events)
    except (OSError, FormatError, subprocess.CalledProcessError) as e:
        print("scapgen: %s: %s" % (args.capture, e), file=sys.stderr)
        return 1
    written, rounds, per_round, span = res
    print("scapgen: %d events (%d rounds of %d, span %d ns)"
          % (written, rounds, per_round, span), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
