/* SPDX-License-Identifier: GPL-2.0 */
/*
 * layout.h - struct page geometry and page->flags layout of one kernel
 * config, derived as include/linux/page-flags-layout.h, mmzone.h, mm.h,
 * page-flags.h and kernel/bounds.c do in Linux 6.12.117 or 7.3.4
 * (x86-64; kernel.h says where the two differ).
 */
#ifndef ZDM_LAYOUT_H
#define ZDM_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "kconfig.h"
#include "kernel.h"

#define ZDM_PAGE_SHIFT		12
#define ZDM_PAGE_SIZE		(1UL << ZDM_PAGE_SHIFT)
#define ZDM_SECTION_SIZE_BITS	27	/* arch/x86/include/asm/sparsemem.h */
#define ZDM_PFN_SECTION_SHIFT	(ZDM_SECTION_SIZE_BITS - ZDM_PAGE_SHIFT)
#define ZDM_PAGES_PER_SECTION	(1UL << ZDM_PFN_SECTION_SHIFT)
#define ZDM_VMEMMAP_RESERVE_NR	2
#define ZDM_MAX_PAGE_BYTES	96	/* mm_zero_struct_page()'s limit */
#define ZDM_MIGRATETYPE_MASK	7UL	/* PB_migrate_0..2 */
#define ZDM_MIGRATE_UNMOVABLE	0
#define ZDM_MIGRATE_MOVABLE	1
#define ZDM_MIGRATE_RECLAIMABLE	2
#define ZDM_PB_MIGRATE_ISOLATE	4	/* 7.3: enum pageblock_bits */
#define ZDM_PGTY_OFFLINE	0xf1	/* enum pagetype, in page_type's top byte */
#define ZDM_PGTY_BUDDY		0xf0
#define ZDM_KASAN_TAG_KERNEL	0xffUL
#define ZDM_NO_FIELD		(~0u)

struct page_layout {
	enum zdm_kernel kernel;
	const struct zdm_kernel_desc *k;	/* &zdm_kernels[kernel] */

	/* What bounds.c and the zone enum give. */
	unsigned int nr_pageflags;
	unsigned int max_nr_zones;
	unsigned int zone_device;	/* ZONE_DEVICE's index */
	unsigned int nr_cpus_bits;

	/* page->flags fields: width and shift (0/0 when absent). */
	unsigned int sections_width, sections_pgshift;
	unsigned int nodes_shift, nodes_width, nodes_pgshift;
	unsigned int zones_width, zones_pgshift;
	unsigned int last_cpupid_shift, last_cpupid_width, last_cpupid_pgshift;
	unsigned int kasan_tag_width, kasan_tag_pgshift;
	unsigned int lru_gen_width;
	bool numa_balancing;		/* page_cpupid_reset_last() acts */
	bool last_cpupid_not_in_flags;	/* it then writes _last_cpupid */
	bool section_in_flags;		/* set_page_links() stores the section */

	/* Page flag bit numbers, from enum pageflags. */
	unsigned int pg_head, pg_reserved;
	unsigned int pg_owner_priv_1;	/* PG_vmemmap_self_hosted */

	/* struct page geometry; ZDM_NO_FIELD when the member is absent. */
	unsigned int page_size;
	unsigned int off_memcg_data;	/* memcg_data or _unused_slab_obj_exts */
	unsigned int off_last_cpupid;
	unsigned int off_kmsan;

	unsigned long tail_mapping;	/* TAIL_MAPPING */
	unsigned int pageblock_order;
	unsigned int nr_pageblock_bits;	/* NR_PAGEBLOCK_BITS: 4, or 8 */
	unsigned long pageblock_mask;	/* what the init pass may change */
	unsigned int max_page_order;	/* MAX_PAGE_ORDER: the buddy's top */
	bool cma;			/* MIGRATE_CMA sits before ISOLATE */
	/* 7.3: what prep_compound_head() and set_compound_head() write */
	bool compound_info_mask;	/* tails hold a mask, not head | 1 */
	bool mm_id;			/* CONFIG_MM_ID: _mm_id_mapcount */
	bool nr_pages_in_folio;		/* NR_PAGES_IN_LARGE_FOLIO: _nr_pages */
	bool optimize_dax_vmemmap;	/* ARCH_WANT_OPTIMIZE_DAX_VMEMMAP */
	bool kasan, kmsan;		/* the fast path stays off under these */
	bool x86_5level;
};

/*
 * The layout @kernel gives the config: 0, or -1 with a one-line reason in
 * @err (a config we cannot model).
 */
int page_layout_from_kconfig(struct page_layout *l, const struct kconfig *kc,
			     enum zdm_kernel kernel, char *err, size_t errlen);
int page_layout_parse(struct page_layout *l, const char *text,
		      const char *what, enum zdm_kernel kernel, char *err,
		      size_t errlen);
/* @path NULL: the built-in default config. */
int page_layout_load(struct page_layout *l, const char *path,
		     enum zdm_kernel kernel, char *err, size_t errlen);

static inline unsigned long layout_zones_mask(const struct page_layout *l)
{
	return (1UL << l->zones_width) - 1;
}

static inline unsigned long layout_nodes_mask(const struct page_layout *l)
{
	return (1UL << l->nodes_width) - 1;
}

static inline unsigned long layout_sections_mask(const struct page_layout *l)
{
	return (1UL << l->sections_width) - 1;
}

static inline unsigned long layout_last_cpupid_mask(const struct page_layout *l)
{
	return (1UL << l->last_cpupid_shift) - 1;
}

/*
 * 6.12's MIGRATE_ISOLATE: a migratetype of its own, after MIGRATE_CMA when
 * there is one.  (MEMORY_HOTPLUG selects MEMORY_ISOLATION.)
 */
static inline unsigned int layout_migrate_isolate(const struct page_layout *l)
{
	return 4 + l->cma;
}

/* enum zone_type: ZONE_MOVABLE sits just below ZONE_DEVICE. */
static inline unsigned int layout_zone_movable(const struct page_layout *l)
{
	return l->zone_device - 1;
}

static inline unsigned long layout_pageblock_nr(const struct page_layout *l)
{
	return 1UL << l->pageblock_order;
}

/* Longs of pageblock bitmap per section (section_to_usemap()). */
static inline unsigned long layout_usemap_longs(const struct page_layout *l)
{
	unsigned long bits = (ZDM_PAGES_PER_SECTION >> l->pageblock_order) *
			     l->nr_pageblock_bits;

	return (bits + 63) / 64;
}

#endif
