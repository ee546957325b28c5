/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/memmap_copy.h> in the lab: the copies are the lab's own
 * (lab/strategy/fill.c), plain or streaming as the run in progress says,
 * declared with the kernel's signatures in core_env.h.
 */
#ifndef ZDM_SHIM_LINUX_MEMMAP_COPY_H
#define ZDM_SHIM_LINUX_MEMMAP_COPY_H

#include "core_env.h"
#include "fill.h"

#endif
