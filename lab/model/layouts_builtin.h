/* SPDX-License-Identifier: GPL-2.0 */
/* layouts_builtin.h - the named configs the verify sweep rotates through. */
#ifndef ZDM_LAYOUTS_BUILTIN_H
#define ZDM_LAYOUTS_BUILTIN_H

struct builtin_layout {
	const char *name;
	const char *text;	/* .config lines */
};

extern const struct builtin_layout builtin_layouts[];
extern const unsigned int nr_builtin_layouts;

#endif
