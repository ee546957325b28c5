// SPDX-License-Identifier: GPL-2.0
/*
 * test_bench.c - the bench's own logic, without timing anything: the pfn
 * device geometry it derives from a namespace, the rejections of bad
 * combinations, and - most important - that its per-bind verifier catches
 * a strategy that writes a wrong byte, skips a page or a pageblock, or
 * writes past the part of a deduplicated compound the kernel writes.
 */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "bench_config.h"
#include "bench_stats.h"
#include "bench_verify.h"

static void geometry(const char *preset, unsigned long size,
		     const struct page_layout *l, struct bench_plan *p)
{
	struct bench_geometry g;
	char err[256];

	bench_preset_apply(&g, bench_preset_find(preset));
	if (size)
		g.size = size;
	memset(p, 0, sizeof(*p));
	assert_int_equal(bench_plan_geometry(&g, l, p, err, sizeof(err)), 0);
}

/* nd_pfn_init(): 100 GiB needs an 801 x 2M memmap area, info block first. */
static void default_preset_is_the_series_namespace(void **state)
{
	struct page_layout l;
	struct bench_plan p;

	load_builtin(&l, 0);
	geometry("devdax-2M-dev", 0, &l, &p);
	assert_int_equal(p.sc.type, MEMORY_DEVICE_GENERIC);
	assert_int_equal(p.sc.vmemmap_shift, 9);
	assert_int_equal(p.sc.nr_pages, 26214400);
	assert_true(p.sc.altmap);
	assert_int_equal(p.sc.altmap_reserve, 2);
	assert_int_equal(p.sc.altmap_reserve + p.sc.altmap_free, 801 * 512);
	assert_int_equal(p.init_start % 512, 0);
	assert_int_equal(p.init_pfns, 26214400 - 801 * 512);
	assert_int_equal(p.pages_written, p.init_pfns);
	assert_int_equal(p.written_bytes, p.init_pfns * 64);
}

static void presets_have_their_shape(void **state)
{
	struct page_layout l;
	struct bench_plan p;

	load_builtin(&l, 0);
	geometry("fsdax-dev", 0, &l, &p);
	assert_int_equal(p.sc.type, MEMORY_DEVICE_FS_DAX);
	assert_int_equal(p.sc.vmemmap_shift, 0);
	assert_true(p.sc.altmap);

	geometry("devdax-1G-dev", 0, &l, &p);
	assert_int_equal(p.sc.vmemmap_shift, 18);
	assert_int_equal(p.init_start % (1UL << 18), 0);
	assert_int_equal(p.pages_written, p.init_pfns);

	/* Dedup: 2 vmemmap pages = 128 struct pages of each 2M compound. */
	geometry("devdax-2M-mem", 0, &l, &p);
	assert_false(p.sc.altmap);
	assert_int_equal(p.init_pfns, 26214400);
	assert_int_equal(p.pages_written, l.optimize_dax_vmemmap ?
			 26214400 / 512 * 128 : 26214400);

	geometry("private", 0, &l, &p);
	assert_int_equal(p.sc.type, MEMORY_DEVICE_PRIVATE);
	assert_int_equal(p.sc.nr_pages, 80UL << 18);
	assert_false(p.sc.altmap);
}

static void bad_geometry_is_refused(void **state)
{
	static const struct {
		unsigned long size, align;
		enum memory_type type;
		bool map_dev;
	} bad[] = {
		{ 0, 2UL << 20, MEMORY_DEVICE_GENERIC, true },
		{ 3UL << 20, 2UL << 20, MEMORY_DEVICE_GENERIC, true },
		{ 1UL << 30, 3UL << 20, MEMORY_DEVICE_GENERIC, true },
		{ 4UL << 30, 2UL << 30, MEMORY_DEVICE_GENERIC, true },
		{ 1UL << 30, 1UL << 30, MEMORY_DEVICE_GENERIC, true },
		{ 2UL << 20, 2UL << 20, MEMORY_DEVICE_FS_DAX, true },
		{ 1UL << 30, 2UL << 20, MEMORY_DEVICE_PRIVATE, true },
		{ 1UL << 30, 2048, MEMORY_DEVICE_GENERIC, false },
	};
	struct page_layout l;
	struct bench_plan p;
	char err[256];

	load_builtin(&l, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bench_geometry g = {
			.type = bad[i].type, .size = bad[i].size,
			.align = bad[i].align, .map_dev = bad[i].map_dev,
		};

		err[0] = 0;
		assert_int_equal(bench_plan_geometry(&g, &l, &p, err,
						     sizeof(err)), -1);
		assert_true(err[0] && !strchr(err, '\n'));
	}
}

