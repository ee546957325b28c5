// SPDX-License-Identifier: GPL-2.0
/* test_layout.c - page->flags layout and struct page size per .config. */
#include "helpers.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void layout_vm_default_matches_tinyconfig_kernel(void **state)
{
	struct page_layout l;
	char err[256];

	assert_int_equal(page_layout_load(&l, NULL, err, sizeof(err)), 0);
	assert_int_equal(l.page_size, 64);
	assert_int_equal(l.nr_pageflags, 20);
	assert_int_equal(l.zone_device, 3);	/* DMA32 NORMAL MOVABLE DEVICE */
	assert_int_equal(l.zones_width, 2);
	assert_int_equal(l.zones_pgshift, 62);
	assert_int_equal(l.nodes_width, 0);
	assert_false(l.section_in_flags);
	assert_int_equal(l.pageblock_order, 9);	/* THP, MAX_PAGE_ORDER 10 */
	assert_int_equal(l.pg_head, 6);
	assert_int_equal(l.pg_reserved, 13);
	assert_int_equal(l.tail_mapping, 0xdead000000000400UL);
	assert_int_equal(l.off_memcg_data, ZDM_NO_FIELD);
}

static void layout_distro_packs_node_zone_cpupid(void **state)
{
	struct page_layout l;

	load_builtin(&l, 1);
	assert_int_equal(l.nr_pageflags, 24);
	assert_int_equal(l.zone_device, 4);
	assert_int_equal(l.nodes_width, 10);
	assert_int_equal(l.nodes_pgshift, 54);
	assert_int_equal(l.zones_width, 3);
	assert_int_equal(l.zones_pgshift, 51);
	assert_int_equal(l.nr_cpus_bits, 13);
	assert_int_equal(l.last_cpupid_width, 21);
	assert_int_equal(l.last_cpupid_pgshift, 30);
	assert_false(l.last_cpupid_not_in_flags);
	assert_int_equal(l.off_memcg_data, 56);
	assert_int_equal(l.page_size, 64);
}

static void layout_sparse_numa_moves_cpupid_out_of_flags(void **state)
{
	struct page_layout l;

	load_builtin(&l, 2);
	assert_true(l.section_in_flags);
	assert_int_equal(l.sections_width, 46 - 27);
	assert_int_equal(l.sections_pgshift, 64 - 19);
	assert_int_equal(l.nodes_width, 10);
	assert_true(l.last_cpupid_not_in_flags);
	assert_int_equal(l.last_cpupid_width, 0);
	assert_int_equal(l.off_last_cpupid, 64);
	assert_int_equal(l.page_size, 80);	/* 68, aligned to 16 */
}

static int parse(struct page_layout *l, const char *text, char *err,
		 size_t len)
{
	return page_layout_parse(l, text, "test", err, len);
}

static void layout_rejects_what_it_cannot_model(void **state)
{
	struct page_layout l;
	char err[256];

	assert_int_equal(parse(&l, "CONFIG_64BIT=y\nCONFIG_X86_64=y\n"
			       "CONFIG_SPARSEMEM=y\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ZONE_DEVICE"));
	assert_int_equal(parse(&l, "CONFIG_ARM64=y\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "x86-64"));
	assert_int_equal(parse(&l, "this is not a config\n", err,
			       sizeof(err)), -1);
	assert_non_null(strstr(err, "test:1"));
	assert_int_equal(parse(&l, "# only a comment\n", err, sizeof(err)), -1);
	assert_int_equal(parse(&l, "CONFIG_64BIT=y\nCONFIG_X86_64=y\n"
			       "CONFIG_SPARSEMEM=y\nCONFIG_ZONE_DEVICE=y\n"
			       "CONFIG_NR_CPUS=banana\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "NR_CPUS"));
}

static void layout_without_hugepages_uses_max_order_pageblocks(void **state)
{
	struct page_layout l;
	char err[256];

	assert_int_equal(parse(&l, "CONFIG_64BIT=y\nCONFIG_X86_64=y\n"
			       "CONFIG_SPARSEMEM=y\nCONFIG_SPARSEMEM_VMEMMAP=y\n"
			       "CONFIG_ZONE_DEVICE=y\n", err, sizeof(err)), 0);
	assert_int_equal(l.pageblock_order, 10);
	assert_int_equal(l.page_size, 56);	/* no aligned struct page */
}

static void layout_kasan_disables_fast_path(void **state)
{
	struct page_layout l;
	char err[256];

	assert_int_equal(parse(&l, "CONFIG_64BIT=y\nCONFIG_X86_64=y\n"
			       "CONFIG_SPARSEMEM=y\nCONFIG_SPARSEMEM_VMEMMAP=y\n"
			       "CONFIG_ZONE_DEVICE=y\nCONFIG_KASAN=y\n"
			       "CONFIG_KASAN_SW_TAGS=y\n", err, sizeof(err)), 0);
	assert_true(l.kasan);
	assert_int_equal(l.kasan_tag_width, 8);
	assert_false(zdm_fast_allowed(&l));
}

/* The real VM kernel's .config, when the harness has built one. */
static void layout_default_agrees_with_built_vm_config(void **state)
{
	static const char path[] = "build/kobj/.config";
	struct page_layout def, real;
	char err[256];

	if (access(path, R_OK))
		skip();
	assert_int_equal(page_layout_load(&def, NULL, err, sizeof(err)), 0);
	assert_int_equal(page_layout_load(&real, path, err, sizeof(err)), 0);
	assert_memory_equal(&def, &real, sizeof(def));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_vm_default_matches_tinyconfig_kernel),
		cmocka_unit_test(layout_distro_packs_node_zone_cpupid),
		cmocka_unit_test(layout_sparse_numa_moves_cpupid_out_of_flags),
		cmocka_unit_test(layout_rejects_what_it_cannot_model),
		cmocka_unit_test(layout_without_hugepages_uses_max_order_pageblocks),
		cmocka_unit_test(layout_kasan_disables_fast_path),
		cmocka_unit_test(layout_default_agrees_with_built_vm_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
