#!/usr/bin/env python3
"""Pull the uncompressed ELF kernel out of a bzImage (vmlinuz).

qemu boots an ELF vmlinux through its PVH entry note directly, which skips
the bzImage's self-decompression; under software emulation that saves
several seconds per boot.  A bzImage carries the compressed kernel as one
stream somewhere after its setup code, so we look for each known
compression magic, try to decompress from there and keep the first result
that is an ELF file.

usage: extract-vmlinux.py VMLINUZ OUTPUT
"""
import gzip
import lzma
import subprocess
import sys
import zlib

ELF_MAGIC = b"\x7fELF"


def unxz(data):
    d = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    return d.decompress(data)


def ungzip(data):
    # wbits 16+MAX_WBITS: gzip header; trailing bytes after the member are ignored.
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    return d.decompress(data)


def unzstd(data):
    # The standard library has no zstd; the zstd tool is a test dependency.
    r = subprocess.run(["zstd", "-dc", "-q"], input=data, capture_output=True)
    return r.stdout


# (magic, decoder): the formats Debian's kernels use, xz first.
FORMATS = [
    (b"\xfd7zXZ\x00", unxz),
    (b"\x28\xb5\x2f\xfd", unzstd),
    (b"\x1f\x8b\x08", ungzip),
]


def extract(image):
    for magic, decode in FORMATS:
        pos = image.find(magic)
        while pos >= 0:
            try:
                out = decode(image[pos:])
            except (lzma.LZMAError, zlib.error, EOFError, OSError, gzip.BadGzipFile):
                out = b""
            if out.startswith(ELF_MAGIC):
                return out
            pos = image.find(magic, pos + 1)
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: extract-vmlinux.py VMLINUZ OUTPUT")
    with open(sys.argv[1], "rb") as f:
        image = f.read()
    elf = extract(image)
    if elf is None:
        sys.exit("extract-vmlinux: no compressed ELF kernel found in " + sys.argv[1])
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(elf)
    import os
    os.replace(tmp, sys.argv[2])


if __name__ == "__main__":
    main()
