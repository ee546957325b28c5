// SPDX-License-Identifier: GPL-2.0
/* memory_hotplug.c - the memmap side of onlining a memory block. */
#include "memory_hotplug.h"

#include "mm_init_ram.h"

unsigned long memory_block_memmap_on_memory_pages(const struct page_layout *l,
						  unsigned long block_pages)
{
	unsigned long bytes = block_pages * l->page_size;
	unsigned long nr = bytes >> ZDM_PAGE_SHIFT;

	/* page-aligned, whole pageblocks, some memory left, and (the
	 * generic arch_supports_memmap_on_memory(), x86's) whole PMDs */
	if (bytes & (ZDM_PAGE_SIZE - 1) || nr & (layout_pageblock_nr(l) - 1) ||
	    nr >= block_pages || bytes & ((2UL << 20) - 1))
		return 0;
	return nr;
}

static void reference_init_range(const struct zdm_memmap *mm,
				 unsigned long size, int nid,
				 unsigned long zone, unsigned long start_pfn,
				 int migratetype, bool isolate,
				 const void *arg)
{
	(void)arg;
	memmap_init_range(mm, size, nid, zone, start_pfn, migratetype,
			  isolate);
}

static const struct zdm_init_range_ops reference_ops = {
	.init_range = reference_init_range,
};

/*
 * move_pfn_range_to_zone(): the zone and node spans grow (not modelled:
 * no struct page changes), then memmap_init_range(..., MEMINIT_HOTPLUG,
 * NULL, migratetype, isolate).
 */
static void move_pfn_range_to_zone(const struct zdm_memmap *mm,
				   unsigned long start_pfn,
				   unsigned long nr_pages, unsigned long zone,
				   int nid, int migratetype, bool isolate,
				   const struct zdm_init_range_ops *ops)
{
	ops->init_range(mm, nr_pages, nid, zone, start_pfn, migratetype,
			isolate, ops->arg);
}

/*
 * The vmemmap pages are onlined as UNMOVABLE, not isolated, and never go
 * to the buddy: they stop being offline and are marked as holding the
 * memmap.  (kasan_add_zero_shadow() and the section state: no struct page
 * changes.)
 */
static void mhp_init_memmap_on_memory(const struct zdm_memmap *mm,
				      unsigned long pfn, unsigned long nr_pages,
				      unsigned long zone, int nid,
				      const struct zdm_init_range_ops *ops)
{
	move_pfn_range_to_zone(mm, pfn, nr_pages, zone, nid,
			       ZDM_MIGRATE_UNMOVABLE, false, ops);
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = zdm_pfn_to_page(mm, pfn + i);

		__ClearPageOffline(page);
		SetPageVmemmapSelfHosted(mm, page);
	}
}

/*
 * online_pages() up to the memmap: 6.12 passes MIGRATE_ISOLATE, 7.3
 * MOVABLE with the isolate bit (init_pageblock_migratetype() maps one on
 * the other).  The pages are freed to the buddy allocator after this.
 */
static bool online_pages(const struct zdm_memmap *mm, unsigned long pfn,
			 unsigned long nr_pages, unsigned long zone, int nid,
			 const struct zdm_init_range_ops *ops)
{
	if (ops->init_range_freed) {
		ops->init_range_freed(mm, nr_pages, nid, zone, pfn, ops->arg);
		return true;
	}
	move_pfn_range_to_zone(mm, pfn, nr_pages, zone, nid,
			       ZDM_MIGRATE_MOVABLE, true, ops);
	return false;
}

bool memory_block_online(const struct zdm_memmap *mm, unsigned long start_pfn,
			 unsigned long nr_pages, unsigned long nr_vmemmap_pages,
			 unsigned long zone, int nid,
			 const struct zdm_init_range_ops *ops)
{
	if (!ops)
		ops = &reference_ops;
	if (nr_vmemmap_pages)
		mhp_init_memmap_on_memory(mm, start_pfn, nr_vmemmap_pages,
					  zone, nid, ops);
	return online_pages(mm, start_pfn + nr_vmemmap_pages,
			    nr_pages - nr_vmemmap_pages, zone, nid, ops);
}
