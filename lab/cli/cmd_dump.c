// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_dump.c - `zdmemmap dump`: the raw struct pages that
 * memmap_init_zone_device() initializes, in pfn order, as the kernel has
 * them in memory.  With vmemmap deduplication (map=mem compounds) the tail
 * struct pages past the written ones are read through the shared vmemmap
 * page, exactly as the kernel would see them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "mm_init.h"
#include "outfile.h"
#include "scenario.h"
#include "sysmem.h"

enum {
	OPT_TYPE = 256, OPT_SHIFT, OPT_START, OPT_NR, OPT_RESERVE, OPT_FREE,
	OPT_NID, OPT_ZONE, OPT_PGMAP, OPT_VMEMMAP, OPT_EARLY, OPT_KCONFIG,
	OPT_STRATEGY, OPT_OUT, OPT_THREADS, OPT_CHUNK, OPT_HELP,
};

static const struct option opts[] = {
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "vmemmap-shift", required_argument, NULL, OPT_SHIFT },
	{ "start-pfn", required_argument, NULL, OPT_START },
	{ "nr-pages", required_argument, NULL, OPT_NR },
	{ "altmap-reserve", required_argument, NULL, OPT_RESERVE },
	{ "altmap-free", required_argument, NULL, OPT_FREE },
	{ "nid", required_argument, NULL, OPT_NID },
	{ "zone-idx", required_argument, NULL, OPT_ZONE },
	{ "pgmap", required_argument, NULL, OPT_PGMAP },
	{ "vmemmap-start", required_argument, NULL, OPT_VMEMMAP },
	{ "early-section", no_argument, NULL, OPT_EARLY },
	{ "kconfig", required_argument, NULL, OPT_KCONFIG },
	{ "strategy", required_argument, NULL, OPT_STRATEGY },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "chunk-pfns", required_argument, NULL, OPT_CHUNK },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 }
};

static void help(void)
{
	printf("usage: zdmemmap dump --out FILE [--type generic|fsdax|private|coherent|p2pdma]\n"
	       "         [--vmemmap-shift N] [--start-pfn X] [--nr-pages N]\n"
	       "         [--altmap-reserve R --altmap-free F] [--nid N] [--zone-idx Z]\n"
	       "         [--pgmap 0xADDR] [--vmemmap-start 0xADDR] [--early-section]\n"
	       "         [--kconfig FILE] [--strategy S] [--threads N] [--chunk-pfns N]\n"
	       "  --out - writes to stdout.  Without --altmap-* the memmap is map=mem.\n");
}

/*
 * The lab holds the whole pgmap range (nr_pages struct pages) in memory.
 * If that does not fit, suggest the largest --nr-pages that does and that
 * the range checks accept: whole compounds, the altmap still inside.
 */
