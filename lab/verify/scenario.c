// SPDX-License-Identifier: GPL-2.0
/* scenario.c - check, build and run one memmap_init_zone_device() call. */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const zdm_type_names[] = {
	[MEMORY_DEVICE_PRIVATE] = "private",
	[MEMORY_DEVICE_COHERENT] = "coherent",
	[MEMORY_DEVICE_FS_DAX] = "fsdax",
	[MEMORY_DEVICE_GENERIC] = "generic",
	[MEMORY_DEVICE_PCI_P2PDMA] = "p2pdma",
};

int zdm_type_parse(const char *name)
{
	for (int t = MEMORY_DEVICE_PRIVATE; t <= MEMORY_DEVICE_PCI_P2PDMA; t++)
		if (!strcmp(name, zdm_type_names[t]))
			return t;
	return -1;
}

void zdm_scenario_default(struct zdm_scenario *sc, const struct page_layout *l)
{
	memset(sc, 0, sizeof(*sc));
	sc->type = MEMORY_DEVICE_GENERIC;
	sc->zone_idx = l->zone_device;
	sc->pgmap_kaddr = 0xff11000100a0c000UL;
	sc->vmemmap_start = 0xffd4000000000000UL;
	sc->start_pfn = 0x140000;		/* 5 GiB */
	sc->nr_pages = 0x80000;			/* 2 GiB */
}

unsigned long zdm_scenario_init_start(const struct zdm_scenario *sc)
{
	return sc->start_pfn +
	       (sc->altmap ? sc->altmap_reserve + sc->altmap_free : 0);
}

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			snprintf(err, errlen, __VA_ARGS__);		\
			return -1;					\
		}							\
	} while (0)

int zdm_scenario_check(const struct zdm_scenario *sc,
		       const struct page_layout *l, char *err, size_t errlen)
{
	unsigned int pfn_bits = (l->x86_5level ? 52 : 46) - ZDM_PAGE_SHIFT;
	unsigned long max_pfn = 1UL << pfn_bits;
	unsigned long nr = 1UL << sc->vmemmap_shift, start, alt;

	CHECK(sc->type >= MEMORY_DEVICE_PRIVATE &&
	      sc->type <= MEMORY_DEVICE_PCI_P2PDMA, "unknown pgmap type");
	CHECK(sc->vmemmap_shift <= ZDM_MAX_SHIFT,
	      "vmemmap-shift %u is above %u (1 GiB compounds)",
	      sc->vmemmap_shift, ZDM_MAX_SHIFT);
	CHECK(sc->nr_pages > 0, "nr-pages is 0");
	CHECK(sc->start_pfn < max_pfn && sc->nr_pages <= max_pfn - sc->start_pfn,
	      "pfn range 0x%lx+0x%lx runs past the %u-bit physical address space",
	      sc->start_pfn, sc->nr_pages, pfn_bits + ZDM_PAGE_SHIFT);
	CHECK(!(sc->vmemmap_start & (ZDM_PAGE_SIZE - 1)),
	      "vmemmap-start 0x%lx is not page aligned", sc->vmemmap_start);
	CHECK(sc->vmemmap_start + max_pfn * l->page_size > sc->vmemmap_start,
	      "vmemmap-start 0x%lx leaves no room for the vmemmap",
	      sc->vmemmap_start);
	CHECK(sc->pgmap_kaddr && !(sc->pgmap_kaddr & 7),
	      "pgmap 0x%lx is not a valid (non-NULL, aligned) pointer",
	      sc->pgmap_kaddr);
	CHECK(sc->nid >= 0 && (unsigned long)sc->nid < (1UL << l->nodes_shift),
	      "nid %d is not below MAX_NUMNODES (%lu) of this config",
	      sc->nid, 1UL << l->nodes_shift);
	CHECK(sc->zone_idx == l->zone_device,
	      "zone-idx %lu is not ZONE_DEVICE (%u) of this config",
	      sc->zone_idx, l->zone_device);
	alt = sc->altmap ? sc->altmap_reserve + sc->altmap_free : 0;
	CHECK(!sc->altmap || (sc->altmap_reserve <= sc->nr_pages &&
			      alt >= sc->altmap_reserve && alt < sc->nr_pages),
	      "altmap reserve+free (0x%lx+0x%lx) does not leave pages in the "
	      "0x%lx-page range", sc->altmap_reserve, sc->altmap_free,
	      sc->nr_pages);
	start = zdm_scenario_init_start(sc);
	CHECK(!(start & (nr - 1)) && !((sc->start_pfn + sc->nr_pages) & (nr - 1)),
	      "the initialized range 0x%lx-0x%lx is not made of whole "
	      "%lu-page compounds (vmemmap-shift %u)", start,
	      sc->start_pfn + sc->nr_pages, nr, sc->vmemmap_shift);
	CHECK(sc->early >= ZDM_EARLY_NONE && sc->early <= ZDM_EARLY_FIRST,
	      "unknown early-section mode");
	return 0;
}

