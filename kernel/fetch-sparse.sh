#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch-sparse.sh SRC - print the path of a sparse that kernel tree SRC
# accepts (its scripts/checker-valid.sh), building one if need be.
#
# Debian 12's sparse (0.6.4) serves 6.12, but 7.3's checker-valid.sh asks
# for __typeof_unqual__, which only sparse's 0.6.5 line has, and the only
# Debian package of that (sid's) needs glibc 2.38.  So build Debian's own
# source package of it here: a private apt configuration under
# build/apt/sparse/ that knows only sid's sources, `apt-get source
# --download-only` of its newest sparse, and sparse's own Makefile, into
# build/sparse/.  Nothing is installed; it is rebuilt only when gone.
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=fetch-sparse
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
[ $# -eq 1 ] || die "usage: fetch-sparse.sh KERNEL-TREE"
SRC=$1
A=$ROOT/build/apt/sparse
OUT=$ROOT/build/sparse

# A tree without checker-valid.sh (6.12) takes any sparse.
valid() {
	[ -x "$1" ] || return 1
	[ -e "$SRC/scripts/checker-valid.sh" ] || return 0
	[ "$("$SRC/scripts/checker-valid.sh" "$1" -m64 2>/dev/null)" = 1 ]
}

need_pkgs sparse
for s in "$(command -v sparse)" "$OUT/sparse"; do
	if valid "$s"; then
		echo "$s"
		exit 0
	fi
done

need_pkgs apt debian-archive-keyring dpkg-dev
mkdir -p "$A/etc/sources.list.d" "$A/etc/preferences.d" "$A/lists/partial" \
	"$A/cache/archives/partial"
cat > "$A/etc/sources.list.d/zdmemmap.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
: > "$A/etc/sources.list"
APT=(-o Dir::Etc="$A/etc" -o Dir::State::Lists="$A/lists"
	-o Dir::Cache="$A/cache" -o Dir::State::status=/dev/null
	-o APT::Sandbox::User=root -o Debug::NoLocking=1)
log "apt-get update (private lists under build/apt/sparse)" >&2
apt-get "${APT[@]}" -qq update >&2 || die "apt-get update failed for sparse's source"
rm -rf "$A/dl" "$OUT.new"
mkdir -p "$A/dl" "$OUT.new"
(cd "$A/dl" && apt-get "${APT[@]}" -qq source --download-only sparse) >&2 ||
	die "cannot download sparse's source from sid"
orig=$(find "$A/dl" -name 'sparse_*.orig.tar.*' | head -1)
[ -n "$orig" ] || die "sid's sparse source has no orig tarball"
log "building $(basename "$orig")" >&2
tar -C "$OUT.new" --strip-components=1 -xf "$orig"
make -C "$OUT.new" -j"$(nproc)" sparse >"$A/build.log" 2>&1 ||
	die "sparse does not build (see $A/build.log)"
rm -rf "$OUT"
mv "$OUT.new" "$OUT"
valid "$OUT/sparse" ||
	die "sid's sparse is not one $SRC accepts either (scripts/checker-valid.sh)"
echo "$OUT/sparse"
