// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_bench.c - `zdmemmap bench`: the series' unbind/rebind experiment on
 * real memory.  This file only reads the options and checks them up
 * front, so that a run that cannot finish fails in its first second; the
 * work is in lab/src/bench_*.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "bench_alloc.h"
#include "bench_config.h"
#include "bench_machine.h"
#include "bench_plot.h"
#include "bench_report.h"
#include "bench_run.h"
#include "commands.h"
#include "outfile.h"

enum {
	OPT_PRESET = 256, OPT_TYPE, OPT_SIZE, OPT_ALIGN, OPT_MAP, OPT_BINDS,
	OPT_STRATEGIES, OPT_THREADS, OPT_CHUNK, OPT_JSON, OPT_PLOT, OPT_BACKING,
	OPT_NT_IMPL, OPT_KCONFIG, OPT_SAMPLES, OPT_SEED, OPT_HELP,
};

static const struct option opts[] = {
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "align", required_argument, NULL, OPT_ALIGN },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "binds", required_argument, NULL, OPT_BINDS },
	{ "strategies", required_argument, NULL, OPT_STRATEGIES },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "chunk-pfns", required_argument, NULL, OPT_CHUNK },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "backing", required_argument, NULL, OPT_BACKING },
	{ "nt-impl", required_argument, NULL, OPT_NT_IMPL },
	{ "kconfig", required_argument, NULL, OPT_KCONFIG },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 }
};

static void help(void)
{
	printf("usage: zdmemmap bench [--preset NAME | --type T --size S --align A --map mem|dev]\n"
	       "         [--binds N] [--strategies LIST] [--threads N] [--chunk-pfns N]\n"
	       "         [--json FILE] [--plot FILE.png|FILE.svg]\n"
	       "         [--backing anon|thp|hugetlb|file:PATH]\n"
	       "         [--nt-impl portable|movnti|sse2-copy|sse2|avx] [--kconfig FILE]\n"
	       "         [--samples N] [--seed S]\n"
	       "  Times memmap_init_zone_device() per strategy on real memory, %d binds\n"
	       "  each (the first on fresh memory), interleaved, every bind verified;\n"
	       "  plus plain and streaming fills of the same bytes as the ceiling.\n"
	       "  --type/--size/--align/--map override the preset (default %s).\n"
	       "  --strategies: any of slow, template, template-nt, template-nt-mt,\n"
	       "  and template-nt-mt:N (N threads; give several for a scaling curve in\n"
	       "  one interleaved run). Each column gets its own memmap.\n"
	       "  --samples: random struct pages checked after every bind (default %d).\n"
	       "  --backing file:PATH maps a file (pmem, DAX fs); a new one is removed at\n"
	       "  once, an existing one is resized and kept, a directory gets an unnamed one.\n"
	       "presets:\n", BENCH_DEFAULT_BINDS, BENCH_DEFAULT_PRESET,
	       BENCH_DEFAULT_SAMPLES);
	for (unsigned int i = 0; i < nr_bench_presets; i++)
		printf("  %-14s %s\n", bench_presets[i].name,
		       bench_presets[i].about);
}

static int parse_nt_impl(const char *s)
{
	for (int i = 0; i < NR_ZDM_NT_IMPLS; i++)
		if (!strcmp(s, zdm_nt_impl_names[i]))
			return i;
	return -1;
}

