// SPDX-License-Identifier: GPL-2.0
/*
 * bench_stats.c - summary statistics.  The median is what the bench
 * compares: a pass's time depends on what ran just before it, and the
 * median shrugs off the odd pass that a page fault or a noisy neighbour
 * slowed down.
 */
#include "bench_stats.h"

#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void bench_stats(const double *v, unsigned int n, struct bench_stats *st)
{
	double *s = malloc(n * sizeof(*s)), sum = 0;

	memset(st, 0, sizeof(*st));
	if (!s || !n) {
		free(s);
		return;
	}
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	for (unsigned int i = 0; i < n; i++)
		sum += s[i];
	st->mean = sum / n;
	st->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	st->min = s[0];
	st->max = s[n - 1];
	free(s);
}
