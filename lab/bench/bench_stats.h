/* SPDX-License-Identifier: GPL-2.0 */
/* bench_stats.h - mean, median, min and max of a series of timings. */
#ifndef ZDM_BENCH_STATS_H
#define ZDM_BENCH_STATS_H

#include "bench.h"

/* @n >= 1; @v is not reordered. */
void bench_stats(const double *v, unsigned int n, struct bench_stats *st);

#endif
