// SPDX-License-Identifier: GPL-2.0
/*
 * test_ram.c - ordinary memory: onlined memory blocks and deferred boot-time
 * init.  The model is held to facts read off the 6.12.117 and 7.3.4
 * sources (page types, pageblock bits, memmap_on_memory), and every fast
 * strategy to the slow path, byte for byte, on both kernels, every built-in
 * layout, both zones, with and without memmap_on_memory, at odd alignments
 * and on several CPUs.
 */
#include "helpers.h"

#include <stdlib.h>

#include "fill.h"
#include "fpu.h"
#include "memory_hotplug.h"
#include "mm_init_ram.h"
#include "nt_check.h"
#include "page_alloc.h"
#include "ram.h"

static void expect_same(const struct zdm_scenario *sc,
			const struct page_layout *l,
			const struct zdm_run_opts *o)
{
	struct zdm_verify_report rep = { 0 };

	nt_check_enable();
	assert_int_equal(zdm_verify_scenario(sc, l, o, 7, &rep), 0);
	assert_int_equal(nt_check_violations(), 0);
	nt_check_disable();
	if (rep.mismatches)
		zdm_report_print(stderr, &rep);
	assert_int_equal(rep.mismatches, 0);
	assert_int_equal(rep.pages, sc->nr_pages);
}

/* Two 128M blocks at 4 GiB + 1 GiB, onlined into ZONE_MOVABLE. */
static void hotplug_scenario(struct zdm_scenario *sc,
			     const struct page_layout *l, bool mom)
{
	zdm_scenario_default(sc, l);
	sc->init = ZDM_INIT_HOTPLUG;
	sc->zone_idx = layout_zone_movable(l);
	sc->start_pfn = 0x140000;
	sc->nr_pages = 2 * ZDM_PAGES_PER_SECTION;
	sc->memmap_on_memory = mom;
}

/*
 * One block of @mib MiB at 4 GiB + 1 GiB, onlined into ZONE_MOVABLE: the
 * onlining path streams its copies only from 512 MiB blocks on.
 */
static void hotplug_block_scenario(struct zdm_scenario *sc,
				   const struct page_layout *l,
				   unsigned long mib)
{
	hotplug_scenario(sc, l, false);
	sc->block_pages = (mib << 20) / ZDM_PAGE_SIZE;
	sc->nr_pages = sc->block_pages;
}

/* A deferred range that starts and ends off every boundary. */
static void deferred_scenario(struct zdm_scenario *sc,
			      const struct page_layout *l)
{
	zdm_scenario_default(sc, l);
	sc->init = ZDM_INIT_DEFERRED;
	sc->zone_idx = layout_zone_movable(l) - 1;	/* ZONE_NORMAL */
	sc->start_pfn = 0x140000 + 3;
	sc->nr_pages = 3 * 1024 + 500;
	sc->nid = 1;
}

/*
 * @o against slow on onlined blocks (ZONE_MOVABLE and ZONE_NORMAL,
 * memmap_on_memory on and off where the layout allows it; with @big, a
 * 512 MiB block too) and on the unaligned deferred range.
 */
static void expect_same_ram(const struct page_layout *l,
			    const struct zdm_run_opts *o, bool big)
{
	struct zdm_scenario sc;

	for (int mom = 0; mom < 2; mom++) {
		if (mom && !memory_block_memmap_on_memory_pages(
				l, ZDM_PAGES_PER_SECTION))
			continue;
		hotplug_scenario(&sc, l, mom);
		expect_same(&sc, l, o);
		sc.zone_idx--;		/* ZONE_NORMAL */
		expect_same(&sc, l, o);
	}
	if (big) {
		hotplug_block_scenario(&sc, l, 512);
		expect_same(&sc, l, o);
	}
	deferred_scenario(&sc, l);
	expect_same(&sc, l, o);
}

static void every_strategy_matches_slow(void **s)
{
	for (int k = 0; k < NR_ZDM_KERNELS; k++)
		for (unsigned int li = 0; li < 3; li++) {
			struct page_layout l;

			load_builtin_kernel(&l, li, k);
			for (int st = MEMMAP_TEMPLATE; st < NR_MEMMAP_STRATEGIES;
			     st++) {
				struct zdm_run_opts o = {
					.strategy = st, .threads = 1 + st,
				};

				expect_same_ram(&l, &o, false);
			}
		}
}

