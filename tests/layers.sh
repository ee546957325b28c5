#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# layers.sh - the lab's folders are layers: a file may include headers of
# its own layer and the ones below it, never above.  Bottom up:
#   lab/util      numbers, result files, memory budget, the NT checker
#   core/         the fast-path core (shared with the kernel), with
#   lab/model     the kernel model: .config, layout, struct page, slow path
#   lab/strategy  the strategies and their fills (+ lab/shim, the core's host)
#   lab/verify    scenarios, the differential verifier, the sweep
#   lab/bench     the bench
#   lab/cli       the zdmemmap command
set -u
cd "$(dirname "$0")/.."
rank() {
	case $1 in
	lab/util/*) echo 0 ;;
	lab/model/*) echo 1 ;;
	core/*|lab/shim/*|lab/strategy/*) echo 2 ;;
	lab/verify/*) echo 3 ;;
	lab/bench/*) echo 4 ;;
	lab/cli/*) echo 5 ;;
	*) echo -1 ;;
	esac
}
fails=0 n=0
for f in lab/*/*.[ch]; do
	r=$(rank "$f")
	[ "$r" -ge 0 ] || { echo "layers: $f is in no layer"; fails=$((fails + 1)); continue; }
	for h in $(sed -n 's/^#include "\(.*\)"/\1/p' "$f"); do
		where=$(ls core/"$h" lab/*/"$h" 2>/dev/null | head -n1)
		[ -n "$where" ] || continue	# a kernel-only or test header
		n=$((n + 1))
		if [ "$(rank "$where")" -gt "$r" ]; then
			echo "layers: $f includes $where, a layer above it"
			fails=$((fails + 1))
		fi
	done
done
echo "layers: $n includes checked, $fails upward"
[ $fails -eq 0 ]
