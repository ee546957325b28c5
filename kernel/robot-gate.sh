# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# robot-gate.sh - the builds the kernel test robot runs on a posted series,
# at one patch: sourced by check-series.sh, which checks out each patch in
# turn and calls gate_patch.
#
# A series is judged on the configs it does not need.  The series' own
# config (build/kobj*, every option it uses on) is check-series.sh's full
# build; this adds, each in its own object dir under build/gate/SERIES/:
#
#   defconfig    x86_64_defconfig: no ZONE_DEVICE, no MEMORY_HOTPLUG
#   i386         i386_defconfig: 32-bit struct page, 32-bit unsigned long
#   allnoconfig  no SMP, no NUMA, no SPARSEMEM_VMEMMAP, no hotplug
#   numa, nodeferred, kasan, nodebugvm, noswitch, nohotplug
#                the series' config with one option flipped (it has NUMA
#                off, DEFERRED_STRUCT_PAGE_INIT on, KASAN off, DEBUG_VM on,
#                the debug-only patch's DEBUG_MEMMAP_FAST on: without it
#                is the kernel a distribution would build, and
#                MEMORY_HOTPLUG on: without it __meminit is __init, and
#                ZONE_DEVICE goes too, but deferred init stays)
#   clang        the series' config built by clang-19 (both kernels'
#                minimum is older: 13.0.1 for 6.12, 17.0.1 for 7.3)
#   arm64, riscv64, ppc64le
#                Debian's cross compilers, each arch's defconfig with the
#                series' options on (GATE_SERIES_OPTS, and the series'
#                kconfig.fragment), which each of them supports
#
# Only what the series can break is built: `make` of the directories the
# series touches (mm/, and arch/ARCH/mm/ where it touches that arch) after
# kbuild's own prepare, with ccache.  On top of a clean build, each config
# is checked for
#   - compiler warnings, and modpost section mismatches (modpost run on a
#     relocatable link of those directories' built-in.a, as vmlinux.o would
#     hold them), that the same config at zdm-base does not have;
# and the series' config, once more in build/gate/SERIES/w1, for
#   - W=1 and sparse (C=1) warnings on every .c file the series touches,
#     that zdm-base's versions of them do not have (kernel/fetch-sparse.sh
#     finds a sparse the tree accepts).
# A warning is compared without its line and column, so that moved code
# keeps its base warnings.  What the base has is in
# build/gate/SERIES/NAME/base.txt; every build's log beside it.
#
# GATE_ONLY="defconfig i386" runs some configs (the names above, and w1);
# GATE=0 (in check-series.sh) none.

GATE_DIR=$ROOT/build/gate/$ZK_NAME
# name|ARCH|compiler prefix or clang|base config|change to it
GATE_CONFIGS=(
	"defconfig|x86_64||x86_64_defconfig|"
	"i386|i386||i386_defconfig|"
	"allnoconfig|x86_64||allnoconfig|"
	"numa|x86_64||series|+NUMA"
	"nodeferred|x86_64||series|-DEFERRED_STRUCT_PAGE_INIT"
	"kasan|x86_64||series|+KASAN"
	"nodebugvm|x86_64||series|-DEBUG_VM"
	"noswitch|x86_64||series|-DEBUG_MEMMAP_FAST"
	"nohotplug|x86_64||series|-MEMORY_HOTPLUG"
	"clang|x86_64|clang|series|"
	"arm64|arm64|aarch64-linux-gnu-|defconfig|+series"
	"riscv64|riscv|riscv64-linux-gnu-|defconfig|+series"
	"ppc64le|powerpc|powerpc64le-linux-gnu-|ppc64le_defconfig|+series"
)
# What "the series' options" are on another arch, besides kconfig.fragment
GATE_SERIES_OPTS=(SPARSEMEM_VMEMMAP MEMORY_HOTPLUG MEMORY_HOTREMOVE
	MHP_MEMMAP_ON_MEMORY ZONE_DEVICE DEVICE_PRIVATE
	DEFERRED_STRUCT_PAGE_INIT MIGRATION)
