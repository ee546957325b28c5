// SPDX-License-Identifier: GPL-2.0
/*
 * test_verify.c - the verifier must catch a one-byte corruption in every
 * field of every kind of struct page, and in the pageblock bits, and name
 * the field.
 */
#include "helpers.h"

#include <string.h>

static void run_pair(struct zdm_instance *a, struct zdm_instance *b,
		     const struct zdm_scenario *sc, const struct page_layout *l)
{
	struct zdm_run_opts o = { .strategy = MEMMAP_SLOW };

	assert_int_equal(zdm_instance_create(a, sc, l, 4), 0);
	assert_int_equal(zdm_instance_create(b, sc, l, 4), 0);
	zdm_instance_run(a, &o);
	zdm_instance_run(b, &o);
}

static void flip_every_byte(unsigned int layout_idx)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance a, b;

	load_builtin(&l, layout_idx);
	small_scenario(&sc, &l, MEMORY_DEVICE_GENERIC, 9, 2);
	run_pair(&a, &b, &sc, &l);
	/* head, first tail, a later tail */
	for (unsigned long idx = 0; idx < 3; idx++) {
		unsigned long pfn = sc.start_pfn + 512 + idx;
		unsigned char *p = (unsigned char *)pfn_page(&b, pfn);

		for (unsigned int off = 0; off < l.page_size; off++) {
			struct zdm_verify_report rep = { 0 };
			unsigned int foff, flen;
			const char *name = zdm_field_name(&a, pfn, off, &foff,
							  &flen);
			char want[64];

			p[off] ^= 0x10;
			zdm_compare(&a, &b, &rep);
			p[off] ^= 0x10;
			assert_int_equal(rep.mismatches, 1);
			assert_int_equal(rep.m[0].pfn, pfn);
			snprintf(want, sizeof(want), "%s.%s",
				 idx == 0 ? "head" : idx == 1 ? "tail1" : "tail",
				 name);
			assert_string_equal(rep.m[0].field, want);
			assert_true(rep.m[0].expected != rep.m[0].actual);
			assert_true(off >= foff && off < foff + flen);
		}
	}
	zdm_instance_destroy(&a);
	zdm_instance_destroy(&b);
}

static void verifier_names_each_corrupted_field_vm(void **s) { flip_every_byte(0); }
static void verifier_names_each_corrupted_field_distro(void **s) { flip_every_byte(1); }
static void verifier_names_each_corrupted_field_sparse(void **s) { flip_every_byte(2); }

static void verifier_catches_pageblock_bits(void **s)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance a, b;
	struct zdm_verify_report rep = { 0 };

	load_builtin(&l, 0);
	small_scenario(&sc, &l, MEMORY_DEVICE_GENERIC, 9, 4);
	run_pair(&a, &b, &sc, &l);
	b.mm.usemap[0] ^= 1UL << 20;
	zdm_compare(&a, &b, &rep);
	assert_int_equal(rep.mismatches, 1);
	assert_string_equal(rep.m[0].field, "pageblock.usemap word");
	zdm_instance_destroy(&a);
	zdm_instance_destroy(&b);
}

static void invariants_flag_wrong_refcount_and_compound_head(void **s)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance a, b;
	struct zdm_verify_report rep = { 0 };

	load_builtin(&l, 0);
	small_scenario(&sc, &l, MEMORY_DEVICE_PRIVATE, 9, 2);
	run_pair(&a, &b, &sc, &l);
	zdm_check_invariants(&a, &rep);
	assert_int_equal(rep.mismatches, 0);
	set_page_count(pfn_page(&a, sc.start_pfn), 1);	/* private: 0 */
	page_set_word(pfn_page(&a, sc.start_pfn + 7), PAGE_OFF_LRU_NEXT, 0x1);
	zdm_check_invariants(&a, &rep);
	assert_int_equal(rep.mismatches, 2);
	assert_string_equal(rep.m[0].field, "head.rule:_refcount");
	assert_string_equal(rep.m[1].field, "tail.rule:compound_head");
	zdm_instance_destroy(&a);
	zdm_instance_destroy(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verifier_names_each_corrupted_field_vm),
		cmocka_unit_test(verifier_names_each_corrupted_field_distro),
		cmocka_unit_test(verifier_names_each_corrupted_field_sparse),
		cmocka_unit_test(verifier_catches_pageblock_bits),
		cmocka_unit_test(invariants_flag_wrong_refcount_and_compound_head),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
