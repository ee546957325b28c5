#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# drift.sh - the fast-path core must be byte-identical in its two homes:
# core/ (compiled by the lab) and what the kernel series leaves in mm/
# once every patch is applied.  The series grows the files patch by patch,
# so rebuild them by applying only their hunks, in order, to an empty tree.
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
shopt -s nullglob
patches=(kernel/patches/*.patch)
[ ${#patches[@]} -gt 0 ] || { echo "drift: no patches in kernel/patches"; exit 1; }
for p in "${patches[@]}"; do
	# git apply outside a repository behaves like patch(1); --include keeps
	# the hunks for the shared files and drops those for kernel files.
	if ! (cd "$T" && git apply --include='mm/memmap_fast.[ch]' \
		"$OLDPWD/$p"); then
		echo "drift: $p does not apply to the shared files of the patches before it"
		exit 1
	fi
done
fails=0
for f in memmap_fast.c memmap_fast.h; do
	if [ ! -f "$T/mm/$f" ]; then
		echo "drift: no patch adds mm/$f"; fails=1; continue
	fi
	if ! cmp -s "$T/mm/$f" "core/$f"; then
		echo "drift: mm/$f after kernel/patches differs from core/$f:"
		diff -u "core/$f" "$T/mm/$f" | head -20
		fails=1
	fi
done
[ $fails = 0 ] && echo "drift: core/ and kernel/patches agree (${#patches[@]} patches)"
exit $fails
