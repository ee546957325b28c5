#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series_core.sh - the fast-path core as every patch of each kernel series
# leaves it, checked byte for byte against the reference slow path of that
# series' kernel.
#
# A series grows mm/memmap_fast.c patch by patch (templates, then the
# multi-CPU runner), 7.3's also mm/memmap_fast_ram.c (ordinary memory),
# and drift.sh only compares the final state with core/.  Before a series
# has the ordinary-memory core (6.12 never does) the lab takes core/'s.
# So for each patch that touches them, rebuild the two files as of that
# patch (git apply --include on an empty tree), compile them as the
# Makefile compiles core/ (lab/shim/kernel/ first on the include path),
# link the lab around them, and run the verify sweep over every strategy,
# modelling the series' kernel.  A core that does not call the multi-CPU
# runner gets the lab without its pthread runner; its template-nt-mt then
# runs on one CPU.
#
# usage: tests/series_core.sh [CASES] (default 300 per patch)
#        ZDM_SERIES="6.12 7.3" picks the series (kernel/VER/)
set -eu
cd "$(dirname "$0")/.."
CASES=${1:-300}
CC=${CC:-gcc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# The lab below the bench, compiled once: the core comes from the patch.
layers=(util model strategy verify)
incs=(-Ilab/shim "${layers[@]/#/-Ilab/}")
cflags=(-std=gnu11 -O1 -g -w -DZDM_NT_CHECK
	-fsanitize=address,undefined -fno-sanitize-recover=all)
mkdir -p "$T/lab"
lab=() workers=
for d in "${layers[@]}"; do
	for f in lab/"$d"/*.c; do
		o=$T/lab/$(basename "${f%.c}").o
		"$CC" "${cflags[@]}" "${incs[@]}" -c "$f" -o "$o" ||
			{ echo "series_core: $f does not build"; exit 1; }
		case "$f" in lab/strategy/workers.c) workers=$o ;; *) lab+=("$o") ;; esac
	done
done
"$CC" "${cflags[@]}" "${incs[@]}" -c tests/series/series_check.c \
	-o "$T/lab/series_check.o" || exit 1

# ram_stubs DIR: a series that brings the ordinary-memory core in more than
# one patch (7.3: onlining, deferred init, then each in one pass) has, in
# between, a core without some function the lab calls.  Define each one DIR's
# memmap_fast_ram.c lacks to decline (ram_stubs.c, with the declaration
# that lab/shim/dup.h copies from the kernel), so the lab takes the slow
# path there and checks the rest of that patch's core.
ram_stubs() {
	local fn decl
	printf '#include <stdbool.h>\n' >"$1/ram_stubs.c"
	for fn in memmap_init_hotplug_fast memmap_init_hotplug_freed \
		deferred_init_pages_freed; do
		grep -q "^bool __meminit $fn(" "$1/memmap_fast_ram.c" && continue
		decl=$(sed -n "/^bool $fn(/,/;\$/p" lab/shim/dup.h)
		[ -n "$decl" ] || { echo "series_core: lab/shim/dup.h has no $fn"; exit 1; }
		printf '%s\n{\n\treturn false;\n}\n' "${decl%;}" >>"$1/ram_stubs.c"
		echo "series_core: $(basename "$1"): no $fn in this patch's core, the lab declines it"
	done
}

# build_check DIR: the patch's core in DIR, as the Makefile builds core/,
# linked with the lab into DIR/check
build_check() {
	local f
	for f in memmap_fast memmap_fast_ram ram_stubs; do
		"$CC" "${cflags[@]}" -Ilab/shim/kernel "${incs[@]}" \
			-c "$1/$f.c" -o "$1/$f.o" || return 1
	done
	"$CC" "${cflags[@]}" "$1"/*.o "${lab[@]}" "${extra[@]}" \
		"$T/lab/series_check.o" -lpthread -o "$1/check"
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
		if ! (cd "$T/tree" && git apply --include='mm/memmap_fast.c' \
			--include='mm/memmap_fast_ram.c' "$abs"); then
			echo "series_core: $name does not apply to the core of the patches before it"
			exit 1
		fi
		grep -q '^+++ b/mm/memmap_fast\(_ram\)\?\.c$' "$p" || continue
		dir="$T/$ver-$(basename "${p%%-*}")"
		mkdir -p "$dir"
		cp "$T/tree/mm/memmap_fast.c" "$dir/"
		if [ -f "$T/tree/mm/memmap_fast_ram.c" ]; then
			cp "$T/tree/mm/memmap_fast_ram.c" "$dir/"
		else
			cp core/memmap_fast_ram.c "$dir/"
		fi
		extra=()
		ram_stubs "$dir"
		grep -q 'zone_device_init_mt(' "$dir/memmap_fast.c" &&
			extra=("$workers")
		if ! build_check "$dir" 2>"$dir/cc.log"; then
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
