#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hostile.sh - hostile-input regression suite for the zdmemmap CLI.
#
# Bad input exits 2 with one line on stderr: never a crash, a hang, a
# deleted or truncated file, a partial result or a silent wrong answer.
# Prints "not ok N - what" for each failed check and a last line
# "hostile: N tests, P passed, F failed"; exits 1 if any check failed.
# As root it also checks --json /dev/null and /dev/full (after a device
# node of its own survived the same run).
set -u
Z=${ZDMEMMAP:-build/zdmemmap}
# Absolute, so that checks may run from inside the temporary directory.
case $Z in
*/*) Z=$(cd "$(dirname "$Z")" && pwd)/$(basename "$Z") ;;
esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
# Whatever a relative name or a stray command makes lands in $T.
cd "$T" || exit 1
n=0 fails=0 rc=0 out=$T/out limit=30

ok() { n=$((n + 1)); }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
err1() { head -c 300 "$T/err" | tr '\n' '|'; }

# run ARGS...: zdmemmap with a timeout of $limit s (124 = a hang); sets
# rc; stdout to $out.
run() {
	timeout -k 5 "$limit" "$Z" "$@" </dev/null >"$out" 2>"$T/err"
	rc=$?
}
# one_line WHAT: the last run exited 2 with exactly one line on stderr.
one_line() {
	local lines
	lines=$(wc -l <"$T/err")
	if [ $rc -ne 2 ]; then
		bad "$1: exit $rc, want 2 ($(err1))"
		return 1
	fi
	if [ "$lines" -ne 1 ]; then
		bad "$1: $lines lines on stderr, want 1 ($(err1))"
		return 1
	fi
	ok
}
# usage WHAT ARGS...: zdmemmap ARGS exits 2 with one stderr line.
usage() { local what=$1; shift; run "$@"; one_line "$what"; }
# works WHAT ARGS...: zdmemmap ARGS exits 0.
works() {
	local what=$1; shift
	run "$@"
	[ $rc -eq 0 ] && ok || bad "$what: exit $rc, want 0 ($(err1))"
}
# no_temps WHAT DIR: no ".NAME.XXXXXX" temporary left in DIR.
no_temps() {
	local left
	left=$(find "$2" -maxdepth 1 -name '.*.??????' -printf '%f ' 2>/dev/null)
	[ -z "$left" ] && ok || bad "$1: temporaries left: $left"
}
# absent WHAT PATH...: none of PATH exists (not even as a dangling link).
absent() {
	local what=$1 p; shift
	for p; do
		if [ -e "$p" ] || [ -L "$p" ]; then
			bad "$what: '$p' exists"
			return
		fi
	done
	ok
}
# says WHAT FILE TEXT: FILE holds exactly TEXT.
says() {
	[ -f "$2" ] && printf '%s\n' "$3" | cmp -s - "$2" && ok ||
		bad "$1: '$2' no longer says '$3'"
}
# try_value OPTION: the value of "try OPTION VALUE" in the last stderr.
try_value() {
	sed -n "s/.*try $1 \([^ ;,]*\).*/\1/p" "$T/err" | head -n 1
}

# An ASan binary reserves terabytes of address space: no ulimit -v for it.
asan=false
grep -qa __asan_init "$Z" 2>/dev/null && asan=true

small=(--size 32M --binds 1 --strategies template)
printf 'CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_SPARSEMEM=y\nCONFIG_SPARSEMEM_VMEMMAP=y\nCONFIG_ZONE_DEVICE=y\nCONFIG_HAVE_ALIGNED_STRUCT_PAGE=y\nCONFIG_ZONE_DMA=y\nCONFIG_ZONE_DMA32=y\n' >"$T/kconfig"

# 1. Eight strategy columns in one run, each compared in full with slow.
works "bench, 8 columns" bench --size 64M --binds 2 --json "$T/8.json" \
	--strategies slow,template,template-nt,template-nt-mt:1,template-nt-mt:2,template-nt-mt:3,template-nt-mt:4,template-nt-mt
python3 - "$T/8.json" <<'EOF' 2>/dev/null && ok || bad "bench, 8 columns: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["strategies"]
assert len(s) == 8, len(s)
assert all(x.get("full_compare_vs_slow") is True for x in s), s
EOF

# 2. No plot name reaches gnuplot.  Real gnuplot: names that would break
# out of a quoted string run from a directory where "touch PWNED" lands.
# plot_ok FILE: a whole PNG (signature to IEND) or SVG (to </svg>).
plot_ok() {
	python3 - "$1" <<'EOF'
import sys
b = open(sys.argv[1], "rb").read()
if sys.argv[1].endswith(".svg"):
    assert b.rstrip().endswith(b"</svg>")
else:
    assert b.startswith(b"\x89PNG\r\n\x1a\n") and b.endswith(b"IEND\xaeB`\x82")
EOF
}
mkdir "$T/gp"
pwn=$'\nsystem("touch PWNED")\n'
names=("a'${pwn}#.png" "b${pwn}.png" "c\\'${pwn}'.png" "d\"${pwn}\".png"
	"e'; system(\"touch PWNED\"); '.png" "f\`touch PWNED\`.png"
	"g\\${pwn}.svg" "@h\$(touch PWNED).png")
