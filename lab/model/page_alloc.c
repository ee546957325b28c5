// SPDX-License-Identifier: GPL-2.0
/* page_alloc.c - the memmap side of freeing fresh pages to the buddy. */
#include "page_alloc.h"

#include "mm_init.h"
#include "mm_init_ram.h"
#include "page.h"

unsigned long zdm_free_area_size(const struct page_layout *l)
{
	/*
	 * enum migratetype: UNMOVABLE, MOVABLE, RECLAIMABLE, HIGHATOMIC, CMA
	 * with CONFIG_CMA, ISOLATE (MEMORY_HOTPLUG selects MEMORY_ISOLATION)
	 */
	unsigned long migrate_types = layout_migrate_isolate(l) + 1;

	return migrate_types * 2 * sizeof(unsigned long) + sizeof(unsigned long);
}

void zdm_free_area_init(struct zdm_free_area *fa, const struct zdm_memmap *mm,
			unsigned long max_list, unsigned long max_prev)
{
	unsigned int max = mm->layout->max_page_order;
	unsigned long size = zdm_free_area_size(mm->layout);

	*fa = (struct zdm_free_area){ .mm = mm };
	for (unsigned int o = 0; o <= max; o++) {
		fa->head[o] = max_list - (max - o) * size;
		fa->next[o] = fa->prev[o] = fa->head[o];
	}
	/*
	 * The list's first entry is outside the range too, and nothing here
	 * reads it: the head's next only has to be other than the head.
	 */
	if (max_prev)
		fa->next[max] = fa->prev[max] = max_prev;
}

static unsigned int max_order(const struct zdm_free_area *fa)
{
	return fa->mm->layout->max_page_order;
}

/*
 * The struct page whose lru is at kernel address @lru, if this memmap has
 * it; NULL for anything else (a list head, or an entry outside the range).
 */
static struct page *lru_page(const struct zdm_free_area *fa, unsigned long lru)
{
	const struct zdm_memmap *mm = fa->mm;
	unsigned long size = mm->layout->page_size;
	unsigned long first = mm->vmemmap_start + mm->first_pfn * size;
	unsigned long off = lru - PAGE_OFF_LRU_NEXT - first;

	if (lru < first + PAGE_OFF_LRU_NEXT || off % size ||
	    off / size >= mm->nr_pfns)
		return NULL;
	return zdm_pfn_to_page(mm, mm->first_pfn + off / size);
}

/* which: 0 for lru.next, 1 for lru.prev */
static void lru_set(struct zdm_free_area *fa, unsigned long lru, int which,
		    unsigned long v)
{
	struct page *p = lru_page(fa, lru);

	if (p) {
		page_set_word(p, which ? PAGE_OFF_LRU_PREV : PAGE_OFF_LRU_NEXT,
			      v);
		return;
	}
	for (unsigned int o = 0; o <= max_order(fa); o++) {
		if (fa->head[o] == lru) {
			if (which)
				fa->prev[o] = v;
			else
				fa->next[o] = v;
			return;
		}
	}
	/* an entry outside this memmap: not part of what is modelled */
}

static unsigned long page_lru(const struct zdm_free_area *fa, struct page *p)
{
	return zdm_page_kaddr(fa->mm, p) + PAGE_OFF_LRU_NEXT;
}

/* include/linux/list.h: __list_add(new, head->prev, head) */
static void list_add_tail(struct zdm_free_area *fa, struct page *page,
			  unsigned int order)
{
	unsigned long new = page_lru(fa, page), head = fa->head[order];
	unsigned long prev = fa->prev[order];

	fa->prev[order] = new;
	page_set_word(page, PAGE_OFF_LRU_NEXT, head);
	page_set_word(page, PAGE_OFF_LRU_PREV, prev);
	lru_set(fa, prev, 0, new);
}

