#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the zdmemmap guest: mounts, reads zdm.* from the command line, runs the cases, powers off.
#
# Command line (all optional):
#   zdm.mode=test|shell|boot  test: run the cases and power off; shell: a
#                         prompt; boot: report the boot's deferred struct page
#                         init (its time, and verify) and power off
#   zdm.rounds=N          rebind rounds per case (each round binds every strategy once)
#   zdm.cases=a,b,...     subset of the cases in cases.sh (default: all)
#   zdm.private_mb=M      size of the device-private range (multiple of 128)
#   zdm.threads=T         write T to memmap_init/threads when it exists
#   zdm.mt_min_pages=P    write P to memmap_init/mt_min_pages when it exists (0: template-nt-mt
#                         uses its workers on every range, however small)
#   zdm.verify=0|1        memmap_init/verify for the run (default 1)
#   zdm.expect=S          every bind must report strategy S (slow: a KASAN
#                         kernel, where the fast path declines)
#   zdm.expect_free=skipped|run  every free of a block onlined in one pass
#                         must skip __free_pages_prepare() (skipped), or
#                         run it for a debug option (run; the hotplug
#                         cases then also allocate from the onlined blocks)

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
# the fallback case enables the page_ref_set event
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /dev/pts

. /zdm/lib.sh
. /zdm/cases.sh

MODE=test ROUNDS=5 CASES=$ALL_CASES PRIV_MB=256 THREADS= MT_MIN= VERIFY=1
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	zdm.mode=*) MODE=${arg#*=} ;;
	zdm.rounds=*) ROUNDS=${arg#*=} ;;
	zdm.cases=*) CASES=$(echo "${arg#*=}" | tr , ' ') ;;
	zdm.private_mb=*) PRIV_MB=${arg#*=} ;;
	zdm.threads=*) THREADS=${arg#*=} ;;
	zdm.mt_min_pages=*) MT_MIN=${arg#*=} ;;
	zdm.verify=*) VERIFY=${arg#*=} ;;
	zdm.expect=*) EXPECT_USED=${arg#*=} ;;
	zdm.expect_free=*) EXPECT_FREE=${arg#*=} ;;
	esac
done

finish() {
	sync
	poweroff -f
	# -no-reboot on the QEMU side turns this into an exit as well
	reboot -f
}

if [ "$MODE" = shell ]; then
	echo "zdmemmap guest shell. Helpers: . /zdm/lib.sh; . /zdm/cases.sh; run_case devdax-2M-dev"
	echo "regions: $(regions | tr '\n' ';')  strategies: $(strategies)"
	setsid cttyhack sh -l
	finish
fi

rec "start kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo) rounds=$ROUNDS switch=$(have_switch && echo yes || echo no)"
if [ "$MODE" = boot ]; then
	# run-vm.sh --mode boot: deferred struct page init ran before /init,
	# under memmap_init_strategy= (and memmap_init_verify=); report it
	CASE=boot
	drain
	ms=$(sed -n 's/.*node 0 deferred pages initialised in \([0-9]*\)ms.*/\1/p' "$KLOG" | head -n1)
	[ -n "$ms" ] || err "no 'deferred pages initialised' line: DEFERRED_STRUCT_PAGE_INIT off, or nothing deferred"
	rec "boot case=boot strategy=$(current_strategy) ms=${ms:-none} verify=$(mi_read verify)"
	[ "$(mi_read verify)" = Y ] &&
		rec "verify case=boot mismatches=$(mi_read verify_mismatches) pages=$(mi_read verify_pages)"
	bad=$(grep -c -E 'WARNING:|BUG:|Oops|Kernel panic|Call Trace|ODEBUG:|KCSAN:' "$KLOG")
	rec "done failures=$FAILS klog_bad_lines=$bad"
	finish
fi
rec "info regions=$(regions | tr ' \n' ':,')"
rec "info strategies=$(strategies | tr ' ' ,) current=$(current_strategy)"
if have_switch; then
	# verify for the whole run: every fast init is checked against slow
	echo "$VERIFY" > "$MI/verify" || err "cannot set verify"
	# threads and mt_min_pages come with the multi-threaded patch; a
	# series checked up to an earlier patch has neither
	[ -n "$THREADS" ] && [ -e "$MI/threads" ] &&
		{ echo "$THREADS" > "$MI/threads" || err "cannot set threads"; }
	[ -n "$MT_MIN" ] && [ -e "$MI/mt_min_pages" ] &&
		{ echo "$MT_MIN" > "$MI/mt_min_pages" || err "cannot set mt_min_pages"; }
	rec "info verify=$(mi_read verify) threads=$(mi_read threads) mt_min_pages=$(mi_read mt_min_pages)"
fi
# Namespaces are probed asynchronously at boot (raw ones with a pagemap, or a
# pfn/dax left on a file-backed nvdimm: each an init of its own under the
# default strategy); let them finish so none lands in the first case.
i=0
while [ $i -lt 100 ]; do
	pending=
	for ns in /sys/bus/nd/devices/namespace*.0; do
		# bound itself, or claimed by a pfn/dax/btt device that is bound
		h=$(cat "$ns/holder" 2>/dev/null)
		[ -e "$ns/driver" ] || { [ -n "$h" ] && [ -e "/sys/bus/nd/devices/$h/driver" ]; } ||
			pending="$pending ${ns##*/}"
	done
	[ -z "$pending" ] && break
	sleep 0.2
	i=$((i + 1))
done
[ -z "$pending" ] || rec "info still unbound after 20 s:$pending"
# The 6.12 series has no ordinary-memory path (no timing lines to read).
case "$(uname -r)" in
6.*) CASES=$(echo $CASES | tr ' ' '\n' | grep -v '^hotplug' | tr '\n' ' ') ;;
esac
drain
for c in $CASES; do
	run_case "$c"
	CASE=
done
drain
if have_switch; then
	rec "verify case=total mismatches=$(mi_read verify_mismatches) pages=$(mi_read verify_pages)"
	[ "$(mi_read verify_mismatches)" -eq 0 ] || FAILS=$((FAILS + 1))
fi
# Second line of defence; run-vm.sh also scans the serial log.
bad=$(grep -c -E 'WARNING:|BUG:|Oops|Kernel panic|Call Trace|ODEBUG:|KCSAN:' "$KLOG")
rec "done failures=$FAILS klog_bad_lines=$bad"
finish
