// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_kconfig.c - libFuzzer harness for kconfig.c and layout.c.  The
 * input, up to its first NUL, is read as a .config and, when that works,
 * turned into a page_layout.  Checked:
 *
 * - the parsed symbols, written back as .config text ("CONFIG_X=v" and
 *   "# CONFIG_X is not set"), parse to the same symbols, and that text
 *   gives the same page_layout (or fails with the same reason) as the
 *   original; so does the text without the lines that later lines
 *   override; a text kconfig.c refuses is refused by page_layout_parse();
 * - a derived layout is sane: struct page of 56..96 bytes in steps of 8,
 *   the page->flags fields packed down from bit 63 without overlapping
 *   each other or the NR_PAGEFLAGS bits, the members past _refcount inside
 *   struct page, pageblock_order within a section;
 * - when the layout allows the fast path (no KASAN, no KMSAN), small
 *   scenarios (orders 0, 2 and 9, map=mem and map=dev with an altmap,
 *   across a section boundary) give byte-identical vmemmaps and pageblock
 *   bitmaps with slow, template and template-nt, the slow result keeps
 *   verify.c's rules, and (with ZDM_NT_CHECK) no plain access touches a
 *   line with streaming stores in flight, up to and including the
 *   caller's first read after the run.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fill.h"
#include "kconfig.h"
#include "layout.h"
#include "nt_check.h"
#include "scenario.h"
#include "verify.h"

static const char *input;	/* for the report */

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2),
							noreturn));

static void report(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_kconfig: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n--- input ---\n%s\n--- end ---\n", input);
	__builtin_trap();
}

/* Every member of struct page_layout, for the field-by-field report. */
#define LAYOUT_FIELDS(X)						\
	X(nr_pageflags) X(max_nr_zones) X(zone_device) X(nr_cpus_bits)	\
	X(sections_width) X(sections_pgshift) X(nodes_shift)		\
	X(nodes_width) X(nodes_pgshift) X(zones_width) X(zones_pgshift)	\
	X(last_cpupid_shift) X(last_cpupid_width)			\
	X(last_cpupid_pgshift) X(kasan_tag_width) X(kasan_tag_pgshift)	\
	X(lru_gen_width) X(numa_balancing) X(last_cpupid_not_in_flags)	\
	X(section_in_flags) X(pg_head) X(pg_reserved) X(page_size)	\
	X(off_memcg_data) X(off_last_cpupid) X(off_kmsan)		\
	X(tail_mapping) X(pageblock_order) X(optimize_dax_vmemmap)	\
	X(kasan) X(kmsan) X(x86_5level) X(kernel) X(nr_pageblock_bits)	\
	X(pageblock_mask) X(compound_info_mask) X(mm_id)		\
	X(nr_pages_in_folio)

static void print_layout(const struct page_layout *l)
{
#define PRINT(f) fprintf(stderr, "  %s = 0x%lx\n", #f, (unsigned long)l->f);
	LAYOUT_FIELDS(PRINT)
#undef PRINT
}

static void same_layout(const struct page_layout *a,
			const struct page_layout *b)
{
	if (!memcmp(a, b, sizeof(*a)))
		return;
#define DIFF(f)								\
	if (a->f != b->f)						\
		fprintf(stderr, "  %s: 0x%lx, then 0x%lx\n", #f,	\
			(unsigned long)a->f, (unsigned long)b->f);
	LAYOUT_FIELDS(DIFF)
#undef DIFF
	report("a written-back .config gives another page_layout");
}

/* Is symbol @i set again by a later line? */
static bool overridden(const struct kconfig *kc, size_t i)
{
	for (size_t j = i + 1; j < kc->nr; j++)
		if (!strcmp(kc->syms[i].name, kc->syms[j].name))
			return true;
	return false;
}

/*
 * The symbols as a .config, in their order; with @last_only, only the line
 * that wins for each symbol (later lines win).
 */