/* list_del(): unlink, then poison the entry's own links */
static void list_del(struct zdm_free_area *fa, struct page *page)
{
	unsigned long next = page_word(page, PAGE_OFF_LRU_NEXT);
	unsigned long prev = page_word(page, PAGE_OFF_LRU_PREV);

	lru_set(fa, next, 1, prev);
	lru_set(fa, prev, 0, next);
	page_set_word(page, PAGE_OFF_LRU_NEXT, ZDM_LIST_POISON1);
	page_set_word(page, PAGE_OFF_LRU_PREV, ZDM_LIST_POISON2);
}

static bool PageBuddy(const struct page *page)
{
	return page_u32(page, PAGE_OFF_MAPCOUNT) >> 24 == ZDM_PGTY_BUDDY;
}

/* set_buddy_order(): page_private is the order, the type PG_buddy */
static void set_buddy_order(struct page *page, unsigned int order)
{
	page_set_word(page, PAGE_OFF_PRIVATE, order);
	page_set_u32(page, PAGE_OFF_MAPCOUNT, (uint32_t)ZDM_PGTY_BUDDY << 24);
}

/* __del_page_from_free_list(): no page here was ever reported */
static void del_page_from_free_list(struct zdm_free_area *fa,
				    struct page *page)
{
	list_del(fa, page);
	page_set_u32(page, PAGE_OFF_MAPCOUNT, UINT32_MAX);	/* no type */
	page_set_word(page, PAGE_OFF_PRIVATE, 0);
}

/*
 * find_buddy_page_pfn(): the buddy is free at this order, in the same
 * zone.  Every page freed in one run has the same migratetype, so the
 * check __free_one_page() makes from pageblock_order on always passes.
 */
static struct page *find_buddy(const struct zdm_free_area *fa,
			       unsigned long pfn, unsigned int order,
			       const struct page *page)
{
	const struct zdm_memmap *mm = fa->mm;
	const struct page_layout *l = mm->layout;
	unsigned long buddy_pfn = pfn ^ (1UL << order);
	/* page_zone_id(): the node and zone bits of page->flags */
	unsigned long zmask = layout_zones_mask(l) << l->zones_pgshift |
			      layout_nodes_mask(l) << l->nodes_pgshift;
	struct page *buddy;

	if (buddy_pfn < mm->first_pfn || buddy_pfn >= mm->first_pfn +
	    mm->nr_pfns)
		return NULL;
	buddy = zdm_pfn_to_page(mm, buddy_pfn);
	if (!PageBuddy(buddy) || page_word(buddy, PAGE_OFF_PRIVATE) != order)
		return NULL;
	if ((page_flags(buddy) ^ page_flags(page)) & zmask)
		return NULL;
	return buddy;
}

/* __free_one_page() with FPI_TO_TAIL, as __free_pages_core() frees */
static void __free_one_page(struct zdm_free_area *fa, struct page *page,
			    unsigned long pfn, unsigned int order)
{
	while (order < max_order(fa)) {
		struct page *buddy = find_buddy(fa, pfn, order, page);
		unsigned long combined_pfn;

		if (!buddy)
			break;
		del_page_from_free_list(fa, buddy);
		combined_pfn = pfn & ~(1UL << order);
		page = zdm_pfn_to_page(fa->mm, combined_pfn);
		pfn = combined_pfn;
		order++;
	}
	set_buddy_order(page, order);
	list_add_tail(fa, page, order);
}

/* split_large_buddy(): blocks above pageblock_order go in pageblocks */
static void split_large_buddy(struct zdm_free_area *fa, unsigned long pfn,
			      unsigned int order)
{
	unsigned long end = pfn + (1UL << order);
	unsigned int pb_order = fa->mm->layout->pageblock_order;

	if (order > pb_order)
		order = pb_order;
	for (; pfn < end; pfn += 1UL << order)
		__free_one_page(fa, zdm_pfn_to_page(fa->mm, pfn), pfn, order);
}

