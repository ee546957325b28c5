// SPDX-License-Identifier: GPL-2.0
/* bench_config.c - presets, strategy lists and the pfn device's altmap. */
#include "bench_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "mm_init.h"
#include "parse.h"

#define SZ_2M		(2UL << 20)
#define SZ_1G		(1UL << 30)
#define SZ_2G		(2UL << 30)
#define SZ_8K		(8UL << 10)
#define SZ_128M		(128UL << 20)
/* drivers/nvdimm/pfn_devs.c reserves this much per pfn, whatever the size */
#define MAX_STRUCT_PAGE_SIZE	64

/*
 * Where the namespace sits in physical memory: 64 GiB, aligned for every
 * devdax align, so the pfn device needs no start_pad or end_trunc.
 */
#define BENCH_BASE_PFN	(64UL << (30 - ZDM_PAGE_SHIFT))

static bool is_pow2(unsigned long v)
{
	return v && !(v & (v - 1));
}

const struct bench_preset bench_presets[] = {
	{ "devdax-2M-dev", ZDM_INIT_ZONE_DEVICE, MEMORY_DEVICE_GENERIC, 100UL << 30, SZ_2M, true,
	  "the series' experiment: device-dax, 2M compounds, memmap on pmem" },
	{ "fsdax-dev", ZDM_INIT_ZONE_DEVICE, MEMORY_DEVICE_FS_DAX, 100UL << 30, SZ_2M, true,
	  "filesystem-dax pfn device: order-0 pages, memmap on pmem" },
	{ "devdax-2M-mem", ZDM_INIT_ZONE_DEVICE, MEMORY_DEVICE_GENERIC, 100UL << 30, SZ_2M, false,
	  "device-dax, memmap in RAM: vmemmap dedup, 128 struct pages per 2M" },
	{ "devdax-1G-dev", ZDM_INIT_ZONE_DEVICE, MEMORY_DEVICE_GENERIC, 100UL << 30, SZ_1G, true,
	  "device-dax, 1G compounds, memmap on pmem" },
	{ "private", ZDM_INIT_ZONE_DEVICE, MEMORY_DEVICE_PRIVATE, 80UL << 30, SZ_2M, false,
	  "HMM device-private memory (a GPU's VRAM): order-0, refcount 0" },
	/* ordinary memory: type, align and map do not apply */
	{ "hotplug-128G", ZDM_INIT_HOTPLUG, 0, 128UL << 30, 0, false,
	  "online 128 GiB (CXL, pmem as System RAM) as ZONE_MOVABLE, 2G blocks",
	  SZ_2G },
	{ "boot-1T", ZDM_INIT_DEFERRED, 0, 1UL << 40, 0, false,
	  "deferred struct page init of 1 TiB on one node, --threads CPUs" },
};

const unsigned int nr_bench_presets =
	sizeof(bench_presets) / sizeof(bench_presets[0]);

const struct bench_preset *bench_preset_find(const char *name)
{
	for (unsigned int i = 0; i < nr_bench_presets; i++)
		if (!strcmp(name, bench_presets[i].name))
			return &bench_presets[i];
	return NULL;
}

void bench_preset_apply(struct bench_geometry *g, const struct bench_preset *p)
{
	g->preset = p->name;
	g->type = p->type;
	g->size = p->size;
	g->align = p->align;
	g->map_dev = p->map_dev;
	g->init = p->init;
	g->block_size = p->block_size ? p->block_size : SZ_128M;
	g->memmap_on_memory = false;
}

