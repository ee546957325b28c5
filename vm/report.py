#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Parses a zdmemmap guest serial log: fails on any check, prints the per-case/strategy table.
"""usage: report.py [--json OUT] [--timed-out SEC] SERIAL_LOG

Reads the "@@ZDM ..." records written by vm/guest/*.sh and the kernel's own
console lines. Exit 1 (after printing every problem found) when:
  - the guest did not finish (no "done" record, e.g. QEMU timed out or died);
  - the log has WARNING:, BUG:, Oops, "Kernel panic", "Call Trace",
    ODEBUG:, KCSAN: (lockdep's reports are WARNINGs, KCSAN's BUGs) or
    page poisoning's "pagealloc: memory corruption";
  - the guest reported an error or a bind without its timing line;
  - a case is incomplete (fewer rebinds than rounds x strategies);
  - verify counted a mismatch, or verify was on and checked no page for a
    case that ran fast strategies;
  - a KUnit test at boot failed ("not ok"), or --kunit SUITE names a suite
    that did not report "ok" (a skipped suite is not ok here), or
    --kunit-skip SUITE one that did not report "ok ... # SKIP";
  - a boot-mode log (run-vm.sh --mode boot) has no deferred init time.

report.py --boot-summary [--json OUT] LOG...: the deferred init times of
several boot-mode logs, per strategy, against slow.
"""
import argparse
import json
import os
import re
import statistics
import sys

BAD = re.compile(r"WARNING:|BUG:|Oops|Kernel panic|Call Trace|ODEBUG:|KCSAN:|"
                 r"pagealloc: memory corruption")
REC = re.compile(r"@@ZDM (\w+)\s*(.*)$")
# KTAP result lines of the KUnit tests run at boot, after the timestamp;
# a suite's own line is not indented, its cases' are
KTAP = re.compile(r"^(?:\[[ \d.]+\] )?( *)(not ok|ok) \d+ (\S+)(.*)$")
KTOTAL = re.compile(r"# Totals: (.*)$")
ORDER = ["slow", "template", "template-nt", "template-nt-mt"]
# What the times are, by the accelerator run-vm.sh picked (--accel).
TIME_NOTES = {
    "tcg": ("emulated", "emulated time (QEMU TCG): compare ratios only"),
    "kvm": ("in a KVM guest", "KVM guest time (QEMU KVM): a virtual machine's, "
            "not bare metal"),
}
TIME_WORD, TIME_NOTE = TIME_NOTES["tcg"]


def write_json(path, obj):
    """Write obj to path through a temporary name, so that an interrupted
    run leaves the old file or the new one, never half of one."""
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1)
    os.replace(tmp, path)


def kv(text):
    """'a=1 b=x y msg=free text' -> dict; msg= swallows the rest of the line."""
    out = {}
    if "msg=" in text:
        text, out["msg"] = text.split("msg=", 1)
    for tok in text.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
    return out


def parse(path):
    recs, bad = [], []
    kunit = {"suites": {}, "failed": [], "totals": None}
    with open(path, errors="replace") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            m = REC.search(line)
            if m:
                recs.append((m.group(1), kv(m.group(2))))
                continue
            if BAD.search(line):
                bad.append(f"{path}:{n}: {line.strip()}")
            k = KTAP.match(line)
            if k:
                indent, res, name, rest = k.groups()
                if res == "not ok":
                    kunit["failed"].append(f"{name}{rest}".strip())
                if not indent:
                    skip = res == "ok" and rest.strip().startswith("# SKIP")
                    kunit["suites"][name] = "skip" if skip else res
            t = KTOTAL.search(line)
            if t:
                kunit["totals"] = t.group(1).strip()
    return recs, bad, kunit


def stats(v):
    return {"mean": statistics.fmean(v), "median": statistics.median(v),
            "min": min(v), "max": max(v)} if v else None


