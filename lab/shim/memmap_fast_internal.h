/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memmap_fast_internal.h (lab) - the kernel names core/memmap_fast.c uses,
 * supplied by the userspace model, as tools/testing/vma does for mm/vma.c.
 * In the kernel the same include brings in <linux/mm.h> and mm/internal.h.
 * Only the core includes this file: it redefines memcpy().
 *
 * The model's slow-path functions carry the kernel's names and take the
 * memmap as an extra first argument; the macros below pass the memmap of
 * the run in progress (zdm_core.mm).
 */
#ifndef _MM_MEMMAP_FAST_INTERNAL_H
#define _MM_MEMMAP_FAST_INTERNAL_H

#include <assert.h>
#include <string.h>

#include "core_env.h"
#include "fill.h"
#include "mm_init.h"
#include "mm_init_ram.h"

/* The sections of the kernel's init text: userspace frees no text. */
#define __meminit
#define __init

#define unlikely(x)		__builtin_expect(!!(x), 0)
#define min(a, b)		((a) < (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define PAGES_PER_SECTION	ZDM_PAGES_PER_SECTION
#define PAGE_SIZE		ZDM_PAGE_SIZE
#define SZ_512M			(512UL << 20)

/*
 * The struct pages that struct folio spans: four in 6.12 and in 7.3 (the
 * kernel computes it from sizeof(struct folio)).
 */
#define MEMMAP_FOLIO_PAGES	4UL

/* The model writes folio fields by offset: only the size matters here. */
struct folio {
	struct page page[MEMMAP_FOLIO_PAGES];
};

#define IS_ENABLED(option)	zdm_core_config(#option)
#define page_ref_tracepoint_active(tp)	zdm_page_ref_tracepoint

#define pfn_to_page(pfn)	zdm_pfn_to_page(zdm_core.mm, pfn)
#define __init_zone_device_page(page, pfn, zone_idx, nid, pgmap) \
	__init_zone_device_page(zdm_core.mm, page, pfn, zone_idx, nid, pgmap)
#define memmap_init_compound(head, pfn, zone_idx, nid, pgmap, nr) \
	memmap_init_compound(zdm_core.mm, head, pfn, zone_idx, nid, pgmap, nr)
#define compound_nr_pages(pfn, altmap, pgmap) \
	compound_nr_pages(zdm_core.mm, pfn, altmap, pgmap)
#define prep_compound_tail_template(tmpl, head, idx, order) \
	prep_compound_tail_template(zdm_core.mm, tmpl, head, idx, order)

/* Ordinary memory (memmap_fast_ram.c) */
#define __init_single_page(page, pfn, zone, nid) \
	__init_single_page(zdm_core.mm, page, pfn, zone, nid)
#define pageblock_nr_pages	layout_pageblock_nr(zdm_core.mm->layout)
#define pageblock_aligned(pfn)	IS_ALIGNED(pfn, pageblock_nr_pages)
#define init_pageblock_migratetype(page, migratetype, isolate) \
	init_pageblock_migratetype(zdm_core.mm, \
				   zdm_page_to_pfn(zdm_core.mm, page), \
				   migratetype, isolate)
/* hotplugged memory is never a KHO scratch area */
#define kho_scratch_migratetype(pfn, migratetype)	(migratetype)

/*
 * The kernel's mm/memmap_fast_internal.h has the same function, word for
 * word: a copy is exact only where no word of a struct page depends on its
 * pfn (without SPARSEMEM_VMEMMAP page->flags holds the section number, and
 * WANT_PAGE_VIRTUAL adds page->virtual); a page_ref_set tracepoint expects
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

/*
 * The lab's struct page is as large as the largest layout; the core only
 * ever copies whole struct pages, so copy as many bytes as this layout's.
 */
static inline void *zdm_core_memcpy(void *dst, const void *src, size_t n)
{
	if (n != sizeof(struct page))
		__builtin_trap();
	zdm_copy_page(zdm_core.mm->layout, dst, src);
	return dst;
}
#define memcpy(dst, src, n)	zdm_core_memcpy(dst, src, n)

#endif