/*
 * __free_pages_prepare() for a fresh, non-compound block: every page loses
 * PAGE_FLAGS_CHECK_AT_PREP (page flags but PG_hwpoison, the LRU
 * generation and refs bits: of those a fresh page has none set, so all
 * its page flags are cleared); the head loses its private.  7.3 also
 * resets the head's page type, but a fresh page has none by now
 * (__ClearPageOffline() took it, or boot never set one).
 */
static void free_pages_prepare(struct zdm_free_area *fa, struct page *page,
			       unsigned int order)
{
	const struct page_layout *l = fa->mm->layout;
	unsigned long check = (1UL << l->nr_pageflags) - 1;
	struct page *p = page;

	for (unsigned long i = 1; i < 1UL << order; i++) {
		p = zdm_page_add(fa->mm, p, 1);
		page_set_flags(p, page_flags(p) & ~check);
	}
	page_set_flags(page, page_flags(page) & ~check);
	page_set_word(page, PAGE_OFF_PRIVATE, 0);
}

void __free_pages_core(struct zdm_free_area *fa, unsigned long pfn,
		       unsigned int order, bool hotplug)
{
	const struct zdm_memmap *mm = fa->mm;
	const struct page_layout *l = mm->layout;
	struct page *page = zdm_pfn_to_page(mm, pfn);
	struct page *p = page;

	for (unsigned long i = 0; i < 1UL << order;
	     i++, p = zdm_page_add(mm, p, 1)) {
		if (hotplug)
			__ClearPageOffline(p);
		else
			page_set_flags(p, page_flags(p) &
					  ~(1UL << l->pg_reserved));
		set_page_count(p, 0);
	}
	free_pages_prepare(fa, page, order);
	split_large_buddy(fa, pfn, order);
}

bool zdm_fresh_pages_prepare;
unsigned long zdm_prepares_skipped;

void __free_pages_core_prepared(struct zdm_free_area *fa, unsigned long pfn,
				unsigned int order)
{
	if (zdm_fresh_pages_prepare)
		free_pages_prepare(fa, zdm_pfn_to_page(fa->mm, pfn), order);
	else
		__atomic_fetch_add(&zdm_prepares_skipped, 1, __ATOMIC_RELAXED);
	split_large_buddy(fa, pfn, order);
}

static void free_fresh(struct zdm_free_area *fa, unsigned long pfn,
		       unsigned int order, bool hotplug, bool prepared)
{
	if (prepared)
		__free_pages_core_prepared(fa, pfn, order);
	else
		__free_pages_core(fa, pfn, order, hotplug);
}

void deferred_free_pages(struct zdm_free_area *fa, unsigned long pfn,
			 unsigned long nr_pages, bool prepared)
{
	unsigned int max = max_order(fa);

	if (!nr_pages)
		return;
	pageblock_migratetype_init_range(fa->mm, pfn, nr_pages,
					 ZDM_MIGRATE_MOVABLE);
	if (nr_pages == 1UL << max && !(pfn & (nr_pages - 1))) {
		free_fresh(fa, pfn, max, false, prepared);
		return;
	}
	for (unsigned long i = 0; i < nr_pages; i++)
		free_fresh(fa, pfn + i, 0, false, prepared);
}

void online_pages_range(struct zdm_free_area *fa, unsigned long start_pfn,
			unsigned long nr_pages, bool prepared)
{
	const unsigned long end_pfn = start_pfn + nr_pages;
	unsigned int max = max_order(fa);
	unsigned long pfn = start_pfn;

	/* the largest aligned order, as online_pages_range() */
	while (pfn < end_pfn) {
		unsigned int order = pfn ? (unsigned int)__builtin_ctzl(pfn) :
				   max;

		if (order > max)
			order = max;
		while (pfn + (1UL << order) > end_pfn)
			order--;
		free_fresh(fa, pfn, order, true, prepared);
		pfn += 1UL << order;
	}
}
