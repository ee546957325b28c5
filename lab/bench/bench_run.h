/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_run.h - the timed experiment: one memmap per strategy, binds
 * interleaved strategy by strategy, every bind verified outside the timed
 * region, and the plain and streaming fill ceilings measured in between.
 */
#ifndef ZDM_BENCH_RUN_H
#define ZDM_BENCH_RUN_H

#include <stdio.h>

#include "bench.h"

/*
 * 0: measured, all verified.  1: a strategy wrote something the slow path
 * does not (printed to stderr).  -1: could not set up (reason in @err).
 */
int bench_run(struct bench_config *c, const struct bench_plan *p,
	      const struct page_layout *l, struct bench_result *r,
	      char *err, size_t errlen);
void bench_result_free(struct bench_result *r);

#endif
