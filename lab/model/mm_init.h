/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm_init.h - the reference slow path: Linux 6.12.117's or 7.3.4's
 * ZONE_DEVICE memmap initialization (mm/mm_init.c, mm/internal.h, include/linux/mm.h), modelled
 * operation by operation on a zdm_memmap.  Each function keeps its kernel
 * name and takes the lab memmap first, standing in for the kernel's global
 * vmemmap and mem_section array.
 */
#ifndef ZDM_MM_INIT_H
#define ZDM_MM_INIT_H

#include "mm_model.h"

/* Counted, not taken: zdm_resched_calls() is the total so far. */
void cond_resched(void);
unsigned long zdm_resched_calls(void);

/* The one place that says which pgmap types start with refcount 0. */
unsigned int zone_device_page_init_refcount(const struct page_layout *l,
					    enum memory_type type);

void set_page_links(const struct zdm_memmap *mm, struct page *page,
		    unsigned long zone, unsigned long node, unsigned long pfn);
void set_page_section(const struct zdm_memmap *mm, struct page *page,
		      unsigned long section);
void set_page_count(struct page *page, int v);
/* What a tail's compound_head (7.3: compound_info) word holds. */
unsigned long compound_info(const struct zdm_memmap *mm,
			    const struct page *head, unsigned int order);
void set_compound_head(const struct zdm_memmap *mm, struct page *page,
		       const struct page *head, unsigned int order);
void __init_single_page(const struct zdm_memmap *mm, struct page *page,
			unsigned long pfn, unsigned long zone, int nid);
void __init_zone_device_page(const struct zdm_memmap *mm, struct page *page,
			     unsigned long pfn, unsigned long zone_idx,
			     int nid, struct dev_pagemap *pgmap);
/* The fast path's tail templates, retargeted at @head's compound. */
void prep_compound_tail_template(const struct zdm_memmap *mm,
				 struct page *tmpl, const struct page *head,
				 unsigned long idx, unsigned int order);
void prep_compound_head(const struct zdm_memmap *mm, struct page *page,
			unsigned int order);
/* For tests: a folio field on the fourth page that no kernel has yet. */
extern unsigned long zdm_prep_head_folio3_word;
void prep_compound_tail(const struct zdm_memmap *mm, struct page *head,
			int tail_idx, unsigned int order);
unsigned long compound_nr_pages(const struct zdm_memmap *mm,
				unsigned long pfn, struct vmem_altmap *altmap,
				struct dev_pagemap *pgmap);
void memmap_init_compound(const struct zdm_memmap *mm, struct page *head,
			  unsigned long head_pfn, unsigned long zone_idx,
			  int nid, struct dev_pagemap *pgmap,
			  unsigned long nr_pages);
void pageblock_migratetype_init_range(const struct zdm_memmap *mm,
				      unsigned long pfn,
				      unsigned long nr_pages, int migratetype);
void memmap_init_zone_device(const struct zdm_memmap *mm,
			     unsigned long zone_idx, int nid,
			     unsigned long start_pfn, unsigned long nr_pages,
			     struct dev_pagemap *pgmap);
bool early_section_pfn(const struct zdm_memmap *mm, unsigned long pfn);
void __set_pfnblock_flags_mask(const struct zdm_memmap *mm, unsigned long pfn,
			       unsigned long flags, unsigned long mask);
/* The block's bits the init passes write: the type, 7.3's isolate bit. */
unsigned long get_pfnblock_bits(const struct zdm_memmap *mm, unsigned long pfn);
unsigned long get_pageblock_migratetype(const struct zdm_memmap *mm,
					unsigned long pfn);

#endif
