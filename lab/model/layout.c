// SPDX-License-Identifier: GPL-2.0
/*
 * layout.c - compute struct page and page->flags layout from a .config.
 * Each step names the 6.12.117 header it follows; where 7.3.4 differs, the
 * kernel's descriptor (kernel.c) says how.
 */
#include "layout.h"

#include <stdio.h>
#include <string.h>

static unsigned int order_base_2(unsigned long long n)
{
	unsigned int o = 0;

	while ((1ULL << o) < n)
		o++;
	return o;
}

static unsigned int align_up(unsigned int v, unsigned int a)
{
	return (v + a - 1) / a * a;
}

/* enum pageflags (page-flags.h): the fixed bits, then the optional ones. */
static unsigned int nr_pageflags(const struct page_layout *l,
				 const struct kconfig *kc)
{
	unsigned int n = l->k->pageflags_fixed;

	n += kconfig_enabled(kc, "MMU");
	n += kconfig_enabled(kc, "MEMORY_FAILURE");
	if (kconfig_enabled(kc, "PAGE_IDLE_FLAG") &&
	    kconfig_enabled(kc, "64BIT"))
		n += 2;
	n += kconfig_enabled(kc, "ARCH_USES_PG_ARCH_2");
	n += kconfig_enabled(kc, "ARCH_USES_PG_ARCH_3");
	return n;
}

/* enum zone_type (mmzone.h); ZONE_MOVABLE is always there. */
static void zones(struct page_layout *l, const struct kconfig *kc)
{
	unsigned int n = 0;

	n += kconfig_enabled(kc, "ZONE_DMA");
	n += kconfig_enabled(kc, "ZONE_DMA32");
	n++;					/* ZONE_NORMAL */
	n += kconfig_enabled(kc, "HIGHMEM");
	n++;					/* ZONE_MOVABLE */
	l->zone_device = n++;
	l->max_nr_zones = n;
	if (n < 2)
		l->zones_width = 0;
	else if (n <= 2)
		l->zones_width = 1;
	else if (n <= 4)
		l->zones_width = 2;
	else
		l->zones_width = 3;
}

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "kconfig: %s", msg);
	return -1;
}

/* page-flags-layout.h: widths, then the "not in page flags" fallbacks. */
static int flags_widths(struct page_layout *l, const struct kconfig *kc,
			char *err, size_t errlen)
{
	unsigned int avail = 64 - l->nr_pageflags;
	unsigned long long v;
	bool vmemmap = kconfig_enabled(kc, "SPARSEMEM_VMEMMAP");

	l->section_in_flags = !vmemmap;
	l->sections_width = vmemmap ? 0 :
		(l->x86_5level ? 52 : 46) - ZDM_SECTION_SIZE_BITS;

	l->lru_gen_width = kconfig_enabled(kc, "LRU_GEN") ?
			   order_base_2(4 + 1) : 0;	/* MAX_NR_GENS + 1 */

	if (kconfig_number(kc, "NODES_SHIFT", 0, &v) || v > 10)
		return fail(err, errlen, "CONFIG_NODES_SHIFT is not 0..10");
	l->nodes_shift = kconfig_enabled(kc, "NUMA") ? (unsigned int)v : 0;
	if (l->zones_width + l->lru_gen_width + l->sections_width +
	    l->nodes_shift <= avail)
		l->nodes_width = l->nodes_shift;
	else if (vmemmap)
		return fail(err, errlen,
			    "Vmemmap: no space for nodes field in page flags");
	else
		l->nodes_width = 0;

	l->kasan = kconfig_enabled(kc, "KASAN");
	l->kmsan = kconfig_enabled(kc, "KMSAN");
	l->kasan_tag_width = (kconfig_enabled(kc, "KASAN_SW_TAGS") ||
			      kconfig_enabled(kc, "KASAN_HW_TAGS")) ? 8 : 0;

	if (kconfig_number(kc, "NR_CPUS", 1, &v) || v < 1 || v > 8192)
		return fail(err, errlen, "CONFIG_NR_CPUS is not 1..8192");
	l->nr_cpus_bits = kconfig_enabled(kc, "SMP") ? order_base_2(v) : 0;
	l->numa_balancing = kconfig_enabled(kc, "NUMA_BALANCING");
	l->last_cpupid_shift = l->numa_balancing ? 8 + l->nr_cpus_bits : 0;
	if (l->zones_width + l->lru_gen_width + l->sections_width +
	    l->nodes_width + l->kasan_tag_width + l->last_cpupid_shift <= avail)
		l->last_cpupid_width = l->last_cpupid_shift;
	else
		l->last_cpupid_width = 0;
	l->last_cpupid_not_in_flags = l->last_cpupid_shift &&
				      !l->last_cpupid_width;

	if (l->zones_width + l->lru_gen_width + l->sections_width +
	    l->nodes_width + l->kasan_tag_width + l->last_cpupid_width > avail)
		return fail(err, errlen, "not enough bits in page flags");
	return 0;
}