void bench_default_strategies(struct bench_config *c, enum zdm_init_kind init)
{
	static const enum memmap_strategy ram[] = {
		MEMMAP_SLOW, MEMMAP_TEMPLATE, MEMMAP_TEMPLATE_NT,
	};

	memset(c->entry_threads, 0, sizeof(c->entry_threads));
	memset(c->entry_free, 0, sizeof(c->entry_free));
	memset(c->entry_fused, 0, sizeof(c->entry_fused));
	c->nr_strategies = 0;
	if (init == ZDM_INIT_ZONE_DEVICE) {
		for (int i = 0; i < NR_MEMMAP_STRATEGIES; i++)
			c->strategies[c->nr_strategies++] = i;
		return;
	}
	/*
	 * Boot-time init has only the one-pass template path in the series:
	 * slow, slow+free and that, plain and streamed.  Onlining keeps the
	 * two-pass one for drivers' callbacks: every column, and one pass
	 * streamed, as the kernel runs it.
	 */
	for (unsigned int f = 0; f < 2; f++)
		for (unsigned int i = 0; i < 3; i++) {
			if (init == ZDM_INIT_DEFERRED && i)
				continue;
			c->entry_free[c->nr_strategies] = f;
			c->strategies[c->nr_strategies++] = ram[i];
		}
	for (unsigned int i = init == ZDM_INIT_DEFERRED ? 1 : 2; i < 3; i++) {
		c->entry_free[c->nr_strategies] = true;
		c->entry_fused[c->nr_strategies] = true;
		c->strategies[c->nr_strategies++] = ram[i];
	}
}

int bench_strategies_parse(const char *list, struct bench_config *c,
			   char *err, size_t errlen)
{
	char buf[256], *save = NULL, *tok;

	if (strlen(list) >= sizeof(buf)) {
		snprintf(err, errlen, "--strategies: list too long");
		return -1;
	}
	strcpy(buf, list);
	c->nr_strategies = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		char *plus = strchr(tok, '+');
		unsigned long threads = 0;
		bool free_pages = false, fused = false;
		int s;

		if (plus && (!strcmp(plus, "+free") || !strcmp(plus, "+fused"))) {
			fused = plus[3] == 's';
			*plus = 0;
			free_pages = true;
		}

		if (colon) {
			*colon = 0;
			if (zdm_parse_number(colon + 1, &threads) ||
			    !threads || threads > 1024) {
				snprintf(err, errlen, "--strategies: '%s:%s': "
					 "the thread count must be 1..1024",
					 tok, colon + 1);
				return -1;
			}
		}
		s = memmap_strategy_parse(tok);
		if (s < 0) {
			snprintf(err, errlen, "--strategies: unknown strategy "
				 "'%s' (slow, template, template-nt, "
				 "template-nt-mt, template-nt-mt:N; S+free and "
				 "S+fused for ordinary memory)", tok);
			return -1;
		}
		if (colon && s != MEMMAP_TEMPLATE_NT_MT) {
			snprintf(err, errlen, "--strategies: only "
				 "template-nt-mt takes a thread count, not '%s'",
				 tok);
			return -1;
		}
		for (unsigned int i = 0; i < c->nr_strategies; i++) {
			if ((int)c->strategies[i] == s &&
			    c->entry_threads[i] == threads &&
			    c->entry_free[i] == free_pages &&
			    c->entry_fused[i] == fused) {
				snprintf(err, errlen, "--strategies: '%s%s%s%s' "
					 "given twice", tok, colon ? ":" : "",
					 colon ? colon + 1 : "",
					 fused ? "+fused" :
					 free_pages ? "+free" : "");
				return -1;
			}
		}
		if (c->nr_strategies == BENCH_MAX_ENTRIES) {
			snprintf(err, errlen, "--strategies: at most %d",
				 BENCH_MAX_ENTRIES);
			return -1;
		}
		c->entry_threads[c->nr_strategies] = threads;
		c->entry_free[c->nr_strategies] = free_pages;
		c->entry_fused[c->nr_strategies] = fused;
		c->strategies[c->nr_strategies++] = s;
	}
	if (!c->nr_strategies) {
		snprintf(err, errlen, "--strategies: no strategy given");
		return -1;
	}
	return 0;
}

unsigned int bench_entry_threads(const struct bench_config *c, unsigned int i)
{
	/* boot-time init runs every strategy on the node's CPUs (padata) */
	if (c->geo.init == ZDM_INIT_DEFERRED)
		return c->threads;
	if (c->strategies[i] != MEMMAP_TEMPLATE_NT_MT)
		return 1;
	return c->entry_threads[i] ? c->entry_threads[i] : c->threads;
}

