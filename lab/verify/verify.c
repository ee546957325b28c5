// SPDX-License-Identifier: GPL-2.0
/* verify.c - byte comparison, field names and invariants. */
#include "verify.h"

#include <string.h>

#include "mm_init.h"
#include "page.h"

struct field {
	unsigned int off, len;
	const char *name;
};

static const struct field page_fields[] = {
	{ 0, 8, "flags" },
	{ 8, 8, "pgmap/lru.next" },
	{ 16, 8, "zone_device_data/lru.prev" },
	{ 24, 8, "mapping" },
	{ 32, 8, "index" },
	{ 40, 8, "private" },
	{ 48, 4, "_mapcount" },
	{ 52, 4, "_refcount" },
};

static const struct field tail_fields[] = {
	{ 0, 8, "flags" },
	{ 8, 8, "compound_head" },
	{ 16, 8, "zone_device_data" },
	{ 24, 8, "mapping" },
	{ 32, 8, "index" },
	{ 40, 8, "private" },
	{ 48, 4, "_mapcount" },
	{ 52, 4, "_refcount" },
};

static const struct field folio1_fields[] = {
	{ 0, 8, "_flags_1" },
	{ 8, 8, "_head_1" },
	{ 16, 4, "_large_mapcount" },
	{ 20, 4, "_entire_mapcount" },
	{ 24, 4, "_nr_pages_mapped" },
	{ 28, 4, "_pincount" },
	{ 32, 4, "_folio_nr_pages" },
	{ 36, 4, "index(upper)" },
	{ 40, 8, "private" },
	{ 48, 4, "_mapcount" },
	{ 52, 4, "_refcount" },
};

/* 7.3 (kernel.h, ZDM_FOLIO_7_3); _nr_pages at 56 is named below */
static const struct field folio1_fields_7_3[] = {
	{ 0, 8, "_flags_1" },
	{ 8, 8, "_head_1" },
	{ 16, 4, "_large_mapcount" },
	{ 20, 4, "_nr_pages_mapped" },
	{ 24, 4, "_entire_mapcount" },
	{ 28, 4, "_pincount" },
	{ 32, 4, "_mm_id_mapcount[0]" },
	{ 36, 4, "_mm_id_mapcount[1]" },
	{ 40, 8, "_mm_ids" },
	{ 48, 4, "_mapcount" },
	{ 52, 4, "_refcount" },
};

/* 7.3 keeps the _deferred_list that prep_compound_head() writes here */
static const struct field folio2_fields_7_3[] = {
	{ 0, 8, "_flags_2" },
	{ 8, 8, "_head_2" },
	{ 16, 8, "_deferred_list.next" },
	{ 24, 8, "_deferred_list.prev" },
	{ 32, 8, "index" },
	{ 40, 8, "private" },
	{ 48, 4, "_mapcount" },
	{ 52, 4, "_refcount" },
};

#define FIELDS(t)	(*f = (t), *n = sizeof(t) / sizeof((t)[0]))

static const char *role_fields(const struct zdm_instance *in,
			       unsigned long pfn, const struct field **f,
			       size_t *n)
{
	unsigned long nr = 1UL << in->sc.vmemmap_shift;
	unsigned long idx = (pfn - zdm_scenario_init_start(&in->sc)) & (nr - 1);
	bool v73 = in->mm.layout->k->folio == ZDM_FOLIO_7_3;

	if (nr == 1 || idx == 0) {
		FIELDS(page_fields);
		return nr == 1 ? "page" : "head";
	}
	if (idx == 1) {
		if (v73)
			FIELDS(folio1_fields_7_3);
		else
			FIELDS(folio1_fields);
		return "tail1";
	}
	if (idx == 2 && in->mm.layout->k->prep_head_after_tails) {
		FIELDS(folio2_fields_7_3);
		return "tail2";
	}
	FIELDS(tail_fields);
	return "tail";
}

