// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_plan.c - libFuzzer harness for the planning of a `dump` or `bench`
 * run from its options (dump_plan_parse(), bench_options_parse()).
 *
 * The input is an argv: tokens split at NUL or newline bytes, the first
 * byte picking the subcommand and the memory the run may use.  Invariants,
 * beyond "no crash, no leak":
 *  - a refusal is one non-empty line;
 *  - a refusal that says "try --nr-pages X" or "try --size S" is followed:
 *    the same argv with that value must plan;
 *  - an accepted dump range is checked (zdm_scenario_check), made of whole
 *    compounds and fits the memory guard; a small one run by its strategy
 *    equals slow byte for byte, pageblock bits included;
 *  - an accepted bench plan has 1..BENCH_MAX_ENTRIES columns of 1..1024
 *    threads, a chunk of whole compounds, consistent page counts, memory
 *    within the budget, and its small namespaces verify against slow for
 *    every column.
 * --kconfig and file: backings are dropped from the argv: the harness
 * reads and creates no files (fuzz_kconfig.c covers .config text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_alloc.h"
#include "bench_config.h"
#include "bench_options.h"
#include "dump_plan.h"
#include "parse.h"
#include "verify.h"

#define MAX_ARGS	32
#define SMALL_PFNS	4096	/* ranges this small are also run */

/*
 * The memory guard's budgets, set per input so every run is repeatable:
 * memory, and for some inputs the same again as an address-space limit
 * (0: none).  Every function of sysmem.c is replaced, so the archive's
 * sysmem.o is never linked.
 */
static unsigned long fake_budget, fake_map_room;

unsigned long zdm_mem_room(void)
{
	return fake_budget;
}

void zdm_map_room(unsigned long *all, unsigned long *priv)
{
	*all = *priv = fake_map_room;
}

unsigned long zdm_mem_available(void)
{
	return fake_map_room && fake_map_room < fake_budget ? fake_map_room :
	       fake_budget;
}

unsigned long zdm_thread_map_bytes(void)
{
	return (8UL << 20) + 4096;
}

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz_plan: " __VA_ARGS__);	\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

struct argv_buf {
	char *argv[MAX_ARGS + 4];
	int argc;
	char *store;
};

/* Split @data into tokens; drop the ones that would touch files. */
static void make_argv(struct argv_buf *a, const char *cmd,
		      const unsigned char *data, size_t size)
{
	char *p;

	a->store = malloc(size + 1);
	memcpy(a->store, data, size);
	a->store[size] = 0;
	a->argc = 0;
	a->argv[a->argc++] = (char *)cmd;
	p = a->store;
	while (a->argc < MAX_ARGS && p <= a->store + size) {
		size_t len = strcspn(p, "\n");
		bool drop;

		p[len] = 0;
		drop = !strncmp(p, "--kconfig", 9) || strstr(p, "file:") ||
		       (a->argc > 1 && !strcmp(a->argv[a->argc - 1], "--kconfig"));
		if (!drop)
			a->argv[a->argc++] = p;
		p += len + 1;
	}
	a->argv[a->argc] = NULL;
}

static void check_one_line(const char *err)
{
	CHECK(err[0], "a refusal without a reason");
	CHECK(!strchr(err, '\n'), "a refusal of two lines: %s", err);
}

/*
 * The guard's "...do not fit...; try --OPT VALUE" (at the very end, so a
 * user string that merely looks like one is not taken): VALUE, or NULL.
 */
static const char *suggestion(const char *err, const char *opt, char *buf,
			      size_t len)
{
	char key[32];
	const char *s;

	snprintf(key, sizeof(key), "; try --%s ", opt);
	s = strstr(err, key);
	if (!s || !strstr(err, "do not fit") ||
	    strchr(s + strlen(key), ' ') || strchr(s + strlen(key), '\''))
		return NULL;
	snprintf(buf, len, "%s", s + strlen(key));
	return buf;
}

/*
 * @a with @key ("--size") @value added at the end, so that it wins over an
 * earlier one however that was spelled ("--si=1G").  False if a "--" (an
 * end of options, or some option's value) makes the end the wrong place.
 */
static bool set_option(struct argv_buf *a, const char *key, char *value)
{
	for (int i = 1; i < a->argc; i++)
		if (!strcmp(a->argv[i], "--"))
			return false;
	a->argv[a->argc++] = (char *)key;
	a->argv[a->argc++] = value;
	a->argv[a->argc] = NULL;
	return true;
}

static void verify_small(const struct zdm_scenario *sc,
			 const struct page_layout *l,
			 const struct zdm_run_opts *o)
{
	struct zdm_verify_report rep = { 0 };
	struct zdm_run_opts run = *o;

	if (sc->nr_pages > SMALL_PFNS)
		return;
	/* A tiny range has a few chunks: more threads only cost time. */
	if (run.threads > 16)
		run.threads = 16;
	if (zdm_verify_scenario(sc, l, &run, 7, &rep)) {
		zdm_report_print(stderr, &rep);
		CHECK(0, "%s differs from slow", memmap_strategy_names[o->strategy]);
	}
}

static void check_dump(struct argv_buf *a, bool follow)
{
	struct dump_plan p;
	char err[512], val[64];
	unsigned long nr;
	int rc;

	rc = dump_plan_parse(a->argc, a->argv, &p, err, sizeof(err));
	if (rc == DUMP_PLAN_HELP)
		return;
	if (rc) {
		check_one_line(err);
		CHECK(follow, "a followed suggestion fails: %s", err);
		if (suggestion(err, "nr-pages", val, sizeof(val)) &&
		    set_option(a, "--nr-pages", val))
			check_dump(a, false);
		return;
	}
	nr = 1UL << p.sc.vmemmap_shift;
	CHECK(!zdm_scenario_check(&p.sc, &p.l, err, sizeof(err)),
	      "an accepted dump fails the scenario check: %s", err);
	CHECK(zdm_scenario_init_start(&p.sc) % nr == 0 &&
	      (p.sc.start_pfn + p.sc.nr_pages) % nr == 0,
	      "an accepted dump is not whole compounds");
	CHECK(p.sc.nr_pages <= fake_budget / 2 / p.l.page_size,
	      "an accepted dump does not fit the guard");
	CHECK(p.run.threads >= 1 && p.run.threads <= 1024, "threads");
	CHECK(p.run.chunk_pfns % nr == 0, "chunk not whole compounds");
	verify_small(&p.sc, &p.l, &p.run);
}

static void check_bench(struct argv_buf *a, bool follow)
{
	struct bench_config c;
	struct page_layout l;
	struct bench_plan p;
	char err[512], val[64];
	unsigned long nr;
	int rc;

	rc = bench_options_parse(a->argc, a->argv, &c, &l, &p, err,
				 sizeof(err));
	if (rc == BENCH_OPTIONS_HELP)
		return;
	if (rc) {
		check_one_line(err);
		CHECK(follow, "a followed suggestion fails: %s", err);
		if (suggestion(err, "size", val, sizeof(val)) &&
		    set_option(a, "--size", val))
			check_bench(a, false);
		return;
	}
	bench_backing_close(&c.backing);
	nr = 1UL << p.sc.vmemmap_shift;
	CHECK(c.nr_strategies >= 1 && c.nr_strategies <= BENCH_MAX_ENTRIES,
	      "%u columns", c.nr_strategies);
	for (unsigned int i = 0; i < c.nr_strategies; i++) {
		unsigned int t = bench_entry_threads(&c, i);

		CHECK(t >= 1 && t <= 1024, "column %u: %u threads", i, t);
	}
	CHECK(c.binds >= 1 && c.binds <= BENCH_MAX_BINDS, "binds");
	CHECK(c.chunk_pfns % nr == 0, "chunk not whole compounds");
	CHECK(p.init_start % nr == 0 && p.init_pfns % nr == 0 && p.init_pfns,
	      "the written range is not whole compounds");
	CHECK(p.init_start + p.init_pfns == p.sc.start_pfn + p.sc.nr_pages,
	      "the written range does not end with the namespace");
	CHECK(p.pages_written && p.pages_written <= p.init_pfns &&
	      p.written_bytes == p.pages_written * l.page_size &&
	      p.memmap_bytes == p.init_pfns * l.page_size,
	      "page counts disagree");
	CHECK(c.backing.kind == BENCH_HUGETLB || p.need_bytes <= fake_budget,
	      "the plan needs %zu bytes of %lu", p.need_bytes, fake_budget);
	for (unsigned int i = 0; i < c.nr_strategies; i++) {
		struct zdm_run_opts o = {
			.strategy = c.strategies[i],
			.threads = bench_entry_threads(&c, i),
			.chunk_pfns = c.chunk_pfns,
		};

		verify_small(&p.sc, &l, &o);
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct argv_buf a;

	if (size < 1 || size > 4096)
		return 0;
	/* 16 MiB .. 256 GiB: small enough that the guard often speaks. */
	fake_budget = 16UL << 20 << (data[0] >> 1) % 15;
	fake_map_room = data[0] & 0x80 ? fake_budget : 0;
	make_argv(&a, data[0] & 1 ? "bench" : "dump", data + 1, size - 1);
	if (data[0] & 1)
		check_bench(&a, true);
	else
		check_dump(&a, true);
	free(a.store);
	return 0;
}
