/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verify.h - the differential verifier: run two strategies on separate
 * vmemmaps (and pageblock bitmaps) of one scenario and compare them byte
 * for byte, then check invariants that hold whatever the strategy.
 */
#ifndef ZDM_VERIFY_H
#define ZDM_VERIFY_H

#include <stdio.h>

#include "scenario.h"

#define ZDM_VERIFY_KEEP	16	/* mismatches kept for the report */

struct zdm_mismatch {
	unsigned long pfn;		/* or the pageblock's first pfn */
	char field[48];
	unsigned long expected, actual;
};

struct zdm_verify_report {
	unsigned long pages;		/* struct pages compared */
	unsigned long mismatches;	/* fields that differ or break a rule */
	unsigned int kept;
	struct zdm_mismatch m[ZDM_VERIFY_KEEP];
};

/* Name of the struct page (or folio) member at byte @off of @pfn. */
const char *zdm_field_name(const struct zdm_instance *in, unsigned long pfn,
			   unsigned int off, unsigned int *field_off,
			   unsigned int *field_len);

/* Compare @actual with @expected (same scenario): vmemmap and usemap. */
void zdm_compare(const struct zdm_instance *expected,
		 const struct zdm_instance *actual,
		 struct zdm_verify_report *rep);
/* Strategy-independent rules on one initialized instance. */
/* One invariant: record a mismatch unless @ok. */
void zdm_rule(struct zdm_verify_report *rep, bool ok, unsigned long pfn,
	      const char *role, const char *what, unsigned long expected,
	      unsigned long actual);
/* What every onlined or deferred-init page must hold (ram_rules.c). */
void zdm_check_ram_invariants(const struct zdm_instance *in,
			      struct zdm_verify_report *rep);
void zdm_check_invariants(const struct zdm_instance *in,
			  struct zdm_verify_report *rep);
/* Both, for @opts against the slow path; 0 when nothing is wrong. */
int zdm_verify_scenario(const struct zdm_scenario *sc,
			const struct page_layout *l,
			const struct zdm_run_opts *opts, unsigned long seed,
			struct zdm_verify_report *rep);
void zdm_report_print(FILE *f, const struct zdm_verify_report *rep);

#endif
