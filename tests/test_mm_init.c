// SPDX-License-Identifier: GPL-2.0
/*
 * test_mm_init.c - each modelled kernel helper, against values worked out
 * by hand from the 6.12.117 source for the VM layout (zone bits 62-63,
 * PG_reserved 13, PG_head 6, 64-byte struct page), then the same pages as
 * 7.3.4 writes them (docs/kernel-7.3.md, section 4).
 */
#include "helpers.h"

static struct page_layout vm;

static int setup(void **state)
{
	load_builtin(&vm, 0);
	return 0;
}

static void run_slow(struct zdm_instance *in)
{
	struct zdm_run_opts o = { .strategy = MEMMAP_SLOW };

	zdm_instance_run(in, &o);
}

static void init_single_page_sets_links_counts_and_self_lru(void **state)
{
	struct zdm_scenario sc;
	struct zdm_instance in;
	struct page *p;

	small_scenario(&sc, &vm, MEMORY_DEVICE_GENERIC, 0, 4);
	assert_int_equal(zdm_instance_create(&in, &sc, &vm, 7), 0);
	p = pfn_page(&in, sc.start_pfn);
	__init_single_page(&in.mm, p, sc.start_pfn, 3, 0);
	assert_int_equal(page_flags(p), 3UL << 62);
	assert_int_equal(page_u32(p, PAGE_OFF_REFCOUNT), 1);
	assert_int_equal(page_u32(p, PAGE_OFF_MAPCOUNT), 0xffffffffu);
	/* INIT_LIST_HEAD: lru points at itself, in vmemmap addresses */
	assert_int_equal(page_word(p, PAGE_OFF_LRU_NEXT),
			 sc.vmemmap_start + sc.start_pfn * 64 + 8);
	assert_int_equal(page_word(p, PAGE_OFF_LRU_PREV),
			 page_word(p, PAGE_OFF_LRU_NEXT));
	assert_int_equal(page_word(p, PAGE_OFF_MAPPING), 0);
	assert_int_equal(page_word(p, 56), 0);	/* padding is zeroed too */
	zdm_instance_destroy(&in);
}

static void zone_device_page_refcount_follows_type(void **state)
{
	static const struct {
		enum memory_type type;
		unsigned int ref;
	} want[] = {
		{ MEMORY_DEVICE_PRIVATE, 0 }, { MEMORY_DEVICE_COHERENT, 0 },
		{ MEMORY_DEVICE_FS_DAX, 1 }, { MEMORY_DEVICE_GENERIC, 1 },
		{ MEMORY_DEVICE_PCI_P2PDMA, 1 },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct zdm_scenario sc;
		struct zdm_instance in;
		struct page *p;

		small_scenario(&sc, &vm, want[i].type, 0, 2);
		assert_int_equal(zdm_instance_create(&in, &sc, &vm, 1), 0);
		run_slow(&in);
		p = pfn_page(&in, sc.start_pfn + 1);
		assert_int_equal(page_u32(p, PAGE_OFF_REFCOUNT), want[i].ref);
		assert_int_equal(page_flags(p), 3UL << 62 | 1UL << 13);
		assert_int_equal(page_word(p, PAGE_OFF_LRU_NEXT), sc.pgmap_kaddr);
		assert_int_equal(page_word(p, PAGE_OFF_LRU_PREV), 0);
		zdm_instance_destroy(&in);
	}
}

static void compound_head_and_tails_look_like_a_folio(void **state)
{
	struct zdm_scenario sc;
	struct zdm_instance in;
	unsigned long head_kaddr;
	struct page *h, *t1, *t2;

	small_scenario(&sc, &vm, MEMORY_DEVICE_GENERIC, 9, 2);
	assert_int_equal(zdm_instance_create(&in, &sc, &vm, 3), 0);
	run_slow(&in);
	h = pfn_page(&in, sc.start_pfn);
	t1 = pfn_page(&in, sc.start_pfn + 1);
	t2 = pfn_page(&in, sc.start_pfn + 2);
	head_kaddr = sc.vmemmap_start + sc.start_pfn * 64;
	assert_int_equal(page_flags(h), 3UL << 62 | 1UL << 13 | 1UL << 6);
	assert_int_equal(page_u32(h, PAGE_OFF_REFCOUNT), 1);
	/* first tail: order byte, folio counters over zone_device_data/mapping */
	assert_int_equal(page_flags(t1), 3UL << 62 | 1UL << 13 | 9);
	assert_int_equal(page_word(t1, 8), head_kaddr + 1);
	assert_int_equal(page_word(t1, 16), ~0UL);	/* mapcounts -1 */
	assert_int_equal(page_word(t1, 24), 0);	/* over TAIL_MAPPING */
	assert_int_equal(page_u32(t1, FOLIO1_OFF_FOLIO_NR_PAGES), 512);
	assert_int_equal(page_u32(t1, PAGE_OFF_REFCOUNT), 0);
	/* second tail: its own init overwrote _deferred_list */
	assert_int_equal(page_word(t2, 16), 0);
	assert_int_equal(page_word(t2, PAGE_OFF_MAPPING), 0xdead000000000400UL);
	assert_int_equal(page_word(t2, 8), head_kaddr + 1);
	zdm_instance_destroy(&in);
}

