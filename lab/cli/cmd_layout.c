// SPDX-License-Identifier: GPL-2.0
/* cmd_layout.c - `zdmemmap layout [--kconfig FILE]`: what the model derived. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "commands.h"
#include "fill.h"

void load_layout_or_exit(struct page_layout *l, const char *path,
			 enum zdm_kernel kernel)
{
	char err[512];

	if (page_layout_load(l, path, kernel, err, sizeof(err)))
		usage_error("%s", err);
}

enum zdm_kernel kernel_or_exit(const char *name)
{
	int k = zdm_kernel_parse(name);

	if (k < 0)
		usage_error("--kernel: '%s' is not 6.12 or 7.3", name);
	return k;
}

static void field(const char *name, unsigned int width, unsigned int shift)
{
	if (width)
		printf("  %-12s bits %2u..%2u (width %u)\n", name, shift,
		       shift + width - 1, width);
	else
		printf("  %-12s not in page->flags\n", name);
}

int cmd_layout(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kconfig", required_argument, NULL, 'k' },
		{ "kernel", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	enum zdm_kernel kernel = ZDM_KERNEL_DEFAULT;
	const char *kconfig = NULL;
	struct page_layout l;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kconfig = optarg; break;
		case 'K': kernel = kernel_or_exit(optarg); break;
		case 'h':
			printf("usage: zdmemmap layout [--kconfig FILE] "
			       "[--kernel 6.12|7.3]\n");
			return 0;
		default: getopt_failed("layout", argv);
		}
	}
	if (optind < argc)
		usage_error("layout: unexpected argument '%s'", argv[optind]);
	load_layout_or_exit(&l, kconfig, kernel);
	printf("kernel: %s (%s)\n", l.k->name, l.k->release);
	printf("config: %s\n", kconfig ? kconfig : "built-in default (VM kernel)");
	printf("sizeof(struct page) = %u\n", l.page_size);
	printf("NR_PAGEFLAGS = %u, PG_head = %u, PG_reserved = %u\n",
	       l.nr_pageflags, l.pg_head, l.pg_reserved);
	printf("MAX_NR_ZONES = %u, ZONE_DEVICE = %u\n", l.max_nr_zones,
	       l.zone_device);
	printf("page->flags fields:\n");
	field("section", l.sections_width, l.sections_pgshift);
	field("node", l.nodes_width, l.nodes_pgshift);
	field("zone", l.zones_width, l.zones_pgshift);
	field("last_cpupid", l.last_cpupid_width, l.last_cpupid_pgshift);
	field("kasan_tag", l.kasan_tag_width, l.kasan_tag_pgshift);
	printf("  lru_gen      width %u (not written by memmap init)\n",
	       l.lru_gen_width);
	if (l.last_cpupid_not_in_flags)
		printf("_last_cpupid at offset %u\n", l.off_last_cpupid);
	if (l.off_memcg_data != ZDM_NO_FIELD)
		printf("memcg_data at offset %u\n", l.off_memcg_data);
	printf("TAIL_MAPPING = 0x%lx\n", l.tail_mapping);
	printf("pageblock_order = %u, %u bits per pageblock\n",
	       l.pageblock_order, l.nr_pageblock_bits);
	if (l.k->folio == ZDM_FOLIO_7_3)
		printf("compound_info: %s; MM_ID %s; _nr_pages %s\n",
		       l.compound_info_mask ? "a mask (HVO)" : "head | 1",
		       l.mm_id ? "yes" : "no",
		       l.nr_pages_in_folio ? "yes" : "no");
	printf("fast path allowed: %s\n", zdm_fast_allowed(&l) ? "yes" :
	       "no (KASAN/KMSAN)");
	return 0;
}