/* Deferred init on 1..6 padata threads, sections apart and unaligned. */
static void deferred_matches_slow_on_every_thread_count(void **s)
{
	struct page_layout l;
	struct zdm_scenario sc;

	load_builtin_kernel(&l, 1, ZDM_KERNEL_7_3);
	for (unsigned int t = 1; t <= 6; t++) {
		struct zdm_run_opts o = {
			.strategy = MEMMAP_TEMPLATE_NT, .threads = t,
		};

		deferred_scenario(&sc, &l);
		sc.nr_pages = 3 * ZDM_PAGES_PER_SECTION + 777;
		expect_same(&sc, &l, &o);
	}
}

/*
 * The same when only some helpers start (ZDM_FAIL_THREAD_AFTER, honoured
 * in this build only): the chunks of those that did not are still done.
 */
static void deferred_matches_slow_when_threads_do_not_start(void **s)
{
	static const char *const started[] = { "0", "2" };
	struct page_layout l;
	struct zdm_scenario sc;

	load_builtin_kernel(&l, 1, ZDM_KERNEL_7_3);
	for (unsigned int i = 0; i < 2; i++)
		for (int st = MEMMAP_SLOW; st < NR_MEMMAP_STRATEGIES; st++) {
			struct zdm_run_opts o = { .strategy = st, .threads = 6 };

			deferred_scenario(&sc, &l);
			sc.nr_pages = 5 * ZDM_PAGES_PER_SECTION + 777;
			setenv("ZDM_FAIL_THREAD_AFTER", started[i], 1);
			expect_same(&sc, &l, &o);
			unsetenv("ZDM_FAIL_THREAD_AFTER");
		}
}

static void every_nt_implementation_matches_slow(void **s)
{
	struct zdm_run_opts o = { .strategy = MEMMAP_TEMPLATE_NT, .threads = 2 };
	enum zdm_nt_impl saved = zdm_nt_selected();
	struct page_layout l;
	struct zdm_scenario sc;

	/* each window: no kernel_fpu_begin() sections, one page, 4 KiB */
	for (unsigned int li = 0; li < 3 * 3; li++) {
		zdm_fpu_window_set((size_t[]){ 0, 64, 4096 }[li / 3]);
		load_builtin_kernel(&l, li % 3, ZDM_KERNEL_7_3);
		for (int impl = 0; impl < NR_ZDM_NT_IMPLS; impl++) {
			if (!zdm_nt_select(impl))
				continue;
			hotplug_block_scenario(&sc, &l, 512);
			expect_same(&sc, &l, &o);
			/* "vm" streams; "sparse-numa" (no VMEMMAP) declines */
			if (li % 3 == 0)
				assert_int_equal(nt_check_streamed_bytes() > 0,
						 impl != ZDM_NT_PORTABLE);
			deferred_scenario(&sc, &l);
			expect_same(&sc, &l, &o);
		}
	}
	zdm_fpu_window_set(0);
	zdm_nt_select(saved);
}

/*
 * Streaming stores only where the pages are not read again while cached:
 * onlined blocks of 512 MiB and more, never deferred init, which frees
 * each chunk as soon as it is written (core/memmap_fast_ram.c, @hot).
 */
static void only_large_onlined_blocks_stream(void **s)
{
	static const unsigned long mib[] = { 128, 256, 512, 1024 };
	enum zdm_nt_impl saved = zdm_nt_selected();
	struct page_layout l;
	struct zdm_scenario sc;

	zdm_nt_select(zdm_nt_best());
	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	for (int st = MEMMAP_TEMPLATE; st < NR_MEMMAP_STRATEGIES; st++) {
		struct zdm_run_opts o = { .strategy = st, .threads = 1 };
		bool nt = st != MEMMAP_TEMPLATE &&
			  zdm_nt_selected() != ZDM_NT_PORTABLE;

		for (unsigned int i = 0; i < sizeof(mib) / sizeof(mib[0]); i++) {
			hotplug_block_scenario(&sc, &l, mib[i]);
			expect_same(&sc, &l, &o);
			assert_int_equal(nt_check_streamed_bytes() > 0,
					 nt && mib[i] >= 512);
		}
		deferred_scenario(&sc, &l);
		sc.nr_pages = 3 * ZDM_PAGES_PER_SECTION + 777;
		expect_same(&sc, &l, &o);
		assert_int_equal(nt_check_streamed_bytes(), 0);
	}
	zdm_nt_select(saved);
}

