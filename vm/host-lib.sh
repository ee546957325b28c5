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
