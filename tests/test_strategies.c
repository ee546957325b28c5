// SPDX-License-Identifier: GPL-2.0
/*
 * test_strategies.c - every fast strategy against the slow path, byte for
 * byte, over a fixed grid: every pgmap type, orders 0/1/2/9/18, map=mem
 * and map=dev, early sections, every built-in layout, 1-8 threads and odd
 * chunk sizes.  Runs with the streaming-store checker on.
 */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "core_env.h"
#include "fill.h"
#include "fpu.h"
#include "nt_check.h"

static void expect_same(const struct zdm_scenario *sc,
			const struct page_layout *l,
			const struct zdm_run_opts *o)
{
	struct zdm_verify_report rep = { 0 };

	nt_check_enable();
	assert_int_equal(zdm_verify_scenario(sc, l, o, 5, &rep), 0);
	assert_int_equal(nt_check_violations(), 0);
	nt_check_disable();
	if (rep.mismatches)
		zdm_report_print(stderr, &rep);
	assert_int_equal(rep.mismatches, 0);
	assert_true(rep.pages > 0);
}

static void grid_kernel(unsigned int layout_idx, enum zdm_kernel kernel,
			enum memmap_strategy s, unsigned int threads)
{
	static const unsigned int shifts[] = { 0, 1, 2, 9, 18 };
	struct page_layout l;

	load_builtin_kernel(&l, layout_idx, kernel);
	for (int type = MEMORY_DEVICE_PRIVATE; type <= MEMORY_DEVICE_PCI_P2PDMA;
	     type++)
		for (size_t i = 0; i < sizeof(shifts) / sizeof(shifts[0]); i++)
			for (int map_dev = 0; map_dev < 2; map_dev++) {
				unsigned int shift = shifts[i];
				unsigned long n = shift >= 18 ? 2 : shift >= 9 ? 9 : 700;
				struct zdm_scenario sc;
				struct zdm_run_opts o = {
					.strategy = s, .threads = threads,
					.chunk_pfns = (3UL << shift),
				};

				small_scenario(&sc, &l, type, shift, n);
				sc.early = (type + i) % 3;
				if (map_dev) {
					sc.altmap = true;
					sc.altmap_reserve = 1;
					sc.altmap_free = (1UL << shift) * 2 - 1;
					sc.nr_pages += 2UL << shift;
				}
				expect_same(&sc, &l, &o);
			}
}

static void grid(unsigned int layout_idx, enum memmap_strategy s,
		 unsigned int threads)
{
	grid_kernel(layout_idx, ZDM_KERNEL_6_12, s, threads);
}

static void template_matches_slow_vm(void **s) { grid(0, MEMMAP_TEMPLATE, 1); }
static void template_matches_slow_distro(void **s) { grid(1, MEMMAP_TEMPLATE, 1); }
static void template_matches_slow_sparse(void **s) { grid(2, MEMMAP_TEMPLATE, 1); }
static void template_nt_matches_slow_vm(void **s) { grid(0, MEMMAP_TEMPLATE_NT, 1); }
static void template_nt_matches_slow_sparse(void **s) { grid(2, MEMMAP_TEMPLATE_NT, 1); }

static void template_nt_mt_matches_slow_all_thread_counts(void **s)
{
	for (unsigned int t = 1; t <= 8; t++)
		grid(t % 3, MEMMAP_TEMPLATE_NT_MT, t);
}

/*
 * Threads that do not start (ZDM_FAIL_THREAD_AFTER, honoured in this build
 * only): pthread_create() fails from the Nth thread on, as under
 * RLIMIT_NPROC.  Every parallel loop must still cover its whole range.
 */
static const char *const thread_limits[] = { "0", "1", "3" };

static void threads_fail_after(const char *n)
{
	if (n)
		setenv("ZDM_FAIL_THREAD_AFTER", n, 1);
	else
		unsetenv("ZDM_FAIL_THREAD_AFTER");
}

static void count_call(void *arg)
{
	__atomic_fetch_add((unsigned long *)arg, 1, __ATOMIC_RELAXED);
}

static void workers_make_the_calls_of_threads_that_do_not_start(void **s)
{
	for (size_t i = 0; i < sizeof(thread_limits) / sizeof(thread_limits[0]); i++) {
		unsigned long calls = 0;
		unsigned int ran;

		threads_fail_after(thread_limits[i]);
		ran = zdm_run_workers(count_call, &calls, 8);
		threads_fail_after(NULL);
		assert_int_equal(calls, 8);
		assert_int_equal(ran, strtoul(thread_limits[i], NULL, 0) + 1);
	}
}

