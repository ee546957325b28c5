// SPDX-License-Identifier: GPL-2.0
/*
 * mm_init.c - the reference slow path, in the kernel's order of operations.
 * Byte-exactness against the kernel depends on that order: for example
 * 6.12's prep_compound_head() writes the second tail's _deferred_list
 * before that tail is initialized (7.3's runs after it, so it stays), and
 * the first tail's mapping word is overwritten by folio fields.  Where 6.12
 * and 7.3 differ, the layout's kernel descriptor (kernel.c) decides.
 */
#include "mm_init.h"

#include "page.h"

unsigned int zone_device_page_init_refcount(const struct page_layout *l,
					    enum memory_type type)
{
	/* The kernel's switch in __init_zone_device_page(): kernel.c. */
	return l->k->refcount0_types & (1U << type) ? 0 : 1;
}

/* include/linux/mm.h: __mm_zero_struct_page() clears every word. */
static void mm_zero_struct_page(const struct zdm_memmap *mm, struct page *p)
{
	for (unsigned int off = 0; off < mm->layout->page_size; off += 8)
		page_set_word(p, off, 0);
}

static void set_page_zone(const struct page_layout *l, struct page *page,
			  unsigned long zone)
{
	unsigned long f = page_flags(page);

	f &= ~(layout_zones_mask(l) << l->zones_pgshift);
	f |= (zone & layout_zones_mask(l)) << l->zones_pgshift;
	page_set_flags(page, f);
}

static void set_page_node(const struct page_layout *l, struct page *page,
			  unsigned long node)
{
	unsigned long f = page_flags(page);

	f &= ~(layout_nodes_mask(l) << l->nodes_pgshift);
	f |= (node & layout_nodes_mask(l)) << l->nodes_pgshift;
	page_set_flags(page, f);
}

void set_page_section(const struct zdm_memmap *mm, struct page *page,
		      unsigned long section)
{
	const struct page_layout *l = mm->layout;
	unsigned long f = page_flags(page);

	f &= ~(layout_sections_mask(l) << l->sections_pgshift);
	f |= (section & layout_sections_mask(l)) << l->sections_pgshift;
	page_set_flags(page, f);
}

void set_page_links(const struct zdm_memmap *mm, struct page *page,
		    unsigned long zone, unsigned long node, unsigned long pfn)
{
	set_page_zone(mm->layout, page, zone);
	set_page_node(mm->layout, page, node);
	if (mm->layout->section_in_flags)
		set_page_section(mm, page, zdm_section_nr(pfn));
}

void set_page_count(struct page *page, int v)
{
	page_set_u32(page, PAGE_OFF_REFCOUNT, (uint32_t)v);
}

static void page_cpupid_reset_last(const struct page_layout *l,
				   struct page *page)
{
	if (!l->numa_balancing)
		return;
	if (l->last_cpupid_not_in_flags)
		page_set_u32(page, l->off_last_cpupid,
			     (uint32_t)(-1 & layout_last_cpupid_mask(l)));
	else
		page_set_flags(page, page_flags(page) |
			       layout_last_cpupid_mask(l) <<
			       l->last_cpupid_pgshift);
}

/*
 * KASAN_SW_TAGS/HW_TAGS: kasan_enabled() is taken as true.
 * page_kasan_tag_set() stores the tag XOR 0xff, so resetting it to
 * KASAN_TAG_KERNEL (0xff) leaves 0 in the field.  (No x86-64 config has
 * tag bits; this is for the layouts the lab can still derive.)
 */
static void page_kasan_tag_reset(const struct page_layout *l,
				 struct page *page)
{
	unsigned long mask = (1UL << l->kasan_tag_width) - 1, f;

	if (!l->kasan_tag_width)
		return;
	f = page_flags(page);
	f &= ~(mask << l->kasan_tag_pgshift);
	f |= ((ZDM_KASAN_TAG_KERNEL ^ 0xff) & mask) << l->kasan_tag_pgshift;
	page_set_flags(page, f);
}

static void init_list_head(const struct zdm_memmap *mm, struct page *page,
			   unsigned int off)
{
	unsigned long self = zdm_page_kaddr(mm, page) + off;

	page_set_word(page, off, self);
	page_set_word(page, off + 8, self);
}

void __init_single_page(const struct zdm_memmap *mm, struct page *page,
			unsigned long pfn, unsigned long zone, int nid)
{
	mm_zero_struct_page(mm, page);
	set_page_links(mm, page, zone, (unsigned long)nid, pfn);
	set_page_count(page, 1);			/* init_page_count() */
	page_set_u32(page, PAGE_OFF_MAPCOUNT, (uint32_t)-1);
	page_cpupid_reset_last(mm->layout, page);
	page_kasan_tag_reset(mm->layout, page);
	init_list_head(mm, page, PAGE_OFF_LRU_NEXT);
}