if command -v gnuplot >/dev/null; then
	for name in "${names[@]}"; do
		(cd "$T/gp" && run bench "${small[@]}" --plot "$name"; exit $rc)
		rc=$?
		[ $rc -eq 0 ] && plot_ok "$T/gp/$name" 2>/dev/null && ok ||
			bad "gnuplot, plot $(printf %q "$name"): exit $rc or not a whole plot"
	done
	# A name with slashes: the command must not run in any directory.
	name="$T/gp/i'${pwn}'/x.png"
	mkdir -p "$(dirname "$name")"
	works "gnuplot, plot path with slashes" bench "${small[@]}" --plot "$name"
	left=$(find "$T" -name PWNED)
	[ -z "$left" ] && ok || bad "gnuplot ran a command from a plot name: $left"
	# Other descriptors of the run (a --backing file) beside the plot's.
	for b in "file:$T/gp/bk" "file:$T/gp"; do
		works "gnuplot, --backing $b" bench "${small[@]}" --backing "$b" \
			--json "$T/gp/bk.json" --plot "$T/gp/bk.png"
		plot_ok "$T/gp/bk.png" 2>/dev/null && ok ||
			bad "gnuplot, --backing $b: --plot wrote $(stat -c %s "$T/gp/bk.png" 2>&1) bytes, not a whole PNG"
		rm -f "$T/gp/bk.png"
	done
fi

# A fake gnuplot: answers --version, keeps its script and the descriptors
# it inherited, draws nothing and fails.
mkdir "$T/fake" "$T/fk"
cat >"$T/fake/gnuplot" <<EOF
#!/bin/bash
[ "\${1-}" = --version ] && { echo 'gnuplot 5.4 patchlevel 4'; exit 0; }
cat -- "\$1" >"$T/fake.script" 2>/dev/null
python3 -c '
import os
for fd in sorted(os.listdir("/proc/self/fd"), key=int):
    try:
        print(fd, os.readlink("/proc/self/fd/" + fd))
    except OSError:
        pass' >"$T/fake.fds"
exit 1
EOF
chmod +x "$T/fake/gnuplot"
fakepath=$T/fake:$PATH
# What a plain child of this shell inherits, through the same bash/python.
"$T/fake/gnuplot" /dev/null
awk '{print $1}' "$T/fake.fds" >"$T/base.fds"
# fake WHAT ARGS...: bench ARGS with the fake gnuplot; exit 2, one line.
fake() {
	local what=$1; shift
	rm -f "$T/fake.fds" "$T/fake.script"
	PATH=$fakepath run bench "$@"
	one_line "$what"
}

