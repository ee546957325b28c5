// SPDX-License-Identifier: GPL-2.0
/* bench_machine.c - CPU model, CPU count, memory and kernel of this host. */
#include "bench_machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static void cpuinfo(struct bench_machine *m)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[1024];

	strcpy(m->hypervisor, "no");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!v)
			continue;
		v += 1 + (v[1] == ' ');
		v[strcspn(v, "\n")] = 0;
		if (!m->cpu[0] && !strncmp(line, "model name", 10))
			snprintf(m->cpu, sizeof(m->cpu), "%s", v);
		if (!strncmp(line, "flags", 5) && strstr(v, " hypervisor"))
			strcpy(m->hypervisor, "yes");
	}
	fclose(f);
}

void bench_machine_probe(struct bench_machine *m)
{
	struct utsname u;
	long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);

	memset(m, 0, sizeof(*m));
	cpuinfo(m);
	if (!m->cpu[0])
		strcpy(m->cpu, "unknown");
	m->cpus_online = sysconf(_SC_NPROCESSORS_ONLN);
	m->mem_total = pages > 0 && psz > 0 ?
		       (unsigned long)pages * (unsigned long)psz : 0;
	if (!uname(&u))
		snprintf(m->kernel, sizeof(m->kernel), "%s %s", u.sysname,
			 u.release);
	else
		strcpy(m->kernel, "unknown");
}
