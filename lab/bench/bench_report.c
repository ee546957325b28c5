// SPDX-License-Identifier: GPL-2.0
/* bench_report.c - the bench's text table and JSON. */
#include "bench_report.h"

#include <string.h>
#include <time.h>

#include "bench_alloc.h"
#include "bench_config.h"
#include "fpu.h"
#include "json.h"

static const char *type_desc(enum memory_type t)
{
	switch (t) {
	case MEMORY_DEVICE_GENERIC:	return "device-dax (MEMORY_DEVICE_GENERIC)";
	case MEMORY_DEVICE_FS_DAX:	return "fsdax (MEMORY_DEVICE_FS_DAX)";
	case MEMORY_DEVICE_PRIVATE:	return "device-private (MEMORY_DEVICE_PRIVATE)";
	case MEMORY_DEVICE_COHERENT:	return "device-coherent (MEMORY_DEVICE_COHERENT)";
	default:			return "p2pdma (MEMORY_DEVICE_PCI_P2PDMA)";
	}
}

static double timer_res_ns(void)
{
	struct timespec res;

	if (clock_getres(CLOCK_MONOTONIC, &res))
		return 0;
	return res.tv_sec * 1e9 + res.tv_nsec;
}

static void strategy_list(char *buf, size_t len, const struct bench_config *c)
{
	size_t o = 0;

	buf[0] = 0;
	char name[24];

	for (unsigned int i = 0; i < c->nr_strategies && o < len; i++)
		o += snprintf(buf + o, len - o, "%s%s", i ? "," : "",
			      bench_entry_name(c, i, name, sizeof(name)));
}

/* Ordinary memory: what is onlined or deferred-initialized, and how. */
/* The end of the "streaming stores" line: its kernel_fpu_begin() sections. */
static void report_fpu_window(FILE *f)
{
	char b[32];

	if (zdm_fpu_window() && zdm_nt_selected() > ZDM_NT_MOVNTI)
		fprintf(f, ", in kernel_fpu_begin() sections of %s (modelled)\n",
			bench_human_bytes(zdm_fpu_window(), b, sizeof(b)));
	else
		fprintf(f, "\n");
}

/*
 * What the sections cost: one begin/end pair timed on its own, times the
 * sections each streaming column entered in its last bind (on the calling
 * thread: a multi-CPU column's workers count their own).
 */
static void report_fpu_cost(FILE *f, const struct bench_result *r)
{
	fprintf(f, "kernel_fpu_begin() sections (modelled): %.1f ns per "
		"begin/end pair", r->fpu_section_ns);
	for (unsigned int i = 0; i < r->nr; i++) {
		const struct bench_strategy_result *s = &r->s[i];

		if (!s->fpu_sections)
			continue;
		fprintf(f, "; %s entered %lu per bind, %.2f ms of its %.2f",
			s->name, s->fpu_sections,
			s->fpu_sections * r->fpu_section_ns * 1e-6,
			s->has_rebinds ? s->rebind.median : s->first_ms);
	}
	fprintf(f, "\n");
}

