#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# fpu-sections.sh - the streaming-store question of the kernel series
# (bench/RESULTS.md, "Streaming stores: store width and FPU sections"):
# MOVNTI, which needs no FPU, against SSE2 and AVX stores, each of those
# in one piece and in kernel_fpu_begin() sections of 4 KiB (the x86 patch's
# first window), 32 KiB (its window now: one per run of a 2 MiB compound's
# tails) and 64 KiB, as the lab models them (lab/strategy/fpu.c).  One
# run per setting, because the store implementation is process-wide; each
# run interleaves slow, template and template-nt and times its own
# streaming fill ceiling, so the runs compare by ratio.
#
# usage: bench/fpu-sections.sh [OUTDIR] [bench options...]
#   OUTDIR (default bench/results) gets fpu-IMPL-WINDOW.json per run;
#   the options go to every run (default: the default preset, 15 binds).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
Z=${ZDMEMMAP:-$ROOT/build/zdmemmap}
OUT=${1:-$ROOT/bench/results}
[ $# -eq 0 ] || shift
[ -d "$OUT" ] || { echo "fpu-sections: $OUT: no such directory" >&2; exit 2; }
[ -x "$Z" ] || make -C "$ROOT" -s build/zdmemmap
[ $# -gt 0 ] || set -- --binds 15

T=$(mktemp)
trap 'rm -f "$T"' EXIT
rc=0
for run in movnti:0 sse2:0 sse2:4K sse2:32K sse2:64K avx:0 avx:4K avx:32K avx:64K; do
	impl=${run%:*} w=${run#*:}
	echo "== --nt-impl $impl --fpu-window $w"
	if "$Z" bench --strategies slow,template,template-nt --nt-impl "$impl" \
		--fpu-window "$w" --json "$OUT/fpu-$impl-$w.json" "$@" >"$T"; then
		grep -E '^(strategy|slow|template|ceiling|kernel_fpu)' "$T"
	else
		rc=1	# the bench said why (an AVX run on a CPU without it)
	fi
done
exit $rc
