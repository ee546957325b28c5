/* SPDX-License-Identifier: GPL-2.0 */
/*
 * page_alloc.h - what handing fresh pages to the buddy allocator writes
 * into their struct pages (mm/page_alloc.c __free_pages_core() and
 * __free_one_page(), mm/mm_init.c deferred_free_pages()).
 *
 * This is the cost beside memmap init, for the bench: the memmap stores
 * are the kernel's, but the free lists are one list per caller, and zone
 * counters, the zone lock and the debug hooks are left out.  It is not
 * compared with a kernel.
 */
#ifndef ZDM_PAGE_ALLOC_H
#define ZDM_PAGE_ALLOC_H

#include "mm_model.h"

/* A buddy free list: the kernel address of its head, and its last entry. */
struct zdm_free_list {
	unsigned long head_kaddr;
	struct page *tail;		/* NULL: empty */
};

/*
 * Free the 1 << @order pages at @pfn (order 0 or MAX_PAGE_ORDER, aligned)
 * as @hotplug onlining or boot-time init does.
 */
void __free_pages_core(const struct zdm_memmap *mm, unsigned long pfn,
		       unsigned int order, bool hotplug,
		       struct zdm_free_list *fl);

/* The boot path's free of one chunk: its pageblocks, then the pages. */
void deferred_free_pages(const struct zdm_memmap *mm, unsigned long pfn,
			 unsigned long nr_pages, struct zdm_free_list *fl);

/* online_pages_range(): free an onlined range, MAX_ORDER at a time. */
void online_pages_range(const struct zdm_memmap *mm, unsigned long start_pfn,
			unsigned long nr_pages, struct zdm_free_list *fl);

#endif
