// SPDX-License-Identifier: GPL-2.0
/* scenario.c - check, build and run one memmap_init_zone_device() call. */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memory_hotplug.h"

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

const char *const zdm_init_names[NR_ZDM_INIT_KINDS] = {
	[ZDM_INIT_ZONE_DEVICE] = "zone-device",
	[ZDM_INIT_HOTPLUG] = "hotplug",
	[ZDM_INIT_DEFERRED] = "deferred",
};

int zdm_init_parse(const char *name)
{
	for (int k = 0; k < NR_ZDM_INIT_KINDS; k++)
		if (!strcmp(name, zdm_init_names[k]))
			return k;
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
	sc->block_pages = ZDM_PAGES_PER_SECTION;	/* x86's 128 MiB */
}

unsigned long zdm_scenario_init_start(const struct zdm_scenario *sc)
{
	if (sc->init != ZDM_INIT_ZONE_DEVICE)
		return sc->start_pfn;
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

/* The range, node and vmemmap checks every init path shares. */
static int range_check(const struct zdm_scenario *sc,
		       const struct page_layout *l, char *err, size_t errlen)
{
	unsigned int pfn_bits = (l->x86_5level ? 52 : 46) - ZDM_PAGE_SHIFT;
	unsigned long max_pfn = 1UL << pfn_bits;

	CHECK(sc->nr_pages > 0, "nr-pages is 0");
	CHECK(sc->start_pfn < max_pfn && sc->nr_pages <= max_pfn - sc->start_pfn,
	      "pfn range 0x%lx+0x%lx runs past the %u-bit physical address space",
	      sc->start_pfn, sc->nr_pages, pfn_bits + ZDM_PAGE_SHIFT);
	CHECK(!(sc->vmemmap_start & (ZDM_PAGE_SIZE - 1)),
	      "vmemmap-start 0x%lx is not page aligned", sc->vmemmap_start);
	CHECK(sc->vmemmap_start + max_pfn * l->page_size > sc->vmemmap_start,
	      "vmemmap-start 0x%lx leaves no room for the vmemmap",
	      sc->vmemmap_start);
	CHECK(sc->nid >= 0 && (unsigned long)sc->nid < (1UL << l->nodes_shift),
	      "nid %d is not below MAX_NUMNODES (%lu) of this config",
	      sc->nid, 1UL << l->nodes_shift);
	return 0;
}

/*
 * Ordinary memory: any zone below ZONE_DEVICE.  Hotplug onlines whole
 * memory blocks, which add_memory() requires to be block aligned.
 */
static int ram_check(const struct zdm_scenario *sc,
		     const struct page_layout *l, char *err, size_t errlen)
{
	unsigned long b = sc->block_pages;

	if (range_check(sc, l, err, errlen))
		return -1;
	CHECK(sc->zone_idx < l->zone_device,
	      "zone-idx %lu is not an ordinary zone of this config (0..%u; "
	      "ZONE_MOVABLE is %u)", sc->zone_idx, l->zone_device - 1,
	      layout_zone_movable(l));
	if (sc->init != ZDM_INIT_HOTPLUG)
		return 0;
	CHECK(b >= ZDM_PAGES_PER_SECTION && !(b & (b - 1)) &&
	      b <= (1UL << (31 - ZDM_PAGE_SHIFT)),
	      "memory block of 0x%lx pages: must be a power of two from one "
	      "section (128M) to 2G", b);
	CHECK(!(sc->start_pfn & (b - 1)) && !(sc->nr_pages & (b - 1)),
	      "hotplug range 0x%lx+0x%lx is not made of whole 0x%lx-page "
	      "memory blocks", sc->start_pfn, sc->nr_pages, b);
	CHECK(!sc->memmap_on_memory ||
	      memory_block_memmap_on_memory_pages(l, b),
	      "memmap_on_memory: a block's memmap (0x%lx pages of %u-byte "
	      "struct pages) does not fill whole 2M PMDs and pageblocks",
	      b, l->page_size);
	return 0;
}

int zdm_scenario_check(const struct zdm_scenario *sc,
		       const struct page_layout *l, char *err, size_t errlen)
{
	unsigned long nr = 1UL << sc->vmemmap_shift, start, alt;

	CHECK(sc->init >= ZDM_INIT_ZONE_DEVICE && sc->init < NR_ZDM_INIT_KINDS,
	      "unknown init path");
	if (sc->init != ZDM_INIT_ZONE_DEVICE)
		return ram_check(sc, l, err, errlen);
	CHECK(sc->type >= MEMORY_DEVICE_PRIVATE &&
	      sc->type <= MEMORY_DEVICE_PCI_P2PDMA, "unknown pgmap type");
	CHECK(sc->vmemmap_shift <= ZDM_MAX_SHIFT,
	      "vmemmap-shift %u is above %u (1 GiB compounds)",
	      sc->vmemmap_shift, ZDM_MAX_SHIFT);
	if (range_check(sc, l, err, errlen))
		return -1;
	CHECK(sc->pgmap_kaddr && !(sc->pgmap_kaddr & 7),
	      "pgmap 0x%lx is not a valid (non-NULL, aligned) pointer",
	      sc->pgmap_kaddr);
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

void zdm_scenario_run(const struct zdm_memmap *mm,
		      const struct zdm_scenario *sc, struct dev_pagemap *pgmap,
		      const struct zdm_run_opts *o)
{
	switch (sc->init) {
	case ZDM_INIT_HOTPLUG:
		zdm_online_memory_blocks(mm, sc->start_pfn, sc->nr_pages,
					 sc->block_pages, sc->memmap_on_memory,
					 sc->zone_idx, sc->nid, o);
		break;
	case ZDM_INIT_DEFERRED:
		zdm_deferred_init_memmap(mm, sc->zone_idx, sc->nid,
					 sc->start_pfn,
					 sc->start_pfn + sc->nr_pages, o);
		break;
	default:
		zdm_memmap_init_zone_device(mm, sc->zone_idx, sc->nid,
					    sc->start_pfn, sc->nr_pages, pgmap,
					    o);
		break;
	}
}

void zdm_instance_run(struct zdm_instance *in, const struct zdm_run_opts *o)
{
	in->freed = o->free_pages && in->sc.init != ZDM_INIT_ZONE_DEVICE;
	in->one_pass = o->fused && !in->freed &&
		       in->sc.init != ZDM_INIT_ZONE_DEVICE;
	zdm_scenario_run(&in->mm, &in->sc, &in->pgmap, o);
}
