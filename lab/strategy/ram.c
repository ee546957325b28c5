// SPDX-License-Identifier: GPL-2.0
/* ram.c - the lab's patched onlining and deferred init of ordinary memory. */
#include "ram.h"

#include "core_env.h"
#include "memory_hotplug.h"
#include "mm_init.h"
#include "mm_init_ram.h"
#include "page_alloc.h"

unsigned long zdm_ram_fused_ranges;

static void count_fused(void)
{
	__atomic_fetch_add(&zdm_ram_fused_ranges, 1, __ATOMIC_RELAXED);
}

/* Any kernel address outside the memmap will do for a free list head. */
#define FREE_LIST_KADDR	0xff11000000001000UL

static void free_area_init(struct zdm_free_area *fa,
			   const struct zdm_memmap *mm,
			   const struct zdm_run_opts *opts)
{
	zdm_free_area_init(fa, mm, opts->free_list ? opts->free_list :
			   FREE_LIST_KADDR, opts->free_list_prev);
}

/* memmap_init_range(..., MEMINIT_HOTPLUG, ...) of the patched kernel. */
static void patched_init_range(const struct zdm_memmap *mm,
			       unsigned long size, int nid, unsigned long zone,
			       unsigned long start_pfn, int migratetype,
			       bool isolate, const void *arg)
{
	const struct zdm_run_opts *opts = arg;
	bool done = false;

	if (zdm_core_begin(mm, opts)) {
		done = memmap_init_hotplug_fast(start_pfn, start_pfn + size,
						zone, nid, migratetype,
						isolate);
		zdm_core_end();
	}
	if (!done)
		memmap_init_range(mm, size, nid, zone, start_pfn, migratetype,
				  isolate);
}

/*
 * online_pages() of a kernel with the one-pass patches, which asks only
 * for generic_online_page() (the lab's only callback):
 * memmap_init_range_freed(), the core's path or, where it declines or
 * the strategy is slow, the kernel's slow loop for it.
 */
static void patched_init_range_freed(const struct zdm_memmap *mm,
				     unsigned long size, int nid,
				     unsigned long zone, unsigned long start_pfn,
				     const void *arg)
{
	const struct zdm_run_opts *opts = arg;
	bool done = false;

	if (zdm_core_begin(mm, opts)) {
		done = memmap_init_hotplug_freed(start_pfn, start_pfn + size,
						 zone, nid,
						 ZDM_MIGRATE_MOVABLE, true);
		zdm_core_end();
	}
	if (done)
		count_fused();
	else
		memmap_init_range_freed(mm, size, nid, zone, start_pfn,
					ZDM_MIGRATE_MOVABLE, true);
}

void zdm_online_memory_blocks(const struct zdm_memmap *mm,
			      unsigned long start_pfn, unsigned long nr_pages,
			      unsigned long block_pages, bool memmap_on_memory,
			      unsigned long zone, int nid,
			      const struct zdm_run_opts *opts)
{
	const struct zdm_init_range_ops ops = {
		.init_range = patched_init_range,
		.init_range_freed = opts->fused ? patched_init_range_freed :
				    NULL,
		.arg = opts,
	};
	unsigned long nr_vmemmap = memmap_on_memory ?
		memory_block_memmap_on_memory_pages(mm->layout, block_pages) :
		0;
	struct zdm_free_area fa;

	free_area_init(&fa, mm, opts);
	for (unsigned long pfn = start_pfn; pfn < start_pfn + nr_pages;
	     pfn += block_pages) {
		bool freed = memory_block_online(mm, pfn, block_pages,
						 nr_vmemmap, zone, nid, &ops);

		if (opts->free_pages)
			online_pages_range(&fa, pfn + nr_vmemmap,
					   block_pages - nr_vmemmap, freed);
	}
}

struct deferred_job {
	const struct zdm_memmap *mm;
	const struct zdm_run_opts *opts;
	unsigned long zone;
	int nid;
	unsigned long start_pfn, end_pfn;
	unsigned long chunk_pfns;
	bool free;			/* free each chunk right after its init */
	bool fused;			/* write the chunks as the free leaves them */
	bool fast;			/* and the core is set up to do it */
	atomic_long_t next;
};

