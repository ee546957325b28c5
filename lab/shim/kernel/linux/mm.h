/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/mm.h> as core/ sees it in the lab: the kernel's generic helpers
 * and the struct page accessors core/ uses, on the model's memmap.  Like
 * the rest of lab/shim/kernel/, it takes over a kernel header that core/
 * includes, as tools/testing/vma and tools/testing/memblock do, so that
 * core/ is the kernel's mm/ files unchanged.  Only core/ is compiled with
 * this folder on its include path: it redefines memcpy().
 */
#ifndef ZDM_SHIM_LINUX_MM_H
#define ZDM_SHIM_LINUX_MM_H

#include <string.h>

#include "core_env.h"

/* <linux/build_bug.h>'s: the message is optional. */
#undef static_assert
#define static_assert(expr, ...)	__static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)

/* The sections of the kernel's init text: userspace frees no text. */
#define __meminit
#define __init

#define unlikely(x)		__builtin_expect(!!(x), 0)
#define min(a, b)		((a) < (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define PAGES_PER_SECTION	ZDM_PAGES_PER_SECTION
#define PAGE_SIZE		ZDM_PAGE_SIZE

#define IS_ENABLED(option)	zdm_core_config(#option)
#define page_ref_tracepoint_active(tp)	zdm_page_ref_tracepoint

/*
 * The struct pages that struct folio spans: four in 6.12 and in 7.3.  The
 * model writes folio fields by offset, so only the size matters here.
 */
struct folio {
	struct page page[4];
};

#define pfn_to_page(pfn)	zdm_pfn_to_page(zdm_core.mm, pfn)

/*
 * The lab's struct page is as large as the largest layout; the core only
 * ever copies whole struct pages, so copy as many bytes as this layout's.
 */
static inline void *zdm_core_memcpy(void *dst, const void *src, size_t n)
{
	if (n != sizeof(struct page))
		__builtin_trap();
	zdm_copy_page(zdm_core.mm->layout, dst, src);
	return dst;
}
#define memcpy(dst, src, n)	zdm_core_memcpy(dst, src, n)

#endif