const char *zdm_field_name(const struct zdm_instance *in, unsigned long pfn,
			   unsigned int off, unsigned int *field_off,
			   unsigned int *field_len)
{
	const struct page_layout *l = in->mm.layout;
	const struct field *f;
	size_t n;

	role_fields(in, pfn, &f, &n);
	for (size_t i = 0; i < n; i++)
		if (off >= f[i].off && off < f[i].off + f[i].len) {
			*field_off = f[i].off;
			*field_len = f[i].len;
			return f[i].name;
		}
	*field_len = 8;
	*field_off = off & ~7u;
	if (l->off_memcg_data != ZDM_NO_FIELD && off >= l->off_memcg_data &&
	    off < l->off_memcg_data + 8) {
		if (l->nr_pages_in_folio && off < l->off_memcg_data + 4 &&
		    !strcmp(role_fields(in, pfn, &f, &n), "tail1")) {
			*field_len = 4;
			return "_nr_pages";
		}
		return "memcg_data";
	}
	if (l->off_last_cpupid != ZDM_NO_FIELD && off >= l->off_last_cpupid &&
	    off < l->off_last_cpupid + 4) {
		*field_off = l->off_last_cpupid;
		*field_len = 4;
		return "_last_cpupid";
	}
	if (l->off_kmsan != ZDM_NO_FIELD && off >= l->off_kmsan &&
	    off < l->off_kmsan + 16)
		return off < l->off_kmsan + 8 ? "kmsan_shadow" : "kmsan_origin";
	return "padding";
}

static unsigned long read_field(const struct page *p, unsigned int off,
				unsigned int len)
{
	return len == 4 ? page_u32(p, off) : page_word(p, off);
}

static void add(struct zdm_verify_report *rep, unsigned long pfn,
		const char *role, const char *field, unsigned long expected,
		unsigned long actual)
{
	rep->mismatches++;
	if (rep->kept < ZDM_VERIFY_KEEP) {
		struct zdm_mismatch *m = &rep->m[rep->kept++];

		m->pfn = pfn;
		snprintf(m->field, sizeof(m->field), "%s.%s", role, field);
		m->expected = expected;
		m->actual = actual;
	}
}

void zdm_compare(const struct zdm_instance *expected,
		 const struct zdm_instance *actual,
		 struct zdm_verify_report *rep)
{
	const struct page_layout *l = expected->mm.layout;
	const struct zdm_memmap *em = &expected->mm, *am = &actual->mm;
	unsigned long words = em->nr_sections * layout_usemap_longs(l);

	for (unsigned long pfn = em->first_pfn;
	     pfn < em->first_pfn + em->nr_pfns; pfn++) {
		const struct page *e = zdm_pfn_to_page(em, pfn);
		const struct page *a = zdm_pfn_to_page(am, pfn);
		unsigned int off = 0;

		rep->pages++;
		if (!memcmp(e, a, l->page_size))
			continue;
		while (off < l->page_size) {
			unsigned int foff, flen;
			const struct field *f;
			size_t n;
			const char *role = role_fields(expected, pfn, &f, &n);
			const char *name;

			if (!memcmp((const unsigned char *)e + off,
				    (const unsigned char *)a + off, 1)) {
				off++;
				continue;
			}
			name = zdm_field_name(expected, pfn, off, &foff, &flen);
			add(rep, pfn, role, name, read_field(e, foff, flen),
			    read_field(a, foff, flen));
			off = foff + flen;
		}
	}
	for (unsigned long w = 0; w < words; w++)
		if (em->usemap[w] != am->usemap[w]) {
			unsigned long per_word = 64 / l->nr_pageblock_bits;
			unsigned long s = w / layout_usemap_longs(l);
			unsigned long blk = (w % layout_usemap_longs(l)) * per_word;
			unsigned long pfn = ((em->first_section + s) <<
					     ZDM_PFN_SECTION_SHIFT) +
					    (blk << l->pageblock_order);

			add(rep, pfn, "pageblock", "usemap word",
			    em->usemap[w], am->usemap[w]);
		}
}

