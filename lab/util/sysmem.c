// SPDX-License-Identifier: GPL-2.0
/*
 * sysmem.c - the memory a run can use: meminfo, cgroup v2, rlimits and the
 * overcommit policy.
 */
#define _GNU_SOURCE		/* pthread_getattr_default_np() */
#include "sysmem.h"
#include "procfs.h"

#include <pthread.h>
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

/* One number from a cgroup or sysctl file; 0 if absent or "max". */
static unsigned long read_number(const char *dir, const char *file)
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
		unsigned long max = read_number(dir, "memory.max");
		unsigned long cur = read_number(dir, "memory.current");

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

unsigned long zdm_mem_room(void)
{
	unsigned long best = proc_kb("/proc/meminfo", "MemAvailable");

	cgroup_room(&best);
	return best;
}

/*
 * Overcommit mode 2 charges every private writable mapping at mmap() time,
 * MAP_NORESERVE or not, against CommitLimit.
 */
static void commit_room(unsigned long *best)
{
	unsigned long limit, used;

	if (read_number("/proc/sys/vm", "overcommit_memory") != 2)
		return;
	limit = proc_kb("/proc/meminfo", "CommitLimit");
	used = proc_kb("/proc/meminfo", "Committed_AS");
	if (limit)
		lower(best, limit > used ? limit - used : 0);
}

void zdm_map_room(unsigned long *all, unsigned long *priv)
{
	*all = 0;
	rlimit_room(all, RLIMIT_AS, "VmSize");
	*priv = *all;
	rlimit_room(priv, RLIMIT_DATA, "VmData");
	commit_room(priv);
}

unsigned long zdm_mem_available(void)
{
	unsigned long best = zdm_mem_room(), all, priv;

	zdm_map_room(&all, &priv);
	if (priv)
		lower(&best, priv);
	return best;
}

unsigned long zdm_thread_map_bytes(void)
{
	size_t stack = 8UL << 20, guard = 4096;
	pthread_attr_t a;

	if (!pthread_getattr_default_np(&a)) {
		pthread_attr_getstacksize(&a, &stack);
		pthread_attr_getguardsize(&a, &guard);
		pthread_attr_destroy(&a);
	}
	return stack + guard;
}
