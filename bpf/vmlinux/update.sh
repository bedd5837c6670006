#!/usr/bin/env bash
# Regenerate bpf/vmlinux/x86_64/vmlinux.h: the kernel types the eBPF driver
# is built against, dumped from the BTF of Debian 12's own kernel (the
# oldest the driver supports), so the build never depends on the kernel of
# the machine it runs on.  Newer kernels' layouts are reached through CO-RE
# flavours in syscope.bpf.c.
#
#   bpf/vmlinux/update.sh [linux-image-PACKAGE]   (default: linux-image-amd64's)
#
# Needs apt-get (download only: nothing is installed), dpkg-deb, bpftool and
# python3.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
pkg=${1:-$(apt-cache depends --important linux-image-amd64 |
	awk '$1 ~ /Depends:/ && $2 ~ /^linux-image-/ { print $2; exit }')}
[[ -n $pkg ]] || { echo "update.sh: no linux-image package found" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download "$pkg" >/dev/null)
dpkg-deb -x "$work"/*.deb "$work/root"
python3 "$root/tests/kmod/extract-vmlinux.py" "$(ls "$work"/root/boot/vmlinuz-* | head -n 1)" \
	"$work/vmlinux"
bpftool btf dump file "$work/vmlinux" format c >"$here/x86_64/vmlinux.h"
echo "update.sh: bpf/vmlinux/x86_64/vmlinux.h from $pkg"
