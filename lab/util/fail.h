/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fail.h - the lab's way of refusing: a function that checks something
 * writes one line into the caller's err/errlen and returns -1, and the
 * CLI prints that line and exits 2.  FAIL() is that step, for functions
 * whose buffer is named err and its size errlen.
 */
#ifndef ZDM_FAIL_H
#define ZDM_FAIL_H

#include <stdio.h>

#define FAIL(...)						\
	do {							\
		snprintf(err, errlen, __VA_ARGS__);		\
		return -1;					\
	} while (0)

#endif