static char *kconfig_write(const struct kconfig *kc, bool last_only)
{
	size_t len = 1, off = 0;
	char *buf;

	for (size_t i = 0; i < kc->nr; i++)
		len += strlen(kc->syms[i].name) + 32 +
		       (kc->syms[i].value ? strlen(kc->syms[i].value) : 0);
	buf = malloc(len);
	if (!buf)
		abort();
	buf[0] = '\0';
	for (size_t i = 0; i < kc->nr; i++) {
		const struct kconfig_sym *s = &kc->syms[i];

		if (last_only && overridden(kc, i))
			continue;
		if (s->value)
			off += snprintf(buf + off, len - off, "CONFIG_%s=%s\n",
					s->name, s->value);
		else
			off += snprintf(buf + off, len - off,
					"# CONFIG_%s is not set\n", s->name);
	}
	return buf;
}

static void same_symbols(const struct kconfig *a, const struct kconfig *b)
{
	if (a->nr != b->nr)
		report("%zu symbols, %zu after writing them back", a->nr,
		       b->nr);
	for (size_t i = 0; i < a->nr; i++) {
		const struct kconfig_sym *x = &a->syms[i], *y = &b->syms[i];

		if (strcmp(x->name, y->name) ||
		    !x->value != !y->value ||
		    (x->value && strcmp(x->value, y->value)))
			report("symbol %zu: CONFIG_%s=%s, written back "
			       "CONFIG_%s=%s", i, x->name,
			       x->value ? x->value : "(not set)", y->name,
			       y->value ? y->value : "(not set)");
	}
}

/* A page->flags field: [shift, shift + width), or absent (0/0). */
struct flags_field {
	const char *name;
	unsigned int width, shift;
};

static void check_flags_fields(const struct page_layout *l)
{
	const struct flags_field f[] = {
		{ "sections", l->sections_width, l->sections_pgshift },
		{ "nodes", l->nodes_width, l->nodes_pgshift },
		{ "zones", l->zones_width, l->zones_pgshift },
		{ "last_cpupid", l->last_cpupid_width,
		  l->last_cpupid_pgshift },
		{ "kasan_tag", l->kasan_tag_width, l->kasan_tag_pgshift },
	};
	const size_t n = sizeof(f) / sizeof(f[0]);
	unsigned int total = 0;

	for (size_t i = 0; i < n; i++)
		total += f[i].width;
	if (total + l->lru_gen_width > 64 - l->nr_pageflags)
		report("page->flags fields take %u + %u (LRU_GEN) bits, "
		       "above %u page flags", total, l->lru_gen_width,
		       l->nr_pageflags);
	for (size_t i = 0; i < n; i++) {
		if (!f[i].width) {
			if (f[i].shift)
				report("%s: no width, shift %u", f[i].name,
				       f[i].shift);
			continue;
		}
		/* packed down from bit 63: inside [64 - total, 64) */
		if (f[i].shift < 64 - total || f[i].shift + f[i].width > 64 ||
		    f[i].shift < l->nr_pageflags)
			report("%s: bits %u..%u, outside %u..63 or on the %u "
			       "page flags", f[i].name, f[i].shift,
			       f[i].shift + f[i].width - 1, 64 - total,
			       l->nr_pageflags);
		for (size_t j = 0; j < i; j++)
			if (f[j].width && f[i].shift < f[j].shift + f[j].width &&
			    f[j].shift < f[i].shift + f[i].width)
				report("%s (%u+%u) overlaps %s (%u+%u)",
				       f[i].name, f[i].shift, f[i].width,
				       f[j].name, f[j].shift, f[j].width);
	}
}

/* A member of struct page past _refcount: inside it, not overlapping. */
static void check_member(const struct page_layout *l, const char *name,
			 unsigned int off, unsigned int len, bool present,
			 unsigned int *used)
{
	if (!present) {
		if (off != ZDM_NO_FIELD)
			report("%s at %u, but the config has none", name, off);
		return;
	}
	if (off == ZDM_NO_FIELD || off < 56 || off + len > l->page_size ||
	    off % len)
		report("%s at %u (%u bytes) in a %u-byte struct page", name,
		       off, len, l->page_size);
	if (off < *used)
		report("%s at %u overlaps the member before it", name, off);
	*used = off + len;
}

