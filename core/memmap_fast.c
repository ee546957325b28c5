// SPDX-License-Identifier: GPL-2.0
/*
 * Template fast path for ZONE_DEVICE memmap initialization.
 *
 * memmap_init_zone_device() writes one struct page per pfn, and on
 * SPARSEMEM_VMEMMAP every struct page of a range is one of a few byte
 * patterns per compound: the head, each tail that struct folio spans
 * (prep_compound_head() writes folio fields into them, and the second one
 * may keep the folio's _deferred_list) and the tails past the folio, which
 * the tail loop alone writes.  Between compounds they differ only in the
 * tails' compound_head word and in the second tail's list pointers.  So
 * instead of building every struct page field by field, build the first
 * compound of a chunk through the unchanged slow path, in place, take it
 * as the template, and copy the template into every other page of the
 * chunk.
 *
 * The templates are taken after prep_compound_head() has run, so the copy
 * loop never reads back or partly rewrites a struct page it has written:
 * memmap_copy_pages() may use streaming stores, ordered once per chunk by
 * memmap_copy_pages_done().
 */
#include <linux/memmap_copy.h>
#include <linux/mm.h>

#include "mm_init.h"

/*
 * Reschedule where the slow path does: on every pfn that starts a section,
 * once per compound whose head it is.  This must not wait for the copies
 * to reach a section boundary: with vmemmap dedup a compound writes only
 * its first struct pages (128 of 512 for order 9), so they never would.
 */
static void memmap_resched_at(unsigned long pfn)
{
	if (IS_ALIGNED(pfn, PAGES_PER_SECTION))
		cond_resched();
}

/* Order-0 pages (fsdax, devdax align=4K): every page is the same. */
static void memmap_init_chunk_base(const struct zone_device_range *r,
				   unsigned long lo, unsigned long hi)
{
	struct page *page = pfn_to_page(lo);
	unsigned long pfn, next;
	struct page tmpl;

	__init_zone_device_page(page, lo, r->zone_idx, r->nid, r->pgmap);
	memmap_resched_at(lo);
	memcpy(&tmpl, page, sizeof(tmpl));
	for (pfn = lo + 1; pfn < hi; pfn = next) {
		next = min_t(unsigned long, hi,
			     ALIGN(pfn + 1, PAGES_PER_SECTION));
		memmap_copy_pages(pfn_to_page(pfn), &tmpl, next - pfn);
		if (next < hi)
			memmap_resched_at(next);
	}
}

/*
 * The templates of a compound: the head, the tails struct folio spans, and
 * the first tail past it, which stands for every later one.  Those later
 * tails are copied from a page prep_compound_head() cannot reach, so a
 * folio field it writes in a future kernel, on any page of the folio,
 * lands on that page's own template and on no other tail.
 */
struct memmap_templates {
	struct page page[MEMMAP_FOLIO_PAGES + 1];
	unsigned long nr;	/* how many of them the first compound had */
};

/*
 * prep_compound_head() writes only folio fields: with struct folio ending
 * on a struct page boundary, none of them is on a tail that the last
 * template stands for.
 */
static_assert(sizeof(struct folio) ==
	      MEMMAP_FOLIO_PAGES * sizeof(struct page));

/*
 * Build the first compound of a chunk with the slow path, in place, and
 * take its templates from it.  The slow path writes them in its own order
 * (prep_compound_head() included), so the templates are whatever this
 * kernel's memmap_init_compound() leaves.
 */
static void memmap_init_first_compound(const struct zone_device_range *r,
				       unsigned long pfn, unsigned long nr,
				       struct memmap_templates *t)
{
	const unsigned long past = MEMMAP_FOLIO_PAGES;	/* past the folio */
	struct page *head = pfn_to_page(pfn);
	unsigned long i;

