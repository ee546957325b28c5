// SPDX-License-Identifier: GPL-2.0
/*
 * bench_run.c - the series' unbind/rebind experiment on real memory.
 *
 * Each strategy gets its own memmap, so its first bind touches fresh
 * memory (page faults included, like the first bind after boot) and its
 * rebinds reuse it.  Strategies take turns bind by bind, so slow drifts of
 * the machine hit all of them alike.  The ceilings - the same number of
 * bytes filled with plain and with streaming stores - run once per round,
 * after the binds, in alternating order.
 */
#include "bench_run.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_alloc.h"
#include "bench_config.h"
#include "bench_stats.h"
#include "bench_verify.h"
#include "fill.h"
#include "fpu.h"
#include "zone_device.h"

struct bench_state {
	struct bench_buf buf[BENCH_MAX_ENTRIES];
	struct zdm_memmap mm[BENCH_MAX_ENTRIES];
	struct bench_buf ceiling_buf;
	unsigned char *ceiling;		/* where the fills go */
	struct dev_pagemap pgmap;
	struct bench_verifier v;
	bool progress;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A status line on stderr, rewritten in place; only for a terminal. */
__attribute__((format(printf, 2, 3)))
static void progress(const struct bench_state *st, const char *fmt, ...)
{
	va_list ap;

	if (!st->progress)
		return;
	fprintf(stderr, "\r\033[Kbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static void state_free(struct bench_state *st, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		zdm_memmap_free_state(&st->mm[i]);
		bench_buf_free(&st->buf[i]);
	}
	bench_buf_free(&st->ceiling_buf);
	bench_verify_destroy(&st->v);
}

/* The address space the run's buffers hold. */
static size_t held_bytes(const struct bench_state *st, unsigned int nr)
{
	size_t n = st->ceiling_buf.map_bytes;

	for (unsigned int i = 0; i < nr; i++)
		n += st->buf[i].map_bytes;
	return n;
}

/*
 * Out of room although the guard said the run fits: one line all the same,
 * with the --size that fits what there is.
 */
static int no_room(struct bench_state *st, struct bench_config *c,
		   const struct page_layout *l, size_t wanted, char *err,
		   size_t errlen)
{
	bench_alloc_no_room(c, l, held_bytes(st, c->nr_strategies), wanted,
			    err, errlen);
	return -1;
}

static int setup(struct bench_state *st, struct bench_config *c,
		 const struct bench_plan *p, const struct page_layout *l,
		 char *err, size_t errlen)
{
	unsigned int n = c->nr_strategies;
	int ret;

	bench_pgmap(&p->sc, &st->pgmap);
	for (unsigned int i = 0; i < n; i++) {
		/* Mapped, not touched: the first bind pays the faults. */
		ret = bench_buf_alloc(&st->buf[i], &c->backing,
				      p->memmap_bytes, err, errlen);
		if (ret == -ENOMEM)
			return no_room(st, c, l, p->memmap_bytes, err, errlen);
		if (ret)
			return -1;
		if (zdm_memmap_init(&st->mm[i], l, p->init_start, p->init_pfns,
				    p->sc.vmemmap_start, st->buf[i].addr)) {
			snprintf(err, errlen, "bench: out of memory");
			return no_room(st, c, l, zdm_memmap_state_bytes(l,
				       p->init_start, p->init_pfns), err,
				       errlen);
		}
	}
	if (p->separate_ceiling) {
		ret = bench_buf_alloc(&st->ceiling_buf, &c->backing,
				      p->written_bytes, err, errlen);
		if (ret == -ENOMEM)
			return no_room(st, c, l, p->written_bytes, err, errlen);
		if (ret)
			return -1;
		st->ceiling = st->ceiling_buf.addr;
		progress(st, "faulting in the ceiling buffer");
		/* The ceiling is a fill of warm memory: fault it in now. */
		zdm_memset_plain(st->ceiling, p->written_bytes);
	} else {
		/* Overwritten by that strategy's next bind anyway. */
		st->ceiling = st->buf[n - 1].addr;
	}
	progress(st, "computing the reference for the samples");
	if (bench_verify_init(&st->v, p, l, &st->mm[0], c->samples, c->seed)) {
		snprintf(err, errlen, "bench: out of memory for the verifier");
		return no_room(st, c, l, bench_verify_bytes(p, l, c->samples),
			       err, errlen);
	}
	return 0;
}

static double bind(struct bench_state *st, const struct bench_plan *p,
		   unsigned int i, const struct zdm_run_opts *o)
{
	double t0, t1;

	t0 = now_s();
	zdm_scenario_run(&st->mm[i], &p->sc, &st->pgmap, o);
	t1 = now_s();
	return (t1 - t0) * 1e3;
}

/*
 * The ceiling: the same bytes, plain or streaming, on as many CPUs as the
 * strategies use (boot-time init runs all of them on --threads CPUs).
 */
static double fill(unsigned char *dst, size_t bytes, bool nt,
		   unsigned int threads)
{
	double t0 = now_s();

	zdm_memset_mt(dst, bytes, nt, threads);
	return (now_s() - t0) * 1e3;
}

static int run_rounds(struct bench_state *st, struct bench_config *c,
		      const struct bench_plan *p, struct bench_result *r)
{
	unsigned int n = c->nr_strategies;
	int slow[2] = { -1, -1 };	/* without and with +free */

	for (unsigned int i = 0; i < n; i++)
		if (c->strategies[i] == MEMMAP_SLOW)
			slow[c->entry_free[i]] = i;
	for (unsigned int b = 0; b < c->binds; b++) {
		for (unsigned int i = 0; i < n; i++) {
			struct bench_strategy_result *s = &r->s[i];
			struct zdm_run_opts o = {
				.strategy = c->strategies[i],
				.threads = bench_entry_threads(c, i),
				.chunk_pfns = c->chunk_pfns,
				.free_pages = c->entry_free[i],
				.fused = c->entry_fused[i],
			};
			const char *name = s->name;

			progress(st, "%s, bind %u of %u", name, b + 1, c->binds);
			/*
			 * Freed pages are not what init wrote: a +free column
			 * is compared whole with slow+free after its last bind.
			 */
			if (!o.free_pages)
				bench_verify_poison(&st->v, &st->mm[i]);
			unsigned long sections = zdm_fpu_sections();

			s->bind_ms[b] = bind(st, p, i, &o);
			s->fpu_sections = zdm_fpu_sections() - sections;
			if (!o.free_pages &&
			    bench_verify_check(&st->v, &st->mm[i], name, b + 1,
					       stderr)) {
				fprintf(stderr, "bench: %s is wrong: it does "
					"not write what the slow path writes\n",
					name);
				return 1;
			}
			if (!o.free_pages)
				s->verified_pages += st->v.nr_written;
		}
		/* Before the last fills: they may land in a strategy's memmap. */
		if (b == c->binds - 1) {
			for (unsigned int i = 0; i < n; i++) {
				const char *name = r->s[i].name;
				int ref = slow[c->entry_free[i]];

				if (ref < 0)
					continue;
				if ((int)i == ref) {
					r->s[i].full_compared = true;
					continue;
				}
				progress(st, "%s: comparing every byte with "
					 "slow", name);
				if (bench_verify_full(&st->v, &st->mm[ref],
						      &st->mm[i], name,
						      r->s[ref].name, stderr)) {
					fprintf(stderr, "bench: %s is wrong: "
						"its memmap differs from "
						"%s's\n", name,
						r->s[ref].name);
					return 1;
				}
				r->s[i].full_compared = true;
			}
		}
		for (unsigned int k = 0; k < 2; k++) {
			bool nt = (b + k) % 2;

			progress(st, "%s fill, round %u of %u", nt ?
				 "streaming" : "plain", b + 1, c->binds);
			(nt ? r->nt_ms : r->regular_ms)[b] =
				fill(st->ceiling, p->written_bytes, nt,
				     p->sc.init == ZDM_INIT_DEFERRED ?
				     c->threads : 1);
		}
	}
	for (unsigned int i = 0; i < n; i++)
		r->s[i].huge_bytes = bench_buf_huge_bytes(&st->buf[i]);
	return 0;
}

static void summarize(const struct bench_config *c, const struct bench_plan *p,
		      struct bench_result *r)
{
	double slow_ms[2] = { 0, 0 };	/* without and with +free */

