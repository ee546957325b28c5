// SPDX-License-Identifier: GPL-2.0
/*
 * bench_options.c - `zdmemmap bench`'s options checked up front and turned
 * into a plan (bench_options.h), so that a run that cannot finish fails in
 * its first second.
 */
#include "bench_options.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "bench_alloc.h"
#include "bench_config.h"
#include "fail.h"
#include "fpu.h"

enum {
	OPT_PRESET = 256, OPT_TYPE, OPT_SIZE, OPT_ALIGN, OPT_MAP, OPT_BINDS,
	OPT_STRATEGIES, OPT_THREADS, OPT_CHUNK, OPT_JSON, OPT_PLOT, OPT_BACKING,
	OPT_NT_IMPL, OPT_KCONFIG, OPT_SAMPLES, OPT_SEED, OPT_KERNEL, OPT_INIT,
	OPT_BLOCK, OPT_MOM, OPT_FPU_WINDOW, OPT_HELP,
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
	{ "fpu-window", required_argument, NULL, OPT_FPU_WINDOW },
	{ "kconfig", required_argument, NULL, OPT_KCONFIG },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "init", required_argument, NULL, OPT_INIT },
	{ "block-size", required_argument, NULL, OPT_BLOCK },
	{ "memmap-on-memory", no_argument, NULL, OPT_MOM },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 }
};

static int parse_nt_impl(const char *s)
{
	for (int i = 0; i < NR_ZDM_NT_IMPLS; i++)
		if (!strcmp(s, zdm_nt_impl_names[i]))
			return i;
	return -1;
}

static bool has_slow_free(const struct bench_config *c)
{
	for (unsigned int i = 0; i < c->nr_strategies; i++)
		if (c->strategies[i] == MEMMAP_SLOW && c->entry_free[i])
			return true;
	return false;
}

