/* SPDX-License-Identifier: GPL-2.0 */
/* sysmem.h - how much memory this machine can give us right now. */
#ifndef ZDM_SYSMEM_H
#define ZDM_SYSMEM_H

/* MemAvailable from /proc/meminfo in bytes, or 0 if unknown. */
unsigned long zdm_mem_available(void);

#endif
