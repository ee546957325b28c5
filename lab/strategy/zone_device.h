/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zone_device.h - memmap_init_zone_device() as the patched kernel runs it:
 * the strategy picks the fast path, which falls back to the reference slow
 * path whenever it declines.
 */
#ifndef ZDM_ZONE_DEVICE_H
#define ZDM_ZONE_DEVICE_H

#include "memmap_fast.h"
#include "mm_model.h"

struct zdm_run_opts {
	enum memmap_strategy strategy;
	unsigned int threads;		/* template-nt-mt workers */
	unsigned long chunk_pfns;	/* 0: one section, rounded to compounds */
};

void zdm_memmap_init_zone_device(const struct zdm_memmap *mm,
				 unsigned long zone_idx, int nid,
				 unsigned long start_pfn,
				 unsigned long nr_pages,
				 struct dev_pagemap *pgmap,
				 const struct zdm_run_opts *opts);

#endif
