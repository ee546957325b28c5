#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch-source.sh SERIES VERSION - put Debian's linux-source-SERIES, exactly
# VERSION, at build/src/linux-source-SERIES.tar.xz.
#
# Debian 12 ships only 6.12; 7.3 is in trixie-backports.  Rather than add
# that suite to the machine's sources (and let apt upgrade anything from
# it), use a private apt configuration under build/apt/ that knows only
# trixie-backports, download the one package with it, check its version,
# and unpack the tarball with dpkg-deb.  Nothing is installed.
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=fetch-source
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"

[ $# -eq 2 ] || die "usage: fetch-source.sh SERIES VERSION"
SERIES=$1 VERSION=$2
PKG=linux-source-$SERIES
OUT=$ROOT/build/src/$PKG.tar.xz
A=$ROOT/build/apt
[ -f "$OUT" ] && [ "$(cat "$OUT.version" 2>/dev/null)" = "$VERSION" ] && exit 0

need_pkgs apt debian-archive-keyring xz-utils
mkdir -p "$A/etc/sources.list.d" "$A/etc/preferences.d" "$A/lists/partial" \
	"$A/cache/archives/partial" "$ROOT/build/src"
cat > "$A/etc/sources.list.d/backports.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
: > "$A/etc/sources.list"
APT=(-o Dir::Etc="$A/etc" -o Dir::State::Lists="$A/lists"
	-o Dir::Cache="$A/cache" -o Dir::State::status=/dev/null
	-o APT::Sandbox::User=root -o Debug::NoLocking=1)
log "apt-get update (trixie-backports only, private lists under build/apt)"
apt-get "${APT[@]}" -qq update
got=$(apt-cache "${APT[@]}" show "$PKG=$VERSION" 2>/dev/null |
	sed -n 's/^Version: //p' | head -n1)
[ "$got" = "$VERSION" ] || die "$PKG $VERSION is not in trixie-backports (apt-cache policy: $(apt-cache "${APT[@]}" policy "$PKG" | tr -s ' \n' ' '))"
rm -rf "$A/dl" && mkdir -p "$A/dl"
log "downloading $PKG $VERSION"
(cd "$A/dl" && apt-get "${APT[@]}" -qq download "$PKG=$VERSION")
deb=$(ls "$A/dl"/*.deb)
[ "$(dpkg-deb -f "$deb" Package)" = "$PKG" ] &&
	[ "$(dpkg-deb -f "$deb" Version)" = "$VERSION" ] ||
	die "$deb is not $PKG $VERSION"
rm -rf "$A/x"
dpkg-deb -x "$deb" "$A/x"
mv "$A/x/usr/src/$PKG.tar.xz" "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "$VERSION" > "$OUT.version"
rm -rf "$A/x" "$A/dl"
log "wrote ${OUT#"$ROOT"/} ($PKG $VERSION)"