def boot_summary(logs, json_out):
    """Median deferred init time per strategy over boot-mode logs."""
    ms = {}
    for path in logs:
        recs, _, _ = parse(path)
        for kind, r in recs:
            # a verify boot checks every page inside the timed init
            if kind == "boot" and r.get("ms", "").isdigit() and \
                    r.get("verify") != "Y":
                ms.setdefault(r["strategy"], []).append(int(r["ms"]))
    order = [s for s in ORDER if s in ms] + [s for s in ms if s not in ORDER]
    slow = statistics.median(ms["slow"]) if ms.get("slow") else None
    print(f"deferred struct page init at boot -- {TIME_NOTE}; "
          "jiffies resolution, verify boots left out")
    print(f"{'strategy':<15} {'boots':>5} {'median_ms':>10} {'min':>6} {'max':>6} {'x_slow':>7}")
    out = {}
    for s in order:
        v = ms[s]
        med = statistics.median(v)
        sp = slow / med if slow and med else None
        print(f"{s:<15} {len(v):>5} {med:>10.1f} {min(v):>6} {max(v):>6} "
              + (f"{sp:>7.2f}" if sp else f"{'-':>7}"))
        out[s] = {"samples_ms": v, "median_ms": med, "speedup_vs_slow": sp}
    if json_out:
        write_json(json_out, {"note": TIME_NOTE, "strategies": out})
    return 0 if "slow" in ms and len(ms) > 1 else 1