/* An instance of @sc, run with the slow path. */
static void run_slow(struct zdm_instance *in, const struct zdm_scenario *sc,
		     const struct page_layout *l)
{
	struct zdm_run_opts slow = { .strategy = MEMMAP_SLOW };

	assert_int_equal(zdm_instance_create(in, sc, l, 1), 0);
	zdm_instance_run(in, &slow);
}

/*
 * What onlining leaves, from the sources: __SetPageOffline() puts 0xf1 in
 * page_type's top byte; online_pages() isolates the blocks - 7.3 with the
 * PB_migrate_isolate bit over MOVABLE, 6.12 with MIGRATE_ISOLATE, which is
 * 4, or 5 after MIGRATE_CMA; memmap_on_memory's pages are UNMOVABLE, not
 * offline, and PG_owner_priv_1 (PG_vmemmap_self_hosted).
 */
static void onlining_writes_what_the_kernel_does(void **s)
{
	static const char cma[] = "CONFIG_CMA=y\n";
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;
	char text[4096], err[256];
	unsigned long pfn;

	for (int k = 0; k < NR_ZDM_KERNELS; k++) {
		load_builtin_kernel(&l, 0, k);
		hotplug_scenario(&sc, &l, true);
		run_slow(&in, &sc, &l);
		pfn = sc.start_pfn;
		/* 128M of 64-byte struct pages: 2M, one pageblock */
		assert_int_equal(memory_block_memmap_on_memory_pages(
					&l, ZDM_PAGES_PER_SECTION), 512);
		assert_int_equal(page_u32(pfn_page(&in, pfn), PAGE_OFF_MAPCOUNT),
				 0xffffffffu);
		assert_true(page_flags(pfn_page(&in, pfn)) & 1UL << 10);
		assert_int_equal(get_pfnblock_bits(&in.mm, pfn),
				 ZDM_MIGRATE_UNMOVABLE);
		pfn += 512;
		assert_int_equal(page_u32(pfn_page(&in, pfn), PAGE_OFF_MAPCOUNT),
				 0xf1000000u);
		assert_int_equal(page_u32(pfn_page(&in, pfn), PAGE_OFF_REFCOUNT), 1);
		assert_false(page_flags(pfn_page(&in, pfn)) & 1UL << 10);
		assert_int_equal(page_word(pfn_page(&in, pfn), PAGE_OFF_LRU_NEXT),
				 zdm_page_kaddr(&in.mm, pfn_page(&in, pfn)) + 8);
		assert_int_equal(get_pfnblock_bits(&in.mm, pfn),
				 k == ZDM_KERNEL_7_3 ? 0x11 : 4);
		zdm_instance_destroy(&in);
	}
	/* 6.12 with CMA: MIGRATE_ISOLATE moves up to 5 */
	snprintf(text, sizeof(text), "%s%s", builtin_layouts[0].text, cma);
	assert_int_equal(page_layout_parse(&l, text, "cma", ZDM_KERNEL_6_12,
					   err, sizeof(err)), 0);
	hotplug_scenario(&sc, &l, false);
	run_slow(&in, &sc, &l);
	assert_int_equal(get_pfnblock_bits(&in.mm, sc.start_pfn), 5);
	zdm_instance_destroy(&in);
	/* a 72-byte struct page cannot keep its memmap on the block */
	for (unsigned int li = 0; li < 3; li++) {
		load_builtin(&l, li);
		assert_int_equal(memory_block_memmap_on_memory_pages(
					&l, ZDM_PAGES_PER_SECTION) != 0,
				 l.page_size == 64);
	}
}

/* Deferred init writes struct pages only: the pageblock bits wait. */
static void deferred_init_leaves_pageblocks_alone(void **s)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in, fresh;
	unsigned long words;

	load_builtin_kernel(&l, 1, ZDM_KERNEL_7_3);
	deferred_scenario(&sc, &l);
	run_slow(&in, &sc, &l);
	assert_int_equal(zdm_instance_create(&fresh, &sc, &l, 1), 0);
	words = in.mm.nr_sections * layout_usemap_longs(&l);
	assert_memory_equal(in.mm.usemap, fresh.mm.usemap,
			    words * sizeof(unsigned long));
	assert_int_equal(page_u32(pfn_page(&in, sc.start_pfn),
				  PAGE_OFF_MAPCOUNT), 0xffffffffu);
	assert_int_equal(page_u32(pfn_page(&in, sc.start_pfn),
				  PAGE_OFF_REFCOUNT), 1);
	zdm_instance_destroy(&fresh);
	zdm_instance_destroy(&in);
}

