#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# drift.sh - the fast-path core must be byte-identical in its three homes:
# core/ (compiled by the lab) and what each kernel series (kernel/6.12/,
# kernel/7.3/) leaves in mm/ once every patch is applied.  Both series
# carry memmap_fast.[ch]; the ordinary-memory path, memmap_fast_ram.[ch],
# is 7.3's only (issue 12: no 6.12 backport).  A series grows
# the files patch by patch, so rebuild them by applying only their hunks,
# in order, to an empty tree.
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
for ver in 6.12 7.3; do
	shopt -s nullglob
	patches=(kernel/"$ver"/*.patch)
	shopt -u nullglob
	[ ${#patches[@]} -gt 0 ] || { echo "drift: no patches in kernel/$ver"; exit 1; }
	mkdir -p "$T/$ver"
	for p in "${patches[@]}"; do
		# git apply outside a repository behaves like patch(1); --include
		# keeps the hunks for the shared files, drops the kernel's own.
		if ! (cd "$T/$ver" && git apply --include='mm/memmap_fast.[ch]' \
			--include='mm/memmap_fast_ram.[ch]' "$OLDPWD/$p"); then
			echo "drift: $p does not apply to the shared files of the patches before it"
			exit 1
		fi
	done
	files="memmap_fast.c memmap_fast.h"
	[ "$ver" = 7.3 ] && files="$files memmap_fast_ram.c memmap_fast_ram.h"
	for f in $files; do
		if [ ! -f "$T/$ver/mm/$f" ]; then
			echo "drift: no patch of kernel/$ver adds mm/$f"; fails=1; continue
		fi
		if ! cmp -s "$T/$ver/mm/$f" "core/$f"; then
			echo "drift: mm/$f after kernel/$ver differs from core/$f:"
			diff -u "core/$f" "$T/$ver/mm/$f" | head -20
			fails=1
		fi
	done
	[ $fails = 0 ] && echo "drift: core/ and kernel/$ver agree (${#patches[@]} patches)"
done
exit $fails
