# SPDX-License-Identifier: GPL-2.0
# Guest cases: namespace setup with ndctl, N interleaved rebind rounds, device-private, concurrency.

ND=/sys/bus/nd

# Regions sorted by physical start: "name start size" per line.
regions() {
	local r
	for r in "$ND"/devices/region*; do
		[ -e "$r/resource" ] || continue
		echo "${r##*/} $(($(cat "$r/resource"))) $(($(cat "$r/size")))"
	done | sort -n -k2
}

# The largest region runs the single-namespace cases (ties: lowest address);
# the others, if there are two, run the concurrency case.
main_region() { regions | sort -s -n -r -k3 | head -n1 | cut -d' ' -f1; }
aux_regions() { local m; m=$(main_region); regions | awk -v m="$m" '$1 != m {print $1}' | head -n2; }

# The one namespace of a label-less region (e820 pmem, or NFIT without labels).
region_ns() { ls -d "$ND/devices/$1"/namespace*.0 2>/dev/null | head -n1 | xargs -n1 basename; }

holder_of() { cat "$ND/devices/$1/holder"; }
driver_of() { basename "$(readlink "$ND/devices/$1/driver")"; }

wr() { echo "$2" > "$1"; }
rebind() { wr "$ND/drivers/$1/unbind" "$2" && wr "$ND/drivers/$1/bind" "$2"; }

# Both binds at once, so two memmap_init_zone_device() calls can overlap
# (whether they do is the kernel's business; report.py counts it).
bind2() {
	local a b
	wr "$ND/drivers/$1/bind" "$2" & a=$!
	wr "$ND/drivers/$1/bind" "$3" & b=$!
	wait $a || return 1
	wait $b
}

ndctl_create() { # ns mode map [align]
	local ns=$1 mode=$2 map=$3 align=$4
	ndctl create-namespace -f -e "$ns" -m "$mode" -M "$map" ${align:+-a "$align"} > /tmp/ndctl.out 2>&1 ||
		{ cat /tmp/ndctl.out; return 1; }
}

# rounds FN ARG...: ROUNDS rounds; each sets every strategy in turn and
# calls FN ARG... ROUND, which does one timed rebind.
rounds() {
	local r=1 s
	while [ $r -le "$ROUNDS" ]; do
		for s in $(round_order); do
			set_strategy "$s" || return 1
			"$@" "$r" || return 1
		done
		r=$((r + 1))
	done
}

one_rebind() { timed rebind "$3" 1 rebind "$1" "$2"; }

case_ns() { # name mode map align
	local mode=$2 map=$3 align=$4 ns h d
	CASE=$1
	ns=$(region_ns "$(main_region)")
	[ -n "$ns" ] || { err "no pmem namespace"; return 1; }
	rec "begin case=$CASE mode=$mode map=$map align=${align:-default} ns=$ns rounds=$ROUNDS"
	verify_begin
	set_strategy slow || return 1
	timed create 0 1 ndctl_create "$ns" "$mode" "$map" "$align"
	h=$(holder_of "$ns")
	# No claiming pfn/dax device: fsdax map=mem on a region that can map
	# pages itself (e820 pmem: ND_REGION_PAGEMAP) is the namespace bound to
	# nd_pmem directly, with an FS_DAX pgmap and the memmap in RAM.
	[ -n "$h" ] || h=$ns
	d=$(driver_of "$h")
	[ -n "$d" ] || { err "$h is bound to no driver"; return 1; }
	rec "info case=$CASE holder=$h driver=$d $(ndctl list -n "$ns" 2>/dev/null | tr -d ' \n' | cut -c1-200)"
	rounds one_rebind "$d" "$h"
	verify_end
	rec "end case=$CASE"
}

PRIV=$DBG/zdm_private
priv_remap() { timed rebind "$1" 1 wr "$PRIV/remap" 1; }

