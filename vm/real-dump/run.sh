#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh KOBJ ALIGN MODE - boot KOBJ's bzImage (an unpatched kernel) with a
# fresh 2 GiB file-backed nvdimm and vm/real-dump/guest-init.sh as /init,
# make one map=dev namespace, power off, and compare the struct pages the
# kernel left in the file with `zdmemmap dump` (compare.py).  Run from the
# repo root after `make vm-initramfs` (for its busybox + ndctl stage).
# KERNEL=7.3|6.12 picks the lab's model (default 7.3).
set -euo pipefail
KOBJ=$1 A=$2 M=$3
T=build/real-dump
mkdir -p "$T"
rm -rf "$T/stage"
cp -a build/initramfs "$T/stage"
install -m 0755 vm/real-dump/guest-init.sh "$T/stage/init"
rm -f "$T/stage"/lib/modules/*.ko
(cd "$T/stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -6 > "$T/initrd.gz"
img=$T/nv-$A-$M.img
rm -f "$img"
truncate -s 2G "$img"
timeout 600 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -nodefaults -no-reboot \
	-kernel "$KOBJ/arch/x86/boot/bzImage" -initrd "$T/initrd.gz" \
	-machine pc,nvdimm=on -m 2G,slots=2,maxmem=10G \
	-object "memory-backend-file,id=mem1,share=on,mem-path=$img,size=2G,align=2M" \
	-device nvdimm,memdev=mem1,id=nv1 \
	-append "console=ttyS0,115200 panic=-1 x.align=$A x.mode=$M" \
	-display none -monitor none -serial stdio < /dev/null | grep '@@X' || true
case $A in 4K) shift=0 ;; 2M) shift=9 ;; 1G) shift=18 ;; esac
[ "$M" = fsdax ] && { type=fsdax; shift=0; } || type=generic
# The namespace starts at 4 GiB with -m 2G (the guest's iomem says so).
python3 vm/real-dump/compare.py "$img" 0x100000000 $shift $type \
	"$KOBJ/.config" "${KERNEL:-7.3}"
