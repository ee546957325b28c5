// SPDX-License-Identifier: GPL-2.0
/*
 * threads.c - run one function on several pthreads, the caller among them:
 * the lab's stand-in for the padata helpers of the kernel's
 * zone_device_init_mt() and of deferred init.
 */
#include <errno.h>
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

#ifdef ZDM_NT_CHECK
/*
 * Test builds only: ZDM_FAIL_THREAD_AFTER=N lets N threads start and fails
 * the rest with EAGAIN, as RLIMIT_NPROC or a full address space would, so
 * tests can hold every parallel loop to covering its range anyway.
 */
static bool thread_refused(unsigned int nr_started)
{
	const char *s = getenv("ZDM_FAIL_THREAD_AFTER");

	return s && *s && nr_started >= strtoul(s, NULL, 0);
}
#else
static bool thread_refused(unsigned int nr_started)
{
	return false;
}
#endif

static int start_worker(pthread_t *tid, struct worker_start *w,
			unsigned int nr_started)
{
	if (thread_refused(nr_started))
		return EAGAIN;
	return pthread_create(tid, NULL, worker_main, w);
}

/*
 * @fn runs @nr_threads times in all, whatever number of threads could be
 * had: the caller makes its own call and then that of every thread that
 * did not start (pthread_create() fails with EAGAIN under RLIMIT_NPROC,
 * or when there is no room for a stack).  A worker that claims chunks
 * until none is left finds nothing more to do then; one that takes a
 * fixed share per call still sees every share done.  Returns the number
 * of threads the calls ran on, the caller's included.
 */
unsigned int zdm_run_workers(void (*fn)(void *), void *arg,
			     unsigned int nr_threads)
{
	pthread_t *tids = nr_threads > 1 ? calloc(nr_threads, sizeof(*tids)) :
			  NULL;
	struct worker_start w = { fn, arg };
	unsigned int started = 0;

	for (unsigned int i = 1; tids && i < nr_threads; i++) {
		if (start_worker(&tids[started], &w, started))
			break;
		started++;
	}
	fn(arg);
	for (unsigned int i = started + 1; i < nr_threads; i++)
		fn(arg);	/* a thread that did not start */
	for (unsigned int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
	return started + 1;
}
