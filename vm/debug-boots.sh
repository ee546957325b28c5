#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make vm-debug: the series' kernel built under the debug configs that syzbot
# and the kernel test robot boot, each booted with every harness case, its
# KUnit suite and verify (vm/run-vm.sh --mode test decides pass or fail):
#   kasan    vm/kconfig.debug-kasan: every bind must say strategy slow
#            (zdm.expect=slow), the suite must skip, verify has nothing to
#            check (--verify 0)
#   lockdep  vm/kconfig.debug-lockdep: PROVE_LOCKING, DEBUG_ATOMIC_SLEEP,
#            DEBUG_OBJECTS_WORK/FREE, plus the faults case (failslab and
#            fail_page_alloc) and the cpuhp case (CPUs offline and back
#            during multi-CPU binds)
#   kcsan    vm/kconfig.debug-kcsan, on its own: no data race report
# Each kernel has its own object dir (build/kobjVER-NAME, a cold build the
# first time: 12-15 minutes here) and initramfs.  A report of any WARNING,
# BUG (KCSAN's), lockdep splat or ODEBUG line fails its config.
# Knobs: DEBUG_CONFIGS="kasan lockdep kcsan" (a subset), DEBUG_ROUNDS=N.
# Writes build/vm/debug-summary.txt: per config, the verdict of its last
# run, its build and boot time.  Exit 1 if any config of this run failed.
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=vm/kernels.sh
. vm/kernels.sh
zdm_kernel "${ZDM_KERNEL:-7.3}" || exit 2
export ZDM_KERNEL=${ZDM_KERNEL:-7.3}
ROUNDS=${DEBUG_ROUNDS:-2}
CONFIGS=${DEBUG_CONFIGS:-kasan lockdep kcsan}
ALL=$(sed -n 's/^ALL_CASES="\(.*\)"$/\1/p' vm/guest/cases.sh | tr ' ' ,)
[ -n "$ALL" ] || { echo "debug-boots: no ALL_CASES in vm/guest/cases.sh" >&2; exit 2; }
SUMMARY=build/vm/debug-summary.txt
mkdir -p build/vm
tmp=$(mktemp build/vm/.debug-summary.XXXXXX)
trap 'rm -f "$tmp"' EXIT
echo "# make vm-debug, Linux $ZK_VER + kernel/$ZDM_KERNEL, $ROUNDS rounds; each config's last run" > "$tmp"
# a run of some configs keeps the others' last lines
if [ -f "$SUMMARY" ]; then
	while IFS= read -r l; do
		case $l in "#"*) continue ;; esac
		case " $CONFIGS " in *" ${l%%:*} "*) ;; *) echo "$l" >> "$tmp" ;; esac
	done < "$SUMMARY"
fi

fail=0
for name in $CONFIGS; do
	frag=vm/kconfig.debug-$name
	[ -f "$frag" ] || { echo "debug-boots: no $frag" >&2; exit 2; }
	obj=$ZK_OBJ-$name
	args=(--mode test --rounds "$ROUNDS" --timeout 3600)
	case $name in
	kasan) args+=(--verify 0 --cases "$ALL") ;;
	lockdep) args+=(--threads 4 --cases "$ALL,faults,cpuhp") ;;
	*) args+=(--threads 4 --cases "$ALL") ;;
	esac
	echo "debug-boots: $name: building $obj with $frag"
	t0=$(date +%s)
	ZDM_KOBJ=$obj ZDM_KCONFIG_EXTRA=$frag vm/build-kernel.sh
	ZDM_KOBJ=$obj vm/build-initramfs.sh
	t1=$(date +%s)
	verdict=PASS
	ZDM_KOBJ=$obj vm/run-vm.sh "${args[@]}" || { verdict=FAIL; fail=1; }
	t2=$(date +%s)
	line="$name: $verdict $(date -u +%Y-%m-%dT%H:%MZ); build $((t1 - t0)) s, boot and cases $((t2 - t1)) s; log build/vm/test-$(basename "$obj").log"
	echo "debug-boots: $line"
	echo "$line" >> "$tmp"
done
mv "$tmp" "$SUMMARY"
trap - EXIT
cat "$SUMMARY"
exit $fail