def main():
    global TIME_WORD, TIME_NOTE
    # --accel tcg|kvm, first if given: what the times are
    if sys.argv[1:2] == ["--accel"] and len(sys.argv) > 2:
        if sys.argv[2] not in TIME_NOTES:
            print(f"report.py: --accel {sys.argv[2]!r}: tcg or kvm", file=sys.stderr)
            return 2
        TIME_WORD, TIME_NOTE = TIME_NOTES[sys.argv[2]]
        del sys.argv[1:3]
    if len(sys.argv) > 1 and sys.argv[1] == "--boot-summary":
        args = sys.argv[2:]
        out = None
        if args[:1] == ["--json"]:
            out, args = args[1], args[2:]
        return boot_summary(args, out)
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--json")
    ap.add_argument("--timed-out", type=int)
    ap.add_argument("--kunit", action="append", default=[],
                    help="a KUnit suite the kernel must have run and passed")
    ap.add_argument("--kunit-skip", action="append", default=[],
                    help="a KUnit suite the kernel must have run and skipped")
    a = ap.parse_args()
    recs, bad, kunit = parse(a.log)
    problems = list(f"kernel log: {b}" for b in bad)
    for f in kunit["failed"]:
        problems.append(f"KUnit: not ok {f}")
    for suite in a.kunit:
        if kunit["suites"].get(suite) != "ok":
            problems.append(f"KUnit: suite {suite} did not run or did not pass")
    for suite in a.kunit_skip:
        if kunit["suites"].get(suite) != "skip":
            problems.append(f"KUnit: suite {suite} did not run or did not skip "
                            f"({kunit['suites'].get(suite, 'absent')})")
    if a.timed_out:
        problems.append(f"guest did not finish within {a.timed_out} s (timeout)")

    run = {"start": {}, "info": {}, "cases": {}, "order": []}
    done = None
    verify_on = False
    for kind, r in recs:
        c = r.get("case")
        if kind == "start":
            run["start"] = r
        elif kind == "info" and not c:
            run["info"].update(r)
            verify_on = verify_on or r.get("verify") in ("1", "Y", "y")
        elif kind == "begin":
            run["order"].append(c)
            run["cases"][c] = {"params": r, "create": [], "extra": [],
                               "rebind": {}, "used": {}, "ended": False}
        elif kind == "bind":
            cs = run["cases"].setdefault(c, {"params": {}, "create": [], "extra": [],
                                             "rebind": {}, "used": {}, "ended": False})
            ms = int(r["ns"]) / 1e6
            s = r["strategy"]
            if r.get("used", "-") not in ("-", s) and r["kind"] != "extra":
                cs["used"].setdefault(s, set()).add(r["used"])
            if r["kind"] == "create":
                cs["create"].append((s, ms, int(r["pages"]), r.get("res")))
            elif r["kind"] == "extra":
                cs["extra"].append((s, ms, int(r["pages"])))
            else:
                cs["rebind"].setdefault(s, []).append((ms, int(r["pages"]), r.get("res")))
                cs.setdefault("ends", {}).setdefault((s, r["seq"]), []).append(
                    (float(r["t"]) if r.get("t", "-") != "-" else None, ms))
        elif kind == "verify":
            if c in run["cases"]:
                run["cases"][c]["verify"] = r
            if c == "boot":
                run["boot_verify"] = r
            if int(r.get("mismatches", "0")) != 0:
                problems.append(f"verify: {r['mismatches']} mismatching pages "
                                f"(of {r.get('pages')}) in case {c}")
        elif kind == "free":
            if c in run["cases"]:
                run["cases"][c]["free"] = r
        elif kind == "end":
            if c in run["cases"]:
                run["cases"][c]["ended"] = True
        elif kind == "error":
            problems.append(f"guest error in case {c}: {r.get('msg', '').strip()}")
        elif kind == "missing":
            problems.append(f"missing timing line: case {c} strategy {r.get('strategy')} "
                            f"{r.get('kind')} #{r.get('seq')} (got {r.get('got')} of {r.get('want')})")
        elif kind == "boot":
            run["boot"] = r
            if not r.get("ms", "none").isdigit():
                problems.append("boot: no deferred init time in the kernel log")
        elif kind == "done":
            done = r
    if done is None:
        problems.append("guest did not finish (no '@@ZDM done' record): "
                        "timeout, panic or QEMU died; see the log")
    elif int(done.get("klog_bad_lines", "0")):
        problems.append(f"guest dmesg scan found {done['klog_bad_lines']} "
                        "WARNING/BUG/Oops/panic/Call Trace lines")

    rounds = int(run["start"].get("rounds", "0") or 0)
    strategies = run["info"].get("strategies", "slow").split(",")
    strategies = [s for s in ORDER if s in strategies] + \
                 [s for s in strategies if s not in ORDER]
    for c in run["order"]:
        cs = run["cases"][c]
        if not cs["ended"]:
            problems.append(f"case {c} did not complete")
            continue
        per = 2 if c.startswith("concurrent") else 1
        for s in strategies:
            got = len(cs["rebind"].get(s, []))
            if got != rounds * per:
                problems.append(f"case {c}: {got} timed rebinds for {s}, expected {rounds * per}")
        v = cs.get("verify")
        if verify_on and len(strategies) > 1 and v and int(v.get("pages", "0")) == 0:
            problems.append(f"case {c}: verify is on but checked 0 pages")

    run["verify_on"] = verify_on
    if "boot" in run:
        b = run["boot"]
        v = run.get("boot_verify") or {}
        print(f"boot: strategy {b.get('strategy')}, deferred struct page init "
              f"{b.get('ms')} ms ({TIME_WORD})"
              + (f", verify {v.get('mismatches')} mismatches in {v.get('pages')} pages"
                 if v else ""))
    else:
        print_table(run, strategies)
    if kunit["suites"]:
        print("KUnit at boot: " + ", ".join(f"{k} {v}" for k, v in kunit["suites"].items())
              + (f" ({kunit['totals']})" if kunit["totals"] else ""))
    out = {"kernel": run["start"].get("kernel"), "rounds": rounds,
           "strategies": strategies, "verify": verify_on,
           "note": TIME_NOTE,
           "kunit": kunit, "cases": {}, "problems": problems}
    for c in run["order"]:
        cs = run["cases"][c]
        slow = stats([m for m, _, _ in cs["rebind"].get("slow", [])])
        oc = out["cases"][c] = {"params": cs["params"], "verify": cs.get("verify"),
                                "create": [{"strategy": s, "ms": ms, "pages": p}
                                           for s, ms, p, _ in cs["create"]],
                                "strategies": {}}
        for s in strategies:
            v = [m for m, _, _ in cs["rebind"].get(s, [])]
            st = stats(v)
            oc["strategies"][s] = {"rebind_ms": st, "samples_ms": v,
                                   "speedup_vs_slow": (slow["mean"] / st["mean"]
                                                       if st and slow and st["mean"] else None)}
    if a.json:
        write_json(a.json, out)
    if problems:
        print("\nFAILED:")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"\nPASSED: {len(run['order'])} cases, {rounds} rounds x {len(strategies)} "
          f"strategies, verify {'on' if verify_on else 'off' if len(strategies) > 1 else 'n/a (no switch)'}, "
          "no kernel warnings" + (f", KUnit {kunit['totals']}" if kunit["totals"] else ""))
    return 0