case_private() {
	CASE=private
	rec "begin case=$CASE size_mb=$PRIV_MB rounds=$ROUNDS"
	insmod /lib/modules/zdm_private.ko size_mb="$PRIV_MB" || { err "insmod zdm_private failed"; return 1; }
	verify_begin
	set_strategy slow || return 1
	timed create 0 1 wr "$PRIV/mapped" 1
	rec "info case=$CASE range=$(tr ' ' , < "$PRIV/range")"
	rounds priv_remap
	wr "$PRIV/mapped" 0
	rmmod zdm_private || err "rmmod zdm_private failed"
	verify_end
	rec "end case=$CASE"
}

conc_rebind() { # driver h1 h2 round
	wr "$ND/drivers/$1/unbind" "$2" && wr "$ND/drivers/$1/unbind" "$3" || return 1
	timed rebind "$4" 2 bind2 "$1" "$2" "$3"
}

# Two namespaces on two regions, bound at the same time. fsdax (nd_pmem)
# binds really overlap; devdax binds are serialized in 6.12 because
# devm_create_dev_dax() holds the global dax_region_rwsem across device_add()
# and so across the device_dax probe that calls devm_memremap_pages().
case_concurrent() { # name mode map align
	local mode=$2 map=$3 align=$4 n1 n2 h1 h2 d
	CASE=$1
	set -- $(aux_regions)
	[ $# -eq 2 ] || { err "concurrency needs two more pmem regions, found $#"; return 1; }
	n1=$(region_ns "$1"); n2=$(region_ns "$2")
	rec "begin case=$CASE ns=$n1,$n2 mode=$mode map=$map align=${align:-default} rounds=$ROUNDS"
	verify_begin
	set_strategy slow || return 1
	timed create 0 1 ndctl_create "$n1" "$mode" "$map" "$align"
	timed create 0 1 ndctl_create "$n2" "$mode" "$map" "$align"
	h1=$(holder_of "$n1"); h2=$(holder_of "$n2")
	[ -n "$h1" ] && [ -n "$h2" ] || { err "no holder for $n1/$n2"; return 1; }
	d=$(driver_of "$h1")
	rounds conc_rebind "$d" "$h1" "$h2"
	verify_end
	rec "end case=$CASE"
}

# While the page_ref_set tracepoint is on, a copied _refcount would skip
# its event, so every strategy must fall back to the slow path: the timing
# line has to say strategy=slow whatever was asked for.
fallback_rebind() { # driver holder round
	timed rebind "$3" 1 rebind "$1" "$2"
	grep -q ' used=slow ' /tmp/recs ||
		err "$(current_strategy) did not fall back to slow with page_ref_set on: $(tr '\n' ' ' < /tmp/recs)"
}

case_fallback() {
	local ev=/sys/kernel/tracing/events/page_ref/page_ref_set/enable ns h d sk
	CASE=fallback
	have_switch || { err "the fallback case needs the patched kernel's switch"; return 1; }
	[ -e "$ev" ] || { err "no page_ref_set tracepoint (CONFIG_DEBUG_PAGE_REF)"; return 1; }
	ns=$(region_ns "$(main_region)")
	[ -n "$ns" ] || { err "no pmem namespace"; return 1; }
	rec "begin case=$CASE mode=devdax map=dev align=2M ns=$ns rounds=$ROUNDS tracepoint=page_ref_set"
	verify_begin
	set_strategy slow || return 1
	timed create 0 1 ndctl_create "$ns" devdax dev 2M
	h=$(holder_of "$ns"); d=$(driver_of "$h")
	[ -n "$d" ] || { err "$h is bound to no driver"; return 1; }
	sk=$(mi_read verify_skipped)
	echo 1 > "$ev" || { err "cannot enable page_ref_set"; return 1; }
	rounds fallback_rebind "$d" "$h"
	echo 0 > "$ev"
	# verify mode must have stood aside (its scratch pages have no pfn
	# for the tracepoint) rather than crash
	sk=$(( $(mi_read verify_skipped) - sk ))
	rec "info case=$CASE verify_skipped=$sk"
	[ "$sk" -gt 0 ] || [ "$(mi_read verify)" != Y ] ||
		err "verify did not stand aside while page_ref_set was on"
	verify_end
	rec "end case=$CASE"
}

# Ordinary memory: a devdax namespace handed to kmem as System RAM (what
# daxctl reconfigure-device --mode=system-ram does), its memory blocks
# onlined as ZONE_MOVABLE one after the other - each a memmap_init_range(
# ..., MEMINIT_HOTPLUG, ...) - and offlined again, every strategy in turn.
# With memmap_on_memory each block holds its own memmap (the boot
# parameter memory_hotplug.memmap_on_memory=1 allows it).
MEM=/sys/devices/system/memory
DAXB=/sys/bus/dax

# The blocks kmem added, all offline: memory block numbers, one per line.
offline_blocks() {
	local b
	for b in "$MEM"/memory[0-9]*; do
		[ "$(cat "$b/state")" = offline ] && echo "${b##*/memory}"
	done | sort -n
}

online_all() { # state blocks...
	local st=$1 b
	shift
	for b in "$@"; do
		echo "$st" > "$MEM/memory$b/state" || return 1
	done
}

# Page cache from the blocks just onlined (page cache takes ZONE_MOVABLE
# first): with page_poison=1 every allocation checks the poison that the
# free must have written, and reports memory corruption where it is not.
use_onlined_memory() {
	dd if=/dev/zero of=/tmp/zdm-fill bs=1M count=256 2>/dev/null
	rm -f /tmp/zdm-fill
}

# One round: online the blocks of $HP_BLOCKS (timed), then offline them.
hotplug_round() { # round
	TIMED_SUM=1
	timed rebind "$1" 1 online_all online_movable $HP_BLOCKS
	TIMED_SUM=0
	[ "$EXPECT_FREE" != run ] || use_onlined_memory
	online_all offline $HP_BLOCKS ||
		{ err "cannot offline the blocks again"; return 1; }
}

# The one-pass free, as the 7.3 debug patch counts it per chunk freed:
# recorded for every hotplug case, held to zdm.expect_free= when given.
free_begin() {
	FS0=$(mi_read free_prepare_skipped)
	FR0=$(mi_read free_prepare_run)
}
free_end() {
	[ -r "$MI/free_prepare_run" ] || return 0
	local s r
	s=$(( $(mi_read free_prepare_skipped) - FS0 ))
	r=$(( $(mi_read free_prepare_run) - FR0 ))
	rec "free case=$CASE prepare_skipped=$s prepare_run=$r"
	case "$EXPECT_FREE" in
	skipped) [ "$s" -gt 0 ] && [ "$r" -eq 0 ] ||
		err "the one-pass free ran __free_pages_prepare() $r times, skipped it $s" ;;
	run) [ "$r" -gt 0 ] && [ "$s" -eq 0 ] ||
		err "a debug option is on, yet the one-pass free skipped __free_pages_prepare() $s times ($r ran it)" ;;
	esac
}

