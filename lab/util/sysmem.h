/* SPDX-License-Identifier: GPL-2.0 */
/* sysmem.h - how much memory this machine can give us right now. */
#ifndef ZDM_SYSMEM_H
#define ZDM_SYSMEM_H

/*
 * Memory this process can still fault in: the least of MemAvailable and
 * the room left under its cgroup's memory.max (and its ancestors').  0 only
 * if neither is known.
 */
unsigned long zdm_mem_room(void);

/*
 * Room for new mappings, charged at mmap() time whether or not a page of
 * them is ever touched.  @all: under RLIMIT_AS, which counts every mapping.
 * @priv: for private writable mappings, also under RLIMIT_DATA and, in
 * overcommit mode 2 (where MAP_NORESERVE is no exemption), the commit
 * limit.  0: no such limit.
 */
void zdm_map_room(unsigned long *all, unsigned long *priv);

/*
 * Bytes a run that touches all it maps can still get: the least of the
 * above.  0 only if none of them is known.
 */
unsigned long zdm_mem_available(void);

/* What one more thread maps: its stack and guard page. */
unsigned long zdm_thread_map_bytes(void);

#endif