static void check_layout(const struct page_layout *l,
			 const struct kconfig *kc)
{
	bool hugepages = kconfig_enabled(kc, "HUGETLB_PAGE") ||
			 kconfig_enabled(kc, "TRANSPARENT_HUGEPAGE");
	unsigned int used = 56;

	if (l->page_size < 56 || l->page_size > ZDM_MAX_PAGE_BYTES ||
	    l->page_size % 8)
		report("struct page of %u bytes", l->page_size);
	if (kconfig_enabled(kc, "HAVE_ALIGNED_STRUCT_PAGE") &&
	    l->page_size % 16)
		report("struct page of %u bytes, not 16-aligned",
		       l->page_size);
	if (l->nr_pageflags < l->k->pageflags_fixed ||
	    l->nr_pageflags > l->k->pageflags_fixed + 6)
		report("NR_PAGEFLAGS %u (kernel %s)", l->nr_pageflags,
		       l->k->name);
	if (l->pg_head >= l->nr_pageflags || l->pg_reserved >= l->nr_pageflags)
		report("PG_head %u, PG_reserved %u, NR_PAGEFLAGS %u",
		       l->pg_head, l->pg_reserved, l->nr_pageflags);
	if (l->max_nr_zones < 3 || l->zone_device != l->max_nr_zones - 1 ||
	    !l->zones_width || l->max_nr_zones > (1u << l->zones_width))
		report("%u zones, ZONE_DEVICE %u, zones field %u bits",
		       l->max_nr_zones, l->zone_device, l->zones_width);
	if (l->nodes_shift > 10 ||
	    (l->nodes_width && l->nodes_width != l->nodes_shift) ||
	    (!l->section_in_flags && l->nodes_width != l->nodes_shift))
		report("NODES_SHIFT %u, nodes field %u bits (sections in "
		       "flags: %d)", l->nodes_shift, l->nodes_width,
		       l->section_in_flags);
	if (l->section_in_flags != !!l->sections_width ||
	    (l->sections_width &&
	     l->sections_width != (l->x86_5level ? 52u : 46u) -
				  ZDM_SECTION_SIZE_BITS))
		report("sections field %u bits, in flags %d, 5-level %d",
		       l->sections_width, l->section_in_flags, l->x86_5level);
	if (l->nr_cpus_bits > 13 ||
	    (l->last_cpupid_shift && l->last_cpupid_shift !=
	     8 + l->nr_cpus_bits) ||
	    (l->last_cpupid_width &&
	     l->last_cpupid_width != l->last_cpupid_shift) ||
	    l->last_cpupid_not_in_flags !=
	    (l->last_cpupid_shift && !l->last_cpupid_width) ||
	    (l->last_cpupid_shift && !l->numa_balancing))
		report("last_cpupid: shift %u, width %u, not in flags %d, "
		       "%u cpu bits", l->last_cpupid_shift,
		       l->last_cpupid_width, l->last_cpupid_not_in_flags,
		       l->nr_cpus_bits);
	if ((l->kasan_tag_width && l->kasan_tag_width != 8) ||
	    (l->lru_gen_width && l->lru_gen_width != 3))
		report("kasan tag %u bits, lru_gen %u bits",
		       l->kasan_tag_width, l->lru_gen_width);
	check_flags_fields(l);

	check_member(l, "memcg_data", l->off_memcg_data, 8,
		     l->off_memcg_data != ZDM_NO_FIELD, &used);
	check_member(l, "_last_cpupid", l->off_last_cpupid, 4,
		     l->last_cpupid_not_in_flags, &used);
	check_member(l, "kmsan shadow/origin", l->off_kmsan, 8, l->kmsan,
		     &used);
	if (l->kmsan && l->off_kmsan + 16 > l->page_size)
		report("kmsan pointers at %u in a %u-byte struct page",
		       l->off_kmsan, l->page_size);

	if (l->pageblock_order < 1 ||
	    l->pageblock_order > ZDM_PFN_SECTION_SHIFT ||
	    (hugepages && l->pageblock_order > 9) ||
	    layout_usemap_longs(l) < 1)
		report("pageblock_order %u (hugepages %d)", l->pageblock_order,
		       hugepages);
	if (l->kasan != kconfig_enabled(kc, "KASAN") ||
	    l->kmsan != kconfig_enabled(kc, "KMSAN") ||
	    l->x86_5level != (l->k->always_5level ||
			      kconfig_enabled(kc, "X86_5LEVEL")))
		report("kasan %d, kmsan %d, 5-level %d disagree with the "
		       "config", l->kasan, l->kmsan, l->x86_5level);
}

