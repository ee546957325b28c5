// SPDX-License-Identifier: GPL-2.0
/*
 * series_check.c - the verify sweep, for the lab built around the core of
 * one patch of the kernel series (tests/series_core.sh): every strategy
 * that core has, against the reference slow path, on every built-in
 * layout.
 *
 * usage: series_check CASES SEED
 */
#include <stdio.h>
#include <stdlib.h>

#include "layouts_builtin.h"
#include "sweep.h"

int main(int argc, char **argv)
{
	struct page_layout layouts[8];
	const char *names[8];
	struct zdm_sweep_result res;
	unsigned int nr = 0;
	char err[256];

	if (argc != 3) {
		fprintf(stderr, "usage: series_check CASES SEED\n");
		return 2;
	}
	for (unsigned int i = 0; i < nr_builtin_layouts && nr < 8; i++) {
		if (page_layout_parse(&layouts[nr], builtin_layouts[i].text,
				      builtin_layouts[i].name, ZDM_KERNEL_6_12,
				      err, sizeof(err))) {
			fprintf(stderr, "series_check: %s\n", err);
			return 1;
		}
		names[nr++] = builtin_layouts[i].name;
	}
	zdm_sweep(strtoul(argv[2], NULL, 0), strtoul(argv[1], NULL, 0),
		  layouts, names, nr, false, stdout, &res);
	printf("%lu cases, %d strategies, %lu mismatches, %lu errors\n",
	       res.cases, NR_MEMMAP_STRATEGIES - 1, res.mismatches, res.errors);
	return res.mismatches || res.errors || !res.cases;
}