const char *bench_entry_name(const struct bench_config *c, unsigned int i,
			     char *buf, size_t len)
{
	const char *free = c->entry_fused[i] ? "+fused" :
			   c->entry_free[i] ? "+free" : "";

	if (c->entry_threads[i])
		snprintf(buf, len, "%s:%u%s",
			 memmap_strategy_names[c->strategies[i]],
			 c->entry_threads[i], free);
	else
		snprintf(buf, len, "%s%s",
			 memmap_strategy_names[c->strategies[i]], free);
	return buf;
}

const char *bench_size_str(unsigned long bytes, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && bytes && !(bytes & ((1UL << (10 * (u + 2))) - 1)))
		u++;
	if (u < 0)
		snprintf(buf, len, "%lu", bytes);
	else
		snprintf(buf, len, "%lu%c", bytes >> (10 * (u + 1)), units[u]);
	return buf;
}

const char *bench_human_bytes(size_t bytes, char *buf, size_t len)
{
	if (bytes >= 1000000000UL)
		snprintf(buf, len, "%.2f GB", bytes / 1e9);
	else if (bytes >= 1000000UL)
		snprintf(buf, len, "%.1f MB", bytes / 1e6);
	else
		snprintf(buf, len, "%.1f kB", bytes / 1e3);
	return buf;
}

void bench_pgmap(const struct zdm_scenario *sc, struct dev_pagemap *pgmap)
{
	memset(pgmap, 0, sizeof(*pgmap));
	pgmap->type = sc->type;
	pgmap->vmemmap_shift = sc->vmemmap_shift;
	pgmap->range_start_pfn = sc->start_pfn;
	pgmap->range_nr_pages = sc->nr_pages;
	pgmap->kaddr = sc->pgmap_kaddr;
	if (sc->altmap) {
		pgmap->flags |= PGMAP_ALTMAP_VALID;
		pgmap->altmap.base_pfn = sc->start_pfn;
		pgmap->altmap.end_pfn = sc->start_pfn + sc->nr_pages - 1;
		pgmap->altmap.reserve = sc->altmap_reserve;
		pgmap->altmap.free = sc->altmap_free;
	}
}

/*
 * nd_pfn_init() for PFN_MODE_PMEM: the memmap goes right after the 8K info
 * block, sized at MAX_STRUCT_PAGE_SIZE per pfn and padded to the align (at
 * least a 2M subsection), so the data - the pfns memmap_init_zone_device()
 * writes - starts on an align boundary.  __nvdimm_setup_pfn() then makes
 * the info block the altmap's reserve and the memmap its free part.
 */
static int pfn_dev_altmap(const struct bench_geometry *g,
			  const struct page_layout *l, struct zdm_scenario *sc,
			  char *err, size_t errlen)
{
	unsigned long npfns = (g->size - SZ_8K) >> ZDM_PAGE_SHIFT;
	unsigned long per_pfn = l->page_size > MAX_STRUCT_PAGE_SIZE ?
				l->page_size : MAX_STRUCT_PAGE_SIZE;
	unsigned long align = g->align > SZ_2M ? g->align : SZ_2M;
	unsigned long offset = (SZ_8K + per_pfn * npfns + align - 1) &
			       ~(align - 1);
	char a[32], b[32];

	if (offset >= g->size)
		FAIL("--size %s is too small for map=dev with align %s: its "
		     "memmap would take all of it",
		     bench_size_str(g->size, a, sizeof(a)),
		     bench_size_str(g->align, b, sizeof(b)));
	sc->altmap = true;
	sc->altmap_reserve = SZ_8K >> ZDM_PAGE_SHIFT;
	sc->altmap_free = (offset >> ZDM_PAGE_SHIFT) - sc->altmap_reserve;
	return 0;
}

/*
 * Ordinary memory at the same base: onlined whole memory blocks into
 * ZONE_MOVABLE, or deferred-initialized in ZONE_NORMAL.  Every pfn's
 * struct page is written.
 */
static int plan_ram(const struct bench_geometry *g, const struct page_layout *l,
		    struct bench_plan *p, char *err, size_t errlen)
{
	struct zdm_scenario *sc = &p->sc;
	char a[32], b[32], reason[256];

