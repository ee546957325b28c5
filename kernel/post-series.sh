#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# post-series.sh - the series as mail-ready patches (ZDM_KERNEL=7.3|6.12,
# `make kernel-series`), in build/series-VER/: the runner's own git
# identity as From: and Signed-off-by:, each patch's notes below its ---,
# a cover letter b4 can read (subject, blurb, shortlog, diffstat,
# base-commit), and no [DEBUG ONLY] patch: the harness applies that one,
# a posting leaves it out.
#
# The patch files in kernel/VER/ carry no person: the project invents no
# identity.  Whoever submits runs this with their own git user.name and
# user.email set (this repo's config or their global one); without one it
# refuses.  REROLL=N adds "vN" to the subject prefix (git's reroll count).
#
# base-commit is the Debian source tree as vm/build-kernel.sh commits it
# (tag zdm-base in build/linux-VER): an upstream tree does not have that
# commit, so the cover letter also says which release the series is on.
# Last, the patches are applied with git am to a fresh checkout of the
# base, and each commit must carry the runner's From: and Signed-off-by:.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=post-series
# shellcheck source=vm/host-lib.sh
. "$ROOT/vm/host-lib.sh"
# shellcheck source=vm/kernels.sh
. "$ROOT/vm/kernels.sh"
# shellcheck source=kernel/series-lib.sh
. "$ROOT/kernel/series-lib.sh"
zdm_kernel "${ZDM_KERNEL:-7.3}" || exit 2

refuse() { echo "$PROG: $*" >&2; exit 2; }

name=$(git -C "$ROOT" config user.name || true)
email=$(git -C "$ROOT" config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	refuse "no git identity: set user.name and user.email (git config --global) to your own"
case "$email" in
*@*.invalid | *@localhost | *@zdmemmap.*)
	refuse "git identity <$email> is a placeholder, not a person: set your own" ;;
esac
case "${REROLL:-}" in
"" | [1-9] | [1-9][0-9]) ;;
*) refuse "REROLL=$REROLL: want a version number (2, 3, ...)" ;;
esac

SRC=$ROOT/build/linux-$ZK_VER
# ZDM_SERIES_OUT: elsewhere (check-series.sh's proof writes to a scratch dir)
OUT=$(realpath -m "${ZDM_SERIES_OUT:-$ROOT/build/series-$ZK_NAME}")
# only what this script made is replaced
[ ! -e "$OUT" ] || [ -f "$OUT/.zdm-series" ] ||
	refuse "${OUT#"$ROOT"/} exists and was not made by this script; move it away"
# the tree at zdm-base, with the series applied as the harness applies it
ZDM_TREE_ONLY=1 "$ROOT/vm/build-kernel.sh"