void __init_zone_device_page(const struct zdm_memmap *mm, struct page *page,
			     unsigned long pfn, unsigned long zone_idx,
			     int nid, struct dev_pagemap *pgmap)
{
	__init_single_page(mm, page, pfn, zone_idx, nid);
	page_set_flags(page, page_flags(page) | 1UL << mm->layout->pg_reserved);
	page_set_word(page, PAGE_OFF_LRU_NEXT, pgmap->kaddr);	/* ->pgmap */
	page_set_word(page, PAGE_OFF_LRU_PREV, 0);	/* ->zone_device_data */
	if (!zone_device_page_init_refcount(mm->layout, pgmap->type))
		set_page_count(page, 0);
}

/*
 * include/linux/page-flags.h.  7.3 (compound_info) stores a mask when
 * compound_info_has_mask(): HVO and a power-of-2 struct page.  It is the
 * same for every compound of an order, and decoding it (tail & info)
 * relies on the vmemmap being aligned to the compound's memmap.
 */
unsigned long compound_info(const struct zdm_memmap *mm,
			    const struct page *head, unsigned int order)
{
	const struct page_layout *l = mm->layout;

	if (l->compound_info_mask)
		return ~0UL << (order + __builtin_ctz(l->page_size)) | 1;
	return zdm_page_kaddr(mm, head) + 1;
}

void set_compound_head(const struct zdm_memmap *mm, struct page *page,
		       const struct page *head, unsigned int order)
{
	page_set_word(page, PAGE_OFF_LRU_NEXT, compound_info(mm, head, order));
}

/*
 * The fast path's tail templates (core/memmap_fast.c): make @tmpl, a copy
 * of tail @idx of a compound memmap_init_compound() built, what it writes
 * for tail @idx of the compound at @head.  Every tail points at its head;
 * in 7.3 the second tail also keeps the folio's _deferred_list, which
 * prep_compound_head() pointed at itself after the tail loop.  6.12 runs
 * prep_compound_head() before the second tail, whose own init wipes it.
 */
void prep_compound_tail_template(const struct zdm_memmap *mm,
				 struct page *tmpl, const struct page *head,
				 unsigned long idx, unsigned int order)
{
	unsigned long self;

	set_compound_head(mm, tmpl, head, order);
	if (idx != 2 || !mm->layout->k->prep_head_after_tails)
		return;
	self = zdm_page_kaddr(mm, zdm_page_add(mm, (struct page *)head, 2)) +
	       FOLIO2_OFF_DEFERRED_LIST;
	page_set_word(tmpl, FOLIO2_OFF_DEFERRED_LIST, self);
	page_set_word(tmpl, FOLIO2_OFF_DEFERRED_LIST + 8, self);
}

/* mm/internal.h, 6.12 */
static void prep_compound_head_6_12(const struct zdm_memmap *mm,
				    struct page *p1)
{
	page_set_u32(p1, FOLIO1_OFF_LARGE_MAPCOUNT, (uint32_t)-1);
	page_set_u32(p1, FOLIO1_OFF_ENTIRE_MAPCOUNT, (uint32_t)-1);
	page_set_u32(p1, FOLIO1_OFF_NR_PAGES_MAPPED, 0);
	page_set_u32(p1, FOLIO1_OFF_PINCOUNT, 0);
}

/* mm/internal.h, 7.3: the fields moved, MM_ID's are new */
static void prep_compound_head_7_3(const struct zdm_memmap *mm,
				   struct page *p1)
{
	const struct page_layout *l = mm->layout;

	page_set_u32(p1, FOLIO1_OFF_LARGE_MAPCOUNT, (uint32_t)-1);
	/* PAGE_MAPCOUNT: _nr_pages_mapped = 0, over a zero (no byte change) */
	page_set_u32(p1, FOLIO1_73_OFF_NR_PAGES_MAPPED, 0);
	if (l->mm_id) {
		page_set_word(p1, FOLIO1_73_OFF_MM_IDS, 0);
		page_set_u32(p1, FOLIO1_73_OFF_MM_ID_MAPCOUNT, (uint32_t)-1);
		page_set_u32(p1, FOLIO1_73_OFF_MM_ID_MAPCOUNT + 4,
			     (uint32_t)-1);
	}
	/* IS_ENABLED(CONFIG_64BIT) || order > 1 */
	page_set_u32(p1, FOLIO1_OFF_PINCOUNT, 0);
	page_set_u32(p1, FOLIO1_73_OFF_ENTIRE_MAPCOUNT, (uint32_t)-1);
}

