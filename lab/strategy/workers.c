// SPDX-License-Identifier: GPL-2.0
/* workers.c - the lab's memmap_host_run_workers(): one pthread per worker. */
#include <pthread.h>
#include <stdlib.h>

#include "memmap_fast.h"

static void *worker_main(void *arg)
{
	memmap_mt_worker(arg);
	return NULL;
}

/*
 * The caller is worker 0.  If threads cannot be had, the workers that did
 * start and the caller still claim every chunk between them, so the job
 * finishes either way: the same fallback the kernel side takes.
 */
void zdm_run_workers(struct memmap_mt_job *job, unsigned int nr_threads)
{
	pthread_t *tids = calloc(nr_threads, sizeof(*tids));
	unsigned int started = 0;

	for (unsigned int i = 1; tids && i < nr_threads; i++) {
		if (pthread_create(&tids[started], NULL, worker_main, job))
			break;
		started++;
	}
	memmap_mt_worker(job);
	for (unsigned int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
}
