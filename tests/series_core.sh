#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series_core.sh - the fast-path core as every patch of each kernel series
# leaves it, checked byte for byte against the reference slow path of that
# series' kernel.
#
# A series grows mm/memmap_fast.[ch] patch by patch (templates, then the
# multi-CPU worker), 7.3's also mm/memmap_fast_ram.[ch] (ordinary memory),
# and drift.sh only compares the final state with core/.  Before a series
# has the ordinary-memory core (6.12 never does) the lab takes core/'s.
# So for each patch that touches them, rebuild the two files as of that
# patch (git apply --include on an empty tree), compile the lab around
# them, and run the verify sweep over every strategy, modelling the
# series' kernel.  A core without the worker gets the lab without its
# pthread runner; its template-nt-mt then runs on one CPU.
#
# usage: tests/series_core.sh [CASES] (default 300 per patch)
#        ZDM_SERIES="6.12 7.3" picks the series (kernel/VER/)
set -eu
cd "$(dirname "$0")/.."
CASES=${1:-300}
CC=${CC:-gcc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# The lab below the bench: the core comes from the patch.
layers=(util model strategy verify)
lab=()
for d in "${layers[@]}"; do
	for f in lab/"$d"/*.c; do
		case "$f" in lab/strategy/workers.c) ;; *) lab+=("$f") ;; esac
	done
done
incs=(-Ilab/shim "${layers[@]/#/-Ilab/}")

# ram_stubs DIR: a series that brings the ordinary-memory core in more than
# one patch (7.3: onlining, then deferred init) has, in between, a core
# without some function the lab calls.  Declare what DIR's header lacks
# (ram_stubs.h, included into every file) and define it to decline
# (ram_stubs.c), so the lab takes the slow path there and checks the rest
# of that patch's core.
ram_stubs() {
	local fn decl
	printf '#include <stdbool.h>\n' >"$1/ram_stubs.h"
	printf '#include "ram_stubs.h"\n' >"$1/ram_stubs.c"
	for fn in memmap_init_hotplug_fast deferred_init_pages_fast; do
		grep -q "^bool $fn(" "$1/memmap_fast_ram.h" && continue
		decl=$(sed -n "/^bool $fn(/,/;\$/p" core/memmap_fast_ram.h)
		[ -n "$decl" ] || { echo "series_core: core/memmap_fast_ram.h has no $fn"; exit 1; }
		printf '%s\n' "$decl" >>"$1/ram_stubs.h"
		printf '%s\n{\n\treturn false;\n}\n' "${decl%;}" >>"$1/ram_stubs.c"
		echo "series_core: $(basename "$1"): no $fn in this patch's core, the lab declines it"
	done
}

fails=0 checked=0
for ver in ${ZDM_SERIES:-6.12 7.3}; do
	shopt -s nullglob
	patches=(kernel/"$ver"/*.patch)
	shopt -u nullglob
	[ ${#patches[@]} -gt 0 ] || { echo "series_core: no patches in kernel/$ver"; exit 1; }
	rm -rf "$T/tree" && mkdir -p "$T/tree"
	for p in "${patches[@]}"; do
		name=$ver/$(basename "$p")
		abs=$(realpath "$p")
		if ! (cd "$T/tree" && git apply --include='mm/memmap_fast.[ch]' \
			--include='mm/memmap_fast_ram.[ch]' "$abs"); then
			echo "series_core: $name does not apply to the core of the patches before it"
			exit 1
		fi
		grep -q '^+++ b/mm/memmap_fast\(_ram\)\?\.[ch]$' "$p" || continue
		dir="$T/$ver-$(basename "${p%%-*}")"
		mkdir -p "$dir"
		cp "$T/tree/mm/memmap_fast.c" "$T/tree/mm/memmap_fast.h" "$dir/"
		for f in memmap_fast_ram.c memmap_fast_ram.h; do
			if [ -f "$T/tree/mm/$f" ]; then
				cp "$T/tree/mm/$f" "$dir/"
			else
				cp "core/$f" "$dir/"
			fi
		done
		extra=()
		ram_stubs "$dir"
		grep -q 'memmap_init_range_mt' "$dir/memmap_fast.h" &&
			extra=(lab/strategy/workers.c)
		if ! "$CC" -std=gnu11 -O1 -g -w -DZDM_NT_CHECK \
			-include "$dir/ram_stubs.h" \
			-fsanitize=address,undefined -fno-sanitize-recover=all \
			-I"$dir" "${incs[@]}" "$dir/memmap_fast.c" \
			"$dir/memmap_fast_ram.c" "$dir/ram_stubs.c" "${lab[@]}" \
			"${extra[@]}" tests/series/series_check.c -lpthread \
			-o "$dir/check" 2>"$dir/cc.log"; then
			echo "series_core: $name: the lab does not build around this core:"
			head -20 "$dir/cc.log"
			fails=1
			continue
		fi
		if out=$("$dir/check" "$CASES" 1 "$ver" 2>&1); then
			echo "series_core: $name: $(tail -n1 <<<"$out")"
		else
			echo "series_core: $name: FAILED"
			head -40 <<<"$out"
			fails=1
		fi
		checked=$((checked + 1))
	done
done
[ $checked -gt 0 ] || { echo "series_core: no patch touches the core"; exit 1; }
exit $fails
