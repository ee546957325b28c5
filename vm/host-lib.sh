# SPDX-License-Identifier: GPL-2.0
# host-lib.sh - helpers shared by the host-side build scripts; source it
# after setting PROG to the script's name.

die() { echo "$PROG: error: $*" >&2; exit 1; }
log() { echo "$PROG: $*"; }

# Install only what is missing (scripts/need-pkgs.sh, shared with the
# Makefile's own targets).
need_pkgs() {
	"$(dirname "${BASH_SOURCE[0]}")/../scripts/need-pkgs.sh" "$@" ||
		die "cannot install $*"
}

# The Linux release of a source tree, as its top Makefile's VERSION,
# PATCHLEVEL, SUBLEVEL and EXTRAVERSION set it.
tree_version() {
	awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2}
		$1=="SUBLEVEL"{s=$2} $1=="EXTRAVERSION"{e=$2}
		END{print v "." p "." s e}' "$1/Makefile"
}

# pick_accel KERNEL: sets ACCEL (kvm or tcg) and ACCEL_WHY.  KVM where
# /dev/kvm works: QEMU with it must get KERNEL (no initramfs: it panics
# once it has printed its banner, and -no-reboot ends QEMU) to print its
# first line within 20 s.  On this project's machines /dev/kvm is absent,
# or opens but runs a guest about 100x slower than TCG, and TCG is used.
# ZDM_ACCEL=kvm|tcg skips the probe.
pick_accel() {
	local out t0
	case "${ZDM_ACCEL:-}" in
	kvm | tcg) ACCEL=$ZDM_ACCEL ACCEL_WHY="ZDM_ACCEL=$ZDM_ACCEL"; return ;;
	"") ;;
	*) echo "ZDM_ACCEL=$ZDM_ACCEL: kvm or tcg" >&2; exit 2 ;;
	esac
	ACCEL=tcg
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		ACCEL_WHY="no usable /dev/kvm"
		return
	fi
	out=$(mktemp)
	t0=$(date +%s)
	timeout -k 2 20 qemu-system-x86_64 -accel kvm -cpu host -m 512M \
		-nodefaults -no-reboot -display none -monitor none \
		-kernel "$1" -append "console=ttyS0 panic=-1" \
		-serial "file:$out" </dev/null >/dev/null 2>&1 || true
	if grep -q "Linux version" "$out"; then
		ACCEL=kvm ACCEL_WHY="/dev/kvm booted the kernel to its banner in $(( $(date +%s) - t0 )) s"
	else
		ACCEL_WHY="/dev/kvm is there but its guest printed nothing in 20 s"
	fi
	rm -f "$out"
}
