// SPDX-License-Identifier: GPL-2.0
/* memmap.c - set up and tear down the lab's per-range mem_section state. */
#include "mm_model.h"

#include <stdlib.h>

static unsigned long nr_sections(unsigned long first_pfn, unsigned long nr_pfns)
{
	return zdm_section_nr(first_pfn + nr_pfns - 1) -
	       zdm_section_nr(first_pfn) + 1;
}

size_t zdm_memmap_state_bytes(const struct page_layout *l,
			      unsigned long first_pfn, unsigned long nr_pfns)
{
	return nr_sections(first_pfn, nr_pfns) *
	       (layout_usemap_longs(l) * sizeof(unsigned long) + sizeof(bool));
}

int zdm_memmap_init(struct zdm_memmap *mm, const struct page_layout *l,
		    unsigned long first_pfn, unsigned long nr_pfns,
		    unsigned long vmemmap_start, void *storage)
{
	mm->layout = l;
	mm->first_pfn = first_pfn;
	mm->nr_pfns = nr_pfns;
	mm->storage = storage;
	mm->vmemmap_start = vmemmap_start;
	mm->first_section = zdm_section_nr(first_pfn);
	mm->nr_sections = nr_sections(first_pfn, nr_pfns);
	mm->usemap = calloc(mm->nr_sections * layout_usemap_longs(l),
			    sizeof(unsigned long));
	mm->early = calloc(mm->nr_sections, sizeof(bool));
	if (!mm->usemap || !mm->early) {
		zdm_memmap_free_state(mm);
		return -1;
	}
	return 0;
}

void zdm_memmap_free_state(struct zdm_memmap *mm)
{
	free(mm->usemap);
	free(mm->early);
	mm->usemap = NULL;
	mm->early = NULL;
}
