#!/bin/busybox sh
# /init of the qemu guest that tests/kmod/run.sh boots: set up a minimal
# system, run the checks, power off.  Everything the host needs to know is
# printed on the serial console as SYSCOPE-GUEST marker lines.
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
hostname "$(cat /etc/hostname)"
# The workload talks TCP over loopback.
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
cd /root
echo

# The checks run in a subshell so that a fatal error in them still reaches
# the end marker and the power-off below.
sh /lib/syscope/checks.sh
echo "SYSCOPE-GUEST-END status=$?"
sync
poweroff -f
