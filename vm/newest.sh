#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# newest.sh [--no-build] [--version PKGVER] [SERIES...] - can the series
# move to the newest Debian release of its kernel?  (make kernel-newest)
# --version tries that exact package version instead of the newest.
#
# For each series (default: 6.12 and 7.3) it asks Debian's archive for the
# newest linux-source-SERIES (vm/fetch-source.sh --newest, exact versions,
# nothing installed), and when that is not the series' own base:
#   1. compares the files the lab models (MODELLED below) between the two
#      releases, saving each diff under build/newest/SERIES/;
#   2. applies the series to the newer tree, and builds it with the
#      series' config (vm/build-kernel.sh, its own tree and object dir,
#      ccache), unless --no-build;
#   3. builds the same release unpatched, as vm/real-dump checks it
#      (build/kobj-newest-SERIES-plain), unless --no-build.
# The answer is a report (build/newest/report.txt, also printed), not a
# failure: the command exits 0 whatever it finds, 1 only when it could not
# find out (no archive, a tarball that does not unpack).
#
# When every modelled file is unchanged and the series applies and builds,
# the series should move: ZK_VER and ZK_PKGVER in vm/kernels.sh, the
# patches' index lines, the cover letter's base (README, "Following
# Debian's kernel updates").
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=kernel-newest
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"

# What lab/model/ reproduces, and what the series' patches touch: in
# these files the functions the lab models are compared one by one (a
# change elsewhere in mm/page_alloc.c says nothing about struct pages);
# the headers, which hold the layouts, are compared whole.
declare -A FUNCS=(
	[mm/mm_init.c]="__init_single_page __init_zone_device_page compound_nr_pages memmap_init_compound memmap_init_zone_device memmap_init_range deferred_init_pages deferred_init_memmap_chunk pageblock_migratetype_init_range"
	[mm/internal.h]="prep_compound_head prep_compound_tail"
	[mm/page_alloc.c]="__free_pages_core __free_one_page init_pageblock_migratetype set_pageblock_migratetype set_pfnblock_flags_mask"
	[mm/memory_hotplug.c]="online_pages online_pages_range mhp_init_memmap_on_memory memory_block_online"
	[mm/memremap.c]="memremap_pages pagemap_range"
)
MODELLED=(mm/mm_init.c mm/internal.h mm/page_alloc.c mm/memremap.c
	mm/memory_hotplug.c include/linux/mm_types.h include/linux/page-flags.h
	include/linux/page-flags-layout.h include/linux/mmzone.h
	include/linux/mm.h include/linux/memremap.h include/linux/pageblock-flags.h)

# function FILE NAME: NAME's definition in FILE, from the line that names
# it to the closing brace at column 0 ("" when FILE does not define it).
function_text() {
	awk -v n="$2" '
		!on && $0 ~ "(^|[^A-Za-z0-9_])" n "\\(" && $0 !~ /;[ \t]*$/ &&
			$0 ~ /^[A-Za-z_]/ { on = 1 }
		on { print }
		on && /^}/ { exit }' "$1"
}

BUILD=1 WANT=
while [ $# -gt 0 ]; do
	case $1 in
	--no-build) BUILD=0; shift ;;
	--version) [ $# -ge 2 ] || die "--version needs a package version"
		WANT=$2; shift 2 ;;
	-*) die "usage: newest.sh [--no-build] [--version PKGVER] [SERIES...]" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- 6.12 7.3
W=$ROOT/build/newest
mkdir -p "$W"
REPORT=$W/report.txt
: > "$REPORT.tmp"
say() { echo "$*" | tee -a "$REPORT.tmp"; }

# unpack_modelled TARBALL DIR: the top Makefile and MODELLED, nothing else.
unpack_modelled() {
	rm -rf "$2" && mkdir -p "$2"
	tar -C "$2" -xJf "$1" --wildcards --strip-components=1 \
		"*/Makefile" "${MODELLED[@]/#/*/}" 2>/dev/null ||
		die "cannot unpack $1"
}