GATE_CLANG=clang-19
GATE_PKGS=(gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu
	gcc-powerpc64le-linux-gnu sparse "$GATE_CLANG")

gate_wanted() {
	[ -z "${GATE_ONLY:-}" ] || [[ " $GATE_ONLY " == *" $1 "* ]]
}

# gate_make DIR ARCH CC-PREFIX ARGS...: kbuild in object dir DIR
gate_make() {
	local dir=$1 arch=$2 cc=$3
	shift 3
	local cross=() compiler="ccache gcc"
	case "$cc" in
	clang) compiler="ccache $GATE_CLANG" ;;
	?*) cross=(CROSS_COMPILE="$cc"); compiler="ccache ${cc}gcc" ;;
	esac
	make -C "$SRC" O="$dir" ARCH="$arch" "${cross[@]}" CC="$compiler" \
		LOCALVERSION= -j"${GATE_JOBS:-$JOBS}" -s "$@"
}

# The directories the whole series touches, as make goals for ARCH's tree
# (arch/OTHER/ is not built there): the same goals at every patch, and at
# zdm-base, so that each build is compared with the same base build.
gate_dirs() {
	local srcarch=$1 f d
	"${GIT[@]}" diff --name-only zdm-base "$GATE_FINAL" -- '*.c' '*Makefile' |
	while IFS= read -r f; do
		d=$(dirname "$f")
		# a directory without a Makefile is built by its parent's
		while [ ! -e "$SRC/$d/Makefile" ] && [ ! -e "$SRC/$d/Kbuild" ]; do
			d=$(dirname "$d")
		done
		case "$d" in
		arch/"$srcarch"/*|arch/"$srcarch") echo "$d/" ;;
		arch/*) ;;
		*) echo "$d/" ;;
		esac
	done | sort -u
}

gate_srcarch() {
	case "$1" in
	i386|x86_64) echo x86 ;;
	*) echo "$1" ;;
	esac
}

# A warning as the base would have it: no source root, no line or column,
# no offsets into a section.
gate_normalize() {
	sed -E -n "s#$SRC/##g; s#(\.[ch]|\.S):[0-9]+(:[0-9]+)?:#\1:#;
		s#\+0x[0-9a-f]+#+OFF#g; /(warning|error):|section mismatch/p" |
		sort -u
}

# The options the series' kconfig.fragment turns on, by name
gate_fragment_opts() {
	sed -n 's/^CONFIG_\([A-Z0-9_]*\)=y$/\1/p' "$ZK_CONFIG"
}

# Build a config's object dir from its base at this checkout (the full
# series, so that every symbol is known), and check that what the config
# is for survived olddefconfig.
gate_configure() {
	local name=$1 arch=$2 cc=$3 base=$4 change=$5
	local dir=$GATE_DIR/$name opt
	mkdir -p "$dir"
	if [ "$base" = series ]; then
		cp "$OBJ/.config.series" "$dir/.config"
	else
		gate_make "$dir" "$arch" "$cc" "$base" >/dev/null
	fi
	case "$change" in
	+series)
		for opt in "${GATE_SERIES_OPTS[@]}" $(gate_fragment_opts); do
			"$SRC/scripts/config" --file "$dir/.config" -e "$opt"
		done
		;;
	+*) "$SRC/scripts/config" --file "$dir/.config" -e "${change#+}" ;;
	-*) "$SRC/scripts/config" --file "$dir/.config" -d "${change#-}" ;;
	esac
	gate_make "$dir" "$arch" "$cc" olddefconfig >/dev/null
	case "$change" in
	+series)
		for opt in ZONE_DEVICE MEMORY_HOTPLUG DEFERRED_STRUCT_PAGE_INIT \
			$(gate_fragment_opts); do
			grep -qx "CONFIG_$opt=y" "$dir/.config" ||
				die "gate $name: CONFIG_$opt does not survive olddefconfig"
		done
		;;
	+*) grep -qx "CONFIG_${change#+}=y" "$dir/.config" ||
		die "gate $name: CONFIG_${change#+} does not survive olddefconfig" ;;
	-*) ! grep -qx "CONFIG_${change#-}=y" "$dir/.config" ||
		die "gate $name: CONFIG_${change#-} is still on after olddefconfig" ;;
	esac
	cp "$dir/.config" "$dir/.config.gate"
}

# Modpost's section check over what this config built of the series'
# directories, linked as vmlinux.o would hold them.
gate_sections() {
	local dir=$1 arch=$2 cc=$3 goals=$4
	local ar=() d ld=ld emul=()
	case "$cc" in clang|'') ;; *) ld=${cc}ld ;; esac
	[ "$arch" = i386 ] && emul=(-m elf_i386)
	for d in $goals; do
		[ -e "$dir/${d}built-in.a" ] && ar+=("$dir/${d}built-in.a")
	done
	[ ${#ar[@]} -gt 0 ] || return 0
	rm -rf "$dir/sections"
	mkdir -p "$dir/sections"
	"$ld" "${emul[@]}" -r -o "$dir/sections/vmlinux.o" \
		--whole-archive "${ar[@]}" --no-whole-archive &&
	(cd "$dir/sections" && "$dir/scripts/mod/modpost" -o Module.symvers vmlinux.o)
}

gate_entry() {
	local entry
	for entry in "${GATE_CONFIGS[@]}" "w1|x86_64||series|"; do
		[ "${entry%%|*}" = "$1" ] && { echo "$entry"; return; }
	done
}

# gate_build NAME OUT: one config at this checkout; its warnings and
# section mismatches, normalized, to OUT, the log to OUT.log.  Fails if
# it does not build.
gate_build() {
	local name arch cc base change dir goals rc=0
	IFS='|' read -r name arch cc base change <<<"$(gate_entry "$1")"
	dir=$GATE_DIR/$name
	goals=$(gate_dirs "$(gate_srcarch "$arch")" | tr '\n' ' ')
	cp "$dir/.config.gate" "$dir/.config"
	# shellcheck disable=SC2086 # goals are words
	gate_make "$dir" "$arch" "$cc" $goals >"$2.log" 2>&1 || rc=1
	[ $rc -ne 0 ] || gate_sections "$dir" "$arch" "$cc" "$goals" >>"$2.log" 2>&1 || rc=1
	gate_normalize <"$2.log" >"$2"
	return $rc
}

# gate_w1 OUT: W=1 and sparse on each .c file the series touches that
# this checkout has and the series' config builds, each compiled anew.
gate_w1() {
	local dir=$GATE_DIR/w1 f rc=0 objs=()
	while IFS= read -r f; do
		[ -e "$SRC/$f" ] && [ -e "$OBJ/${f%.c}.o" ] || continue
		rm -f "$dir/${f%.c}.o"
		objs+=("${f%.c}.o")
	done < <("${GIT[@]}" diff --name-only zdm-base "$GATE_FINAL" -- '*.c')
	# no goal would build everything
	[ ${#objs[@]} -gt 0 ] || { : >"$1"; : >"$1.log"; return 0; }
	cp "$dir/.config.gate" "$dir/.config"
	gate_make "$dir" x86_64 "" W=1 C=1 CHECK="$GATE_SPARSE" "${objs[@]}" \
		>"$1.log" 2>&1 || rc=1
	# kbuild only warns when it drops the checker
	if grep -q 'is not available or not up to date' "$1.log"; then
		echo "$PROG: $GATE_SPARSE: kbuild does not take it as its checker" >&2
		rc=1
	fi
	gate_normalize <"$1.log" >"$1"
	return $rc
}

gate_names() {
	local entry
	for entry in "${GATE_CONFIGS[@]}" "w1|"; do
		gate_wanted "${entry%%|*}" && echo "${entry%%|*}"
	done
}

# gate_run NAME OUT: gate_build, or gate_w1 for w1
gate_run() {
	if [ "$1" = w1 ]; then gate_w1 "$2"; else gate_build "$1" "$2"; fi
}

# Set up every config at the final patch (where every symbol is known),
# then record what zdm-base has: it must build, and what it warns about
# is what a patch may warn about.  Leaves zdm-base checked out.
gate_init() {
	local name arch cc base change key
	need_pkgs "${GATE_PKGS[@]}"
	GATE_SPARSE=$("$ROOT/kernel/fetch-sparse.sh" "$SRC")
	mkdir -p "$GATE_DIR"
	GATE_FINAL=$("${GIT[@]}" rev-parse HEAD)
	for name in $(gate_names); do
		IFS='|' read -r name arch cc base change <<<"$(gate_entry "$name")"
		log "gate: configuring $name"
		gate_configure "$name" "$arch" "$cc" "$base" "$change"
	done
	"${GIT[@]}" checkout -q --detach zdm-base
	local stale=() keys=() i rc
	for name in $(gate_names); do
		# the base's findings are kept until its config or goals change
		IFS='|' read -r name arch cc base change <<<"$(gate_entry "$name")"
		key=$( { cat "$GATE_DIR/$name/.config.gate"
			echo "$GATE_SPARSE"
			gate_dirs "$(gate_srcarch "$arch")"
			"${GIT[@]}" rev-parse zdm-base
			"${GIT[@]}" diff --name-only zdm-base "$GATE_FINAL"; } | sha1sum)
		[ "$(cat "$GATE_DIR/$name/base.key" 2>/dev/null)" = "$key" ] && continue
		stale+=("$name")
		keys+=("$key")
	done
	[ ${#stale[@]} -gt 0 ] || return 0
	log "gate: ${stale[*]} at zdm-base"
	gate_parallel base.txt "${stale[@]}"
	for i in "${!stale[@]}"; do
		name=${stale[$i]}
		read -r rc _ <"$GATE_DIR/$name/base.txt.rc"
		[ "$rc" = 0 ] ||
			die "gate $name: zdm-base itself does not build (see $GATE_DIR/$name/base.txt.log)"
		echo "${keys[$i]}" >"$GATE_DIR/$name/base.key"
	done
}

# gate_parallel OUT NAME...: gate_run NAME for each config, as many at a
# time as there are CPUs, each make on one (kbuild's walk of a directory
# is mostly serial); NAME's findings to $GATE_DIR/NAME/OUT, and "status
# seconds" to OUT.rc.
gate_parallel() {
	local out=$1 name
	shift
	for name in "$@"; do
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
			wait -n || true
		done
		(
			start=$(date +%s) rc=0
			GATE_JOBS=1 gate_run "$name" "$GATE_DIR/$name/$out" || rc=$?
			echo "$rc $(( $(date +%s) - start ))" >"$GATE_DIR/$name/$out.rc"
		) &
	done
	wait
}

# gate_patch LABEL: every config at this checkout; prints what is new
# against zdm-base and fails if anything is, or if a config does not build.
gate_patch() {
	local label=$1 name out new fails=0 rc secs
	mapfile -t names < <(gate_names)
	gate_parallel "$label.txt" "${names[@]}"
	for name in "${names[@]}"; do
		out=$GATE_DIR/$name/$label.txt
		read -r rc secs <"$out.rc"
		if [ "$rc" != 0 ]; then
			echo "$PROG: $label: does not build with $name:" >&2
			grep -E 'error|section mismatch' "$out" | head -20 | sed 's/^/    /' >&2
			fails=1
			continue
		fi
		new=$(comm -13 "$GATE_DIR/$name/base.txt" "$out")
		if [ -n "$new" ]; then
			echo "$PROG: $label: $name has what zdm-base has not:" >&2
			sed 's/^/    /' <<<"$new" >&2
			fails=1
		fi
		log "  gate $name: $secs s"
	done
	return $fails
}