marker=PLOTNAME-7d3f
# fake_run WHAT ARGS...: the fake gets the script, not the plot's name,
# and no descriptor but 0-2, an anonymous image file as 3 (the lab checks
# the image and copies it to the target itself), the script as 4.
fake_run() {
	local what=$1 fd3 fd4 extra leak; shift
	fake "$what: fake gnuplot fails" "${small[@]}" "$@" \
		--json "$T/fk/j.json" --plot "$T/fk/$marker.png"
	if [ -s "$T/fake.script" ] && grep -q '^plot' "$T/fake.script"; then
		ok
		grep -qF "$marker" "$T/fake.script" &&
			bad "$what: the plot name is in gnuplot's script" || ok
		grep -qF "$T" "$T/fake.script" &&
			bad "$what: a path of the test is in gnuplot's script" || ok
	else
		bad "$what: gnuplot's script is $(wc -c <"$T/fake.script" 2>/dev/null) bytes, not a gnuplot script (fd 4: $(sed -n 's/^4 //p' "$T/fake.fds" 2>/dev/null))"
	fi
	if [ -s "$T/fake.fds" ]; then
		fd3=$(sed -n 's/^3 //p' "$T/fake.fds")
		case $fd3 in
		/memfd:zdmemmap-image*) ok ;;
		*) bad "$what: gnuplot's fd 3 is '$fd3', want an anonymous image file" ;;
		esac
		fd4=$(sed -n 's/^4 //p' "$T/fake.fds")
		case $fd4 in
		"$T"/*) bad "$what: gnuplot's fd 4 (its script) is '$fd4'" ;;
		*) ok ;;
		esac
		extra=$(awk 'NR == FNR { base[$1] = 1; next }
			$1 > 4 && !($1 in base)' "$T/base.fds" "$T/fake.fds" |
			tr '\n' ' ')
		[ -z "$extra" ] && ok ||
			bad "$what: gnuplot inherited descriptors: $extra"
		leak=$(awk -v t="$T/" '$1 > 4 && index($2, t) == 1' \
			"$T/fake.fds" | tr '\n' ' ')
		[ -z "$leak" ] && ok ||
			bad "$what: gnuplot inherited the run's files: $leak"
	else
		bad "$what: fake gnuplot listed no descriptors"
	fi
	absent "$what: failed plot" "$T/fk/$marker.png" "$T/fk/j.json" \
		"$T/fk/backing"
	no_temps "$what: failed plot" "$T/fk"
}
fake_run "--kconfig" --kconfig "$T/kconfig"
fake_run "--kconfig --backing" --kconfig "$T/kconfig" \
	--backing "file:$T/fk/backing"

# 3. Nothing the run did not create is deleted or truncated.
mkdir "$T/keep"
cd "$T/keep" || exit 1
echo keep >E.json
echo keep >E.png
fake "failed plot, --json EXISTING" "${small[@]}" --json "$T/keep/E.json" \
	--plot "$T/keep/p.png"
says "failed plot, --json EXISTING" E.json keep
fake "failed plot, --plot EXISTING" "${small[@]}" --plot "$T/keep/E.png"
says "failed plot, --plot EXISTING" E.png keep
no_temps "failed plot, EXISTING" "$T/keep"
absent "failed plot" "$T/keep/p.png"
if [ "$(id -u)" = 0 ]; then
	# A device node of our own first: old code unlinked --json on failure.
	mknod "$T/keep/null" c 1 3
	fake "failed plot, --json DEVICE" "${small[@]}" \
		--json "$T/keep/null" --plot "$T/keep/p.png"
	if [ -c "$T/keep/null" ]; then
		ok
		fake "failed plot, --json /dev/null" "${small[@]}" \
			--json /dev/null --plot "$T/keep/p.png"
		if [ -c /dev/null ]; then
			ok
		else
			bad "failed plot removed /dev/null"
			rm -f /dev/null && mknod -m 666 /dev/null c 1 3
		fi
	else
		bad "failed plot removed the --json device node"
	fi
fi
for how in "--nr-pages 0" "--bogus" "--out" "--nr-pages 1000 --vmemmap-shift 9"; do
	echo keep >E.bin
	# shellcheck disable=SC2086
	usage "dump --out EXISTING $how" dump --nr-pages 16 --out E.bin $how
	says "dump --out EXISTING $how" E.bin keep
done
if ! $asan; then
	# Fails only once the memory is asked for (after --out was opened).
	echo keep >E.bin
	(ulimit -v 300000; run dump --nr-pages 0x400000 --out E.bin; exit $rc)
	rc=$?
	one_line "dump --out EXISTING, out of memory"
	says "dump --out EXISTING, out of memory" E.bin keep
fi
no_temps "failed dump" "$T/keep"
echo keep >B
usage "--backing file:EXISTING" bench "${small[@]}" --backing file:B
says "--backing file:EXISTING" B keep
mkdir D
usage "dump --out DIR" dump --nr-pages 16 --out D
usage "bench --json DIR" bench "${small[@]}" --json D
if command -v gnuplot >/dev/null; then
	mkdir D.png
	usage "bench --plot DIR" bench "${small[@]}" --plot D.png
fi
[ -d D ] && [ -z "$(ls -A D)" ] && ok || bad "--out DIR: the directory changed"
ln -s "$T/keep/nowhere/x" dangling
usage "dump --out dangling link" dump --nr-pages 16 --out dangling
absent "dump --out dangling link" "$T/keep/nowhere"
ln -s nowhere2 dangling2
usage "dump --out dangling link" dump --nr-pages 16 --out dangling2
absent "dump --out dangling link" "$T/keep/nowhere2"
# A link to a file: the file is replaced, the link stays a link.
echo keep >target
ln -s target link
works "dump --out LINK" dump --nr-pages 16 --out link
[ -L link ] && [ "$(stat -c %s target)" = 1024 ] && ok ||
	bad "dump --out LINK: link or target wrong"
# An existing file keeps its permissions.
echo keep >mode
chmod 600 mode
works "dump --out EXISTING" dump --nr-pages 16 --out mode
[ "$(stat -c %a mode)" = 600 ] && [ "$(stat -c %s mode)" = 1024 ] && ok ||
	bad "dump --out EXISTING: mode $(stat -c %a mode) size $(stat -c %s mode)"
no_temps "dump, links" "$T/keep"
cd "$T" || exit 1

# 4. The memory guard, and its suggestions, followed.
usage "bench --size 64T" bench --size 64T
s=$(try_value --size)
[ -n "$s" ] && ok || bad "bench --size 64T: no 'try --size': $(err1)"
if ! $asan; then
	# A tight address-space limit, so that the suggestion runs quickly.
	lim=1000000
	# shellcheck disable=SC2054
	bargs=(--binds 1 --strategies slow,template)
	(ulimit -v $lim; run bench --size 64G "${bargs[@]}"; exit $rc)
	rc=$?
	one_line "bench --size 64G under ulimit -v $lim"
	s=$(try_value --size)
	if [ -n "$s" ]; then
		ok
		(ulimit -v $lim; run bench --size "$s" "${bargs[@]}"; exit $rc)
		rc=$?
		[ $rc -eq 0 ] && ok ||
			bad "bench 'try --size $s' under ulimit -v $lim: exit $rc ($(err1))"
	else
		bad "bench --size 64G under ulimit -v $lim: no 'try --size': $(err1)"
	fi
	dargs=(--vmemmap-shift 9 --out "$T/d")
	(ulimit -v $lim; run dump --nr-pages 0x10000000 "${dargs[@]}"; exit $rc)
	rc=$?
	one_line "dump --nr-pages 0x10000000 under ulimit -v $lim"
	s=$(try_value --nr-pages)
	case $s in
	0x*)
		ok
		(ulimit -v $lim; run dump --nr-pages "$s" "${dargs[@]}"; exit $rc)
		rc=$?
		[ $rc -eq 0 ] && [ "$(stat -c %s "$T/d")" = $((s * 64)) ] && ok ||
			bad "dump 'try --nr-pages $s' under ulimit -v $lim: exit $rc ($(err1))"
		rm -f "$T/d"
		;;
	*) bad "dump under ulimit -v $lim: no 'try --nr-pages 0x...': $(err1)" ;;
	esac
fi
works "--backing file:NEW" bench "${small[@]}" --backing "file:$T/newname"
absent "--backing file:NEW" "$T/newname"
no_temps "--backing file:NEW" "$T"

# 5. Input files: regular, text, under 4 MiB; nothing blocks (10 s).
rm -f "$T/x"
limit=10
mkfifo "$T/fifo"
python3 - "$T/big" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    i = 0
    while f.tell() < 5 << 20:
        f.write("CONFIG_HOSTILE_%d=y\n" % i)
        i += 1
EOF
printf 'CONFIG_64BIT=y\n\0CONFIG_X86_64=y\n' >"$T/nul"
for k in /dev/zero "$T/fifo" "$T/big" "$T" "$T/nul" "" /nonexistent; do
	usage "layout --kconfig '$k'" layout --kconfig "$k"
done
usage "dump --kconfig FIFO" dump --nr-pages 16 --kconfig "$T/fifo" --out "$T/x"
usage "bench --kconfig /dev/zero" bench "${small[@]}" --kconfig /dev/zero
absent "bad --kconfig" "$T/x"
limit=30

# 6. Numbers: decimal or 0x hex, nothing else.
rm -f "$T/x"
badnum=(' 5' '+5' '-5' '010' '0x' '0X10' '5K' '1e3' '0x1g'
	'18446744073709551616' '0x10000000000000000' $'5\n' '' '0b1' '5 ')
for v in "${badnum[@]}"; do
	usage "--nr-pages $(printf %q "$v")" dump --nr-pages "$v" --out "$T/x"
done
for v in 16 0x10; do
	works "--nr-pages $v" dump --nr-pages "$v" --out "$T/x"
	[ "$(stat -c %s "$T/x")" = 1024 ] && ok || bad "--nr-pages $v: size"
done
rm -f "$T/x"
some=('+5' '010' '0x' '5 ' '' '1e3' '18446744073709551616')
for v in "${some[@]}"; do
	q=$(printf %q "$v")
	for o in --start-pfn --threads --chunk-pfns --nid --zone-idx \
		 --vmemmap-shift --altmap-reserve --pgmap --vmemmap-start; do
		usage "dump $o $q" dump $o "$v" --out "$T/x"
	done
	# The rest small, so that a number wrongly taken makes a short run.
	usage "bench --size $q" bench --size "$v" --binds 1 --strategies template
	usage "bench --binds $q" bench --binds "$v" --size 32M --strategies template
	for o in --threads --chunk-pfns --samples --seed --align; do
		usage "bench $o $q" bench $o "$v" "${small[@]}"
	done
	usage "verify --cases $q" verify --cases "$v"
	usage "verify --seed $q" verify --seed "$v"
done
absent "bad numbers" "$T/x"
works "--size 32M" bench "${small[@]}"
for v in 1KiB 16E '32m ' 0x 17179869184G 0x1000000000000T ' 32M' 32MM; do
	usage "--size '$v'" bench --size "$v" --binds 1
done
for v in 010 +2 0x 2x ' 2' '2 ' '' 18446744073709551617 1025; do
	usage "template-nt-mt:'$v'" bench --size 32M --strategies "template-nt-mt:$v"
done

# 7. Interrupted runs leave no result and no temporary.
mkdir "$T/int"
for sig in TERM INT HUP; do
	# Default dispositions: a background job would have SIGINT ignored.
	env --default-signal=INT,TERM,HUP timeout --preserve-status -k 10 \
		-s $sig 2 "$Z" bench --size 4G --binds 200 --json "$T/int/i.json" \
		--plot "$T/int/i.png" </dev/null >/dev/null 2>"$T/err" &
	pid=$!
	sleep 1.2
	mid=$(ls -A "$T/int")
	wait $pid
	rc=$?
	want=$((128 + $(kill -l $sig)))
	[ $rc -eq $want ] && ok || bad "SIG$sig: exit $rc, want $want (killed by it)"
	case $mid in
	*.i.json.??????*) ok ;;
	*) bad "SIG$sig: no --json temporary mid-run: $mid" ;;
	esac
	absent "SIG$sig" "$T/int/i.json" "$T/int/i.png"
	no_temps "SIG$sig" "$T/int"
done

# 8. A full disk or a file size limit: exit 2, nothing left.
(ulimit -f 64; out=/dev/null; run dump --nr-pages 0x10000 --out "$T/big.bin"; exit $rc)
rc=$?
one_line "dump under ulimit -f 64"
absent "dump under ulimit -f 64" "$T/big.bin"
no_temps "dump under ulimit -f 64" "$T"
(ulimit -f 1; out=/dev/null; run bench "${small[@]}" --json "$T/big.json"; exit $rc)
rc=$?
one_line "bench --json under ulimit -f 1"
absent "bench --json under ulimit -f 1" "$T/big.json"
no_temps "bench --json under ulimit -f 1" "$T"
if command -v gnuplot >/dev/null; then
	# gnuplot's own write fails: the plot must not count as drawn.
	(ulimit -f 8; out=/dev/null; run bench "${small[@]}" --plot "$T/big.png"; exit $rc)
	rc=$?
	one_line "bench --plot under ulimit -f 8"
	absent "bench --plot under ulimit -f 8" "$T/big.png"
	no_temps "bench --plot under ulimit -f 8" "$T"
	ln -s /dev/full "$T/full.png"
	usage "bench --plot LINK-TO-/dev/full" bench "${small[@]}" --plot "$T/full.png"
fi
usage "dump --out /dev/full" dump --nr-pages 16 --out /dev/full
# Old code unlinked a failed --json: as root, a device node of our own
# first, and /dev/full only if that one survived.
full=/dev/full
if [ "$(id -u)" = 0 ]; then
	full=$T/full
	mknod "$full" c 1 7
fi
usage "bench --json $full" bench "${small[@]}" --json "$full"
if [ -c "$full" ]; then
	ok
	if [ "$full" != /dev/full ]; then
		usage "bench --json /dev/full" bench "${small[@]}" --json /dev/full
		if [ -c /dev/full ]; then
			ok
		else
			bad "bench --json /dev/full removed /dev/full"
			rm -f /dev/full && mknod -m 666 /dev/full c 1 7
		fi
	fi
else
	bad "bench --json $full removed it"
fi
# A closed stdout: the next file opened is fd 1.  The table must not land
# in a result, and the run (which cannot print it) leaves none.
plot=()
command -v gnuplot >/dev/null && plot=(--plot "$T/closed.png")
timeout -k 5 30 "$Z" bench "${small[@]}" --json "$T/closed.json" "${plot[@]}" \
	</dev/null >&- 2>"$T/err"
rc=$?
one_line "bench with stdout closed"
absent "bench with stdout closed" "$T/closed.json" "$T/closed.png"
no_temps "bench with stdout closed" "$T"
# dump prints nothing: with stdout closed it still writes the same bytes.
"$Z" dump --nr-pages 16 --out "$T/open.bin" </dev/null
timeout -k 5 30 "$Z" dump --nr-pages 16 --out "$T/closed.bin" </dev/null >&- 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && cmp -s "$T/open.bin" "$T/closed.bin" && ok ||
	bad "dump with stdout closed: exit $rc or other bytes ($(err1))"
rm -f "$T/open.bin" "$T/closed.bin"
for args in "layout" "--help" "dump --help" "bench --help" "verify --cases 2"; do
	# shellcheck disable=SC2086
	timeout 30 "$Z" $args >/dev/full 2>"$T/err" </dev/null
	rc=$?
	one_line "$args >/dev/full"
done

# 9. A newline in a user's value is escaped: still one line.
rm -f "$T/x"
usage "--preset with a newline" bench --preset $'a\nb'
usage "--type with a newline" dump --type $'x\ny' --out "$T/x"
usage "unknown option with a newline" dump $'--a\nb' --out "$T/x"
usage "command with a newline" $'fr\nob'
usage "--strategies with a newline" bench --strategies $'slow\n,x'
usage "--backing with a newline" bench --backing $'disk\nx'
usage "--kconfig with a newline" layout --kconfig $'/no\nsuch'
usage "--out with a newline" dump --nr-pages 16 --out $'/no/such\ndir/x'
usage "--nt-impl with a newline" bench --nt-impl $'mmx\r\n'
absent "newlines" "$T/x"

# 10. Odd argv: exit 2, never a crash.
rm -f "$T/x"
long=$(printf 'x%.0s' {1..10000})
usage "--out with no value" dump --nr-pages 16 --out
usage "dump, no --out value, no more args" dump --out
usage "--kconfig ''" dump --nr-pages 16 --kconfig '' --out "$T/x"
usage "10000-char --type" dump --type "$long" --out "$T/x"
usage "10000-char --nr-pages" dump --nr-pages "$long" --out "$T/x"
usage "10000-char --out" dump --nr-pages 16 --out "$T/$long"
usage "10000-char --kconfig" dump --kconfig "$long" --out "$T/x"
usage "10000-char --preset" bench --preset "$long"
usage "10000-char --strategies" bench --strategies "$long"
usage "10000-char --plot" bench --size 32M --plot "$T/$long.png"
usage "10000-char option" dump "--$long"
usage "10000-char command" "$long"
usage "dump --threads 1025" dump --threads 1025 --out "$T/x"
usage "bench --threads 1025" bench --threads 1025
usage "--start-pfn 0xffffffffffffffff" dump --start-pfn 0xffffffffffffffff --nr-pages 1 --out "$T/x"
usage "--vmemmap-start 0xfffffffffffff000" dump --vmemmap-start 0xfffffffffffff000 --out "$T/x"
usage "--pgmap 0xffffffffffffffff" dump --pgmap 0xffffffffffffffff --nr-pages 16 --out "$T/x"
usage "--nr-pages 0xffffffffffffffff" dump --nr-pages 0xffffffffffffffff --out "$T/x"
usage "--size 0xffffffffffffffff" bench --size 0xffffffffffffffff
usage "--binds 0xffffffffffffffff" bench --size 32M --binds 0xffffffffffffffff
usage "--samples 0xffffffffffffffff" bench --size 32M --samples 0xffffffffffffffff
usage "stray argument" dump --nr-pages 16 --out "$T/x" extra
absent "odd argv" "$T/x"
# A huge chunk is one chunk: never a crash, and the same bytes as slow.
works "dump slow" dump --vmemmap-shift 9 --nr-pages 0x2000 --out "$T/slow"
for c in 0x8000000000000000 0xfffffffffffffe00; do
	run dump --vmemmap-shift 9 --nr-pages 0x2000 --strategy template-nt-mt \
		--threads 3 --chunk-pfns $c --out "$T/c"
	if [ $rc -eq 2 ]; then
		one_line "dump --chunk-pfns $c"
	else
		[ $rc -eq 0 ] && cmp -s "$T/slow" "$T/c" && ok ||
			bad "dump --chunk-pfns $c: exit $rc or bytes differ from slow"
	fi
	run bench --size 64M --binds 2 --strategies slow,template-nt-mt --chunk-pfns $c
	if [ $rc -eq 2 ]; then
		one_line "bench --chunk-pfns $c"
	else
		[ $rc -eq 0 ] && ok || bad "bench --chunk-pfns $c: exit $rc ($(err1))"
	fi
done
# An option twice: the last one counts, or it is refused; nothing else.
run dump --nr-pages 16 --nr-pages 32 --out "$T/a" --out "$T/b"
if [ $rc -eq 2 ]; then
	one_line "options twice"
	absent "options twice" "$T/a" "$T/b"
else
	[ $rc -eq 0 ] && [ ! -e "$T/a" ] && [ "$(stat -c %s "$T/b")" = 2048 ] &&
		ok || bad "options twice: exit $rc, or not the last of each"
fi
no_temps "odd argv" "$T"

# 11. Output targets.  A descriptor (/dev/stdout, /dev/fd/N,
# /proc/self/fd/N, a link to one) is written through, at its offset or
# appended, never renamed over; a closed or read-only one is refused.  No
# two outputs, nor an output and an input, are one file.  Every string in
# the JSON is valid UTF-8, whatever bytes the names had.
mkdir "$T/ot"
cd "$T/ot" || exit 1
# A gnuplot that answers --version and draws an empty but whole SVG.
mkdir "$T/ot/gp"
cat >"$T/ot/gp/gnuplot" <<'EOF'
#!/bin/bash
[ "${1-}" = --version ] && { echo 'gnuplot 5.4 patchlevel 4'; exit 0; }
printf '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n' >/dev/fd/3
EOF
chmod +x "$T/ot/gp/gnuplot"
drawpath=$T/ot/gp:$PATH
# through FD ARGS...: zdmemmap ARGS with descriptor FD (1, 2 or 5)
# appended to "log", which said "first"; sets rc.
through() {
	local fd=$1; shift
	echo first >log
	case $fd in
	1) PATH=$drawpath timeout -k 5 30 "$Z" "$@" </dev/null >>log 2>"$T/err" ;;
	2) PATH=$drawpath timeout -k 5 30 "$Z" "$@" </dev/null 2>>log >"$out" ;;
	5) PATH=$drawpath timeout -k 5 30 "$Z" "$@" </dev/null 5>>log >"$out" 2>"$T/err" ;;
	esac
	rc=$?
}
"$Z" dump --nr-pages 16 --out "$T/ot/want.bin" </dev/null
{ echo first; cat want.bin; } >want.log
ln -s /proc/self/fd/1 rel.bin
ln -s /dev/stdout chain1
ln -s chain1 chain.bin
# dump --out DESCRIPTOR >>log: the log keeps its line and gains the pages.
for tgt in /dev/stdout /dev/fd/1 /proc/self/fd/1 /proc/thread-self/fd/1 \
	/dev//fd/./1 ./rel.bin chain.bin "$T/ot/rel.bin"; do
	through 1 dump --nr-pages 16 --out "$tgt"
	[ $rc -eq 0 ] && cmp -s want.log log && [ -L rel.bin ] &&
		[ -L chain.bin ] && ok ||
		bad "dump --out $tgt >>log: exit $rc, or the log was replaced ($(err1))"
done
echo first >log
ino=$(stat -c %i log)
bash -c 'exec "$0" dump --nr-pages 16 --out "/proc/$$/fd/1"' "$Z" \
	</dev/null >>log 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && cmp -s want.log log && [ "$(stat -c %i log)" = "$ino" ] &&
	ok || bad "dump --out /proc/PID/fd/1 >>log: exit $rc, or the log was replaced ($(err1))"
through 5 dump --nr-pages 16 --out /dev/fd/5
[ $rc -eq 0 ] && cmp -s want.log log && ok ||
	bad "dump --out /dev/fd/5 5>>log: exit $rc, or the log was replaced ($(err1))"
# "5>log": the bytes go at the descriptor's offset, after what is there.
(exec 5>log; echo first >&5; exec "$Z" dump --nr-pages 16 --out /dev/fd/5) \
	</dev/null 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && cmp -s want.log log && ok ||
	bad "dump --out /dev/fd/5 5>log, at its offset: exit $rc, or the log was replaced ($(err1))"
# bench --json and --plot through stdout, stderr and a link.
json_after_first() {
	python3 - "$1" <<'EOF' 2>/dev/null
import json, sys
b = open(sys.argv[1], "rb").read()
assert b.startswith(b"first\n"), b[:20]
json.loads(b[b.index(b'{\n  "version"'):].decode("utf-8"))
EOF
}
through 1 bench "${small[@]}" --json /dev/stdout
[ $rc -eq 0 ] && grep -q '^strategy ' log && json_after_first log && ok ||
	bad "bench --json /dev/stdout >>log: exit $rc, or the log lost its line or its table ($(err1))"
through 2 bench "${small[@]}" --json /dev/stderr
[ $rc -eq 0 ] && json_after_first log && ok ||
	bad "bench --json /dev/stderr 2>>log: exit $rc, or the log was replaced"
ln -s /proc/self/fd/1 p.svg
through 1 bench "${small[@]}" --plot ./p.svg
[ $rc -eq 0 ] && [ "$(head -n 1 log)" = first ] && [ -L p.svg ] &&
	[ "$(tail -n 1 log)" = '<svg xmlns="http://www.w3.org/2000/svg"></svg>' ] &&
	ok || bad "bench --plot ./p.svg -> /proc/self/fd/1 >>log: exit $rc, or the log was replaced ($(err1))"
# A closed or read-only descriptor: exit 2, never a run that wrote nowhere.
for tgt in /dev/stdout ./rel.bin; do
	timeout -k 5 30 "$Z" dump --nr-pages 16 --out "$tgt" </dev/null >&- \
		2>"$T/err"
	rc=$?
	one_line "dump --out $tgt with stdout closed"
done
usage "dump --out /dev/stdin, read-only" dump --nr-pages 16 --out /dev/stdin
# A write error through a descriptor: exit 2, one line.
PATH=$drawpath timeout -k 5 30 "$Z" bench "${small[@]}" --json /dev/fd/5 \
	</dev/null >/dev/null 5>/dev/full 2>"$T/err"
rc=$?
one_line "bench --json /dev/fd/5 5>/dev/full"

# Two results, one name: refused before anything is written.
mkdir sub
echo keep >H.svg
ln H.svg H2.svg
ln -s H.svg S.svg
ln -s /dev/stdout o.svg
pairs=("X.svg X.svg" "X.svg sub/../X.svg" "H.svg H2.svg" "S.svg H.svg"
	"- o.svg" "/dev/stdout o.svg")
for pair in "${pairs[@]}"; do
	read -r j p <<<"$pair"
	PATH=$drawpath usage "bench --json $j --plot $p" bench "${small[@]}" \
		--json "$j" --plot "$p"
done
absent "two results, one name" X.svg
says "two results, one name" H.svg keep
no_temps "two results, one name" "$T/ot"
# An output over an input of the run, or over the file stdout goes to.
cp "$T/kconfig" K
usage "dump --kconfig K --out ./K" dump --nr-pages 16 --kconfig K --out ./K
cmp -s K "$T/kconfig" && ok || bad "dump --kconfig K --out ./K: K changed"
cp "$T/kconfig" K
usage "bench --kconfig K --json K" bench "${small[@]}" --kconfig K \
	--json "$T/ot/K"
cmp -s K "$T/kconfig" && ok || bad "bench --kconfig K --json K: K changed"
usage "bench --backing file:B --json B" bench "${small[@]}" \
	--backing file:B --json B
absent "bench --backing file:B --json B" B
echo first >log
timeout -k 5 30 "$Z" dump --nr-pages 16 --out log </dev/null >>log 2>"$T/err"
rc=$?
one_line "dump --out log >>log"
says "dump --out log >>log" log first
no_temps "output over an input" "$T/ot"

# File names that are not UTF-8 (overlong forms, surrogates, > U+10FFFF,
# cut short, stray continuation bytes): the JSON parses, and says what a
# strict decoder with U+FFFD replacement makes of the name.
bad_utf8=($'\xff' $'\xc0\xaf' $'\xe0\x80\xaf' $'\xf0\x80\x80\xaf'
	$'\xed\xa0\x80' $'\xed\xbf\xbf' $'\xf4\x90\x80\x80'
	$'\xf8\x88\x80\x80\x80' $'\xe2\x82' $'\x80' $'\xc3\xa9\xff\xe2\x82\xac')
for u in "${bad_utf8[@]}"; do
	hex=$(printf %s "$u" | od -An -tx1 | tr -d ' \n')
	cp "$T/kconfig" "k$u"
	rm -f u.json
	run bench "${small[@]}" --kconfig "$T/ot/k$u" \
		--backing "file:$T/ot/b$u" --json u.json
	python3 - u.json "$hex" "$T/ot/" <<'EOF' 2>/dev/null && ok ||
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))["config"]
name = bytes.fromhex(sys.argv[2])
want = lambda p: (sys.argv[3].encode() + p + name).decode("utf-8", "replace")
assert d["kconfig"] == want(b"k"), d["kconfig"]
assert d["backing_path"] == want(b"b"), d["backing_path"]
EOF
		bad "bench --kconfig, --backing with bytes $hex: exit $rc, or the JSON is not UTF-8 JSON of the name ($(err1))"
	rm -f "k$u"
done
cd "$T" || exit 1

# 12. Threads that do not start, and the memory guard's arithmetic.
# Every parallel loop covers its whole range however many threads start:
# with no room for a thread's stack (ulimit -s of 1 TiB), as nobody under
# ulimit -u 1 (root ignores RLIMIT_NPROC), and in the test build with
# ZDM_FAIL_THREAD_AFTER=1 (one thread starts, the rest fail).  The
# ceiling, on 32 threads asked for, then takes about as long as on one:
# a fill of part of its buffer would take a fraction of it.
# streaming_ms: the streaming ceiling of the last bench run, in ms.
streaming_ms() {
	sed -n 's/^ceiling.*streaming stores \([0-9.]*\) ms.*/\1/p' "$out" |
		head -n 1
}
# limited HOW ARGS...: zdmemmap ARGS with threads limited HOW; sets rc.
limited() {
	local how=$1; shift
	case $how in
	stack) (ulimit -s 1073741824 || exit 125; run "$@"; exit $rc) ;;
	knob) (export ZDM_FAIL_THREAD_AFTER=1; run "$@"; exit $rc) ;;
	nproc)
		# LeakSanitizer needs a thread of its own at exit
		(cd / && export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 &&
		 exec timeout -k 5 "$limit" setpriv --reuid=65534 \
			--regid=65534 --clear-groups bash -c \
			'ulimit -u 1 && exec "$0" "$@"' "$Z" "$@") \
			</dev/null >"$out" 2>"$T/err"
		;;
	esac
	rc=$?
}
hows=(stack)
$asan && hows+=(knob)
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$Z" \
		2>/dev/null && hows+=(nproc)
