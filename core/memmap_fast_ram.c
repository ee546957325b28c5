// SPDX-License-Identifier: GPL-2.0
/*
 * Template fast path for the memmap of ordinary memory: onlined memory
 * blocks and deferred struct page init at boot.
 *
 * __init_single_page() gives every struct page of one zone and node the
 * same bytes, but for one field: page->lru starts as an empty list, so its
 * two words hold the page's own address.  Build one struct page through
 * the slow path, on the stack, and copy it into every page of the range,
 * pointing each copy's lru at itself.  memmap_copy_pages_lru() does both
 * in one pass, and may use streaming stores unless told that the pages
 * are read again soon: nothing here reads back a page it has written
 * before memmap_copy_pages_done().
 *
 * The pageblock pass of onlining is kept where the slow path has it, one
 * call per pageblock, and so is its cond_resched().
 */
#include <linux/kexec_handover.h>
#include <linux/memmap_copy.h>
#include <linux/mm.h>
#include <linux/page-isolation.h>
#include <linux/sizes.h>

#include "mm_init.h"

/*
 * online_pages() frees the block to the buddy allocator right after this,
 * which reads every struct page again.  A small block's memmap is still in
 * the cache then, and streaming it out would make the free fetch it back:
 * stream only blocks of 512 MiB (8 MiB of 64-byte struct pages) and more.
 */
#define MEMMAP_HOTPLUG_STREAM_PAGES	(SZ_512M / PAGE_SIZE)

bool __meminit memmap_init_hotplug_fast(unsigned long start_pfn,
					unsigned long end_pfn,
					unsigned long zone, int nid,
					int migratetype, bool isolate)
{
	bool hot = end_pfn - start_pfn < MEMMAP_HOTPLUG_STREAM_PAGES;
	unsigned long pfn, next;
	struct page tmpl;

	if (!memmap_template_usable())
		return false;
	__init_single_page(&tmpl, start_pfn, zone, nid);
	__SetPageOffline(&tmpl);
	for (pfn = start_pfn; pfn < end_pfn; pfn = next) {
		next = min(end_pfn, ALIGN(pfn + 1, pageblock_nr_pages));
		memmap_copy_pages_lru(pfn_to_page(pfn), &tmpl, next - pfn,
				      hot);
		if (pageblock_aligned(pfn)) {
			int mt = kho_scratch_migratetype(pfn, migratetype);

			init_pageblock_migratetype(pfn_to_page(pfn), mt,
						   isolate);
			cond_resched();
		}
	}
	memmap_copy_pages_done();
	return true;
}

/*
 * The caller frees the pages to the buddy allocator right after, on this
 * CPU, which reads and writes every struct page again: keep them in the
 * cache, where streamed out the free would fetch each one back.  Other
 * CPUs may then allocate them: order the copies.
 */
bool __meminit deferred_init_pages_fast(unsigned long pfn,
					unsigned long end_pfn,
					unsigned long zone, int nid)
{
	struct page tmpl;

	if (!memmap_template_usable())
		return false;
	if (pfn >= end_pfn)
		return true;
	__init_single_page(&tmpl, pfn, zone, nid);
	memmap_copy_pages_lru(pfn_to_page(pfn), &tmpl, end_pfn - pfn, true);
	memmap_copy_pages_done();
	return true;
}
