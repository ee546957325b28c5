/* SPDX-License-Identifier: GPL-2.0 */
/*
 * page_alloc.h - what handing fresh pages to the buddy allocator writes
 * into their struct pages: mm/page_alloc.c's __free_pages_core(),
 * __free_pages_prepare(), split_large_buddy() and __free_one_page() (with
 * its merging), and their callers online_pages_range()
 * (mm/memory_hotplug.c) and deferred_free_pages() (mm/mm_init.c), as
 * 7.3.4 has them; 6.12.118's differ in nothing these pages reach.
 *
 * Modelled: every store to a struct page, the free lists' links through
 * page->lru (with list_del()'s poison), and the lists' heads, at kernel
 * addresses.  Not modelled: the zone's counters and lock, the pcp lists
 * (fresh pages bypass them), and the debug hooks, which a kernel with
 * them on would run (page poisoning, init_on_free, page_owner, KASAN...).
 * A buddy outside the memmap modelled here counts as not free.
 */
#ifndef ZDM_PAGE_ALLOC_H
#define ZDM_PAGE_ALLOC_H

#include "mm_model.h"

/* MAX_PAGE_ORDER + 1, at most: layout.c holds MAX_PAGE_ORDER to 1..15 */
#define ZDM_BUDDY_ORDERS	16

/* include/linux/poison.h with x86-64's CONFIG_ILLEGAL_POINTER_VALUE */
#define ZDM_LIST_POISON1	0xdead000000000100UL
#define ZDM_LIST_POISON2	0xdead000000000122UL

/*
 * The free lists that one run's frees go to: free_area[order].free_list[mt]
 * of one zone, for every order and one migratetype (MIGRATE_ISOLATE while
 * onlining, MIGRATE_MOVABLE at boot: every page of either has the same).
 * A list head is a struct list_head in the zone: its address, and its own
 * next and prev.
 */
struct zdm_free_area {
	const struct zdm_memmap *mm;
	unsigned long head[ZDM_BUDDY_ORDERS];	/* &free_list[mt] per order */
	unsigned long next[ZDM_BUDDY_ORDERS], prev[ZDM_BUDDY_ORDERS];
};

/*
 * @max_list: the address of free_area[MAX_PAGE_ORDER].free_list[mt]; the
 * lower orders' lists are one struct free_area (a list_head per
 * migratetype, then nr_free) apart each, as in struct zone.  Every list
 * starts empty, except that @max_prev, when not 0, is the &page->lru of
 * the entry already at the tail of the MAX_PAGE_ORDER list.
 */
void zdm_free_area_init(struct zdm_free_area *fa, const struct zdm_memmap *mm,
			unsigned long max_list, unsigned long max_prev);

/* sizeof(struct free_area) for this layout's config */
unsigned long zdm_free_area_size(const struct page_layout *l);

/*
 * Free the 1 << @order pages at @pfn, aligned to their order, as @hotplug
 * onlining (generic_online_page()) or boot-time init does.
 */
void __free_pages_core(struct zdm_free_area *fa, unsigned long pfn,
		       unsigned int order, bool hotplug);

/*
 * __free_pages_core() for pages whose memmap init already wrote them as
 * the free leaves them (in one pass, lab/strategy/ram.c): only the
 * buddy allocator's links, unless zdm_fresh_pages_prepare stands for a
 * debug option that wants every freed page (page poisoning, init_on_free,
 * a tracer...: the kernel's fresh_pages_need_prepare()), when
 * __free_pages_prepare()'s stores run too.  zdm_prepares_skipped counts
 * the frees that went without them.
 */
void __free_pages_core_prepared(struct zdm_free_area *fa, unsigned long pfn,
				unsigned int order);
extern bool zdm_fresh_pages_prepare;
extern unsigned long zdm_prepares_skipped;

/*
 * The boot path's free of one chunk: its pageblocks, then the pages,
 * @prepared when the init wrote them in one pass.
 */
void deferred_free_pages(struct zdm_free_area *fa, unsigned long pfn,
			 unsigned long nr_pages, bool prepared);

/*
 * online_pages_range(): free an onlined range, MAX_ORDER at a time,
 * @prepared when the init wrote it in one pass.
 */
void online_pages_range(struct zdm_free_area *fa, unsigned long start_pfn,
			unsigned long nr_pages, bool prepared);

#endif