static void ceiling_fill_covers_its_buffer_when_threads_do_not_start(void **s)
{
	static const size_t sizes[] = { 5, 64 * 8 + 3, (1UL << 20) + 100 };
	unsigned char *buf = malloc(sizes[2]);

	assert_non_null(buf);
	for (size_t i = 0; i < sizeof(thread_limits) / sizeof(thread_limits[0]); i++)
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
			for (int nt = 0; nt < 2; nt++) {
				memset(buf, 0, sizes[k]);
				threads_fail_after(thread_limits[i]);
				zdm_memset_mt(buf, sizes[k], nt, 8);
				threads_fail_after(NULL);
				for (size_t b = 0; b < sizes[k]; b++)
					if (buf[b] != 0x5a)
						fail_msg("%zu bytes, %s threads, "
							 "nt %d: byte %zu not "
							 "filled", sizes[k],
							 thread_limits[i], nt, b);
			}
	free(buf);
}

static void template_nt_mt_matches_slow_when_threads_do_not_start(void **s)
{
	for (size_t i = 0; i < sizeof(thread_limits) / sizeof(thread_limits[0]); i++) {
		threads_fail_after(thread_limits[i]);
		grid(i, MEMMAP_TEMPLATE_NT_MT, 8);
		threads_fail_after(NULL);
	}
}

/*
 * Every strategy reschedules exactly where the slow path does - once for
 * every compound head (or page) that starts a section - on every map and
 * order, and from every thread count.  With map=mem and order 9 only 128
 * of each compound's 512 struct pages are written, so a fast path that
 * waits for its copies to reach a section boundary never reschedules.
 */
static void every_strategy_reschedules_as_slow_does(void **s)
{
	static const unsigned int shifts[] = { 0, 1, 2, 9, 18 };
	struct page_layout l;

	load_builtin(&l, 0);
	for (size_t i = 0; i < sizeof(shifts) / sizeof(shifts[0]); i++)
		for (int map_dev = 0; map_dev < 2; map_dev++) {
			unsigned int shift = shifts[i];
			unsigned long nr = 1UL << shift, want = 0, pfn;
			struct zdm_run_opts slow = { .strategy = MEMMAP_SLOW };
			struct zdm_scenario sc;

			/* Four sections' worth, starting mid-section. */
			small_scenario(&sc, &l, MEMORY_DEVICE_GENERIC, shift,
				       shift >= 18 ? 2 : (4 * ZDM_PAGES_PER_SECTION) >> shift);
			if (shift < 13)
				sc.start_pfn += 0x2000;
			if (map_dev) {
				sc.altmap = true;
				sc.altmap_reserve = 1;
				sc.altmap_free = 2 * nr - 1;
				sc.nr_pages += 2 * nr;
			}
			for (pfn = zdm_scenario_init_start(&sc);
			     pfn < sc.start_pfn + sc.nr_pages; pfn += nr)
				want += !(pfn & (ZDM_PAGES_PER_SECTION - 1));
			assert_true(want >= 2);
			assert_int_equal(resched_calls(&sc, &l, &slow), want);
			for (int st = MEMMAP_TEMPLATE; st < NR_MEMMAP_STRATEGIES;
			     st++)
				for (unsigned int t = 1; t <= 3; t += 2) {
					struct zdm_run_opts o = {
						.strategy = st, .threads = t,
					};

					if (resched_calls(&sc, &l, &o) != want)
						fail_msg("%s threads=%u order %u "
							 "map=%s: %lu reschedules, "
							 "slow has %lu",
							 memmap_strategy_names[st],
							 t, shift, map_dev ? "dev" : "mem",
							 resched_calls(&sc, &l, &o), want);
				}
		}
}

/*
 * 7.3: the VM layout keeps compound_info as head | 1, the distro one (HVO,
 * 64-byte page) as a mask; the second tail keeps its own _deferred_list.
 */
static void v73_template_matches_slow_vm(void **s)
{
	grid_kernel(0, ZDM_KERNEL_7_3, MEMMAP_TEMPLATE, 1);
}

static void v73_template_nt_matches_slow_distro(void **s)
{
	grid_kernel(1, ZDM_KERNEL_7_3, MEMMAP_TEMPLATE_NT, 1);
}

static void v73_template_nt_mt_matches_slow_all_layouts(void **s)
{
	for (unsigned int t = 1; t <= 3; t += 2)
		grid_kernel(t % 3, ZDM_KERNEL_7_3, MEMMAP_TEMPLATE_NT_MT, t);
}

