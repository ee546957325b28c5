// SPDX-License-Identifier: GPL-2.0
/*
 * ram_rules.c - invariants of ordinary memory's struct pages, stated
 * without the slow path, so that a slip in the reference shows too: the
 * page's zone and node, one reference, an empty lru list pointing at
 * itself, offline after onlining (or holding the block's memmap), and the
 * pageblocks onlining sets; written in one pass, no reference and never
 * offline.  Once freed to the buddy allocator: no reference, no page
 * flag, and buddy heads whose blocks tile the range.
 */
#include "verify.h"

#include "memory_hotplug.h"
#include "mm_init.h"
#include "page.h"

static void check_ram_page(const struct zdm_instance *in, unsigned long pfn,
			   bool vmemmap, struct zdm_verify_report *rep)
{
	const struct zdm_memmap *mm = &in->mm;
	const struct page_layout *l = mm->layout;
	const struct page *p = zdm_pfn_to_page(mm, pfn);
	unsigned long f = page_flags(p);
	unsigned long zone = (f >> l->zones_pgshift) & layout_zones_mask(l);
	unsigned long node = (f >> l->nodes_pgshift) & layout_nodes_mask(l);
	unsigned long self = zdm_page_kaddr(mm, p) + PAGE_OFF_LRU_NEXT;
	bool one_pass = in->one_pass && !vmemmap;	/* as the free leaves it */
	uint32_t type = in->sc.init == ZDM_INIT_HOTPLUG && !vmemmap &&
			!one_pass ? (uint32_t)ZDM_PGTY_OFFLINE << 24 :
			UINT32_MAX;
	uint32_t refs = one_pass ? 0 : 1;

	zdm_rule(rep, zone == in->sc.zone_idx, pfn, "page", "rule:zone",
		 in->sc.zone_idx, zone);
	zdm_rule(rep, node == ((unsigned long)in->sc.nid &
			       layout_nodes_mask(l)), pfn, "page",
		 "rule:node", in->sc.nid, node);
	zdm_rule(rep, !(f >> l->pg_reserved & 1) && !(f >> l->pg_head & 1),
		 pfn, "page", "rule:no PG_reserved/PG_head", 0,
		 f & (1UL << l->pg_reserved | 1UL << l->pg_head));
	zdm_rule(rep, !!(f >> l->pg_owner_priv_1 & 1) == vmemmap, pfn, "page",
		 "rule:PG_vmemmap_self_hosted", vmemmap,
		 f >> l->pg_owner_priv_1 & 1);
	zdm_rule(rep, page_word(p, PAGE_OFF_LRU_NEXT) == self &&
		 page_word(p, PAGE_OFF_LRU_PREV) == self, pfn, "page",
		 "rule:lru empty", self, page_word(p, PAGE_OFF_LRU_NEXT));
	zdm_rule(rep, page_u32(p, PAGE_OFF_MAPCOUNT) == type, pfn, "page",
		 "rule:page_type", type, page_u32(p, PAGE_OFF_MAPCOUNT));
	zdm_rule(rep, page_u32(p, PAGE_OFF_REFCOUNT) == refs, pfn, "page",
		 "rule:_refcount", refs, page_u32(p, PAGE_OFF_REFCOUNT));
}

/*
 * A page freed to the buddy allocator: its zone and node kept, no page
 * flag and no reference; a buddy head (the only page with a type) holds
 * its order, is aligned to it and its block lies in the range, and every
 * other page has no private.  Returns the pages the block at @pfn covers,
 * 0 when it is not a buddy head.
 */