static void print_scenario(const struct zdm_scenario *sc)
{
	fprintf(stderr, "  type %s shift %u start 0x%lx nr 0x%lx altmap %d "
		"(%lu+%lu) early %d\n", zdm_type_names[sc->type],
		sc->vmemmap_shift, sc->start_pfn, sc->nr_pages, sc->altmap,
		sc->altmap_reserve, sc->altmap_free, sc->early);
}

static void same_memmap(const struct zdm_instance *ref,
			const struct zdm_instance *in, const char *strategy,
			const struct page_layout *l)
{
	size_t words = in->mm.nr_sections * layout_usemap_longs(l);
	struct zdm_verify_report rep = { 0 };

	if (!memcmp(ref->storage, in->storage, in->storage_bytes) &&
	    !memcmp(ref->mm.usemap, in->mm.usemap,
		    words * sizeof(*in->mm.usemap)))
		return;
	zdm_compare(ref, in, &rep);
	print_scenario(&in->sc);
	zdm_report_print(stderr, &rep);
	print_layout(l);
	report("%s differs from slow (%lu fields)", strategy,
	       rep.mismatches);
}

static void run_scenario(const struct zdm_scenario *sc,
			 const struct page_layout *l)
{
	static const enum memmap_strategy fast[] = {
		MEMMAP_TEMPLATE, MEMMAP_TEMPLATE_NT,
	};
	struct zdm_run_opts o = { .strategy = MEMMAP_SLOW };
	struct zdm_verify_report rep = { 0 };
	struct zdm_instance ref, in;
	char err[256];

	if (zdm_scenario_check(sc, l, err, sizeof(err))) {
		print_scenario(sc);
		print_layout(l);
		report("a derived layout refuses a small scenario: %s", err);
	}
	if (zdm_instance_create(&ref, sc, l, 7))
		abort();
	zdm_instance_run(&ref, &o);
	zdm_check_invariants(&ref, &rep);
	if (rep.mismatches) {
		print_scenario(sc);
		zdm_report_print(stderr, &rep);
		print_layout(l);
		report("slow breaks %lu of verify.c's rules", rep.mismatches);
	}
	for (size_t i = 0; i < sizeof(fast) / sizeof(fast[0]); i++) {
		if (zdm_instance_create(&in, sc, l, 7))
			abort();
		o.strategy = fast[i];
#ifdef ZDM_NT_CHECK
		nt_check_enable();
#endif
		zdm_instance_run(&in, &o);
#ifdef ZDM_NT_CHECK
		/* Drained on return: the caller may read every page. */
		nt_check_plain(in.storage, in.storage_bytes);
		if (nt_check_violations()) {
			print_scenario(sc);
			report("%s: %lu plain accesses to streamed lines",
			       memmap_strategy_names[fast[i]],
			       nt_check_violations());
		}
		nt_check_disable();
#endif
		same_memmap(&ref, &in, memmap_strategy_names[fast[i]], l);
		zdm_instance_destroy(&in);
	}
	zdm_instance_destroy(&ref);
}