/*
 * A folio field that a later kernel adds on the fourth page, the last one
 * struct folio spans: 7.3's slow path writes it on that page of every
 * compound and on no later tail (6.12's tail init would wipe it), and so
 * must the fast path.  One template for the fourth page and every tail
 * after it would copy the field onto all of them.
 */
static void v73_folio_field_on_the_last_folio_page_stays_there(void **s)
{
	const unsigned long word = 0x5a5a5a5a5a5a5a5aUL;
	struct zdm_run_opts slow = { .strategy = MEMMAP_SLOW };
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;

	zdm_prep_head_folio3_word = word;
	/* the stand-in is live: the slow path writes it on page 3 alone */
	load_builtin_kernel(&l, 0, ZDM_KERNEL_7_3);
	small_scenario(&sc, &l, MEMORY_DEVICE_GENERIC, 9, 2);
	assert_int_equal(zdm_instance_create(&in, &sc, &l, 3), 0);
	zdm_instance_run(&in, &slow);
	for (unsigned long c = 0; c < 2; c++) {
		unsigned long head = sc.start_pfn + c * 512;

		assert_int_equal(page_word(pfn_page(&in, head + 3),
					   PAGE_OFF_LRU_PREV), word);
		assert_int_equal(page_word(pfn_page(&in, head + 4),
					   PAGE_OFF_LRU_PREV), 0);
	}
	zdm_instance_destroy(&in);
	grid_kernel(0, ZDM_KERNEL_7_3, MEMMAP_TEMPLATE, 1);
	grid_kernel(1, ZDM_KERNEL_7_3, MEMMAP_TEMPLATE_NT_MT, 3);
}

static int forget_the_folio_field(void **s)
{
	zdm_prep_head_folio3_word = 0;
	return 0;
}

/* A 2 MiB compound range and an order-0 one, each against slow. */
static void expect_same_compound_and_order0(const struct page_layout *l,
					    const struct zdm_run_opts *o)
{
	struct zdm_scenario sc;

	small_scenario(&sc, l, MEMORY_DEVICE_GENERIC, 9, 5);
	expect_same(&sc, l, o);
	small_scenario(&sc, l, MEMORY_DEVICE_FS_DAX, 0, 999);
	expect_same(&sc, l, o);
}

static void every_nt_implementation_matches_slow(void **s)
{
	struct page_layout l;
	struct zdm_run_opts o = { .strategy = MEMMAP_TEMPLATE_NT };
	enum zdm_nt_impl saved = zdm_nt_selected();

	for (int layout = 0; layout < 3; layout++) {
		load_builtin(&l, layout);
		for (int impl = 0; impl < NR_ZDM_NT_IMPLS; impl++) {
			if (!zdm_nt_select(impl))
				continue;
			expect_same_compound_and_order0(&l, &o);
		}
	}
	zdm_nt_select(saved);
}

/*
 * In kernel_fpu_begin() sections (the bench's --fpu-window), the vector
 * fills write the same bytes, and do enter sections; MOVNTI needs none.
 */
static void fpu_sections_change_no_byte(void **s)
{
	struct page_layout l;
	struct zdm_run_opts o = { .strategy = MEMMAP_TEMPLATE_NT };
	enum zdm_nt_impl saved = zdm_nt_selected();
	const size_t windows[] = { 64, 4096, 65536 };

	load_builtin(&l, 0);
	for (unsigned int w = 0; w < 3; w++) {
		zdm_fpu_window_set(windows[w]);
		for (int impl = 0; impl < NR_ZDM_NT_IMPLS; impl++) {
			unsigned long before = zdm_fpu_sections();

			if (!zdm_nt_select(impl))
				continue;
			expect_same_compound_and_order0(&l, &o);
			if (impl > ZDM_NT_MOVNTI)
				assert_true(zdm_fpu_sections() > before);
			else
				assert_int_equal(zdm_fpu_sections(), before);
		}
	}
	zdm_fpu_window_set(0);
	zdm_nt_select(saved);
}

/* What the patched memmap_init_zone_device() hands the core for @sc. */
static struct zone_device_range
scenario_range(const struct zdm_scenario *sc, const struct page_layout *l,
	       struct zdm_instance *in)
{
	return (struct zone_device_range){
		.start_pfn = sc->start_pfn,
		.end_pfn = sc->start_pfn + sc->nr_pages,
		.zone_idx = l->zone_device,
		.pgmap = &in->pgmap,
	};
}

