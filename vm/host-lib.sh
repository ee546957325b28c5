# SPDX-License-Identifier: GPL-2.0
# host-lib.sh - helpers shared by the host-side build scripts; source it
# after setting PROG to the script's name.

die() { echo "$PROG: error: $*" >&2; exit 1; }
log() { echo "$PROG: $*"; }

# Install only what is missing, so a warm machine never touches apt.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing missing packages: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "need root to apt-get install ${missing[*]}"
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}