static unsigned long check_freed_page(const struct zdm_instance *in,
				      unsigned long pfn,
				      struct zdm_verify_report *rep)
{
	const struct zdm_memmap *mm = &in->mm;
	const struct page_layout *l = mm->layout;
	const struct page *p = zdm_pfn_to_page(mm, pfn);
	unsigned long f = page_flags(p);
	unsigned long zone = (f >> l->zones_pgshift) & layout_zones_mask(l);
	unsigned long priv = page_word(p, PAGE_OFF_PRIVATE);
	uint32_t type = page_u32(p, PAGE_OFF_MAPCOUNT);
	bool buddy = type == (uint32_t)ZDM_PGTY_BUDDY << 24;
	unsigned long end = in->sc.start_pfn + in->sc.nr_pages;

	zdm_rule(rep, zone == in->sc.zone_idx, pfn, "page", "rule:zone",
		 in->sc.zone_idx, zone);
	zdm_rule(rep, !(f & ((1UL << l->nr_pageflags) - 1)), pfn, "page",
		 "rule:no page flag once freed", 0,
		 f & ((1UL << l->nr_pageflags) - 1));
	zdm_rule(rep, page_u32(p, PAGE_OFF_REFCOUNT) == 0, pfn, "page",
		 "rule:_refcount 0 once freed", 0,
		 page_u32(p, PAGE_OFF_REFCOUNT));
	zdm_rule(rep, buddy || type == UINT32_MAX, pfn, "page",
		 "rule:page_type buddy or none", UINT32_MAX, type);
	if (!buddy) {
		zdm_rule(rep, !priv, pfn, "page", "rule:private", 0, priv);
		return 0;
	}
	if (priv > l->max_page_order || pfn & ((1UL << priv) - 1) ||
	    pfn + (1UL << priv) > end) {
		zdm_rule(rep, false, pfn, "page", "rule:buddy order",
			 l->max_page_order, priv);
		return 1;
	}
	return 1UL << priv;
}

/* 7.3: MOVABLE with the isolate bit; 6.12: MIGRATE_ISOLATE itself. */
static unsigned long onlined_block_bits(const struct page_layout *l)
{
	if (l->k->pageblock_isolate_bit)
		return ZDM_MIGRATE_MOVABLE | 1UL << ZDM_PB_MIGRATE_ISOLATE;
	return layout_migrate_isolate(l);
}

void zdm_check_ram_invariants(const struct zdm_instance *in,
			      struct zdm_verify_report *rep)
{
	const struct zdm_scenario *sc = &in->sc;
	const struct zdm_memmap *mm = &in->mm;
	const struct page_layout *l = mm->layout;
	unsigned long end = sc->start_pfn + sc->nr_pages;
	unsigned long nr_vmemmap = 0, blk = layout_pageblock_nr(l);
	bool hotplug = sc->init == ZDM_INIT_HOTPLUG;
	unsigned long tiled = 0;	/* end of the last buddy block seen */

	if (hotplug && sc->memmap_on_memory)
		nr_vmemmap = memory_block_memmap_on_memory_pages(l,
							sc->block_pages);
	for (unsigned long pfn = sc->start_pfn; pfn < end; pfn++) {
		bool vmemmap = hotplug &&
			((pfn - sc->start_pfn) & (sc->block_pages - 1)) <
			nr_vmemmap;

		if (in->freed && !vmemmap) {
			unsigned long n = check_freed_page(in, pfn, rep);

			/* a free page is in exactly one buddy block */
			zdm_rule(rep, n ? pfn >= tiled : pfn < tiled, pfn,
				 "page", "rule:buddy blocks tile the range",
				 tiled, pfn);
			if (n)
				tiled = pfn + n;
		} else {
			check_ram_page(in, pfn, vmemmap, rep);
		}
		if (!hotplug || pfn & (blk - 1))
			continue;
		zdm_rule(rep, get_pfnblock_bits(mm, pfn) == (vmemmap ?
			 ZDM_MIGRATE_UNMOVABLE : onlined_block_bits(l)), pfn,
			 "pageblock", "rule:migratetype", vmemmap ?
			 ZDM_MIGRATE_UNMOVABLE : onlined_block_bits(l),
			 get_pfnblock_bits(mm, pfn));
	}
}