static void check_fits(const struct zdm_scenario *sc,
		       const struct page_layout *l)
{
	unsigned long avail = zdm_mem_available() / 2 / l->page_size;
	unsigned long nr = 1UL << sc->vmemmap_shift, fit;
	unsigned long alt = sc->altmap ? sc->altmap_reserve + sc->altmap_free : 0;
	struct zdm_scenario try = *sc;
	char err[256];

	if (sc->nr_pages <= avail)
		return;
	/* The range must end on a compound boundary, as it starts on one. */
	fit = avail > alt ? avail - (sc->start_pfn + avail) % nr : 0;
	try.nr_pages = fit;
	if (fit <= alt || zdm_scenario_check(&try, l, err, sizeof(err)))
		usage_error("dump: %lu struct pages (%lu MiB) do not fit in the "
			    "memory available, and no smaller range of these "
			    "options does", sc->nr_pages,
			    sc->nr_pages * l->page_size >> 20);
	usage_error("dump: %lu struct pages (%lu MiB) do not fit in the memory "
		    "available; try --nr-pages 0x%lx", sc->nr_pages,
		    sc->nr_pages * l->page_size >> 20, fit);
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

	if (nr == 1)
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
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_run_opts run = { .strategy = MEMMAP_SLOW, .threads = 1 };
	struct zdm_instance in;
	const char *kconfig = NULL, *out_path = NULL, *type = NULL;
	const char *strategy = NULL;
	struct zdm_outfile out;
	unsigned long v[OPT_HELP] = { 0 };
	bool set[OPT_HELP] = { false };
	char err[512];
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			help();
			return 0;
		}
		if (c < OPT_TYPE || c > OPT_HELP)
			getopt_failed("dump", argv);
		set[c] = true;
		switch (c) {
		case OPT_TYPE: type = optarg; break;
		case OPT_KCONFIG: kconfig = optarg; break;
		case OPT_OUT: out_path = optarg; break;
		case OPT_STRATEGY: strategy = optarg; break;
		case OPT_EARLY: break;
		default: {
			char name[40];

			snprintf(name, sizeof(name), "--%s",
				 opts[c - OPT_TYPE].name);
			v[c] = arg_number(name, optarg);
		}
		}
	}
	if (optind < argc)
		usage_error("dump: unexpected argument '%s'", argv[optind]);
	if (!out_path)
		usage_error("dump: --out FILE is required");
	if (set[OPT_RESERVE] != set[OPT_FREE])
		usage_error("dump: give both --altmap-reserve and --altmap-free, or neither");
	load_layout_or_exit(&l, kconfig);
	zdm_scenario_default(&sc, &l);
	if (type) {
		int t = zdm_type_parse(type);

		if (t < 0)
			usage_error("--type: unknown pgmap type '%s'", type);
		sc.type = t;
	}
	if (strategy) {
		int s = memmap_strategy_parse(strategy);

		if (s < 0)
			usage_error("--strategy: unknown strategy '%s'", strategy);
		run.strategy = s;
	}
	if (set[OPT_SHIFT]) {
		if (v[OPT_SHIFT] > ZDM_MAX_SHIFT)
			usage_error("--vmemmap-shift: %lu is above %u", v[OPT_SHIFT], ZDM_MAX_SHIFT);
		sc.vmemmap_shift = v[OPT_SHIFT];
	}
	if (set[OPT_START])
		sc.start_pfn = v[OPT_START];
	if (set[OPT_NR])
		sc.nr_pages = v[OPT_NR];
	if (set[OPT_RESERVE]) {
		sc.altmap = true;
		sc.altmap_reserve = v[OPT_RESERVE];
		sc.altmap_free = v[OPT_FREE];
	}
	if (set[OPT_NID]) {
		if (v[OPT_NID] > 1024)
			usage_error("--nid: %lu is not a node id", v[OPT_NID]);
		sc.nid = (int)v[OPT_NID];
	}
	if (set[OPT_ZONE])
		sc.zone_idx = v[OPT_ZONE];
	if (set[OPT_PGMAP])
		sc.pgmap_kaddr = v[OPT_PGMAP];
	if (set[OPT_VMEMMAP])
		sc.vmemmap_start = v[OPT_VMEMMAP];
	if (set[OPT_EARLY])
		sc.early = ZDM_EARLY_ALL;
	if (set[OPT_THREADS]) {
		if (!v[OPT_THREADS] || v[OPT_THREADS] > 1024)
			usage_error("--threads: must be 1..1024");
		run.threads = v[OPT_THREADS];
	}
	if (set[OPT_CHUNK]) {
		if (!v[OPT_CHUNK] || v[OPT_CHUNK] % (1UL << sc.vmemmap_shift))
			usage_error("--chunk-pfns: must be a non-zero multiple of the compound size");
		run.chunk_pfns = v[OPT_CHUNK];
	}
	if (zdm_scenario_check(&sc, &l, err, sizeof(err)))
		usage_error("dump: %s", err);
	check_fits(&sc, &l);
	if (zdm_outfile_open(&out, "--out", out_path, err, sizeof(err)))
		usage_error("%s", err);
	if (zdm_instance_create(&in, &sc, &l, 0))
		usage_error("dump: out of memory for %lu struct pages", sc.nr_pages);
	zdm_instance_run(&in, &run);
	for (unsigned long pfn = zdm_scenario_init_start(&sc);
	     pfn < sc.start_pfn + sc.nr_pages; pfn++)
		if (fwrite(visible_page(&in, pfn), l.page_size, 1, out.f) != 1)
			break;		/* the commit reports it */
	zdm_instance_destroy(&in);
	if (zdm_outfile_commit(&out, "--out", err, sizeof(err)))
		usage_error("%s", err);
	return 0;
}
