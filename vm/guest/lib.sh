# SPDX-License-Identifier: GPL-2.0
# Guest helpers (busybox ash): records, strategy switch, timed binds, verify counters.
#
# Every result goes out as one "@@ZDM ..." line through /dev/kmsg, not stdout:
# printk emits a record atomically on the serial console, whereas a plain
# echo from userspace can be split by kernel messages printed meanwhile.
# run-vm.sh / report.py parse only these lines (plus the scan for oopses).

DBG=/sys/kernel/debug
MI=$DBG/memmap_init
KLOG=/tmp/klog		# every kernel line seen, for the end-of-run scan
FAILS=0
EXPECT_USED=		# zdm.expect=: the strategy every bind must report
EXPECT_FREE=		# zdm.expect_free=: skipped|run, the one-pass free

rec() { echo "@@ZDM $*" > /dev/kmsg; }
err() { FAILS=$((FAILS + 1)); rec "error case=${CASE:-none} msg=$*"; }

# The patched kernel has the debugfs switch; vanilla 6.12 has only 'slow'.
have_switch() { [ -e "$MI/strategy" ]; }

# "slow [template] template-nt" -> "slow template template-nt"
strategies() {
	if have_switch; then
		tr -d '[]' < "$MI/strategy"
	else
		echo slow
	fi
}

current_strategy() {
	if have_switch; then
		sed -n 's/.*\[\([^]]*\)\].*/\1/p' "$MI/strategy"
	else
		echo slow
	fi
}

set_strategy() {
	have_switch || { [ "$1" = slow ] && return 0; err "no strategy switch for $1"; return 1; }
	echo "$1" > "$MI/strategy" 2>/dev/null
	[ "$(current_strategy)" = "$1" ] || { err "strategy $1 not accepted ($(cat "$MI/strategy"))"; return 1; }
}

mi_read() { if [ -r "$MI/$1" ]; then cat "$MI/$1"; else echo 0; fi; }

# Drains the ring buffer into $KLOG so the next read sees only new lines.
drain() { dmesg -c >> "$KLOG" 2>/dev/null; }

# timed KIND SEQ NLINES cmd...: runs cmd (one bind), then turns the
# memmap_init_zone_device lines it produced into "bind" records.  With
# TIMED_SUM=1 the cmd onlines memory blocks instead: the
# memmap_init_range lines it produced (one per block, two with
# memmap_on_memory) add up to one record, NLINES being 1.
# KIND: create|rebind. NLINES: lines expected (2 for two concurrent binds).
# Accepts the patched format
#   memmap_init_zone_device: strategy=S pfn=0xP initialised N pages in T ns
# and vanilla's
#   memmap_init_zone_device initialised N pages in Tms
# If both formats appear, only the ns lines count.
# When one bind produced more lines than expected (a create that passes
# through raw mode first), the last NLINES are the bind; the rest are
# reported as kind=extra.
timed() {
	local kind=$1 seq=$2 want=$3 s out n
	shift 3
	s=$(current_strategy)
	drain
	if ! out=$("$@" 2>&1); then
		err "bind command failed: $* : $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
	dmesg -c > /tmp/last 2>/dev/null
	cat /tmp/last >> "$KLOG"
	awk -v c="$CASE" -v want="$want" -v kind="$kind" -v seq="$seq" -v s="$s" \
		-v sum="${TIMED_SUM:-0}" '
	(sum ? /memmap_init_range:/ : /memmap_init_zone_device/) && /initialised/ {
		used = "-"; pfn = "-"; pages = ""; ns = ""; res = ""
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^strategy=/) { used = substr($i, 10) }
			else if ($i ~ /^pfn=/) { pfn = substr($i, 5) }
			else if ($i == "initialised") { pages = $(i + 1) }
			else if ($i == "in" && $(i + 2) == "ns") { ns = $(i + 1); res = "ns" }
			else if ($i == "in" && $(i + 1) ~ /^[0-9]+ms$/) {
				ms = $(i + 1); sub(/ms$/, "", ms); ns = sprintf("%d", ms * 1000000); res = "ms"
			}
		}
		if (pages == "" || ns == "") next
		# printk time of the line = end of that init; lets the report
		# tell whether two concurrent inits really overlapped
		t = "-"
		if (match($0, /\[ *[0-9]+\.[0-9]+\]/)) { t = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", t) }
		if (sum) {
			# one record for all blocks: pages and time add up
			if (!nn) { fpfn = pfn; fused = used }
			else if (used != fused) fused = "mixed"
			tp += pages; tns += ns; nn = 1
			N[1] = sprintf("pages=%d ns=%d res=ns used=%s pfn=%s t=%s", tp, tns, fused, fpfn, t)
			next
		}
		l = sprintf("pages=%s ns=%s res=%s used=%s pfn=%s t=%s", pages, ns, res, used, pfn, t)
		if (res == "ns") { nn++; N[nn] = l } else { nm++; M[nm] = l }
	}
	END {
		# A kernel that prints both lines per call: the ns one is the
		# measurement, the jiffies one a duplicate.
		if (nn) { n = nn; for (i = 1; i <= n; i++) L[i] = N[i] }
		else { n = nm; for (i = 1; i <= n; i++) L[i] = M[i] }
		for (i = 1; i <= n; i++)
			printf "bind case=%s strategy=%s kind=%s seq=%s %s\n", c, s,
				(i <= n - want ? "extra" : kind), seq, L[i]
		if (n < want)
			printf "missing case=%s strategy=%s kind=%s seq=%s got=%d want=%d\n", c, s, kind, seq, n, want
	}' /tmp/last > /tmp/recs
	# zdm.expect=slow (a KASAN kernel): the fast path must have declined
	if [ -n "$EXPECT_USED" ] && grep '^bind ' /tmp/recs | grep -qv " used=$EXPECT_USED "; then
		err "a bind did not use $EXPECT_USED: $(grep '^bind ' /tmp/recs | grep -v " used=$EXPECT_USED " | head -n1)"
	fi
	while read -r line; do
		rec "$line"
		case "$line" in missing*) FAILS=$((FAILS + 1));; esac
	done < /tmp/recs
}

# Per-case verify accounting: the counters are cumulative, report the delta.
verify_begin() { V0=$(mi_read verify_mismatches); P0=$(mi_read verify_pages); }
verify_end() {
	have_switch || return 0
	local m p
	m=$(( $(mi_read verify_mismatches) - V0 ))
	p=$(( $(mi_read verify_pages) - P0 ))
	rec "verify case=$CASE mismatches=$m pages=$p"
	[ "$m" -eq 0 ] || FAILS=$((FAILS + 1))
}

# The strategy order of one round: slow first, then the rest as the kernel lists them.
round_order() {
	local s
	echo slow
	for s in $(strategies); do [ "$s" = slow ] || echo "$s"; done
}