/*
 * Onlining reschedules once per pageblock, deferred init once per
 * MAX_ORDER chunk (its caller's loop): every strategy as slow does.
 */
static void every_strategy_reschedules_as_slow_does(void **s)
{
	struct zdm_run_opts slow = { .strategy = MEMMAP_SLOW };
	struct page_layout l;
	struct zdm_scenario sc;

	load_builtin(&l, 0);
	for (int kind = 0; kind < 2; kind++) {
		unsigned long want;

		if (kind) {
			deferred_scenario(&sc, &l);
			/* pfn +3: a short chunk first, then 1024 each */
			want = 1 + (sc.nr_pages - 1021 + 1023) / 1024;
		} else {
			hotplug_scenario(&sc, &l, true);
			want = sc.nr_pages >> l.pageblock_order;
		}
		assert_int_equal(resched_calls(&sc, &l, &slow), want);
		for (int st = MEMMAP_TEMPLATE; st < NR_MEMMAP_STRATEGIES; st++) {
			struct zdm_run_opts o = { .strategy = st, .threads = 1 };

			assert_int_equal(resched_calls(&sc, &l, &o), want);
		}
	}
}

/*
 * The tracepoint stand-in: every entry point of the core declines,
 * writing nothing; without it, each writes its pages (offline and
 * referenced for two passes, freed for one).
 */
static void fast_paths_decline_when_page_ref_tracepoint_is_on(void **s)
{
	struct zdm_run_opts tmpl = { .strategy = MEMMAP_TEMPLATE, .threads = 1 };
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;
	unsigned long a, b;

	load_builtin(&l, 0);
	hotplug_scenario(&sc, &l, false);
	a = sc.start_pfn;
	b = a + 1024;
	assert_int_equal(zdm_instance_create(&in, &sc, &l, 1), 0);
	zdm_core_begin(&in.mm, &tmpl);
	zdm_page_ref_tracepoint = true;
	assert_false(memmap_init_hotplug_fast(a, b, sc.zone_idx, 0,
					      ZDM_MIGRATE_MOVABLE, true));
	assert_false(memmap_init_hotplug_freed(a, b, sc.zone_idx, 0,
					       ZDM_MIGRATE_MOVABLE, true));
	assert_false(deferred_init_pages_freed(a, b, sc.zone_idx, 0));
	zdm_page_ref_tracepoint = false;
	assert_int_equal(((unsigned char *)in.storage)[0], zdm_prefill_byte(1, 0));
	assert_true(memmap_init_hotplug_fast(a, b, sc.zone_idx, 0,
					     ZDM_MIGRATE_MOVABLE, true));
	assert_int_equal(page_u32(pfn_page(&in, a), PAGE_OFF_REFCOUNT), 1);
	assert_true(deferred_init_pages_freed(b, b + 1024, sc.zone_idx, 0));
	assert_int_equal(page_u32(pfn_page(&in, b), PAGE_OFF_REFCOUNT), 0);
	zdm_core_end();
	zdm_instance_destroy(&in);
}

/* The bench's freeing: every page at refcount 0, heads on the free list. */
static void freeing_hands_blocks_to_the_buddy(void **s)
{
	struct zdm_run_opts o = {
		.strategy = MEMMAP_TEMPLATE_NT, .threads = 2, .free_pages = true,
	};
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;

	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	for (int kind = 0; kind < 2; kind++) {
		if (kind)
			deferred_scenario(&sc, &l);
		else
			hotplug_scenario(&sc, &l, true);
		assert_int_equal(zdm_instance_create(&in, &sc, &l, 1), 0);
		zdm_instance_run(&in, &o);
		for (unsigned long pfn = sc.start_pfn;
		     pfn < sc.start_pfn + sc.nr_pages; pfn++) {
			struct page *p = pfn_page(&in, pfn);
			uint32_t type = page_u32(p, PAGE_OFF_MAPCOUNT);

			/* the blocks' own memmap pages are never freed */
			if (!kind && (pfn - sc.start_pfn) % sc.block_pages < 512)
				continue;
			assert_int_equal(page_u32(p, PAGE_OFF_REFCOUNT), 0);
			assert_true(type == 0xffffffffu || type == 0xf0000000u);
			if (!kind && !(pfn & 1023))
				assert_int_equal(page_word(p, PAGE_OFF_PRIVATE),
						 l.max_page_order);
		}
		zdm_instance_destroy(&in);
	}
}

