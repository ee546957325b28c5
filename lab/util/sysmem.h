/* SPDX-License-Identifier: GPL-2.0 */
/* sysmem.h - how much memory this machine can give us right now. */
#ifndef ZDM_SYSMEM_H
#define ZDM_SYSMEM_H

/*
 * Bytes this process can still get: the least of MemAvailable, the room
 * left under its cgroup's memory.max (and its ancestors'), and the room
 * left under RLIMIT_AS and RLIMIT_DATA.  0 only if none of them is known.
 */
unsigned long zdm_mem_available(void);

#endif
