// SPDX-License-Identifier: GPL-2.0
/*
 * series_check.c - the verify sweep, for the lab built around the core of
 * one patch of the kernel series (tests/series_core.sh): every strategy
 * that core has, against the reference slow path, on every built-in
 * layout, as the series' kernel writes it.
 *
 * usage: series_check CASES SEED KERNEL
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernel.h"
#include "layouts_builtin.h"
#include "sweep.h"
#include "zone_device.h"

int main(int argc, char **argv)
{
	struct page_layout layouts[8];
	const char *names[8];
	struct zdm_sweep_result res;
	unsigned int nr = 0;
	char err[256];
	int kernel;

	if (argc != 4 || (kernel = zdm_kernel_parse(argv[3])) < 0) {
		fprintf(stderr, "usage: series_check CASES SEED 6.12|7.3\n");
		return 2;
	}
	for (unsigned int i = 0; i < nr_builtin_layouts && nr < 8; i++) {
		if (page_layout_parse(&layouts[nr], builtin_layouts[i].text,
				      builtin_layouts[i].name, kernel,
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
