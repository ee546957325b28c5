// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_verify.c - `zdmemmap verify [--cases N] [--seed S] [--kconfig FILE]`.
 * Exit 0 only with 0 mismatches; the last line is the totals.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "commands.h"
#include "layouts_builtin.h"
#include "sweep.h"

static const struct option opts[] = {
	{ "cases", required_argument, NULL, 'n' },
	{ "seed", required_argument, NULL, 's' },
	{ "kconfig", required_argument, NULL, 'k' },
	{ "kernel", required_argument, NULL, 'K' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static void help(void)
{
	printf("usage: zdmemmap verify [--cases N] [--seed S] [--kconfig FILE]\n"
	       "         [--kernel 6.12|7.3] [--verbose]\n"
	       "  Runs N random scenarios (default 200): ZONE_DEVICE pgmaps, onlined\n"
	       "  memory blocks and deferred-init ranges; each runs template,\n"
	       "  template-nt and template-nt-mt against slow and compares\n"
	       "  every byte; ordinary memory also every strategy in one pass\n"
	       "  (--fused), half of it through the free to the buddy\n"
	       "  allocator.  Without --kconfig the layouts vm, distro and\n"
	       "  sparse-numa are used in turn.  --kernel: whose semantics\n"
	       "  (default 6.12).\n");
}

int cmd_verify(int argc, char **argv)
{
	unsigned long cases = 200, seed = 1;
	enum zdm_kernel kernel = ZDM_KERNEL_DEFAULT;
	const char *kconfig = NULL;
	struct page_layout layouts[8];
	const char *names[8];
	unsigned int nr = 0;
	struct zdm_sweep_result res;
	bool verbose = false;
	char err[256];
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (arg_number("cases", optarg, &cases, err, sizeof(err)))
				usage_error("%s", err);
			break;
		case 's':
			if (arg_number("seed", optarg, &seed, err, sizeof(err)))
				usage_error("%s", err);
			break;
		case 'k': kconfig = optarg; break;
		case 'K': kernel = kernel_or_exit(optarg); break;
		case 'v': verbose = true; break;
		case 'h': help(); return 0;
		default: getopt_failed("verify", argv);
		}
	}
	if (optind < argc)
		usage_error("verify: unexpected argument '%s'", argv[optind]);
	if (!cases)
		usage_error("--cases: must be at least 1");
	if (kconfig) {
		load_layout_or_exit(&layouts[0], kconfig, kernel);
		names[nr++] = kconfig;
	} else {
		for (unsigned int i = 0; i < nr_builtin_layouts; i++) {
			if (page_layout_parse(&layouts[nr], builtin_layouts[i].text,
					      builtin_layouts[i].name, kernel,
					      err, sizeof(err)))
				usage_error("%s", err);
			names[nr++] = builtin_layouts[i].name;
		}
	}
	printf("verify: kernel %s, seed %lu, %lu cases, %u layout(s)\n",
	       zdm_kernels[kernel].name, seed, cases, nr);
	fflush(stdout);
	zdm_sweep(seed, cases, layouts, names, nr, verbose, stdout, &res);
	if (res.errors)
		printf("verify: %lu runs could not allocate memory\n", res.errors);
	printf("verify: %lu cases, %lu mismatches\n", res.cases, res.mismatches);
	return res.mismatches || res.errors ? EXIT_CHECK_FAILED : 0;
}
