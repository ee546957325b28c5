# SPDX-License-Identifier: GPL-2.0
# compare.py IMG PHYS_START_HEX SHIFT TYPE KCONFIG KERNEL: the struct pages
# a real kernel left in a map=dev namespace's backing file, against
# `zdmemmap dump` for the same pgmap.  The memmap of a map=dev namespace
# lives on the namespace itself: the pfn info block at 4K gives dataoff,
# and vmemmap_populate() takes one 2 MiB block per 128 MiB section from
# the altmap, the first at the first 2 MiB boundary after the info block.
# The kernel addresses (pgmap, vmemmap base) are read back from the pages.
import struct, subprocess, sys
img, phys, shift, typ, kconfig, kernel = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
f = open(img, 'rb').read()
sb = f[4096:4096 + 128]
sig = sb[:16]
dataoff, npfns = struct.unpack_from('<QQ', sb, 56)
mode, start_pad, end_trunc, align = struct.unpack_from('<IIII', sb, 72)
print('info', sig, 'dataoff', hex(dataoff), 'npfns', npfns, 'start_pad', start_pad, 'end_trunc', end_trunc, 'align', hex(align))
base = (phys + start_pad) >> 12
nr = (len(f) - start_pad - end_trunc) >> 12
reserve = 2
free = (dataoff >> 12) - reserve
init = base + reserve + free
SEC = 32768
def off(p):
    return (2 << 20) * (1 + (p // SEC - base // SEC)) + (p % SEC) * 64
# kernel addresses from the real pages: pgmap from the head, vmemmap base
# from the second tail's _deferred_list (7.3) or tail1's compound_head (6.12)
head = f[off(init):off(init) + 64]
pgmap = struct.unpack_from('<Q', head, 8)[0]
t1 = struct.unpack_from('<Q', f, off(init + 1) + 8)[0]
t2 = struct.unpack_from('<Q', f, off(init + 2) + 16)[0]
vm = (t2 - 16) - (init + 2) * 64 if shift >= 2 else (t1 - 1) - init * 64 if shift else 0xffd4000000000000  # order 0: no address-dependent word
print('base pfn', hex(base), 'nr', hex(nr), 'free', free, 'init', hex(init), 'pgmap', hex(pgmap), 'vmemmap', hex(vm), 'tail1+8', hex(t1))
cmd = ['build/zdmemmap', 'dump', '--kernel', kernel, '--kconfig', kconfig,
       '--type', typ, '--vmemmap-shift', str(shift), '--start-pfn', hex(base),
       '--nr-pages', hex(nr), '--altmap-reserve', str(reserve), '--altmap-free', str(free),
       '--pgmap', hex(pgmap), '--vmemmap-start', hex(vm), '--out', '-']
bad = 0
for strat in ('slow', 'template-nt-mt'):
    exp = subprocess.run(cmd + ['--strategy', strat, '--threads', '2'], capture_output=True, check=True).stdout
    n = len(exp) // 64
    mism = 0
    for i in range(n):
        p = init + i
        a = f[off(p):off(p) + 64]
        e = exp[i * 64:(i + 1) * 64]
        if a != e:
            if mism < 4:
                aw = struct.unpack('<8Q', a); ew = struct.unpack('<8Q', e)
                print('pfn', hex(p), 'idx', i % (1 << shift), [(k * 8, hex(ew[k]), hex(aw[k])) for k in range(8) if aw[k] != ew[k]])
            mism += 1
    print(strat, 'pages', n, 'mismatching pages', mism)
    bad += mism
sys.exit(1 if bad else 0)