static void prep_compound_head_writes_deferred_list_into_third_page(void **state)
{
	struct zdm_scenario sc;
	struct zdm_instance in;
	struct page *h;

	small_scenario(&sc, &vm, MEMORY_DEVICE_GENERIC, 2, 1);
	assert_int_equal(zdm_instance_create(&in, &sc, &vm, 3), 0);
	h = pfn_page(&in, sc.start_pfn);
	page_set_flags(h, 1UL << vm.pg_head);
	prep_compound_head(&in.mm, h, 2);
	assert_int_equal(page_word(pfn_page(&in, sc.start_pfn + 2), 16),
			 sc.vmemmap_start + (sc.start_pfn + 2) * 64 + 16);
	/* folio_set_order() refuses a page without PG_head */
	page_set_flags(h, 0);
	page_set_u32(pfn_page(&in, sc.start_pfn + 1), 32, 77);
	prep_compound_head(&in.mm, h, 2);
	assert_int_equal(page_u32(pfn_page(&in, sc.start_pfn + 1), 32), 77);
	zdm_instance_destroy(&in);
}

static void compound_nr_pages_dedups_only_map_mem_late_sections(void **state)
{
	struct zdm_scenario sc;
	struct zdm_instance in;
	struct vmem_altmap alt = { 0 };

	small_scenario(&sc, &vm, MEMORY_DEVICE_GENERIC, 9, 1);
	assert_int_equal(zdm_instance_create(&in, &sc, &vm, 3), 0);
	assert_int_equal(compound_nr_pages(&in.mm, sc.start_pfn, NULL,
					   &in.pgmap), 128);
	assert_int_equal(compound_nr_pages(&in.mm, sc.start_pfn, &alt,
					   &in.pgmap), 512);
	in.mm.early[0] = true;
	assert_int_equal(compound_nr_pages(&in.mm, sc.start_pfn, NULL,
					   &in.pgmap), 512);
	/* order 5: 32 * 64 B is 2 vmemmap pages, not more than the reserve */
	in.mm.early[0] = false;
	in.pgmap.vmemmap_shift = 5;
	assert_int_equal(compound_nr_pages(&in.mm, sc.start_pfn, NULL,
					   &in.pgmap), 32);
	zdm_instance_destroy(&in);
}

static void altmap_moves_start_and_leaves_reserve_untouched(void **state)
{
	struct zdm_scenario sc;
	struct zdm_instance in;

	small_scenario(&sc, &vm, MEMORY_DEVICE_FS_DAX, 0, 1024);
	sc.altmap = true;
	sc.altmap_reserve = 2;
	sc.altmap_free = 30;
	assert_int_equal(zdm_instance_create(&in, &sc, &vm, 9), 0);
	run_slow(&in);
	for (unsigned int b = 0; b < 32 * 64; b++)
		assert_int_equal(((unsigned char *)in.storage)[b],
				 zdm_prefill_byte(9, b));
	assert_int_equal(page_flags(pfn_page(&in, sc.start_pfn + 32)),
			 3UL << 62 | 1UL << 13);
	zdm_instance_destroy(&in);
}

