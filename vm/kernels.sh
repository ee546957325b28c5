# SPDX-License-Identifier: GPL-2.0
# vm/kernels.sh - the kernels the harness builds and boots, by KERNEL name
# (sourced by the vm/ and kernel/ scripts).
#
#   6.12  linux-source-6.12 6.12.118-1~deb12u1 from bookworm-security,
#         series kernel/6.12/, objects in build/kobj: the stable backport
#   7.3   linux-source-7.3 7.3.4-1~bpo13+1 from trixie-backports, series
#         kernel/7.3/, objects in build/kobj73: what upstream reviews
#
# zdm_kernel NAME sets ZK_VER (exact release, checked against the tree),
# ZK_TARBALL, ZK_SERIES (patch directory), ZK_OBJ, ZK_CONFIG (the series'
# own config fragment, may be absent), ZK_TAG ("" for 6.12, "-7.3"),
# ZK_PKG / ZK_PKGVER (the Debian package and its exact version; ZK_VER
# is its upstream part), and
# ZK_FETCH (the command that provides ZK_TARBALL when it is missing).
#
# Both are fetched by exact version (vm/fetch-source.sh), never as
# whatever apt offers as newest: the lab models these releases, and the
# series are made against them.  `make kernel-newest` says whether a
# newer Debian release can take the series (README, "Following Debian's
# kernel updates").

zdm_kernel() {
	local root
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	case "$1" in
	6.12)
		ZK_PKGVER=6.12.118-1~deb12u1
		ZK_OBJ=$root/build/kobj
		ZK_TAG=
		;;
	7.3)
		ZK_PKGVER=7.3.4-1~bpo13+1
		ZK_OBJ=$root/build/kobj73
		ZK_TAG=-7.3
		;;
	*)
		echo "unknown KERNEL '$1': 6.12 or 7.3" >&2
		return 2
		;;
	esac
	# Debian's upstream version is the release the tarball holds
	ZK_VER=${ZK_PKGVER%%-*}
	ZK_PKG=linux-source-$1
	ZK_TARBALL=$root/build/src/$ZK_PKG.tar.xz
	ZK_FETCH="$root/vm/fetch-source.sh $1 $ZK_PKGVER"
	ZK_SERIES=$root/kernel/$1
	ZK_CONFIG=$root/kernel/$1/kconfig.fragment
	ZK_NAME=$1
}
