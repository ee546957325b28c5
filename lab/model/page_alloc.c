// SPDX-License-Identifier: GPL-2.0
/* page_alloc.c - the memmap side of freeing fresh pages to the buddy. */
#include "page_alloc.h"

#include "mm_init.h"
#include "mm_init_ram.h"
#include "page.h"

/*
 * __free_one_page() for a block that cannot merge (MAX_ORDER, or the lab's
 * order-0 pages at a chunk's edge): set_buddy_order() and
 * list_add_tail() on the free list.
 */
static void add_to_free_list(const struct zdm_memmap *mm, struct page *page,
			     unsigned int order, struct zdm_free_list *fl)
{
	unsigned long node = zdm_page_kaddr(mm, page) + PAGE_OFF_LRU_NEXT;

	page_set_word(page, PAGE_OFF_PRIVATE, order);
	page_set_u32(page, PAGE_OFF_MAPCOUNT, (uint32_t)ZDM_PGTY_BUDDY << 24);
	page_set_word(page, PAGE_OFF_LRU_NEXT, fl->head_kaddr);
	page_set_word(page, PAGE_OFF_LRU_PREV, fl->tail ?
		      zdm_page_kaddr(mm, fl->tail) + PAGE_OFF_LRU_NEXT :
		      fl->head_kaddr);
	if (fl->tail)
		page_set_word(fl->tail, PAGE_OFF_LRU_NEXT, node);
	fl->tail = page;
}

void __free_pages_core(const struct zdm_memmap *mm, unsigned long pfn,
		       unsigned int order, bool hotplug,
		       struct zdm_free_list *fl)
{
	const struct page_layout *l = mm->layout;
	struct page *page = zdm_pfn_to_page(mm, pfn);
	unsigned long nr = 1UL << order, f;
	struct page *p = page;

	for (unsigned long i = 0; i < nr; i++, p = zdm_page_add(mm, p, 1)) {
		if (hotplug)
			__ClearPageOffline(p);
		else
			page_set_flags(p, page_flags(p) &
					  ~(1UL << l->pg_reserved));
		set_page_count(p, 0);
	}
	/* free_pages_prepare(): the head's flags lose every page flag */
	f = page_flags(page) & ~((1UL << l->nr_pageflags) - 1);
	page_set_flags(page, f);
	add_to_free_list(mm, page, order, fl);
}

void deferred_free_pages(const struct zdm_memmap *mm, unsigned long pfn,
			 unsigned long nr_pages, struct zdm_free_list *fl)
{
	unsigned int max_order = mm->layout->max_page_order;

	if (!nr_pages)
		return;
	pageblock_migratetype_init_range(mm, pfn, nr_pages,
					 ZDM_MIGRATE_MOVABLE);
	if (nr_pages == 1UL << max_order && !(pfn & (nr_pages - 1))) {
		__free_pages_core(mm, pfn, max_order, false, fl);
		return;
	}
	for (unsigned long i = 0; i < nr_pages; i++)
		__free_pages_core(mm, pfn + i, 0, false, fl);
}

void online_pages_range(const struct zdm_memmap *mm, unsigned long start_pfn,
			unsigned long nr_pages, struct zdm_free_list *fl)
{
	const unsigned long end_pfn = start_pfn + nr_pages;
	unsigned int max_order = mm->layout->max_page_order;
	unsigned long pfn = start_pfn;

	/* the largest aligned order that fits, as online_pages_range() */
	while (pfn < end_pfn) {
		unsigned int order = pfn ? (unsigned int)__builtin_ctzl(pfn) :
				   max_order;

		if (order > max_order)
			order = max_order;
		while (pfn + (1UL << order) > end_pfn)
			order--;
		__free_pages_core(mm, pfn, order, true, fl);
		pfn += 1UL << order;
	}
}
