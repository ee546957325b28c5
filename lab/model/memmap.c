// SPDX-License-Identifier: GPL-2.0
/* memmap.c - set up and tear down the lab's per-range mem_section state. */
#include "mm_model.h"

#include <stdlib.h>

int zdm_memmap_init(struct zdm_memmap *mm, const struct page_layout *l,
		    unsigned long first_pfn, unsigned long nr_pfns,
		    unsigned long vmemmap_start, void *storage)
{
	unsigned long last = zdm_section_nr(first_pfn + nr_pfns - 1);

	mm->layout = l;
	mm->first_pfn = first_pfn;
	mm->nr_pfns = nr_pfns;
	mm->storage = storage;
	mm->vmemmap_start = vmemmap_start;
	mm->first_section = zdm_section_nr(first_pfn);
	mm->nr_sections = last - mm->first_section + 1;
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
