# SPDX-License-Identifier: GPL-2.0
# ram_gdb.py - gdb script of ram.sh: stop a QEMU guest where ordinary
# memory's struct pages are initialized and not yet freed, and save them.
#  - memory_notify(MEM_GOING_ONLINE, &arg): online_pages() has just run
#    memmap_init_range(..., MEMINIT_HOTPLUG, ...) over arg's pfns (and,
#    with memmap_on_memory, mhp_init_memmap_on_memory() over the pages
#    before them): save the whole memory block.
#  - __free_pages_core(page, MAX_PAGE_ORDER, ...) once deferred_init_memmap()
#    runs: deferred_init_pages() has just written that chunk.
# Each dump is OUT/NAME.bin with one line in OUT/index: kind start_pfn
# nr_pages first_onlined_pfn.  Runs until the guest powers off.
import os

import gdb

OUT = os.environ["RAM_OUT"]
BLOCK = int(os.environ.get("RAM_BLOCK_PAGES", "32768"))
MAX_DEFERRED = int(os.environ.get("RAM_DEFERRED_DUMPS", "6"))
MEM_GOING_ONLINE = 3
PAGE = 64
state = {"vb": None, "n": 0, "deferred": 0}


def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & (2**64 - 1)


def u64(addr):
    return int.from_bytes(bytes(gdb.selected_inferior().read_memory(addr, 8)), "little")


def vmemmap_base():
    if state["vb"] is None:
        state["vb"] = u64(int(gdb.parse_and_eval("(unsigned long)&vmemmap_base")))
    return state["vb"]


def save(kind, pfn, nr, onlined):
    name = f"{kind}-{state['n']:03d}"
    state["n"] += 1
    data = gdb.selected_inferior().read_memory(vmemmap_base() + pfn * PAGE, nr * PAGE)
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(bytes(data))
    with open(os.path.join(OUT, "index"), "a") as f:
        f.write(f"{name} {kind} {pfn:#x} {nr} {onlined:#x} {vmemmap_base():#x}\n")


class Online(gdb.Breakpoint):
    def stop(self):
        if reg("rdi") == MEM_GOING_ONLINE:
            arg = reg("rsi")
            start, nr = u64(arg), u64(arg + 8)
            save("hotplug", start - start % BLOCK, BLOCK, start)
        return False


class DeferredFree(gdb.Breakpoint):
    def stop(self):
        page, order = reg("rdi"), reg("rsi") & 0xffffffff
        if order == 10 and state["deferred"] < MAX_DEFERRED:
            state["deferred"] += 1
            save("deferred", (page - vmemmap_base()) // PAGE, 1 << order, 0)
        if state["deferred"] >= MAX_DEFERRED:
            self.enabled = False
        return False


class DeferredStart(gdb.Breakpoint):
    def stop(self):
        free.enabled = True
        return False


gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("target remote :" + os.environ.get("RAM_GDB_PORT", "1234"))
free = DeferredFree("__free_pages_core", internal=True)
free.enabled = False
DeferredStart("deferred_init_memmap", internal=True)
Online("memory_notify", internal=True)
try:
    gdb.execute("continue")
except gdb.error:
    pass	# the guest powered off