static void pageblock_pass_marks_aligned_blocks_and_keeps_skip_bit(void **state)
{
	struct zdm_scenario sc;
	struct zdm_instance in;
	unsigned long *w;

	small_scenario(&sc, &vm, MEMORY_DEVICE_GENERIC, 0, 2048);
	sc.start_pfn = 0x240000 + 100;	/* off a pageblock boundary */
	assert_int_equal(zdm_instance_create(&in, &sc, &vm, 9), 0);
	w = in.mm.usemap;
	w[0] = 0;
	w[0] |= 0xfUL;			/* block 0: before the range */
	w[0] |= 0x8UL << 4;		/* block 1: PB_migrate_skip set */
	run_slow(&in);
	/* pageblock_align() rounds the start up: block 0 is not touched */
	assert_int_equal(w[0] & 0xf, 0xf);
	assert_int_equal((w[0] >> 4) & 0xf, 0x9);	/* skip kept, MOVABLE */
	assert_int_equal((w[0] >> 8) & 0x7, ZDM_MIGRATE_MOVABLE);
	assert_int_equal((w[0] >> 12) & 0x7, ZDM_MIGRATE_MOVABLE);
	zdm_instance_destroy(&in);
}

static void section_bits_follow_pfn_in_classic_sparsemem(void **state)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;
	unsigned long pfn;

	load_builtin(&l, 2);
	small_scenario(&sc, &l, MEMORY_DEVICE_GENERIC, 0, 64);
	sc.start_pfn = ZDM_PAGES_PER_SECTION * 5 - 32;	/* straddles 4|5 */
	sc.nid = 700;
	assert_int_equal(zdm_instance_create(&in, &sc, &l, 9), 0);
	run_slow(&in);
	pfn = sc.start_pfn;
	assert_int_equal(page_flags(pfn_page(&in, pfn)) >> l.sections_pgshift, 4);
	assert_int_equal(page_flags(pfn_page(&in, pfn + 40)) >> l.sections_pgshift, 5);
	assert_int_equal((page_flags(pfn_page(&in, pfn)) >> l.nodes_pgshift) &
			 1023, 700);
	/* page_cpupid_reset_last() into the out-of-flags field */
	assert_int_equal(page_u32(pfn_page(&in, pfn), l.off_last_cpupid),
			 (1u << 21) - 1);
	zdm_instance_destroy(&in);
}

/* One order-9 compound of @type under 7.3, run by the slow path. */
static void run_7_3(unsigned int layout, enum memory_type type,
		    struct page_layout *l, struct zdm_scenario *sc,
		    struct zdm_instance *in)
{
	load_builtin_kernel(l, layout, ZDM_KERNEL_7_3);
	small_scenario(sc, l, type, 9, 2);
	assert_int_equal(zdm_instance_create(in, sc, l, 3), 0);
	run_slow(in);
}

/*
 * 7.3, VM config (no HUGETLBFS: compound_info is head | 1; THP: MM_ID; no
 * MEMCG: no _nr_pages).  fsdax heads start at refcount 0 now, the first
 * tail's folio fields moved, and the second tail keeps _deferred_list
 * because prep_compound_head() runs after the tails.
 */
static void v73_fsdax_compound_as_7_3_writes_it(void **state)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;
	unsigned long hk, t2k;
	struct page *h, *t1, *t2, *t3;

	run_7_3(0, MEMORY_DEVICE_FS_DAX, &l, &sc, &in);
	assert_int_equal(l.nr_pageflags, 21);	/* + PG_dropbehind */
	assert_false(l.compound_info_mask);
	h = pfn_page(&in, sc.start_pfn);
	t1 = pfn_page(&in, sc.start_pfn + 1);
	t2 = pfn_page(&in, sc.start_pfn + 2);
	t3 = pfn_page(&in, sc.start_pfn + 3);
	hk = sc.vmemmap_start + sc.start_pfn * 64;
	t2k = hk + 2 * 64;
	assert_int_equal(page_flags(h), 0xc000000000002040UL);
	assert_int_equal(page_word(h, 8), sc.pgmap_kaddr);
	assert_int_equal(page_word(h, 48), 0x00000000ffffffffUL); /* ref 0 */
	assert_int_equal(page_flags(t1), 0xc000000000002009UL);
	assert_int_equal(page_word(t1, 8), hk + 1);
	assert_int_equal(page_word(t1, 16), 0x00000000ffffffffUL);
	assert_int_equal(page_word(t1, 24), 0x00000000ffffffffUL);
	assert_int_equal(page_word(t1, 32), ~0UL);	/* _mm_id_mapcount */
	assert_int_equal(page_word(t1, 40), 0);
	assert_int_equal(page_word(t1, 56), 0);
	assert_int_equal(page_word(t2, 16), t2k + 16);
	assert_int_equal(page_word(t2, 24), t2k + 16);
	assert_int_equal(page_word(t3, 16), 0);
	assert_int_equal(page_word(t3, 24), 0xdead000000000400UL);
	assert_int_equal(page_word(t3, 8), hk + 1);
	zdm_instance_destroy(&in);
}

