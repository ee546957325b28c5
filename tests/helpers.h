/* SPDX-License-Identifier: GPL-2.0 */
/* helpers.h - shared setup for the cmocka tests. */
#ifndef ZDM_TEST_HELPERS_H
#define ZDM_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout.h"
#include "layouts_builtin.h"
#include "mm_init.h"
#include "page.h"
#include "scenario.h"
#include "verify.h"

static inline void load_builtin_kernel(struct page_layout *l, unsigned int i,
				       enum zdm_kernel kernel)
{
	char err[256];

	assert_int_equal(page_layout_parse(l, builtin_layouts[i].text,
					   builtin_layouts[i].name, kernel,
					   err, sizeof(err)), 0);
}

/* Built-in layout @i, as 6.12 derives it. */
static inline void load_builtin(struct page_layout *l, unsigned int i)
{
	load_builtin_kernel(l, i, ZDM_KERNEL_6_12);
}

/* A small scenario: @compounds compounds of order @shift, map=mem. */
static inline void small_scenario(struct zdm_scenario *sc,
				  const struct page_layout *l,
				  enum memory_type type, unsigned int shift,
				  unsigned long compounds)
{
	zdm_scenario_default(sc, l);
	sc->type = type;
	sc->vmemmap_shift = shift;
	sc->start_pfn = 0x240000;
	sc->nr_pages = compounds << shift;
}

/* cond_resched() calls of one run of @o on @sc. */
static inline unsigned long resched_calls(const struct zdm_scenario *sc,
					  const struct page_layout *l,
					  const struct zdm_run_opts *o)
{
	struct zdm_instance in;
	unsigned long before;

	assert_int_equal(zdm_instance_create(&in, sc, l, 3), 0);
	before = zdm_resched_calls();
	zdm_instance_run(&in, o);
	before = zdm_resched_calls() - before;
	zdm_instance_destroy(&in);
	return before;
}

static inline struct page *pfn_page(struct zdm_instance *in,
				    unsigned long pfn)
{
	return zdm_pfn_to_page(&in->mm, pfn);
}

#endif
