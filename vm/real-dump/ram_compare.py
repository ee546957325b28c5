#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# ram_compare.py DIR KCONFIG - each struct page range ram_gdb.py saved
# against `zdmemmap dump` for the same pfns (7.3.4 model, that .config);
# exit 1 on any difference, or if nothing was saved.
import subprocess
import sys

d, kconfig = sys.argv[1], sys.argv[2]
PAGE = 64
FIELDS = [(0, "flags"), (8, "lru.next"), (16, "lru.prev"), (24, "mapping"),
          (32, "index"), (40, "private"), (48, "_mapcount/page_type"),
          (52, "_refcount"), (56, "memcg_data")]
bad = seen = pages = 0
with open(f"{d}/index") as f:
    entries = [l.split() for l in f if l.strip()]
for name, kind, pfn, nr, onlined, vb in entries:
    args = ["build/zdmemmap", "dump", "--init", kind, "--start-pfn", pfn,
            "--nr-pages", nr, "--kernel", "7.3", "--kconfig", kconfig,
            "--vmemmap-start", vb, "--out", "-"]
    if kind == "hotplug":
        args += ["--block-pages", nr]
        if int(onlined, 16) != int(pfn, 16):
            args.append("--memmap-on-memory")
    want = subprocess.run(args, check=True, capture_output=True).stdout
    with open(f"{d}/{name}.bin", "rb") as f:
        got = f.read()
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
kinds = sorted({e[1] for e in entries})
print(f"ram_compare: {seen} ranges ({', '.join(kinds)}), {pages} struct pages, "
      f"{bad} ranges differ")
sys.exit(1 if bad or not seen or len(kinds) < 2 else 0)
