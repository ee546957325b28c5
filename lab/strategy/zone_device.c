// SPDX-License-Identifier: GPL-2.0
/* zone_device.c - the lab's patched memmap_init_zone_device(). */
#include "zone_device.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm_init.h"

const char *const memmap_strategy_names[NR_MEMMAP_STRATEGIES] = {
	[MEMMAP_SLOW] = "slow",
	[MEMMAP_TEMPLATE] = "template",
	[MEMMAP_TEMPLATE_NT] = "template-nt",
	[MEMMAP_TEMPLATE_NT_MT] = "template-nt-mt",
};

int memmap_strategy_parse(const char *name)
{
	for (int i = 0; i < NR_MEMMAP_STRATEGIES; i++)
		if (!strcmp(name, memmap_strategy_names[i]))
			return i;
	return -1;
}

struct zdm_core_env zdm_core;

bool zdm_core_config(const char *option)
{
	const struct page_layout *l = zdm_core.mm->layout;

	if (!strcmp(option, "CONFIG_SPARSEMEM_VMEMMAP"))
		return !l->section_in_flags;
	if (!strcmp(option, "CONFIG_KASAN"))
		return l->kasan;
	if (!strcmp(option, "CONFIG_KMSAN"))
		return l->kmsan;
	/* A new IS_ENABLED() in the core must be modelled, not guessed. */
	fprintf(stderr, "zdmemmap: the core asks for %s, which the lab does not model\n",
		option);
	abort();
}

bool zdm_core_begin(const struct zdm_memmap *mm,
		    const struct zdm_run_opts *opts)
{
	if (opts->strategy <= MEMMAP_SLOW ||
	    opts->strategy >= NR_MEMMAP_STRATEGIES)
		return false;
	zdm_core = (struct zdm_core_env){
		.mm = mm,
		.nt = opts->strategy >= MEMMAP_TEMPLATE_NT,
		.threads = opts->strategy == MEMMAP_TEMPLATE_NT_MT ?
			   opts->threads : 1,
		.chunk_pfns = opts->chunk_pfns,
	};
	return true;
}

void zdm_core_end(void)
{
	zdm_core.mm = NULL;
}

bool zdm_init_range_fast(const struct zdm_memmap *mm,
			 const struct zone_device_range *r,
			 const struct zdm_run_opts *opts)
{
	bool done;

	if (!zdm_core_begin(mm, opts))
		return false;
	done = zone_device_init_fast(r);
	zdm_core_end();
	return done;
}

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
	struct zone_device_range r;

	if (!pgmap || zone_idx != mm->layout->zone_device)
		return;
	if (altmap) {
		start_pfn = altmap->base_pfn + vmem_altmap_offset(altmap);
		nr_pages = end_pfn - start_pfn;
	}
	r = (struct zone_device_range){
		.start_pfn = start_pfn,
		.end_pfn = end_pfn,
		.zone_idx = zone_idx,
		.nid = nid,
		.pgmap = pgmap,
		.altmap = altmap,
	};
	if (!zdm_init_range_fast(mm, &r, opts)) {
		/* The reference recomputes the altmap offset itself. */
		memmap_init_zone_device(mm, zone_idx, nid, end_pfn - pgmap_nr,
					pgmap_nr, pgmap);
		return;
	}
	pageblock_migratetype_init_range(mm, start_pfn, nr_pages,
					 ZDM_MIGRATE_MOVABLE);
}
