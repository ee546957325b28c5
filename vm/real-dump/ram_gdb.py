# SPDX-License-Identifier: GPL-2.0
# ram_gdb.py - gdb script of ram.sh: stop a QEMU guest where ordinary
# memory's struct pages are initialized and not yet freed, and again once
# they are freed, and save them.
#  - memory_notify(MEM_GOING_ONLINE, &arg): online_pages() has just run
#    memmap_init_range(..., MEMINIT_HOTPLUG, ...) over arg's pfns (and,
#    with memmap_on_memory, mhp_init_memmap_on_memory() over the pages
#    before them): save the whole memory block ("hotplug").
#  - undo_isolate_page_range(start_pfn, ...) from online_pages():
#    online_pages_range() has just freed the block: save it again
#    ("hotplug-free").
#  - __free_pages_core(page, MAX_PAGE_ORDER, ...) (on a kernel with the
#    one-pass patches __free_pages_core_prepared(), RAM_FREE_FN) once
#    deferred_init_memmap() runs: deferred_init_pages() has just written
#    that chunk ("deferred"),
#    and the chunk this CPU freed before has been freed ("deferred-free").
#    A hit for the chunk this CPU is already on is the same call seen
#    again (QEMU can report a breakpoint twice when an interrupt comes in
#    as gdb steps over it), and is ignored.
# Each dump is OUT/NAME.bin with one line in OUT/index: kind start_pfn
# nr_pages first_onlined_pfn.  Runs until the guest powers off.
import os

import gdb

OUT = os.environ["RAM_OUT"]
BLOCK = int(os.environ.get("RAM_BLOCK_PAGES", "32768"))
MAX_DEFERRED = int(os.environ.get("RAM_DEFERRED_DUMPS", "6"))
MEM_GOING_ONLINE = 3
PAGE = 64
state = {"vb": None, "n": 0, "deferred": 0, "last": {}, "going": set()}


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
            state["going"].add(start)
        return False


class OnlineDone(gdb.Breakpoint):
    def stop(self):
        start = reg("rdi")
        if start in state["going"]:
            state["going"].discard(start)
            save("hotplug-free", start - start % BLOCK, BLOCK, start)
        return False


class DeferredFree(gdb.Breakpoint):
    def stop(self):
        page, order = reg("rdi"), reg("rsi") & 0xffffffff
        if order != 10:
            return False
        cpu = gdb.selected_thread().num
        pfn = (page - vmemmap_base()) // PAGE
        last = state["last"].pop(cpu, None)
        if last == pfn:			# the same call, seen twice
            state["last"][cpu] = pfn
            return False
        # this CPU's previous call has returned: its chunk is freed
        if last is not None:
            save("deferred-free", last, 1 << order, 0)
        if state["deferred"] < MAX_DEFERRED:
            state["deferred"] += 1
            save("deferred", pfn, 1 << order, 0)
            state["last"][cpu] = pfn
        elif not state["last"]:
            self.enabled = False
        return False


class DeferredStart(gdb.Breakpoint):
    def stop(self):
        free.enabled = True
        return False


gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("target remote :" + os.environ.get("RAM_GDB_PORT", "1234"))
# __free_pages_core_prepared() on a kernel with the one-pass patches:
# the same arguments (ram.sh picks)
free = DeferredFree(os.environ.get("RAM_FREE_FN", "__free_pages_core"),
                    internal=True)
free.enabled = False
DeferredStart("deferred_init_memmap", internal=True)
Online("memory_notify", internal=True)
OnlineDone("undo_isolate_page_range", internal=True)
try:
    gdb.execute("continue")
except gdb.error:
    pass	# the guest powered off
