// SPDX-License-Identifier: GPL-2.0
/*
 * Template fast path for ZONE_DEVICE memmap initialization.
 *
 * memmap_init_zone_device() writes one struct page per pfn, and on the
 * common configurations (SPARSEMEM_VMEMMAP, no page->virtual) every struct
 * page of a range is one of four byte patterns per compound: the head, the
 * first tail (which carries the folio fields), the second tail (which may
 * keep the folio's _deferred_list), and the other tails.  Between
 * compounds they differ only in the tails' compound_head word - not even
 * there where it holds a mask - and in the second tail's list pointers.
 * So instead of building every struct page field by field, build the first
 * compound of a chunk through the unchanged slow path, in place, take it as
 * the template, and copy the template into every other page of the chunk.
 *
 * Because the templates are taken after prep_compound_head() has run, the
 * copy loop never has to read back or partly rewrite a struct page it has
 * just written, so it can use streaming (non-temporal) stores throughout
 * and needs a single drain at the end of each chunk.
 *
 * Configurations with pfn-dependent fields (section bits in page->flags)
 * refresh those fields in the template before each copy, so the loop stays
 * one straight copy.
 *
 * Shared verbatim between Linux (mm/) and the zdmemmap lab.
 */
#include "memmap_fast.h"

const char * const memmap_strategy_names[NR_MEMMAP_STRATEGIES] = {
	[MEMMAP_SLOW] = "slow",
	[MEMMAP_TEMPLATE] = "template",
	[MEMMAP_TEMPLATE_NT] = "template-nt",
	[MEMMAP_TEMPLATE_NT_MT] = "template-nt-mt",
};

int memmap_strategy_parse(const char *name)
{
	int i;

	for (i = 0; i < NR_MEMMAP_STRATEGIES; i++)
		if (!strcmp(name, memmap_strategy_names[i]))
			return i;
	return -1;
}

/*
 * Reschedule where the slow path does: on every pfn that starts a section,
 * once per compound whose head it is.  This must not wait for the copies
 * to reach a section boundary: with vmemmap dedup a compound writes only
 * its first struct pages (128 of 512 for order 9), so they never would.
 */
static void memmap_resched_at(unsigned long pfn)
{
	if (IS_ALIGNED(pfn, MEMMAP_HOST_SECTION_PFNS))
		memmap_host_cond_resched();
}

/*
 * Write @tmpl into the struct pages of [lo, hi).  Runs that stay inside one
 * section are filled in one go; pfn-dependent fields force a refresh of the
 * template before each page.
 */
static void memmap_fill_range(const struct memmap_range *r, unsigned long lo,
			      unsigned long hi, struct page *tmpl, bool nt)
{
	unsigned long pfn, next;

	for (pfn = lo; pfn < hi; pfn = next) {
		next = min_t(unsigned long, hi,
			     ALIGN(pfn + 1, MEMMAP_HOST_SECTION_PFNS));
		if (!memmap_host_pfn_dependent(r)) {
			memmap_host_fill(r, memmap_host_page(r, pfn), tmpl,
					 next - pfn, nt);
		} else {
			unsigned long p;

			for (p = pfn; p < next; p++) {
				memmap_host_refresh_pfn(r, tmpl, p);
				memmap_host_fill(r, memmap_host_page(r, p), tmpl,
						 1, nt);
			}
		}
	}
}

/* Order-0 pages (fsdax, devdax align=4K): every page is the same. */
static void memmap_init_chunk_base(const struct memmap_range *r,
				   unsigned long lo, unsigned long hi, bool nt)
{
	struct page *page = memmap_host_page(r, lo);
	unsigned long pfn, next;
	struct page tmpl;

	memmap_host_init_page(r, page, lo);
	memmap_resched_at(lo);
	memmap_host_copy_page(r, &tmpl, page);
	for (pfn = lo + 1; pfn < hi; pfn = next) {
		next = min_t(unsigned long, hi,
			     ALIGN(pfn + 1, MEMMAP_HOST_SECTION_PFNS));
		memmap_fill_range(r, pfn, next, &tmpl, nt);
		if (next < hi)
			memmap_resched_at(next);
	}
}

