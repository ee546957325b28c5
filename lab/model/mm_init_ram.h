/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm_init_ram.h - the reference slow path for ordinary memory: what
 * memory onlining (memmap_init_range() with MEMINIT_HOTPLUG) and deferred
 * struct page init at boot (deferred_init_pages()) write, from Linux
 * 6.12.117 and 7.3.4 (mm/mm_init.c, mm/page_alloc.c, mm/memory_hotplug.c,
 * drivers/base/memory.c).  Same conventions as mm_init.h: kernel names,
 * the lab memmap first.
 */
#ifndef ZDM_MM_INIT_RAM_H
#define ZDM_MM_INIT_RAM_H

#include "mm_model.h"

/* include/linux/page-flags.h: page types live in page_type (_mapcount). */
void __SetPageOffline(struct page *page);
void __ClearPageOffline(struct page *page);
void SetPageVmemmapSelfHosted(const struct zdm_memmap *mm, struct page *page);

/*
 * 7.3's init_pageblock_migratetype(page, migratetype, isolate).  6.12 has
 * no isolate bit; its callers pass MIGRATE_ISOLATE as the type where 7.3
 * passes MOVABLE and isolate = true, and that is what this does for 6.12.
 */
void init_pageblock_migratetype(const struct zdm_memmap *mm, unsigned long pfn,
				int migratetype, bool isolate);

/*
 * memmap_init_range(size, nid, zone, start_pfn, 0, MEMINIT_HOTPLUG, NULL,
 * migratetype, isolate): every onlining path passes no altmap and a zone
 * other than ZONE_DEVICE.  The boot-time (MEMINIT_EARLY) and ZONE_DEVICE
 * branches are not modelled.
 */
void memmap_init_range(const struct zdm_memmap *mm, unsigned long size,
		       int nid, unsigned long zone, unsigned long start_pfn,
		       int migratetype, bool isolate);

/* The boot path's per-chunk loop: struct pages only, no pageblocks. */
unsigned long deferred_init_pages(const struct zdm_memmap *mm,
				  unsigned long zone, int nid,
				  unsigned long pfn, unsigned long end_pfn);

/*
 * The slow loops of a kernel with the 7.3 series' one-pass patches (11,
 * 12), where the fast path declines or the debug switch says slow: each
 * page as __free_pages_core() leaves it, refcount 0 and never offline,
 * for __free_pages_core_prepared() to link.  online_pages() through
 * generic_online_page() and deferred init at boot.
 */
void memmap_init_range_freed(const struct zdm_memmap *mm, unsigned long size,
			     int nid, unsigned long zone,
			     unsigned long start_pfn, int migratetype,
			     bool isolate);
unsigned long deferred_init_pages_one_pass(const struct zdm_memmap *mm,
					   unsigned long zone, int nid,
					   unsigned long pfn,
					   unsigned long end_pfn);

#endif
