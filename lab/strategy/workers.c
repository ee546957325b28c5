// SPDX-License-Identifier: GPL-2.0
/*
 * workers.c - the lab's memmap_init_range_mt(): the kernel's runs work
 * items near the range's node; this one runs one pthread per worker
 * (threads.c).
 */
#include "core_env.h"

static void mt_worker(void *job)
{
	memmap_mt_worker(job);
}

static unsigned long round_up_to(unsigned long x, unsigned long a)
{
	return (x + a - 1) / a * a;
}

bool memmap_init_range_mt(const struct memmap_range *r)
{
	unsigned long nr_pfns = pgmap_vmemmap_nr(r->pgmap);
	unsigned long nr = r->end_pfn - r->start_pfn;
	unsigned long chunk = zdm_core.chunk_pfns;
	unsigned long chunks;
	struct memmap_mt_job job;
	unsigned int threads = zdm_core.threads;

	if (!chunk || chunk % nr_pfns)
		chunk = round_up_to(ZDM_PAGES_PER_SECTION, nr_pfns);
	chunks = (nr + chunk - 1) / chunk;
	if (threads > chunks)
		threads = chunks;
	if (threads <= 1)
		return false;
	job.range = r;
	job.chunk_pfns = chunk;
	atomic_long_set(&job.next, 0);
	zdm_run_workers(mt_worker, &job, threads);
	return true;
}
