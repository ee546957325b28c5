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

	assert_int_equal(page_layout_load(&l, NULL, ZDM_KERNEL_6_12, err, sizeof(err)), 0);
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
	return page_layout_parse(l, text, "test", ZDM_KERNEL_6_12, err, len);
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
	assert_int_equal(page_layout_load(&def, NULL, ZDM_KERNEL_6_12, err, sizeof(err)), 0);
	assert_int_equal(page_layout_load(&real, path, ZDM_KERNEL_6_12, err, sizeof(err)), 0);
	assert_memory_equal(&def, &real, sizeof(def));
}

/*
 * A 7.3 .config: X86_5LEVEL is gone (5-level is decided at boot), the
 * folio options are named, PAGE_BLOCK_MAX_ORDER bounds the pageblock.
 * The same text read as 6.12 keeps 6.12's rules.
 */
static void layout_of_a_7_3_config(void **state)
{
	static const char text[] =
		"CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_SMP=y\nCONFIG_NR_CPUS=64\n"
		"CONFIG_SPARSEMEM=y\nCONFIG_SPARSEMEM_VMEMMAP=y\n"
		"CONFIG_ZONE_DEVICE=y\nCONFIG_ZONE_DMA32=y\nCONFIG_MMU=y\n"
		"CONFIG_HAVE_ALIGNED_STRUCT_PAGE=y\nCONFIG_PGTABLE_LEVELS=5\n"
		"CONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_HUGETLBFS=y\n"
		"CONFIG_HUGETLB_PAGE=y\n"
		"# CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP is not set\n"
		"CONFIG_MM_ID=y\nCONFIG_PAGE_BLOCK_MAX_ORDER=7\n"
		"CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000\n";
	struct page_layout l;
	char err[256];

	assert_int_equal(page_layout_parse(&l, text, "7.3", ZDM_KERNEL_7_3,
					   err, sizeof(err)), 0);
	assert_int_equal(l.kernel, ZDM_KERNEL_7_3);
	assert_int_equal(l.nr_pageflags, 21);	/* 20 + PG_mlocked */
	assert_true(l.x86_5level);
	/* the line says no HVO, so no mask, though HUGETLBFS is set */
	assert_false(l.compound_info_mask);
	assert_true(l.mm_id);
	assert_false(l.nr_pages_in_folio);
	assert_int_equal(l.pageblock_order, 7);
	assert_int_equal(l.nr_pageblock_bits, 8);
	assert_int_equal(l.pageblock_mask, 0x17);

	assert_int_equal(page_layout_parse(&l, text, "6.12", ZDM_KERNEL_6_12,
					   err, sizeof(err)), 0);
	assert_int_equal(l.nr_pageflags, 20);
	assert_false(l.x86_5level);
	assert_int_equal(l.pageblock_order, 9);	/* ARCH_FORCE_MAX_ORDER 10 */
	assert_int_equal(l.nr_pageblock_bits, 4);
	assert_int_equal(l.pageblock_mask, 0x7);

	/* PAGE_BLOCK_MAX_ORDER is 1..10 */
	assert_int_equal(parse(&l, "CONFIG_64BIT=y\nCONFIG_X86_64=y\n"
			       "CONFIG_SPARSEMEM=y\nCONFIG_ZONE_DEVICE=y\n"
			       "CONFIG_SPARSEMEM_VMEMMAP=y\n", err,
			       sizeof(err)), 0);
	assert_int_equal(page_layout_parse(&l, "CONFIG_64BIT=y\n"
			 "CONFIG_X86_64=y\nCONFIG_SPARSEMEM=y\n"
			 "CONFIG_ZONE_DEVICE=y\nCONFIG_SPARSEMEM_VMEMMAP=y\n"
			 "CONFIG_PAGE_BLOCK_MAX_ORDER=11\n", "7.3",
			 ZDM_KERNEL_7_3, err, sizeof(err)), -1);
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
		cmocka_unit_test(layout_of_a_7_3_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
