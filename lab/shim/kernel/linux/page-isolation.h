/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/page-isolation.h> (and the <linux/pageblock-flags.h> it brings)
 * in the lab: the pageblock helpers of onlining, on the model's pageblock
 * bitmap (lab/model/mm_init_ram.c).
 */
#ifndef ZDM_SHIM_LINUX_PAGE_ISOLATION_H
#define ZDM_SHIM_LINUX_PAGE_ISOLATION_H

#include "../../../model/mm_init_ram.h"
#include "mm.h"

#define pageblock_nr_pages	layout_pageblock_nr(zdm_core.mm->layout)
#define pageblock_aligned(pfn)	IS_ALIGNED(pfn, pageblock_nr_pages)
#define init_pageblock_migratetype(page, migratetype, isolate) \
	init_pageblock_migratetype(zdm_core.mm, \
				   zdm_page_to_pfn(zdm_core.mm, page), \
				   migratetype, isolate)

#endif
