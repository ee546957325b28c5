/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scenario.h - one memmap_init_zone_device() call described by value (the
 * CLI's and the sweep's unit), checked for sense, and instantiated as a
 * dev_pagemap plus a lab vmemmap.
 */
#ifndef ZDM_SCENARIO_H
#define ZDM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "mm_model.h"
#include "ram.h"
#include "zone_device.h"

#define ZDM_MAX_SHIFT		18	/* PUD order: devdax align=1G */
#define ZDM_EARLY_NONE		0
#define ZDM_EARLY_ALL		1
#define ZDM_EARLY_FIRST		2	/* only the range's first section */

/* Which kernel path writes the memmap. */
enum zdm_init_kind {
	ZDM_INIT_ZONE_DEVICE,	/* memmap_init_zone_device(): a dev_pagemap */
	ZDM_INIT_HOTPLUG,	/* onlining memory blocks: memmap_init_range() */
	ZDM_INIT_DEFERRED,	/* boot: deferred_init_pages() */
	NR_ZDM_INIT_KINDS,
};

extern const char *const zdm_init_names[NR_ZDM_INIT_KINDS];
int zdm_init_parse(const char *name);	/* -1 if unknown */

/*
 * One call, by value.  The pgmap fields (type ... pgmap_kaddr, early) are
 * ZONE_DEVICE's; block_pages and memmap_on_memory are hotplug's.
 */
struct zdm_scenario {
	enum zdm_init_kind init;
	enum memory_type type;
	unsigned int vmemmap_shift;
	unsigned long start_pfn;	/* pgmap range */
	unsigned long nr_pages;
	bool altmap;			/* map=dev */
	unsigned long altmap_reserve;
	unsigned long altmap_free;
	int nid;
	unsigned long zone_idx;
	unsigned long pgmap_kaddr;
	unsigned long vmemmap_start;
	int early;			/* ZDM_EARLY_* */
	unsigned long block_pages;	/* memory_block_size_bytes(), in pages */
	bool memmap_on_memory;		/* each block holds its own memmap */
};

struct zdm_instance {
	struct zdm_scenario sc;
	struct dev_pagemap pgmap;
	struct zdm_memmap mm;
	void *storage;
	size_t storage_bytes;
	bool freed;		/* ordinary memory, run through the free */
	bool one_pass;		/* written as the free leaves it, not freed */
};

extern const char *const zdm_type_names[];
int zdm_type_parse(const char *name);	/* -1 if unknown */

/* Defaults: generic, no compound, node 0, ZONE_DEVICE, 5-level vmemmap. */
void zdm_scenario_default(struct zdm_scenario *sc, const struct page_layout *l);
/* 0, or -1 with a one-line reason. */
int zdm_scenario_check(const struct zdm_scenario *sc,
		       const struct page_layout *l, char *err, size_t errlen);
/* First pfn memmap_init_zone_device() writes (after the altmap). */
unsigned long zdm_scenario_init_start(const struct zdm_scenario *sc);

/* Allocate the vmemmap (prefilled from @seed) and the section state. */
int zdm_instance_create(struct zdm_instance *in, const struct zdm_scenario *sc,
			const struct page_layout *l, unsigned long seed);
void zdm_instance_destroy(struct zdm_instance *in);
void zdm_instance_run(struct zdm_instance *in, const struct zdm_run_opts *o);
/* Run @sc's init path with @o on @mm (@pgmap: ZONE_DEVICE's). */
void zdm_scenario_run(const struct zdm_memmap *mm,
		      const struct zdm_scenario *sc, struct dev_pagemap *pgmap,
		      const struct zdm_run_opts *o);
/* The byte every untouched struct page byte holds after create. */
unsigned char zdm_prefill_byte(unsigned long seed, size_t off);

#endif
