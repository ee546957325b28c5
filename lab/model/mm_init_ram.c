// SPDX-License-Identifier: GPL-2.0
/*
 * mm_init_ram.c - struct pages of ordinary memory, as onlining and deferred
 * boot-time init leave them before the pages go to the buddy allocator.
 * Unlike a ZONE_DEVICE page, every one of them keeps __init_single_page()'s
 * empty lru list, which points at the page itself.
 */
#include "mm_init_ram.h"

#include "mm_init.h"
#include "page.h"

void __SetPageOffline(struct page *page)
{
	/* VM_BUG_ON_PAGE(page->page_type != UINT_MAX): freshly initialized */
	page_set_u32(page, PAGE_OFF_MAPCOUNT, (uint32_t)ZDM_PGTY_OFFLINE << 24);
}

void __ClearPageOffline(struct page *page)
{
	page_set_u32(page, PAGE_OFF_MAPCOUNT, UINT32_MAX);
}

void SetPageVmemmapSelfHosted(const struct zdm_memmap *mm, struct page *page)
{
	page_set_flags(page, page_flags(page) |
			     1UL << mm->layout->pg_owner_priv_1);
}

void init_pageblock_migratetype(const struct zdm_memmap *mm, unsigned long pfn,
				int migratetype, bool isolate)
{
	const struct page_layout *l = mm->layout;
	unsigned long flags = (unsigned long)migratetype;

	/*
	 * page_group_by_mobility_disabled (fewer pages than one pageblock
	 * per migratetype) turns every type into UNMOVABLE; it is never set
	 * on a machine that hotplugs memory, so it is not modelled.
	 */
	if (!l->k->pageblock_isolate_bit) {
		if (isolate)
			flags = layout_migrate_isolate(l);
	} else if (isolate) {
		flags |= 1UL << ZDM_PB_MIGRATE_ISOLATE;
	}
	__set_pfnblock_flags_mask(mm, pfn, flags, l->pageblock_mask);
}

static void init_range(const struct zdm_memmap *mm, unsigned long size,
		       int nid, unsigned long zone, unsigned long start_pfn,
		       int migratetype, bool isolate, bool freed)
{
	unsigned long pfn, end_pfn = start_pfn + size;
	const unsigned long pageblock_nr = layout_pageblock_nr(mm->layout);

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = zdm_pfn_to_page(mm, pfn);

		__init_single_page(mm, page, pfn, zone, nid);
		if (freed)
			set_page_count(page, 0);
		else
			__SetPageOffline(page);
		/* 7.3: kho_scratch_migratetype() - hotplugged memory is
		 * never a KHO scratch area */
		if (!(pfn & (pageblock_nr - 1))) {
			init_pageblock_migratetype(mm, pfn, migratetype,
						   isolate);
			cond_resched();
		}
	}
}

void memmap_init_range(const struct zdm_memmap *mm, unsigned long size,
		       int nid, unsigned long zone, unsigned long start_pfn,
		       int migratetype, bool isolate)
{
	init_range(mm, size, nid, zone, start_pfn, migratetype, isolate, false);
}

void memmap_init_range_freed(const struct zdm_memmap *mm, unsigned long size,
			     int nid, unsigned long zone,
			     unsigned long start_pfn, int migratetype,
			     bool isolate)
{
	init_range(mm, size, nid, zone, start_pfn, migratetype, isolate, true);
}

static unsigned long init_pages(const struct zdm_memmap *mm,
			       unsigned long zone, int nid, unsigned long pfn,
			       unsigned long end_pfn, bool freed)
{
	unsigned long nr_pages = end_pfn - pfn;

	for (; pfn < end_pfn; pfn++) {
		struct page *page = zdm_pfn_to_page(mm, pfn);

		__init_single_page(mm, page, pfn, zone, nid);
		if (freed)
			set_page_count(page, 0);
	}
	return nr_pages;
}

unsigned long deferred_init_pages(const struct zdm_memmap *mm,
				  unsigned long zone, int nid,
				  unsigned long pfn, unsigned long end_pfn)
{
	return init_pages(mm, zone, nid, pfn, end_pfn, false);
}

unsigned long deferred_init_pages_one_pass(const struct zdm_memmap *mm,
					   unsigned long zone, int nid,
					   unsigned long pfn,
					   unsigned long end_pfn)
{
	return init_pages(mm, zone, nid, pfn, end_pfn, true);
}
