#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cli.sh - the zdmemmap CLI contract: dump bytes, verify's last line, and
# exit code 2 with exactly one stderr line for each kind of bad input.
set -u
Z=${ZDMEMMAP:-build/zdmemmap}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0 n=0

ok() { n=$((n + 1)); }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }

expect_usage() {	# expect_usage DESCRIPTION ARGS...
	local what=$1; shift
	"$Z" "$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ $rc -ne 2 ]; then bad "$what: exit $rc, want 2"; return; fi
	if [ "$(wc -l <"$T/err")" -ne 1 ]; then
		bad "$what: stderr is not one line: $(cat "$T/err")"; return
	fi
	ok
}

# dump: every strategy writes the same bytes as slow, size = pages * 64
common=(--type generic --vmemmap-shift 9 --start-pfn 0x240000 --nr-pages 0x2000
	--pgmap 0xff11000100a0c000 --vmemmap-start 0xffd4000000000000)
for map in mem dev; do
	extra=()
	[ $map = dev ] && extra=(--altmap-reserve 2 --altmap-free 510)
	"$Z" dump "${common[@]}" "${extra[@]}" --strategy slow --out "$T/slow" || bad "dump slow $map"
	for s in template template-nt template-nt-mt; do
		"$Z" dump "${common[@]}" "${extra[@]}" --strategy $s --threads 3 \
			--out "$T/$s" && cmp -s "$T/slow" "$T/$s" && ok ||
			bad "dump $s map=$map differs from slow"
	done
	want=$(( (0x2000 - (${#extra[@]} ? 512 : 0)) * 64 ))
	[ "$(stat -c %s "$T/slow")" -eq $want ] && ok || bad "dump size map=$map"
done
# map=mem dedup: pfn 200 of a compound reads as pfn 64 + 200 % 64 = 72
"$Z" dump "${common[@]}" --out "$T/mem" || bad "dump mem"
cmp -s <(dd if="$T/mem" bs=64 skip=200 count=1 2>/dev/null) \
	<(dd if="$T/mem" bs=64 skip=72 count=1 2>/dev/null) && ok || bad "dedup alias view"
# flags of the head: ZONE_DEVICE (3) << 62 | PG_head | PG_reserved
[ "$(od -An -tx8 -N8 "$T/mem" | tr -d ' ')" = c000000000002040 ] && ok ||
	bad "head flags: $(od -An -tx8 -N8 "$T/mem")"
# --kconfig changes the layout
printf 'CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_SPARSEMEM=y\nCONFIG_SPARSEMEM_VMEMMAP=y\nCONFIG_ZONE_DEVICE=y\nCONFIG_HAVE_ALIGNED_STRUCT_PAGE=y\nCONFIG_ZONE_DMA=y\nCONFIG_ZONE_DMA32=y\n' >"$T/k"
"$Z" dump --nr-pages 16 --zone-idx 4 --kconfig "$T/k" --out "$T/k.bin" && ok || bad "dump --kconfig"
[ "$(od -An -tx8 -N8 "$T/k.bin" | tr -d ' ')" = 8000000000002000 ] && ok ||
	bad "kconfig flags: $(od -An -tx8 -N8 "$T/k.bin")"
"$Z" dump --nr-pages 16 --out - | cmp -s - <("$Z" dump --nr-pages 16 --out /dev/stdout) && ok || bad "dump to stdout"

# --kernel 7.3: an fsdax compound as 7.3 writes it (docs/kernel-7.3.md):
# the head starts at refcount 0, and the second tail keeps _deferred_list
# pointing at itself; every strategy writes the same bytes
k73=(--kernel 7.3 --type fsdax --vmemmap-shift 9 --start-pfn 0x240000 --nr-pages 0x400)
"$Z" dump "${k73[@]}" --out "$T/k73" || bad "dump --kernel 7.3"
word() { od -An -tx8 -j "$2" -N8 "$1" | tr -d ' '; }
[ "$(word "$T/k73" 48)" = 00000000ffffffff ] && ok || bad "7.3 fsdax head refcount: $(word "$T/k73" 48)"
[ "$(word "$T/k73" $((128 + 16)))" = "$(printf '%016x' $((0xffd4000000000000 + 0x240002 * 64 + 16)))" ] && ok ||
	bad "7.3 second tail _deferred_list: $(word "$T/k73" $((128 + 16)))"
"$Z" dump "${k73[@]/7.3/6.12}" --out "$T/k612" || bad "dump --kernel 6.12"
cmp -s "$T/k73" "$T/k612" && bad "7.3 and 6.12 dumps are the same" || ok
for s in template template-nt template-nt-mt; do
	"$Z" dump "${k73[@]}" --strategy $s --out "$T/k73.$s" && cmp -s "$T/k73" "$T/k73.$s" && ok ||
		bad "dump --kernel 7.3 $s differs from slow"
done
"$Z" layout --kernel 7.3 | grep -q '^kernel: 7.3' && ok || bad "layout --kernel 7.3"
"$Z" verify --kernel 7.3 --cases 20 --seed 4 | tail -n1 | grep -qx 'verify: 20 cases, 0 mismatches' && ok ||
	bad "verify --kernel 7.3"

# verify: last line and exit code
"$Z" verify --cases 30 --seed 9 >"$T/v" && ok || bad "verify exit"
[ "$(tail -n1 "$T/v")" = "verify: 30 cases, 0 mismatches" ] && ok || bad "verify last line: $(tail -n1 "$T/v")"
"$Z" verify --cases 5 --kconfig "$T/k" >/dev/null && ok || bad "verify --kconfig"

# bad input: one line, exit 2
expect_usage "no command"
expect_usage "unknown command" frobnicate
expect_usage "unknown option" dump --bogus --out "$T/x"
expect_usage "missing --out" dump
expect_usage "nr-pages 0" dump --nr-pages 0 --out "$T/x"
expect_usage "not a number" dump --nr-pages 12abc --out "$T/x"
expect_usage "negative" dump --start-pfn -5 --out "$T/x"
expect_usage "unknown type" dump --type gpu --out "$T/x"
expect_usage "unknown strategy" dump --strategy fast --out "$T/x"
expect_usage "shift too big" dump --vmemmap-shift 30 --out "$T/x"
expect_usage "not whole compounds" dump --vmemmap-shift 9 --nr-pages 1000 --out "$T/x"
expect_usage "altmap too big" dump --nr-pages 64 --altmap-reserve 60 --altmap-free 4 --out "$T/x"
expect_usage "altmap half given" dump --altmap-reserve 2 --out "$T/x"
expect_usage "range overflow" dump --start-pfn 0xffffffffffffff00 --nr-pages 0x1000 --out "$T/x"
expect_usage "zone not ZONE_DEVICE" dump --zone-idx 1 --out "$T/x"
expect_usage "nid too big" dump --nid 5 --out "$T/x"
expect_usage "NULL pgmap" dump --pgmap 0 --out "$T/x"
expect_usage "unaligned vmemmap" dump --vmemmap-start 0xffd4000000000100 --out "$T/x"
expect_usage "too big for memory" dump --nr-pages 0x100000000000 --out "$T/x"
expect_usage "unwritable out" dump --nr-pages 16 --out /nonexistent/dir/x
expect_usage "missing kconfig" dump --kconfig /nonexistent --out "$T/x"
printf 'garbage here\n' >"$T/bad"
expect_usage "malformed kconfig" dump --kconfig "$T/bad" --out "$T/x"
expect_usage "kconfig without ZONE_DEVICE" verify --kconfig <(printf 'CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_SPARSEMEM=y\n')
expect_usage "verify cases 0" verify --cases 0
expect_usage "unknown kernel (dump)" dump --kernel 7.4 --out "$T/x"
expect_usage "unknown kernel (verify)" verify --kernel 6
expect_usage "unknown kernel (layout)" layout --kernel ''
expect_usage "unknown kernel (bench)" bench --kernel 5.10
expect_usage "verify stray arg" verify extra

# ordinary memory: every strategy writes slow's bytes, one page per pfn
for init in "hotplug --nr-pages 65536 --memmap-on-memory" \
	    "deferred --nr-pages 5000 --start-pfn 0x140003"; do
	set -- $init
	"$Z" dump --init $init --kernel 7.3 --strategy slow --out "$T/r-slow" ||
		bad "dump --init $1 slow"
	for s in template template-nt template-nt-mt; do
		"$Z" dump --init $init --kernel 7.3 --strategy $s --threads 3 \
			--out "$T/r-$s" && cmp -s "$T/r-slow" "$T/r-$s" && ok ||
			bad "dump --init $1 $s differs from slow"
	done
	[ "$(stat -c %s "$T/r-slow")" -eq $(($3 * 64)) ] && ok ||
		bad "dump --init $1 size"
done
# an onlined page: offline (page type 0xf1000000 in _mapcount), refcount 1
"$Z" dump --init hotplug --nr-pages 0x8000 --out "$T/hp" || bad "dump hotplug"
[ "$(od -An -tx4 -j48 -N8 "$T/hp" | tr -s ' ')" = " f1000000 00000001" ] && ok ||
	bad "hotplug page: $(od -An -tx4 -j48 -N8 "$T/hp")"
# through the free: every strategy writes slow's bytes; an onlined block's
# first page heads an order-10 buddy block (private 10, PG_buddy, no
# reference) linked to the list head, the last block's next is the head
FL=0xff11000100000080
for init in "hotplug --nr-pages 65536 --memmap-on-memory" \
	    "deferred --nr-pages 5000 --start-pfn 0x140003"; do
	set -- $init
	"$Z" dump --init $init --kernel 7.3 --through free --free-list $FL \
		--out "$T/f-slow" || bad "dump --init $1 --through free"
	for s in template template-nt template-nt-mt; do
		"$Z" dump --init $init --kernel 7.3 --strategy $s --threads 3 \
			--through free --free-list $FL --out "$T/f-$s" &&
			cmp -s "$T/f-slow" "$T/f-$s" && ok ||
			bad "dump --init $1 --through free: $s differs from slow"
	done
	# in one pass (slow: the patched kernel's slow loop), the same bytes
	for s in slow template template-nt template-nt-mt; do
		"$Z" dump --init $init --kernel 7.3 --strategy $s --threads 3 \
			--through free --free-list $FL --fused \
			--out "$T/f-$s" &&
			cmp -s "$T/f-slow" "$T/f-$s" && ok ||
			bad "dump --init $1 --through free --fused: $s differs from slow"
	done
	# before the links: every page as the free leaves it, refcount 0 and
	# no page type (0xffffffff in _mapcount), the same for every strategy
	"$Z" dump --init $init --kernel 7.3 --fused --out "$T/i-slow" ||
		bad "dump --init $1 --fused"
	last=$(( $(stat -c %s "$T/i-slow") - 64 + 48 ))	# not a vmemmap page
	[ "$(od -An -tx4 -j$last -N8 "$T/i-slow" | tr -s ' ')" = " ffffffff 00000000" ] &&
		ok || bad "one-pass init page: $(od -An -tx4 -j$last -N8 "$T/i-slow")"
	"$Z" dump --init $init --kernel 7.3 --fused --strategy template-nt \
		--out "$T/i-nt" && cmp -s "$T/i-slow" "$T/i-nt" && ok ||
		bad "dump --init $1 --fused: template-nt differs from slow"
done
"$Z" dump --init hotplug --nr-pages 0x8000 --kernel 7.3 --through free \
	--free-list $FL --free-list-prev 0xff11000200000008 --out "$T/hf" ||
	bad "dump hotplug --through free"
[ "$(word "$T/hf" 16)" = ff11000200000008 ] &&
	[ "$(word "$T/hf" $((0x7c00 * 64 + 8)))" = ff11000100000080 ] &&
	[ "$(od -An -tx4 -j40 -N16 "$T/hf" | tr -s ' ')" = " 0000000a 00000000 f0000000 00000000" ] &&
	ok || bad "hotplug --through free: $(od -An -tx8 -N64 "$T/hf")"
expect_usage "through what" dump --init hotplug --nr-pages 0x8000 --through buddy --out "$T/x"
expect_usage "through free on zone device" dump --through free --free-list $FL --out "$T/x"
expect_usage "through free without a list" dump --init deferred --through free --out "$T/x"
expect_usage "free list without through free" dump --init deferred --free-list $FL --out "$T/x"
expect_usage "free list 0" dump --init deferred --through free --free-list 0 --out "$T/x"
expect_usage "fused on zone device" dump --strategy template --fused --out "$T/x"
expect_usage "free list in the memmap" dump --init hotplug --nr-pages 0x8000 --start-pfn 0x140000 \
	--through free --free-list 0xffd4000005000008 --out "$T/x"
expect_usage "unknown init" dump --init boot --out "$T/x"
expect_usage "pgmap option with --init" dump --init deferred --type fsdax --out "$T/x"
expect_usage "hotplug not whole blocks" dump --init hotplug --nr-pages 100 --out "$T/x"
expect_usage "block pages without hotplug" dump --block-pages 0x8000 --out "$T/x"
expect_usage "hotplug zone ZONE_DEVICE" dump --init hotplug --nr-pages 0x8000 --zone-idx 3 --out "$T/x"
expect_usage "bench ram with --type" bench --preset hotplug-128G --type fsdax
expect_usage "bench ram with mt" bench --preset boot-1T --strategies slow,template-nt-mt
expect_usage "bench +free on zone device" bench --strategies slow,template+free
expect_usage "bench +free without slow+free" bench --preset boot-1T --strategies slow,template+free
expect_usage "bench +fused without slow+free" bench --preset boot-1T --strategies slow,template+fused
expect_usage "bench +fused on zone device" bench --strategies slow,template+fused
expect_usage "bench +fused twice" bench --preset hotplug-128G --strategies slow+free,template+fused,template+fused
expect_usage "bench odd block size" bench --preset hotplug-128G --block-size 100M
expect_usage "bench init against preset" bench --preset boot-1T --init hotplug

echo "cli: $n tests, $((n - fails)) passed, $fails failed"
[ $fails -eq 0 ]
