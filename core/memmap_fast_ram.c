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
 * Where the buddy allocator gets the pages right after (onlining through
 * generic_online_page(), deferred init always), the template is a page as
 * that free leaves it, and the free only links one page per pageblock:
 * the memmap is written once, where the free would make a second pass.
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

/* The copies and pageblock pass of onlining, from template @tmpl. */
static void __meminit memmap_init_hotplug_pages(const struct page *tmpl,
						unsigned long start_pfn,
						unsigned long end_pfn,
						int migratetype, bool isolate,
						bool hot)
{
	unsigned long pfn, next;

	for (pfn = start_pfn; pfn < end_pfn; pfn = next) {
		next = min(end_pfn, ALIGN(pfn + 1, pageblock_nr_pages));
		memmap_copy_pages_lru(pfn_to_page(pfn), tmpl, next - pfn, hot);
		if (pageblock_aligned(pfn)) {
			int mt = kho_scratch_migratetype(pfn, migratetype);

			init_pageblock_migratetype(pfn_to_page(pfn), mt,
						   isolate);
			cond_resched();
		}
	}
	memmap_copy_pages_done();
}

bool __meminit memmap_init_hotplug_fast(unsigned long start_pfn,
					unsigned long end_pfn,
					unsigned long zone, int nid,
					int migratetype, bool isolate)
{
	bool hot = end_pfn - start_pfn < MEMMAP_HOTPLUG_STREAM_PAGES;
	struct page tmpl;

	if (!memmap_template_usable())
		return false;
	__init_single_page(&tmpl, start_pfn, zone, nid);
	__SetPageOffline(&tmpl);
	memmap_init_hotplug_pages(&tmpl, start_pfn, end_pfn, migratetype,
				  isolate, hot);
	return true;
}

/*
 * A fresh page as the buddy allocator links it: __free_pages_core() has
 * dropped the reference __init_single_page() gave and the PageOffline
 * that onlining set (PG_reserved, which it clears at boot, these pages
 * never had), and __free_pages_prepare() has found nothing on it to
 * clear.  __free_pages_core_prepared() still runs the latter when a debug
 * option wants to see every freed page.
 */
static void __meminit memmap_freed_template(struct page *tmpl,
					    unsigned long pfn,
					    unsigned long zone, int nid)
{
	__init_single_page(tmpl, pfn, zone, nid);
	set_page_count(tmpl, 0);
}

/*
 * memmap_init_hotplug_fast() for a range that online_pages() frees to the
 * buddy allocator right after, chunk by chunk through
 * __free_pages_core_prepared(): write every page as the free leaves it.
 * That free reads only the first page of each pageblock, so the copies
 * may stream whatever the size.
 */
bool __meminit memmap_init_hotplug_freed(unsigned long start_pfn,
					 unsigned long end_pfn,
					 unsigned long zone, int nid,
					 int migratetype, bool isolate)
{
	struct page tmpl;

	if (!memmap_template_usable())
		return false;
	memmap_freed_template(&tmpl, start_pfn, zone, nid);
	memmap_init_hotplug_pages(&tmpl, start_pfn, end_pfn, migratetype,
				  isolate, false);
	return true;
}

/*
 * deferred_init_pages(): deferred_free_pages() frees the pages right
 * after through __free_pages_core_prepared(), so write them as that free
 * leaves them, streamed, as memmap_init_hotplug_freed() does.  Other CPUs
 * may then allocate them: order the copies.
 */
bool __meminit deferred_init_pages_freed(unsigned long pfn,
					 unsigned long end_pfn,
					 unsigned long zone, int nid)
{
	struct page tmpl;

	if (!memmap_template_usable())
		return false;
	if (pfn >= end_pfn)
		return true;
	memmap_freed_template(&tmpl, pfn, zone, nid);
	memmap_copy_pages_lru(pfn_to_page(pfn), &tmpl, end_pfn - pfn, false);
	memmap_copy_pages_done();
	return true;
}
