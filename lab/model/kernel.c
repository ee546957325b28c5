// SPDX-License-Identifier: GPL-2.0
/*
 * kernel.c - the kernels the lab models, side by side.  Each line of the
 * table is a difference in the bytes memmap_init_zone_device() writes or in
 * how the layout is derived; docs/kernel-7.3.md cites the source of each.
 */
#include "kernel.h"

#include <string.h>

#include "mm_model.h"

#define TYPE(t)		(1U << (t))

const struct zdm_kernel_desc zdm_kernels[NR_ZDM_KERNELS] = {
	[ZDM_KERNEL_6_12] = {
		.name = "6.12",
		.release = "6.12.118",	/* read off 6.12.117: the same code */
		.pageflags_fixed = 19,		/* PG_locked..PG_unevictable */
		/* private and coherent pages get their count from the
		 * driver's allocator */
		.refcount0_types = TYPE(MEMORY_DEVICE_PRIVATE) |
				   TYPE(MEMORY_DEVICE_COHERENT),
		.prep_head_after_tails = false,
		.compound_info_mask = false,
		.folio = ZDM_FOLIO_6_12,
		.pageblock_isolate_bit = false,
		.page_block_max_order = false,
		.always_5level = false,
	},
	[ZDM_KERNEL_7_3] = {
		.name = "7.3",
		.release = "7.3.4",
		.pageflags_fixed = 20,		/* + PG_dropbehind */
		/* fsdax and p2pdma pages too: only device-dax starts at 1 */
		.refcount0_types = TYPE(MEMORY_DEVICE_PRIVATE) |
				   TYPE(MEMORY_DEVICE_COHERENT) |
				   TYPE(MEMORY_DEVICE_FS_DAX) |
				   TYPE(MEMORY_DEVICE_PCI_P2PDMA),
		.prep_head_after_tails = true,
		.compound_info_mask = true,
		.folio = ZDM_FOLIO_7_3,
		.pageblock_isolate_bit = true,
		.page_block_max_order = true,
		.always_5level = true,
	},
};

int zdm_kernel_parse(const char *name)
{
	for (int k = 0; k < NR_ZDM_KERNELS; k++)
		if (!strcmp(name, zdm_kernels[k].name))
			return k;
	return -1;
}
