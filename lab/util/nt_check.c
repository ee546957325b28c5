// SPDX-License-Identifier: GPL-2.0
/*
 * nt_check.c - find plain accesses to cache lines whose streaming stores
 * have not been drained.  Such an access is where the series needed an
 * SFENCE (before prep_compound_head(), before the pageblock pass); our
 * template design should need none inside the copy loop, and the tests
 * prove it by running every strategy with this checker on.
 */
#include "nt_check.h"

#ifdef ZDM_NT_CHECK

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define LINE 64UL

struct span {
	uintptr_t lo, hi;	/* [lo, hi) in cache lines */
};

static __thread bool active;
static __thread struct span *spans;
static __thread size_t nr_spans, cap_spans;
static unsigned long violations;
static unsigned long streamed;	/* bytes, on threads with the check on */

void nt_check_enable(void)
{
	active = true;
	nr_spans = 0;
	__atomic_store_n(&violations, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&streamed, 0, __ATOMIC_RELAXED);
}

void nt_check_disable(void)
{
	active = false;
	free(spans);
	spans = NULL;
	nr_spans = cap_spans = 0;
}

unsigned long nt_check_violations(void)
{
	return __atomic_load_n(&violations, __ATOMIC_RELAXED);
}

unsigned long nt_check_streamed_bytes(void)
{
	return __atomic_load_n(&streamed, __ATOMIC_RELAXED);
}

void nt_check_streamed(const void *dst, size_t len)
{
	uintptr_t lo = (uintptr_t)dst / LINE;
	uintptr_t hi = ((uintptr_t)dst + len + LINE - 1) / LINE;

	if (!active || !len)
		return;
	__atomic_fetch_add(&streamed, len, __ATOMIC_RELAXED);
	if (nr_spans && spans[nr_spans - 1].hi >= lo &&
	    spans[nr_spans - 1].lo <= lo) {
		if (hi > spans[nr_spans - 1].hi)
			spans[nr_spans - 1].hi = hi;
		return;
	}
	if (nr_spans == cap_spans) {
		size_t cap = cap_spans ? cap_spans * 2 : 256;
		struct span *p = realloc(spans, cap * sizeof(*p));

		if (!p)
			abort();
		spans = p;
		cap_spans = cap;
	}
	spans[nr_spans++] = (struct span){ lo, hi };
}

void nt_check_drained(void)
{
	nr_spans = 0;
}

void nt_check_plain(const void *addr, size_t len)
{
	uintptr_t lo = (uintptr_t)addr / LINE;
	uintptr_t hi = ((uintptr_t)addr + len + LINE - 1) / LINE;

	if (!active)
		return;
	for (size_t i = 0; i < nr_spans; i++)
		if (lo < spans[i].hi && spans[i].lo < hi) {
			__atomic_fetch_add(&violations, 1, __ATOMIC_RELAXED);
			return;
		}
}

#endif /* ZDM_NT_CHECK */
