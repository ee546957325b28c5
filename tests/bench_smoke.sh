#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench_smoke.sh - `zdmemmap bench` at toy sizes: every preset and backing
# runs, verifies and writes well-formed JSON (and a plot), and every kind of
# bad input exits 2 with one line on stderr.  Never asserts a timing: this
# machine's speed is not the bench's contract.
set -euo pipefail
Z=${ZDMEMMAP:-build/zdmemmap}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0

fail() { echo "bench_smoke: FAIL: $*" >&2; exit 1; }
pass() { n=$((n + 1)); }

# check_json FILE STRATEGIES BINDS: the keys scripts rely on, all verified.
check_json() {
	python3 - "$@" <<'EOF' || fail "JSON $1"
import json, sys
path, names, binds = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
d = json.load(open(path))
for k in ("config", "ceiling", "strategies", "machine", "version"):
    assert k in d, k
c = d["config"]
for k in ("type", "size_bytes", "align_bytes", "map", "vmemmap_shift",
          "pages_written", "bytes_written", "binds", "threads", "backing"):
    assert k in c, k
assert c["binds"] == binds and c["pages_written"] > 0
for k in ("regular_ms", "nt_ms"):
    assert d["ceiling"][k] > 0, k
assert [s["name"] for s in d["strategies"]] == names, d["strategies"]
for s in d["strategies"]:
    for k in ("first_ms", "ns_per_page", "gbps"):
        assert s[k] > 0, (s["name"], k)
    assert len(s["binds_ms"]) == binds
    if binds > 1:
        r = s["rebind_ms"]
        assert r["min"] <= r["median"] <= r["max"] and r["mean"] > 0
    else:
        assert s["rebind_ms"] is None
    if "slow" in names:
        assert s["speedup_vs_slow"] > 0 and s["full_compare_vs_slow"]
    else:
        assert s["speedup_vs_slow"] is None
    assert s["verified"] is True and s["verified_pages"] >= binds
assert d["verified"] is True
EOF
	pass
}

all=slow,template,template-nt,template-nt-mt

# The default experiment, shrunk; table and verification line on stdout.
"$Z" bench --size 256M --binds 3 --json "$T/b.json" >"$T/out"
check_json "$T/b.json" $all 3
grep -q '^template-nt-mt ' "$T/out" || fail "no table row"
grep -q '^verified: ' "$T/out" || fail "no verified line"
grep -q 'resolution' "$T/out" || fail "no timer resolution"

# Every preset, small.
for p in devdax-2M-dev:64M fsdax-dev:64M devdax-2M-mem:64M \
	 devdax-1G-dev:3G private:64M; do
	"$Z" bench --preset "${p%%:*}" --size "${p#*:}" --binds 2 \
		--json "$T/p.json" >/dev/null || fail "preset $p"
	check_json "$T/p.json" $all 2
done

# A subset without slow, one bind, one thread, each streaming-store flavour.
for nt in portable movnti sse2-copy sse2; do
	"$Z" bench --size 32M --binds 1 --strategies template-nt-mt,template-nt \
		--threads 1 --nt-impl $nt --json "$T/s.json" >/dev/null ||
		fail "subset, --nt-impl $nt"
	check_json "$T/s.json" template-nt-mt,template-nt 1
done

# In kernel_fpu_begin() sections (modelled): the run says so, the JSON
# carries the window, and every bind is still verified against slow.
"$Z" bench --size 32M --binds 2 --strategies slow,template-nt --nt-impl sse2 \
	--fpu-window 4K --json "$T/f.json" >"$T/f.out" || fail "--fpu-window 4K"
check_json "$T/f.json" slow,template-nt 2
grep -q 'kernel_fpu_begin() sections of 4.1 kB' "$T/f.out" ||
	fail "--fpu-window 4K: the run does not say it used sections"
grep -q '"fpu_window": 4096' "$T/f.json" || fail "--fpu-window 4K: not in the JSON"

# Odd chunks for the threads: 3 compounds, so the last chunk is short;
# the bench verifies every bind against the slow path.
"$Z" bench --size 64M --binds 2 --strategies slow,template-nt-mt --threads 2 \
	--chunk-pfns 1536 --json "$T/c.json" >/dev/null || fail "--chunk-pfns 1536"