#define TEST_FREE_LIST	0xff11000100000080UL	/* free_area[10].free_list[mt] */
#define TEST_FREE_PREV	0xff11000200000008UL	/* an entry outside the range */

static unsigned long lru_of(struct zdm_instance *in, unsigned long pfn)
{
	return zdm_page_kaddr(&in->mm, pfn_page(in, pfn)) + PAGE_OFF_LRU_NEXT;
}

/* the head of free_area[@order]'s list of the same migratetype */
static unsigned long list_of(const struct page_layout *l, unsigned int order)
{
	return TEST_FREE_LIST - (l->max_page_order - order) *
	       zdm_free_area_size(l);
}

static void expect_links(struct zdm_instance *in, unsigned long pfn,
			 unsigned long next, unsigned long prev)
{
	assert_int_equal(page_word(pfn_page(in, pfn), PAGE_OFF_LRU_NEXT), next);
	assert_int_equal(page_word(pfn_page(in, pfn), PAGE_OFF_LRU_PREV), prev);
}

/* buddy head of @order, or (@order < 0) a free page that heads nothing */
static void expect_free(struct zdm_instance *in, unsigned long pfn,
			int order)
{
	struct page *p = pfn_page(in, pfn);

	assert_int_equal(page_u32(p, PAGE_OFF_REFCOUNT), 0);
	assert_int_equal(page_u32(p, PAGE_OFF_MAPCOUNT),
			 order < 0 ? 0xffffffffu : 0xf0000000u);
	assert_int_equal(page_word(p, PAGE_OFF_PRIVATE),
			 order < 0 ? 0 : order);
}

/*
 * online_pages_range() of two 128 MiB blocks, 7.3 (pageblock_order 9,
 * MAX_PAGE_ORDER 10): each 4 MiB block goes in as two pageblocks, the
 * second merging with the first, which is taken off the order-9 list
 * (poisoned) and put on the order-10 one.  Expect the order-10 heads
 * linked in pfn order behind --free-list-prev, the last one before the
 * list head; the second pageblock's first page was never on a list.
 */
static void onlining_frees_max_order_blocks_in_pfn_order(void **s)
{
	struct zdm_run_opts o = {
		.strategy = MEMMAP_SLOW, .free_pages = true,
		.free_list = TEST_FREE_LIST,
	};
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;

	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	assert_int_equal(l.max_page_order, 10);
	assert_int_equal(l.pageblock_order, 9);
	hotplug_scenario(&sc, &l, false);
	for (int prev = 0; prev < 2; prev++) {
		unsigned long end = sc.start_pfn + sc.nr_pages;

		o.free_list_prev = prev ? TEST_FREE_PREV : 0;
		assert_int_equal(zdm_instance_create(&in, &sc, &l, 1), 0);
		zdm_instance_run(&in, &o);
		for (unsigned long pfn = sc.start_pfn; pfn < end; pfn += 1024) {
			unsigned long next = pfn + 1024 < end ?
				lru_of(&in, pfn + 1024) : TEST_FREE_LIST;
			unsigned long before = pfn > sc.start_pfn ?
				lru_of(&in, pfn - 1024) : prev ?
				TEST_FREE_PREV : TEST_FREE_LIST;

			expect_free(&in, pfn, 10);
			expect_links(&in, pfn, next, before);
			expect_free(&in, pfn + 512, -1);
			expect_links(&in, pfn + 512, lru_of(&in, pfn + 512),
				     lru_of(&in, pfn + 512));
			expect_free(&in, pfn + 1023, -1);
		}
		zdm_instance_destroy(&in);
	}
}