static void strategy_lists(void **state)
{
	struct bench_config c = { 0 };
	char err[256];

	assert_int_equal(bench_strategies_parse("template-nt,slow", &c, err,
						sizeof(err)), 0);
	assert_int_equal(c.nr_strategies, 2);
	assert_int_equal(c.strategies[0], MEMMAP_TEMPLATE_NT);
	assert_int_equal(c.strategies[1], MEMMAP_SLOW);
	assert_int_equal(bench_strategies_parse("slow,fast", &c, err,
						sizeof(err)), -1);
	assert_int_equal(bench_strategies_parse("slow,slow", &c, err,
						sizeof(err)), -1);
	assert_int_equal(bench_strategies_parse(",", &c, err, sizeof(err)), -1);
}

/* template-nt-mt:N: one column per thread count, in one interleaved run. */
static void thread_count_columns(void **state)
{
	struct bench_config c = { .threads = 2 };
	char err[256], name[24];

	assert_int_equal(bench_strategies_parse(
		"template-nt,template-nt-mt:1,template-nt-mt:16,template-nt-mt",
		&c, err, sizeof(err)), 0);
	assert_int_equal(c.nr_strategies, 4);
	assert_int_equal(bench_entry_threads(&c, 0), 1);
	assert_int_equal(bench_entry_threads(&c, 1), 1);
	assert_int_equal(bench_entry_threads(&c, 2), 16);
	assert_int_equal(bench_entry_threads(&c, 3), 2);	/* --threads */
	assert_string_equal(bench_entry_name(&c, 2, name, sizeof(name)),
			    "template-nt-mt:16");
	assert_string_equal(bench_entry_name(&c, 3, name, sizeof(name)),
			    "template-nt-mt");

	const char *bad[] = {
		"template-nt-mt:0", "template-nt-mt:1025", "template-nt-mt:",
		"template-nt-mt:x", "template-nt-mt:2x", "template-nt-mt:-1",
		"template-nt:2", "template-nt-mt:4,template-nt-mt:4",
	};
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_equal(bench_strategies_parse(bad[i], &c, err,
							sizeof(err)), -1);
		assert_true(err[0] && !strchr(err, '\n'));
	}
}

static void stats_use_the_middle(void **state)
{
	const double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 };
	struct bench_stats st;

	bench_stats(odd, 3, &st);
	assert_true(st.median == 3 && st.min == 1 && st.max == 5 &&
		    st.mean == 3);
	bench_stats(even, 4, &st);
	assert_true(st.median == 2.5 && st.min == 1 && st.max == 4);
	assert_true(odd[0] == 5);	/* the input keeps its order */
}

/* A bench memmap for @p, as bench_run.c builds one, on the heap. */
struct side {
	struct zdm_memmap mm;
	struct dev_pagemap pgmap;
	void *storage;
};

static void side_create(struct side *s, const struct bench_plan *p,
			const struct page_layout *l)
{
	s->storage = calloc(1, p->memmap_bytes);
	assert_non_null(s->storage);
	assert_int_equal(zdm_memmap_init(&s->mm, l, p->init_start, p->init_pfns,
					 p->sc.vmemmap_start, s->storage), 0);
	bench_pgmap(&p->sc, &s->pgmap);
}

static void side_bind(struct side *s, const struct bench_plan *p,
		      enum memmap_strategy strategy)
{
	struct zdm_run_opts o = { .strategy = strategy, .threads = 3 };

	zdm_memmap_init_zone_device(&s->mm, p->sc.zone_idx, p->sc.nid,
				    p->sc.start_pfn, p->sc.nr_pages, &s->pgmap,
				    &o);
}

static void side_destroy(struct side *s)
{
	zdm_memmap_free_state(&s->mm);
	free(s->storage);
}

static FILE *devnull(void)
{
	FILE *f = fopen("/dev/null", "w");

	assert_non_null(f);
	return f;
}

