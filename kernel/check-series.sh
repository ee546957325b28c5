#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check-series.sh - every patch of a series (kernel/6.12/ or kernel/7.3/,
# picked by ZDM_KERNEL as in vm/kernels.sh) must build on its own and pass
# scripts/checkpatch.pl --strict, and its cover-letter.txt must list them
# all.
#
# Uses the tree and config that vm/build-kernel.sh keeps under build/ (it is
# run first): each patch is a commit on top of zdm-base there, so check out
# each in turn, build bzImage and modules into the series' object dir
# (incremental, with ccache), and run checkpatch on the patch file.  Ends
# on the full series, so the next vm-test build has nothing left to do but
# relink.
#
# Then the robot gate (kernel/robot-gate.sh): what the series touches,
# built under other configs and architectures, W=1, sparse and modpost's
# section check, each against what zdm-base gives.  GATE=0 skips it,
# GATE_ONLY="NAME..." runs part of it; FROM=N starts at patch N (for
# working on one patch; a full run is what counts).
#
# checkpatch: any ERROR fails.  --no-signoff: the patches carry no
# Signed-off-by, which is for whoever submits them to add.  A WARNING or
# CHECK fails unless the patch's notes (below its ---) justify it; the
# ones this series carries, and the word the note must contain, are
# listed in JUSTIFIED below.
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JOBS=${JOBS:-$(nproc)}
PROG=check-series
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
zdm_kernel "${ZDM_KERNEL:-6.12}" || exit 2
SRC="$ROOT/build/linux-$ZK_VER"
OBJ=$ZK_OBJ
# shellcheck source=kernel/series-lib.sh
. "$ROOT/kernel/series-lib.sh"
# shellcheck source=kernel/robot-gate.sh
. "$ROOT/kernel/robot-gate.sh"

declare -A JUSTIFIED=(
	[FILE_PATH_CHANGES]=MAINTAINERS		# a new file under arch/x86/mm/
	[CAMELCASE]=CamelCase			# the existing __SetPageHead()
)

# checkpatch runs scripts/spdxcheck.py, which needs ply and GitPython
need_pkgs python3-ply python3-git
"$ROOT/vm/build-kernel.sh"

shopt -s nullglob
patches=("$ZK_SERIES"/*.patch)
shopt -u nullglob
GIT=(git -C "$SRC" -c advice.detachedHead=false)
final=$("${GIT[@]}" rev-parse HEAD)
mapfile -t commits < <("${GIT[@]}" rev-list --reverse zdm-base..HEAD)
[ ${#commits[@]} -eq ${#patches[@]} ] ||
	die "${#patches[@]} patches but ${#commits[@]} commits above zdm-base in $SRC"
# An earlier patch does not know the later patches' config symbols, and
# kbuild drops unknown symbols from .config: build each patch from the
# full series' config, and leave that config behind.
cp "$OBJ/.config" "$OBJ/.config.series"
trap '"${GIT[@]}" checkout -q --detach "$final"; cp "$OBJ/.config.series" "$OBJ/.config"' EXIT
t_gate=0
if [ "${GATE:-1}" != 0 ]; then
	start=$(date +%s)
	gate_init
	t_gate=$(( $(date +%s) - start ))
fi

fails=0
for i in "${!patches[@]}"; do
	p=${patches[$i]}
	name=$(basename "$p")
	[ $((i + 1)) -ge "${FROM:-1}" ] || continue
	"${GIT[@]}" checkout -q --detach "${commits[$i]}"

	log "$name: checkpatch --strict"
	# Debian's python3 first: spdxcheck.py needs its python3-ply and
	# python3-git, which another python3 on PATH (pyenv) would not see.
	report=$(cd "$SRC" && PATH=/usr/bin:$PATH \
		scripts/checkpatch.pl --strict --no-signoff --show-types -q "$p" 2>&1 || true)
	if grep -q '^Traceback' <<<"$report"; then
		echo "$PROG: $name: a checkpatch helper crashed:" >&2
		grep -A3 '^Traceback' <<<"$report" >&2
		fails=1
	fi
	msg=$(sed -n '/^---$/,/^diff --git/p' "$p")
	while IFS= read -r line; do
		[[ $line =~ ^(ERROR|WARNING|CHECK):([A-Z_]+): ]] || continue
		level=${BASH_REMATCH[1]} type=${BASH_REMATCH[2]}
		word=${JUSTIFIED[$type]:-}
		if [ "$level" != ERROR ] && [ -n "$word" ] && grep -q "$word" <<<"$msg"; then
			log "  $level $type: justified in the commit message"
		else
			echo "$PROG: $name: $line" >&2
			fails=1
		fi
	done <<<"$report"

	log "$name: make bzImage modules"
	cp "$OBJ/.config.series" "$OBJ/.config"
	start=$(date +%s)
	if ! make -C "$SRC" O="$OBJ" -j"$JOBS" CC="ccache gcc" LOCALVERSION= \
		-s bzImage modules 2>&1 | tee "$OBJ/.check-build.log"; then
		echo "$PROG: $name: the kernel does not build with the series up to here" >&2
		fails=1
		continue
	fi
	# modpost only warns about these, and the series' config makes none
	if grep 'section mismatch' "$OBJ/.check-build.log" >&2; then
		echo "$PROG: $name: section mismatches with the series' config" >&2
		fails=1
	fi
	log "  built in $(( $(date +%s) - start )) s"
	if [ "${GATE:-1}" != 0 ]; then
		start=$(date +%s)
		gate_patch "$(printf %02d $((i + 1)))" || fails=1
		t_gate=$(( t_gate + $(date +%s) - start ))
	fi
done
[ "${GATE:-1}" = 0 ] || log "robot gate: $(gate_names | wc -l) configs at every patch, $t_gate s"
# The cover letter lists every patch that is posted by its subject, and
# no debug-only one (kernel/post-series.sh leaves those out).
for p in "${patches[@]}"; do
	subj=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$p")
	# format-patch folds long subjects onto a second header line
	subj="$subj$(sed -n '/^Subject:/{n;/^ /p;q}' "$p")"
	listed=no
	grep -qxF "  $subj" "$ZK_SERIES/cover-letter.txt" && listed=yes
	if is_debug_patch "$p"; then
		wrong=yes what="lists the debug-only"
	else
		wrong=no what="does not list"
	fi
	[ $listed != $wrong ] || {
		echo "$PROG: kernel/$ZK_NAME/cover-letter.txt $what: $subj" >&2
		fails=1
	}
done
# What a submitter would send (make kernel-series) must apply with git am
# to zdm-base and end where the harness's tree does.  The check signs as a
# stand-in (a global git config of its own) and writes to a scratch dir.
check_dir=$(mktemp -d)
printf '[user]\n\tname = Series Check\n\temail = series-check@example.org\n' \
	>"$check_dir/gitconfig"
if ! GIT_CONFIG_GLOBAL=$check_dir/gitconfig GIT_CONFIG_NOSYSTEM=1 \
	ZDM_SERIES_OUT=$check_dir/series "$ROOT/kernel/post-series.sh"; then
	echo "$PROG: kernel/post-series.sh failed: the posted series would not apply" >&2
	fails=1
fi
rm -rf "$check_dir"
[ $fails -eq 0 ] || die "the series has a patch that does not build, is not checkpatch-clean or would not post"
log "all ${#patches[@]} patches build on their own and pass checkpatch --strict"