# build_newest WHAT LOG ENV...: vm/build-kernel.sh with ENV; one report line.
build_newest() {
	local what=$1 log=$2 t0=$SECONDS
	shift 2
	if env "$@" "$ROOT/vm/build-kernel.sh" > "$log" 2>&1; then
		say "  $what: builds ($((SECONDS - t0)) s; log ${log#"$ROOT"/})"
		return 0
	fi
	if grep -q "patch does not apply" "$log"; then
		say "  $what: does not apply: $(grep -o 'patch does not apply: .*' "$log" | head -n1 | xargs basename)"
	else
		say "  $what: does NOT build (log ${log#"$ROOT"/}): $(grep -m1 -E 'error:|Error [0-9]' "$log" || tail -n1 "$log")"
	fi
	return 1
}

for s in "$@"; do
	zdm_kernel "$s" || exit 2
	newest=$WANT
	[ -n "$newest" ] || newest=$("$ROOT/vm/fetch-source.sh" --newest "$s") ||
		die "cannot ask Debian's archive for $ZK_PKG"
	if [ "$newest" = "$ZK_PKGVER" ]; then
		what="the newest in Debian's archive"
		[ -z "$WANT" ] || what="the version asked for"
		say "$s: the series is on $ZK_PKG $ZK_PKGVER, $what: nothing to do"
		continue
	fi
	d=$W/$s
	mkdir -p "$d"
	"$ROOT/vm/fetch-source.sh" "$s" "$ZK_PKGVER" >/dev/null
	newtar=$ROOT/build/src/$ZK_PKG-$newest.tar.xz
	"$ROOT/vm/fetch-source.sh" "$s" "$newest" "$newtar" >/dev/null
	unpack_modelled "$ZK_TARBALL" "$d/base"
	unpack_modelled "$newtar" "$d/new"
	kver=$(tree_version "$d/new")
	say "$s: the series is on $ZK_PKG $ZK_PKGVER (Linux $ZK_VER); trying $newest (Linux $kver)"
	changed=0
	for f in "${MODELLED[@]}"; do
		out=$d/$(echo "$f" | tr / _).diff
		rm -f "$out"
		[ -f "$d/base/$f" ] || [ -f "$d/new/$f" ] || continue
		if cmp -s "$d/base/$f" "$d/new/$f"; then
			say "  $f: unchanged"
			continue
		fi
		diff -u "$d/base/$f" "$d/new/$f" > "$out" || true
		if [ -z "${FUNCS[$f]:-}" ]; then
			changed=$((changed + 1))
			say "  $f: CHANGED, $(grep -c '^@@' "$out") hunk(s) (${out#"$ROOT"/})"
			continue
		fi
		moved=()
		for fn in ${FUNCS[$f]}; do
			[ "$(function_text "$d/base/$f" "$fn")" = \
				"$(function_text "$d/new/$f" "$fn")" ] || moved+=("$fn()")
		done
		if [ ${#moved[@]} -eq 0 ]; then
			say "  $f: changed, but none of the functions the lab models (${out#"$ROOT"/})"
		else
			changed=$((changed + 1))
			say "  $f: CHANGED in ${moved[*]} (${out#"$ROOT"/})"
		fi
	done
	ok=1
	if [ $BUILD = 1 ]; then
		build_newest "series (${ZK_SERIES#"$ROOT"/})" "$d/build.log" \
			ZDM_KERNEL="$s" ZDM_PKGVER="$newest" \
			ZDM_KOBJ="$ROOT/build/kobj-newest-$s" || ok=0
		build_newest "unpatched (as vm/real-dump builds it)" "$d/build-plain.log" \
			ZDM_KERNEL="$s" ZDM_PKGVER="$newest" \
			ZDM_PATCH_DIR=/nonexistent ZDM_KOBJ="$ROOT/build/kobj-newest-$s-plain" || ok=0
	else
		say "  series and unpatched builds: not tried (--no-build)"
		ok=0
	fi
	if [ $changed = 0 ] && [ $ok = 1 ]; then
		say "  verdict: the modelled code is unchanged and the series builds: move kernel/$s to $newest"
	elif [ $changed = 0 ]; then
		say "  verdict: the modelled code is unchanged; build it before moving kernel/$s"
	else
		say "  verdict: modelled code changed in $changed file(s): read those diffs; if they change no struct page store the series may move, else the lab's model and the series must follow first"
	fi
done
mv "$REPORT.tmp" "$REPORT"
log "report in ${REPORT#"$ROOT"/}"
