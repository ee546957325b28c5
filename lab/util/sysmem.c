// SPDX-License-Identifier: GPL-2.0
/* sysmem.c - the memory a run can use: meminfo, cgroup v2 and rlimits. */
#include "sysmem.h"
#include "procfs.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#define CGROUP_ROOT	"/sys/fs/cgroup"

static void lower(unsigned long *best, unsigned long v)
{
	if (!*best || v < *best)
		*best = v ? v : 1;	/* 0 would read as "unknown" */
}

/* A "Name: N kB" line of a /proc file, in bytes; 0 if absent. */
static unsigned long proc_kb(const char *path, const char *name)
{
	return zdm_proc_value(path, name) * 1024;
}

/* One number from a cgroup file; 0 if absent or "max". */
static unsigned long cg_read(const char *dir, const char *file)
{
	char path[4096 + 64];
	unsigned long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%lu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* The tightest memory.max - memory.current from our cgroup up to the root. */
static void cgroup_room(unsigned long *best)
{
	char line[4096], dir[4096 + 32];
	FILE *f = fopen("/proc/self/cgroup", "re");
	char *rel = NULL, *slash;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {	/* the v2 hierarchy */
			line[strcspn(line, "\n")] = 0;
			rel = line + 3;
			break;
		}
	fclose(f);
	if (!rel)
		return;
	snprintf(dir, sizeof(dir), "%s%s", CGROUP_ROOT,
		 strcmp(rel, "/") ? rel : "");
	for (;;) {
		unsigned long max = cg_read(dir, "memory.max");
		unsigned long cur = cg_read(dir, "memory.current");

		if (max)
			lower(best, max > cur ? max - cur : 0);
		slash = strrchr(dir, '/');
		if (!slash || slash - dir <= (long)strlen(CGROUP_ROOT))
			break;
		*slash = 0;
	}
}

static void rlimit_room(unsigned long *best, int resource, const char *used)
{
	struct rlimit rl;
	unsigned long in_use;

	if (getrlimit(resource, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return;
	in_use = proc_kb("/proc/self/status", used);
	lower(best, rl.rlim_cur > in_use ? rl.rlim_cur - in_use : 0);
}

unsigned long zdm_mem_available(void)
{
	unsigned long best = proc_kb("/proc/meminfo", "MemAvailable");

	cgroup_room(&best);
	rlimit_room(&best, RLIMIT_AS, "VmSize");
	rlimit_room(&best, RLIMIT_DATA, "VmData");
	return best;
}