/*
 * The tails of the compound headed by @head: the first (folio fields), the
 * second and the ordinary ones.  Where prep_compound_head() runs after the
 * tail loop, the second tail keeps the _deferred_list it writes, which
 * points at the tail itself; where it runs right after the first tail, the
 * second tail's own init wipes that, and second and rest are the same.
 */
struct memmap_tail_templates {
	struct page first;
	struct page second;
	struct page rest;
	bool have_second, have_rest;
};

/*
 * Build the first compound of a chunk with the slow path, in place, and
 * take the head and tail templates from it.  Four pages are enough: the
 * head, the first and second tails, and one ordinary tail.  The slow path
 * writes them in its own order (prep_compound_head() included), so the
 * templates are whatever this kernel's memmap_init_compound() leaves.
 */
static void memmap_init_first_compound(const struct memmap_range *r,
				       unsigned long pfn, unsigned long nr,
				       struct page *head_tmpl,
				       struct memmap_tail_templates *tails,
				       bool nt)
{
	struct page *head = memmap_host_page(r, pfn);
	unsigned long built = min_t(unsigned long, nr, 4);

	memmap_host_init_page(r, head, pfn);
	memmap_resched_at(pfn);
	memmap_host_init_compound(r, head, pfn, built);

	memmap_host_copy_page(r, head_tmpl, head);
	memmap_host_copy_page(r, &tails->first,
			      memmap_host_page_add(r, head, 1));
	tails->have_second = built >= 3;
	if (tails->have_second)
		memmap_host_copy_page(r, &tails->second,
				      memmap_host_page_add(r, head, 2));
	tails->have_rest = built == 4;
	if (tails->have_rest)
		memmap_host_copy_page(r, &tails->rest,
				      memmap_host_page_add(r, head, 3));
	memmap_fill_range(r, pfn + built, pfn + nr, &tails->rest, nt);
}

/*
 * Point a tail template at the compound headed by @head.  Where tails hold
 * compound_info as a mask (HVO), it is the same in every compound and the
 * template already has it.
 */
static void memmap_set_compound_head(const struct memmap_range *r,
				     struct page *tmpl, struct page *head)
{
	if (!memmap_host_compound_info_fixed(r))
		memmap_host_set_compound_head(r, tmpl, head);
}

static void memmap_init_chunk_compound(const struct memmap_range *r,
				       unsigned long lo, unsigned long hi,
				       bool nt)
{
	unsigned long nr_pfns = memmap_host_compound_nr(r);
	struct memmap_tail_templates tails;
	struct page head_tmpl;
	unsigned long pfn, nr;
	struct page *head;

	nr = memmap_host_compound_nr_pages(r, lo);
	memmap_init_first_compound(r, lo, nr, &head_tmpl, &tails, nt);

	for (pfn = lo + nr_pfns; pfn < hi; pfn += nr_pfns) {
		nr = memmap_host_compound_nr_pages(r, pfn);
		head = memmap_host_page(r, pfn);
		memmap_resched_at(pfn);

		/*
		 * A compound with more written pages than the first one of
		 * the chunk cannot happen (both counts follow from the same
		 * order), but if it did, the slow path is always right.
		 */
		if (unlikely((nr > 2 && !tails.have_second) ||
			     (nr > 3 && !tails.have_rest))) {
			memmap_host_init_page(r, head, pfn);
			memmap_host_init_compound(r, head, pfn, nr);
			continue;
		}

		memmap_fill_range(r, pfn, pfn + 1, &head_tmpl, nt);
		memmap_set_compound_head(r, &tails.first, head);
		memmap_fill_range(r, pfn + 1, pfn + 2, &tails.first, nt);
		if (nr > 2) {
			struct page *second = memmap_host_page_add(r, head, 2);

			memmap_set_compound_head(r, &tails.second, head);
			memmap_host_refresh_second_tail(r, &tails.second,
							second);
			memmap_fill_range(r, pfn + 2, pfn + 3, &tails.second,
					  nt);
		}
		if (nr > 3) {
			memmap_set_compound_head(r, &tails.rest, head);
			memmap_fill_range(r, pfn + 3, pfn + nr, &tails.rest, nt);
		}
	}
}

