/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/mm_init.h as core/ sees it in the lab: the slow-path helpers are the
 * model's (lab/model/mm_init*.c), which carry the kernel's names and take
 * the memmap as an extra first argument; the macros below pass the memmap
 * of the run in progress (zdm_core.mm).  What the kernel's header declares
 * for the fast paths is in ../dup.h.
 */
#ifndef ZDM_SHIM_MM_INIT_H
#define ZDM_SHIM_MM_INIT_H

#include "../../model/mm_init.h"
#include "../../model/mm_init_ram.h"
#include "../dup.h"
#include "linux/mm.h"

#define __init_single_page(page, pfn, zone, nid) \
	__init_single_page(zdm_core.mm, page, pfn, zone, nid)
#define __init_zone_device_page(page, pfn, zone_idx, nid, pgmap) \
	__init_zone_device_page(zdm_core.mm, page, pfn, zone_idx, nid, pgmap)
#define memmap_init_compound(head, pfn, zone_idx, nid, pgmap, nr) \
	memmap_init_compound(zdm_core.mm, head, pfn, zone_idx, nid, pgmap, nr)
#define compound_nr_pages(pfn, altmap, pgmap) \
	compound_nr_pages(zdm_core.mm, pfn, altmap, pgmap)
#define prep_compound_tail_template(tmpl, head, idx, order) \
	prep_compound_tail_template(zdm_core.mm, tmpl, head, idx, order)

#define MEMMAP_FOLIO_PAGES	(sizeof(struct folio) / sizeof(struct page))

/* --- copied from mm/mm_init.h --- */
/*
 * Whether struct pages may be copied from a template right now.  A copy is
 * exact only where no word of a struct page depends on its pfn: without
 * SPARSEMEM_VMEMMAP page->flags holds the section number, and
 * WANT_PAGE_VIRTUAL adds page->virtual.  A page_ref_set tracepoint expects
 * one event per page, and KASAN and KMSAN must see each field written.
 */
static inline bool memmap_template_usable(void)
{
#ifdef WANT_PAGE_VIRTUAL
	return false;
#endif
	if (!IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP))
		return false;
	if (IS_ENABLED(CONFIG_KASAN) || IS_ENABLED(CONFIG_KMSAN))
		return false;
	return !page_ref_tracepoint_active(page_ref_set);
}
/* --- end --- */

#endif
