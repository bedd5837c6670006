#!/usr/bin/env bash
# Boot Debian's own kernels under qemu and check syscope's drivers inside them.
#
#   tests/kmod/run.sh                    # every kernel the archive has (6.1, 6.12)
#   KMOD_KERNELS=6.1 tests/kmod/run.sh   # one series only
#
# The host kernel has no module support and may differ from what users run,
# so the kernel module (kmod/) and the eBPF driver's CO-RE portability are
# tested in a guest: Debian's kernel image is fetched with `apt-get download`
# and unpacked with `dpkg-deb -x` into a cache under the build directory
# (never installed on the host), the module is built against the matching
# headers, and a busybox initramfs carries a static syscope, the module, the
# live tests' workload and the guest checks (tests/kmod/guest-checks.sh).
# qemu runs in software emulation; the guest prints one marker line per check
# on its serial console, which this script parses.
#
# Before booting, the eBPF driver is also built against each kernel's own
# BTF (the vmlinux of its package) and against the host's: its source must
# compile with any kernel's types, not only with bpf/vmlinux/'s.
#
# Environment:
#   KMOD_BUILD    build directory (default build-guest; set up with -Dstatic=true)
#   KMOD_KERNELS  kernel series to boot (default "6.1 6.12")
#   KMOD_TIMEOUT  seconds one guest may run (default 600)
#   KMOD_VERBOSE  1: print the console log even when every check passed
#
# Exit status: 0 when every check in every booted guest passed (a series the
# archive does not carry is skipped), 1 otherwise.  On failure the whole
# console log of that guest is printed.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/tests/kmod
build=${KMOD_BUILD:-build-guest}
[[ $build = /* ]] || build=$root/$build
kernels=${KMOD_KERNELS:-6.1 6.12}
guest_timeout=${KMOD_TIMEOUT:-600}
cache=$build/kmod-cache

say() { echo "kmod-test: $*"; }
die() { echo "kmod-test: $*" >&2; exit 1; }

sudo=
((EUID == 0)) || sudo=sudo

# ------------------------------------------------------------ host packages
# Installed from the Debian archive only when missing.  The 6.1 headers come
# from linux-headers-amd64; headers of other series are unpacked into the
# cache instead, because their packages depend on the kernel image itself.
need=()
for pkg in qemu-system-x86 busybox-static cpio linux-headers-amd64 xz-utils; do
	dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
	say "installing ${need[*]}"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" ||
		{ $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y --no-install-recommends "${need[@]}"; } ||
		die "cannot install ${need[*]}"
fi

# ------------------------------------------------------------ static syscope
if [[ ! -f $build/build.ninja ]]; then
	meson setup "$build" "$root" -Dstatic=true >/dev/null || die "meson setup $build failed"
fi
[[ $(meson introspect --buildoptions "$build" 2>/dev/null |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="static"][0])') = True ]] ||
	die "$build is not configured with -Dstatic=true (meson configure $build -Dstatic=true)"
ninja -C "$build" >/dev/null || die "ninja -C $build failed"
syscope=$build/syscope
file -b "$syscope" | grep -q 'statically linked' || die "$syscope is not statically linked"

# The live tests' workload, storm, calls and faults programs, when the tree
# has them.
workload=$build/tests/live_workload
storm=$build/tests/syscall_storm
calls=$build/tests/live_calls
faults=$build/tests/live_faults
[[ -x $faults ]] || faults=
sup_target=$build/tests/sup_target
[[ -x $sup_target ]] || sup_target=
[[ -x $workload ]] || workload=
[[ -x $calls ]] || calls=
[[ -x $storm ]] || storm=

# ------------------------------------------------------------ kernels
# header_pkg SERIES: the versioned headers package the archive's meta
# package for SERIES points at (empty if the archive has none).
header_pkg() {
	local meta
	case $1 in
	6.1) meta=linux-headers-amd64 ;;
	*) meta=linux-headers-$1-amd64 ;;
	esac
	apt-cache depends --important "$meta" 2>/dev/null |
		awk -v s="linux-headers-$1" '$1 ~ /Depends:/ && index($2, s) == 1 { print $2; exit }'
}

# pkg_deps PKG PREFIX: the dependency of PKG whose name starts with PREFIX.
pkg_deps() {
	apt-cache depends --important "$1" 2>/dev/null |
		awk -v s="$2" '$1 ~ /Depends:/ && index($2, s) == 1 { print $2; exit }'
}

# prepare_kernel ABI: fills $kroot/vmlinux and sets KDIR.
prepare_kernel() {
	local abi=$1 kroot=$cache/$1
	if [[ ! -f $kroot/ready ]]; then
		rm -rf "$kroot" && mkdir -p "$kroot/debs" "$kroot/root" || return 1
		local pkgs=("linux-image-$abi")
		if [[ ! -d /usr/src/linux-headers-$abi ]]; then
			local common kbuild
			common=$(pkg_deps "linux-headers-$abi" linux-headers-)
			kbuild=$(pkg_deps "linux-headers-$abi" linux-kbuild-)
			pkgs+=("linux-headers-$abi" $common $kbuild)
		fi
		say "downloading ${pkgs[*]}"
		(cd "$kroot/debs" && apt-get download "${pkgs[@]}" >/dev/null 2>"$kroot/apt.log") ||
			{ cat "$kroot/apt.log" >&2; return 1; }
		local deb
		for deb in "$kroot"/debs/*.deb; do
			dpkg-deb -x "$deb" "$kroot/root" || return 1
		done
		# Headers unpacked here include their -common tree by absolute path.
		local mk
		for mk in "$kroot"/root/usr/src/linux-headers-*/Makefile; do
			[[ -f $mk ]] && sed -i "s|^include /usr/src/|include $kroot/root/usr/src/|" "$mk"
		done
		local vmlinuz
		vmlinuz=$(ls "$kroot"/root/boot/vmlinuz-* 2>/dev/null | head -n1)
		[[ -n $vmlinuz ]] || { echo "no vmlinuz in linux-image-$abi" >&2; return 1; }
		python3 "$here/extract-vmlinux.py" "$vmlinuz" "$kroot/vmlinux" || return 1
		rm -rf "$kroot/debs" "$kroot"/root/lib/modules
		touch "$kroot/ready"
	fi
	if [[ -d /usr/src/linux-headers-$abi ]]; then
		KDIR=/usr/src/linux-headers-$abi
	else
		KDIR=$kroot/root/usr/src/linux-headers-$abi
	fi
}

# build_driver NAME BTF: the eBPF driver (object and skeleton) built against
# another kernel's types (-Dvmlinux_btf), in a build directory of its own:
# the source must compile with any kernel's vmlinux.h, not only the one in
# bpf/vmlinux/.  Prints a PASS or FAIL line; returns 1 on failure.
build_driver() {
	local dir=$build/btf-$1 log=$build/btf-$1.log
	if [[ ! -f $dir/build.ninja ]] &&
		! meson setup "$dir" "$root" -Dvmlinux_btf="$2" >"$log" 2>&1; then
		say "FAIL driver against the $1 BTF: meson setup failed"; cat "$log" >&2; return 1
	fi
	if ! ninja -C "$dir" bpf/syscope.skel.h >"$log" 2>&1; then
		say "FAIL driver against the $1 BTF ($2) does not build:"
		grep -E 'error|FAILED' "$log" | head -n 20 >&2
		return 1
	fi
	say "PASS driver builds against the $1 BTF"
}

# build_module ABI: builds kmod/ against KDIR in a copy under the build
# directory (kbuild writes its objects next to the sources).  Sets MODULE.
build_module() {
	MODULE=
	[[ -f $root/kmod/Kbuild ]] || return 0
	local dir=$build/kmod-$1
	rm -rf "$dir" && mkdir -p "$dir" && cp "$root"/kmod/* "$dir"/ || return 1
	# kmod/Makefile generates the recipe tables from capture/event/ and
	# capture/recipes/ (SRCROOT).
	make -C "$dir" KDIR="$KDIR" SRCROOT="$root" >"$dir/build.log" 2>&1 ||
		{ cat "$dir/build.log" >&2; return 1; }
	MODULE=$dir/syscope.ko
}

# make_initramfs ABI OUT
make_initramfs() {
	local dir=$build/initramfs-$1
	rm -rf "$dir" && mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,lib/syscope} || return 1
	cp /bin/busybox "$dir/bin/busybox" || return 1
	cp "$here/guest-init.sh" "$dir/init" && chmod 755 "$dir/init" || return 1
	cp "$here/guest-checks.sh" "$dir/lib/syscope/checks.sh" || return 1
	cp "$root/tests/live/verifier_margin.sh" "$dir/lib/syscope/verifier_margin.sh" || return 1
	cp "$syscope" "$dir/bin/syscope" || return 1
	[[ -n $MODULE ]] && cp "$MODULE" "$dir/lib/syscope/syscope.ko"
	[[ -n $workload ]] && cp "$workload" "$dir/bin/live_workload"
	[[ -n $storm ]] && cp "$storm" "$dir/bin/syscall_storm"
	[[ -n $calls ]] && cp "$calls" "$dir/bin/live_calls"
	[[ -n $faults ]] && cp "$faults" "$dir/bin/live_faults"
	[[ -n $sup_target ]] && cp "$sup_target" "$dir/bin/sup_target"
	# Static glibc must not try the host's NSS modules.
	printf 'passwd: files\ngroup: files\nhosts: files\nservices: files\n' >"$dir/etc/nsswitch.conf"
	echo "syscope-guest" >"$dir/etc/hostname"
	echo "root:x:0:0:root:/root:/bin/sh" >"$dir/etc/passwd"
	echo "root:x:0:" >"$dir/etc/group"
	# What the guest can check, decided here where the tree is visible.
	{
		echo "KERNEL_SERIES=$2"
		echo "HAVE_KMOD=$([[ -n $MODULE ]] && echo 1 || echo 0)"
		echo "HAVE_WORKLOAD=$([[ -n $workload ]] && echo 1 || echo 0)"
		echo "HAVE_STORM=$([[ -n $storm ]] && echo 1 || echo 0)"
		echo "HAVE_CALLS=$([[ -n $calls ]] && echo 1 || echo 0)"
		echo "HAVE_FAULTS=$([[ -n $faults ]] && echo 1 || echo 0)"
		echo "HAVE_SUPPRESS=$([[ -n $sup_target ]] && echo 1 || echo 0)"
		# The capture format of live_calls' checker (tabs, no quote in it).
		echo "CALLS_FORMAT='$(python3 "$root/tests/live/check_calls.py" format "$root")'"
	} >"$dir/etc/syscope-guest.conf"
	(cd "$dir" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 | gzip -1) >"$3"
}

# boot ABI INITRAMFS LOG: runs the guest; the console goes to LOG.
# Kernel text patched while the other vCPU runs it (a jump label flipped
# when the module registers its tracepoint probes, sched_clock switched by
# the clocksource watchdog) has crashed 6.12 guests under multi-threaded
# emulation: an Oops on int3 the kernel's own patching had already removed
# (in syscall_exit_to_user_mode_prepare, in sched_clock_cpu).  Hardware
# and KVM order this; multi-threaded TCG did not, so the two vCPUs are
# emulated in one thread (thread=single): still two CPUs and two rings for
# the drivers, interleaved at translation-block boundaries.
# tsc=reliable keeps the watchdog from switching clocks at all.
boot() {
	timeout -k 10 "$guest_timeout" qemu-system-x86_64 \
		-accel tcg,thread=single \
		-nographic -nic none -m 1024 -smp 2 -no-reboot \
		-kernel "$cache/$1/vmlinux" -initrd "$2" \
		-append "console=ttyS0 quiet panic=-1 rdinit=/init tsc=reliable" \
		</dev/null >"$3" 2>&1
}

# host_checks ABI LOG: decode the files the guest sent between
# SYSCOPE-GUEST-FILE markers and check each workload capture with the live
# tests' own checker (tests/live/check_live.py), so both drivers in the
# guest meet exactly the assertions the live eBPF tests make on the host.
# Prints one PASS/FAIL marker per capture.
host_checks() {
	local gdir=$build/guest-$1 out d
	rm -rf "$gdir" && mkdir -p "$gdir" || return
	tr -d '\r' <"$2" | awk -v dir="$gdir" '
		/SYSCOPE-GUEST-FILE-BEGIN / { file = dir "/" $NF ".b64"; next }
		/SYSCOPE-GUEST-FILE-END / { file = ""; next }
		file != "" { print > file }'
	for out in "$gdir"/*.b64; do
		[[ -f $out ]] && base64 -di <"$out" >"${out%.b64}"
	done
	for out in "$gdir"/calls-*.out; do
		[[ -f $out ]] || continue
		d=${out##*/}
		d=${d%.out}
		if python3 "$root/tests/live/check_calls.py" check "$out" "$gdir/$d.expected" "$root" \
			"${d##*-}" >"$gdir/check-$d.log" 2>&1; then
			echo "PASS $d (tests/live/check_calls.py: $(tail -n 1 "$gdir/check-$d.log"))"
		else
			echo "FAIL $d: tests/live/check_calls.py found problems:"
			sed 's/^/      /' "$gdir/check-$d.log" | head -n 40
		fi
	done
	for out in "$gdir"/workload-*.out; do
		[[ -f $out ]] || continue
		d=${out##*/workload-}
		d=${d%.out}
		if python3 "$root/tests/live/check_live.py" expected "$out" \
			"$gdir/workload-$d.expected" >"$gdir/check-$d.log" 2>&1; then
			echo "PASS workload-$d (tests/live/check_live.py)"
		else
			echo "FAIL workload-$d: tests/live/check_live.py found problems:"
			sed 's/^/      /' "$gdir/check-$d.log" | head -n 40
		fi
	done
}

failed=0
booted=0
if [[ -r /sys/kernel/btf/vmlinux ]]; then
	build_driver host /sys/kernel/btf/vmlinux || failed=$((failed + 1))
fi
for series in $kernels; do
	pkg=$(header_pkg "$series")
	if [[ -z $pkg ]]; then
		say "SKIP $series: the archive has no linux-headers for it"
		continue
	fi
	abi=${pkg#linux-headers-}
	say "== $series ($abi)"
	if ! prepare_kernel "$abi"; then
		say "FAIL $abi: cannot fetch or unpack the kernel"
		failed=$((failed + 1)); continue
	fi
	build_driver "$abi" "$cache/$abi/vmlinux" || failed=$((failed + 1))
	if ! build_module "$abi"; then
		say "FAIL $abi: the module does not build against $KDIR"
		failed=$((failed + 1)); continue
	fi
	initrd=$build/initramfs-$abi.cpio.gz
	if ! make_initramfs "$abi" "$series" "$initrd"; then
		say "FAIL $abi: cannot build the initramfs"
		failed=$((failed + 1)); continue
	fi
	log=$build/console-$abi.log
	start=$SECONDS
	boot "$abi" "$initrd" "$log"
	rc=$?
	booted=$((booted + 1))
	# Markers: "SYSCOPE-GUEST PASS|FAIL|SKIP name ..." and a final END line
	# (the firmware's last words may precede the first one on its line).
	tr -d '\r' <"$log" | sed -n -e 's/.*SYSCOPE-GUEST-END /END /p' \
		-e 's/.*SYSCOPE-GUEST //p' >"$log.markers"
	host_checks "$abi" "$log" >>"$log.markers"
	sed 's/^/  /' "$log.markers"
	npass=$(grep -c '^PASS ' "$log.markers")
	nfail=$(grep -c '^FAIL ' "$log.markers")
	ended=$(grep -c '^END ' "$log.markers")
	why=
	((rc == 124 || rc == 137)) && why="timed out after ${guest_timeout}s"
	((ended == 0)) && [[ -z $why ]] && why="the guest stopped before its last check"
	((nfail > 0)) && why="$nfail check(s) failed"
	((npass == 0)) && [[ -z $why ]] && why="no check ran"
	if [[ -n $why ]]; then
		say "FAIL $abi: $why ($((SECONDS - start)) s); console log follows"
		echo "----------------------------------------------------------------- $log"
		# The files sent to the host are in $build/guest-$abi, not repeated.
		tr -d '\r' <"$log" | awk '
			/SYSCOPE-GUEST-FILE-BEGIN / { skip = 1; print "[" $NF ": see '"$build/guest-$abi"']"; next }
			/SYSCOPE-GUEST-FILE-END / { skip = 0; next }
			!skip'
		echo "-----------------------------------------------------------------"
		failed=$((failed + 1))
	else
		say "PASS $abi: $npass checks ($((SECONDS - start)) s)"
		[[ ${KMOD_VERBOSE:-0} = 1 ]] && tr -d '\r' <"$log"
	fi
done

((booted > 0)) || say "no kernel was booted"
((failed == 0))