void zdm_rule(struct zdm_verify_report *rep, bool ok, unsigned long pfn,
	      const char *role, const char *what, unsigned long expected,
	      unsigned long actual)
{
	if (!ok)
		add(rep, pfn, role, what, expected, actual);
}

/* its old name, for the many calls below */
#define rule zdm_rule

static void check_page(const struct zdm_instance *in, unsigned long pfn,
		       unsigned long head_pfn, struct zdm_verify_report *rep)
{
	const struct zdm_memmap *mm = &in->mm;
	const struct page_layout *l = mm->layout;
	const struct page *p = zdm_pfn_to_page(mm, pfn);
	unsigned long f = page_flags(p), idx = pfn - head_pfn;
	unsigned long zone = (f >> l->zones_pgshift) & layout_zones_mask(l);
	unsigned long node = (f >> l->nodes_pgshift) & layout_nodes_mask(l);
	bool compound = in->sc.vmemmap_shift > 0;
	const char *role = !compound ? "page" : !idx ? "head" :
			   idx == 1 ? "tail1" : "tail";
	unsigned int order = in->sc.vmemmap_shift;
	unsigned long info;

	rule(rep, zone == in->sc.zone_idx, pfn, role, "rule:zone",
	     in->sc.zone_idx, zone);
	rule(rep, node == ((unsigned long)in->sc.nid & layout_nodes_mask(l)),
	     pfn, role, "rule:node", in->sc.nid, node);
	rule(rep, f >> l->pg_reserved & 1, pfn, role, "rule:PG_reserved", 1, 0);
	rule(rep, page_u32(p, PAGE_OFF_MAPCOUNT) == 0xffffffffu, pfn, role,
	     "rule:_mapcount", 0xffffffffu, page_u32(p, PAGE_OFF_MAPCOUNT));
	if (!idx) {
		unsigned long ref = zone_device_page_init_refcount(l,
								   in->sc.type);

		rule(rep, !!(f >> l->pg_head & 1) == compound, pfn, role,
		     "rule:PG_head", compound, f >> l->pg_head & 1);
		rule(rep, page_word(p, PAGE_OFF_LRU_NEXT) == in->sc.pgmap_kaddr,
		     pfn, role, "rule:pgmap", in->sc.pgmap_kaddr,
		     page_word(p, PAGE_OFF_LRU_NEXT));
		rule(rep, page_u32(p, PAGE_OFF_REFCOUNT) == ref, pfn, role,
		     "rule:_refcount", ref, page_u32(p, PAGE_OFF_REFCOUNT));
		return;
	}
	info = compound_info(mm, zdm_pfn_to_page(mm, head_pfn), order);
	rule(rep, page_word(p, PAGE_OFF_LRU_NEXT) == info, pfn, role,
	     "rule:compound_head", info, page_word(p, PAGE_OFF_LRU_NEXT));
	rule(rep, page_u32(p, PAGE_OFF_REFCOUNT) == 0, pfn, role,
	     "rule:_refcount", 0, page_u32(p, PAGE_OFF_REFCOUNT));
	if (idx == 1) {
		unsigned int nr_off = l->k->folio == ZDM_FOLIO_6_12 ?
			FOLIO1_OFF_FOLIO_NR_PAGES : FOLIO1_73_OFF_NR_PAGES;

		rule(rep, (f & 0xff) == order, pfn, role, "rule:folio order",
		     order, f & 0xff);
		if (l->k->folio == ZDM_FOLIO_6_12 || l->nr_pages_in_folio)
			rule(rep, page_u32(p, nr_off) == 1u << order, pfn,
			     role, "rule:folio nr_pages", 1u << order,
			     page_u32(p, nr_off));
	} else if (idx == 2 && l->k->prep_head_after_tails) {
		unsigned long self = zdm_page_kaddr(mm, p) +
				     FOLIO2_OFF_DEFERRED_LIST;

		rule(rep, page_word(p, FOLIO2_OFF_DEFERRED_LIST) == self, pfn,
		     role, "rule:_deferred_list", self,
		     page_word(p, FOLIO2_OFF_DEFERRED_LIST));
	} else {
		rule(rep, page_word(p, PAGE_OFF_MAPPING) == l->tail_mapping,
		     pfn, role, "rule:TAIL_MAPPING", l->tail_mapping,
		     page_word(p, PAGE_OFF_MAPPING));
	}
}