	bench_stats(r->regular_ms, c->binds, &r->regular);
	bench_stats(r->nt_ms, c->binds, &r->nt);
	for (unsigned int i = 0; i < r->nr; i++) {
		struct bench_strategy_result *s = &r->s[i];
		double ms;

		s->first_ms = s->bind_ms[0];
		s->has_rebinds = c->binds > 1;
		if (s->has_rebinds)
			bench_stats(s->bind_ms + 1, c->binds - 1, &s->rebind);
		/* With a single bind, all there is to go on is that bind. */
		ms = s->has_rebinds ? s->rebind.median : s->first_ms;
		s->ns_per_page = ms * 1e6 / p->pages_written;
		s->gbps = p->written_bytes / (ms * 1e-3) / 1e9;
		s->pct_nt = r->nt.median / ms * 100;
		s->pct_regular = r->regular.median / ms * 100;
		if (s->id == MEMMAP_SLOW)
			slow_ms[s->free] = ms;
	}
	for (unsigned int i = 0; i < r->nr; i++) {
		struct bench_strategy_result *s = &r->s[i];
		double ms = s->has_rebinds ? s->rebind.median : s->first_ms;

		/* a +free column against slow+free */
		s->speedup_vs_slow = slow_ms[s->free] ?
				     slow_ms[s->free] / ms : 0;
	}
}

int bench_run(struct bench_config *c, const struct bench_plan *p,
	      const struct page_layout *l, struct bench_result *r,
	      char *err, size_t errlen)
{
	struct bench_state st = { .progress = isatty(2) };
	struct timespec res;
	double t0 = now_s(), t1;
	int ret;

	memset(r, 0, sizeof(*r));
	clock_getres(CLOCK_MONOTONIC, &res);
	r->timer_res_ns = res.tv_sec * 1e9 + res.tv_nsec;
	r->rounds = c->binds;
	r->nr = c->nr_strategies;
	r->regular_ms = calloc(c->binds, sizeof(double));
	r->nt_ms = calloc(c->binds, sizeof(double));
	for (unsigned int i = 0; i < r->nr; i++) {
		r->s[i].id = c->strategies[i];
		r->s[i].threads = bench_entry_threads(c, i);
		r->s[i].free = c->entry_free[i];
		r->s[i].fused = c->entry_fused[i];
		bench_entry_name(c, i, r->s[i].name, sizeof(r->s[i].name));
		r->s[i].bind_ms = calloc(c->binds, sizeof(double));
		if (!r->s[i].bind_ms)
			goto oom;
	}
	if (!r->regular_ms || !r->nt_ms)
		goto oom;
	if (setup(&st, c, p, l, err, errlen)) {
		state_free(&st, c->nr_strategies);
		if (st.progress)
			fprintf(stderr, "\r\033[K");
		return -1;
	}
	r->samples = st.v.nr;
	if (zdm_fpu_window())
		r->fpu_section_ns = zdm_fpu_section_ns();
	t1 = now_s();
	r->setup_s = t1 - t0;
	ret = run_rounds(&st, c, p, r);
	r->run_s = now_s() - t1;
	if (st.progress)
		fprintf(stderr, "\r\033[K");
	state_free(&st, c->nr_strategies);
	if (!ret)
		summarize(c, p, r);
	return ret;
oom:
	snprintf(err, errlen, "bench: out of memory");
	return -1;
}

void bench_result_free(struct bench_result *r)
{
	for (unsigned int i = 0; i < r->nr; i++)
		free(r->s[i].bind_ms);
	free(r->regular_ms);
	free(r->nt_ms);
	memset(r, 0, sizeof(*r));
}
