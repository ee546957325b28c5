#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# real-machine.sh - the series' own measurement, on a real machine booted
# into a kernel with the series and its debug patch (or into an unpatched
# one, which has only the slow path): RAM reserved as legacy pmem, a
# namespace per layout made with ndctl, its driver (dax_pmem or nd_pmem)
# unbound and bound again, round after round, every strategy once per
# round, and the time read from the kernel's own pr_debug line of
# memmap_init_zone_device().  POSIX sh: it runs under dash, bash and
# busybox ash (the VM harness runs it in its guest, case real-machine).
#
#   real-machine.sh reserve SIZE [--grub]
#       says which memmap=SIZE!OFFSET to boot with: the highest 1 GiB
#       aligned SIZE of System RAM above 4 GiB (from /proc/iomem).  With
#       --grub it writes /etc/default/grub.d/90-zdmemmap-pmem.cfg (a new
#       file of its own; delete it to undo); then run update-grub and
#       reboot.  The reserved RAM is volatile: nothing is kept across boots.
#   real-machine.sh run [--rounds N] [--layouts L,...] [--region regionN]
#                       [--json FILE] [--samples FILE]
#       N rounds (default 30, as the series measured), layouts (default
#       devdax-2M-dev,fsdax-dev: the series' dax_pmem and nd_pmem cases;
#       also devdax-4K|2M|1G-mem|dev and fsdax-mem), on the one e820
#       region (or --region).  Prints the series' table (first bind, and
#       per strategy the rebinds: n, mean, median, min, max, and the slow
#       mean over this one) and writes it as JSON to FILE, every bind
#       as a line of text to the --samples FILE.  It only ever
#       touches namespaces of e820 regions (memmap=...!..., never an
#       NVDIMM), only one that no pfn, dax or btt device claims and that
#       is not mounted, and leaves it so, with the strategy and dynamic
#       debug as it found them.
#
# Exit: 0 done; 1 a bind or its timing line failed; 2 bad usage or a
# machine that cannot run it (the reason on one line).
set -u

PROG=real-machine
ND=/sys/bus/nd
DBG=/sys/kernel/debug
MI=$DBG/memmap_init
GIB=1073741824
MARK="zdmemmap-real-machine:"

usage() { echo "$PROG: $*" >&2; exit 2; }
fail() { echo "$PROG: $*" >&2; exit 1; }

# SIZE: 100G, 512M, or bytes -> bytes
to_bytes() {
	case "$1" in
	*[!0-9GgMm]* | "" | [GgMm]*) return 1 ;;
	*[Gg]) echo $(( ${1%?} * GIB )) ;;
	*[Mm]) echo $(( ${1%?} * 1048576 )) ;;
	*[0-9]) echo "$1" ;;
	*) return 1 ;;
	esac
}

