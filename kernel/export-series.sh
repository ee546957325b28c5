#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# export-series.sh - write kernel/SERIES/*.patch again from the commits
# above zdm-base in build/linux-VER (ZDM_KERNEL picks the series, as in
# vm/kernels.sh), after they were changed there (git rebase -i).
#
# git am drops what a patch carries below its "---" line, so the commits do
# not have the patches' notes: each new patch gets the notes of the patch
# file it replaces, the one at the same place in the series.  A series
# whose number of patches changed is refused; add or drop that patch file
# by hand first.  The cover letter is not touched.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=export-series
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
zdm_kernel "${ZDM_KERNEL:-6.12}" || exit 2
SRC=$ROOT/build/linux-$ZK_VER

shopt -s nullglob
old=("$ZK_SERIES"/*.patch)
shopt -u nullglob
n=$(git -C "$SRC" rev-list --count zdm-base..HEAD)
[ "$n" -eq ${#old[@]} ] ||
	die "$SRC has $n commits above zdm-base, kernel/$ZK_NAME has ${#old[@]} patches"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
git -C "$SRC" -c core.abbrev=7 format-patch -q -o "$T" zdm-base..HEAD
mapfile -t new < <(ls "$T"/*.patch)
for i in "${!new[@]}"; do
	# the notes: from after the first "---" to the diffstat's first line
	awk '!sep && /^---$/ { sep = 1; next }
		sep && /^ [^ ].* \| +([0-9]+|Bin)/ { exit }
		sep { print }' "${old[$i]}" >"$T/notes"
	awk -v notes="$T/notes" '!done && /^---$/ {
			print; while ((getline l < notes) > 0) print l
			done = 1; next }
		{ print }' "${new[$i]}" >"$T/out"
	rm -f "${old[$i]}"
	mv "$T/out" "$ZK_SERIES/$(basename "${new[$i]}")"
done
log "kernel/$ZK_NAME: ${#new[@]} patches written from $SRC"
