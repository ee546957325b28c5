/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_plot.h - `--plot FILE`: every bind of every strategy, and the fill
 * ceilings as horizontal lines, drawn by gnuplot as PNG or SVG.
 */
#ifndef ZDM_BENCH_PLOT_H
#define ZDM_BENCH_PLOT_H

#include <stddef.h>

#include "bench.h"

/*
 * Before the run, so a long bench does not end in a plot that cannot be
 * made: the extension is .png or .svg, gnuplot runs, @path is writable.
 * 0, or -1 with a one-line reason.
 */
int bench_plot_check(const char *path, char *err, size_t errlen);
int bench_plot_write(const char *path, const struct bench_config *c,
		     const struct bench_plan *p, const struct bench_result *r,
		     char *err, size_t errlen);

#endif