cmd_reserve() {
	size=
	grub=0
	for a in "$@"; do
		case "$a" in
		--grub) grub=1 ;;
		-*) usage "reserve: unknown option $a" ;;
		*) [ -z "$size" ] || usage "reserve: one SIZE"; size=$a ;;
		esac
	done
	[ -n "$size" ] || usage "reserve: SIZE missing (for example 100G)"
	bytes=$(to_bytes "$size") || usage "reserve: SIZE $size: want a number of G or M"
	[ $(( bytes % GIB )) -eq 0 ] && [ "$bytes" -gt 0 ] ||
		usage "reserve: SIZE $size: want a whole number of GiB"
	[ "$(id -u)" = 0 ] || usage "reserve: run as root (/proc/iomem shows addresses only to root)"
	# top-level System RAM ranges: "100000000-47fffffff : System RAM"
	best=
	for r in $(sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\1:\2/p' /proc/iomem); do
		s=$(( 0x${r%:*} )) e=$(( 0x${r#*:} + 1 ))
		off=$(( (e - bytes) / GIB * GIB ))
		[ $off -ge $(( 4 * GIB )) ] && [ $off -ge $s ] || continue
		[ -n "$best" ] && [ "$best" -ge $off ] || best=$off
	done
	[ -n "$best" ] || usage "reserve: no System RAM range above 4 GiB holds $size at a 1 GiB boundary"
	total=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 1024 ))
	[ $(( bytes * 2 )) -le "$total" ] ||
		echo "$PROG: warning: $size is more than half of this machine's memory" >&2
	param="memmap=$(( bytes / GIB ))G!$(( best / GIB ))G"
	echo "$PROG: boot with: $param"
	[ $grub = 1 ] || return 0
	f=/etc/default/grub.d/90-zdmemmap-pmem.cfg
	[ -d /etc/default/grub.d ] || usage "reserve --grub: no /etc/default/grub.d (not GRUB as Debian sets it up)"
	if [ -e "$f" ] && ! grep -q "^# zdmemmap real-machine.sh" "$f"; then
		usage "reserve --grub: $f exists and is not this script's"
	fi
	{
		echo "# zdmemmap real-machine.sh reserve: $size of RAM as legacy pmem; delete to undo"
		echo "GRUB_CMDLINE_LINUX_DEFAULT=\"\$GRUB_CMDLINE_LINUX_DEFAULT $param\""
	} > "$f.tmp.$$" && mv "$f.tmp.$$" "$f" || fail "cannot write $f"
	echo "$PROG: wrote $f; now run update-grub and reboot"
}

# The e820 regions (memmap=...!...): their bus's provider says so.
e820_regions() {
	for r in "$ND"/devices/region*; do
		[ -e "$r" ] || continue
		bus=$(basename "$(readlink -f "$r/..")")
		[ "$(cat "$ND/devices/$bus/provider" 2>/dev/null)" = e820 ] && echo "${r##*/}"
	done
}

ns_mode() { ndctl list -n "$1" 2>/dev/null | sed -n 's/.*"mode" *: *"\([a-z]*\)".*/\1/p' | head -n1; }
holder_of() { h=$(cat "$ND/devices/$1/holder" 2>/dev/null); echo "${h:-$1}"; }
driver_of() { basename "$(readlink "$ND/devices/$1/driver")"; }

layout_args() { # name -> "mode map align"
	case "$1" in
	devdax-4K-mem | devdax-4K-dev | devdax-2M-mem | devdax-2M-dev | devdax-1G-mem | devdax-1G-dev)
		a=${1#devdax-}; echo "devdax ${a#*-} ${a%-*}" ;;
	fsdax-dev | fsdax-mem) echo "fsdax ${1#fsdax-} -" ;;
	*) return 1 ;;
	esac
}

# The memmap_init_zone_device() line after mark SEQ: "ns used pages" (the
# debug patch's "strategy=S ... in T ns", else the stock "in Tms").
bind_time() {
	dmesg | awk -v m="$MARK mark $1." '
	index($0, m) { nsl = ""; msl = ""; next }
	/memmap_init_zone_device/ && /initialised/ {
		used = "-"; pages = "-"
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^strategy=/) used = substr($i, 10)
			if ($i == "initialised") pages = $(i + 1)
			if ($i == "in" && $(i + 2) == "ns") nsl = $(i + 1) " " used " " pages
			if ($i == "in" && $(i + 1) ~ /^[0-9]+ms$/) {
				v = $(i + 1); sub(/ms$/, "", v)
				msl = sprintf("%d", v * 1000000) " " used " " pages
			}
		}
	}
	END { if (nsl != "") print nsl; else if (msl != "") print msl }'
}

# timed SEQ CMD...: a mark in the kernel log, CMD (one bind), then the
# bind's "ns used pages"; SEQ is new for every call
timed() {
	seq=$1
	shift
	echo "$MARK mark $seq." > /dev/kmsg
	"$@" > "$TMPD/cmd.out" 2>&1 || { cat "$TMPD/cmd.out" >&2; return 1; }
	t=$(bind_time "$seq")
	[ -n "$t" ] || { echo "$PROG: no memmap_init_zone_device timing line after: $*" >&2; return 1; }
	echo "$t"
}
rebind() { echo "$2" > "$ND/drivers/$1/unbind" && echo "$2" > "$ND/drivers/$1/bind"; }

