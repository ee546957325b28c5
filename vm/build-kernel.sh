#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds a zdmemmap guest kernel under build/: ZDM_KERNEL=6.12 (default) is
# 6.12.118 + kernel/6.12/*.patch, ZDM_KERNEL=7.3 is 7.3.4 + kernel/7.3/
# (vm/kernels.sh says where each comes from and goes).
#
# Layout (all relative to the repo root, all under the gitignored build/):
#   build/linux-VER/       git tree of the pristine tarball, tag zdm-base, series on top
#   build/kobj, kobj73     O= object dirs: .config, bzImage, Module.symvers
#                          (ZDM_KOBJ picks another, e.g. build/kobj-trace)
#   build/.zdm-*.stamp     what the tree / config were last made from
# Incremental: the tarball is unpacked once; the series is re-applied only when
# a patch changed (git reset to zdm-base + git am, so only touched files get a
# new mtime); ccache turns the remaining recompiles into cache hits.
set -euo pipefail
# Called from the top-level make: its MAKEFLAGS (command-line variables such
# as CC=, jobserver) must not leak into kbuild.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B="$ROOT/build"
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
zdm_kernel "${ZDM_KERNEL:-6.12}" || exit 2
# ZDM_PKGVER: another Debian release of the same series (its exact package
# version), fetched as the series' own is, in its own tree and tarball;
# `make kernel-newest` builds so.  ZDM_KERNEL_TARBALL (with ZDM_KVER): a
# tarball from elsewhere.
# Either may go with ZDM_PATCH_DIR (another series, or none: vm/real-dump
# builds the unpatched kernels that way).
KVER=${ZDM_KVER:-$ZK_VER}
TARBALL=${ZDM_KERNEL_TARBALL:-$ZK_TARBALL}
FETCH=$ZK_FETCH
SRC="$B/linux-$KVER"
if [ -n "${ZDM_PKGVER:-}" ]; then
	KVER=${ZDM_PKGVER%%-*}
	TARBALL=$B/src/$ZK_PKG-$ZDM_PKGVER.tar.xz
	FETCH="$ROOT/vm/fetch-source.sh $ZK_NAME $ZDM_PKGVER $TARBALL"
	# named by package: a Debian revision of the same release is another tree
	SRC="$B/linux-$ZDM_PKGVER"
fi
# ZDM_KOBJ: another object dir for the same tree (the fallback kernel);
# ZDM_KCONFIG_EXTRA: a fragment applied after vm/kconfig.fragment and the
# series' own kernel/VER/kconfig.fragment there.
OBJ=$(realpath -m "${ZDM_KOBJ:-$ZK_OBJ}")
EXTRA=${ZDM_KCONFIG_EXTRA:+$(realpath -m "$ZDM_KCONFIG_EXTRA")}
# ZDM_PATCH_DIR: try a series from elsewhere; absolute, because git runs with -C
PATCHDIR=$(realpath -m "${ZDM_PATCH_DIR:-$ZK_SERIES}")
SERIES_CONFIG=
[ -n "${ZDM_PATCH_DIR:-}" ] || [ ! -f "$ZK_CONFIG" ] || SERIES_CONFIG=$ZK_CONFIG
FRAG="$B/.zdm-fragment-$(basename "$OBJ")"
JOBS=${JOBS:-$(nproc)}

PROG=build-kernel

pkgs=(build-essential bc flex bison libelf-dev libssl-dev dwarves ccache
	xz-utils git cpio)
need_pkgs "${pkgs[@]}"
# Always asked: it returns at once when the tarball is that exact version,
# and replaces one of another version (a Debian update moved the series).
[ -n "${ZDM_KERNEL_TARBALL:-}" ] || $FETCH

