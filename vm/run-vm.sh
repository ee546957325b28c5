#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boots the zdmemmap guest under QEMU with emulated pmem (KVM where /dev/kvm
# works, else TCG: pick_accel in vm/host-lib.sh), then checks and
# tabulates the log.
#
# usage: vm/run-vm.sh [--mode test|bench|shell|boot] [--rounds N] [--cases a,b]
#                     [--timeout SEC] [--nvdimm-gib G] [--verify 0|1] [--threads T]
#                     [--mt-min-pages P] [--private-mb M] [--append "ARGS"]
#                     [--name N]
# --append: more kernel command-line arguments (word characters, '.', ',',
#        '=', ':', '-' and spaces only); --name: a suffix for the log names,
#        so that two runs of one kernel keep both (make vm-free)
# --mt-min-pages defaults to 0 for test (workers on every range), unset for bench (the kernel default)
# --verify defaults to 1 for test, 0 for bench (the re-check doubles the work per bind)
# test:  e820 pmem, memmap=2G!4G (all single-namespace cases, 1G-aligned)
#        plus memmap=1G!7G and memmap=1G!9G (the two concurrency cases)
# bench: a sparse file-backed ACPI NFIT nvdimm of --nvdimm-gib GiB for the
#        single-namespace cases (its map=mem memmap lives in guest RAM, so
#        carving it out of -m like e820 pmem would need a huge -m), plus
#        memmap=1G!4G and memmap=1G!6G for the concurrency cases
# shell: the test layout with a prompt on this terminal (Ctrl-A X quits)
# boot:  deferred struct page init at boot (-m 16G: 13 GiB above 4G, most
#        of it deferred), --rounds timed boots per strategy (default 3),
#        each with memmap_init_strategy=S, and one more boot of each fast
#        strategy with memmap_init_verify=1 (--verify 0: none), which checks
#        every page and is left out of the times.  Needs the debug patch's
#        boot parameters (the 7.3 series).
# Exit: 0 all checks passed; 1 a check failed (see report.py); 2 bad usage.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B="$ROOT/build"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
PROG=run-vm
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# ZDM_KERNEL=6.12|7.3 (vm/kernels.sh); ZDM_KOBJ: boot the kernel of another
# object dir of that release (make vm-fallback)
zdm_kernel "${ZDM_KERNEL:-6.12}" || exit 2
KOBJ=$(realpath -m "${ZDM_KOBJ:-$ZK_OBJ}")
KERNEL="$KOBJ/arch/x86/boot/bzImage"
# the logs of a run on another kernel carry its name: test-kobj-trace.log,
# test-kobj73.log
TAG=$( [ "$KOBJ" = "$B/kobj" ] || echo "-$(basename "$KOBJ")")
INITRD="$B/initramfs$ZK_TAG.cpio.gz"
# the initramfs built for that kernel's module (ZDM_KOBJ=... vm/build-initramfs.sh),
# if there is one
[ -z "$TAG" ] || [ ! -f "$B/initramfs$ZK_TAG$TAG.cpio.gz" ] || INITRD="$B/initramfs$ZK_TAG$TAG.cpio.gz"
OUTDIR="$B/vm"

MODE=test ROUNDS= CASES= TIMEOUT= NVDIMM_GIB=16 VERIFY= THREADS= PRIVATE_MB=
MT_MIN_PAGES= APPEND= NAME=
while [ $# -gt 0 ]; do
	case "$1" in
	--mode) MODE=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--cases) CASES=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--nvdimm-gib) NVDIMM_GIB=$2; shift 2 ;;
	--verify) VERIFY=$2; shift 2 ;;
	--threads) THREADS=$2; shift 2 ;;
	--mt-min-pages) MT_MIN_PAGES=$2; shift 2 ;;
	--private-mb) PRIVATE_MB=$2; shift 2 ;;
	--append) APPEND=$2; shift 2 ;;
	--name) NAME=$2; shift 2 ;;
	-h|--help) sed -n '3,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) echo "run-vm: unknown argument: $1" >&2; exit 2 ;;
	esac
