// SPDX-License-Identifier: GPL-2.0
/* sweep.c - random scenarios, small enough to run thousands quickly. */
#include "sweep.h"

#include <string.h>

#include "memory_hotplug.h"
#include "verify.h"

unsigned long zdm_rng_next(struct zdm_rng *r)
{
	/* splitmix64: good enough, and the same sequence everywhere */
	unsigned long z = (r->s += 0x9e3779b97f4a7c15UL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

unsigned long zdm_rng_below(struct zdm_rng *r, unsigned long n)
{
	return n ? zdm_rng_next(r) % n : 0;
}

static unsigned int pick_shift(struct zdm_rng *r)
{
	static const unsigned int common[] = { 0, 9, 18, 0, 9 };
	unsigned long k = zdm_rng_below(r, 10);

	if (k < 8)
		return common[k % 5];
	return 1 + zdm_rng_below(r, 10);	/* odd orders: 1..10 */
}

/*
 * Ordinary memory: one or two memory blocks of one or two sections,
 * onlined into ZONE_NORMAL or ZONE_MOVABLE with and without
 * memmap_on_memory; or a deferred-init range of any alignment.
 */
static void sweep_ram_scenario(struct zdm_rng *r, const struct page_layout *l,
			       struct zdm_scenario *sc)
{
	unsigned long max_pfn = 1UL << 34;

	sc->zone_idx = layout_zone_movable(l) - zdm_rng_below(r, 2);
	sc->nid = (int)zdm_rng_below(r, 1UL << l->nodes_shift);
	sc->vmemmap_start = zdm_rng_below(r, 2) ? 0xffd4000000000000UL :
						  0xffffea0000000000UL;
	if (sc->init == ZDM_INIT_DEFERRED) {
		sc->start_pfn = zdm_rng_below(r, max_pfn);
		sc->nr_pages = 1 + zdm_rng_below(r, 5000);
		if (zdm_rng_below(r, 4) == 0)	/* several MAX_ORDER chunks */
			sc->nr_pages += zdm_rng_below(r, 70000);
		return;
	}
	/* 128, 256 or 512 MiB: onlining streams from 512 MiB blocks on */
	sc->block_pages = ZDM_PAGES_PER_SECTION << zdm_rng_below(r, 3);
	sc->nr_pages = sc->block_pages * (1 + zdm_rng_below(r, 2));
	sc->start_pfn = zdm_rng_below(r, max_pfn / sc->block_pages) *
			sc->block_pages;
	sc->memmap_on_memory = zdm_rng_below(r, 2) &&
		memory_block_memmap_on_memory_pages(l, sc->block_pages);
}

void zdm_sweep_scenario(struct zdm_rng *r, const struct page_layout *l,
			struct zdm_scenario *sc)
{
	unsigned long nr, compounds, alt_units, max_pfn, k;

	zdm_scenario_default(sc, l);
	k = zdm_rng_below(r, 10);
	if (k >= 6) {
		sc->init = k < 8 ? ZDM_INIT_HOTPLUG : ZDM_INIT_DEFERRED;
		sweep_ram_scenario(r, l, sc);
		return;
	}
	sc->type = MEMORY_DEVICE_PRIVATE + zdm_rng_below(r, 5);
	sc->vmemmap_shift = pick_shift(r);
	nr = 1UL << sc->vmemmap_shift;
	if (sc->vmemmap_shift >= 18)
		compounds = 1 + zdm_rng_below(r, 2);
	else if (sc->vmemmap_shift >= 9)
		compounds = 1 + zdm_rng_below(r, 40);
	else
		compounds = 1 + zdm_rng_below(r, 4000 >> sc->vmemmap_shift);
	sc->altmap = zdm_rng_below(r, 2);
	alt_units = sc->altmap ? 1 + zdm_rng_below(r, 3) : 0;
	if (nr == 1)
		alt_units = sc->altmap ? 1 + zdm_rng_below(r, 600) : 0;
	sc->nr_pages = (compounds + alt_units) * nr;
	if (sc->altmap) {
		unsigned long alt = alt_units * nr;

		sc->altmap_reserve = zdm_rng_below(r, alt + 1);
		sc->altmap_free = alt - sc->altmap_reserve;
	}
	/* Anywhere in the first 64 TiB, on a compound boundary. */
	max_pfn = 1UL << 34;
	sc->start_pfn = zdm_rng_below(r, max_pfn >> sc->vmemmap_shift) << sc->vmemmap_shift;
	if (zdm_rng_below(r, 4) == 0)	/* sometimes section aligned */
		sc->start_pfn &= ~(ZDM_PAGES_PER_SECTION - 1);
	sc->nid = (int)zdm_rng_below(r, 1UL << l->nodes_shift);
	sc->pgmap_kaddr = 0xff11000000000000UL |
			  (zdm_rng_next(r) & 0x0000fffffffffff8UL) | 8;
	sc->vmemmap_start = zdm_rng_below(r, 2) ? 0xffd4000000000000UL :
						  0xffffea0000000000UL;
	sc->early = (int)zdm_rng_below(r, 3);
}

void zdm_scenario_describe(const struct zdm_scenario *sc, char *buf,
			   size_t len)
{
	if (sc->init != ZDM_INIT_ZONE_DEVICE) {
		int n = snprintf(buf, len, "--init %s --zone-idx %lu --nid %d "
				 "--start-pfn 0x%lx --nr-pages 0x%lx "
				 "--vmemmap-start 0x%lx",
				 zdm_init_names[sc->init], sc->zone_idx,
				 sc->nid, sc->start_pfn, sc->nr_pages,
				 sc->vmemmap_start);

		if (sc->init == ZDM_INIT_HOTPLUG && n > 0 && (size_t)n < len)
			snprintf(buf + n, len - n, " --block-pages 0x%lx%s",
				 sc->block_pages, sc->memmap_on_memory ?
				 " --memmap-on-memory" : "");
		return;
	}
	snprintf(buf, len,
		 "--type %s --vmemmap-shift %u --start-pfn 0x%lx "
		 "--nr-pages 0x%lx%s --nid %d --pgmap 0x%lx "
		 "--vmemmap-start 0x%lx%s",
		 zdm_type_names[sc->type], sc->vmemmap_shift, sc->start_pfn,
		 sc->nr_pages, "", sc->nid, sc->pgmap_kaddr,
		 sc->vmemmap_start, sc->early == ZDM_EARLY_ALL ?
		 " --early-section" : sc->early == ZDM_EARLY_FIRST ?
		 " (first section early)" : "");
	if (sc->altmap) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, " --altmap-reserve 0x%lx --altmap-free 0x%lx",
			 sc->altmap_reserve, sc->altmap_free);
	}
}

