/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_report.h - what the bench prints: the configuration and timer
 * resolution before it starts, the results table after it, and the same
 * numbers as JSON for scripts.
 */
#ifndef ZDM_BENCH_REPORT_H
#define ZDM_BENCH_REPORT_H

#include <stdio.h>

#include "bench.h"
#include "bench_machine.h"

#define BENCH_JSON_VERSION	2	/* 2: per-strategy strategy, threads */

void bench_report_config(FILE *f, const struct bench_config *c,
			 const struct bench_plan *p,
			 const struct page_layout *l,
			 const struct bench_machine *m);
void bench_report_table(FILE *f, const struct bench_config *c,
			const struct bench_plan *p,
			const struct bench_result *r);
/* 0, or -1 if @f could not be written. */
int bench_report_json(FILE *f, const struct bench_config *c,
		      const struct bench_plan *p, const struct page_layout *l,
		      const struct bench_machine *m,
		      const struct bench_result *r);

#endif
