#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# gate-proof.sh - the robot gate must fail on each breakage it was built
# for (issue 17): each is put back, alone, on top of the 7.3 series as a
# scratch commit in build/linux-7.3.4, and the config that caught it is
# run there (kernel/robot-gate.sh, its zdm-base findings reused).  Passes
# when every breakage makes its config fail; the tree is left on the
# series again.
#
#   i386      x86 selecting ARCH_HAS_MEMMAP_COPY for every config, so
#             memmap_copy.o is built on i386 too: the 64-bit struct page
#             layout BUILD_BUG_ON and MOVQ there
#   hooks     the debug hooks' stubs only under CONFIG_ZONE_DEVICE:
#             x86_64_defconfig does not build
#   sections  memmap_fast_ram.o obj-y and its functions plain .text:
#             modpost's section mismatch against __init_single_page()
#
# Run vm/build-kernel.sh (ZDM_KERNEL=7.3) or `make kernel-check KERNEL=7.3`
# first.
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JOBS=${JOBS:-$(nproc)}
PROG=gate-proof
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
zdm_kernel 7.3
SRC=$ROOT/build/linux-$ZK_VER
OBJ=$ZK_OBJ
GIT=(git -C "$SRC" -c user.name=zdmemmap -c user.email=zdmemmap@localhost
	-c advice.detachedHead=false)
# shellcheck source=kernel/robot-gate.sh
. "$ROOT/kernel/robot-gate.sh"

[ -e "$OBJ/.config.series" ] || die "run make kernel-check KERNEL=7.3 first"
[ -z "$("${GIT[@]}" status --porcelain --untracked-files=no)" ] ||
	die "$SRC has changes of its own"
final=$("${GIT[@]}" rev-parse HEAD)
trap '"${GIT[@]}" reset -q --hard; "${GIT[@]}" checkout -q --detach "$final"' EXIT

# edit FILE PYTHON-OLD PYTHON-NEW: one exact replacement, or the breakage
# no longer applies to the series and this script must follow it
edit() {
	python3 - "$SRC/$1" "$2" "$3" <<'EOF' || die "$1: the breakage no longer applies"
import sys
p, old, new = sys.argv[1:]
s = open(p).read()
if s.count(old) != 1:
    sys.exit(1)
open(p, 'w').write(s.replace(old, new))
EOF
}

break_i386() {
	edit arch/x86/Kconfig '	select ARCH_HAS_MEMMAP_COPY		if MEMMAP_FAST_RAM' \
		'	select ARCH_HAS_MEMMAP_COPY'
}

break_hooks() {
	edit mm/mm_init.h '#endif /* CONFIG_ZONE_DEVICE */' ''
	edit mm/mm_init.h '#endif /* CONFIG_DEBUG_MEMMAP_FAST */' \
		'#endif /* CONFIG_DEBUG_MEMMAP_FAST */
#endif /* CONFIG_ZONE_DEVICE */'
}

break_sections() {
	edit mm/Makefile 'obj-$(CONFIG_MEMMAP_FAST_RAM) += memmap_fast_ram.o' \
		'obj-y += memmap_fast_ram.o'
	edit mm/memmap_fast_ram.c 'bool __meminit memmap_init_hotplug_fast(' \
		'bool memmap_init_hotplug_fast('
	edit mm/memmap_fast_ram.c 'bool __meminit deferred_init_pages_freed(' \
		'bool deferred_init_pages_freed('
}

# breakage, the config that must catch it, what its report must say
PROOFS=(
	"i386|i386|BUILD_BUG_ON failed: offsetof\(struct page, lru\)"
	"hooks|defconfig|implicit declaration of function .*memmap_debug_clock"
	"sections|defconfig|section mismatch in reference: memmap_init_hotplug_fast"
)

configs=$(for p in "${PROOFS[@]}"; do IFS='|' read -r _ c _ <<<"$p"; echo "$c"; done | sort -u)
GATE_ONLY=${configs//$'\n'/ }
gate_init
fails=0
for p in "${PROOFS[@]}"; do
	IFS='|' read -r name config want <<<"$p"
	"${GIT[@]}" checkout -q --detach "$final"
	"break_$name"
	"${GIT[@]}" commit -q -a -m "gate-proof: $name put back"
	log "$name: put back; the gate's $config config must fail"
	if GATE_ONLY=$config gate_patch "proof-$name" 2>"$GATE_DIR/proof-$name.txt"; then
		echo "$PROG: $name: the gate passed with it put back" >&2
		fails=1
	elif grep -Eq -- "$want" "$GATE_DIR/proof-$name.txt"; then
		log "  caught: $(grep -E -m1 -- "$want" "$GATE_DIR/proof-$name.txt" | sed 's/^ *//')"
	else
		echo "$PROG: $name: the gate failed, but not on it:" >&2
		cat "$GATE_DIR/proof-$name.txt" >&2
		fails=1
	fi
	"${GIT[@]}" reset -q --hard
done
[ $fails -eq 0 ] || die "a breakage got through the gate"
log "each of the ${#PROOFS[@]} breakages, put back alone, fails the gate"