ceil=(bench --init deferred --size 4G --binds 5 --strategies slow,template-nt)
run "${ceil[@]}" --threads 1
t1=$(streaming_ms)
works "dump slow, 8 sections" dump --vmemmap-shift 9 --nr-pages 0x40000 \
	--out "$T/tslow"
works "dump --init deferred slow" dump --init deferred --nr-pages 0x40123 \
	--out "$T/dslow"
for how in "${hows[@]}"; do
	limited $how "${ceil[@]}" --threads 32
	tl=$(streaming_ms)
	if [ $rc -ne 0 ] || [ -z "$t1" ] || [ -z "$tl" ]; then
		bad "threads limited by $how: bench --init deferred: exit $rc ($(err1))"
	elif awk -v a="$tl" -v b="$t1" 'BEGIN { exit !(a * 4 >= b) }'; then
		ok
	else
		bad "threads limited by $how: ceiling $tl ms on 32 threads asked, $t1 ms on 1: part of the buffer was filled"
	fi
	limited $how bench --size 256M --binds 2 --chunk-pfns 0x200 \
		--strategies slow,template-nt-mt:8
	[ $rc -eq 0 ] && ok ||
		bad "threads limited by $how: bench template-nt-mt:8: exit $rc ($(err1))"
	[ $how = nproc ] && continue	# nobody cannot write in $T
	limited $how dump --vmemmap-shift 9 --nr-pages 0x40000 --threads 8 \
		--strategy template-nt-mt --chunk-pfns 0x1000 --out "$T/tmt"
	[ $rc -eq 0 ] && cmp -s "$T/tslow" "$T/tmt" && ok ||
		bad "threads limited by $how: dump template-nt-mt --threads 8: exit $rc or bytes differ from slow"
	limited $how dump --init deferred --nr-pages 0x40123 --threads 8 \
		--strategy template-nt --out "$T/dmt"
	[ $rc -eq 0 ] && cmp -s "$T/dslow" "$T/dmt" && ok ||
		bad "threads limited by $how: dump --init deferred --threads 8: exit $rc or bytes differ from slow"
