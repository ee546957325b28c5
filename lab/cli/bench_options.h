/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_options.h - `zdmemmap bench`'s options turned into a checked plan:
 * the namespace, the columns, and memory that fits.  Nothing here exits;
 * the fuzzer (fuzz/fuzz_plan.c) drives it as the CLI does.
 */
#ifndef ZDM_BENCH_OPTIONS_H
#define ZDM_BENCH_OPTIONS_H

#include <stddef.h>

#include "bench.h"

#define BENCH_OPTIONS_HELP	1

/*
 * 0 with @c, @l and @p filled in (and file:PATH's file open),
 * BENCH_OPTIONS_HELP for --help, or -1 with one line in @err.
 */
int bench_options_parse(int argc, char **argv, struct bench_config *c,
			struct page_layout *l, struct bench_plan *p,
			char *err, size_t errlen);

#endif