/*
 * For tests: a folio field that a later kernel might add on the fourth
 * page, the last that struct folio spans.  Nonzero: the value that
 * prep_compound_head() stores at PAGE_OFF_LRU_PREV of that page.  The
 * fast path must put it there and on no other tail.  (Only 7.3 keeps it:
 * 6.12 runs prep_compound_head() before that tail's own init.)
 */
unsigned long zdm_prep_head_folio3_word;

/* mm/internal.h */
void prep_compound_head(const struct zdm_memmap *mm, struct page *page,
			unsigned int order)
{
	const struct page_layout *l = mm->layout;
	struct page *p1 = zdm_page_add(mm, page, 1);
	unsigned long f1;

	/* folio_set_order(): WARN_ON_ONCE(!order || !folio_test_large()) */
	if (!order || !(page_flags(page) & 1UL << l->pg_head))
		return;
	f1 = page_flags(p1);
	page_set_flags(p1, (f1 & ~0xffUL) | order);
	if (l->k->folio == ZDM_FOLIO_6_12) {
		page_set_u32(p1, FOLIO1_OFF_FOLIO_NR_PAGES, 1U << order);
		prep_compound_head_6_12(mm, p1);
	} else {
		if (l->nr_pages_in_folio)
			page_set_u32(p1, FOLIO1_73_OFF_NR_PAGES, 1U << order);
		prep_compound_head_7_3(mm, p1);
	}
	if (order > 1)
		init_list_head(mm, zdm_page_add(mm, page, 2),
			       FOLIO2_OFF_DEFERRED_LIST);
	if (zdm_prep_head_folio3_word && order > 1)
		page_set_word(zdm_page_add(mm, page, 3), PAGE_OFF_LRU_PREV,
			      zdm_prep_head_folio3_word);
}

void prep_compound_tail(const struct zdm_memmap *mm, struct page *head,
			int tail_idx, unsigned int order)
{
	struct page *p = zdm_page_add(mm, head, tail_idx);

	page_set_word(p, PAGE_OFF_MAPPING, mm->layout->tail_mapping);
	set_compound_head(mm, p, head, order);
	/*
	 * 6.12 stores private = 0; 7.3 only warns if it is not 0.  The
	 * page was just zeroed, so the bytes are the same either way.
	 */
	page_set_word(p, PAGE_OFF_PRIVATE, 0);
}

bool early_section_pfn(const struct zdm_memmap *mm, unsigned long pfn)
{
	unsigned long s = zdm_section_nr(pfn);

	return s >= mm->first_section &&
	       s < mm->first_section + mm->nr_sections &&
	       mm->early[s - mm->first_section];
}

/* include/linux/mm.h: __vmemmap_can_optimize() */
static bool vmemmap_can_optimize(const struct zdm_memmap *mm,
				 struct vmem_altmap *altmap,
				 struct dev_pagemap *pgmap)
{
	unsigned long size = mm->layout->page_size;
	unsigned long nr_vmemmap_pages;

	if (!mm->layout->optimize_dax_vmemmap || !pgmap ||
	    (size & (size - 1)))
		return false;
	nr_vmemmap_pages = (pgmap_vmemmap_nr(pgmap) * size) >> ZDM_PAGE_SHIFT;
	return !altmap && nr_vmemmap_pages > ZDM_VMEMMAP_RESERVE_NR;
}

unsigned long compound_nr_pages(const struct zdm_memmap *mm,
				unsigned long pfn, struct vmem_altmap *altmap,
				struct dev_pagemap *pgmap)
{
	if (early_section_pfn(mm, pfn) ||
	    !vmemmap_can_optimize(mm, altmap, pgmap))
		return pgmap_vmemmap_nr(pgmap);
	return ZDM_VMEMMAP_RESERVE_NR * (ZDM_PAGE_SIZE / mm->layout->page_size);
}

void memmap_init_compound(const struct zdm_memmap *mm, struct page *head,
			  unsigned long head_pfn, unsigned long zone_idx,
			  int nid, struct dev_pagemap *pgmap,
			  unsigned long nr_pages)
{
	unsigned long pfn, end_pfn = head_pfn + nr_pages;
	unsigned int order = pgmap->vmemmap_shift;

	page_set_flags(head, page_flags(head) | 1UL << mm->layout->pg_head);
	for (pfn = head_pfn + 1; pfn < end_pfn; pfn++) {
		struct page *page = zdm_pfn_to_page(mm, pfn);

		__init_zone_device_page(mm, page, pfn, zone_idx, nid, pgmap);
		prep_compound_tail(mm, head, pfn - head_pfn, order);
		set_page_count(page, 0);
		/*
		 * 6.12: the first tail holds the folio fields, so write them
		 * right after it - and the second tail, initialized next,
		 * wipes the _deferred_list they include.
		 */
		if (pfn == head_pfn + 1 && !mm->layout->k->prep_head_after_tails)
			prep_compound_head(mm, head, order);
	}
	/* 7.3: once, after every tail */
	if (mm->layout->k->prep_head_after_tails)
		prep_compound_head(mm, head, order);
}