check_json "$T/c.json" slow,template-nt-mt 2
grep -q '"chunk_pfns": 1536' "$T/c.json" || fail "chunk_pfns not in the JSON"

# Thread counts as columns of one run, with the --threads default beside.
"$Z" bench --size 64M --binds 2 --threads 2 --json "$T/t.json" \
	--strategies template-nt,template-nt-mt:1,template-nt-mt:3,template-nt-mt \
	>/dev/null || fail "template-nt-mt:N columns"
check_json "$T/t.json" template-nt,template-nt-mt:1,template-nt-mt:3,template-nt-mt 2
python3 - "$T/t.json" <<'EOF' || fail "threads per column"
import json, sys
d = json.load(open(sys.argv[1]))
assert [s["threads"] for s in d["strategies"]] == [1, 1, 3, 2], d["strategies"]
assert all(s["strategy"] in ("template-nt", "template-nt-mt") for s in d["strategies"])
EOF

# Backings: a file (removed afterwards), an unnamed file in a directory,
# and transparent huge pages where the kernel has them.
"$Z" bench --size 32M --binds 2 --backing "file:$T/memmap" \
	--json "$T/f.json" >/dev/null || fail "file backing"
check_json "$T/f.json" $all 2
[ ! -e "$T/memmap" ] || fail "file:PATH left its file behind"
"$Z" bench --size 32M --binds 2 --backing "file:$T" >/dev/null ||
	fail "file:DIR backing"
pass
if ! grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
	"$Z" bench --size 64M --binds 2 --backing thp --json "$T/t.json" \
		>/dev/null || fail "thp backing"
	check_json "$T/t.json" $all 2
fi

# The plot, if gnuplot is here; without it --plot is bad usage.
if command -v gnuplot >/dev/null; then
	"$Z" bench --size 32M --binds 2 --plot "$T/b.png" >/dev/null ||
		fail "--plot png"
	[ -s "$T/b.png" ] || fail "empty plot"
	"$Z" bench --size 32M --binds 2 --plot "$T/b.svg" >/dev/null ||
		fail "--plot svg"
	grep -q '<svg' "$T/b.svg" || fail "not an SVG"
	pass
fi

# Bad input: exit 2, exactly one line on stderr, nothing run.
usage() {	# usage DESCRIPTION ARGS...
	local what=$1 rc=0
	shift
	"$Z" bench "$@" >"$T/out" 2>"$T/err" || rc=$?
	[ $rc -eq 2 ] || fail "$what: exit $rc, want 2"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$what: stderr: $(cat "$T/err")"
	pass
}
usage "size 0" --size 0
usage "size not a multiple of the align" --size 3M --align 2M
usage "align not a power of two" --align 3M
usage "align above 1G" --align 2G
usage "map=dev too small" --size 2M
usage "map=dev for private" --type private --map dev
usage "unknown preset" --preset nope
usage "chunk of 0 pfns" --chunk-pfns 0
usage "chunk not whole compounds" --chunk-pfns 100
usage "thread count 0" --strategies template-nt-mt:0
usage "thread count on template-nt" --strategies template-nt:2
usage "unknown strategy" --strategies slow,fast
usage "strategy twice" --strategies slow,slow
usage "binds 0" --binds 0
usage "threads 0" --threads 0
usage "unknown type" --type nope
usage "unknown map" --map both
usage "unknown backing" --backing disk
usage "unknown nt-impl" --nt-impl mmx
usage "fpu-window below a struct page" --fpu-window 32
usage "fpu-window past 64M" --fpu-window 1G
usage "plot extension" --size 32M --plot "$T/x.pdf"
usage "plot in a missing directory" --size 32M --plot "$T/no/such/dir/x.png"
usage "json in a missing directory" --size 32M --json "$T/no/such/dir/x.json"
usage "stray argument" extra
usage "size too big for memory" --size 64T
grep -q 'try --size' "$T/err" || fail "no --size suggestion: $(cat "$T/err")"
if ! command -v gnuplot >/dev/null; then
	usage "plot without gnuplot" --size 32M --plot "$T/x.png"
fi

echo "bench_smoke: $n checks passed"