static void sweep_one(struct zdm_rng *r, const struct page_layout *l,
		      const char *lname, unsigned long idx, bool verbose,
		      FILE *out, struct zdm_sweep_result *res)
{
	struct zdm_scenario sc;
	char desc[320];

	struct zdm_run_opts through = { 0 };
	char how[96] = "";

	zdm_sweep_scenario(r, l, &sc);
	zdm_scenario_describe(&sc, desc, sizeof(desc));
	/* half the ordinary-memory cases go on through the free */
	if (sc.init != ZDM_INIT_ZONE_DEVICE && zdm_rng_below(r, 2)) {
		through.free_pages = true;
		through.free_list = 0xff11000000000000UL |
				 (zdm_rng_next(r) & 0x0000fffffffff000UL) | 0x80;
		if (zdm_rng_below(r, 2))
			through.free_list_prev = through.free_list + 0x40000;
		snprintf(how, sizeof(how), " --through free --free-list 0x%lx",
			 through.free_list);
		if (through.free_list_prev)
			snprintf(how + strlen(how), sizeof(how) - strlen(how),
				 " --free-list-prev 0x%lx",
				 through.free_list_prev);
	}
	/*
	 * Every template strategy; for ordinary memory every strategy (slow
	 * too: the patched kernel's slow loop) in one pass as well, against
	 * slow through the free, or slow in one pass before it.
	 */
	for (int k = MEMMAP_SLOW * 2; k < NR_MEMMAP_STRATEGIES * 2; k++) {
		struct zdm_run_opts o = through;
		int s = k / 2;

		if (k % 2 ? sc.init == ZDM_INIT_ZONE_DEVICE : s == MEMMAP_SLOW)
			continue;
		o.strategy = s;
		o.fused = k % 2;
		struct zdm_verify_report rep = { 0 };
		unsigned long nr = 1UL << sc.vmemmap_shift;
		int rc;

		if (sc.init == ZDM_INIT_DEFERRED)	/* padata, for all */
			o.threads = 1 + zdm_rng_below(r, 4);
		else if (s == MEMMAP_TEMPLATE_NT_MT) {
			o.threads = 1 + zdm_rng_below(r, 8);
			o.chunk_pfns = nr * (1 + zdm_rng_below(r, 64 >> (sc.vmemmap_shift > 6 ? 6 : sc.vmemmap_shift)));
		}
		rc = zdm_verify_scenario(&sc, l, &o, idx, &rep);
		if (rc < 0) {
			res->errors++;
			fprintf(out, "case %lu: out of memory\n", idx);
			continue;
		}
		res->mismatches += rep.mismatches;
		if (rc || verbose)
			fprintf(out, "case %lu [%s] %s threads=%u chunk=%lu: "
				"%lu pages, %lu mismatches\n  %s%s%s\n", idx,
				lname, memmap_strategy_names[s], o.threads,
				o.chunk_pfns, rep.pages, rep.mismatches, desc,
				how, o.fused ? " --fused" : "");
		if (rc)
			zdm_report_print(out, &rep);
	}
	res->cases++;
}

void zdm_sweep(unsigned long seed, unsigned long cases,
	       const struct page_layout *layouts, const char *const *names,
	       unsigned int nr_layouts, bool verbose, FILE *out,
	       struct zdm_sweep_result *res)
{
	struct zdm_rng r = { seed };

	memset(res, 0, sizeof(*res));
	for (unsigned long i = 0; i < cases; i++)
		sweep_one(&r, &layouts[i % nr_layouts], names[i % nr_layouts],
			  i, verbose, out, res);
}