	if (!g->size || g->size % ZDM_PAGE_SIZE)
		FAIL("--size %s: must be a non-zero number of 4K pages",
		     bench_size_str(g->size, a, sizeof(a)));
	if (g->init == ZDM_INIT_HOTPLUG && g->size % g->block_size)
		FAIL("--size %s is not a multiple of the memory block size %s",
		     bench_size_str(g->size, a, sizeof(a)),
		     bench_size_str(g->block_size, b, sizeof(b)));
	zdm_scenario_default(sc, l);
	sc->init = g->init;
	sc->start_pfn = BENCH_BASE_PFN;
	sc->nr_pages = g->size >> ZDM_PAGE_SHIFT;
	sc->zone_idx = layout_zone_movable(l) -
		       (g->init == ZDM_INIT_DEFERRED);
	sc->block_pages = g->block_size >> ZDM_PAGE_SHIFT;
	sc->memmap_on_memory = g->memmap_on_memory;
	if (zdm_scenario_check(sc, l, reason, sizeof(reason)))
		FAIL("bench: %s", reason);
	p->init_start = sc->start_pfn;
	p->init_pfns = sc->nr_pages;
	p->pages_written = sc->nr_pages;
	p->memmap_bytes = p->init_pfns * l->page_size;
	p->written_bytes = p->pages_written * l->page_size;
	return 0;
}

int bench_plan_geometry(const struct bench_geometry *g,
			const struct page_layout *l, struct bench_plan *p,
			char *err, size_t errlen)
{
	struct zdm_scenario *sc = &p->sc;
	unsigned long gran = g->align > SZ_2M ? g->align : SZ_2M;
	unsigned long per_compound;
	struct zdm_memmap probe = { .layout = l };
	struct dev_pagemap pgmap;
	char a[32], b[32], reason[256];

	if (g->init != ZDM_INIT_ZONE_DEVICE)
		return plan_ram(g, l, p, err, errlen);
	if (!is_pow2(g->align) || g->align < ZDM_PAGE_SIZE || g->align > SZ_1G)
		FAIL("--align %s: must be a power of two from 4K to 1G",
		     bench_size_str(g->align, a, sizeof(a)));
	if (!g->size)
		FAIL("--size: must not be 0");
	if (g->size % gran)
		FAIL("--size %s is not a multiple of %s (the align, and at "
		     "least a 2M subsection)", bench_size_str(g->size, a, sizeof(a)),
		     bench_size_str(gran, b, sizeof(b)));
	if (g->map_dev && g->type != MEMORY_DEVICE_GENERIC &&
	    g->type != MEMORY_DEVICE_FS_DAX)
		FAIL("--map dev: only pmem namespaces (generic, fsdax) keep "
		     "their memmap on the device");

	zdm_scenario_default(sc, l);
	sc->type = g->type;
	sc->start_pfn = BENCH_BASE_PFN;
	sc->nr_pages = g->size >> ZDM_PAGE_SHIFT;
	/* dev_dax_probe(): only device-dax makes compound pages. */
	sc->vmemmap_shift = g->type == MEMORY_DEVICE_GENERIC ?
		__builtin_ctzl(g->align) - ZDM_PAGE_SHIFT : 0;
	if (g->map_dev && pfn_dev_altmap(g, l, sc, err, errlen))
		return -1;
	if (zdm_scenario_check(sc, l, reason, sizeof(reason)))
		FAIL("bench: %s", reason);

	p->init_start = zdm_scenario_init_start(sc);
	p->init_pfns = sc->start_pfn + sc->nr_pages - p->init_start;
	bench_pgmap(sc, &pgmap);
	/* No early sections here, so every compound writes the same count. */
	per_compound = sc->vmemmap_shift ?
		compound_nr_pages(&probe, p->init_start, pgmap_altmap(&pgmap),
				  &pgmap) : 1;
	p->pages_written = (p->init_pfns >> sc->vmemmap_shift) * per_compound;
	p->memmap_bytes = p->init_pfns * l->page_size;
	p->written_bytes = p->pages_written * l->page_size;
	return 0;
}