static void run_scenarios(const struct page_layout *l)
{
	static const struct {
		unsigned int shift;
		unsigned long compounds;
	} grid[] = { { 0, 4 }, { 2, 4 }, { 9, 2 } };
	unsigned int k = 0;

	for (size_t i = 0; i < sizeof(grid) / sizeof(grid[0]); i++)
		for (int map_dev = 0; map_dev < 2; map_dev++, k++) {
			unsigned int shift = grid[i].shift;
			struct zdm_scenario sc;

			zdm_scenario_default(&sc, l);
			sc.type = MEMORY_DEVICE_PRIVATE +
				  k % (MEMORY_DEVICE_PCI_P2PDMA -
				       MEMORY_DEVICE_PRIVATE + 1);
			sc.vmemmap_shift = shift;
			sc.nr_pages = grid[i].compounds << shift;
			sc.early = k % 3;
			if (map_dev) {
				sc.altmap = true;
				sc.altmap_reserve = 1;
				sc.altmap_free = (1UL << shift) * 2 - 1;
				sc.nr_pages += 2UL << shift;
			}
			/* A section boundary after the first compound written. */
			sc.start_pfn = 0x240000 - (1UL << shift) -
				       (map_dev ? 2UL << shift : 0);
			run_scenario(&sc, l);
		}
}

/* The layout @kernel derives, against the written-back text's. */
static void check_kernel(const struct kconfig *kc, const char *back,
			 enum zdm_kernel kernel)
{
	struct page_layout l1, l2;
	char err1[256], err2[256];
	char *last;
	int rc1, rc2;

	memset(&l1, 0, sizeof(l1));
	memset(&l2, 0, sizeof(l2));
	err1[0] = err2[0] = '\0';
	rc1 = page_layout_from_kconfig(&l1, kc, kernel, err1, sizeof(err1));
	rc2 = page_layout_parse(&l2, back, "back", kernel, err2, sizeof(err2));
	if (rc1 != rc2 || (rc1 && strcmp(err1, err2)))
		report("layout: %d (%s), from the written-back text %d (%s)",
		       rc1, err1, rc2, err2);
	if (rc1 && !err1[0])
		report("page_layout_from_kconfig failed without a reason");
	if (rc1)
		return;
	same_layout(&l1, &l2);
	/* Only the last line of each symbol counts. */
	last = kconfig_write(kc, true);
	memset(&l2, 0, sizeof(l2));
	if (page_layout_parse(&l2, last, "last", kernel, err2, sizeof(err2)))
		report("without the lines later ones override: %s\n"
		       "--- last lines only ---\n%s", err2, last);
	same_layout(&l1, &l2);
	free(last);
	check_layout(&l1, kc);
	if (zdm_fast_allowed(&l1))
		run_scenarios(&l1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct page_layout l1;
	struct kconfig kc, kc2;
	char err1[256], err2[256];
	char *text = malloc(size + 1), *back;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	input = text;

	if (kconfig_parse_text(&kc, text, "fuzz", err1, sizeof(err1))) {
		if (!err1[0])
			report("kconfig_parse_text failed without a reason");
		memset(&l1, 0, sizeof(l1));
		if (!page_layout_parse(&l1, text, "fuzz", ZDM_KERNEL_6_12, err2,
				       sizeof(err2)))
			report("kconfig_parse_text refuses it (%s), "
			       "page_layout_parse does not", err1);
		free(text);
		return 0;
	}

	back = kconfig_write(&kc, false);
	if (kconfig_parse_text(&kc2, back, "back", err2, sizeof(err2)))
		report("the written-back .config does not parse: %s\n"
		       "--- written back ---\n%s", err2, back);
	same_symbols(&kc, &kc2);
	kconfig_free(&kc2);

	for (int k = 0; k < NR_ZDM_KERNELS; k++)
		check_kernel(&kc, back, k);
	kconfig_free(&kc);
	free(back);
	free(text);
	return 0;
}