strategies() {
	if [ -e "$MI/strategy" ]; then
		echo slow
		tr -d '[]' < "$MI/strategy" | tr ' ' '\n' | grep -v '^slow$' | grep .
	else
		echo slow
	fi
}
current_strategy() { sed -n 's/.*\[\([^]]*\)\].*/\1/p' "$MI/strategy"; }

# dyndbg_on FILE: its pr_debug lines on, unless some already are; the
# ones this turned on go back off at the end
dyndbg_on() {
	grep -q "^$1:[0-9]* .* =p" "$DDC" 2>/dev/null && return 0
	echo "file $1 +p" > "$DDC" 2>/dev/null && DD_ON="$DD_ON $1"
}

restore() {
	[ -n "${NS:-}" ] && [ "${MADE:-0}" = 1 ] &&
		{ ndctl create-namespace -f -e "$NS" -m raw >/dev/null 2>&1 ||
			echo "$PROG: warning: could not unclaim $NS (ndctl create-namespace -f -e $NS -m raw)" >&2; }
	[ -n "${OLD_STRATEGY:-}" ] && echo "$OLD_STRATEGY" > "$MI/strategy" 2>/dev/null
	for f in ${DD_ON:-}; do echo "file $f -p" > "$DDC" 2>/dev/null; done
	[ -n "${TMPD:-}" ] && rm -rf "$TMPD"
}

