/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lab's hooks for the fast-path core as it stands after an earlier
 * patch of the series (tests/series_core.sh).  Until the streaming-store
 * patch, memmap_host_fill() has no @nt argument: take four or five.
 */
#ifndef ZDM_SERIES_HOST_H
#define ZDM_SERIES_HOST_H

#include "../../lab/shim/memmap_fast_host.h"

#undef memmap_host_fill
#define series_fill(r, dst, tmpl, n, nt, ...) \
	zdm_fill_pages(ZDM_MM(r)->layout, dst, tmpl, n, nt)
#define memmap_host_fill(...)	series_fill(__VA_ARGS__, false)

#endif
