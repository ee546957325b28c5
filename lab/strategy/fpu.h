/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fpu.h - the lab's model of an x86-64 kernel_fpu_begin()/kernel_fpu_end()
 * section, for the bench's --fpu-window: a streaming fill that uses vector
 * registers must run inside one in the kernel, and the section is all that
 * differs from the same stores without it (fpu.c says what it models).
 */
#ifndef ZDM_FPU_H
#define ZDM_FPU_H

#include <stddef.h>

/* 0: no sections (the default); else bytes of struct pages per section. */
void zdm_fpu_window_set(size_t bytes);
size_t zdm_fpu_window(void);

void zdm_kernel_fpu_begin(void);
void zdm_kernel_fpu_end(void);
/* Sections this thread entered so far (the bench and the tests count them). */
unsigned long zdm_fpu_sections(void);
/* One begin/end pair on this CPU, ns: the median of 9 runs of 100000. */
double zdm_fpu_section_ns(void);

#endif
