// SPDX-License-Identifier: GPL-2.0
/* sysmem.c - read MemAvailable, the kernel's own estimate. */
#include "sysmem.h"

#include <stdio.h>

unsigned long zdm_mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}
