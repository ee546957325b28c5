#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# need-pkgs.sh PKG... - make sure Debian packages are installed.
#
# Only what is missing is installed, so a warm machine never touches apt.
# As root it runs apt-get update + install; otherwise it fails with one
# line that says exactly what to run.  The Makefile's test, bench and fuzz
# targets and the VM build scripts all go through here, so a fresh Debian
# 12 clone needs nothing installed by hand.
set -u

# Not a Debian system: nothing to check with, leave it to the compiler.
command -v dpkg-query >/dev/null || exit 0

missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "need-pkgs: missing ${missing[*]}; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "need-pkgs: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q && apt-get install -y -q "${missing[@]}"; } >&2; then
	echo "need-pkgs: apt-get could not install ${missing[*]}" >&2
	exit 1
fi