mkdir -p "$B"
# One line per option, the last fragment's word on it (kconfig.free turns
# off the series fragment's DEBUG_VM), so that the check below asks for
# what was meant.
cat "$ROOT/vm/kconfig.fragment" ${SERIES_CONFIG:+"$SERIES_CONFIG"} \
	${EXTRA:+"$EXTRA"} | awk '
	/^CONFIG_[A-Za-z0-9_]+=/ { n = $0; sub(/=.*/, "", n) }
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { n = $2 }
	n == "" { next }
	{ if (!(n in line)) order[++k] = n; line[n] = $0; n = "" }
	END { for (i = 1; i <= k; i++) print line[order[i]] }' > "$FRAG"
GIT=(git -C "$SRC" -c user.name=zdmemmap -c user.email=zdmemmap@localhost
	-c core.autocrlf=false -c advice.detachedHead=false)

stamp_series=$B/.zdm-series-$(basename "$SRC").stamp

# --- 1. pristine tree, unpacked once and committed as zdm-base
if ! "${GIT[@]}" rev-parse -q --verify zdm-base >/dev/null 2>&1; then
	[ -r "$TARBALL" ] || die "$TARBALL not found"
	rm -rf "$SRC" "$B/.unpack"
	mkdir -p "$B/.unpack"
	log "unpacking $TARBALL"
	tar -C "$B/.unpack" -xf "$TARBALL"
	top=$(find "$B/.unpack" -mindepth 1 -maxdepth 1 -type d)
	[ "$(echo "$top" | wc -l)" -eq 1 ] && [ -f "$top/Makefile" ] ||
		die "unexpected tarball layout in $TARBALL"
	got=$(tree_version "$top")
	# The lab models exactly this release (SYSTEM.md section 2); a different
	# one would silently measure and verify against the wrong slow path.
	[ "$got" = "$KVER" ] || die "$TARBALL is Linux $got, need exactly $KVER"
	mv "$top" "$SRC"
	rmdir "$B/.unpack"
	log "committing the pristine tree as zdm-base (git am needs a repo)"
	"${GIT[@]}" init -q
	# -f: the tarball is pure source, so nothing the kernel's .gitignore
	# matches may be left out of the base commit.
	"${GIT[@]}" add -f -A .
	"${GIT[@]}" commit -q -m "Linux $KVER (Debian linux-source-${KVER%.*})"
	"${GIT[@]}" tag zdm-base
	rm -f "$stamp_series"
fi
got=$(tree_version "$SRC")
[ "$got" = "$KVER" ] || die "$SRC is Linux $got, need exactly $KVER"

