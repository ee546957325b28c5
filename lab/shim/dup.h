/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup.h - declarations copied from the kernel's mm/mm_init.h as both
 * series leave it: the fast paths' entry points and the range they take.
 * Keep in sync: tests/drift.sh fails when a block marked "copied" is not
 * in mm/mm_init.h as the series (both, or the one named) leave it.  The lab's strategies call these, and the shim of
 * mm_init.h (kernel/mm_init.h) gives them to core/.
 */
#ifndef ZDM_SHIM_DUP_H
#define ZDM_SHIM_DUP_H

#include <stdbool.h>

struct dev_pagemap;
struct vmem_altmap;

/* --- copied from mm/mm_init.h, 7.3 --- */
/*
 * memmap_init_range() for MEMINIT_HOTPLUG outside ZONE_DEVICE: the struct
 * pages of [start_pfn, end_pfn), offline, and its pageblocks.
 */
bool memmap_init_hotplug_fast(unsigned long start_pfn, unsigned long end_pfn,
			      unsigned long zone, int nid, int migratetype,
			      bool isolate);
/*
 * The same for memmap_init_range_freed(), and deferred_init_pages() (the
 * struct pages of [pfn, end_pfn) only): pages that the buddy allocator
 * gets right after through __free_pages_core_prepared(), each written as
 * that free leaves it.
 */
bool memmap_init_hotplug_freed(unsigned long start_pfn, unsigned long end_pfn,
			       unsigned long zone, int nid, int migratetype,
			       bool isolate);
bool deferred_init_pages_freed(unsigned long pfn, unsigned long end_pfn,
			       unsigned long zone, int nid);
/* --- end --- */

/* --- copied from mm/mm_init.h --- */
/*
 * One memmap_init_zone_device() call, after the altmap offset has been
 * applied: [start_pfn, end_pfn) are the pfns whose struct pages it writes.
 */
struct zone_device_range {
	unsigned long start_pfn;
	unsigned long end_pfn;
	unsigned long zone_idx;
	int nid;
	struct dev_pagemap *pgmap;
	struct vmem_altmap *altmap;
};

bool zone_device_init_fast(const struct zone_device_range *r);
void zone_device_init_part(unsigned long start_pfn, unsigned long end_pfn,
			   void *range);

/*
 * Run zone_device_init_part() on parts of whole compounds of the range,
 * on several CPUs near its node, and wait for them.  Returns false,
 * having written nothing, when one CPU is the better choice (a small
 * range, a single CPU).
 */
bool zone_device_init_mt(const struct zone_device_range *r);
/* --- end --- */

#endif
