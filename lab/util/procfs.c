// SPDX-License-Identifier: GPL-2.0
/*
 * procfs.c - the one /proc reader.  Kept apart from sysmem.c so that a
 * program replacing zdm_mem_available() (fuzz/fuzz_plan.c) can still
 * link the bench code that reads /proc/meminfo.
 */
#include "procfs.h"

#include <stdio.h>
#include <string.h>

unsigned long zdm_proc_value(const char *path, const char *name)
{
	FILE *f = fopen(path, "re");
	size_t len = strlen(name);
	unsigned long v = 0;
	char line[256];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':' &&
		    sscanf(line + len + 1, "%lu", &v) == 1)
			break;
	fclose(f);
	return v;
}
