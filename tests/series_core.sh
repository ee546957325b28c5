#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series_core.sh - the fast-path core as every patch of the kernel series
# leaves it, checked byte for byte against the reference slow path.
#
# The series grows mm/memmap_fast.[ch] patch by patch (head template, tail
# templates, switch, streaming stores, threads), and drift.sh only compares
# the final state with core/.  So for each patch that touches them, rebuild
# the two files as of that patch (git apply --include on an empty tree),
# compile the lab around them, and run the verify sweep over every
# strategy that core has.  Earlier cores take fewer arguments; the shims in
# tests/series/ adapt the lab's calls to them.
#
# usage: tests/series_core.sh [CASES] (default 300 per patch)
#        ZDM_PATCH_DIR=DIR checks another series (default kernel/patches)
set -eu
cd "$(dirname "$0")/.."
CASES=${1:-300}
CC=${CC:-gcc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
shopt -s nullglob
patches=("${ZDM_PATCH_DIR:-kernel/patches}"/*.patch)
[ ${#patches[@]} -gt 0 ] || { echo "series_core: no patches"; exit 1; }

# The lab without its copy of the core, and without what only the bench
# and the threads need (they name strategies the early cores lack).
lab=()
# The lab below the bench, without the MT workers (older cores lack them).
layers=(util model strategy verify)
for d in "${layers[@]}"; do
	for f in lab/"$d"/*.c; do
		case "$f" in lab/strategy/workers.c) ;; *) lab+=("$f") ;; esac
	done
done
incs=("${layers[@]/#/-Ilab/}")

fails=0 checked=0
mkdir -p "$T/tree"
for p in "${patches[@]}"; do
	name=$(basename "$p")
	abs=$(realpath "$p")
	if ! (cd "$T/tree" && git apply --include='mm/memmap_fast.[ch]' "$abs"); then
		echo "series_core: $name does not apply to the core of the patches before it"
		exit 1
	fi
	grep -q '^+++ b/mm/memmap_fast\.[ch]$' "$p" || continue
	dir="$T/${name%%-*}"
	mkdir -p "$dir"
	cp "$T/tree/mm/memmap_fast.c" "$T/tree/mm/memmap_fast.h" "$dir/"
	extra=(lab/strategy/workers.c)
	flags=()
	if ! grep -q 'MEMMAP_TEMPLATE_NT_MT' "$dir/memmap_fast.h"; then
		extra=()
		flags=(-include tests/series/compat.h)
	fi
	grep -q 'memmap_strategy_names' "$dir/memmap_fast.h" ||
		flags+=(-include tests/series/names.h)
	if ! "$CC" -std=gnu11 -O1 -g -w -DZDM_NT_CHECK \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		"${flags[@]}" -I"$dir" -Itests/series -Ilab/shim "${incs[@]}" \
		"$dir/memmap_fast.c" "${lab[@]}" "${extra[@]}" \
		tests/series/series_check.c -lpthread -o "$dir/check" 2>"$dir/cc.log"; then
		echo "series_core: $name: the lab does not build around this core:"
		head -20 "$dir/cc.log"
		fails=1
		continue
	fi
	if out=$("$dir/check" "$CASES" 1 2>&1); then
		echo "series_core: $name: $(tail -n1 <<<"$out")"
	else
		echo "series_core: $name: FAILED"
		head -40 <<<"$out"
		fails=1
	fi
	checked=$((checked + 1))
done
[ $checked -gt 0 ] || { echo "series_core: no patch touches the core"; exit 1; }
exit $fails