case_hotplug() { # name memmap_on_memory(0|1)
	local mom=$2 ns dax
	CASE=$1
	ns=$(region_ns "$(main_region)")
	[ -n "$ns" ] || { err "no pmem namespace"; return 1; }
	rec "begin case=$CASE mode=system-ram memmap_on_memory=$mom ns=$ns rounds=$ROUNDS"
	verify_begin
	set_strategy slow || return 1
	ndctl_create "$ns" devdax mem 2M || { err "ndctl create-namespace failed"; return 1; }
	dax=$(ls "$DAXB/devices" | head -n1)
	[ -n "$dax" ] || { err "no dax device"; return 1; }
	wr "$DAXB/drivers/device_dax/unbind" "$dax" || { err "cannot unbind $dax"; return 1; }
	if [ "$mom" = 1 ]; then
		wr "$DAXB/devices/$dax/memmap_on_memory" 1 ||
			{ err "memmap_on_memory refused (memory_hotplug.memmap_on_memory=1?)"; return 1; }
	fi
	# only the blocks kmem adds (a pc-dimm's may be offline already)
	offline_blocks > /tmp/before
	wr "$DAXB/drivers/kmem/new_id" "$dax" || { err "kmem did not take $dax"; return 1; }
	HP_BLOCKS=$(offline_blocks | grep -vxF -f /tmp/before | tr '\n' ' ')
	[ -n "$HP_BLOCKS" ] || { err "kmem added no offline memory block"; return 1; }
	rec "info case=$CASE dax=$dax block_size=0x$(cat "$MEM/block_size_bytes") blocks=$(echo $HP_BLOCKS | tr ' ' ,)"
	free_begin
	rounds hotplug_round
	free_end
	# leave the namespace free for whatever runs next
	wr "$DAXB/drivers/kmem/unbind" "$dax" || err "kmem did not let $dax go"
	verify_end
	rec "end case=$CASE"
}

