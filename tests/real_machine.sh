#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# real_machine.sh - vm/real-machine.sh's bad usage, without a machine to
# run it on: each is one line on stderr and exit code 2, and nothing is
# written.  (The VM harness runs it for real: the real-machine case.)
set -u
S=$(dirname "$0")/../vm/real-machine.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fail() { echo "real_machine: FAIL: $*" >&2; exit 1; }

bad() { # what, args...
	what=$1
	shift
	sh "$S" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 2 ] || fail "$what: exit $rc, want 2"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$what: want one line on stderr, got: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "$what: wrote to stdout: $(cat "$T/out")"
	n=$((n + 1))
}

bad "no command"
bad "unknown command" frobnicate
bad "reserve without a size" reserve
bad "reserve, size in M" reserve 3M
bad "reserve, fraction" reserve 1.5G
bad "reserve, two sizes" reserve 4G 8G
bad "reserve, unknown option" reserve 4G --lilo
bad "rounds 0" run --rounds 0
bad "rounds not a number" run --rounds x
bad "rounds past 1000" run --rounds 1001
bad "rounds with a leading zero" run --rounds 010
bad "unknown layout" run --layouts devdax-3M-dev
bad "unknown argument" run --bogus
bad "option without its value" run --rounds
bad "json in a missing directory" run --json "$T/no/such/x.json"
echo '{"not": "ours"}' >"$T/theirs.json"
bad "json that is not its own" run --json "$T/theirs.json"
[ "$(cat "$T/theirs.json")" = '{"not": "ours"}' ] || fail "a file it did not write was changed"
echo "keep" >"$T/theirs.txt"
bad "samples that are not its own" run --samples "$T/theirs.txt"
[ "$(cat "$T/theirs.txt")" = keep ] || fail "a file it did not write was changed"
echo "real_machine: $n bad usages, each one line and exit 2"
