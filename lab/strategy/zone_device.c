// SPDX-License-Identifier: GPL-2.0
/* zone_device.c - the lab's patched memmap_init_zone_device(). */
#include "zone_device.h"

#include "mm_init.h"

void zdm_memmap_init_zone_device(const struct zdm_memmap *mm,
				 unsigned long zone_idx, int nid,
				 unsigned long start_pfn,
				 unsigned long nr_pages,
				 struct dev_pagemap *pgmap,
				 const struct zdm_run_opts *opts)
{
	struct vmem_altmap *altmap = pgmap ? pgmap_altmap(pgmap) : NULL;
	unsigned long end_pfn = start_pfn + nr_pages;
	unsigned long pgmap_nr = nr_pages;
	struct memmap_range r;

	if (!pgmap || zone_idx != mm->layout->zone_device)
		return;
	if (altmap) {
		start_pfn = altmap->base_pfn + vmem_altmap_offset(altmap);
		nr_pages = end_pfn - start_pfn;
	}
	r = (struct memmap_range){
		.start_pfn = start_pfn,
		.end_pfn = end_pfn,
		.zone_idx = zone_idx,
		.nid = nid,
		.pgmap = pgmap,
		.altmap = altmap,
		.host = (void *)mm,
	};
	if (!memmap_init_range_fast(&r, opts->strategy, opts->threads,
				    opts->chunk_pfns)) {
		/* The reference recomputes the altmap offset itself. */
		memmap_init_zone_device(mm, zone_idx, nid, end_pfn - pgmap_nr,
					pgmap_nr, pgmap);
		return;
	}
	pageblock_migratetype_init_range(mm, start_pfn, nr_pages,
					 ZDM_MIGRATE_MOVABLE);
}