static unsigned long *pageblock_word(const struct zdm_memmap *mm,
				     unsigned long pfn, unsigned int *bit)
{
	const struct page_layout *l = mm->layout;
	unsigned long s = zdm_section_nr(pfn) - mm->first_section;
	unsigned long bitidx = ((pfn & (ZDM_PAGES_PER_SECTION - 1)) >>
				l->pageblock_order) * l->nr_pageblock_bits;

	*bit = bitidx % 64;
	return &mm->usemap[s * layout_usemap_longs(l) + bitidx / 64];
}

/* mm/page_alloc.c: __set_pfnblock_flags_mask() */
void __set_pfnblock_flags_mask(const struct zdm_memmap *mm, unsigned long pfn,
			       unsigned long flags, unsigned long mask)
{
	unsigned int bit;
	unsigned long *w = pageblock_word(mm, pfn, &bit);

	*w = (*w & ~(mask << bit)) | ((flags & mask) << bit);
}

/*
 * mm/page_alloc.c: set_pfnblock_flags_mask() with MIGRATETYPE_MASK (6.12),
 * or init_pageblock_migratetype(..., isolate = false) with the isolate bit
 * in the mask too (7.3).  The skip bit is never touched.  7.3's
 * kho_scratch_migratetype() could turn MOVABLE into CMA for a block that
 * overlaps a KHO scratch area; those are carved out of RAM, never out of
 * device memory, so the lab models none.
 */
static void set_pageblock_migratetype(const struct zdm_memmap *mm,
				      unsigned long pfn, int migratetype)
{
	__set_pfnblock_flags_mask(mm, pfn, (unsigned long)migratetype,
				  mm->layout->pageblock_mask);
}

unsigned long get_pfnblock_bits(const struct zdm_memmap *mm, unsigned long pfn)
{
	unsigned int bit;
	unsigned long *w = pageblock_word(mm, pfn, &bit);

	return (*w >> bit) & mm->layout->pageblock_mask;
}

unsigned long get_pageblock_migratetype(const struct zdm_memmap *mm,
					unsigned long pfn)
{
	return get_pfnblock_bits(mm, pfn) & ZDM_MIGRATETYPE_MASK;
}

/*
 * The kernel may reschedule here; the lab counts the calls, so that a test
 * can hold every strategy to the slow path's rate: once per section.
 */
static unsigned long resched_calls;

void cond_resched(void)
{
	__atomic_fetch_add(&resched_calls, 1, __ATOMIC_RELAXED);
}

unsigned long zdm_resched_calls(void)
{
	return __atomic_load_n(&resched_calls, __ATOMIC_RELAXED);
}

void pageblock_migratetype_init_range(const struct zdm_memmap *mm,
				      unsigned long pfn,
				      unsigned long nr_pages, int migratetype)
{
	const unsigned long end = pfn + nr_pages;
	const unsigned long nr = layout_pageblock_nr(mm->layout);

	for (pfn = (pfn + nr - 1) & ~(nr - 1); pfn < end; pfn += nr)
		set_pageblock_migratetype(mm, pfn, migratetype);
}

void memmap_init_zone_device(const struct zdm_memmap *mm,
			     unsigned long zone_idx, int nid,
			     unsigned long start_pfn, unsigned long nr_pages,
			     struct dev_pagemap *pgmap)
{
	unsigned long pfn, end_pfn = start_pfn + nr_pages;
	struct vmem_altmap *altmap = pgmap ? pgmap_altmap(pgmap) : NULL;
	unsigned long pfns_per_compound;

	/* WARN_ON_ONCE(!pgmap || zone_idx != ZONE_DEVICE) */
	if (!pgmap || zone_idx != mm->layout->zone_device)
		return;
	pfns_per_compound = pgmap_vmemmap_nr(pgmap);
	if (altmap) {
		start_pfn = altmap->base_pfn + vmem_altmap_offset(altmap);
		nr_pages = end_pfn - start_pfn;
	}
	for (pfn = start_pfn; pfn < end_pfn; pfn += pfns_per_compound) {
		struct page *page = zdm_pfn_to_page(mm, pfn);

		__init_zone_device_page(mm, page, pfn, zone_idx, nid, pgmap);
		if (!(pfn & (ZDM_PAGES_PER_SECTION - 1)))
			cond_resched();
		if (pfns_per_compound == 1)
			continue;
		memmap_init_compound(mm, page, pfn, zone_idx, nid, pgmap,
				     compound_nr_pages(mm, pfn, altmap, pgmap));
	}
	pageblock_migratetype_init_range(mm, start_pfn, nr_pages,
					 ZDM_MIGRATE_MOVABLE);
}