# A pc-dimm that ACPI added at boot, offline: its blocks (with
# memmap_on_memory, as acpi_memory_enable_device() asks when it can) are
# onlined and offlined again as the kmem ones are.
case_dimm() {
	CASE=$1
	rec "begin case=$CASE mode=pc-dimm rounds=$ROUNDS"
	verify_begin
	set_strategy slow || return 1
	HP_BLOCKS=$(offline_blocks | tr '\n' ' ')
	[ -n "$HP_BLOCKS" ] || { err "no offline memory block (no pc-dimm?)"; return 1; }
	rec "info case=$CASE block_size=0x$(cat "$MEM/block_size_bytes") blocks=$(echo $HP_BLOCKS | tr ' ' ,)"
	free_begin
	rounds hotplug_round
	free_end
	verify_end
	rec "end case=$CASE"
}

# Fault injection, on a kernel of make vm-debug (vm/kconfig.debug-lockdep:
# FAILSLAB, FAIL_PAGE_ALLOC and the stacktrace filter).  Each attribute
# fails only allocations made with the text of one function on the stack.
FI_SLAB=$DBG/failslab
FI_PAGE=$DBG/fail_page_alloc

# "START END" of a function's text: /proc/kallsyms lists the kernel's own
# symbols in address order, so END is the next symbol's address.
sym_range() {
	awk -v s="$1" '$3 == s { a = $1; getline; print "0x" a, "0x" $1; exit }' /proc/kallsyms
}

# fi_arm DIR FUNCTION PROBABILITY TIMES [INTERVAL]: fail one in INTERVAL
# (default 1) of the allocations that pass the filters; sleeping ones too, single
# pages too (fail_page_alloc's min-order is 1 by default), and no stack
# dump per failure (it would read as a Call Trace in the log)
fi_arm() {
	local r
	r=$(sym_range "$2")
	[ -n "$r" ] || { err "no $2 in /proc/kallsyms"; return 1; }
	set -- "$1" "$3" "$4" "${5:-1}" $r
	[ ! -e "$1/min-order" ] || wr "$1/min-order" 0 || return 1
	wr "$1/require-start" "$5" && wr "$1/require-end" "$6" &&
		wr "$1/ignore-gfp-wait" N && wr "$1/verbose" 0 &&
		wr "$1/interval" "$4" && wr "$1/times" "$3" && wr "$1/probability" "$2"
}
fi_disarm() { wr "$1/probability" 0; }