shopt -s nullglob
all=("$ZK_SERIES"/*.patch)
shopt -u nullglob
posted=() debug=()
for p in "${all[@]}"; do
	if is_debug_patch "$p"; then
		debug+=("$p")
	else
		# nothing posted may come after a patch that is left out
		[ ${#debug[@]} -eq 0 ] ||
			die "$(basename "$p") follows the debug-only $(basename "${debug[0]}")"
		posted+=("$p")
	fi
done
[ ${#posted[@]} -gt 0 ] || die "kernel/$ZK_NAME has no patches to post"

T=$(mktemp -d "$ROOT/build/.series-XXXXXX")
cleanup() {
	git -C "$SRC" worktree remove --force "$T/wt" >/dev/null 2>&1 || true
	git -C "$SRC" worktree remove --force "$T/check" >/dev/null 2>&1 || true
	rm -rf "$T"
}
trap cleanup EXIT
ME=(-c "user.name=$name" -c "user.email=$email" -c core.abbrev=12)
git -C "$SRC" worktree add -q --detach "$T/wt" zdm-base
for p in "${posted[@]}"; do
	git -C "$T/wt" "${ME[@]}" am -q "$p" ||
		die "$(basename "$p") does not apply to zdm-base"
	# the runner becomes author and signs off; the message is kept
	git -C "$T/wt" "${ME[@]}" commit -q --amend --no-edit --reset-author -s
done

cover=$ZK_SERIES/cover-letter.txt
# the prefix the cover letter's subject has ("PATCH", "PATCH 6.12")
prefix=$(sed -n '1s/^Subject: \[\(PATCH[^]]*\) 0\/[0-9]*\].*/\1/p' "$cover")
prefix=${prefix:-PATCH}${REROLL:+ v$REROLL}
mkdir "$T/out"
git -C "$T/wt" "${ME[@]}" format-patch -q -o "$T/out" --cover-letter \
	--base=zdm-base --subject-prefix="$prefix" zdm-base..HEAD
mapfile -t made < <(ls "$T/out"/0[0-9][0-9][0-9]-*.patch)
[ ${#made[@]} -eq $(( ${#posted[@]} + 1 )) ] || die "format-patch wrote ${#made[@]} files"

# each patch gets its notes back
for i in "${!posted[@]}"; do
	f=${made[$((i + 1))]}
	patch_notes "${posted[$i]}" >"$T/notes"
	put_notes "$T/notes" "$f" "$T/one"
	mv "$T/one" "$f"
done

# the cover letter: subject and blurb from kernel/VER/cover-letter.txt
# (its own shortlog, which check-series.sh reads, is left for git's)
subject=$(sed -n '1s/^Subject: \(\[[^]]*\] \)\{0,1\}//p' "$cover")
[ -n "$subject" ] || die "${cover#"$ROOT"/} does not start with a Subject: line"
awk 'NR <= 2 { next }
	/^[^ ].* \([0-9]+\):$/ { exit }
	{ print }' "$cover" >"$T/blurb"
python3 - "${made[0]}" "$subject" "$T/blurb" <<'EOF'
import sys
path, subject, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
text = open(path).read()
for mark in ("*** SUBJECT HERE ***", "*** BLURB HERE ***"):
    if text.count(mark) != 1:
        sys.exit("post-series: format-patch's cover letter has no " + mark)
text = text.replace("*** SUBJECT HERE ***", subject)
text = text.replace("*** BLURB HERE ***\n", blurb.rstrip("\n") + "\n")
open(path, "w").write(text)
EOF

# the proof: git am of what was written onto a fresh base, as a
# maintainer would, and the runner on every commit
git -C "$SRC" worktree add -q --detach "$T/check" zdm-base
git -C "$T/check" "${ME[@]}" am -q "${made[@]:1}" ||
	die "the written patches do not apply to zdm-base"
n=0
while IFS= read -r c; do
	git -C "$T/check" log -1 --format='%an <%ae>' "$c" | grep -qxF "$name <$email>" ||
		die "commit $c is not authored by $name <$email>"
	git -C "$T/check" log -1 --format=%B "$c" |
		grep -qxF "Signed-off-by: $name <$email>" ||
		die "commit $c has no Signed-off-by: $name <$email>"
	n=$((n + 1))
done < <(git -C "$T/check" rev-list zdm-base..HEAD)
[ "$n" -eq ${#posted[@]} ] || die "git am made $n commits of ${#posted[@]}"
# the same tree as the harness's below its debug-only patches
git -C "$SRC" diff --quiet "HEAD~${#debug[@]}" "$(git -C "$T/check" rev-parse HEAD)" ||
	die "the posted series does not end where the harness's tree does"

# into place, over the old output (which this script made: see above)
rm -rf "$OUT"
touch "$T/out/.zdm-series"
mv "$T/out" "$OUT"
log "${OUT#"$ROOT"/}: cover letter + ${#posted[@]} patches from $name <$email>, ${#debug[@]} debug-only left out"
log "they apply with git am to zdm-base (Linux $ZK_VER, $ZK_PKG $ZK_PKGVER); send with: git send-email ${OUT#"$ROOT"/}/*.patch"