static void parse_options(int argc, char **argv, struct bench_config *c)
{
	const char *preset = NULL, *type = NULL, *map = NULL, *list = NULL;
	const char *nt = NULL, *backing = "anon";
	bool size_set = false, align_set = false;
	unsigned long size = 0, align = 0, v;
	char err[512];
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_PRESET: preset = optarg; break;
		case OPT_TYPE: type = optarg; break;
		case OPT_SIZE:
			size = arg_size("--size", optarg);
			size_set = true;
			break;
		case OPT_ALIGN:
			align = arg_size("--align", optarg);
			align_set = true;
			break;
		case OPT_MAP: map = optarg; break;
		case OPT_BINDS:
			v = arg_number("--binds", optarg);
			if (!v || v > BENCH_MAX_BINDS)
				usage_error("--binds: must be 1..%d",
					    BENCH_MAX_BINDS);
			c->binds = v;
			break;
		case OPT_STRATEGIES: list = optarg; break;
		case OPT_THREADS:
			v = arg_number("--threads", optarg);
			if (!v || v > 1024)
				usage_error("--threads: must be 1..1024");
			c->threads = v;
			break;
		case OPT_CHUNK:
			c->chunk_pfns = arg_number("--chunk-pfns", optarg);
			if (!c->chunk_pfns)
				usage_error("--chunk-pfns: must be non-zero");
			break;
		case OPT_JSON: c->json = optarg; break;
		case OPT_PLOT: c->plot = optarg; break;
		case OPT_BACKING: backing = optarg; break;
		case OPT_NT_IMPL: nt = optarg; break;
		case OPT_KCONFIG: c->kconfig = optarg; break;
		case OPT_SAMPLES:
			c->samples = arg_number("--samples", optarg);
			if (c->samples > 1000000)
				usage_error("--samples: at most 1000000");
			break;
		case OPT_SEED: c->seed = arg_number("--seed", optarg); break;
		case OPT_HELP: help(); exit(0);
		default: getopt_failed("bench", argv);
		}
	}
	if (optind < argc)
		usage_error("bench: unexpected argument '%s'", argv[optind]);

	if (preset && !bench_preset_find(preset))
		usage_error("--preset: unknown preset '%s' (see bench --help)",
			    preset);
	bench_preset_apply(&c->geo, bench_preset_find(preset ? preset :
						      BENCH_DEFAULT_PRESET));
	if (!preset && (type || size_set || align_set || map))
		c->geo.preset = NULL;	/* a namespace of the user's own */
	if (type) {
		int t = !strcmp(type, "devdax") ? MEMORY_DEVICE_GENERIC :
			zdm_type_parse(type);

		if (t < 0)
			usage_error("--type: unknown pgmap type '%s' (generic, "
				    "fsdax, private, coherent, p2pdma)", type);
		c->geo.type = t;
		/* Only pmem namespaces can keep the memmap on the device. */
		if (!map && t != MEMORY_DEVICE_GENERIC &&
		    t != MEMORY_DEVICE_FS_DAX)
			c->geo.map_dev = false;
	}
	if (size_set)
		c->geo.size = size;
	if (align_set)
		c->geo.align = align;
	if (map) {
		if (strcmp(map, "mem") && strcmp(map, "dev"))
			usage_error("--map: '%s' is not mem or dev", map);
		c->geo.map_dev = !strcmp(map, "dev");
	}
	if (list && bench_strategies_parse(list, c, err, sizeof(err)))
		usage_error("%s", err);
	if (bench_backing_parse(backing, &c->backing, err, sizeof(err)))
		usage_error("%s", err);
	if (nt) {
		int i = parse_nt_impl(nt);

		if (i < 0)
			usage_error("--nt-impl: unknown '%s' (portable, movnti, "
				    "sse2-copy, sse2, avx)", nt);
		if (!zdm_nt_select(i))
			usage_error("--nt-impl: this CPU has no %s", nt);
	}
}

int cmd_bench(int argc, char **argv)
{
	struct bench_config c = {
		.binds = BENCH_DEFAULT_BINDS,
		.samples = BENCH_DEFAULT_SAMPLES,
		.seed = 1,
	};
	struct bench_machine m;
	struct bench_result r;
	struct bench_plan p;
	struct page_layout l;
	struct zdm_outfile json, plot;
	char err[512];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int ret;

	c.threads = cpus > 0 ? cpus : 1;
	for (int i = 0; i < NR_MEMMAP_STRATEGIES; i++)
		c.strategies[c.nr_strategies++] = i;
	parse_options(argc, argv, &c);
	load_layout_or_exit(&l, c.kconfig);
	memset(&p, 0, sizeof(p));
	if (bench_plan_geometry(&c.geo, &l, &p, err, sizeof(err)))
		usage_error("%s", err);
	if (c.chunk_pfns % (1UL << p.sc.vmemmap_shift))
		usage_error("--chunk-pfns: %lu is not a multiple of the compound "
			    "size, %lu pfns", c.chunk_pfns,
			    1UL << p.sc.vmemmap_shift);
	if (bench_plan_memory(&p, &c, &l, err, sizeof(err))) {
		bench_backing_close(&c.backing);
		usage_error("%s", err);
	}
	/*
	 * The result files exist from here on only as temporaries beside
	 * their targets; they replace the targets after a run that worked.
	 */
	if (c.plot && bench_plot_check(c.plot, err, sizeof(err)))
		usage_error("%s", err);
	if (c.json && zdm_outfile_open(&json, "--json", c.json, err,
				       sizeof(err)))
		usage_error("%s", err);
	if (c.plot && zdm_outfile_open(&plot, "--plot", c.plot, err,
				       sizeof(err)))
		usage_error("%s", err);

	bench_machine_probe(&m);
	bench_report_config(stdout, &c, &p, &l, &m);
	ret = bench_run(&c, &p, &l, &r, err, sizeof(err));
	bench_backing_close(&c.backing);
	if (ret < 0)
		usage_error("%s", err);
	if (ret) {
		zdm_outfile_abort_all();
		return EXIT_CHECK_FAILED;
	}

	bench_report_table(stdout, &c, &p, &r);
	if (c.json && bench_report_json(json.f, &c, &p, &l, &m, &r))
		usage_error("--json: cannot write '%s'", c.json);
	if (c.plot && bench_plot_write(c.plot, plot.fd, &c, &p, &r, err,
				       sizeof(err)))
		usage_error("%s", err);
	if ((c.json && zdm_outfile_commit(&json, "--json", err, sizeof(err))) ||
	    (c.plot && zdm_outfile_commit(&plot, "--plot", err, sizeof(err))))
		usage_error("%s", err);
	bench_result_free(&r);
	return 0;
}
