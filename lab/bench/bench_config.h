/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_config.h - the bench's presets, its strategy list, and the
 * translation of a namespace (type, size, align, map) into the pgmap and
 * altmap the kernel's pfn device would hand memmap_init_zone_device().
 */
#ifndef ZDM_BENCH_CONFIG_H
#define ZDM_BENCH_CONFIG_H

#include "bench.h"

struct bench_preset {
	const char *name;
	enum zdm_init_kind init;
	enum memory_type type;
	unsigned long size, align;
	bool map_dev;
	const char *about;
	unsigned long block_size;	/* hotplug */
};

extern const struct bench_preset bench_presets[];
extern const unsigned int nr_bench_presets;

/* NULL if there is no such preset. */
const struct bench_preset *bench_preset_find(const char *name);
void bench_preset_apply(struct bench_geometry *g, const struct bench_preset *p);

/*
 * "slow,template-nt,template-nt-mt:4": 0, or -1 with a one-line reason.
 * template-nt-mt may come several times with different thread counts.
 */
int bench_strategies_parse(const char *list, struct bench_config *c,
			   char *err, size_t errlen);
/* The default columns of @init: all four, or slow/template/nt +free. */
void bench_default_strategies(struct bench_config *c, enum zdm_init_kind init);
/* The threads entry @i runs on, and its column name. */
unsigned int bench_entry_threads(const struct bench_config *c, unsigned int i);
const char *bench_entry_name(const struct bench_config *c, unsigned int i,
			     char *buf, size_t len);

/*
 * Fill @p->sc and the page counts for @g under layout @l: 0, or -1 with a
 * one-line reason (bad size/align combination, no room for the memmap).
 */
int bench_plan_geometry(const struct bench_geometry *g,
			const struct page_layout *l, struct bench_plan *p,
			char *err, size_t errlen);
/* The dev_pagemap a driver would pass for @sc (as zdm_instance_create). */
void bench_pgmap(const struct zdm_scenario *sc, struct dev_pagemap *pgmap);
/* "2M", "100G", "1536M": exact sizes, the way the options take them. */
const char *bench_size_str(unsigned long bytes, char *buf, size_t len);
/* "1.65 GB", "4.2 MB", "8.2 kB": decimal units, like the GB/s figures. */
const char *bench_human_bytes(size_t bytes, char *buf, size_t len);

#endif
