/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zone_device.h - memmap_init_zone_device() as the patched kernel runs it:
 * the strategy picks the fast path, which falls back to the reference slow
 * path whenever it declines.
 */
#ifndef ZDM_ZONE_DEVICE_H
#define ZDM_ZONE_DEVICE_H

#include "core_env.h"
#include "mm_model.h"

/*
 * The lab runs every variant in one binary; in the kernel the copy is
 * chosen per architecture and the CPU count by the range's size.
 */
enum memmap_strategy {
	MEMMAP_SLOW,		/* memmap_init_zone_device() unpatched */
	MEMMAP_TEMPLATE,	/* templates, plain copies */
	MEMMAP_TEMPLATE_NT,	/* the same, with streaming stores */
	MEMMAP_TEMPLATE_NT_MT,	/* the same, split over worker CPUs */
	NR_MEMMAP_STRATEGIES,
};

extern const char *const memmap_strategy_names[NR_MEMMAP_STRATEGIES];
int memmap_strategy_parse(const char *name);

struct zdm_run_opts {
	enum memmap_strategy strategy;
	unsigned int threads;		/* template-nt-mt workers */
	unsigned long chunk_pfns;	/* 0: one section, rounded to compounds */
	/*
	 * Ordinary memory only: hand the pages to the buddy allocator after
	 * their memmap init, as the kernel goes on to do (the bench's cost
	 * beside the init; lab/model/page_alloc.c).
	 */
	bool free_pages;
	/*
	 * With @free_pages: the kernel address of the MAX_PAGE_ORDER free list
	 * the pages go to (0: any address outside the memmap), and of the
	 * entry already at its tail (0: the list is empty).  A list given here
	 * is one list for the whole range, linked in pfn order, as one CPU
	 * would (the dump's contract); without one, deferred init's helpers
	 * each free to lists of their own, per chunk, so that the bench's
	 * result does not depend on which helper took which chunk.
	 */
	unsigned long free_list, free_list_prev;
	/*
	 * Ordinary memory: run as a kernel with the one-pass patches does,
	 * each page written as the free leaves it (the core's *_freed(), or
	 * the patched slow loops where the core declines or the strategy is
	 * slow), the free, with @free_pages, then only linking them.
	 */
	bool fused;
};

/*
 * Point the core at @mm and @opts for one call; false for MEMMAP_SLOW.
 * zdm_core_end() after the call.
 */
bool zdm_core_begin(const struct zdm_memmap *mm,
		    const struct zdm_run_opts *opts);
void zdm_core_end(void);

/*
 * The fast path for @r with @opts (not MEMMAP_SLOW) on @mm; false if it
 * declined, having written nothing.
 */
bool zdm_init_range_fast(const struct zdm_memmap *mm,
			 const struct zone_device_range *r,
			 const struct zdm_run_opts *opts);

void zdm_memmap_init_zone_device(const struct zdm_memmap *mm,
				 unsigned long zone_idx, int nid,
				 unsigned long start_pfn,
				 unsigned long nr_pages,
				 struct dev_pagemap *pgmap,
				 const struct zdm_run_opts *opts);

#endif
