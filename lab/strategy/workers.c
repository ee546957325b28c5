// SPDX-License-Identifier: GPL-2.0
/*
 * workers.c - the lab's memmap_init_range_mt(): the kernel's runs work
 * items near the range's node; this one runs one pthread per worker.
 */
#include <pthread.h>
#include <stdlib.h>

#include "core_env.h"

struct worker_start {
	void (*fn)(void *);
	void *arg;
};

static void *worker_main(void *p)
{
	struct worker_start *w = p;

	w->fn(w->arg);
	return NULL;
}

/*
 * The caller is worker 0.  If threads cannot be had, the workers that did
 * start and the caller still claim every chunk between them, so the job
 * finishes either way: the same fallback the kernel side takes.
 */
void zdm_run_workers(void (*fn)(void *), void *arg, unsigned int nr_threads)
{
	pthread_t *tids = calloc(nr_threads, sizeof(*tids));
	struct worker_start w = { fn, arg };
	unsigned int started = 0;

	for (unsigned int i = 1; tids && i < nr_threads; i++) {
		if (pthread_create(&tids[started], NULL, worker_main, &w))
			break;
		started++;
	}
	fn(arg);
	for (unsigned int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
}

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
