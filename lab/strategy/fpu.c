// SPDX-License-Identifier: GPL-2.0
/*
 * fpu.c - what one kernel_fpu_begin()/kernel_fpu_end() section does on
 * x86-64 in Linux 7.3 (arch/x86/kernel/fpu/core.c, !PREEMPT_RT, without
 * CONFIG_X86_DEBUG_FPU or lockdep), done here with the same kinds of
 * instructions, so that the bench can time a streaming fill split into
 * sections against the same fill in one piece:
 *
 * kernel_fpu_begin_mask(KFPU_MXCSR), an out-of-line call:
 *   irqs_disabled()              PUSHF and a test of IF
 *   fpregs_lock()                local_bh_disable(): preempt_count +=
 *                                SOFTIRQ_DISABLE_OFFSET, a this_cpu add
 *   kernel_fpu_allowed = false   a this_cpu write
 *   current->flags, TIF_NEED_FPU_LOAD
 *                                two loads and tests; the first section after
 *                                entering the kernel from a user task also
 *                                saves its FPU registers (XSAVES), which is
 *                                once per bind and left out here
 *   __cpu_invalidate_fpregs_state()  fpu_fpregs_owner_ctx = NULL
 *   ldmxcsr(MXCSR_DEFAULT)
 * kernel_fpu_end(), an out-of-line call:
 *   kernel_fpu_allowed = true
 *   irqs_disabled()
 *   fpregs_unlock()              local_bh_enable(): __local_bh_enable_ip(),
 *                                out of line: in_hardirq() (a read of
 *                                preempt_count), preempt_count -=
 *                                OFFSET - 1, pending softirqs run (a
 *                                this_cpu read; none are pending here),
 *                                preempt_count -= 1, preempt_check_resched()
 *                                (a test of the count)
 *
 * The kernel's this_cpu operations are %gs-relative; thread-local variables
 * are %fs-relative, the same kind of access.
 */
#include "fpu.h"

#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#define SOFTIRQ_DISABLE_OFFSET	0x200u
#define HARDIRQ_MASK		0x000f0000u
#define PF_KTHREAD		0x00200000u
#define TIF_NEED_FPU_LOAD	14
#define MXCSR_DEFAULT		0x1f80u

/* The per-CPU and per-task words the sequence reads and writes. */
static __thread volatile unsigned int preempt_count;
static __thread volatile bool kernel_fpu_allowed = true;
static __thread void *volatile fpregs_owner_ctx;
static __thread volatile unsigned int softirq_pending;
static __thread volatile unsigned int task_flags;
/* set: the user's registers were saved once, as after the first section */
static __thread volatile unsigned long ti_flags = 1ul << TIF_NEED_FPU_LOAD;
static __thread unsigned long sections;

static size_t window;

void zdm_fpu_window_set(size_t bytes)
{
	window = bytes;
}

size_t zdm_fpu_window(void)
{
	return window;
}

unsigned long zdm_fpu_sections(void)
{
	return sections;
}

static inline bool irqs_disabled(void)
{
#if defined(__x86_64__)
	unsigned long flags;

	__asm__ volatile("pushf ; pop %0" : "=rm"(flags) : : "memory");
	return !(flags & 0x200);
#else
	return false;
#endif
}

static inline void barrier(void)
{
	__asm__ volatile("" : : : "memory");
}

__attribute__((noinline)) void zdm_kernel_fpu_begin(void)
{
	if (!irqs_disabled()) {
		preempt_count += SOFTIRQ_DISABLE_OFFSET;
		barrier();
	}
	kernel_fpu_allowed = false;
	if (!(task_flags & PF_KTHREAD) &&
	    !(ti_flags & (1ul << TIF_NEED_FPU_LOAD)))
		ti_flags |= 1ul << TIF_NEED_FPU_LOAD;
	fpregs_owner_ctx = 0;
#if defined(__x86_64__)
	{
		unsigned int mxcsr = MXCSR_DEFAULT;

		__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	}
#endif
	sections++;
}

/* local_bh_enable()'s out-of-line part */
static __attribute__((noinline)) void local_bh_enable_ip(unsigned int cnt)
{
	if (preempt_count & HARDIRQ_MASK)
		__builtin_trap();	/* WARN_ON_ONCE(in_hardirq()) */
	preempt_count -= cnt - 1;
	if (!(preempt_count & HARDIRQ_MASK) && softirq_pending)
		softirq_pending = 0;	/* do_softirq(): never taken here */
	preempt_count -= 1;
	barrier();
	if (!preempt_count && softirq_pending)
		barrier();		/* preempt_check_resched() */
}

__attribute__((noinline)) void zdm_kernel_fpu_end(void)
{
	kernel_fpu_allowed = true;
	if (!irqs_disabled())
		local_bh_enable_ip(SOFTIRQ_DISABLE_OFFSET);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double zdm_fpu_section_ns(void)
{
	enum { RUNS = 9, PAIRS = 100000 };
	unsigned long saved = sections;
	double v[RUNS];

	for (int r = 0; r < RUNS; r++) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		for (int i = 0; i < PAIRS; i++) {
			zdm_kernel_fpu_begin();
			zdm_kernel_fpu_end();
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		v[r] = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) /
		       PAIRS;
	}
	sections = saved;
	qsort(v, RUNS, sizeof(v[0]), cmp_double);
	return v[RUNS / 2];
}
