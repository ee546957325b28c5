#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch-source.sh SERIES VERSION [OUT] - put Debian's linux-source-SERIES,
# exactly package VERSION, at OUT (default build/src/linux-source-SERIES.tar.xz).
# fetch-source.sh --newest SERIES - print the newest VERSION the archive has.
#
# Both kernels come the same way, never from the machine's own apt sources
# (whose newest linux-source-6.12 moves with every security update, and
# which do not know trixie-backports at all): a private apt configuration
# under build/apt/SERIES/ that knows only the suites that carry SERIES,
# `apt-get download` of the one version, its version checked, the tarball
# unpacked with dpkg-deb.  Nothing is installed.
#
#   6.12  bookworm, bookworm-updates, bookworm-security (Debian 12)
#   7.3   trixie-backports (Debian 13)
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=fetch-source
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"

NEWEST=0
if [ "${1:-}" = --newest ]; then
	NEWEST=1
	shift
	[ $# -eq 1 ] || die "usage: fetch-source.sh --newest SERIES"
else
	[ $# -eq 2 ] || [ $# -eq 3 ] ||
		die "usage: fetch-source.sh SERIES VERSION [OUT]"
fi
SERIES=$1 VERSION=${2:-}
PKG=linux-source-$SERIES
OUT=$(realpath -m "${3:-$ROOT/build/src/$PKG.tar.xz}")
A=$ROOT/build/apt/$SERIES

case $SERIES in
6.12)	sources="Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" ;;
7.3)	sources="Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" ;;
*)	die "unknown SERIES '$SERIES': 6.12 or 7.3" ;;
esac

if [ $NEWEST = 0 ] && [ -f "$OUT" ] &&
	[ "$(cat "$OUT.version" 2>/dev/null)" = "$VERSION" ]; then
	exit 0
fi

need_pkgs apt debian-archive-keyring xz-utils
mkdir -p "$A/etc/sources.list.d" "$A/etc/preferences.d" "$A/lists/partial" \
	"$A/cache/archives/partial"
echo "$sources" > "$A/etc/sources.list.d/zdmemmap.sources"
: > "$A/etc/sources.list"
APT=(-o Dir::Etc="$A/etc" -o Dir::State::Lists="$A/lists"
	-o Dir::Cache="$A/cache" -o Dir::State::status=/dev/null
	-o APT::Sandbox::User=root -o Debug::NoLocking=1)
# The private lists are refreshed at most once an hour: a rebuild of the
# same version should not need the network at all (see the early exit).
stamp=$A/lists/.zdm-updated
if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
	[ $NEWEST = 1 ] || log "apt-get update (private lists under build/apt/$SERIES)"
	apt-get "${APT[@]}" -qq update >&2 || die "apt-get update failed for $PKG"
	touch "$stamp"
fi

# Every version the archive has, newest first.
versions() {
	apt-cache "${APT[@]}" madison "$PKG" 2>/dev/null |
		awk -F' *[|] *' '{print $2}' | sort -u -V -r
}
newest=$(versions | head -n1)
[ -n "$newest" ] || die "$PKG is not in Debian's archive at all (apt-get update failed?)"
if [ $NEWEST = 1 ]; then
	echo "$newest"
	exit 0
fi
if ! versions | grep -qxF -- "$VERSION"; then
	die "$PKG $VERSION has left Debian's archive; the newest there is $newest: run 'make kernel-newest' and, if it finds the modelled code unchanged, move kernel/$SERIES to it (README, 'Following Debian's kernel updates')"
fi

mkdir -p "$(dirname "$OUT")"
rm -rf "$A/dl" && mkdir -p "$A/dl"
log "downloading $PKG $VERSION"
(cd "$A/dl" && apt-get "${APT[@]}" -qq download "$PKG=$VERSION") ||
	die "cannot download $PKG $VERSION"
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
