// SPDX-License-Identifier: GPL-2.0
/* dump_plan.c - dump's options, checked, as one scenario (dump_plan.h). */
#include "dump_plan.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "fail.h"
#include "sysmem.h"

enum {
	OPT_TYPE = 256, OPT_SHIFT, OPT_START, OPT_NR, OPT_RESERVE, OPT_FREE,
	OPT_NID, OPT_ZONE, OPT_PGMAP, OPT_VMEMMAP, OPT_EARLY, OPT_KCONFIG,
	OPT_STRATEGY, OPT_OUT, OPT_THREADS, OPT_CHUNK, OPT_KERNEL, OPT_INIT,
	OPT_BLOCK, OPT_MOM, OPT_THROUGH, OPT_FREE_LIST, OPT_FREE_LIST_PREV,
	OPT_FUSED, OPT_HELP,
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
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "init", required_argument, NULL, OPT_INIT },
	{ "block-pages", required_argument, NULL, OPT_BLOCK },
	{ "memmap-on-memory", no_argument, NULL, OPT_MOM },
	{ "through", required_argument, NULL, OPT_THROUGH },
	{ "free-list", required_argument, NULL, OPT_FREE_LIST },
	{ "free-list-prev", required_argument, NULL, OPT_FREE_LIST_PREV },
	{ "fused", no_argument, NULL, OPT_FUSED },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 }
};

/*
 * The lab holds the whole pgmap range (nr_pages struct pages) in memory.
 * If that does not fit, suggest the largest --nr-pages that does and that
 * the range checks accept: whole compounds, the altmap still inside.
 */
static int check_fits(const struct zdm_scenario *sc,
		      const struct page_layout *l, char *err, size_t errlen)
{
	unsigned long avail = zdm_mem_available() / 2 / l->page_size;
	unsigned long nr = 1UL << sc->vmemmap_shift, fit;
	unsigned long alt = sc->altmap ? sc->altmap_reserve + sc->altmap_free : 0;
	struct zdm_scenario try = *sc;
	char why[256];

	if (sc->nr_pages <= avail)
		return 0;
	/* The range must end on a compound boundary, as it starts on one. */
	fit = avail > alt ? avail - (sc->start_pfn + avail) % nr : 0;
	if (sc->init == ZDM_INIT_HOTPLUG)	/* whole memory blocks */
		fit = avail / sc->block_pages * sc->block_pages;
	try.nr_pages = fit;
	if (fit <= alt || zdm_scenario_check(&try, l, why, sizeof(why)))
		FAIL("dump: %lu struct pages (%lu MiB) do not fit in the "
		     "memory available, and no smaller range of these "
		     "options does", sc->nr_pages,
		     sc->nr_pages * l->page_size >> 20);
	FAIL("dump: %lu struct pages (%lu MiB) do not fit in the memory "
	     "available; try --nr-pages 0x%lx", sc->nr_pages,
	     sc->nr_pages * l->page_size >> 20, fit);
}

/*
 * --init hotplug|deferred: ordinary memory, in ZONE_MOVABLE (hotplug) or
 * ZONE_NORMAL (deferred) unless --zone-idx says otherwise.  The pgmap's
 * options have no meaning there, and the memory block's none elsewhere.
 */
static int ram_options(const char *init, const bool *set,
		       const unsigned long *v, struct zdm_scenario *sc,
		       const struct page_layout *l, char *err, size_t errlen)
{
	static const int pgmap_only[] = {
		OPT_TYPE, OPT_SHIFT, OPT_RESERVE, OPT_PGMAP, OPT_EARLY,
		OPT_CHUNK,
	};
	int k = zdm_init_parse(init);

	if (k < 0)
		FAIL("--init: '%s' is not zone-device, hotplug or deferred",
		     init);
	sc->init = k;
	if (k == ZDM_INIT_ZONE_DEVICE) {
		if (set[OPT_BLOCK] || set[OPT_MOM])
			FAIL("dump: --block-pages and --memmap-on-memory are "
			     "for --init hotplug");
		return 0;
	}
	for (size_t i = 0; i < sizeof(pgmap_only) / sizeof(pgmap_only[0]); i++)
		if (set[pgmap_only[i]])
			FAIL("dump: --%s is for --init zone-device",
			     opts[pgmap_only[i] - OPT_TYPE].name);
	if (k == ZDM_INIT_DEFERRED && (set[OPT_BLOCK] || set[OPT_MOM]))
		FAIL("dump: --block-pages and --memmap-on-memory are for "
		     "--init hotplug");
	sc->zone_idx = layout_zone_movable(l) - (k == ZDM_INIT_DEFERRED);
	if (set[OPT_BLOCK])
		sc->block_pages = v[OPT_BLOCK];
	sc->memmap_on_memory = set[OPT_MOM];
	return 0;
}

