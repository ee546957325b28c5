#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ram.sh [KOBJ] - ordinary memory against a real kernel: boot KOBJ's
# bzImage (default build/kobj73: the 7.3 series, whose slow strategy is the
# unpatched loop) under QEMU with its gdb stub, let the guest run the VM
# harness's hotplug, hotplug-mom and hotplug-dimm cases (every strategy
# onlines the blocks of a kmem-bound namespace and of a pc-dimm once), and
# have gdb save each memory
# block right after memmap_init_range() and a few chunks right after
# deferred_init_pages(), and each again once freed to the buddy allocator
# (ram_gdb.py).  ram_compare.py then compares each with `zdmemmap dump
# --init hotplug|deferred [--through free]` for the same pfns.  Run from
# the repo root after `make vm-initramfs KERNEL=7.3` and `make`.
# A kernel with the one-pass patches (7.3 series 11-12, found by
# __free_pages_core_prepared in its System.map) writes every range as the
# free leaves it and frees deferred chunks through that function: gdb
# stops there instead, and the lab's side is `dump ... --fused`.
set -euo pipefail
KOBJ=${1:-build/kobj73}
T=build/real-dump/ram
port=$((20000 + $$ % 20000))
rm -rf "$T"
mkdir -p "$T"
command -v gdb >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y gdb; }
fused=()
RAM_FREE_FN=__free_pages_core
if grep -q ' __free_pages_core_prepared$' "$KOBJ/System.map"; then
	fused=(--fused)
	RAM_FREE_FN=__free_pages_core_prepared
fi
# The memory layout of run-vm.sh's test mode (a 128 MiB memory block
# size needs maxmem; three pmem regions), and its dynamic debug, so that
# the guest's cases find what they look for.
timeout 900 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -nodefaults -no-reboot \
	-kernel "$KOBJ/arch/x86/boot/bzImage" -initrd build/initramfs-7.3.cpio.gz \
	-machine pc -m 9G,slots=2,maxmem=12G -object memory-backend-ram,id=dimm1,size=512M \
	-device pc-dimm,id=dimm1,memdev=dimm1 -gdb "tcp:127.0.0.1:$port" -S \
	-append "console=ttyS0,115200 panic=-1 printk.devkmsg=on dyndbg=\"file mm/mm_init.c +p; file mm/memmap_fast_debug.c +p\" memmap=2G!4G memmap=1G!7G memmap=1G!9G memory_hotplug.memmap_on_memory=1 zdm.mode=test zdm.cases=hotplug,hotplug-mom,hotplug-dimm zdm.rounds=1 zdm.verify=0 zdm.mt_min_pages=0" \
	-display none -monitor none -serial "file:$T/serial.log" < /dev/null &
qpid=$!
sleep 1
RAM_OUT=$T RAM_GDB_PORT=$port RAM_FREE_FN=$RAM_FREE_FN timeout 900 gdb -q -batch -x vm/real-dump/ram_gdb.py \
	"$KOBJ/vmlinux" > "$T/gdb.log" 2>&1 || true
wait $qpid || true
grep -a '@@ZDM \(error\|done\)' "$T/serial.log" | sed 's/.*@@ZDM /guest: /'
python3 vm/real-dump/ram_compare.py "$T" "$KOBJ/.config" "${fused[@]}"
