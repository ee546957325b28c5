// SPDX-License-Identifier: GPL-2.0
/* bench_verify.c - sampled and full checks of the bench's memmaps. */
#include "bench_verify.h"

#include <stdlib.h>
#include <string.h>

#include "bench_config.h"
#include "memory_hotplug.h"
#include "mm_init.h"
#include "mm_init_ram.h"
#include "page.h"
#include "sweep.h"
#include "verify.h"

#define SHOW_MAX	8	/* mismatches printed per check */

static unsigned char poison_byte(unsigned int off)
{
	return (unsigned char)(0xa5 ^ (off * 0x3b));
}

static int cmp_ul(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static unsigned long head_of(const struct bench_verifier *v, unsigned long pfn)
{
	return v->init_start + ((pfn - v->init_start) & ~(v->nr_pfns - 1));
}

static bool is_written(const struct bench_verifier *v, unsigned long pfn)
{
	return pfn - head_of(v, pfn) < v->per_compound;
}

/*
 * The first and last compounds (head, folio tails, the last written page,
 * and with dedup the first page the kernel leaves to the shared vmemmap
 * page), both sides of the first section boundary, then random pfns:
 * mostly written ones, and a few past the written part of a deduplicated
 * compound, which must keep their poison.
 */
static unsigned long pick_samples(const struct bench_verifier *v,
				  unsigned long *out, unsigned long nr_random,
				  unsigned long seed)
{
	unsigned long heads[2] = { v->init_start, v->end_pfn - v->nr_pfns };
	unsigned long idx[] = { 0, 1, 2, 3, v->per_compound - 1,
				v->per_compound, v->nr_pfns - 1 };
	unsigned long sec = (v->init_start | (ZDM_PAGES_PER_SECTION - 1)) + 1;
	unsigned long ncomp = (v->end_pfn - v->init_start) / v->nr_pfns;
	struct zdm_rng rng = { .s = seed };
	unsigned long n = 0, i, k;

	for (i = 0; i < 2; i++)
		for (k = 0; k < sizeof(idx) / sizeof(idx[0]); k++)
			if (idx[k] < v->nr_pfns)
				out[n++] = heads[i] + idx[k];
	if (sec < v->end_pfn) {
		out[n++] = sec - 1;
		out[n++] = sec;
	}
	for (i = 0; i < nr_random; i++) {
		unsigned long head = v->init_start +
			zdm_rng_below(&rng, ncomp) * v->nr_pfns;
		bool unwritten = v->per_compound < v->nr_pfns && i % 8 == 7;

		out[n++] = head + (unwritten ?
			v->per_compound + zdm_rng_below(&rng, v->nr_pfns -
							v->per_compound) :
			zdm_rng_below(&rng, v->per_compound));
	}
	qsort(out, n, sizeof(*out), cmp_ul);
	for (i = k = 0; i < n; i++)
		if (!k || out[i] != out[k - 1])
			out[k++] = out[i];
	return k;
}

/*
 * Run the reference on one compound at a time: the same pgmap, with the
 * altmap (if any) moved so that it ends where the compound starts.  That
 * keeps compound_nr_pages() answering as it does for the full range.
 */
static int compute_expected(struct bench_verifier *v)
{
	const struct page_layout *l = v->l;
	size_t psz = l->page_size;
	unsigned char *scratch = malloc(v->nr_pfns * psz);
	unsigned long i = 0;

	if (!scratch)
		return -1;
	while (i < v->nr) {
		unsigned long head = head_of(v, v->pfn[i]);
		struct dev_pagemap pg = v->pgmap;
		struct zdm_memmap side;

		if (zdm_memmap_init(&side, l, head, v->nr_pfns,
				    v->sc.vmemmap_start, scratch)) {
			free(scratch);
			return -1;
		}
		pg.range_start_pfn = head;
		pg.range_nr_pages = v->nr_pfns;
		if (pg.flags & PGMAP_ALTMAP_VALID) {
			pg.altmap.base_pfn = head;
			pg.altmap.end_pfn = head + v->nr_pfns - 1;
			pg.altmap.reserve = 0;
			pg.altmap.free = 0;
		}
		memmap_init_zone_device(&side, v->sc.zone_idx, v->sc.nid, head,
					v->nr_pfns, &pg);
		for (; i < v->nr && head_of(v, v->pfn[i]) == head; i++) {
			unsigned char *e = v->expect + i * psz;

			if (is_written(v, v->pfn[i])) {
				memcpy(e, zdm_pfn_to_page(&side, v->pfn[i]), psz);
				v->nr_written++;
			} else {
				for (unsigned int b = 0; b < psz; b++)
					e[b] = poison_byte(b);
			}
		}
		zdm_memmap_free_state(&side);
	}
	free(scratch);
	return 0;
}

/*
 * Ordinary memory: deferred init writes each struct page on its own, so
 * one side page per sample will do; onlining depends on where the pfn
 * sits in its memory block (memmap_on_memory), so run the reference on
 * each sampled block as a whole.
 */
static int compute_expected_ram(struct bench_verifier *v)
{
	const struct zdm_scenario *sc = &v->sc;
	size_t psz = v->l->page_size;
	unsigned long span = sc->init == ZDM_INIT_HOTPLUG ? sc->block_pages : 1;
	unsigned long nr_vmemmap = sc->memmap_on_memory ?
		memory_block_memmap_on_memory_pages(v->l, sc->block_pages) : 0;
	unsigned char *scratch = malloc(span * psz);
	unsigned long i = 0;

	if (!scratch)
		return -1;
	while (i < v->nr) {
		unsigned long base = sc->start_pfn +
			(v->pfn[i] - sc->start_pfn) / span * span;
		struct zdm_memmap side;

		if (zdm_memmap_init(&side, v->l, base, span, sc->vmemmap_start,
				    scratch)) {
			free(scratch);
			return -1;
		}
		if (sc->init == ZDM_INIT_HOTPLUG)
			memory_block_online(&side, base, span, nr_vmemmap,
					    sc->zone_idx, sc->nid, NULL);
		else
			deferred_init_pages(&side, sc->zone_idx, sc->nid, base,
					    base + 1);
		for (; i < v->nr && v->pfn[i] - base < span; i++) {
			memcpy(v->expect + i * psz,
			       zdm_pfn_to_page(&side, v->pfn[i]), psz);
			v->nr_written++;
		}
		zdm_memmap_free_state(&side);
	}
	free(scratch);
	return 0;
}

/* The pageblock bits onlining leaves; deferred init leaves them alone. */
static void expect_ram_usemap(const struct bench_verifier *v,
			      struct zdm_memmap *fake)
{
	const struct zdm_scenario *sc = &v->sc;
	unsigned long blk = layout_pageblock_nr(v->l);
	unsigned long nr_vmemmap = sc->memmap_on_memory ?
		memory_block_memmap_on_memory_pages(v->l, sc->block_pages) : 0;

	if (sc->init != ZDM_INIT_HOTPLUG)
		return;
	for (unsigned long pfn = sc->start_pfn;
	     pfn < sc->start_pfn + sc->nr_pages; pfn += blk) {
		bool vmemmap = (pfn - sc->start_pfn) % sc->block_pages <
			       nr_vmemmap;

		init_pageblock_migratetype(fake, pfn, vmemmap ?
					   ZDM_MIGRATE_UNMOVABLE :
					   ZDM_MIGRATE_MOVABLE, !vmemmap);
	}
}

int bench_verify_init(struct bench_verifier *v, const struct bench_plan *p,
		      const struct page_layout *l, const struct zdm_memmap *mm,
		      unsigned long nr_random, unsigned long seed)
{
	struct zdm_memmap fake = *mm;

	memset(v, 0, sizeof(*v));
	v->l = l;
	v->sc = p->sc;
	bench_pgmap(&p->sc, &v->pgmap);
	v->init_start = p->init_start;
	v->end_pfn = p->init_start + p->init_pfns;
	v->nr_pfns = 1UL << p->sc.vmemmap_shift;
	v->per_compound = p->pages_written / (p->init_pfns / v->nr_pfns);
	v->pfn = calloc(nr_random + BENCH_FIXED_SAMPLES, sizeof(*v->pfn));
	if (!v->pfn)
		return -1;
	v->nr = pick_samples(v, v->pfn, nr_random, seed);
	v->expect = malloc(v->nr * l->page_size);
	v->usemap_words = mm->nr_sections * layout_usemap_longs(l);
	v->usemap_poison = malloc(v->usemap_words * sizeof(unsigned long));
	v->usemap_expect = malloc(v->usemap_words * sizeof(unsigned long));
	if (!v->expect || !v->usemap_poison || !v->usemap_expect ||
	    (p->sc.init == ZDM_INIT_ZONE_DEVICE ? compute_expected(v) :
	     compute_expected_ram(v))) {
		bench_verify_destroy(v);
		return -1;
	}
	/* Other blocks' bits, and the skip bit, must survive the bind. */
	for (unsigned long w = 0; w < v->usemap_words; w++)
		v->usemap_poison[w] = v->usemap_expect[w] =
			0xaaaaaaaaaaaaaaaaUL ^ (w * 0x100000001b3UL);
	fake.usemap = v->usemap_expect;
	if (p->sc.init != ZDM_INIT_ZONE_DEVICE) {
		expect_ram_usemap(v, &fake);
		return 0;
	}
	pageblock_migratetype_init_range(&fake, p->init_start, p->init_pfns,
					 ZDM_MIGRATE_MOVABLE);
	return 0;
}

/*
 * The sample list, the expected pages, two copies of the pageblock bits
 * and the side memmap the reference runs on: a compound, a memory block
 * (onlining) or one page (deferred init), with its section state.
 */
size_t bench_verify_bytes(const struct bench_plan *p,
			  const struct page_layout *l, unsigned long nr_random)
{
	const struct zdm_scenario *sc = &p->sc;
	size_t nr = nr_random + BENCH_FIXED_SAMPLES;
	unsigned long side = sc->init == ZDM_INIT_HOTPLUG ? sc->block_pages :
			     sc->init == ZDM_INIT_DEFERRED ? 1 :
			     1UL << sc->vmemmap_shift;

	return nr * (sizeof(unsigned long) + l->page_size) +
	       2 * zdm_memmap_state_bytes(l, p->init_start, p->init_pfns) +
	       side * l->page_size +
	       zdm_memmap_state_bytes(l, p->init_start, side);
}

void bench_verify_destroy(struct bench_verifier *v)
{
	free(v->pfn);
	free(v->expect);
	free(v->usemap_poison);
	free(v->usemap_expect);
	memset(v, 0, sizeof(*v));
}

void bench_verify_poison(const struct bench_verifier *v,
			 const struct zdm_memmap *mm)
{
	unsigned int psz = v->l->page_size;

	for (unsigned long i = 0; i < v->nr; i++) {
		unsigned char *p = (unsigned char *)zdm_pfn_to_page(mm, v->pfn[i]);

		for (unsigned int b = 0; b < psz; b++)
			p[b] = poison_byte(b);
	}
	memcpy(mm->usemap, v->usemap_poison,
	       v->usemap_words * sizeof(unsigned long));
}

static unsigned long field_value(const unsigned char *p, unsigned int off,
				 unsigned int len)
{
	return len == 4 ? page_u32((const struct page *)p, off) :
			  page_word((const struct page *)p, off);
}

/* One line per differing field of @pfn; returns how many differ. */
static unsigned long report_page(const struct bench_verifier *v,
				 const struct zdm_memmap *mm, unsigned long pfn,
				 const unsigned char *e, const unsigned char *a,
				 const char *what, unsigned long shown,
				 FILE *out)
{
	struct zdm_instance in = { .sc = v->sc, .mm = *mm };
	unsigned int off = 0, foff, flen;
	unsigned long n = 0;

	while (off < v->l->page_size) {
		const char *name;

		if (e[off] == a[off]) {
			off++;
			continue;
		}
		name = zdm_field_name(&in, pfn, off, &foff, &flen);
		if (shown + n < SHOW_MAX)
			fprintf(out, "bench: %s: pfn 0x%lx %s%s: expected "
				"0x%lx, got 0x%lx\n", what, pfn,
				is_written(v, pfn) ? "" : "(not written) ",
				name, field_value(e, foff, flen),
				field_value(a, foff, flen));
		n++;
		off = foff + flen;
	}
	return n;
}

unsigned long bench_verify_check(const struct bench_verifier *v,
				 const struct zdm_memmap *mm,
				 const char *strategy, unsigned int bind,
				 FILE *out)
{
	size_t psz = v->l->page_size;
	unsigned long bad = 0;
	char what[64];

	snprintf(what, sizeof(what), "%s bind %u", strategy, bind);
	for (unsigned long i = 0; i < v->nr; i++) {
		const unsigned char *a = (const unsigned char *)
					 zdm_pfn_to_page(mm, v->pfn[i]);
		const unsigned char *e = v->expect + i * psz;

		if (memcmp(a, e, psz))
			bad += report_page(v, mm, v->pfn[i], e, a, what, bad,
					   out);
	}
	for (unsigned long w = 0; w < v->usemap_words; w++) {
		unsigned long s = w / layout_usemap_longs(v->l);
		unsigned long blk = (w % layout_usemap_longs(v->l)) *
				    (64 / v->l->nr_pageblock_bits);

		if (mm->usemap[w] == v->usemap_expect[w])
			continue;
		if (bad < SHOW_MAX)
			fprintf(out, "bench: %s: pageblock bits at pfn 0x%lx: "
				"expected 0x%lx, got 0x%lx\n", what,
				((mm->first_section + s) << ZDM_PFN_SECTION_SHIFT) +
				(blk << v->l->pageblock_order),
				v->usemap_expect[w], mm->usemap[w]);
		bad++;
	}
	return bad;
}

unsigned long bench_verify_full(const struct bench_verifier *v,
				const struct zdm_memmap *ref,
				const struct zdm_memmap *mm,
				const char *strategy, const char *ref_name,
				FILE *out)
{
	size_t psz = v->l->page_size;
	/* Without dedup every page is written: compare in large runs. */
	bool dense = v->per_compound == v->nr_pfns;
	unsigned long step = dense && v->nr_pfns < 16384 ? 16384 : v->nr_pfns;
	unsigned long bad = 0;
	char what[64];

	snprintf(what, sizeof(what), "%s vs %s", strategy, ref_name);
	for (unsigned long lo = v->init_start; lo < v->end_pfn; lo += step) {
		unsigned long n = dense ? step : v->per_compound;
		const unsigned char *e, *a;

		if (n > v->end_pfn - lo)
			n = v->end_pfn - lo;
		e = (const unsigned char *)zdm_pfn_to_page(ref, lo);
		a = (const unsigned char *)zdm_pfn_to_page(mm, lo);
		if (!memcmp(e, a, n * psz))
			continue;
		for (unsigned long k = 0; k < n; k++)
			if (memcmp(e + k * psz, a + k * psz, psz))
				bad += report_page(v, mm, lo + k, e + k * psz,
						   a + k * psz, what, bad, out);
	}
	return bad;
}
