/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/kexec_handover.h> in the lab: hotplugged memory is never a KHO
 * scratch area, so the pageblock keeps the type it was asked for.
 */
#ifndef ZDM_SHIM_LINUX_KEXEC_HANDOVER_H
#define ZDM_SHIM_LINUX_KEXEC_HANDOVER_H

#define kho_scratch_migratetype(pfn, migratetype)	(migratetype)

#endif