static void report_ram_geometry(FILE *f, const struct bench_config *c,
				const struct bench_plan *p,
				const struct page_layout *l, const char *list)
{
	const struct zdm_scenario *sc = &p->sc;
	char a[32], b[32];

	if (sc->init == ZDM_INIT_HOTPLUG)
		fprintf(f, "online %s as ZONE_MOVABLE, %s memory blocks, "
			"memmap_on_memory %s\n",
			bench_size_str(c->geo.size, a, sizeof(a)),
			bench_size_str(c->geo.block_size, b, sizeof(b)),
			sc->memmap_on_memory ? "on" : "off");
	else
		fprintf(f, "deferred struct page init of %s in ZONE_NORMAL, "
			"node %d\n", bench_size_str(c->geo.size, a, sizeof(a)),
			sc->nid);
	fprintf(f, "  per run:  pfn 0x%lx + %lu, %lu struct pages of %u B "
		"written = %s\n", p->init_start, p->init_pfns,
		p->pages_written, l->page_size,
		bench_human_bytes(p->written_bytes, a, sizeof(a)));
	fprintf(f, "  run:      %s; %u runs each, interleaved; ", list,
		c->binds);
	if (sc->init == ZDM_INIT_DEFERRED)
		fprintf(f, "every strategy on %u CPUs (padata)", c->threads);
	else
		fprintf(f, "one block after the other, one CPU");
	fprintf(f, "; streaming stores %s", zdm_nt_impl_names[zdm_nt_selected()]);
	report_fpu_window(f);
	fprintf(f, "  +free:    the run goes on to free the pages to the buddy "
		"allocator, as the kernel does next (the struct page and "
		"free list stores of __free_pages_core() and "
		"__free_one_page(), modelled)\n");
	fprintf(f, "  +fused:   the same end state in one pass: the init "
		"writes each page as the free leaves it, the free only links "
		"(core/memmap_fast_ram.c *_freed(); slow+fused: the patched "
		"kernel's slow loop)\n");
}

void bench_report_config(FILE *f, const struct bench_config *c,
			 const struct bench_plan *p,
			 const struct page_layout *l,
			 const struct bench_machine *m)
{
	const struct zdm_scenario *sc = &p->sc;
	char a[32], b[32], list[BENCH_MAX_ENTRIES * 24];

	strategy_list(list, sizeof(list), c);
	fprintf(f, "zdmemmap bench: ");
	if (c->geo.preset)
		fprintf(f, "preset %s: ", c->geo.preset);
	if (sc->init != ZDM_INIT_ZONE_DEVICE) {
		report_ram_geometry(f, c, p, l, list);
	} else {
		fprintf(f, "%s namespace, align %s, map=%s\n",
			bench_size_str(c->geo.size, a, sizeof(a)),
			bench_size_str(c->geo.align, b, sizeof(b)),
			c->geo.map_dev ? "dev" : "mem");
		fprintf(f, "  pgmap:    %s, pfn 0x%lx + %lu, vmemmap_shift %u, ",
			type_desc(sc->type), sc->start_pfn, sc->nr_pages,
			sc->vmemmap_shift);
		if (sc->altmap)
			fprintf(f, "altmap reserve %lu free %lu\n",
				sc->altmap_reserve, sc->altmap_free);
		else
			fprintf(f, "no altmap\n");
		fprintf(f, "  per bind: pfn 0x%lx + %lu, %lu struct pages of %u B "
			"written = %s%s\n", p->init_start, p->init_pfns,
			p->pages_written, l->page_size,
			bench_human_bytes(p->written_bytes, a, sizeof(a)),
			p->pages_written < p->init_pfns ? " (vmemmap dedup)" : "");
		fprintf(f, "  run:      %s; %u binds each, interleaved; "
			"template-nt-mt threads %u, chunk ", list, c->binds,
			c->threads);
		if (c->chunk_pfns)
			fprintf(f, "%lu pfns", c->chunk_pfns);
		else
			fprintf(f, "one section");
		fprintf(f, "; streaming stores %s",
			zdm_nt_impl_names[zdm_nt_selected()]);
		report_fpu_window(f);
	}
	fprintf(f, "  memory:   backing %s%s%s, %s in all, ceiling buffer "
		"%s; kernel %s, kconfig %s\n", bench_backing_name(&c->backing),
		c->backing.path ? ":" : "", c->backing.path ? c->backing.path : "",
		bench_human_bytes(p->need_bytes, a, sizeof(a)),
		p->separate_ceiling ? "separate" :
		"shared with the last strategy", l->k->name,
		c->kconfig ? c->kconfig : "built-in default");
	if (!zdm_fast_allowed(l))
		fprintf(f, "  note:     KASAN/KMSAN config: every strategy "
			"runs the slow path\n");
	for (unsigned int i = 0; i < c->nr_strategies; i++) {
		if (sc->init != ZDM_INIT_DEFERRED || c->entry_fused[i] ||
		    c->strategies[i] == MEMMAP_SLOW)
			continue;
		fprintf(f, "  note:     deferred init is one pass in the series: "
			"a template column without +fused runs the slow path\n");
		break;
	}
	fprintf(f, "  machine:  %s, %ld CPUs online, %.1f GiB RAM, %s%s\n",
		m->cpu, m->cpus_online, m->mem_total / (double)(1UL << 30),
		m->kernel, strcmp(m->hypervisor, "yes") ? "" : ", virtual machine");
	fprintf(f, "  timer:    CLOCK_MONOTONIC, resolution %.0f ns\n",
		timer_res_ns());
	fflush(f);
}

