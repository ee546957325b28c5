/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_verify.h - keep the bench honest: after every timed bind, compare
 * a sample of struct pages and the whole pageblock bitmap with what the
 * reference slow path writes, so a fast but wrong strategy never wins.
 * The samples are poisoned before each bind, so each bind must rewrite
 * them; the reference comes from running memmap_init_zone_device() of
 * mm_init.c on a small side memmap, one compound at a time.
 */
#ifndef ZDM_BENCH_VERIFY_H
#define ZDM_BENCH_VERIFY_H

#include <stdio.h>

#include "bench.h"

struct bench_verifier {
	const struct page_layout *l;
	struct zdm_scenario sc;
	struct dev_pagemap pgmap;
	unsigned long init_start, end_pfn;
	unsigned long nr_pfns;		/* pfns per compound */
	unsigned long per_compound;	/* struct pages written per compound */
	unsigned long nr;		/* samples */
	unsigned long *pfn;		/* sorted */
	unsigned char *expect;		/* nr x page_size */
	unsigned long nr_written;	/* samples the kernel writes */
	unsigned long usemap_words;
	unsigned long *usemap_poison, *usemap_expect;
};

/*
 * @mm: any of the bench's memmaps (for the pageblock bitmap's geometry).
 * 0, or -1 if out of memory.
 */
int bench_verify_init(struct bench_verifier *v, const struct bench_plan *p,
		      const struct page_layout *l, const struct zdm_memmap *mm,
		      unsigned long nr_random, unsigned long seed);
void bench_verify_destroy(struct bench_verifier *v);
/* The memory bench_verify_init() allocates, for the memory guard. */
size_t bench_verify_bytes(const struct bench_plan *p,
			  const struct page_layout *l, unsigned long nr_random);

/* Before a bind: garbage in every sampled page and in the bitmap. */
void bench_verify_poison(const struct bench_verifier *v,
			 const struct zdm_memmap *mm);
/* After it: the number of mismatches, the first few printed to @out. */
unsigned long bench_verify_check(const struct bench_verifier *v,
				 const struct zdm_memmap *mm,
				 const char *strategy, unsigned int bind,
				 FILE *out);
/* Every written struct page of @mm against @ref (the slow strategy's). */
unsigned long bench_verify_full(const struct bench_verifier *v,
				const struct zdm_memmap *ref,
				const struct zdm_memmap *mm,
				const char *strategy, const char *ref_name,
				FILE *out);

#endif
