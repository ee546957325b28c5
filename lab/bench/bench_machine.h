/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_machine.h - the machine a bench ran on, for the report: absolute
 * times only mean something next to it.
 */
#ifndef ZDM_BENCH_MACHINE_H
#define ZDM_BENCH_MACHINE_H

struct bench_machine {
	char cpu[128];		/* /proc/cpuinfo "model name" */
	long cpus_online;
	unsigned long mem_total;	/* bytes */
	char kernel[160];	/* uname -sr */
	char hypervisor[8];	/* "yes" when the CPU says it runs under one */
};

void bench_machine_probe(struct bench_machine *m);

#endif
