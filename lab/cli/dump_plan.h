/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dump_plan.h - `zdmemmap dump`'s options turned into one checked
 * memmap_init_zone_device() call.  Nothing here exits or touches a file
 * but the --kconfig one, so the fuzzer (fuzz/fuzz_plan.c) drives it too.
 */
#ifndef ZDM_DUMP_PLAN_H
#define ZDM_DUMP_PLAN_H

#include <stddef.h>

#include "layout.h"
#include "scenario.h"

struct dump_plan {
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_run_opts run;
	const char *kconfig;	/* NULL: built-in layout */
	const char *out;
};

#define DUMP_PLAN_HELP	1

/*
 * 0 with @p filled in and the range checked to fit in memory,
 * DUMP_PLAN_HELP for --help, or -1 with one line in @err.
 */
int dump_plan_parse(int argc, char **argv, struct dump_plan *p, char *err,
		    size_t errlen);

#endif