/*
 * 7.3, distro config (HUGETLBFS and a 64-byte page: compound_info is a
 * mask, the same in every compound; MEMCG: _nr_pages at 56).
 */
static void v73_distro_tails_hold_the_mask_and_nr_pages(void **state)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;
	unsigned long second = 0;

	run_7_3(1, MEMORY_DEVICE_GENERIC, &l, &sc, &in);
	assert_true(l.compound_info_mask);
	assert_true(l.nr_pages_in_folio);
	for (unsigned long c = 0; c < 2; c++) {
		unsigned long head = sc.start_pfn + c * 512;

		assert_int_equal(page_word(pfn_page(&in, head), 48),
				 0x00000001ffffffffUL);	/* generic: ref 1 */
		/* map=mem with dedup: the first 128 struct pages */
		for (unsigned long i = 1; i < 128; i += 42)
			assert_int_equal(page_word(pfn_page(&in, head + i), 8),
					 0xffffffffffff8001UL);
		assert_int_equal(page_u32(pfn_page(&in, head + 1), 56), 512);
		second = page_word(pfn_page(&in, head + 2), 16);
	}
	/* the second tail's list points at itself: per compound */
	assert_int_equal(second, sc.vmemmap_start +
			 (sc.start_pfn + 512 + 2) * l.page_size + 16);
	zdm_instance_destroy(&in);
}

/* 7.3: every type but device-dax starts at refcount 0. */
static void v73_refcount_follows_type(void **state)
{
	struct page_layout l;

	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	for (int t = MEMORY_DEVICE_PRIVATE; t <= MEMORY_DEVICE_PCI_P2PDMA; t++)
		assert_int_equal(zone_device_page_init_refcount(&l, t),
				 t == MEMORY_DEVICE_GENERIC);
}

/*
 * 7.3 gives every pageblock 8 bits (MEMORY_ISOLATION) and the init pass
 * clears the isolate bit (4) with the migratetype, but not the skip bit
 * (3) or bits 5-7.
 */
static void v73_pageblock_fields_are_8_bits_and_clear_isolate(void **state)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;

	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	assert_int_equal(l.nr_pageblock_bits, 8);
	assert_int_equal(layout_usemap_longs(&l), 8);
	small_scenario(&sc, &l, MEMORY_DEVICE_GENERIC, 9, 64);
	assert_int_equal(zdm_instance_create(&in, &sc, &l, 3), 0);
	for (unsigned long w = 0; w < layout_usemap_longs(&l); w++)
		in.mm.usemap[w] = 0xffffffffffffffffUL;
	run_slow(&in);
	/* 64 blocks of 8 bits: every field 0xff -> 0xe9 (0xff & ~0x17 | 1) */
	for (unsigned long w = 0; w < layout_usemap_longs(&l); w++)
		assert_int_equal(in.mm.usemap[w], 0xe9e9e9e9e9e9e9e9UL);
	zdm_instance_destroy(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_single_page_sets_links_counts_and_self_lru),
		cmocka_unit_test(zone_device_page_refcount_follows_type),
		cmocka_unit_test(compound_head_and_tails_look_like_a_folio),
		cmocka_unit_test(prep_compound_head_writes_deferred_list_into_third_page),
		cmocka_unit_test(compound_nr_pages_dedups_only_map_mem_late_sections),
		cmocka_unit_test(altmap_moves_start_and_leaves_reserve_untouched),
		cmocka_unit_test(pageblock_pass_marks_aligned_blocks_and_keeps_skip_bit),
		cmocka_unit_test(section_bits_follow_pfn_in_classic_sparsemem),
		cmocka_unit_test(v73_fsdax_compound_as_7_3_writes_it),
		cmocka_unit_test(v73_distro_tails_hold_the_mask_and_nr_pages),
		cmocka_unit_test(v73_refcount_follows_type),
		cmocka_unit_test(v73_pageblock_fields_are_8_bits_and_clear_isolate),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