void zdm_check_invariants(const struct zdm_instance *in,
			  struct zdm_verify_report *rep)
{
	const struct zdm_memmap *mm = &in->mm;
	unsigned long nr = 1UL << in->sc.vmemmap_shift;
	unsigned long start = zdm_scenario_init_start(&in->sc);
	unsigned long end = in->sc.start_pfn + in->sc.nr_pages;
	unsigned long blk = layout_pageblock_nr(mm->layout);
	struct vmem_altmap *altmap = pgmap_altmap((struct dev_pagemap *)&in->pgmap);

	if (in->sc.init != ZDM_INIT_ZONE_DEVICE) {
		zdm_check_ram_invariants(in, rep);
		return;
	}
	for (unsigned long head = start; head < end; head += nr) {
		unsigned long written = nr == 1 ? 1 :
			compound_nr_pages(mm, head, altmap,
					  (struct dev_pagemap *)&in->pgmap);

		for (unsigned long pfn = head; pfn < head + written; pfn++)
			check_page(in, pfn, head, rep);
	}
	for (unsigned long pfn = (start + blk - 1) & ~(blk - 1); pfn < end;
	     pfn += blk)
		rule(rep, get_pageblock_migratetype(mm, pfn) ==
		     ZDM_MIGRATE_MOVABLE, pfn, "pageblock", "rule:migratetype",
		     ZDM_MIGRATE_MOVABLE, get_pageblock_migratetype(mm, pfn));
}

int zdm_verify_scenario(const struct zdm_scenario *sc,
			const struct page_layout *l,
			const struct zdm_run_opts *opts, unsigned long seed,
			struct zdm_verify_report *rep)
{
	/*
	 * Through the same free, when the case goes on to free the pages: in
	 * one pass or two, the end must be today's.  One pass stopped before
	 * the free is held to the patched kernel's slow loop for it.
	 */
	struct zdm_run_opts slow = {
		.strategy = MEMMAP_SLOW,
		.free_pages = opts->free_pages,
		.free_list = opts->free_list,
		.free_list_prev = opts->free_list_prev,
		.fused = opts->fused && !opts->free_pages,
	};
	struct zdm_instance ref, fast;

	if (zdm_instance_create(&ref, sc, l, seed))
		return -1;
	if (zdm_instance_create(&fast, sc, l, seed)) {
		zdm_instance_destroy(&ref);
		return -1;
	}
	zdm_instance_run(&ref, &slow);
	zdm_instance_run(&fast, opts);
	zdm_check_invariants(&ref, rep);
	zdm_compare(&ref, &fast, rep);
	zdm_instance_destroy(&fast);
	zdm_instance_destroy(&ref);
	return rep->mismatches ? 1 : 0;
}

void zdm_report_print(FILE *f, const struct zdm_verify_report *rep)
{
	for (unsigned int i = 0; i < rep->kept; i++)
		fprintf(f, "  pfn 0x%lx %s: expected 0x%lx, got 0x%lx\n",
			rep->m[i].pfn, rep->m[i].field, rep->m[i].expected,
			rep->m[i].actual);
	if (rep->mismatches > rep->kept)
		fprintf(f, "  ... and %lu more\n", rep->mismatches - rep->kept);
}