/*
 * deferred_free_pages() of [base + 3, base + 13): not a whole MAX_ORDER
 * chunk, so page by page at order 0, each merging with its buddy when that
 * is free.  Worked by hand: 3 stays order 0 (its buddy 2 is not ours), 4
 * and 5 make an order-1 block that 6-7 raise to order 2, 8-11 the same,
 * and 12 stays order 0 (13 is not ours).  4 and 8 were taken off lower
 * lists and put on the order-2 one; 6 and 10 were taken off the order-0
 * list for good (poisoned); 5, 7, 9 and 11 were never on a list.
 */
static void deferred_free_merges_buddies_order_by_order(void **s)
{
	struct zdm_run_opts o = {
		.strategy = MEMMAP_TEMPLATE, .threads = 3, .free_pages = true,
		.free_list = TEST_FREE_LIST,
	};
	const unsigned long b = 0x140000;
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;

	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	deferred_scenario(&sc, &l);
	sc.start_pfn = b + 3;
	sc.nr_pages = 10;
	assert_int_equal(zdm_instance_create(&in, &sc, &l, 1), 0);
	zdm_instance_run(&in, &o);
	expect_free(&in, b + 3, 0);
	expect_links(&in, b + 3, lru_of(&in, b + 12), list_of(&l, 0));
	expect_free(&in, b + 12, 0);
	expect_links(&in, b + 12, list_of(&l, 0), lru_of(&in, b + 3));
	expect_free(&in, b + 4, 2);
	expect_links(&in, b + 4, lru_of(&in, b + 8), list_of(&l, 2));
	expect_free(&in, b + 8, 2);
	expect_links(&in, b + 8, list_of(&l, 2), lru_of(&in, b + 4));
	for (unsigned long i = 5; i < 12; i += 2) {
		expect_free(&in, b + i, -1);
		expect_links(&in, b + i, lru_of(&in, b + i), lru_of(&in, b + i));
	}
	for (unsigned long i = 6; i < 12; i += 4) {
		expect_free(&in, b + i, -1);
		expect_links(&in, b + i, ZDM_LIST_POISON1, ZDM_LIST_POISON2);
	}
	/* the pageblock they are in is movable now */
	assert_int_equal(get_pfnblock_bits(&in.mm, b + 3) & 7,
			 ZDM_MIGRATE_MOVABLE);
	zdm_instance_destroy(&in);
}

/* Through the free, every strategy still leaves what slow leaves. */
static void every_strategy_matches_slow_through_the_free(void **s)
{
	struct page_layout l;
	struct zdm_scenario sc;

	for (int k = 0; k < 2; k++) {
		load_builtin_kernel(&l, 0, k ? ZDM_KERNEL_7_3 :
					       ZDM_KERNEL_6_12);
		for (int kind = 0; kind < 3; kind++) {
			if (kind == 2)
				deferred_scenario(&sc, &l);
			else
				hotplug_scenario(&sc, &l, kind);
			for (int st = MEMMAP_TEMPLATE; st < NR_MEMMAP_STRATEGIES;
			     st++) {
				struct zdm_run_opts o = {
					.strategy = st, .threads = 1 + st,
					.free_pages = true,
					.free_list = TEST_FREE_LIST,
					.free_list_prev = TEST_FREE_PREV,
				};

				expect_same(&sc, &l, &o);
			}
		}
	}
}

/*
 * In one pass (+fused), every strategy leaves what slow+free leaves: both
 * kernels, every built-in layout, both zones, memmap_on_memory on and
 * off, 128 MiB and 512 MiB blocks, deferred init on 1-4 CPUs, to one list
 * (the dump's) and to per-chunk lists (the bench's); and the core took
 * it, where it can.  Slow in one pass is the patched kernel's slow loop.
 */
static void one_pass_matches_slow_through_the_free(void **s)
{
	for (int k = 0; k < NR_ZDM_KERNELS; k++)
		for (unsigned int li = 0; li < 3; li++) {
			struct page_layout l;

			load_builtin_kernel(&l, li, k);
			for (int st = MEMMAP_SLOW; st < NR_MEMMAP_STRATEGIES;
			     st++) {
				struct zdm_run_opts o = {
					.strategy = st, .threads = 1 + st,
					.free_pages = true, .fused = true,
					.free_list = st % 2 ? TEST_FREE_LIST : 0,
				};
				unsigned long before = zdm_ram_fused_ranges;

				expect_same_ram(&l, &o, true);
				/* a KASAN/KMSAN layout: declined, as the rest */
				if (zdm_fast_allowed(&l) && st != MEMMAP_SLOW)
					assert_true(zdm_ram_fused_ranges > before);
				else
					assert_int_equal(zdm_ram_fused_ranges,
							 before);
			}
		}
}