done
rm -f "$T/tslow" "$T/tmt" "$T/dslow" "$T/dmt"

# The guard counts what the kernel charges: every mapping whole against
# RLIMIT_AS (a map=mem memmap is mapped whole, touched in part), what is
# touched against memory.  Every run under the limit works or says what
# --size fits, and that --size then works under the same limit.
if ! $asan; then
	lim=1000000
	for a in "--map mem --size 53G" "--map mem --size 64G" \
		"--map mem --size 1T" "--size 64G" "--backing thp --size 64G" \
		"--init deferred --size 64G --threads 8" \
		"--init hotplug --size 64G" \
		"--size 16G --strategies slow,template-nt-mt:16"; do
		read -ra args <<<"--strategies slow,template $a"
		(ulimit -v $lim; run bench --binds 1 "${args[@]}"; exit $rc)
		rc=$?
		[ $rc -eq 0 ] && { ok; continue; }
		one_line "bench $a under ulimit -v $lim" || continue
		s=$(try_value --size)
		if [ -z "$s" ]; then
			bad "bench $a under ulimit -v $lim: no 'try --size': $(err1)"
			continue
		fi
		(ulimit -v $lim; run bench --binds 1 "${args[@]}" --size "$s"
		 exit $rc)
		rc=$?
		[ $rc -eq 0 ] && ok ||
			bad "bench $a, 'try --size $s' under ulimit -v $lim: exit $rc ($(err1))"
	done