/* mmzone.h: fields packed down from bit 63; absent fields get shift 0. */
static void flags_shifts(struct page_layout *l)
{
	unsigned int sections_off = 64 - l->sections_width;
	unsigned int nodes_off = sections_off - l->nodes_width;
	unsigned int zones_off = nodes_off - l->zones_width;
	unsigned int cpupid_off = zones_off - l->last_cpupid_width;
	unsigned int kasan_off = cpupid_off - l->kasan_tag_width;

	l->sections_pgshift = l->sections_width ? sections_off : 0;
	l->nodes_pgshift = l->nodes_width ? nodes_off : 0;
	l->zones_pgshift = l->zones_width ? zones_off : 0;
	l->last_cpupid_pgshift = l->last_cpupid_width ? cpupid_off : 0;
	l->kasan_tag_pgshift = l->kasan_tag_width ? kasan_off : 0;
}

/* mm_types.h: the optional members after _refcount, then the alignment. */
static void page_geometry(struct page_layout *l, const struct kconfig *kc)
{
	unsigned int off = 56;

	l->off_memcg_data = ZDM_NO_FIELD;
	l->off_last_cpupid = ZDM_NO_FIELD;
	l->off_kmsan = ZDM_NO_FIELD;
	if (kconfig_enabled(kc, "MEMCG") || kconfig_enabled(kc, "SLAB_OBJ_EXT")) {
		l->off_memcg_data = off;
		off += 8;
	}
	if (l->last_cpupid_not_in_flags) {
		l->off_last_cpupid = off;
		off += 4;
	}
	if (l->kmsan) {
		off = align_up(off, 8);
		l->off_kmsan = off;
		off += 16;
	}
	/* x86 selects HAVE_ALIGNED_STRUCT_PAGE: 2 * sizeof(long). */
	l->page_size = align_up(off, kconfig_enabled(kc,
				"HAVE_ALIGNED_STRUCT_PAGE") ? 16 : 8);
}

/*
 * pageblock-flags.h: the order, and the bits of each block's field.  7.3
 * bounds the order by PAGE_BLOCK_MAX_ORDER and, with MEMORY_ISOLATION
 * (which MEMORY_HOTPLUG, and so ZONE_DEVICE, selects), gives each block
 * 8 bits whose isolate bit the init pass clears.
 */
static int pageblock(struct page_layout *l, const struct kconfig *kc,
		     char *err, size_t errlen)
{
	const char *sym = l->k->page_block_max_order ? "PAGE_BLOCK_MAX_ORDER" :
			  "ARCH_FORCE_MAX_ORDER";
	unsigned long long max_order;

	if (kconfig_number(kc, sym, 10, &max_order) || max_order < 1 ||
	    max_order > (l->k->page_block_max_order ? 10 : 15)) {
		snprintf(err, errlen, "kconfig: CONFIG_%s is not 1..%u", sym,
			 l->k->page_block_max_order ? 10 : 15);
		return -1;
	}
	if (kconfig_enabled(kc, "HUGETLB_PAGE") ||
	    kconfig_enabled(kc, "TRANSPARENT_HUGEPAGE"))
		l->pageblock_order = max_order < 9 ? max_order : 9;
	else
		l->pageblock_order = max_order;
	/* x86 has no ARCH_FORCE_MAX_ORDER: MAX_PAGE_ORDER is 10 */
	if (kconfig_number(kc, "ARCH_FORCE_MAX_ORDER", 10, &max_order) ||
	    max_order < 1 || max_order > 15) {
		snprintf(err, errlen, "kconfig: CONFIG_ARCH_FORCE_MAX_ORDER is not 1..15");
		return -1;
	}
	l->max_page_order = max_order;
	l->nr_pageblock_bits = l->k->pageblock_isolate_bit ? 8 : 4;
	l->pageblock_mask = ZDM_MIGRATETYPE_MASK |
			    (l->k->pageblock_isolate_bit ? 1UL << 4 : 0);
	return 0;
}