/* The tracepoint stand-in: the fast path declines and slow runs instead. */
static void fast_path_declines_when_page_ref_tracepoint_is_on(void **s)
{
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;
	struct zone_device_range r;
	struct zdm_run_opts tmpl = { .strategy = MEMMAP_TEMPLATE, .threads = 1 };
	struct zdm_run_opts slow = { .strategy = MEMMAP_SLOW };

	load_builtin(&l, 0);
	small_scenario(&sc, &l, MEMORY_DEVICE_GENERIC, 9, 2);
	assert_int_equal(zdm_instance_create(&in, &sc, &l, 1), 0);
	r = scenario_range(&sc, &l, &in);
	zdm_page_ref_tracepoint = true;
	assert_false(zdm_init_range_fast(&in.mm, &r, &tmpl));
	zdm_page_ref_tracepoint = false;
	/* nothing was written */
	assert_int_equal(((unsigned char *)in.storage)[0], zdm_prefill_byte(1, 0));
	/* a range that is not whole compounds is refused too */
	r.end_pfn -= 1;
	assert_false(zdm_init_range_fast(&in.mm, &r, &tmpl));
	r.end_pfn += 1;
	assert_false(zdm_init_range_fast(&in.mm, &r, &slow));
	assert_true(zdm_init_range_fast(&in.mm, &r, &tmpl));
	zdm_instance_destroy(&in);
}

/*
 * Without SPARSEMEM_VMEMMAP page->flags holds the section, so no two pages
 * of a range are alike and a copy would be wrong: the core declines, as
 * zdm_fast_allowed() says, having written nothing.
 */
static void fast_path_declines_without_vmemmap(void **s)
{
	struct zdm_run_opts tmpl = { .strategy = MEMMAP_TEMPLATE, .threads = 1 };
	struct zone_device_range r;
	struct page_layout l;
	struct zdm_scenario sc;
	struct zdm_instance in;

	load_builtin(&l, 2);
	assert_true(l.section_in_flags);
	assert_false(zdm_fast_allowed(&l));
	small_scenario(&sc, &l, MEMORY_DEVICE_FS_DAX, 0, 999);
	assert_int_equal(zdm_instance_create(&in, &sc, &l, 1), 0);
	r = scenario_range(&sc, &l, &in);
	assert_false(zdm_init_range_fast(&in.mm, &r, &tmpl));
	assert_int_equal(((unsigned char *)in.storage)[0], zdm_prefill_byte(1, 0));
	zdm_instance_destroy(&in);
}

static void strategy_names_round_trip(void **s)
{
	for (int i = 0; i < NR_MEMMAP_STRATEGIES; i++)
		assert_int_equal(memmap_strategy_parse(memmap_strategy_names[i]), i);
	assert_int_equal(memmap_strategy_parse("fast"), -1);
}

/* The checker itself must see a plain store into a streamed line. */
static void nt_checker_catches_a_plain_store_before_drain(void **s)
{
	unsigned char buf[256] __attribute__((aligned(64)));

	nt_check_enable();
	nt_check_streamed(buf, 128);
	nt_check_plain(buf + 200, 8);
	assert_int_equal(nt_check_violations(), 0);
	nt_check_plain(buf + 64, 8);
	assert_int_equal(nt_check_violations(), 1);
	nt_check_drained();
	nt_check_plain(buf + 64, 8);
	assert_int_equal(nt_check_violations(), 1);
	nt_check_disable();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template_matches_slow_vm),
		cmocka_unit_test(template_matches_slow_distro),
		cmocka_unit_test(template_matches_slow_sparse),
		cmocka_unit_test(template_nt_matches_slow_vm),
		cmocka_unit_test(template_nt_matches_slow_sparse),
		cmocka_unit_test(template_nt_mt_matches_slow_all_thread_counts),
		cmocka_unit_test(workers_make_the_calls_of_threads_that_do_not_start),
		cmocka_unit_test(ceiling_fill_covers_its_buffer_when_threads_do_not_start),
		cmocka_unit_test(template_nt_mt_matches_slow_when_threads_do_not_start),
		cmocka_unit_test(v73_template_matches_slow_vm),
		cmocka_unit_test(v73_template_nt_matches_slow_distro),
		cmocka_unit_test(v73_template_nt_mt_matches_slow_all_layouts),
		cmocka_unit_test_teardown(v73_folio_field_on_the_last_folio_page_stays_there,
					  forget_the_folio_field),
		cmocka_unit_test(every_nt_implementation_matches_slow),
		cmocka_unit_test(fpu_sections_change_no_byte),
		cmocka_unit_test(every_strategy_reschedules_as_slow_does),
		cmocka_unit_test(fast_path_declines_when_page_ref_tracepoint_is_on),
		cmocka_unit_test(fast_path_declines_without_vmemmap),
		cmocka_unit_test(strategy_names_round_trip),
		cmocka_unit_test(nt_checker_catches_a_plain_store_before_drain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