fi
# A mapping refused after the guard let the run in (the test build's
# ZDM_FAIL_MAP_AFTER: the second buffer) is one line and a smaller --size.
if $asan; then
	(export ZDM_FAIL_MAP_AFTER=1
	 run bench --size 64G --binds 1 --strategies slow,template; exit $rc)
	rc=$?
	if one_line "bench, a mapping refused after the guard"; then
		s=$(try_value --size)
		case $s in
		*G) [ "${s%G}" -lt 64 ] && ok ||
			bad "bench, a mapping refused: 'try --size $s' is not smaller" ;;
		*) bad "bench, a mapping refused: no smaller 'try --size': $(err1)" ;;
		esac
	fi
fi
# The hugetlb hint, rounded up: the nr_hugepages it says holds both
# memmaps, each mapped in whole huge pages; and as root, with no huge pages
# in use, reserving exactly that many lets the same run in (then they are
# given back).
hp=/proc/sys/vm/nr_hugepages
hargs=(bench --size 64M --binds 1 --strategies slow,template)
run "${hargs[@]}" --backing hugetlb
if [ $rc -ne 0 ] && one_line "bench --backing hugetlb, too few huge pages"; then
	h=$(sed -n 's/.*echo \([0-9]*\) > .*nr_hugepages.*/\1/p' "$T/err")
	run "${hargs[@]}" --json "$T/h.json"
	python3 - "$T/h.json" "${h:-0}" <<'PY' 2>/dev/null && ok ||
