/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory_hotplug.h - onlining one memory block, as far as its memmap goes:
 * drivers/base/memory.c memory_block_online() and mm/memory_hotplug.c
 * mhp_init_memmap_on_memory() and online_pages(), Linux 6.12.117/7.3.4.
 */
#ifndef ZDM_MEMORY_HOTPLUG_H
#define ZDM_MEMORY_HOTPLUG_H

#include "mm_model.h"

/*
 * How memmap_init_range() runs: the reference, or a patched kernel's
 * (lab/strategy/ram.c).  @arg is the caller's.
 */
struct zdm_init_range_ops {
	void (*init_range)(const struct zdm_memmap *mm, unsigned long size,
			   int nid, unsigned long zone, unsigned long start_pfn,
			   int migratetype, bool isolate, const void *arg);
	/*
	 * NULL, or online_pages()'s init in one pass (a kernel with the
	 * one-pass patches and generic_online_page()): the range written as
	 * the free that follows leaves it.
	 */
	void (*init_range_freed)(const struct zdm_memmap *mm,
				 unsigned long size, int nid,
				 unsigned long zone, unsigned long start_pfn,
				 const void *arg);
	const void *arg;
};

/*
 * memory_block_memmap_on_memory_pages(): the pages at the start of each
 * block that hold the block's own memmap (memmap_on_memory, not forced),
 * or 0 when mhp_supports_memmap_on_memory() would say no: the memmap must
 * fill whole pageblocks.
 */
unsigned long memory_block_memmap_on_memory_pages(const struct page_layout *l,
						  unsigned long block_pages);

/*
 * Online [start_pfn, start_pfn + nr_pages), one memory block, into @zone
 * of node @nid, its first @nr_vmemmap_pages holding its memmap.  @ops
 * NULL: the reference memmap_init_range().  Returns true when
 * @ops->init_range_freed wrote the pages that online_pages() frees.
 */
bool memory_block_online(const struct zdm_memmap *mm, unsigned long start_pfn,
			 unsigned long nr_pages, unsigned long nr_vmemmap_pages,
			 unsigned long zone, int nid,
			 const struct zdm_init_range_ops *ops);

#endif