def print_table(run, strategies):
    res = {r for cs in run["cases"].values() for v in cs["rebind"].values() for _, _, r in v}
    print()
    print("=" * 114)
    print(f"zdmemmap VM results -- {TIME_NOTE}")
    print(f"kernel {run['start'].get('kernel', '?')}, {run['start'].get('cpus', '?')} vCPUs, "
          f"strategy switch: {run['start'].get('switch', '?')}, "
          f"timing resolution: {'/'.join(sorted(r for r in res if r)) or '?'}"
          + (" (jiffies: small values are quantized)" if "ms" in res else ""))
    print("first = the bind done by ndctl create-namespace / the first map, with the "
          "strategy named in brackets;")
    print("rebind columns are over the interleaved rebinds; x_slow = slow mean / this mean "
          "(>1 is faster)")
    print("=" * 114)
    hdr = f"{'case':<18} {'strategy':<15} {'pages':>9} {'first_ms':>17} {'n':>3} " \
          f"{'mean_ms':>9} {'median':>9} {'min':>9} {'max':>9} {'x_slow':>7}"
    print(hdr)
    print("-" * len(hdr))
    for c in run["order"]:
        cs = run["cases"][c]
        slow = stats([m for m, _, _ in cs["rebind"].get("slow", [])])
        first = {}
        for s, ms, p, _ in cs["create"]:
            first.setdefault(s, []).append(ms)
        name = c
        for s in strategies:
            v = cs["rebind"].get(s, [])
            st = stats([m for m, _, _ in v])
            pages = v[0][1] if v else (cs["create"][0][2] if cs["create"] else 0)
            f = first.get(s)
            fs = ("/".join(f"{x:.3f}" for x in f) + f" [{s}]") if f else "-"
            if st:
                sp = f"{slow['mean'] / st['mean']:.2f}" if slow and st["mean"] else "-"
                print(f"{name:<18} {s:<15} {pages:>9} {fs:>17} {len(v):>3} "
                      f"{st['mean']:>9.3f} {st['median']:>9.3f} {st['min']:>9.3f} "
                      f"{st['max']:>9.3f} {sp:>7}")
            else:
                print(f"{name:<18} {s:<15} {pages:>9} {fs:>17} {0:>3} {'-':>9}")
            if s in cs["used"]:
                print(f"{'':<18}   note: kernel reported strategy {','.join(sorted(cs['used'][s]))} "
                      f"for {s} binds (fallback)")
            name = ""
        if cs["extra"]:
            print(f"{'':<18}   note: {len(cs['extra'])} init(s) not counted (setup or a late boot-time probe): "
                  + ", ".join(f"{p} pages {ms:.3f} ms" for _, ms, p in cs["extra"]))
        pairs = [e for e in cs.get("ends", {}).values() if len(e) == 2 and None not in (e[0][0], e[1][0])]
        if c.startswith("concurrent") and pairs:
            # two inits overlapped if one ended while the other was running
            ov = sum(1 for (t1, m1), (t2, m2) in pairs if abs(t1 - t2) * 1000 < min(m1, m2))
            print(f"{'':<18}   overlap: both inits ran at the same time in {ov} of {len(pairs)} rebind pairs")
        v = cs.get("verify")
        if v and (run["verify_on"] or int(v.get("mismatches", "0"))):
            print(f"{'':<18}   verify: {v.get('mismatches')} mismatches in {v.get('pages')} pages")
        f = cs.get("free")
        if f:
            print(f"{'':<18}   one-pass free: __free_pages_prepare() skipped "
                  f"{f.get('prepare_skipped')}, run {f.get('prepare_run')} times")
    print("=" * 114)


if __name__ == "__main__":
    sys.exit(main())
