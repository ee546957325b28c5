// SPDX-License-Identifier: GPL-2.0
/*
 * workers.c - the lab's zone_device_init_mt(): the kernel's hands the
 * range to padata_do_multithreaded() on the range's node; this one runs
 * one pthread per CPU (threads.c), each claiming parts of whole compounds
 * until none is left, as padata's helpers do.
 */
#include "core_env.h"

struct mt_job {
	struct zone_device_range *range;
	unsigned long chunk_pfns;
	atomic_long_t next;		/* next part's offset from start_pfn */
};

static void mt_worker(void *p)
{
	struct mt_job *job = p;
	struct zone_device_range *r = job->range;
	unsigned long nr = r->end_pfn - r->start_pfn;
	unsigned long off, lo;

	for (;;) {
		off = atomic_long_fetch_add(job->chunk_pfns, &job->next);
		if (off >= nr)
			break;
		lo = r->start_pfn + off;
		zone_device_init_part(lo, lo + (nr - off < job->chunk_pfns ?
						nr - off : job->chunk_pfns), r);
	}
}

static unsigned long round_up_to(unsigned long x, unsigned long a)
{
	return (x + a - 1) / a * a;
}

bool zone_device_init_mt(const struct zone_device_range *r)
{
	unsigned long nr_pfns = pgmap_vmemmap_nr(r->pgmap);
	unsigned long nr = r->end_pfn - r->start_pfn;
	unsigned long chunk = zdm_core.chunk_pfns;
	unsigned long chunks;
	struct zone_device_range range = *r;
	struct mt_job job;
	unsigned int threads = zdm_core.threads;

	if (!chunk || chunk % nr_pfns)
		chunk = round_up_to(ZDM_PAGES_PER_SECTION, nr_pfns);
	chunks = (nr + chunk - 1) / chunk;
	if (threads > chunks)
		threads = chunks;
	if (threads <= 1)
		return false;
	job.range = &range;
	job.chunk_pfns = chunk;
	atomic_long_set(&job.next, 0);
	zdm_run_workers(mt_worker, &job, threads);
	return true;
}
