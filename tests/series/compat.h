/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced in front of every lab file when tests/series_core.sh builds the
 * lab around the core of a patch before the multi-threaded one: that core
 * takes no thread count or chunk size and has no MEMMAP_TEMPLATE_NT_MT.
 * The variadic macro turns the lab's four-argument calls into two-argument
 * ones and leaves the core's own declaration and definition valid (as
 * parenthesized declarators).
 */
#define memmap_init_range_fast(r, s, ...)	(memmap_init_range_fast)(r, s)
#define MEMMAP_TEMPLATE_NT_MT			NR_MEMMAP_STRATEGIES