# --- 2. the patch series, re-applied only when it changed
shopt -s nullglob
patches=("$PATCHDIR"/*.patch)
shopt -u nullglob
series_id=$( { echo "$KVER"; for p in "${patches[@]}"; do
	basename "$p"; sha256sum < "$p"; done; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp_series" 2>/dev/null)" != "$series_id" ] ||
	[ -n "$("${GIT[@]}" status --porcelain --untracked-files=no)" ]; then
	rm -f "$stamp_series"
	"${GIT[@]}" am --abort >/dev/null 2>&1 || true
	"${GIT[@]}" checkout -q --detach zdm-base
	"${GIT[@]}" reset -q --hard zdm-base
	"${GIT[@]}" clean -q -fd
	log "applying ${#patches[@]} patch(es) from ${PATCHDIR#"$ROOT"/}"
	for p in "${patches[@]}"; do
		log "  $(basename "$p")"
		if head -n1 "$p" | grep -q '^From '; then
			# git format-patch output: keep authorship and message
			if ! "${GIT[@]}" am -q "$p"; then
				"${GIT[@]}" am --abort >/dev/null 2>&1 || true
				die "patch does not apply: $p"
			fi
		else
			# a plain diff: apply, then commit under the file name
			"${GIT[@]}" apply --index "$p" || die "patch does not apply: $p"
			"${GIT[@]}" commit -q -m "$(basename "$p")"
		fi
	done
	echo "$series_id" > "$stamp_series"
else
	log "patch series unchanged (${#patches[@]} patch(es)), tree kept"
fi
# ZDM_TREE_ONLY=1: the tree is all the caller wants (kernel/post-series.sh)
[ "${ZDM_TREE_ONLY:-0}" != 1 ] || exit 0

# --- 3. the config: tinyconfig + 64BIT + fragment, olddefconfig twice
# LOCALVERSION set (empty): no "+" suffix for the untagged git tree in uname -r
MAKE=(make -C "$SRC" O="$OBJ" -j"$JOBS" CC="ccache gcc" LOCALVERSION=)
config_id=$( { echo "$series_id"; sha256sum < "$FRAG";
	sha256sum < "${BASH_SOURCE[0]}"; } | sha256sum | cut -d' ' -f1)
stamp_config="$B/.zdm-config-$(basename "$OBJ").stamp"
if [ "$(cat "$stamp_config" 2>/dev/null)" != "$config_id" ] || [ ! -f "$OBJ/.config" ]; then
	rm -f "$stamp_config"
	mkdir -p "$OBJ"
	log "configuring: tinyconfig + vm/kconfig.fragment${EXTRA:+ + ${EXTRA#"$ROOT"/}}"
	"${MAKE[@]}" -s tinyconfig
	# tinyconfig is 32-bit; 64BIT has to be on before the rest can resolve.
	"$SRC/scripts/config" --file "$OBJ/.config" -e 64BIT
	"${MAKE[@]}" -s olddefconfig
	args=()
	while IFS= read -r line; do
		case "$line" in
		"# CONFIG_"*" is not set")
			n=${line#"# CONFIG_"}; args+=(-d "${n%" is not set"}") ;;
		CONFIG_*=y) n=${line%%=*}; args+=(-e "${n#CONFIG_}") ;;
		CONFIG_*=m) n=${line%%=*}; args+=(-m "${n#CONFIG_}") ;;
		CONFIG_*=\"*) n=${line%%=*}; v=${line#*=}; v=${v#\"}; v=${v%\"}
			args+=(--set-str "${n#CONFIG_}" "$v") ;;
		CONFIG_*=*) n=${line%%=*}; args+=(--set-val "${n#CONFIG_}" "${line#*=}") ;;
		""|"#"*) ;;
		*) die "kconfig.fragment: cannot parse: $line" ;;
		esac
	done < "$FRAG"
	"$SRC/scripts/config" --file "$OBJ/.config" "${args[@]}"
	# Twice: options enabled in the first pass can expose new ones whose
	# defaults depend on them (SYSTEM.md section 7).
	"${MAKE[@]}" -s olddefconfig
	"${MAKE[@]}" -s olddefconfig
	bad=0
	while IFS= read -r line; do
		case "$line" in
		"# CONFIG_"*" is not set")
			n=${line#"# "}; n=${n%" is not set"}
			if grep -q "^$n=" "$OBJ/.config"; then
				echo "build-kernel:   wanted off, got: $(grep "^$n=" "$OBJ/.config")" >&2
				bad=1
			fi ;;
		CONFIG_*=*)
			grep -qxF -- "$line" "$OBJ/.config" || {
				n=${line%%=*}
				echo "build-kernel:   wanted $line, got: $(grep -E "^(# )?$n[= ]" "$OBJ/.config" || echo absent)" >&2
				bad=1; } ;;
		esac
	done < "$FRAG"
	[ $bad -eq 0 ] || die "kconfig.fragment options did not survive olddefconfig (a dependency is missing)"
	echo "$config_id" > "$stamp_config"
else
	log "config unchanged"
fi

# --- 4. build. 'modules' also writes Module.symvers for the out-of-tree module.
log "make -j$JOBS bzImage modules (CC=ccache gcc)"
start=$(date +%s)
"${MAKE[@]}" bzImage modules
log "built $OBJ/arch/x86/boot/bzImage in $(( $(date +%s) - start )) s"