void bench_report_table(FILE *f, const struct bench_config *c,
			const struct bench_plan *p,
			const struct bench_result *r)
{
	char a[32];

	fprintf(f, "\n%-18s %9s %9s %9s %9s %9s %8s %6s %8s %7s %7s\n",
		"strategy", "first ms", "mean ms", "median ms", "min ms",
		"max ms", "ns/page", "GB/s", "vs slow", "%NT", "%plain");
	for (unsigned int i = 0; i < r->nr; i++) {
		const struct bench_strategy_result *s = &r->s[i];

		fprintf(f, "%-18s %9.2f ", s->name, s->first_ms);
		if (s->has_rebinds)
			fprintf(f, "%9.2f %9.2f %9.2f %9.2f ", s->rebind.mean,
				s->rebind.median, s->rebind.min, s->rebind.max);
		else
			fprintf(f, "%9s %9s %9s %9s ", "-", "-", "-", "-");
		fprintf(f, "%8.2f %6.2f ", s->ns_per_page, s->gbps);
		if (s->speedup_vs_slow)
			fprintf(f, "%7.2fx ", s->speedup_vs_slow);
		else
			fprintf(f, "%8s ", "-");
		fprintf(f, "%6.0f%% %6.0f%%\n", s->pct_nt, s->pct_regular);
	}
	fprintf(f, "\nceiling, median of %u fills of %s%s: plain stores "
		"%.2f ms (%.2f GB/s), streaming stores %.2f ms (%.2f GB/s)\n",
		r->rounds, bench_human_bytes(p->written_bytes, a, sizeof(a)),
		p->sc.init == ZDM_INIT_DEFERRED ? " on --threads CPUs" : "",
		r->regular.median,
		p->written_bytes / (r->regular.median * 1e-3) / 1e9,
		r->nt.median, p->written_bytes / (r->nt.median * 1e-3) / 1e9);
	if (zdm_fpu_window() && zdm_nt_selected() > ZDM_NT_MOVNTI)
		report_fpu_cost(f, r);
	fprintf(f, "%s; ns/page, GB/s, vs slow and %%NT/%%plain (ceiling time "
		"/ strategy time) use the median\n", c->binds > 1 ?
		"rebind = binds 2..N" : "one bind: the columns use the first bind");
	fprintf(f, "verified: after every bind, %lu sampled struct pages and "
		"the pageblock bits", r->samples);
	for (unsigned int i = 0; i < r->nr; i++)
		if (r->s[i].full_compared && r->s[i].id != MEMMAP_SLOW) {
			fprintf(f, "; after the last, every written byte "
				"against slow's");
			break;
		}
	for (unsigned int i = 0; i < r->nr; i++)
		if (r->s[i].free) {
			fprintf(f, " (+free columns: not sampled, as freeing "
				"rewrites the pages; compared whole with "
				"slow+free's)");
			break;
		}
	fprintf(f, "\ntime: setup %.1f s, binds and fills %.1f s\n",
		r->setup_s, r->run_s);
}

/*
 * "KEY": "VALUE" after @before.  Every string value goes through
 * zdm_json_str(); the keys are the lab's own ASCII names.
 */
static void json_kv(FILE *f, const char *before, const char *key,
		    const char *val)
{
	fprintf(f, "%s\"%s\": ", before, key);
	zdm_json_str(f, val);
}

