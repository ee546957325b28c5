#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds build/initramfs.cpio.gz: busybox, ndctl/daxctl + their libs, vm/guest as /init, zdm_private.ko.
#
# Needs the kernel from build-kernel.sh (build/kobj) for the module, which is
# built out of tree from a copy under build/modules/ so vm/ stays clean.
# ZDM_KERNEL=7.3 builds build/initramfs-7.3.cpio.gz, with the module for
# that kernel (vm/kernels.sh).  ZDM_KOBJ=build/kobj-X (a kernel of make
# vm-debug) builds build/initramfs-7.3-kobj-X.cpio.gz, whose module is
# built against that kernel; run-vm.sh boots it with that kernel.
set -euo pipefail
# Called from the top-level make: its MAKEFLAGS (command-line variables such
# as CC=, jobserver) must not leak into kbuild.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B="$ROOT/build"

PROG=build-initramfs
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
zdm_kernel "${ZDM_KERNEL:-6.12}"
OBJ=$(realpath -m "${ZDM_KOBJ:-$ZK_OBJ}")
TAG=$ZK_TAG
[ "$OBJ" = "$(realpath -m "$ZK_OBJ")" ] || TAG="$ZK_TAG-$(basename "$OBJ")"
STAGE="$B/initramfs$TAG"
OUT="$B/initramfs$TAG.cpio.gz"

need_pkgs busybox-static ndctl daxctl cpio gzip

[ -f "$OBJ/Module.symvers" ] || die "no kernel in $OBJ: run vm/build-kernel.sh first"

# --- the device-private module, against exactly the kernel just built
MSRC="$ROOT/vm/modules/zdm_private"
MOBJ="$B/modules$TAG/zdm_private"
mkdir -p "$MOBJ"
for f in "$MSRC"/*; do
	# copy only changed files: kbuild then rebuilds only when needed
	cmp -s "$f" "$MOBJ/${f##*/}" || cp "$f" "$MOBJ/"
done
log "building zdm_private.ko"
make -s -C "$OBJ" M="$MOBJ" CC="ccache gcc" modules

# --- the tree
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,etc,root,zdm,lib/modules}
BB=$(readlink -f "$(command -v busybox)")
# a dynamic busybox would need its libc too; insist on busybox-static's
if ldd "$BB" >/dev/null 2>&1; then die "$BB is dynamically linked (install busybox-static)"; fi
cp "$BB" "$STAGE/bin/busybox"
for a in $("$BB" --list-full); do
	[ "$a" = bin/busybox ] && continue
	mkdir -p "$STAGE/$(dirname "$a")"
	ln -sf /bin/busybox "$STAGE/$a"
done

copy_with_libs() {
	local bin=$1 lib
	cp "$bin" "$STAGE/usr/bin/"
	# "libx.so => /path (addr)" and the loader's "/lib64/ld-linux... (addr)"
	for lib in $(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
		mkdir -p "$STAGE/$(dirname "$lib")"
		cp -L "$lib" "$STAGE/$lib"
	done
}
copy_with_libs "$(command -v ndctl)"
copy_with_libs "$(command -v daxctl)"

install -m 0755 "$ROOT/vm/guest/init.sh" "$STAGE/init"
install -m 0644 "$ROOT/vm/guest/lib.sh" "$ROOT/vm/guest/cases.sh" "$STAGE/zdm/"
# the real-machine script, which the real-machine case runs as a user would
install -m 0755 "$ROOT/vm/real-machine.sh" "$STAGE/zdm/"
cp "$MOBJ/zdm_private.ko" "$STAGE/lib/modules/"
# the kernel opens /dev/console for /init before anything is mounted
mknod -m 600 "$STAGE/dev/console" c 5 1
mknod -m 666 "$STAGE/dev/null" c 1 3
echo "root:x:0:0:root:/root:/bin/sh" > "$STAGE/etc/passwd"

(cd "$STAGE" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "wrote $OUT ($(du -k "$OUT" | cut -f1) KiB)"
