// SPDX-License-Identifier: GPL-2.0
/*
 * kconfig_default.c - the built-in default layout: the symbols that matter
 * to struct page from the tinyconfig-based x86-64 kernel that the VM
 * harness builds (vm/kconfig.fragment).  tests/test_layout.c checks that
 * this agrees with a full .config of that kernel when one has been built.
 */
#include "kconfig.h"

const char kconfig_default_text[] =
	"CONFIG_64BIT=y\n"
	"CONFIG_X86_64=y\n"
	"CONFIG_X86_5LEVEL=y\n"
	"CONFIG_MMU=y\n"
	"CONFIG_SMP=y\n"
	"CONFIG_NR_CPUS=8\n"
	"# CONFIG_NUMA is not set\n"
	"# CONFIG_ZONE_DMA is not set\n"
	"CONFIG_ZONE_DMA32=y\n"
	"CONFIG_ZONE_DEVICE=y\n"
	"CONFIG_SPARSEMEM=y\n"
	"CONFIG_SPARSEMEM_VMEMMAP=y\n"
	"CONFIG_HAVE_ALIGNED_STRUCT_PAGE=y\n"
	"CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP=y\n"
	"CONFIG_TRANSPARENT_HUGEPAGE=y\n"
	"# CONFIG_HUGETLB_PAGE is not set\n"
	"# CONFIG_MEMCG is not set\n"
	"# CONFIG_MEMORY_FAILURE is not set\n"
	"# CONFIG_NUMA_BALANCING is not set\n"
	"# CONFIG_LRU_GEN is not set\n"
	"# CONFIG_KASAN is not set\n"
	"CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000\n";