/* Every strategy passes on every layout; corruptions of each kind fail. */
static void verifier_catches(const char *preset, unsigned long size)
{
	for (unsigned int li = 0; li < nr_builtin_layouts; li++) {
		struct page_layout l;
		struct bench_plan p;
		struct bench_verifier v;
		struct side a, ref;
		FILE *null = devnull();
		unsigned char *pg, poisoned[ZDM_MAX_PAGE_BYTES];

		load_builtin(&l, li);
		geometry(preset, size, &l, &p);
		side_create(&a, &p, &l);
		side_create(&ref, &p, &l);
		assert_int_equal(bench_verify_init(&v, &p, &l, &a.mm, 64, 7), 0);
		assert_true(v.nr > 64 && v.nr_written > 0);

		bench_verify_poison(&v, &ref.mm);
		side_bind(&ref, &p, MEMMAP_SLOW);
		assert_int_equal(bench_verify_check(&v, &ref.mm, "slow", 1,
						    null), 0);
		for (int s = 0; s < NR_MEMMAP_STRATEGIES; s++) {
			bench_verify_poison(&v, &a.mm);
			side_bind(&a, &p, s);
			assert_int_equal(bench_verify_check(&v, &a.mm, "s", 1,
							    null), 0);
			assert_int_equal(bench_verify_full(&v, &ref.mm, &a.mm,
							   "s", "slow", null),
					 0);
		}

		/* A wrong byte in a sampled page. */
		pg = (unsigned char *)zdm_pfn_to_page(&a.mm, v.pfn[v.nr / 2]);
		pg[l.page_size - 9] ^= 1;
		assert_true(bench_verify_check(&v, &a.mm, "s", 1, null) > 0);
		pg[l.page_size - 9] ^= 1;

		/* A page the bind skipped keeps the poison. */
		bench_verify_poison(&v, &a.mm);
		memcpy(poisoned, zdm_pfn_to_page(&a.mm, v.pfn[0]), l.page_size);
		side_bind(&a, &p, MEMMAP_TEMPLATE_NT);
		memcpy(zdm_pfn_to_page(&a.mm, v.pfn[0]), poisoned, l.page_size);
		assert_true(bench_verify_check(&v, &a.mm, "s", 1, null) > 0);

		/* A pageblock the bind did not mark. */
		bench_verify_poison(&v, &a.mm);
		side_bind(&a, &p, MEMMAP_TEMPLATE);
		a.mm.usemap[0] ^= 1UL << 1;
		assert_true(bench_verify_check(&v, &a.mm, "s", 1, null) > 0);

		/* A byte of a page no sample covers: the full compare. */
		side_bind(&a, &p, MEMMAP_TEMPLATE);
		pg = (unsigned char *)zdm_pfn_to_page(&a.mm, p.init_start + 4);
		pg[0] ^= 0x80;
		assert_true(bench_verify_full(&v, &ref.mm, &a.mm, "s", "slow", null) > 0);

		/* With dedup, writing past the written part is wrong too. */
		if (p.pages_written < p.init_pfns) {
			unsigned long k;

			bench_verify_poison(&v, &a.mm);
			side_bind(&a, &p, MEMMAP_TEMPLATE);
			for (k = 0; k < v.nr; k++)
				if ((v.pfn[k] - p.init_start) % v.nr_pfns >=
				    v.per_compound)
					break;
			assert_true(k < v.nr);
			memset(zdm_pfn_to_page(&a.mm, v.pfn[k]), 0, 8);
			assert_true(bench_verify_check(&v, &a.mm, "s", 1,
						       null) > 0);
		}
		bench_verify_destroy(&v);
		side_destroy(&a);
		side_destroy(&ref);
		fclose(null);
	}
}

static void verifier_devdax_2M_dev(void **state) { verifier_catches("devdax-2M-dev", 64UL << 20); }
static void verifier_devdax_2M_mem(void **state) { verifier_catches("devdax-2M-mem", 64UL << 20); }
static void verifier_fsdax_dev(void **state) { verifier_catches("fsdax-dev", 64UL << 20); }
static void verifier_devdax_1G_dev(void **state) { verifier_catches("devdax-1G-dev", 3UL << 30); }
static void verifier_private(void **state) { verifier_catches("private", 32UL << 20); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_preset_is_the_series_namespace),
		cmocka_unit_test(presets_have_their_shape),
		cmocka_unit_test(bad_geometry_is_refused),
		cmocka_unit_test(strategy_lists),
		cmocka_unit_test(thread_count_columns),
		cmocka_unit_test(stats_use_the_middle),
		cmocka_unit_test(verifier_devdax_2M_dev),
		cmocka_unit_test(verifier_devdax_2M_mem),
		cmocka_unit_test(verifier_fsdax_dev),
		cmocka_unit_test(verifier_devdax_1G_dev),
		cmocka_unit_test(verifier_private),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
