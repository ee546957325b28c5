#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# export-series.sh - write kernel/SERIES/*.patch again from the commits
# above zdm-base in build/linux-VER (ZDM_KERNEL picks the series, as in
# vm/kernels.sh), after they were changed there (git rebase -i).
#
# The commits do not have the patches' notes (git am drops them): each new
# patch gets the notes of the patch file it replaces, the one at the same
# place in the series.  A series whose number of patches changed is
# refused; add or drop that patch file by hand first.  The cover letter is not touched.
# ZDM_REF: export the commits up to that ref instead of HEAD (a rewritten
# branch, while a build uses the checked-out tree).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=export-series
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
# shellcheck source=kernel/series-lib.sh
. "$ROOT/kernel/series-lib.sh"
zdm_kernel "${ZDM_KERNEL:-6.12}" || exit 2
SRC=$ROOT/build/linux-$ZK_VER

shopt -s nullglob
old=("$ZK_SERIES"/*.patch)
shopt -u nullglob
REF=${ZDM_REF:-HEAD}
n=$(git -C "$SRC" rev-list --count "zdm-base..$REF")
[ "$n" -eq ${#old[@]} ] ||
	die "$SRC has $n commits above zdm-base, kernel/$ZK_NAME has ${#old[@]} patches"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
git -C "$SRC" -c core.abbrev=7 format-patch -q -o "$T" "zdm-base..$REF"
mapfile -t new < <(ls "$T"/*.patch)
for i in "${!new[@]}"; do
	patch_notes "${old[$i]}" >"$T/notes"
	put_notes "$T/notes" "${new[$i]}" "$T/out"
	rm -f "${old[$i]}"
	mv "$T/out" "$ZK_SERIES/$(basename "${new[$i]}")"
done
log "kernel/$ZK_NAME: ${#new[@]} patches written from $SRC"
