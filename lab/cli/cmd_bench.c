// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_bench.c - `zdmemmap bench`: the series' unbind/rebind experiment on
 * real memory.  The options are checked up front in bench_options.c; this
 * file runs the plan and writes the results, which appear only when the
 * run worked.  The work is in lab/bench/.
 */
#include <stdio.h>

#include "args.h"
#include "bench_alloc.h"
#include "bench_config.h"
#include "bench_machine.h"
#include "bench_options.h"
#include "bench_plot.h"
#include "bench_report.h"
#include "bench_run.h"
#include "commands.h"
#include "outfile.h"

static void help(void)
{
	printf("usage: zdmemmap bench [--preset NAME | --type T --size S --align A --map mem|dev]\n"
	       "         [--binds N] [--strategies LIST] [--threads N] [--chunk-pfns N]\n"
	       "         [--json FILE] [--plot FILE.png|FILE.svg]\n"
	       "         [--backing anon|thp|hugetlb|file:PATH]\n"
	       "         [--nt-impl portable|movnti|sse2-copy|sse2|avx] [--fpu-window S]\n"
	       "         [--kconfig FILE]\n"
	       "         [--samples N] [--seed S] [--kernel 6.12|7.3]\n"
	       "         [--init zone-device|hotplug|deferred] [--block-size S]\n"
	       "         [--memmap-on-memory]\n"
	       "  Times memmap_init_zone_device() per strategy on real memory, %d binds\n"
	       "  each (the first on fresh memory), interleaved, every bind verified;\n"
	       "  plus plain and streaming fills of the same bytes as the ceiling.\n"
	       "  --type/--size/--align/--map override the preset (default %s).\n"
	       "  --strategies: any of slow, template, template-nt, template-nt-mt,\n"
	       "  and template-nt-mt:N (N threads; give several for a scaling curve in\n"
	       "  one interleaved run). Each column gets its own memmap.\n"
	       "  --samples: random struct pages checked after every bind (default %d).\n"
	       "  --fpu-window S: the SSE2 and AVX streaming fills run in sections of S\n"
	       "  bytes, each inside the lab's model of x86's kernel_fpu_begin() and\n"
	       "  kernel_fpu_end() (0: one piece, the default; the kernel's is 4K).\n"
	       "  --backing file:PATH maps a file (pmem, DAX fs), allocated up front: a\n"
	       "  new name is created and removed at once, a directory gets an unnamed\n"
	       "  file; an existing file is refused, as the bench would overwrite it.\n"
	       "  --json and --plot appear only when the run worked (written beside the\n"
	       "  target and renamed into place); /dev/stdout or /dev/fd/N is written\n"
	       "  through, appended to after >>.  The two may not name one file.\n"
	       "  Ordinary memory (the hotplug-128G and boot-1T presets, or --init):\n"
	       "  onlining memory blocks of --block-size (128M..2G), or deferred init\n"
	       "  at boot with every column on --threads CPUs; columns slow, template,\n"
	       "  template-nt, each also as S+free (the free to the buddy allocator\n"
	       "  that follows, compared whole with slow+free).\n"
	       "presets:\n", BENCH_DEFAULT_BINDS, BENCH_DEFAULT_PRESET,
	       BENCH_DEFAULT_SAMPLES);
	for (unsigned int i = 0; i < nr_bench_presets; i++)
		printf("  %-14s %s\n", bench_presets[i].name,
		       bench_presets[i].about);
}

int cmd_bench(int argc, char **argv)
{
	struct bench_config c;
	struct bench_machine m;
	struct bench_result r;
	struct bench_plan p;
	struct page_layout l;
	struct zdm_outfile json, plot;
	char err[512];
	int ret;

	ret = bench_options_parse(argc, argv, &c, &l, &p, err, sizeof(err));
	if (ret == BENCH_OPTIONS_HELP) {
		help();
		return 0;
	}
	if (ret)
		usage_error("%s", err);
	/*
	 * The result files exist from here on only as temporaries beside
	 * their targets; they replace the targets after a run that worked.
	 * Their names are checked against each other and the inputs before
	 * gnuplot is even looked for.
	 */
	zdm_outfile_input("--kconfig", c.kconfig);
	zdm_outfile_input("--backing", c.backing.path);
	if (c.json && zdm_outfile_open(&json, "--json", c.json, err,
				       sizeof(err)))
		usage_error("%s", err);
	if (c.plot && zdm_outfile_open(&plot, "--plot", c.plot, err,
				       sizeof(err)))
		usage_error("%s", err);
	if (c.plot && bench_plot_check(c.plot, err, sizeof(err)))
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
	if (c.plot && bench_plot_write(c.plot, plot.f, &c, &p, &r, err,
				       sizeof(err)))
		usage_error("%s", err);
	/* The table is part of the result: no files if it was lost. */
	if (fflush(stdout) || ferror(stdout))
		usage_error("cannot write the standard output");
	if ((c.json && zdm_outfile_commit(&json, "--json", err, sizeof(err))) ||
	    (c.plot && zdm_outfile_commit(&plot, "--plot", err, sizeof(err))))
		usage_error("%s", err);
	bench_result_free(&r);
	return 0;
}
