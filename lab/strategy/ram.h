/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ram.h - onlining memory blocks and deferred boot-time init as a patched
 * kernel runs them: the strategy picks the fast path (core/
 * memmap_fast_ram.c), which falls back to the reference when it declines.
 */
#ifndef ZDM_RAM_H
#define ZDM_RAM_H

#include "mm_model.h"
#include "zone_device.h"

/*
 * Online [start_pfn, start_pfn + nr_pages) block by block, as udev or
 * daxctl do one memory block after the other; with @memmap_on_memory each
 * block's first pages hold its memmap.  One CPU per block: the kernel's
 * multi-CPU runner is ZONE_DEVICE's alone (and wants 64 MiB of struct
 * pages, where a 2 GiB block writes 32 MiB), so template-nt-mt runs as
 * template-nt here.
 */
void zdm_online_memory_blocks(const struct zdm_memmap *mm,
			      unsigned long start_pfn, unsigned long nr_pages,
			      unsigned long block_pages, bool memmap_on_memory,
			      unsigned long zone, int nid,
			      const struct zdm_run_opts *opts);

/*
 * How many ranges (onlined blocks, deferred chunks) the core wrote in one
 * pass, as the free leaves them, since the program started: the tests'
 * way to see its *_freed() taken or declined (a declined range goes to
 * the patched kernel's slow loop, which this does not count).
 */
extern unsigned long zdm_ram_fused_ranges;

/*
 * deferred_init_memmap() for one zone's [start_pfn, end_pfn) on one node:
 * padata's split over @opts->threads CPUs (for every strategy, slow too:
 * the kernel runs the slow path that way), each chunk initialized
 * MAX_ORDER pages at a time.  The series writes deferred pages in one
 * pass only (its two-pass template path is gone): with @opts->fused the
 * patched kernel's init (the core's, or its slow loop), without it the
 * unpatched slow path whatever the strategy.  With @opts->free_pages,
 * each is then freed to the buddy allocator, as the kernel does (deferred_free_pages()): by
 * the helper right after its init, to lists of its own per chunk, or,
 * when @opts->free_list names the list, after all the init, in pfn order,
 * which writes the same bytes as one CPU would.
 */
void zdm_deferred_init_memmap(const struct zdm_memmap *mm, unsigned long zone,
			      int nid, unsigned long start_pfn,
			      unsigned long end_pfn,
			      const struct zdm_run_opts *opts);

#endif
