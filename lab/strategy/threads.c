// SPDX-License-Identifier: GPL-2.0
/*
 * threads.c - run one function on several pthreads, the caller among them:
 * the lab's stand-in for the kernel's work items (memmap_init_range_mt())
 * and padata helpers (deferred init).
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
