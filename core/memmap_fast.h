/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Template fast path for ZONE_DEVICE memmap initialization: interface.
 */
#ifndef _MM_MEMMAP_FAST_H
#define _MM_MEMMAP_FAST_H

struct dev_pagemap;
struct vmem_altmap;

/*
 * One memmap_init_zone_device() call, after the altmap offset has been
 * applied: [start_pfn, end_pfn) are the pfns whose struct pages it writes.
 */
struct memmap_range {
	unsigned long start_pfn;
	unsigned long end_pfn;
	unsigned long zone_idx;
	int nid;
	struct dev_pagemap *pgmap;
	struct vmem_altmap *altmap;
};

bool memmap_init_range_fast(const struct memmap_range *r);
void memmap_init_range_part(unsigned long start_pfn, unsigned long end_pfn,
			    void *range);

/*
 * Defined beside padata: run memmap_init_range_part() on parts of whole
 * compounds of the range, on several CPUs near its node, and wait for
 * them.  Returns false, having written nothing, when one CPU is the
 * better choice (a small range, a single CPU).
 */
bool memmap_init_range_mt(const struct memmap_range *r);

#endif /* _MM_MEMMAP_FAST_H */
