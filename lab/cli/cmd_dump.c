// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_dump.c - `zdmemmap dump`: the raw struct pages that
 * memmap_init_zone_device() initializes, in pfn order, as the kernel has
 * them in memory.  With vmemmap deduplication (map=mem compounds) the tail
 * struct pages past the written ones are read through the shared vmemmap
 * page, exactly as the kernel would see them.
 */
#include <stdio.h>

#include "args.h"
#include "commands.h"
#include "dump_plan.h"
#include "mm_init.h"
#include "outfile.h"

static void help(void)
{
	printf("usage: zdmemmap dump --out FILE [--init zone-device|hotplug|deferred]\n"
	       "         [--type generic|fsdax|private|coherent|p2pdma]\n"
	       "         [--vmemmap-shift N] [--start-pfn X] [--nr-pages N]\n"
	       "         [--altmap-reserve R --altmap-free F] [--nid N] [--zone-idx Z]\n"
	       "         [--pgmap 0xADDR] [--vmemmap-start 0xADDR] [--early-section]\n"
	       "         [--kconfig FILE] [--kernel 6.12|7.3] [--strategy S]\n"
	       "         [--threads N] [--chunk-pfns N]\n"
	       "         [--block-pages N] [--memmap-on-memory]\n"
	       "         [--through init|free --free-list 0xADDR [--free-list-prev 0xADDR]]\n"
	       "         [--fused]\n"
	       "  --out - (or /dev/stdout, /dev/fd/N) writes through that descriptor.\n"
	       "  Without --altmap-* the memmap is map=mem.\n"
	       "  --init zone-device (the default): memmap_init_zone_device() of one\n"
	       "  pgmap.  --init hotplug: onlining [start-pfn, +nr-pages) one memory\n"
	       "  block (--block-pages, default one 128M section) at a time into\n"
	       "  ZONE_MOVABLE, as memmap_init_range(..., MEMINIT_HOTPLUG, ...) leaves\n"
	       "  the struct pages before they are freed to the buddy allocator.\n"
	       "  --init deferred: deferred_init_pages() at boot, ZONE_NORMAL, on\n"
	       "  --threads CPUs.  Both take --zone-idx, --nid, --vmemmap-start.\n"
	       "  --through free (hotplug, deferred): the pages as the free to the buddy\n"
	       "  allocator leaves them (online_pages_range(), deferred_free_pages()),\n"
	       "  the MAX_PAGE_ORDER blocks added in pfn order to the tail of the list\n"
	       "  whose head is at --free-list, empty before unless --free-list-prev is\n"
	       "  the &page->lru at its tail; lower orders' lists are one struct\n"
	       "  free_area apart, as in struct zone.  --fused (hotplug, deferred): as a\n"
	       "  kernel with the one-pass patches runs it: the init writes each page as\n"
	       "  the free leaves it (--through init: before the free links them), the\n"
	       "  free only links; slow is then that kernel's slow loop.\n");
}

/* The struct page the kernel shows for @pfn (dedup aliasing included). */
static const struct page *visible_page(const struct zdm_instance *in,
				       unsigned long pfn)
{
	const struct zdm_memmap *mm = &in->mm;
	unsigned long start = zdm_scenario_init_start(&in->sc);
	unsigned long nr = 1UL << in->sc.vmemmap_shift;
	unsigned long head = start + ((pfn - start) & ~(nr - 1));
	unsigned long idx = pfn - head, written;
	unsigned long per_page = ZDM_PAGE_SIZE / mm->layout->page_size;
	struct vmem_altmap *altmap = pgmap_altmap((struct dev_pagemap *)&in->pgmap);

	if (nr == 1 || in->sc.init != ZDM_INIT_ZONE_DEVICE)
		return zdm_pfn_to_page(mm, pfn);
	written = compound_nr_pages(mm, head, altmap,
				    (struct dev_pagemap *)&in->pgmap);
	if (idx < written)
		return zdm_pfn_to_page(mm, pfn);
	/* Every vmemmap page past the second maps the second one. */
	return zdm_pfn_to_page(mm, head + per_page + idx % per_page);
}

int cmd_dump(int argc, char **argv)
{
	struct zdm_instance in;
	struct zdm_outfile out;
	struct dump_plan p;
	char err[512];

	switch (dump_plan_parse(argc, argv, &p, err, sizeof(err))) {
	case DUMP_PLAN_HELP:
		help();
		return 0;
	case 0:
		break;
	default:
		usage_error("%s", err);
	}
	zdm_outfile_input("--kconfig", p.kconfig);
	if (zdm_outfile_open(&out, "--out", p.out, err, sizeof(err)))
		usage_error("%s", err);
	if (zdm_instance_create(&in, &p.sc, &p.l, 0))
		usage_error("dump: out of memory for %lu struct pages",
			    p.sc.nr_pages);
	zdm_instance_run(&in, &p.run);
	for (unsigned long pfn = zdm_scenario_init_start(&p.sc);
	     pfn < p.sc.start_pfn + p.sc.nr_pages; pfn++)
		if (fwrite(visible_page(&in, pfn), p.l.page_size, 1, out.f) != 1)
			break;		/* the commit reports it */
	zdm_instance_destroy(&in);
	if (zdm_outfile_commit(&out, "--out", err, sizeof(err)))
		usage_error("%s", err);
	return 0;
}
