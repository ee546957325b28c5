/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm_model.h - the lab's stand-ins for the kernel objects that
 * memmap_init_zone_device() touches: struct page storage, dev_pagemap,
 * vmem_altmap, the vmemmap and the sections' pageblock bitmaps.
 * Names follow include/linux/{mm_types,memremap,mmzone}.h of 6.12.117.
 */
#ifndef ZDM_MM_MODEL_H
#define ZDM_MM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

/*
 * Storage for one struct page of any modelled size.  The real size is
 * layout->page_size; code never indexes arrays of this type but steps
 * through the vmemmap with page_size strides (see zdm_page_add()).
 */
struct page {
	unsigned long _w[ZDM_MAX_PAGE_BYTES / 8];
} __attribute__((aligned(16)));

enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,
	MEMORY_DEVICE_COHERENT,
	MEMORY_DEVICE_FS_DAX,
	MEMORY_DEVICE_GENERIC,
	MEMORY_DEVICE_PCI_P2PDMA,
};

#define PGMAP_ALTMAP_VALID	(1 << 0)

struct vmem_altmap {
	unsigned long base_pfn;
	unsigned long end_pfn;
	unsigned long reserve;
	unsigned long free;
};

struct dev_pagemap {
	struct vmem_altmap altmap;
	enum memory_type type;
	unsigned int flags;
	unsigned long vmemmap_shift;
	unsigned long range_start_pfn;	/* pgmap->range, in pfns */
	unsigned long range_nr_pages;
	unsigned long kaddr;		/* what page->pgmap holds */
};

/*
 * The vmemmap of one pgmap range in the lab: struct pages for
 * [first_pfn, first_pfn + nr_pfns), the kernel virtual address they would
 * have (so compound_head holds the kernel's pointer value), and the
 * mem_section state that memmap init reads or writes.
 */
struct zdm_memmap {
	const struct page_layout *layout;
	unsigned long first_pfn;
	unsigned long nr_pfns;
	unsigned char *storage;
	unsigned long vmemmap_start;	/* kernel VA of pfn 0's struct page */
	unsigned long first_section;
	unsigned long nr_sections;
	unsigned long *usemap;		/* pageblock bits, per section */
	bool *early;			/* SECTION_IS_EARLY, per section */
};

struct zdm_args {
	unsigned long zone_idx;
	int nid;
	struct dev_pagemap *pgmap;
};

int zdm_memmap_init(struct zdm_memmap *mm, const struct page_layout *l,
		    unsigned long first_pfn, unsigned long nr_pfns,
		    unsigned long vmemmap_start, void *storage);
void zdm_memmap_free_state(struct zdm_memmap *mm);
/* The section state zdm_memmap_init() allocates for that range. */
size_t zdm_memmap_state_bytes(const struct page_layout *l,
			      unsigned long first_pfn, unsigned long nr_pfns);

static inline unsigned long zdm_section_nr(unsigned long pfn)
{
	return pfn >> ZDM_PFN_SECTION_SHIFT;
}

static inline struct page *zdm_pfn_to_page(const struct zdm_memmap *mm,
					   unsigned long pfn)
{
	return (struct page *)(mm->storage +
			       (pfn - mm->first_pfn) * mm->layout->page_size);
}

static inline unsigned long zdm_page_to_pfn(const struct zdm_memmap *mm,
					    const struct page *page)
{
	return mm->first_pfn + (unsigned long)((const unsigned char *)page -
					       mm->storage) /
			       mm->layout->page_size;
}

static inline struct page *zdm_page_add(const struct zdm_memmap *mm,
					struct page *p, long n)
{
	return (struct page *)((unsigned char *)p +
			       n * (long)mm->layout->page_size);
}

/*
 * The kernel virtual address of @p: memmap pages translate into the
 * vmemmap; anything else (a template on the stack) keeps its own address.
 */
static inline unsigned long zdm_page_kaddr(const struct zdm_memmap *mm,
					   const void *p)
{
	const unsigned char *c = p;
	size_t bytes = mm->nr_pfns * mm->layout->page_size;

	if (c >= mm->storage && c < mm->storage + bytes)
		return mm->vmemmap_start +
		       (mm->first_pfn * mm->layout->page_size) +
		       (size_t)(c - mm->storage);
	return (unsigned long)(uintptr_t)p;
}

static inline struct vmem_altmap *pgmap_altmap(struct dev_pagemap *pgmap)
{
	return (pgmap->flags & PGMAP_ALTMAP_VALID) ? &pgmap->altmap : NULL;
}

static inline unsigned long pgmap_vmemmap_nr(const struct dev_pagemap *pgmap)
{
	return 1UL << pgmap->vmemmap_shift;
}

static inline unsigned long vmem_altmap_offset(const struct vmem_altmap *a)
{
	return a ? a->reserve + a->free : 0;
}

#endif
