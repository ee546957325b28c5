/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Template fast path for ZONE_DEVICE memmap initialization: interface.
 *
 * This header and memmap_fast.c are shared verbatim between Linux (mm/)
 * and the zdmemmap userspace lab; a test fails if the two copies drift.
 * Each home supplies its own "memmap_fast_host.h" with the types and the
 * small set of hooks listed below, so the fast path itself never depends on
 * where it runs.
 *
 * Hooks the host provides (static inline functions or macros):
 *
 *   memmap_host_page(r, pfn)            struct page of @pfn (pfn_to_page)
 *   memmap_host_page_add(r, page, n)    the struct page @n entries later
 *   memmap_host_compound_nr(r)          pfns per compound (1 << shift)
 *   memmap_host_compound_nr_pages(r, pfn)  struct pages written per compound
 *   memmap_host_init_page(r, page, pfn) the slow path for one page
 *                                       (__init_zone_device_page)
 *   memmap_host_init_compound(r, head, pfn, nr)
 *                                       the slow path for the tails of a
 *                                       compound (memmap_init_compound)
 *   memmap_host_pfn_dependent(r)        true if a struct page holds fields
 *                                       derived from its pfn (section bits)
 *   memmap_host_refresh_pfn(r, page, pfn)  rewrite those fields
 *   memmap_host_set_compound_head(r, page, head)
 *   memmap_host_compound_info_fixed(r)  true if a tail's compound_head word
 *                                       is the same in every compound (a
 *                                       mask), so templates keep theirs
 *   memmap_host_refresh_second_tail(r, tmpl, page)
 *                                       point @tmpl's pfn-dependent words
 *                                       (a _deferred_list kept by the second
 *                                       tail) at @page; a no-op where that
 *                                       tail keeps nothing of its own
 *   memmap_host_copy_page(r, dst, src)  plain copy of one struct page
 *   memmap_host_fill(r, dst, tmpl, n, nt)  @tmpl into @n consecutive pages,
 *                                       with streaming stores when @nt
 *   memmap_host_nt_drain()              order streaming stores (SFENCE)
 *   memmap_host_fast_allowed(r)         false when the fast path must not
 *                                       run (page_ref tracepoint, KASAN,
 *                                       KMSAN)
 *   memmap_host_run_workers(job, nr)    run memmap_mt_worker(job) on @nr
 *                                       CPUs, the caller included, and
 *                                       wait for all of them
 *   memmap_host_cond_resched()
 *   MEMMAP_HOST_SECTION_PFNS            PAGES_PER_SECTION
 */
#ifndef _MM_MEMMAP_FAST_H
#define _MM_MEMMAP_FAST_H

struct dev_pagemap;
struct vmem_altmap;

/*
 * One memmap_init_zone_device() call, after the altmap offset has been
 * applied: [start_pfn, end_pfn) are the pfns whose struct pages it writes.
 * Defined before the host header so that the hooks can take it.
 */
struct memmap_range {
	unsigned long start_pfn;
	unsigned long end_pfn;
	unsigned long zone_idx;
	int nid;
	struct dev_pagemap *pgmap;
	struct vmem_altmap *altmap;
	void *host;		/* host private; unused by the kernel */
};

#include "memmap_fast_host.h"

enum memmap_strategy {
	MEMMAP_SLOW,		/* memmap_init_zone_device() as in 6.12 */
	MEMMAP_TEMPLATE,	/* head and tail templates, plain copies */
	MEMMAP_TEMPLATE_NT,	/* the same, with streaming stores */
	MEMMAP_TEMPLATE_NT_MT,	/* the same, split over worker CPUs */
	NR_MEMMAP_STRATEGIES,
};

extern const char * const memmap_strategy_names[NR_MEMMAP_STRATEGIES];

/* Work shared by the threads of MEMMAP_TEMPLATE_NT_MT. */
struct memmap_mt_job {
	const struct memmap_range *range;
	unsigned long chunk_pfns;	/* a multiple of the compound size */
	atomic_long_t next;		/* next chunk's offset from start_pfn */
};

int memmap_strategy_parse(const char *name);
bool memmap_init_range_fast(const struct memmap_range *r,
			    enum memmap_strategy strategy,
			    unsigned int nr_threads, unsigned long chunk_pfns);
void memmap_mt_worker(struct memmap_mt_job *job);

#endif /* _MM_MEMMAP_FAST_H */
