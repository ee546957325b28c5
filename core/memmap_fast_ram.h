/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Template fast path for the memmap of ordinary memory: interface.
 */
#ifndef _MM_MEMMAP_FAST_RAM_H
#define _MM_MEMMAP_FAST_RAM_H

/*
 * memmap_init_range() for MEMINIT_HOTPLUG outside ZONE_DEVICE: the struct
 * pages of [start_pfn, end_pfn), offline, and its pageblocks.
 */
bool memmap_init_hotplug_fast(unsigned long start_pfn, unsigned long end_pfn,
			      unsigned long zone, int nid, int migratetype,
			      bool isolate);
/* deferred_init_pages(): the struct pages of [pfn, end_pfn) only. */
bool deferred_init_pages_fast(unsigned long pfn, unsigned long end_pfn,
			      unsigned long zone, int nid);

#endif /* _MM_MEMMAP_FAST_RAM_H */
