/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sweep.h - the randomized differential sweep behind `zdmemmap verify`:
 * reproducible scenarios from a seed, each run with every fast strategy
 * (random thread counts and chunk sizes) against the slow path.
 */
#ifndef ZDM_SWEEP_H
#define ZDM_SWEEP_H

#include <stdbool.h>
#include <stdio.h>

#include "layout.h"
#include "scenario.h"

struct zdm_rng {
	unsigned long s;
};

unsigned long zdm_rng_next(struct zdm_rng *r);
unsigned long zdm_rng_below(struct zdm_rng *r, unsigned long n);

/* A random scenario that zdm_scenario_check() accepts. */
void zdm_sweep_scenario(struct zdm_rng *r, const struct page_layout *l,
			struct zdm_scenario *sc);
void zdm_scenario_describe(const struct zdm_scenario *sc, char *buf,
			   size_t len);

struct zdm_sweep_result {
	unsigned long cases;
	unsigned long mismatches;
	unsigned long errors;		/* out of memory */
};

/*
 * Run @cases scenarios; @layouts (nr >= 1) are used in turn.  Failing
 * cases are printed to @out with their seed and description.
 */
void zdm_sweep(unsigned long seed, unsigned long cases,
	       const struct page_layout *layouts, const char *const *names,
	       unsigned int nr_layouts, bool verbose, FILE *out,
	       struct zdm_sweep_result *res);

#endif