static int parse_options(int argc, char **argv, struct bench_config *c,
			 char *err, size_t errlen)
{
	const char *preset = NULL, *type = NULL, *map = NULL, *list = NULL;
	const char *nt = NULL, *backing = "anon";
	bool size_set = false, align_set = false, block_set = false;
	bool mom = false;
	const char *init = NULL;
	unsigned long size = 0, align = 0, block = 0, v;
	int ch;

	optind = 0;		/* a fresh scan, also for the fuzzer's loop */
	opterr = 0;		/* getopt_error() says it, escaped */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_PRESET: preset = optarg; break;
		case OPT_TYPE: type = optarg; break;
		case OPT_SIZE:
			if (arg_size("size", optarg, &size, err, errlen))
				return -1;
			size_set = true;
			break;
		case OPT_ALIGN:
			if (arg_size("align", optarg, &align, err, errlen))
				return -1;
			align_set = true;
			break;
		case OPT_MAP: map = optarg; break;
		case OPT_INIT: init = optarg; break;
		case OPT_MOM: mom = true; break;
		case OPT_BLOCK:
			if (arg_size("block-size", optarg, &block, err, errlen))
				return -1;
			block_set = true;
			break;
		case OPT_BINDS:
			if (arg_number("binds", optarg, &v, err, errlen))
				return -1;
			if (!v || v > BENCH_MAX_BINDS)
				FAIL("--binds: must be 1..%d", BENCH_MAX_BINDS);
			c->binds = v;
			break;
		case OPT_STRATEGIES: list = optarg; break;
		case OPT_THREADS:
			if (arg_number("threads", optarg, &v, err, errlen))
				return -1;
			if (!v || v > 1024)
				FAIL("--threads: must be 1..1024");
			c->threads = v;
			break;
		case OPT_CHUNK:
			if (arg_number("chunk-pfns", optarg, &c->chunk_pfns,
				       err, errlen))
				return -1;
			if (!c->chunk_pfns)
				FAIL("--chunk-pfns: must be non-zero");
			break;
		case OPT_JSON: c->json = optarg; break;
		case OPT_PLOT: c->plot = optarg; break;
		case OPT_BACKING: backing = optarg; break;
		case OPT_NT_IMPL: nt = optarg; break;
		case OPT_FPU_WINDOW:
			if (arg_size("fpu-window", optarg, &v, err, errlen))
				return -1;
			/* a struct page at least, 64 MiB at most */
			if (v && (v < 64 || v > (64ul << 20)))
				FAIL("--fpu-window: want 0 (none) or 64 bytes "
				     "to 64M, not %s", optarg);
			zdm_fpu_window_set(v);
			break;
		case OPT_KCONFIG: c->kconfig = optarg; break;
		case OPT_SAMPLES:
			if (arg_number("samples", optarg, &c->samples, err,
				       errlen))
				return -1;
			if (c->samples > 1000000)
				FAIL("--samples: at most 1000000");
			break;
		case OPT_SEED:
			if (arg_number("seed", optarg, &c->seed, err, errlen))
				return -1;
			break;
		case OPT_KERNEL: {
			int k = zdm_kernel_parse(optarg);

			if (k < 0)
				FAIL("--kernel: '%s' is not 6.12 or 7.3", optarg);
			c->kernel = k;
			break;
		}
		case OPT_HELP: return BENCH_OPTIONS_HELP;
		default:
			getopt_error("bench", argv, err, errlen);
			return -1;
		}
	}
	if (optind < argc)
		FAIL("bench: unexpected argument '%s'", argv[optind]);

	if (preset && !bench_preset_find(preset))
		FAIL("--preset: unknown preset '%s' (see bench --help)",
			    preset);
	bench_preset_apply(&c->geo, bench_preset_find(preset ? preset :
						      BENCH_DEFAULT_PRESET));
	if (!preset && (type || size_set || align_set || map || init))
		c->geo.preset = NULL;	/* a namespace of the user's own */
	if (init) {
		int k = zdm_init_parse(init);

		if (k < 0)
			FAIL("--init: '%s' is not zone-device, hotplug or "
			     "deferred", init);
		if (preset && k != (int)c->geo.init)
			FAIL("--init %s: preset %s is %s", init, preset,
			     zdm_init_names[c->geo.init]);
		c->geo.init = k;
		if (!preset && k != ZDM_INIT_ZONE_DEVICE)
			c->geo.size = 128UL << 30;
	}
	if (c->geo.init != ZDM_INIT_ZONE_DEVICE &&
	    (type || align_set || map || c->chunk_pfns))
		FAIL("bench: --type, --align, --map and --chunk-pfns are for "
		     "ZONE_DEVICE, not --init %s", zdm_init_names[c->geo.init]);
	if (c->geo.init != ZDM_INIT_HOTPLUG && (block_set || mom))
		FAIL("bench: --block-size and --memmap-on-memory are for "
		     "--init hotplug");
	if (block_set) {
		if (block < (128UL << 20) || block > (2UL << 30) ||
		    (block & (block - 1)))
			FAIL("--block-size: must be a power of two from 128M "
			     "to 2G");
		c->geo.block_size = block;
	}
	c->geo.memmap_on_memory = mom;
	if (type) {
		int t = !strcmp(type, "devdax") ? MEMORY_DEVICE_GENERIC :
			zdm_type_parse(type);

		if (t < 0)
			FAIL("--type: unknown pgmap type '%s' (generic, "
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
			FAIL("--map: '%s' is not mem or dev", map);
		c->geo.map_dev = !strcmp(map, "dev");
	}
	if (!list)
		bench_default_strategies(c, c->geo.init);
	else if (bench_strategies_parse(list, c, err, errlen))
		return -1;
	for (unsigned int i = 0; i < c->nr_strategies; i++) {
		bool ram = c->geo.init != ZDM_INIT_ZONE_DEVICE;

		if (c->entry_free[i] && !ram)
			FAIL("--strategies: +free and +fused are for ordinary "
			     "memory (--init hotplug|deferred)");
		if (ram && c->strategies[i] == MEMMAP_TEMPLATE_NT_MT)
			FAIL("--strategies: template-nt-mt is ZONE_DEVICE's; "
			     "ordinary memory runs each block on one CPU, and "
			     "boot-time init every strategy on --threads CPUs");
		if (c->entry_free[i] && !has_slow_free(c))
			FAIL("--strategies: +free and +fused columns are "
			     "checked against slow+free; add it");
	}
	if (bench_backing_parse(backing, &c->backing, err, errlen))
		return -1;
	if (nt) {
		int i = parse_nt_impl(nt);

		if (i < 0)
			FAIL("--nt-impl: unknown '%s' (portable, movnti, "
				    "sse2-copy, sse2, avx)", nt);
		if (!zdm_nt_select(i))
			FAIL("--nt-impl: this CPU has no %s", nt);
	}
	return 0;
}

int bench_options_parse(int argc, char **argv, struct bench_config *c,
			struct page_layout *l, struct bench_plan *p,
			char *err, size_t errlen)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	memset(c, 0, sizeof(*c));
	c->binds = BENCH_DEFAULT_BINDS;
	c->samples = BENCH_DEFAULT_SAMPLES;
	c->seed = 1;
	c->threads = cpus > 0 ? cpus : 1;
	c->backing.fd = -1;
	rc = parse_options(argc, argv, c, err, errlen);
	if (rc)
		return rc;
	if (page_layout_load(l, c->kconfig, c->kernel, err, errlen))
		return -1;
	memset(p, 0, sizeof(*p));
	if (bench_plan_geometry(&c->geo, l, p, err, errlen))
		return -1;
	if (c->chunk_pfns % (1UL << p->sc.vmemmap_shift))
		FAIL("--chunk-pfns: %lu is not a multiple of the compound size, "
		     "%lu pfns", c->chunk_pfns, 1UL << p->sc.vmemmap_shift);
	if (bench_plan_memory(p, c, l, err, errlen)) {
		bench_backing_close(&c->backing);
		return -1;
	}
	return 0;
}