/* The end of the MAX_ORDER chunk that starts at @spfn, within @epfn. */
static unsigned long deferred_chunk_end(const struct zdm_memmap *mm,
					unsigned long spfn, unsigned long epfn)
{
	const unsigned long max_nr = 1UL << mm->layout->max_page_order;
	unsigned long end = (spfn + max_nr) & ~(max_nr - 1);

	return end < epfn ? end : epfn;
}

/* deferred_init_memmap_chunk(): MAX_ORDER pages at a time. */
static void deferred_init_memmap_chunk(struct deferred_job *job,
				       unsigned long spfn, unsigned long epfn,
				       struct zdm_free_area *fa)
{
	while (spfn < epfn) {
		unsigned long chunk_end = deferred_chunk_end(job->mm, spfn,
							     epfn);
		if (!job->fused)
			deferred_init_pages(job->mm, job->zone, job->nid, spfn,
					    chunk_end);
		else if (job->fast &&
			 deferred_init_pages_freed(spfn, chunk_end, job->zone,
						   job->nid))
			count_fused();
		else
			deferred_init_pages_one_pass(job->mm, job->zone,
						     job->nid, spfn, chunk_end);
		if (job->free)
			deferred_free_pages(fa, spfn, chunk_end - spfn,
					    job->fused);
		spfn = chunk_end;
		cond_resched();
	}
}

/* One padata helper: claim chunks until none is left. */
static void deferred_worker(void *arg)
{
	struct deferred_job *job = arg;
	unsigned long nr = job->end_pfn - job->start_pfn;

	for (;;) {
		unsigned long off = atomic_long_fetch_add(job->chunk_pfns,
							  &job->next);
		unsigned long lo = job->start_pfn + off;
		/* per chunk, so the links do not depend on who took which */
		struct zdm_free_area fa;

		if (off >= nr)
			break;
		free_area_init(&fa, job->mm, job->opts);
		deferred_init_memmap_chunk(job, lo, lo + (job->chunk_pfns <
			nr - off ? job->chunk_pfns : nr - off), &fa);
	}
}

/*
 * padata_do_multithreaded() with deferred_init_memmap()'s job: align and
 * min_chunk of a section, up to @threads helpers, and four chunks per
 * helper (padata's load balance factor).
 */
void zdm_deferred_init_memmap(const struct zdm_memmap *mm, unsigned long zone,
			      int nid, unsigned long start_pfn,
			      unsigned long end_pfn,
			      const struct zdm_run_opts *opts)
{
	const unsigned long sec = ZDM_PAGES_PER_SECTION;
	unsigned long size = end_pfn - start_pfn;
	unsigned long works = size / sec ? size / sec : 1;
	unsigned int threads = opts->threads ? opts->threads : 1;
	struct deferred_job job = {
		.mm = mm, .opts = opts, .zone = zone, .nid = nid,
		.start_pfn = start_pfn, .end_pfn = end_pfn,
	};
	unsigned long chunk;

	if (works > threads)
		works = threads;
	chunk = size / (works * 4);
	if (chunk < sec)
		chunk = sec;
	job.chunk_pfns = (chunk + sec - 1) / sec * sec;
	/*
	 * One list for the range: the helpers only initialize, and the pages
	 * are freed here after, chunk by chunk in pfn order.  Each chunk's
	 * free writes only its own pages and the lists, so the bytes are
	 * those of one CPU that frees each chunk right after its init.
	 */
	job.free = opts->free_pages && !opts->free_list;
	atomic_long_set(&job.next, 0);
	/* only the one-pass init is the series': without it, slow */
	job.fused = opts->fused;
	job.fast = job.fused && zdm_core_begin(mm, opts);
	zdm_run_workers(deferred_worker, &job, (unsigned int)works);
	if (job.fast)
		zdm_core_end();
	if (opts->free_pages && opts->free_list) {
		struct zdm_free_area fa;

		free_area_init(&fa, mm, opts);
		for (unsigned long pfn = start_pfn, e; pfn < end_pfn; pfn = e) {
			e = deferred_chunk_end(mm, pfn, end_pfn);
			deferred_free_pages(&fa, pfn, e - pfn, job.fused);
		}
	}
}
