/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.h - which kernel the lab models, and every way in which the
 * kernels differ in what memmap_init_zone_device() writes.  The table in
 * kernel.c is the one place that says it: the model's functions ask it,
 * they do not test version numbers themselves.  docs/kernel-7.3.md gives
 * the sources.
 */
#ifndef ZDM_KERNEL_H
#define ZDM_KERNEL_H

#include <stdbool.h>

enum zdm_kernel {
	ZDM_KERNEL_6_12,	/* linux-source-6.12, 6.12.117 = 6.12.118 */
	ZDM_KERNEL_7_3,		/* Debian's linux-source-7.3, 7.3.4 */
	NR_ZDM_KERNELS,
};

#define ZDM_KERNEL_DEFAULT	ZDM_KERNEL_6_12

/* The first tail's folio fields (struct folio, second page). */
enum zdm_folio_layout {
	/*
	 * 6.12: _large_mapcount 16, _entire_mapcount 20, _nr_pages_mapped
	 * 24, _pincount 28, _folio_nr_pages 32.
	 */
	ZDM_FOLIO_6_12,
	/*
	 * 7.3: _large_mapcount 16, _nr_pages_mapped 20, _entire_mapcount
	 * 24, _pincount 28, _mm_id_mapcount[2] 32, _mm_ids 40, and
	 * _nr_pages 56 with MEMCG or SLAB_OBJ_EXT.
	 */
	ZDM_FOLIO_7_3,
};

struct zdm_kernel_desc {
	const char *name;		/* "6.12", "7.3" */
	const char *release;		/* "6.12.117" */
	/* enum pageflags up to the optional flags: PG_dropbehind in 7.3 */
	unsigned int pageflags_fixed;
	/* memory types whose pages start at refcount 0 (1 << type) */
	unsigned int refcount0_types;
	/* memmap_init_compound(): prep_compound_head() after every tail,
	 * not right after the first, so the second tail keeps the
	 * _deferred_list it writes */
	bool prep_head_after_tails;
	/* tails may hold compound_info as a mask (HVO, power-of-2 page) */
	bool compound_info_mask;
	enum zdm_folio_layout folio;
	/* the pageblock's PB_migrate_isolate bit: 8-bit fields, and
	 * init_pageblock_migratetype() clears it (mask 0x17, not 0x7) */
	bool pageblock_isolate_bit;
	/* pageblock_order is bounded by PAGE_BLOCK_MAX_ORDER (default 10),
	 * not MAX_PAGE_ORDER (ARCH_FORCE_MAX_ORDER) */
	bool page_block_max_order;
	/* the 5-level vmemmap and physical address space are decided at
	 * boot (X86_5LEVEL is gone): model the 5-level ones */
	bool always_5level;
};

extern const struct zdm_kernel_desc zdm_kernels[NR_ZDM_KERNELS];

/* "6.12" or "7.3": the kernel, or -1. */
int zdm_kernel_parse(const char *name);

#endif