/*
 * --through init|free: the struct pages as the init leaves them, or as the
 * free to the buddy allocator that follows leaves them (ordinary memory
 * only), linked into the list at --free-list.  A list head or tail entry
 * inside the range's own memmap would be one of its struct pages.
 */
static int free_options(const char *through, const bool *set,
			const unsigned long *v, struct dump_plan *p,
			char *err, size_t errlen)
{
	const struct zdm_scenario *sc = &p->sc;
	unsigned long lo = sc->vmemmap_start + sc->start_pfn * p->l.page_size;
	unsigned long hi = lo + sc->nr_pages * p->l.page_size;
	static const int addrs[] = { OPT_FREE_LIST, OPT_FREE_LIST_PREV };

	if (through && strcmp(through, "init") && strcmp(through, "free"))
		FAIL("--through: '%s' is not init or free", through);
	if (set[OPT_FUSED] && sc->init == ZDM_INIT_ZONE_DEVICE)
		FAIL("dump: --fused is for --init hotplug or deferred: "
		     "ZONE_DEVICE pages are never freed to the buddy");
	p->run.fused = set[OPT_FUSED];
	if (!through || !strcmp(through, "init")) {
		if (set[OPT_FREE_LIST] || set[OPT_FREE_LIST_PREV])
			FAIL("dump: --free-list and --free-list-prev are for "
			     "--through free");
		return 0;
	}
	if (sc->init == ZDM_INIT_ZONE_DEVICE)
		FAIL("dump: --through free is for --init hotplug or deferred: "
		     "ZONE_DEVICE pages are never freed to the buddy");
	if (!set[OPT_FREE_LIST])
		FAIL("dump: --through free needs --free-list ADDR, the "
		     "address of the MAX_PAGE_ORDER free list's head");
	for (size_t i = 0; i < 2; i++) {
		unsigned long a = v[addrs[i]];

		if (!set[addrs[i]])
			continue;
		if (!a || (a >= lo && a < hi))
			FAIL("dump: --%s 0x%lx: a list_head outside the range's "
			     "memmap (0x%lx-0x%lx), not 0",
			     opts[addrs[i] - OPT_TYPE].name, a, lo, hi);
	}
	p->run.free_pages = true;
	p->run.free_list = v[OPT_FREE_LIST];
	p->run.free_list_prev = v[OPT_FREE_LIST_PREV];
	return 0;
}