# The multi-CPU path allocates nothing: padata takes its helpers' work
# items from a list it filled at boot, and falls back to fewer CPUs when
# that runs short.  With failslab and fail_page_alloc failing every
# allocation under zone_device_init_mt(), each template-nt-mt bind must
# still verify, and times, which counts down once per failure injected,
# must not move.  (Failing memremap_pages()'s own page allocations instead
# tests the kernel's hotplug error path, not this series: on 7.3.4 x86
# that WARNs in add_pages() and leaves the next binds failing, so this
# case does not.)
case_faults() {
	local ns h d slab page
	CASE=faults
	[ -d "$FI_SLAB" ] && [ -d "$FI_PAGE" ] ||
		{ err "no failslab/fail_page_alloc in debugfs (the vm-debug lockdep kernel)"; return 1; }
	ns=$(region_ns "$(main_region)")
	[ -n "$ns" ] || { err "no pmem namespace"; return 1; }
	rec "begin case=$CASE mode=devdax map=dev align=2M ns=$ns rounds=$ROUNDS"
	verify_begin
	set_strategy slow || return 1
	timed create 0 1 ndctl_create "$ns" devdax dev 2M
	h=$(holder_of "$ns"); d=$(driver_of "$h")
	[ -n "$d" ] || { err "$h is bound to no driver"; return 1; }
	fi_arm "$FI_SLAB" zone_device_init_mt 100 1000 || return 1
	fi_arm "$FI_PAGE" zone_device_init_mt 100 1000 || return 1
	rounds one_rebind "$d" "$h"
	slab=$((1000 - $(cat "$FI_SLAB/times")))
	page=$((1000 - $(cat "$FI_PAGE/times")))
	fi_disarm "$FI_SLAB"
	fi_disarm "$FI_PAGE"
	rec "info case=$CASE in=zone_device_init_mt failslab_injected=$slab fail_page_alloc_injected=$page"
	[ "$slab" -eq 0 ] && [ "$page" -eq 0 ] ||
		err "the multi-CPU path allocated: $slab slab and $page page failures injected in $ROUNDS binds"
	verify_end
	rec "end case=$CASE"
}

# CPUs 1 and up go offline and come back, one after the other, for as long
# as /tmp/churn exists; the count of round trips lands in /tmp/churn.n.
cpu_churn() {
	local n=0 c
	while [ -e /tmp/churn ]; do
		for c in /sys/devices/system/cpu/cpu[1-9]*; do
			[ -e "$c/online" ] || continue
			echo 0 > "$c/online" 2> /dev/null || continue
			echo 1 > "$c/online" && n=$((n + 1))
		done
	done
	echo "$n" > /tmp/churn.n
}

# Every strategy's rebinds while CPUs come and go: the multi-CPU path
# queues its work items on the node's CPUs as they are at that moment.
case_cpuhp() {
	local ns h d pid n c
	CASE=cpuhp
	[ -e /sys/devices/system/cpu/cpu1/online ] ||
		{ err "no CPU to take offline (CONFIG_HOTPLUG_CPU, -smp 2 or more)"; return 1; }
	ns=$(region_ns "$(main_region)")
	[ -n "$ns" ] || { err "no pmem namespace"; return 1; }
	rec "begin case=$CASE mode=devdax map=dev align=2M ns=$ns rounds=$ROUNDS"
	verify_begin
	set_strategy slow || return 1
	timed create 0 1 ndctl_create "$ns" devdax dev 2M
	h=$(holder_of "$ns"); d=$(driver_of "$h")
	[ -n "$d" ] || { err "$h is bound to no driver"; return 1; }
	touch /tmp/churn
	cpu_churn &
	pid=$!
	rounds one_rebind "$d" "$h"
	rm -f /tmp/churn
	wait $pid
	n=$(cat /tmp/churn.n 2>/dev/null || echo 0)
	for c in /sys/devices/system/cpu/cpu[1-9]*; do
		[ ! -e "$c/online" ] || [ "$(cat "$c/online")" = 1 ] ||
			err "${c##*/} did not come back online"
	done
	rec "info case=$CASE offline_online=$n"
	[ "$n" -gt 0 ] || err "no CPU went offline during the rebinds"
	verify_end
	rec "end case=$CASE"
}

