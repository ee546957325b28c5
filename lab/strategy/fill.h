/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fill.h - copying struct page templates into the memmap: plain stores, or
 * streaming stores (MOVNTI, SSE2 MOVNTDQ, AVX VMOVNTDQ) picked from CPUID
 * at run time, with a portable fallback that uses plain stores.
 */
#ifndef ZDM_FILL_H
#define ZDM_FILL_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

struct page;

enum zdm_nt_impl {
	ZDM_NT_PORTABLE,	/* plain memcpy: no streaming stores */
	ZDM_NT_MOVNTI,
	ZDM_NT_SSE2_COPY,	/* SSE2, reloading the template for every page */
	ZDM_NT_SSE2,
	ZDM_NT_AVX,
	NR_ZDM_NT_IMPLS,
};

extern const char *const zdm_nt_impl_names[NR_ZDM_NT_IMPLS];

/* The best implementation this CPU has. */
enum zdm_nt_impl zdm_nt_best(void);
bool zdm_nt_supported(enum zdm_nt_impl impl);
/* Select for later zdm_fill_pages(..., nt=true); false if unsupported. */
bool zdm_nt_select(enum zdm_nt_impl impl);
enum zdm_nt_impl zdm_nt_selected(void);

void zdm_copy_page(const struct page_layout *l, struct page *dst,
		   const struct page *src);
void zdm_fill_pages(const struct page_layout *l, struct page *dst,
		    const struct page *tmpl, unsigned long n, bool nt);
/*
 * The same for ordinary struct pages: each copy's lru list head (words 1
 * and 2) points at itself, @kaddr being the first page's kernel address.
 */
void zdm_fill_pages_lru(const struct page_layout *l, struct page *dst,
			unsigned long kaddr, const struct page *tmpl,
			unsigned long n, bool nt);
void zdm_nt_drain(void);

/*
 * The stand-in for the kernel's "page_ref_set tracepoint enabled" and
 * KASAN/KMSAN checks: when it says no, every strategy runs the slow path.
 */
extern bool zdm_page_ref_tracepoint;
bool zdm_fast_allowed(const struct page_layout *l);

/* Fill @bytes at @dst with a constant, plainly or streaming (the ceiling). */
void zdm_memset_plain(void *dst, size_t bytes);
void zdm_memset_nt(void *dst, size_t bytes);
/*
 * The same on up to @threads threads, which take parts from a shared
 * counter: every byte is filled however many of them start.
 */
void zdm_memset_mt(void *dst, size_t bytes, bool nt, unsigned int threads);

#endif