int dump_plan_parse(int argc, char **argv, struct dump_plan *p, char *err,
		    size_t errlen)
{
	const char *through = NULL;
	const char *type = NULL, *strategy = NULL, *kernel = NULL;
	const char *init = NULL;
	enum zdm_kernel k = ZDM_KERNEL_DEFAULT;
	unsigned long v[OPT_HELP] = { 0 };
	bool set[OPT_HELP] = { false };
	struct zdm_scenario *sc = &p->sc;
	char why[512];
	int c;

	memset(p, 0, sizeof(*p));
	p->run.strategy = MEMMAP_SLOW;
	p->run.threads = 1;
	optind = 0;		/* a fresh scan, also for the fuzzer's loop */
	opterr = 0;		/* getopt_error() says it, escaped */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_HELP)
			return DUMP_PLAN_HELP;
		if (c < OPT_TYPE || c > OPT_HELP) {
			getopt_error("dump", argv, err, errlen);
			return -1;
		}
		set[c] = true;
		switch (c) {
		case OPT_TYPE: type = optarg; break;
		case OPT_KCONFIG: p->kconfig = optarg; break;
		case OPT_OUT: p->out = optarg; break;
		case OPT_STRATEGY: strategy = optarg; break;
		case OPT_KERNEL: kernel = optarg; break;
		case OPT_INIT: init = optarg; break;
		case OPT_THROUGH: through = optarg; break;
		case OPT_EARLY: break;
		case OPT_MOM: break;
		case OPT_FUSED: break;
		default:
			if (arg_number(opts[c - OPT_TYPE].name, optarg, &v[c],
				       err, errlen))
				return -1;
		}
	}
	if (optind < argc)
		FAIL("dump: unexpected argument '%s'", argv[optind]);
	if (!p->out)
		FAIL("dump: --out FILE is required");
	if (set[OPT_RESERVE] != set[OPT_FREE])
		FAIL("dump: give both --altmap-reserve and --altmap-free, or neither");
	if (kernel && (int)(k = zdm_kernel_parse(kernel)) < 0)
		FAIL("--kernel: '%s' is not 6.12 or 7.3", kernel);
	if (page_layout_load(&p->l, p->kconfig, k, err, errlen))
		return -1;
	zdm_scenario_default(sc, &p->l);
	if (ram_options(init ? init : "zone-device", set, v, sc, &p->l, err,
			errlen))
		return -1;
	if (type) {
		int t = zdm_type_parse(type);

		if (t < 0)
			FAIL("--type: unknown pgmap type '%s'", type);
		sc->type = t;
	}
	if (strategy) {
		int s = memmap_strategy_parse(strategy);

		if (s < 0)
			FAIL("--strategy: unknown strategy '%s'", strategy);
		p->run.strategy = s;
	}
	if (set[OPT_SHIFT]) {
		if (v[OPT_SHIFT] > ZDM_MAX_SHIFT)
			FAIL("--vmemmap-shift: %lu is above %u", v[OPT_SHIFT],
			     ZDM_MAX_SHIFT);
		sc->vmemmap_shift = v[OPT_SHIFT];
	}
	if (set[OPT_START])
		sc->start_pfn = v[OPT_START];
	if (set[OPT_NR])
		sc->nr_pages = v[OPT_NR];
	if (set[OPT_RESERVE]) {
		sc->altmap = true;
		sc->altmap_reserve = v[OPT_RESERVE];
		sc->altmap_free = v[OPT_FREE];
	}
	if (set[OPT_NID]) {
		if (v[OPT_NID] > 1024)
			FAIL("--nid: %lu is not a node id", v[OPT_NID]);
		sc->nid = (int)v[OPT_NID];
	}
	if (set[OPT_ZONE])
		sc->zone_idx = v[OPT_ZONE];
	if (set[OPT_PGMAP])
		sc->pgmap_kaddr = v[OPT_PGMAP];
	if (set[OPT_VMEMMAP])
		sc->vmemmap_start = v[OPT_VMEMMAP];
	if (set[OPT_EARLY])
		sc->early = ZDM_EARLY_ALL;
	if (set[OPT_THREADS]) {
		if (!v[OPT_THREADS] || v[OPT_THREADS] > 1024)
			FAIL("--threads: must be 1..1024");
		p->run.threads = v[OPT_THREADS];
	}
	if (set[OPT_CHUNK]) {
		if (!v[OPT_CHUNK] || v[OPT_CHUNK] % (1UL << sc->vmemmap_shift))
			FAIL("--chunk-pfns: must be a non-zero multiple of the "
			     "compound size, %lu pfns", 1UL << sc->vmemmap_shift);
		p->run.chunk_pfns = v[OPT_CHUNK];
	}
	if (zdm_scenario_check(sc, &p->l, why, sizeof(why)))
		FAIL("dump: %s", why);
	if (free_options(through, set, v, p, err, errlen))
		return -1;
	return check_fits(sc, &p->l, err, errlen);
}
