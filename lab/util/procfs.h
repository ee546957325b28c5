/* SPDX-License-Identifier: GPL-2.0 */
/* procfs.h - one number from a /proc file. */
#ifndef ZDM_PROCFS_H
#define ZDM_PROCFS_H

/* The number on a "Name: N ..." line of a /proc file; 0 if absent. */
unsigned long zdm_proc_value(const char *path, const char *name);

#endif
