/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nt_check.h - test-build instrumentation: remember the cache lines that
 * have streaming stores in flight (not yet drained) and flag any plain
 * store or load that touches one.  Compiled in only with -DZDM_NT_CHECK.
 */
#ifndef ZDM_NT_CHECK_H
#define ZDM_NT_CHECK_H

#include <stddef.h>

#ifdef ZDM_NT_CHECK
void nt_check_enable(void);
void nt_check_disable(void);
unsigned long nt_check_violations(void);
/* Bytes streamed since nt_check_enable(), on threads with the check on. */
unsigned long nt_check_streamed_bytes(void);
void nt_check_streamed(const void *dst, size_t len);
void nt_check_drained(void);
void nt_check_plain(const void *addr, size_t len);
#else
static inline void nt_check_streamed(const void *dst, size_t len) { }
static inline void nt_check_drained(void) { }
static inline void nt_check_plain(const void *addr, size_t len) { }
#endif

#endif