done
case "$MODE" in test|bench|shell|boot) ;; *) echo "run-vm: bad --mode $MODE" >&2; exit 2 ;; esac
[[ "$APPEND" =~ ^[A-Za-z0-9_.,=:\ -]*$ ]] ||
	{ echo "run-vm: --append: only word characters, '.,=:-' and spaces" >&2; exit 2; }
[[ "$NAME" =~ ^[a-z0-9-]*$ ]] ||
	{ echo "run-vm: --name: lower-case letters, digits and '-' only" >&2; exit 2; }
[ -z "$NAME" ] || TAG="$TAG-$NAME"
for f in "$KERNEL" "$INITRD"; do
	[ -f "$f" ] || { echo "run-vm: missing $f (make vm-kernel vm-initramfs)" >&2; exit 2; }
done
command -v qemu-system-x86_64 >/dev/null || {
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y qemu-system-x86; }
mkdir -p "$OUTDIR"

pick_accel "$KERNEL"
echo "run-vm: accelerator $ACCEL ($ACCEL_WHY)"
cpu=max
[ "$ACCEL" = tcg ] || cpu=host
QEMU=(qemu-system-x86_64 -accel "$ACCEL" -cpu $cpu -smp 4 -nodefaults -no-reboot
	-kernel "$KERNEL" -initrd "$INITRD")
# printk.devkmsg=on: the guest's @@ZDM records go through /dev/kmsg and must
# not be rate limited. panic=-1 + -no-reboot: a panic ends QEMU at once.
CMDLINE=(console=ttyS0,115200 panic=-1 printk.devkmsg=on
	'dyndbg="file mm/mm_init.c +p; file mm/memmap_fast_debug.c +p"' "zdm.mode=$MODE")

case "$MODE" in
test|shell)
	# the hotplug-dimm case: a 512 MiB pc-dimm, added by ACPI at boot
	# and left offline (MHP_DEFAULT_ONLINE_TYPE_OFFLINE)
	QEMU+=(-machine pc -m 9G,slots=2,maxmem=12G
		-object memory-backend-ram,id=dimm1,size=512M
		-device pc-dimm,id=dimm1,memdev=dimm1)
	# -m 9G puts RAM at 0-3G and 4G-10G. Three separate ranges, with RAM
	# between them: adjacent e820 pmem ranges would merge into one region.
	CMDLINE+=('memmap=2G!4G' 'memmap=1G!7G' 'memmap=1G!9G')
	# the hotplug-mom case: each onlined block holds its own memmap
	CMDLINE+=('memory_hotplug.memmap_on_memory=1')
	: "${ROUNDS:=5}" "${TIMEOUT:=1200}" "${VERIFY:=1}" "${PRIVATE_MB:=1024}"
	# The namespaces here are small: without this, template-nt-mt would
	# stay on one CPU for the map=mem cases and its workers go unverified.
	: "${MT_MIN_PAGES:=0}"
	;;
bench)
	img="$OUTDIR/nvdimm-bench.img"
	# Fresh and sparse every run: no namespace left over from the last run
	# (its pfn/dax info block would be probed at boot), the first bind is
	# always a first touch, and only what the guest writes takes disk.
	rm -f "$img"
	truncate -s "${NVDIMM_GIB}G" "$img"
	QEMU+=(-machine pc,nvdimm=on -m "6G,slots=1,maxmem=$((6 + NVDIMM_GIB))G"
		-object "memory-backend-file,id=nv1,share=on,mem-path=$img,size=${NVDIMM_GIB}G,align=2M"
		-device nvdimm,memdev=nv1,id=nvdimm1)
	CMDLINE+=('memmap=1G!4G' 'memmap=1G!6G')
	# 30 binds per strategy, as in the series' experiment
	: "${ROUNDS:=30}" "${TIMEOUT:=3600}" "${VERIFY:=0}" "${PRIVATE_MB:=2048}"
	;;
boot)
	QEMU+=(-machine pc -m 16G)
	: "${ROUNDS:=3}" "${TIMEOUT:=300}" "${VERIFY:=1}" "${PRIVATE_MB:=128}"
	;;