static unsigned long prefill_word(unsigned long seed, size_t word)
{
	unsigned long x = (seed + 1) * 0x9e3779b97f4a7c15UL ^
			  (word * 0xbf58476d1ce4e5b9UL);

	x ^= x >> 31;
	x *= 0x94d049bb133111ebUL;
	return x ^ (x >> 29);
}

unsigned char zdm_prefill_byte(unsigned long seed, size_t off)
{
	return (unsigned char)(prefill_word(seed, off / 8) >> (off % 8 * 8));
}

int zdm_instance_create(struct zdm_instance *in, const struct zdm_scenario *sc,
			const struct page_layout *l, unsigned long seed)
{
	memset(in, 0, sizeof(*in));
	in->sc = *sc;
	in->storage_bytes = sc->nr_pages * l->page_size;
	in->storage = aligned_alloc(64, (in->storage_bytes + 63) & ~63UL);
	if (!in->storage)
		return -1;
	/* Garbage, not zeroes: a store the fast path forgets must show. */
	for (size_t i = 0; i < in->storage_bytes / 8; i++) {
		unsigned long w = prefill_word(seed, i);

		memcpy((unsigned char *)in->storage + i * 8, &w, 8);
	}
	if (zdm_memmap_init(&in->mm, l, sc->start_pfn, sc->nr_pages,
			    sc->vmemmap_start, in->storage)) {
		free(in->storage);
		return -1;
	}
	for (unsigned long s = 0; s < in->mm.nr_sections; s++)
		in->mm.early[s] = sc->early == ZDM_EARLY_ALL ||
				  (sc->early == ZDM_EARLY_FIRST && s == 0);
	/* Pageblock words start with other blocks' bits set: keep them. */
	for (unsigned long w = 0;
	     w < in->mm.nr_sections * layout_usemap_longs(l); w++)
		in->mm.usemap[w] = 0xaaaaaaaaaaaaaaaaUL ^ (seed * 0x100000001b3UL);

	in->pgmap.type = sc->type;
	in->pgmap.vmemmap_shift = sc->vmemmap_shift;
	in->pgmap.range_start_pfn = sc->start_pfn;
	in->pgmap.range_nr_pages = sc->nr_pages;
	in->pgmap.kaddr = sc->pgmap_kaddr;
	if (sc->altmap) {
		in->pgmap.flags |= PGMAP_ALTMAP_VALID;
		in->pgmap.altmap.base_pfn = sc->start_pfn;
		in->pgmap.altmap.end_pfn = sc->start_pfn + sc->nr_pages - 1;
		in->pgmap.altmap.reserve = sc->altmap_reserve;
		in->pgmap.altmap.free = sc->altmap_free;
	}
	return 0;
}

void zdm_instance_destroy(struct zdm_instance *in)
{
	zdm_memmap_free_state(&in->mm);
	free(in->storage);
	in->storage = NULL;
}

void zdm_instance_run(struct zdm_instance *in, const struct zdm_run_opts *o)
{
	zdm_memmap_init_zone_device(&in->mm, in->sc.zone_idx, in->sc.nid,
				    in->sc.start_pfn, in->sc.nr_pages,
				    &in->pgmap, o);
}
