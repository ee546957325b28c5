#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# drift.sh - the fast-path core must be byte-identical in its two homes:
# core/ (compiled by the lab) and the files the kernel series adds under
# mm/.  Reconstruct each added file from the patches and compare.
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
for f in memmap_fast.c memmap_fast.h; do
	# the last patch that adds or rewrites mm/$f as a new file wins
	found=0
	for p in kernel/patches/*.patch; do
		awk -v want="b/mm/$f" '
			/^diff --git / { take = 0 }
			$1 == "+++" && $2 == want { take = 1; next }
			take && /^@@/ { next }
			take && /^\+/ { print substr($0, 2) }
		' "$p" >"$T/$f.new"
		if [ -s "$T/$f.new" ] && grep -q "^new file mode" <(awk -v want="mm/$f" '
			/^diff --git / { cur = ($3 == "a/" want) } cur' "$p"); then
			mv "$T/$f.new" "$T/$f"
			found=1
		fi
	done
	if [ $found = 0 ]; then
		echo "drift: no patch adds mm/$f"; fails=1; continue
	fi
	if ! cmp -s "$T/$f" "core/$f"; then
		echo "drift: mm/$f in kernel/patches differs from core/$f:"
		diff -u "core/$f" "$T/$f" | head -20
		fails=1
	fi
done
[ $fails = 0 ] && echo "drift: core/ and kernel/patches agree"
exit $fails