/*
 * Stopped before the free, one pass is the freed page unlinked, for every
 * strategy as for the patched kernel's slow loop, and the rules for it
 * (no reference, never offline) hold; two-pass slow it is not.
 */
static void one_pass_init_is_the_page_the_free_leaves(void **s)
{
	struct page_layout l;

	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	for (int st = MEMMAP_SLOW; st < NR_MEMMAP_STRATEGIES; st++) {
		struct zdm_run_opts o = {
			.strategy = st, .threads = 2, .fused = true,
		};
		struct zdm_run_opts two = { .strategy = MEMMAP_SLOW };
		struct zdm_scenario sc;
		struct zdm_instance in;

		expect_same_ram(&l, &o, true);
		hotplug_scenario(&sc, &l, false);
		assert_int_equal(zdm_instance_create(&in, &sc, &l, 1), 0);
		zdm_instance_run(&in, &o);
		assert_int_equal(page_u32(pfn_page(&in, sc.start_pfn),
					  PAGE_OFF_REFCOUNT), 0);
		assert_int_equal(page_u32(pfn_page(&in, sc.start_pfn),
					  PAGE_OFF_MAPCOUNT), UINT32_MAX);
		zdm_instance_run(&in, &two);
		assert_int_equal(page_u32(pfn_page(&in, sc.start_pfn),
					  PAGE_OFF_REFCOUNT), 1);
		zdm_instance_destroy(&in);
	}
}

/*
 * With a debug option that wants every freed page, the one-pass free runs
 * __free_pages_prepare() again over the pages it would skip: the same
 * bytes, nothing skipped.  Without one it skips it.
 */
static void one_pass_prepares_when_a_debug_option_asks(void **s)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_run_opts o = {
		.strategy = MEMMAP_TEMPLATE_NT, .threads = 3,
		.free_pages = true, .fused = true,
		.free_list = TEST_FREE_LIST,
	};
	unsigned long fused = zdm_ram_fused_ranges;
	unsigned long skipped = zdm_prepares_skipped;

	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	zdm_fresh_pages_prepare = true;
	hotplug_scenario(&sc, &l, true);
	expect_same(&sc, &l, &o);
	deferred_scenario(&sc, &l);
	expect_same(&sc, &l, &o);
	zdm_fresh_pages_prepare = false;
	assert_true(zdm_ram_fused_ranges > fused);
	assert_int_equal(zdm_prepares_skipped, skipped);
	expect_same(&sc, &l, &o);
	assert_true(zdm_prepares_skipped > skipped);
}

static void init_names_round_trip(void **s)
{
	for (int i = 0; i < NR_ZDM_INIT_KINDS; i++)
		assert_int_equal(zdm_init_parse(zdm_init_names[i]), i);
	assert_int_equal(zdm_init_parse("boot"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_strategy_matches_slow),
		cmocka_unit_test(deferred_matches_slow_on_every_thread_count),
		cmocka_unit_test(deferred_matches_slow_when_threads_do_not_start),
		cmocka_unit_test(every_nt_implementation_matches_slow),
		cmocka_unit_test(only_large_onlined_blocks_stream),
		cmocka_unit_test(onlining_writes_what_the_kernel_does),
		cmocka_unit_test(deferred_init_leaves_pageblocks_alone),
		cmocka_unit_test(every_strategy_reschedules_as_slow_does),
		cmocka_unit_test(fast_paths_decline_when_page_ref_tracepoint_is_on),
		cmocka_unit_test(freeing_hands_blocks_to_the_buddy),
		cmocka_unit_test(onlining_frees_max_order_blocks_in_pfn_order),
		cmocka_unit_test(deferred_free_merges_buddies_order_by_order),
		cmocka_unit_test(every_strategy_matches_slow_through_the_free),
		cmocka_unit_test(one_pass_matches_slow_through_the_free),
		cmocka_unit_test(one_pass_prepares_when_a_debug_option_asks),
		cmocka_unit_test(one_pass_init_is_the_page_the_free_leaves),
		cmocka_unit_test(init_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