import json, sys
c = json.load(open(sys.argv[1]))["config"]
mi = {l.split(":")[0]: int(l.split()[1]) for l in open("/proc/meminfo")
      if l.startswith("Huge")}
hps = mi["Hugepagesize"] * 1024
pool = mi["HugePages_Total"] - mi["HugePages_Surp"]
avail = mi["HugePages_Free"] - mi["HugePages_Rsvd"]
memmap = c["init_pfns"] * c["struct_page_bytes"]
need = len(c["strategies"]) * -(-memmap // hps) * hps
assert (int(sys.argv[2]) - pool + avail) * hps >= need
PY
		bad "bench --backing hugetlb: 'echo $h > $hp' leaves too few huge pages for two memmaps ($(err1))"
	if [ "$(id -u)" = 0 ] && [ -w $hp ] && [ -n "$h" ] &&
	   [ $((h * $(sed -n 's/^Hugepagesize: *\([0-9]*\).*/\1/p' /proc/meminfo))) -le 65536 ]; then
		exec 9>>/tmp/zdmemmap-hugetlb.lock
		flock 9
		if [ "$(cat $hp)" = 0 ] && echo "$h" >$hp 2>/dev/null; then
			if [ "$(cat $hp)" = "$h" ]; then
				run "${hargs[@]}" --backing hugetlb
				[ $rc -eq 0 ] && ok ||
					bad "bench --backing hugetlb after 'echo $h > $hp': exit $rc ($(err1))"
			fi
			echo 0 >$hp
		fi
		exec 9>&-
	fi
fi
rm -f "$T/h.json"

echo "hostile: $n tests, $((n - fails)) passed, $fails failed"
[ $fails -eq 0 ]
