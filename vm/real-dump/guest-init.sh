#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# guest-init.sh - /init of the real-dump guest: make one map=dev namespace
# (x.mode=devdax|fsdax, x.align=4K|2M|1G), report it, power off.  The
# struct pages the kernel wrote stay in the nvdimm's backing file.
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev 2>/dev/null
A=2M; M=devdax
for a in $(cat /proc/cmdline); do case $a in x.align=*) A=${a#*=};; x.mode=*) M=${a#*=};; esac; done
echo "@@X uname $(uname -r)"
sleep 1
if [ $M = fsdax ]; then
	ndctl create-namespace -f -e namespace0.0 -m fsdax -M dev > /tmp/ns 2>&1
else
	ndctl create-namespace -f -e namespace0.0 -m devdax -M dev -a $A > /tmp/ns 2>&1
fi
echo "@@X rc=$?"; sed 's/^/@@X ns /' /tmp/ns
grep -i -B1 -A3 "persistent" /proc/iomem | sed 's/^/@@X iomem /'
dmesg | grep -iE "warn|bug|oops|memmap_init_zone_device|initialised" | sed 's/^/@@X dmesg /' | tail -20
sync; poweroff -f
