/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memmap_fast_host.h (lab) - what core/memmap_fast.c needs, supplied by the
 * userspace model.  The kernel's counterpart is mm/memmap_fast_host.h in
 * the patch series; both provide the hooks listed in memmap_fast.h.
 */
#ifndef _MM_MEMMAP_FAST_HOST_H
#define _MM_MEMMAP_FAST_HOST_H

#include <stdbool.h>
#include <string.h>

#include "mm_init.h"
#include "mm_model.h"
#include "fill.h"

/* The few kernel helpers the core uses. */
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

typedef struct {
	long counter;
} atomic_long_t;

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline long atomic_long_fetch_add(long i, atomic_long_t *v)
{
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

struct memmap_mt_job;
void zdm_run_workers(struct memmap_mt_job *job, unsigned int nr_threads);

#define ZDM_MM(r)	((const struct zdm_memmap *)(r)->host)

#define memmap_host_page(r, pfn)	zdm_pfn_to_page(ZDM_MM(r), pfn)
#define memmap_host_page_add(r, page, n) zdm_page_add(ZDM_MM(r), page, n)
#define memmap_host_compound_nr(r)	pgmap_vmemmap_nr((r)->pgmap)
#define memmap_host_compound_nr_pages(r, pfn) \
	compound_nr_pages(ZDM_MM(r), pfn, (r)->altmap, (r)->pgmap)
#define memmap_host_init_page(r, page, pfn) \
	__init_zone_device_page(ZDM_MM(r), page, pfn, (r)->zone_idx, \
				(r)->nid, (r)->pgmap)
#define memmap_host_init_compound(r, head, pfn, nr) \
	memmap_init_compound(ZDM_MM(r), head, pfn, (r)->zone_idx, \
			     (r)->nid, (r)->pgmap, nr)
#define memmap_host_pfn_dependent(r)	(ZDM_MM(r)->layout->section_in_flags)
#define memmap_host_refresh_pfn(r, page, pfn) \
	set_page_section(ZDM_MM(r), page, zdm_section_nr(pfn))
#define memmap_host_set_compound_head(r, page, head) \
	set_compound_head(ZDM_MM(r), page, head, (r)->pgmap->vmemmap_shift)
#define memmap_host_compound_info_fixed(r) \
	(ZDM_MM(r)->layout->compound_info_mask)
#define memmap_host_refresh_second_tail(r, tmpl, page) \
	zdm_refresh_second_tail(ZDM_MM(r), tmpl, page)
#define memmap_host_copy_page(r, dst, src) \
	zdm_copy_page(ZDM_MM(r)->layout, dst, src)
#define memmap_host_fill(r, dst, tmpl, n, nt) \
	zdm_fill_pages(ZDM_MM(r)->layout, dst, tmpl, n, nt)
#define memmap_host_nt_drain()		zdm_nt_drain()
#define memmap_host_fast_allowed(r)	zdm_fast_allowed(ZDM_MM(r)->layout)
#define memmap_host_run_workers(job, nr) zdm_run_workers(job, nr)
#define memmap_host_cond_resched()	cond_resched()
#define MEMMAP_HOST_SECTION_PFNS	ZDM_PAGES_PER_SECTION

#endif
