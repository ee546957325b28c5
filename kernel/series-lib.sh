# SPDX-License-Identifier: GPL-2.0
# series-lib.sh - what the scripts that rewrite a series' patch files share
# (sourced by kernel/export-series.sh and kernel/post-series.sh).
#
# git am drops what a patch carries below its "---" line, so a patch that
# went through a git tree has lost its notes; these put them back.

# patch_notes PATCH: the notes of a patch file, from after its first "---"
# to its diffstat's first line.
patch_notes() {
	awk '!sep && /^---$/ { sep = 1; next }
		sep && /^ [^ ].* \| +([0-9]+|Bin)/ { exit }
		sep { print }' "$1"
}

# put_notes NOTES PATCH OUT: PATCH with the lines of file NOTES right
# below its first "---", written to OUT.
put_notes() {
	awk -v notes="$1" '!done && /^---$/ {
			print; while ((getline l < notes) > 0) print l
			done = 1; next }
		{ print }' "$2" >"$3"
}

# is_debug_patch PATCH: true for a patch that is not for merging (its
# subject says [DEBUG ONLY]): the harness applies it, a posting leaves it out.
is_debug_patch() {
	sed -n '/^Subject:/{p;q}' "$1" | grep -qF '[DEBUG ONLY]'
}
