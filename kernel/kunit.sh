#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kunit.sh - the series' KUnit suite as upstream runs it:
#
#   tools/testing/kunit/kunit.py run --kunitconfig=mm/tests --arch=x86_64
#
# in the series' tree (vm/build-kernel.sh applies the series first;
# ZDM_KERNEL picks it, as in vm/kernels.sh), on the options the patch adds
# as mm/tests/.kunitconfig and nothing else.  kunit.py builds its own
# kernel, here in build/kunit-VER/ with ccache, boots it in QEMU (TCG
# where there is no KVM) and fails on any failed case.
#
# KUNIT_ADD="CONFIG_KASAN=y ..." adds options (kunit.py --kconfig_add), in
# a build dir of their own (build/kunit-VER-NAME, KUNIT_NAME=NAME): under
# KASAN every case must skip, and nothing may oops: KUNIT_EXPECT=skip
# fails unless kunit.py reports every case skipped.
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=kunit
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
zdm_kernel "${ZDM_KERNEL:-6.12}" || exit 2
SRC=$ROOT/build/linux-$ZK_VER
JOBS=${JOBS:-$(nproc)}

[[ ${KUNIT_NAME:-x} =~ ^[a-z0-9-]+$ ]] || {
	echo "$PROG: KUNIT_NAME: '$KUNIT_NAME' is not a name of [a-z0-9-]" >&2
	exit 2
}
BUILD=$ROOT/build/kunit-$ZK_NAME${KUNIT_NAME:+-$KUNIT_NAME}
add=()
for opt in ${KUNIT_ADD:-}; do
	[[ $opt =~ ^CONFIG_[A-Z0-9_]+=[A-Za-z0-9_\"]+$ ]] || {
		echo "$PROG: KUNIT_ADD: '$opt' is not CONFIG_NAME=VALUE" >&2
		exit 2
	}
	add+=(--kconfig_add "$opt")
done
[ ${#add[@]} -eq 0 ] || [ -n "${KUNIT_NAME:-}" ] || {
	echo "$PROG: KUNIT_ADD needs a KUNIT_NAME for its build dir" >&2
	exit 2
}

need_pkgs python3 qemu-system-x86 qemu-system-data
"$ROOT/vm/build-kernel.sh"
[ -e "$SRC/mm/tests/.kunitconfig" ] ||
	die "kernel/$ZK_NAME has no mm/tests/.kunitconfig"
cd "$SRC"
# kunit.py asks QEMU for KVM first.  Where /dev/kvm is there but does not
# work (pick_accel, with the series' VM kernel built above; this project's
# machines: the guest hangs before its first line), hide it, so that QEMU
# falls back to TCG as it does without KVM.
mask=()
pick_accel "$ZK_OBJ/arch/x86/boot/bzImage"
log "accelerator $ACCEL ($ACCEL_WHY)"
if [ "$ACCEL" = tcg ] && [ -e /dev/kvm ] && [ "$(id -u)" = 0 ]; then
	need_pkgs util-linux mount
	mask=(unshare -m sh -c 'mount --bind /dev/null /dev/kvm && exec "$0" "$@"')
fi
# Debian's python3: kunit.py needs nothing else
PATH=/usr/bin:$PATH "${mask[@]}" tools/testing/kunit/kunit.py run \
	--kunitconfig=mm/tests --arch=x86_64 \
	--build_dir="$BUILD" --jobs="$JOBS" "${add[@]}" \
	--make_options CC="ccache gcc" --timeout=900 | tee "$BUILD.log"
if [ "${KUNIT_EXPECT:-pass}" = skip ]; then
	grep -Eq 'Ran ([0-9]+) tests: skipped: \1$' "$BUILD.log" ||
		die "not every case skipped (see $BUILD.log)"
	log "every case skipped, as it must under ${KUNIT_ADD:-this config}"
fi
