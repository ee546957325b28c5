# SPDX-License-Identifier: GPL-2.0
# vm/kernels.sh - the kernels the harness builds and boots, by KERNEL name
# (sourced by the vm/ and kernel/ scripts).
#
#   6.12  Debian 12's linux-source-6.12 (6.12.117), series kernel/6.12/,
#         objects in build/kobj: the stable backport
#   7.3   linux-source-7.3 7.3.4-1~bpo13+1 from trixie-backports, series
#         kernel/7.3/, objects in build/kobj73: what upstream reviews
#
# zdm_kernel NAME sets ZK_VER (exact release, checked against the tree),
# ZK_TARBALL, ZK_SERIES (patch directory), ZK_OBJ, ZK_CONFIG (the series'
# own config fragment, may be absent), ZK_TAG ("" for 6.12, "-7.3"), and
# ZK_FETCH (the command that provides ZK_TARBALL when it is missing).

zdm_kernel() {
	local root
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	case "$1" in
	6.12)
		ZK_VER=6.12.117
		ZK_TARBALL=/usr/src/linux-source-6.12.tar.xz
		ZK_FETCH="need_pkgs linux-source-6.12"
		ZK_OBJ=$root/build/kobj
		ZK_TAG=
		;;
	7.3)
		ZK_VER=7.3.4
		ZK_TARBALL=$root/build/src/linux-source-7.3.tar.xz
		ZK_FETCH="$root/vm/fetch-source.sh 7.3 7.3.4-1~bpo13+1"
		ZK_OBJ=$root/build/kobj73
		ZK_TAG=-7.3
		;;
	*)
		echo "unknown KERNEL '$1': 6.12 or 7.3" >&2
		return 2
		;;
	esac
	ZK_SERIES=$root/kernel/$1
	ZK_CONFIG=$root/kernel/$1/kconfig.fragment
	ZK_NAME=$1
}
