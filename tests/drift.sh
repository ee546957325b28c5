#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# drift.sh - the fast-path core must be byte-identical in its three homes:
# core/ (compiled by the lab) and what each kernel series (kernel/6.12/,
# kernel/7.3/) leaves in mm/ once every patch is applied: both carry
# mm/memmap_fast.c, 7.3 also mm/memmap_fast_ram.c (issue 12: no 6.12
# backport of the ordinary-memory path).  A series grows the files patch
# by patch, so rebuild them by applying only their hunks, in order, to an
# empty tree.
#
# The lab's shims copy some of the kernel's declarations (the blocks marked
# "copied from mm/mm_init.h" in lab/shim/, ", 7.3" when only that series
# has them).  6.12's series adds mm/mm_init.h, so its final text is
# rebuilt the same way and each block must be in it verbatim.  7.3's
# series adds to the kernel's own mm/mm_init.h, which is not here: there
# every line of a block must be one that the series adds and does not
# take away again.
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

# blocks VER: the copied blocks that VER's series must have, one file each
blocks() {
	python3 - "$1" "$T/blocks-$1" lab/shim/dup.h lab/shim/kernel/mm_init.h <<'PY'
import os, re, sys
ver, out, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
n = 0
for p in paths:
    text = open(p).read()
    for tag, blk in re.findall(r"/\* --- copied from mm/mm_init\.h(, [0-9.]+)? --- \*/\n"
                               r"(.*?)/\* --- end --- \*/", text, re.S):
        if tag and tag[2:] != ver:
            continue
        n += 1
        open(f"{out}/{n}", "w").write(blk)
if not n:
    sys.exit("drift: no copied blocks in " + " ".join(paths))
PY
}

for ver in 6.12 7.3; do
	shopt -s nullglob
	patches=(kernel/"$ver"/*.patch)
	shopt -u nullglob
	[ ${#patches[@]} -gt 0 ] || { echo "drift: no patches in kernel/$ver"; exit 1; }
	mkdir -p "$T/$ver"
	for p in "${patches[@]}"; do
		# git apply outside a repository behaves like patch(1); --include
		# keeps the hunks for the shared files, drops the kernel's own.
		if ! (cd "$T/$ver" && git apply --include='mm/memmap_fast.c' \
			--include='mm/memmap_fast_ram.c' "$OLDPWD/$p"); then
			echo "drift: $p does not apply to the shared files of the patches before it"
			exit 1
		fi
	done
	files="memmap_fast.c"
	[ "$ver" = 7.3 ] && files="$files memmap_fast_ram.c"
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

	blocks "$ver"
	if [ "$ver" = 6.12 ]; then
		mkdir -p "$T/h-$ver"
		for p in "${patches[@]}"; do
			(cd "$T/h-$ver" && git apply --include='mm/mm_init.h' "$OLDPWD/$p") ||
				{ echo "drift: $p: mm/mm_init.h does not apply"; exit 1; }
		done
		have="$T/h-$ver/mm/mm_init.h"
		[ -f "$have" ] || { echo "drift: kernel/$ver adds no mm/mm_init.h"; exit 1; }
	else
		# the lines the series adds to mm/mm_init.h, less those it removes
		have="$T/h-$ver.txt"
		awk '/^diff --git/ { on = ($3 == "a/mm/mm_init.h") }
		     on && /^\+[^+]/ { print "+" substr($0, 2) }
		     on && /^\+$/ { print "+" }
		     on && /^-[^-]/ { print "-" substr($0, 2) }
		     on && /^-$/ { print "-" }' "${patches[@]}" >"$have"
	fi
	for b in "$T/blocks-$ver"/*; do
		if ! python3 - "$ver" "$have" "$b" <<'PY'
import collections, sys
ver, have, blk = sys.argv[1:]
block = open(blk).read()
if ver == "6.12":
    ok = block in open(have).read()
else:
    net = collections.Counter()
    for l in open(have).read().split("\n"):
        if l:
            net[l[1:]] += 1 if l[0] == "+" else -1
    ok = all(net[l] > 0 for l in block.rstrip("\n").split("\n"))
sys.exit(0 if ok else 1)
PY
		then
			echo "drift: a block copied in lab/shim/ is not in kernel/$ver's mm/mm_init.h:"
			head -n 8 "$b"
			fails=1
		fi
	done
	[ $fails = 0 ] &&
		echo "drift: core/ and lab/shim/ agree with kernel/$ver (${#patches[@]} patches, $(ls "$T/blocks-$ver" | wc -l) copied blocks)"
done
exit $fails
