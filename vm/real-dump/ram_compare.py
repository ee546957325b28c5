#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# ram_compare.py DIR KCONFIG [--fused] - each struct page range ram_gdb.py
# saved against `zdmemmap dump` for the same pfns (7.3.4 model, that
# .config; --fused: a kernel with the one-pass patches, `dump --fused`);
# exit 1 on any difference, or if nothing was saved.
#
# A freed range ("...-free") needs the free list it went to.  Without debug
# info gdb cannot find the zone's lists, so their addresses are read from
# the kernel's pages, and checked where something else says what they must
# be: an onlined block's MAX_PAGE_ORDER list is the first order-10 head's
# lru.prev (the list is empty before: the previous block's pages left it
# when their isolation was undone), and the lab must then give the last
# head's lru.next the same value, and any lower order's list one struct
# free_area below it.  A deferred chunk's links are whatever the CPUs that
# free chunks side by side left there (its lru.next is the list, or the
# chunk another CPU freed after it): they are read from the kernel's page
# and given to the lab as --free-list and --free-list-prev, so only the
# rest of the chunk is checked.
import subprocess
import sys

d, kconfig = sys.argv[1], sys.argv[2]
fused = sys.argv[3:] == ["--fused"]
PAGE = 64
FIELDS = [(0, "flags"), (8, "lru.next"), (16, "lru.prev"), (24, "mapping"),
          (32, "index"), (40, "private"), (48, "_mapcount/page_type"),
          (52, "_refcount"), (56, "memcg_data")]
bad = seen = pages = 0
lists = set()
with open(f"{d}/index") as f:
    entries = [l.split() for l in f if l.strip()]
for name, kind, pfn, nr, onlined, vb in entries:
    args = ["build/zdmemmap", "dump", "--init", kind, "--start-pfn", pfn,
            "--nr-pages", nr, "--kernel", "7.3", "--kconfig", kconfig,
            "--vmemmap-start", vb, "--out", "-"]
    with open(f"{d}/{name}.bin", "rb") as f:
        got = f.read()
    base = kind.removesuffix("-free")
    args[3] = base
    if fused:
        args.append("--fused")
    if base == "hotplug":
        args += ["--block-pages", nr]
        if int(onlined, 16) != int(pfn, 16):
            args.append("--memmap-on-memory")
    if kind == "hotplug-free":
        first = next(i for i in range(int(nr))
                     if got[i * PAGE + 40:i * PAGE + 56] ==
                     (10).to_bytes(8, "little") + bytes.fromhex("000000f0") +
                     bytes(4))
        flist = int.from_bytes(got[first * PAGE + 16:first * PAGE + 24], "little")
        args += ["--through", "free", "--free-list", hex(flist)]
        lists.add(("hotplug", flist))
    if kind == "deferred-free":
        nxt = int.from_bytes(got[8:16], "little")
        prv = int.from_bytes(got[16:24], "little")
        args += ["--through", "free", "--free-list", hex(nxt),
                 "--free-list-prev", hex(prv)]
    want = subprocess.run(args, check=True, capture_output=True).stdout
    seen += 1
    pages += int(nr)
    diff = [i for i in range(int(nr)) if want[i * PAGE:(i + 1) * PAGE] != got[i * PAGE:(i + 1) * PAGE]]
    if diff:
        bad += 1
        i = diff[0]
        off = next(o for o in range(PAGE) if want[i * PAGE + o] != got[i * PAGE + o])
        field = [n for o, n in FIELDS if o <= off][-1]
        print(f"{name}: {kind} pfn {pfn}+{nr}: {len(diff)} pages differ, first pfn "
              f"{int(pfn, 16) + i:#x} {field} (+{off}): kernel "
              f"{got[i * PAGE + off:i * PAGE + off + 8].hex()} lab {want[i * PAGE + off:i * PAGE + off + 8].hex()}")
for kind in ("hotplug",):
    if len({a for k, a in lists if k == kind}) > 1:
        bad += 1
        print(f"{kind}: freed to more than one list: {sorted(hex(a) for k, a in lists if k == kind)}")
kinds = sorted({e[1] for e in entries})
print(f"ram_compare: {seen} ranges ({', '.join(kinds)}), {pages} struct pages, "
      f"{bad} ranges differ")
sys.exit(1 if bad or not seen or len(kinds) < 4 else 0)