cmd_run() {
	rounds=30 layouts=devdax-2M-dev,fsdax-dev region='' json='' samples=''
	while [ $# -gt 0 ]; do
		case "$1" in
		--rounds | --layouts | --region | --json | --samples)
			[ $# -ge 2 ] || usage "run: $1 needs a value" ;;
		esac
		case "$1" in
		--rounds) rounds=$2 ;;
		--layouts) layouts=$2 ;;
		--region) region=$2 ;;
		--json) json=$2 ;;
		--samples) samples=$2 ;;
		*) usage "run: unknown argument $1" ;;
		esac
		shift 2
	done
	case "$rounds" in '' | *[!0-9]* | 0*) usage "run: --rounds $rounds: want 1-1000" ;; esac
	[ "$rounds" -le 1000 ] || usage "run: --rounds $rounds: want 1-1000"
	for l in $(echo "$layouts" | tr , ' '); do
		layout_args "$l" >/dev/null || usage "run: unknown layout $l"
	done
	if [ -n "$json" ]; then
		[ ! -e "$json" ] || grep -q '"tool": "zdmemmap real-machine.sh"' "$json" ||
			usage "run: --json $json exists and is not this script's output"
		[ -d "$(dirname "$json")" ] || usage "run: --json $json: no such directory"
	fi
	if [ -n "$samples" ]; then
		[ ! -e "$samples" ] || head -n1 "$samples" | grep -q '^# zdmemmap real-machine.sh' ||
			usage "run: --samples $samples exists and is not this script's output"
		[ -d "$(dirname "$samples")" ] || usage "run: --samples $samples: no such directory"
	fi
	[ "$(id -u)" = 0 ] || usage "run: run as root"
	command -v ndctl >/dev/null || usage "run: needs ndctl (apt-get install ndctl)"
	[ -d "$DBG/dynamic_debug" ] || mount -t debugfs none "$DBG" 2>/dev/null
	DDC=$DBG/dynamic_debug/control
	[ -w "$DDC" ] || DDC=/proc/dynamic_debug/control
	[ -w "$DDC" ] || usage "run: the kernel has no dynamic debug (CONFIG_DYNAMIC_DEBUG): its timing line is compiled out"
	if [ -z "$region" ]; then
		set -- $(e820_regions)
		[ $# -ge 1 ] || usage "run: no e820 pmem region: boot with memmap=SIZE!OFFSET (see: $0 reserve SIZE)"
		[ $# -eq 1 ] || usage "run: $# e820 regions ($*): pick one with --region"
		region=$1
	else
		e820_regions | grep -qx "$region" || usage "run: $region is not an e820 pmem region"
	fi
	NS=$(ls -d "$ND/devices/$region"/namespace*.0 2>/dev/null | head -n1)
	NS=${NS##*/}
	[ -n "$NS" ] || usage "run: $region has no namespace"
	# unclaimed (no pfn, dax or btt device on it) is how an e820
	# namespace boots, and how this leaves it; ndctl calls that fsdax
	# map=mem or raw
	h=$(cat "$ND/devices/$NS/holder" 2>/dev/null)
	[ -z "$h" ] || usage "run: $NS is in use as $(ns_mode "$NS") ($h); unclaim it yourself (ndctl create-namespace -f -e $NS -m raw) if it holds nothing"
	for b in "$ND/devices/$NS"/block/*; do
		[ -e "$b" ] || continue
		! grep -q "^/dev/${b##*/}[p ]" /proc/mounts ||
			usage "run: /dev/${b##*/} ($NS) is mounted"
	done

	TMPD=$(mktemp -d) || fail "mktemp failed"
	trap restore EXIT
	trap 'exit 1' INT TERM
	[ -e "$MI/strategy" ] && OLD_STRATEGY=$(current_strategy)
	DD_ON=
	dyndbg_on mm/mm_init.c
	[ -e "$MI/strategy" ] && dyndbg_on mm/memmap_fast_debug.c
	strats=$(strategies | tr '\n' ' ')
	size=$(cat "$ND/devices/$region/size")
	cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)
	echo "$PROG: $(uname -r), $cpu, $region ($(( size / GIB )) GiB), $rounds rounds, strategies: $strats"

	echo "# zdmemmap real-machine.sh samples: layout strategy round ns used pages (round 0: the first bind)" > "$TMPD/samples"
	seq=0
	for l in $(echo "$layouts" | tr , ' '); do
		set -- $(layout_args "$l")
		MADE=1
		[ "$3" = - ] && a= || a=$3
		# the first bind: ndctl's own, under the kernel's default strategy
		seq=$((seq + 1))
		t=$(timed $seq ndctl create-namespace -f -e "$NS" -m "$1" -M "$2" ${a:+-a "$a"}) ||
			fail "$l: ndctl create-namespace failed"
		echo "$l first 0 $t" >> "$TMPD/samples"
		h=$(holder_of "$NS")
		d=$(driver_of "$h")
		[ -n "$d" ] || fail "$l: $h is bound to no driver"
		r=1
		while [ $r -le "$rounds" ]; do
			for s in $strats; do
				[ -e "$MI/strategy" ] && { echo "$s" > "$MI/strategy" || fail "strategy $s not accepted"; }
				seq=$((seq + 1))
				t=$(timed $seq rebind "$d" "$h") || fail "$l: rebind of $h ($d) failed"
				echo "$l $s $r $t" >> "$TMPD/samples"
			done
			r=$((r + 1))
		done
		echo "$PROG: $l ($d, $h): $rounds rounds done"
	done
	ndctl create-namespace -f -e "$NS" -m raw >/dev/null 2>&1 && MADE=0

	awk -v kernel="$(uname -r)" -v cpu="$cpu" -v region="$region" -v rounds="$rounds" \
		-v size="$size" -v json="$TMPD/out.json" '
	function med(a, n,   i, j, t, b) {
		for (i = 1; i <= n; i++) b[i] = a[i]
		for (i = 2; i <= n; i++) for (j = i; j > 1 && b[j - 1] > b[j]; j--) {
			t = b[j]; b[j] = b[j - 1]; b[j - 1] = t }
		return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
	}
	/^#/ { next }
	{
		l = $1; s = $2
		if (!(l in seen)) { seen[l] = 1; L[++nl] = l }
		if (s == "first") { first[l] = $4 / 1e6; firstused[l] = $5; next }
		pg[l] = $6
		if (!((l, s) in n)) { S[l, ++ns[l]] = s }
		k = ++n[l, s]; v[l, s, k] = $4 / 1e6
		if ($5 != "-" && $5 != s) fell[l, s] = $5
	}
	END {
		printf "\n%-15s %-15s %4s %9s %9s %9s %9s %7s\n", "layout", "strategy", "n",
			"mean_ms", "median", "min", "max", "x_slow"
		printf "{\n \"tool\": \"zdmemmap real-machine.sh\",\n \"kernel\": \"%s\",\n", kernel > json
		printf " \"cpu\": \"%s\",\n \"region\": \"%s\",\n \"region_bytes\": %s,\n", cpu, region, size > json
		printf " \"rounds\": %d,\n \"note\": \"time from the kernel pr_debug line of memmap_init_zone_device(); rebinds after the first bind\",\n \"layouts\": {", rounds > json
		for (i = 1; i <= nl; i++) {
			l = L[i]
			sm = 0
			for (k = 1; k <= n[l, "slow"]; k++) sm += v[l, "slow", k]
			if (n[l, "slow"]) sm /= n[l, "slow"]
			printf "%-15s %-15s %4s %9.2f %29s\n", l, "first bind", 1, first[l],
				"(the kernel used " firstused[l] ")"
			printf "%s\n  \"%s\": {\"pages\": %s, \"first_bind\": {\"ms\": %.3f, \"used\": \"%s\"}, \"rebinds\": {",
				(i > 1 ? "," : ""), l, (pg[l] ~ /^[0-9]+$/ ? pg[l] : "null"), first[l],
				firstused[l] > json
			for (j = 1; j <= ns[l]; j++) {
				s = S[l, j]; m = n[l, s]; t = 0; lo = hi = v[l, s, 1]
				for (k = 1; k <= m; k++) {
					x = v[l, s, k]; t += x; a[k] = x
					if (x < lo) lo = x
					if (x > hi) hi = x
				}
				mean = t / m; md = med(a, m)
				xs = (sm && mean) ? sprintf("%.2f", sm / mean) : "-"
				printf "%-15s %-15s %4d %9.2f %9.2f %9.2f %9.2f %7s%s\n", l, s, m, mean, md,
					lo, hi, xs, ((l, s) in fell ? "  (the kernel used " fell[l, s] ")" : "")
				printf "%s\n   \"%s\": {\"n\": %d, \"mean_ms\": %.3f, \"median_ms\": %.3f, \"min_ms\": %.3f, \"max_ms\": %.3f, \"x_slow\": %s, \"used\": \"%s\", \"samples_ms\": [",
					(j > 1 ? "," : ""), s, m, mean, md, lo, hi, (xs == "-" ? "null" : xs),
					((l, s) in fell ? fell[l, s] : s) > json
				for (k = 1; k <= m; k++) printf "%s%.3f", (k > 1 ? ", " : ""), v[l, s, k] > json
				printf "]}" > json
			}
			printf "\n  }}" > json
		}
		printf "\n }\n}\n" > json
	}' "$TMPD/samples"
	if [ -n "$json" ]; then
		cp "$TMPD/out.json" "$json.tmp.$$" && mv "$json.tmp.$$" "$json" || fail "cannot write $json"
		echo "$PROG: wrote $json"
	fi
	if [ -n "$samples" ]; then
		cp "$TMPD/samples" "$samples.tmp.$$" && mv "$samples.tmp.$$" "$samples" ||
			fail "cannot write $samples"
		echo "$PROG: wrote $samples"
	fi
}

case "${1:-}" in
reserve) shift; cmd_reserve "$@" ;;
run) shift; cmd_run "$@" ;;
-h | --help) sed -n '3,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "$0" ;;
*) usage "usage: $0 reserve SIZE [--grub] | run [--rounds N] [--layouts L,...] [--region R] [--json FILE] [--samples FILE]" ;;
esac