esac
CMDLINE+=("zdm.rounds=$ROUNDS" "zdm.verify=$VERIFY" "zdm.private_mb=$PRIVATE_MB")
[ -n "$CASES" ] && CMDLINE+=("zdm.cases=$CASES")
[ -n "$THREADS" ] && CMDLINE+=("zdm.threads=$THREADS")
[ -n "$MT_MIN_PAGES" ] && CMDLINE+=("zdm.mt_min_pages=$MT_MIN_PAGES")
# Under KASAN the fast path declines (it must see every field written): every
# bind must say strategy slow, and the KUnit suite must skip.
KASAN=0
grep -q '^CONFIG_KASAN=y' "$KOBJ/.config" && KASAN=1
[ $KASAN = 0 ] || CMDLINE+=("zdm.expect=slow")
# shellcheck disable=SC2206 # split on spaces, checked above
[ -z "$APPEND" ] || CMDLINE+=($APPEND)
kunit_args=()
if grep -q '^CONFIG_MEMMAP_FAST_KUNIT_TEST=y' "$KOBJ/.config"; then
	if [ $KASAN = 1 ]; then kunit_args=(--kunit-skip memmap_fast); else kunit_args=(--kunit memmap_fast); fi
fi

if [ "$MODE" = boot ]; then
	grep -q '^CONFIG_DEFERRED_STRUCT_PAGE_INIT=y' "$KOBJ/.config" ||
		{ echo "run-vm: --mode boot needs CONFIG_DEFERRED_STRUCT_PAGE_INIT" >&2; exit 2; }
	[ -f "$KOBJ/mm/memmap_fast_ram.o" ] ||
		{ echo "run-vm: --mode boot needs a series with the ordinary-memory path (KERNEL=7.3)" >&2; exit 2; }
	rcargs=("${kunit_args[@]}")
	logs=() fail=0
	# round 0: the verify boots
	for r in $(seq "$([ "$VERIFY" = 1 ] && echo 0 || echo 1)" "$ROUNDS"); do
		for s in slow template template-nt; do
			v=0
			if [ "$r" = 0 ]; then
				[ "$s" = slow ] && continue
				v=1
			fi
			log="$OUTDIR/boot$TAG-$s-$r.log"
			rm -f "$log"
			echo "run-vm: boot $r of $ROUNDS, memmap_init_strategy=$s verify=$v"
			timeout -k 10 "$TIMEOUT" "${QEMU[@]}" -display none -monitor none \
				-append "${CMDLINE[*]} memmap_init_strategy=$s memmap_init_verify=$v" \
				-serial "file:$log" < /dev/null || true
			python3 "$ROOT/vm/report.py" --accel "$ACCEL" "${rcargs[@]}" "$log" || fail=1
			logs+=("$log")
		done
	done
	echo
	python3 "$ROOT/vm/report.py" --accel "$ACCEL" --boot-summary --json "$OUTDIR/boot$TAG.json" "${logs[@]}" || fail=1
	exit $fail
fi

QEMU+=(-append "${CMDLINE[*]}")

if [ "$MODE" = shell ]; then
	exec "${QEMU[@]}" -nographic -serial mon:stdio
fi

LOG="$OUTDIR/$MODE$TAG.log"
JSON="$OUTDIR/$MODE$TAG.json"
rm -f "$LOG"
echo "run-vm: $MODE, $ROUNDS rounds, timeout ${TIMEOUT}s, serial log $LOG"
echo "run-vm: ${QEMU[*]}" > "$OUTDIR/$MODE$TAG.cmd"
start=$(date +%s)
set +e
timeout -k 10 "$TIMEOUT" "${QEMU[@]}" -display none -monitor none \
	-serial "file:$LOG" < /dev/null &
qpid=$!
# progress: the records as they arrive
tail -n +1 -F --pid=$qpid "$LOG" 2>/dev/null |
	grep --line-buffered -E '@@ZDM (start|begin|end|verify|error|missing|done)' |
	sed -u 's/^.*@@ZDM /  /' &
wait $qpid
qrc=$?
wait
set -e
echo "run-vm: QEMU exited with $qrc after $(( $(date +%s) - start )) s"
rcargs=()
if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then rcargs=(--timed-out "$TIMEOUT"); fi
# a kernel built with the series' KUnit test must have run it and passed
# (skipped, under KASAN)
rcargs+=("${kunit_args[@]}")
python3 "$ROOT/vm/report.py" --accel "$ACCEL" --json "$JSON" "${rcargs[@]}" "$LOG"