	t->nr = min_t(unsigned long, nr, past + 1);
	__init_zone_device_page(head, pfn, r->zone_idx, r->nid, r->pgmap);
	memmap_resched_at(pfn);
	memmap_init_compound(head, pfn, r->zone_idx, r->nid, r->pgmap, t->nr);
	for (i = 0; i < t->nr; i++)
		memcpy(&t->page[i], pfn_to_page(pfn + i), sizeof(t->page[i]));
	if (nr > t->nr)
		memmap_copy_pages(pfn_to_page(pfn + t->nr), &t->page[past],
				  nr - t->nr);
}

static void memmap_init_chunk_compound(const struct zone_device_range *r,
				       unsigned long lo, unsigned long hi)
{
	const unsigned long past = MEMMAP_FOLIO_PAGES;
	unsigned int order = r->pgmap->vmemmap_shift;
	unsigned long nr_pfns = pgmap_vmemmap_nr(r->pgmap);
	struct memmap_templates t;
	unsigned long pfn, nr, i;
	struct page *head;

	nr = compound_nr_pages(lo, r->altmap, r->pgmap);
	memmap_init_first_compound(r, lo, nr, &t);

	for (pfn = lo + nr_pfns; pfn < hi; pfn += nr_pfns) {
		nr = compound_nr_pages(pfn, r->altmap, r->pgmap);
		head = pfn_to_page(pfn);
		memmap_resched_at(pfn);

		/*
		 * A compound with more written pages than the first one of
		 * the chunk cannot happen (both counts follow from the same
		 * order), but if it did, the slow path is always right.
		 */
		if (unlikely(nr > t.nr && t.nr <= past)) {
			__init_zone_device_page(head, pfn, r->zone_idx, r->nid,
						r->pgmap);
			memmap_init_compound(head, pfn, r->zone_idx, r->nid,
					     r->pgmap, nr);
			continue;
		}

		memmap_copy_pages(head, &t.page[0], 1);
		for (i = 1; i < nr; i++) {
			struct page *tmpl = &t.page[min(i, past)];

			prep_compound_tail_template(tmpl, head, i, order);
			if (i < past) {
				memmap_copy_pages(pfn_to_page(pfn + i), tmpl, 1);
				continue;
			}
			memmap_copy_pages(pfn_to_page(pfn + i), tmpl, nr - i);
			break;
		}
	}
}

/*
 * Initialize [lo, hi), which starts on a compound boundary and holds whole
 * compounds.  The copies are ordered before returning, so the caller may
 * read the pages (the pageblock pass does under DEBUG_VM) or hand them to
 * another CPU.
 */
static void memmap_init_chunk(const struct zone_device_range *r,
			      unsigned long lo, unsigned long hi)
{
	if (pgmap_vmemmap_nr(r->pgmap) == 1)
		memmap_init_chunk_base(r, lo, hi);
	else
		memmap_init_chunk_compound(r, lo, hi);
	memmap_copy_pages_done();
}

/*
 * padata's thread_fn for zone_device_init_mt(): [start_pfn, end_pfn) of
 * the range at @range, whole compounds.  Every part builds its own
 * templates, so the CPUs share nothing but padata's job.
 */
void zone_device_init_part(unsigned long start_pfn, unsigned long end_pfn,
			   void *range)
{
	memmap_init_chunk(range, start_pfn, end_pfn);
}

/*
 * Initialize the struct pages of @r from templates.  Returns false, having
 * written nothing, when the caller must run the slow path instead: copies
 * would not be exact on this configuration right now, or the range is not
 * made of whole compounds.
 */
bool zone_device_init_fast(const struct zone_device_range *r)
{
	unsigned long nr_pfns = pgmap_vmemmap_nr(r->pgmap);
	unsigned long nr = r->end_pfn - r->start_pfn;

	if (!memmap_template_usable())
		return false;
	if (!nr || !IS_ALIGNED(r->start_pfn, nr_pfns) ||
	    !IS_ALIGNED(nr, nr_pfns))
		return false;
	if (!zone_device_init_mt(r))
		memmap_init_chunk(r, r->start_pfn, r->end_pfn);
	return true;
}