# vm/real-machine.sh as a user runs it on a machine booted with
# memmap=...!...: its own namespace, rebinds and table, on the main e820
# region, ROUNDS rounds of devdax-2M-dev.  Its samples become this case's
# bind records, so the report checks and tabulates them like any other
# (its first bind under the strategy the kernel says it used).
case_real() {
	local ns before
	CASE=real-machine
	ns=$(region_ns "$(main_region)")
	[ -n "$ns" ] || { err "no pmem namespace"; return 1; }
	rec "begin case=$CASE ns=$ns rounds=$ROUNDS"
	verify_begin
	# the script takes only an unclaimed namespace; the cases before
	# leave theirs claimed
	ndctl create-namespace -f -e "$ns" -m raw > /tmp/ndctl.out 2>&1 ||
		{ err "cannot unclaim $ns: $(tail -n 1 /tmp/ndctl.out)"; return 1; }
	before=$(current_strategy)
	drain
	rm -f /tmp/real.json /tmp/real.samples
	if ! sh /zdm/real-machine.sh run --rounds "$ROUNDS" --layouts devdax-2M-dev \
		--region "$(main_region)" --json /tmp/real.json --samples /tmp/real.samples \
		> /tmp/real.out 2>&1; then
		err "real-machine.sh run failed: $(tail -n 2 /tmp/real.out | tr '\n' ' ')"
	fi
	drain
	while read -r line; do rec "info case=$CASE msg=$line"; done < /tmp/real.out
	[ -s /tmp/real.json ] || err "real-machine.sh wrote no JSON"
	awk -v c="$CASE" '!/^#/ {
		printf "bind case=%s strategy=%s kind=%s seq=%s pages=%s ns=%s res=ns used=%s pfn=- t=-\n",
			c, ($2 != "first" ? $2 : $5 == "-" ? "slow" : $5),
			($2 == "first" ? "create" : "rebind"),
			$3, $6, $4, $5 }' /tmp/real.samples 2>/dev/null > /tmp/recs
	while read -r line; do rec "$line"; done < /tmp/recs
	[ -z "$(holder_of "$ns")" ] || err "real-machine.sh left $ns claimed by $(holder_of "$ns")"
	[ "$(current_strategy)" = "$before" ] ||
		err "real-machine.sh left the strategy at $(current_strategy), not $before"
	verify_end
	rec "end case=$CASE"
}

run_case() {
	case "$1" in
	devdax-4K-mem) case_ns "$1" devdax mem 4K ;;
	devdax-4K-dev) case_ns "$1" devdax dev 4K ;;
	devdax-2M-mem) case_ns "$1" devdax mem 2M ;;
	devdax-2M-dev) case_ns "$1" devdax dev 2M ;;
	devdax-1G-mem) case_ns "$1" devdax mem 1G ;;
	devdax-1G-dev) case_ns "$1" devdax dev 1G ;;
	fsdax-dev) case_ns "$1" fsdax dev "" ;;
	fsdax-mem) case_ns "$1" fsdax mem "" ;;
	private) case_private ;;
	concurrent) case_concurrent "$1" fsdax dev "" ;;
	concurrent-devdax) case_concurrent "$1" devdax dev 2M ;;
	fallback) case_fallback ;;
	faults) case_faults ;;
	cpuhp) case_cpuhp ;;
	hotplug) case_hotplug "$1" 0 ;;
	hotplug-mom) case_hotplug "$1" 1 ;;
	hotplug-dimm) case_dimm "$1" ;;
	real-machine) case_real ;;
	*) CASE=$1; err "unknown case" ;;
	esac
}

ALL_CASES="devdax-4K-mem devdax-4K-dev devdax-2M-mem devdax-2M-dev devdax-1G-mem devdax-1G-dev fsdax-dev fsdax-mem private concurrent concurrent-devdax real-machine hotplug-dimm hotplug hotplug-mom"
# Not in ALL_CASES: fallback needs the kernel of make vm-fallback
# (vm/kconfig.trace), faults and cpuhp vm-debug's lockdep kernel
# (vm/kconfig.debug-lockdep); each asks for its kernel by name.
