/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_plot.h - `--plot FILE`: every bind of every strategy, and the fill
 * ceilings as horizontal lines, drawn by gnuplot as PNG or SVG.
 *
 * No string of the user's reaches gnuplot: the script is written into an
 * anonymous memory file, the image goes to another (gnuplot is told
 * "/dev/fd/3"), and every label in the script comes from the lab's own
 * tables and numbers.  gnuplot never writes where the user pointed: the
 * image is checked to be whole and then copied there by the caller's
 * stream.
 */
#ifndef ZDM_BENCH_PLOT_H
#define ZDM_BENCH_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "bench.h"

/*
 * Before the run, so a long bench does not end in a plot that cannot be
 * made: the extension is .png or .svg and gnuplot runs.  0, or -1 with a
 * one-line reason.
 */
int bench_plot_check(const char *path, char *err, size_t errlen);
/* Draw into @out (PNG or SVG after @path's extension). */
int bench_plot_write(const char *path, FILE *out,
		     const struct bench_config *c, const struct bench_plan *p,
		     const struct bench_result *r, char *err, size_t errlen);

#endif
