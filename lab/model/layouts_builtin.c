// SPDX-License-Identifier: GPL-2.0
/*
 * layouts_builtin.c - configs that exercise every branch of the layout
 * code: the VM kernel, a distro kernel (written after the symbols Debian's
 * amd64 6.12 config sets), and a synthetic classic-SPARSEMEM NUMA config
 * in which the section number lives in page->flags and the last-cpupid
 * field falls out of the flags into struct page (an 80-byte struct page).
 */
#include "layouts_builtin.h"

#include "kconfig.h"

static const char distro_text[] =
	"CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_X86_5LEVEL=y\nCONFIG_MMU=y\n"
	"CONFIG_SMP=y\nCONFIG_NR_CPUS=8192\nCONFIG_NUMA=y\n"
	"CONFIG_NODES_SHIFT=10\nCONFIG_ZONE_DMA=y\nCONFIG_ZONE_DMA32=y\n"
	"CONFIG_ZONE_DEVICE=y\nCONFIG_SPARSEMEM=y\nCONFIG_SPARSEMEM_VMEMMAP=y\n"
	"CONFIG_HAVE_ALIGNED_STRUCT_PAGE=y\n"
	"CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP=y\n"
	"CONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_HUGETLB_PAGE=y\n"
	"CONFIG_MEMCG=y\nCONFIG_SLAB_OBJ_EXT=y\nCONFIG_MEMORY_FAILURE=y\n"
	"CONFIG_PAGE_IDLE_FLAG=y\nCONFIG_NUMA_BALANCING=y\nCONFIG_LRU_GEN=y\n"
	"CONFIG_ARCH_USES_PG_ARCH_2=y\n"
	"CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000\n";

static const char sparse_numa_text[] =
	"CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_MMU=y\nCONFIG_SMP=y\n"
	"CONFIG_NR_CPUS=8192\nCONFIG_NUMA=y\nCONFIG_NODES_SHIFT=10\n"
	"CONFIG_ZONE_DMA=y\nCONFIG_ZONE_DMA32=y\nCONFIG_ZONE_DEVICE=y\n"
	"CONFIG_SPARSEMEM=y\n# CONFIG_SPARSEMEM_VMEMMAP is not set\n"
	"CONFIG_HAVE_ALIGNED_STRUCT_PAGE=y\n"
	"CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP=y\n"
	"CONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_MEMCG=y\n"
	"CONFIG_MEMORY_FAILURE=y\nCONFIG_PAGE_IDLE_FLAG=y\n"
	"CONFIG_NUMA_BALANCING=y\nCONFIG_LRU_GEN=y\n"
	"CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000\n";

const struct builtin_layout builtin_layouts[] = {
	{ "vm", kconfig_default_text },
	{ "distro", distro_text },
	{ "sparse-numa", sparse_numa_text },
};

const unsigned int nr_builtin_layouts =
	sizeof(builtin_layouts) / sizeof(builtin_layouts[0]);
