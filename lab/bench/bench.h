/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h - what `zdmemmap bench` is asked to do (bench_config), what that
 * means for one memmap_init_zone_device() call (bench_plan) and what it
 * measured (bench_result).  The bench_*.c files each do one step.
 */
#ifndef ZDM_BENCH_H
#define ZDM_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include "fill.h"
#include "zone_device.h"
#include "scenario.h"

/* The series' experiment: a 100 GiB namespace, 30 binds. */
#define BENCH_DEFAULT_PRESET	"devdax-2M-dev"
#define BENCH_DEFAULT_BINDS	30
#define BENCH_DEFAULT_SAMPLES	1024
#define BENCH_MAX_BINDS		100000
/* Pfns the verifier checks on top of the random ones (compound edges). */
#define BENCH_FIXED_SAMPLES	32
/* Columns of one run: each strategy once, template-nt-mt once per count. */
#define BENCH_MAX_ENTRIES	24

enum bench_backing_kind {
	BENCH_ANON,		/* 4 KiB pages: MADV_NOHUGEPAGE */
	BENCH_THP,		/* MADV_HUGEPAGE, 2 MiB aligned */
	BENCH_HUGETLB,		/* MAP_HUGETLB, default huge page size */
	BENCH_FILE,		/* MAP_SHARED over a file (pmem, DAX fs) */
};

struct bench_backing {
	enum bench_backing_kind kind;
	const char *path;	/* BENCH_FILE */
	int fd;			/* BENCH_FILE, once opened */
	size_t file_off;	/* next free offset in that file */
};

/* The namespace as ndctl would be told: type, size, align, map. */
struct bench_geometry {
	const char *preset;	/* NULL when given by hand */
	enum zdm_init_kind init;	/* ZONE_DEVICE, or ordinary memory */
	enum memory_type type;
	unsigned long size;	/* bytes */
	unsigned long align;	/* bytes, a power of two, 4K..1G */
	bool map_dev;		/* the memmap lives on the device (altmap) */
	/* hotplug: the memory block size (bytes), memmap_on_memory */
	unsigned long block_size;
	bool memmap_on_memory;
};

struct bench_config {
	struct bench_geometry geo;
	const char *kconfig;	/* NULL: built-in default */
	enum zdm_kernel kernel;	/* whose semantics (default 6.12) */
	unsigned int binds;
	enum memmap_strategy strategies[BENCH_MAX_ENTRIES];
	/* template-nt-mt:N in --strategies; 0: the --threads default */
	unsigned int entry_threads[BENCH_MAX_ENTRIES];
	/* "+free": the bind also frees the pages to the buddy allocator */
	bool entry_free[BENCH_MAX_ENTRIES];
	/*
	 * "+fused": freed too, the init writing the pages as the free leaves
	 * them (the one-pass patches); entry_free is set with it
	 */
	bool entry_fused[BENCH_MAX_ENTRIES];
	unsigned int nr_strategies;
	unsigned int threads;	/* template-nt-mt workers; deferred: all */
	unsigned long chunk_pfns; /* template-nt-mt chunk; 0: one section */
	struct bench_backing backing;
	enum zdm_nt_impl nt_impl;
	unsigned long samples;	/* random pfns verified after every bind */
	unsigned long seed;
	const char *json;
	const char *plot;
};

/* The call those settings lead to, and what it costs. */
struct bench_plan {
	struct zdm_scenario sc;
	unsigned long init_start;	/* first pfn written */
	unsigned long init_pfns;	/* pfns from there to the range's end */
	unsigned long pages_written;	/* struct pages written per bind */
	size_t memmap_bytes;		/* storage per strategy */
	size_t written_bytes;		/* bytes written per bind */
	size_t resident_bytes;		/* memory one strategy's memmap takes */
	bool separate_ceiling;		/* the ceiling fills its own buffer */
	size_t need_bytes;		/* everything together */
};

struct bench_stats {
	double mean, median, min, max;
};

struct bench_strategy_result {
	enum memmap_strategy id;
	char name[32];			/* "template-nt-mt:4" for a count */
	unsigned int threads;		/* what the strategy ran on */
	bool free;			/* and freed the pages */
	bool fused;			/* in one pass (+fused) */
	double *bind_ms;		/* every bind, first one included */
	double first_ms;
	bool has_rebinds;		/* binds > 1 */
	struct bench_stats rebind;
	double ns_per_page, gbps;
	double speedup_vs_slow;		/* 0: slow not run */
	double pct_nt, pct_regular;	/* of the ceilings */
	unsigned long verified_pages;	/* sampled struct pages compared */
	bool full_compared;		/* every byte equal to slow's */
	size_t huge_bytes;		/* of the memmap backed by huge pages */
	unsigned long fpu_sections;	/* kernel_fpu_begin() sections in its
					 * last bind, on the calling thread */
};

struct bench_result {
	double timer_res_ns;
	unsigned int rounds;
	double *regular_ms, *nt_ms;	/* one ceiling fill of each per round */
	struct bench_stats regular, nt;
	unsigned long samples;		/* pfns checked per bind */
	double setup_s, run_s;
	double fpu_section_ns;		/* --fpu-window: one section's cost */
	struct bench_strategy_result s[BENCH_MAX_ENTRIES];
	unsigned int nr;
};

#endif