static void json_stats(FILE *f, const struct bench_stats *s)
{
	fprintf(f, "{\"mean\": %.4f, \"median\": %.4f, \"min\": %.4f, "
		"\"max\": %.4f}", s->mean, s->median, s->min, s->max);
}

static void json_array(FILE *f, const double *v, unsigned int n)
{
	fputc('[', f);
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%s%.4f", i ? ", " : "", v[i]);
	fputc(']', f);
}

static void json_config(FILE *f, const struct bench_config *c,
			const struct bench_plan *p,
			const struct page_layout *l)
{
	const struct zdm_scenario *sc = &p->sc;
	char a[32], name[24];

	json_kv(f, "  \"config\": {\n    ", "preset", c->geo.preset);
	json_kv(f, ",\n    ", "init", zdm_init_names[sc->init]);
	fprintf(f, ",\n");
	if (sc->init == ZDM_INIT_HOTPLUG)
		fprintf(f, "    \"block_size_bytes\": %lu, "
			"\"memmap_on_memory\": %s,\n", c->geo.block_size,
			sc->memmap_on_memory ? "true" : "false");
	json_kv(f, "    ", "type", zdm_type_names[sc->type]);
	json_kv(f, ",\n    ", "size",
		bench_size_str(c->geo.size, a, sizeof(a)));
	fprintf(f, ", \"size_bytes\": %lu,\n", c->geo.size);
	json_kv(f, "    ", "align", bench_size_str(c->geo.align, a, sizeof(a)));
	fprintf(f, ", \"align_bytes\": %lu,\n", c->geo.align);
	json_kv(f, "    ", "map", c->geo.map_dev ? "dev" : "mem");
	fprintf(f, ", \"vmemmap_shift\": %u,\n", sc->vmemmap_shift);
	fprintf(f, "    \"pgmap_start_pfn\": %lu, \"pgmap_nr_pages\": %lu,\n",
		sc->start_pfn, sc->nr_pages);
	if (sc->altmap)
		fprintf(f, "    \"altmap\": {\"reserve\": %lu, \"free\": %lu},\n",
			sc->altmap_reserve, sc->altmap_free);
	else
		fprintf(f, "    \"altmap\": null,\n");
	fprintf(f, "    \"init_start_pfn\": %lu, \"init_pfns\": %lu,\n",
		p->init_start, p->init_pfns);
	fprintf(f, "    \"pages_written\": %lu, \"struct_page_bytes\": %u, "
		"\"bytes_written\": %zu,\n", p->pages_written, l->page_size,
		p->written_bytes);
	fprintf(f, "    \"binds\": %u, \"strategies\": [", c->binds);
	for (unsigned int i = 0; i < c->nr_strategies; i++) {
		fprintf(f, "%s", i ? ", " : "");
		zdm_json_str(f, bench_entry_name(c, i, name, sizeof(name)));
	}
	fprintf(f, "],\n    \"threads\": %u, \"chunk_pfns\": %lu",
		c->threads, c->chunk_pfns);
	json_kv(f, ", ", "nt_impl", zdm_nt_impl_names[zdm_nt_selected()]);
	fprintf(f, ", \"fpu_window\": %zu", zdm_fpu_window());
	json_kv(f, ",\n    ", "backing", bench_backing_name(&c->backing));
	json_kv(f, ", ", "backing_path", c->backing.path);
	fprintf(f, ",\n    \"memory_bytes\": %zu", p->need_bytes);
	json_kv(f, ", ", "ceiling_buffer",
		p->separate_ceiling ? "separate" : "shared");
	json_kv(f, ",\n    ", "kernel", l->k->name);
	json_kv(f, ",\n    ", "kconfig", c->kconfig);
	fprintf(f, ",\n    \"fast_path_allowed\": %s,\n",
		zdm_fast_allowed(l) ? "true" : "false");
	fprintf(f, "    \"samples_random\": %lu, \"seed\": %lu\n  },\n",
		c->samples, c->seed);
}

