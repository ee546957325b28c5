/* SPDX-License-Identifier: GPL-2.0 */
/*
 * core_env.h - the run in progress that core/ works on in the lab, and the
 * functions the core calls that the kernel defines outside the shared
 * files (the copies, the multi-CPU runner), with the kernel's signatures.
 * The lab defines those in lab/strategy/, reading the run from zdm_core.
 */
#ifndef ZDM_CORE_ENV_H
#define ZDM_CORE_ENV_H

#include <stdbool.h>

#include "mm_model.h"

/* The chunk counters of the lab's stand-ins for padata's helpers. */
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

#include "dup.h"

/*
 * The memmap the core is working on, and how the lab's versions of the
 * kernel's copy and worker functions behave for this run.  The core takes
 * no context argument (the kernel has one memmap), so the lab sets this
 * before each call; calls never overlap (workers of one call share it).
 */
struct zdm_core_env {
	const struct zdm_memmap *mm;
	bool nt;			/* memmap_copy_pages() streams */
	unsigned int threads;		/* zone_device_init_mt() CPUs */
	unsigned long chunk_pfns;	/* 0: one section, rounded up */
};

extern struct zdm_core_env zdm_core;

/* Kernel functions the core calls, with the kernel's signatures. */
void memmap_copy_pages(struct page *dst, const struct page *tmpl,
		       unsigned long nr);
void memmap_copy_pages_done(void);
/*
 * Each copy's lru an empty list, pointing at itself (memmap_fast_ram.c).
 * @hot: the caller reads the pages again soon, so the kernel keeps them in
 * the cache; the lab streams or not as the strategy says, to measure both.
 */
void memmap_copy_pages_lru(struct page *dst, const struct page *tmpl,
			   unsigned long nr, bool hot);
bool zone_device_init_mt(const struct zone_device_range *r);

/*
 * Call @fn(@arg) @nr_threads times, on up to @nr_threads threads, the
 * caller one of them; the caller makes the calls of threads that could not
 * be started.  Returns the number of threads that ran.
 */
unsigned int zdm_run_workers(void (*fn)(void *), void *arg,
			     unsigned int nr_threads);

/* IS_ENABLED(CONFIG_...) of the core, answered from the run's .config. */
bool zdm_core_config(const char *option);

#endif