/*
 * Initialize [lo, hi), which starts on a compound boundary and holds whole
 * compounds.  Streaming stores are drained before returning, so the caller
 * may read the pages (the pageblock pass does under DEBUG_VM) or hand them
 * to another CPU.
 */
static void memmap_init_chunk(const struct memmap_range *r, unsigned long lo,
			      unsigned long hi, bool nt)
{
	if (lo >= hi)
		return;
	if (memmap_host_compound_nr(r) == 1)
		memmap_init_chunk_base(r, lo, hi, nt);
	else
		memmap_init_chunk_compound(r, lo, hi, nt);
	if (nt)
		memmap_host_nt_drain();
}

/*
 * One worker of MEMMAP_TEMPLATE_NT_MT.  Chunks are claimed dynamically, so
 * a slow CPU delays the whole job by at most one chunk.  Every chunk builds
 * its own templates, so workers share nothing but the chunk counter.
 */
void memmap_mt_worker(struct memmap_mt_job *job)
{
	const struct memmap_range *r = job->range;
	unsigned long nr = r->end_pfn - r->start_pfn;
	unsigned long off, lo, hi;

	for (;;) {
		off = atomic_long_fetch_add(job->chunk_pfns, &job->next);
		if (off >= nr)
			break;
		lo = r->start_pfn + off;
		hi = lo + min_t(unsigned long, job->chunk_pfns, nr - off);
		memmap_init_chunk(r, lo, hi, true);
	}
}

/*
 * Initialize the struct pages of @r with @strategy.  Returns false, having
 * written nothing, when the caller must run the slow path instead: the slow
 * strategy was asked for, the host forbids the fast path right now, or the
 * range is not made of whole compounds.
 */
bool memmap_init_range_fast(const struct memmap_range *r,
			    enum memmap_strategy strategy,
			    unsigned int nr_threads, unsigned long chunk_pfns)
{
	unsigned long nr_pfns = memmap_host_compound_nr(r);
	unsigned long nr = r->end_pfn - r->start_pfn;
	struct memmap_mt_job job;

	if (strategy <= MEMMAP_SLOW || strategy >= NR_MEMMAP_STRATEGIES)
		return false;
	if (!memmap_host_fast_allowed(r))
		return false;
	if (!nr || !IS_ALIGNED(r->start_pfn, nr_pfns) ||
	    !IS_ALIGNED(nr, nr_pfns))
		return false;

	switch (strategy) {
	case MEMMAP_TEMPLATE:
		memmap_init_chunk(r, r->start_pfn, r->end_pfn, false);
		break;
	case MEMMAP_TEMPLATE_NT:
		memmap_init_chunk(r, r->start_pfn, r->end_pfn, true);
		break;
	default:
		if (!chunk_pfns || !IS_ALIGNED(chunk_pfns, nr_pfns))
			chunk_pfns = ALIGN(MEMMAP_HOST_SECTION_PFNS, nr_pfns);
		if (nr_threads > DIV_ROUND_UP(nr, chunk_pfns))
			nr_threads = DIV_ROUND_UP(nr, chunk_pfns);
		if (nr_threads <= 1) {
			memmap_init_chunk(r, r->start_pfn, r->end_pfn, true);
			break;
		}
		job.range = r;
		job.chunk_pfns = chunk_pfns;
		atomic_long_set(&job.next, 0);
		memmap_host_run_workers(&job, nr_threads);
		break;
	}
	return true;
}