static void json_strategy(FILE *f, const struct bench_config *c,
			  const struct bench_strategy_result *s, bool last)
{
	json_kv(f, "    {", "name", s->name);
	json_kv(f, ", ", "strategy", memmap_strategy_names[s->id]);
	fprintf(f, ", \"threads\": %u, \"free\": %s, \"fused\": %s,\n"
		"     \"first_ms\": %.4f, \"rebind_ms\": ", s->threads,
		s->free ? "true" : "false", s->fused ? "true" : "false",
		s->first_ms);
	if (s->has_rebinds)
		json_stats(f, &s->rebind);
	else
		fprintf(f, "null");
	fprintf(f, ",\n     \"binds_ms\": ");
	json_array(f, s->bind_ms, c->binds);
	fprintf(f, ",\n     \"ns_per_page\": %.4f, \"gbps\": %.4f, "
		"\"speedup_vs_slow\": ", s->ns_per_page, s->gbps);
	if (s->speedup_vs_slow)
		fprintf(f, "%.4f", s->speedup_vs_slow);
	else
		fprintf(f, "null");
	fprintf(f, ",\n     \"pct_of_nt_ceiling\": %.2f, "
		"\"pct_of_regular_ceiling\": %.2f,\n", s->pct_nt,
		s->pct_regular);
	fprintf(f, "     \"verified\": true, \"verified_pages\": %lu, "
		"\"full_compare_vs_slow\": %s, \"huge_page_bytes\": %zu, "
		"\"fpu_sections_per_bind\": %lu}%s\n",
		s->verified_pages, s->full_compared ? "true" : "false",
		s->huge_bytes, s->fpu_sections, last ? "" : ",");
}

int bench_report_json(FILE *f, const struct bench_config *c,
		      const struct bench_plan *p, const struct page_layout *l,
		      const struct bench_machine *m,
		      const struct bench_result *r)
{
	fprintf(f, "{\n  \"version\": %d,\n", BENCH_JSON_VERSION);
	json_kv(f, "  ", "tool", "zdmemmap bench");
	fprintf(f, ",\n");
	json_config(f, c, p, l);
	json_kv(f, "  \"machine\": {", "cpu", m->cpu);
	fprintf(f, ", \"cpus_online\": %ld, \"mem_total_bytes\": %lu",
		m->cpus_online, m->mem_total);
	json_kv(f, ", ", "kernel", m->kernel);
	fprintf(f, ", \"virtual_machine\": %s},\n",
		strcmp(m->hypervisor, "yes") ? "false" : "true");
	fprintf(f, "  \"timer_resolution_ns\": %.0f,\n", r->timer_res_ns);
	fprintf(f, "  \"fpu_section_ns\": %.2f,\n", r->fpu_section_ns);
	fprintf(f, "  \"ceiling\": {\"regular_ms\": %.4f, \"nt_ms\": %.4f,\n",
		r->regular.median, r->nt.median);
	fprintf(f, "    \"regular_gbps\": %.4f, \"nt_gbps\": %.4f,\n",
		p->written_bytes / (r->regular.median * 1e-3) / 1e9,
		p->written_bytes / (r->nt.median * 1e-3) / 1e9);
	fprintf(f, "    \"regular\": ");
	json_stats(f, &r->regular);
	fprintf(f, ", \"nt\": ");
	json_stats(f, &r->nt);
	fprintf(f, ",\n    \"regular_all_ms\": ");
	json_array(f, r->regular_ms, r->rounds);
	fprintf(f, ",\n    \"nt_all_ms\": ");
	json_array(f, r->nt_ms, r->rounds);
	fprintf(f, "},\n  \"strategies\": [\n");
	for (unsigned int i = 0; i < r->nr; i++)
		json_strategy(f, c, &r->s[i], i == r->nr - 1);
	fprintf(f, "  ],\n  \"verified\": true, \"samples_per_bind\": %lu,\n",
		r->samples);
	fprintf(f, "  \"setup_s\": %.3f, \"run_s\": %.3f\n}\n", r->setup_s,
		r->run_s);
	return ferror(f) ? -1 : 0;
}