/*
 * What 7.3's prep_compound_head() and set_compound_head() depend on.  A
 * 7.3 .config names MM_ID and HUGETLB_PAGE_OPTIMIZE_VMEMMAP when they are
 * set; a config written for 6.12 (the built-in ones) does not, so without
 * a line for them take them as Kconfig would derive them.
 */
static void folio_fields(struct page_layout *l, const struct kconfig *kc)
{
	bool hvo, has_line;

	if (l->k->folio != ZDM_FOLIO_7_3)
		return;
	has_line = kconfig_has(kc, "HUGETLB_PAGE_OPTIMIZE_VMEMMAP");
	hvo = has_line ? kconfig_enabled(kc, "HUGETLB_PAGE_OPTIMIZE_VMEMMAP") :
	      (kconfig_enabled(kc, "HUGETLBFS") ||
	       kconfig_enabled(kc, "HUGETLB_PAGE")) &&
	      kconfig_enabled(kc, "SPARSEMEM_VMEMMAP");
	/* compound_info_has_mask(): HVO and a power-of-2 struct page */
	l->compound_info_mask = l->k->compound_info_mask && hvo &&
				!(l->page_size & (l->page_size - 1));
	l->mm_id = kconfig_has(kc, "MM_ID") ? kconfig_enabled(kc, "MM_ID") :
		   kconfig_enabled(kc, "TRANSPARENT_HUGEPAGE");
	l->nr_pages_in_folio = kconfig_enabled(kc, "MEMCG") ||
			       kconfig_enabled(kc, "SLAB_OBJ_EXT");
}

int page_layout_from_kconfig(struct page_layout *l, const struct kconfig *kc,
			     enum zdm_kernel kernel, char *err, size_t errlen)
{
	unsigned long long poison;

	memset(l, 0, sizeof(*l));
	if (kernel < 0 || kernel >= NR_ZDM_KERNELS)
		return fail(err, errlen, "unknown kernel");
	l->kernel = kernel;
	l->k = &zdm_kernels[kernel];
	if (!kconfig_enabled(kc, "X86_64") || !kconfig_enabled(kc, "64BIT"))
		return fail(err, errlen, "only x86-64 configs are modelled "
			    "(CONFIG_X86_64 is not set)");
	if (!kconfig_enabled(kc, "ZONE_DEVICE"))
		return fail(err, errlen, "CONFIG_ZONE_DEVICE is not set");
	if (!kconfig_enabled(kc, "SPARSEMEM"))
		return fail(err, errlen, "CONFIG_SPARSEMEM is not set");
	if (kconfig_number(kc, "ILLEGAL_POINTER_VALUE", 0, &poison))
		return fail(err, errlen, "CONFIG_ILLEGAL_POINTER_VALUE is not a number");

	l->x86_5level = l->k->always_5level ||
			kconfig_enabled(kc, "X86_5LEVEL");
	l->nr_pageflags = nr_pageflags(l, kc);
	l->pg_head = 6;		/* "Must be in bit 6" */
	l->pg_reserved = 13;
	l->pg_owner_priv_1 = 10;
	l->cma = kconfig_enabled(kc, "CMA");
	zones(l, kc);
	if (flags_widths(l, kc, err, errlen))
		return -1;
	flags_shifts(l);
	page_geometry(l, kc);
	if (pageblock(l, kc, err, errlen))
		return -1;
	l->tail_mapping = 0x400 + (unsigned long)poison;
	l->optimize_dax_vmemmap = kconfig_enabled(kc,
					"ARCH_WANT_OPTIMIZE_DAX_VMEMMAP");
	folio_fields(l, kc);
	return 0;
}

static int layout_from(struct page_layout *l, struct kconfig *kc, int rc,
		       enum zdm_kernel kernel, char *err, size_t errlen)
{
	if (rc)
		return -1;
	rc = page_layout_from_kconfig(l, kc, kernel, err, errlen);
	kconfig_free(kc);
	return rc;
}

int page_layout_parse(struct page_layout *l, const char *text,
		      const char *what, enum zdm_kernel kernel, char *err,
		      size_t errlen)
{
	struct kconfig kc;

	return layout_from(l, &kc, kconfig_parse_text(&kc, text, what, err,
						      errlen), kernel, err,
			   errlen);
}

int page_layout_load(struct page_layout *l, const char *path,
		     enum zdm_kernel kernel, char *err, size_t errlen)
{
	struct kconfig kc;

	if (!path)
		return page_layout_parse(l, kconfig_default_text, "default",
					 kernel, err, errlen);
	return layout_from(l, &kc, kconfig_load(&kc, path, err, errlen),
			   kernel, err, errlen);
}
