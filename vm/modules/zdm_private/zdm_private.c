// SPDX-License-Identifier: GPL-2.0
/*
 * zdm_private: re-creates a MEMORY_DEVICE_PRIVATE dev_pagemap on demand so the
 * zdmemmap VM harness can time memmap_init_zone_device() for device-private
 * memory (what HMM drivers such as nouveau/amdgpu do at load) without a GPU.
 *
 * Like lib/test_hmm.c it claims an unused physical range with
 * request_free_mem_region() and hands it to memremap_pages(); unlike test_hmm
 * it has no mirror device and never hands a page out, so a remap is nothing
 * but the memmap setup and teardown we want to measure.
 *
 * debugfs: /sys/kernel/debug/zdm_private/
 *   mapped  rw  read 0/1; write 1 maps (one memmap_init_zone_device() call),
 *               write 0 unmaps
 *   remap   w   write N: N times { unmap if mapped; map }
 *   range   r   "<start phys> <end phys> <pages>" of the current mapping
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/memremap.h>
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sizes.h>

static unsigned long size_mb = 256;
module_param(size_mb, ulong, 0444);
MODULE_PARM_DESC(size_mb, "size of the device-private range in MiB (multiple of 128, one memory section)");

static DEFINE_MUTEX(zdm_lock);
static struct dev_pagemap zdm_pgmap;
static struct resource *zdm_res;
static struct dentry *zdm_dir;
/* Only its address matters: device-private pgmaps must name an owner. */
static int zdm_owner;

/*
 * No page of this pgmap is ever handed out, so nothing is ever freed.
 * 7.x frees device-private memory by the folio.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
static void zdm_folio_free(struct folio *folio)
{
}
#else
static void zdm_page_free(struct page *page)
{
}
#endif

/* Never reached (no CPU mapping points at these pages); SIGBUS if it were. */
static vm_fault_t zdm_migrate_to_ram(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct dev_pagemap_ops zdm_ops = {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	.folio_free = zdm_folio_free,
#else
	.page_free = zdm_page_free,
#endif
	.migrate_to_ram = zdm_migrate_to_ram,
};

static int zdm_map(void)
{
	void *addr;

	if (zdm_res)
		return 0;
	zdm_res = request_free_mem_region(&iomem_resource, size_mb * SZ_1M,
					  "zdm_private");
	if (IS_ERR_OR_NULL(zdm_res)) {
		int err = zdm_res ? PTR_ERR(zdm_res) : -ENOMEM;

		zdm_res = NULL;
		pr_err("request_free_mem_region(%lu MiB) failed: %d\n", size_mb, err);
		return err;
	}
	/* memremap_pages() rewrites nr_range and the percpu ref: start clean. */
	memset(&zdm_pgmap, 0, sizeof(zdm_pgmap));
	zdm_pgmap.type = MEMORY_DEVICE_PRIVATE;
	zdm_pgmap.range.start = zdm_res->start;
	zdm_pgmap.range.end = zdm_res->end;
	zdm_pgmap.nr_range = 1;
	zdm_pgmap.ops = &zdm_ops;
	zdm_pgmap.owner = &zdm_owner;
	addr = memremap_pages(&zdm_pgmap, numa_node_id());
	if (IS_ERR(addr)) {
		pr_err("memremap_pages failed: %ld\n", PTR_ERR(addr));
		release_mem_region(zdm_res->start, resource_size(zdm_res));
		zdm_res = NULL;
		return PTR_ERR(addr);
	}
	return 0;
}

static void zdm_unmap(void)
{
	if (!zdm_res)
		return;
	memunmap_pages(&zdm_pgmap);
	release_mem_region(zdm_pgmap.range.start, range_len(&zdm_pgmap.range));
	zdm_res = NULL;
}

static int zdm_mapped_get(void *data, u64 *val)
{
	*val = READ_ONCE(zdm_res) != NULL;
	return 0;
}

static int zdm_mapped_set(void *data, u64 val)
{
	int ret = 0;

	mutex_lock(&zdm_lock);
	if (val)
		ret = zdm_map();
	else
		zdm_unmap();
	mutex_unlock(&zdm_lock);
	return ret;
}
DEFINE_DEBUGFS_ATTRIBUTE(zdm_mapped_fops, zdm_mapped_get, zdm_mapped_set, "%llu\n");

static int zdm_remap_set(void *data, u64 n)
{
	int ret = 0;

	mutex_lock(&zdm_lock);
	while (n-- && !ret) {
		zdm_unmap();
		ret = zdm_map();
		cond_resched();
	}
	mutex_unlock(&zdm_lock);
	return ret;
}
DEFINE_DEBUGFS_ATTRIBUTE(zdm_remap_fops, NULL, zdm_remap_set, "%llu\n");

static int zdm_range_show(struct seq_file *m, void *v)
{
	mutex_lock(&zdm_lock);
	if (zdm_res)
		seq_printf(m, "%#llx %#llx %llu\n", zdm_pgmap.range.start,
			   zdm_pgmap.range.end, range_len(&zdm_pgmap.range) >> PAGE_SHIFT);
	else
		seq_puts(m, "unmapped\n");
	mutex_unlock(&zdm_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(zdm_range);

static int __init zdm_init(void)
{
	/* memremap_pages() adds whole memory sections (128 MiB on x86-64). */
	if (!size_mb || (size_mb * SZ_1M) % (PAGES_PER_SECTION << PAGE_SHIFT)) {
		pr_err("size_mb=%lu is not a positive multiple of %lu\n", size_mb,
		       (PAGES_PER_SECTION << PAGE_SHIFT) / SZ_1M);
		return -EINVAL;
	}
	zdm_dir = debugfs_create_dir("zdm_private", NULL);
	debugfs_create_file_unsafe("mapped", 0644, zdm_dir, NULL, &zdm_mapped_fops);
	debugfs_create_file_unsafe("remap", 0200, zdm_dir, NULL, &zdm_remap_fops);
	debugfs_create_file("range", 0444, zdm_dir, NULL, &zdm_range_fops);
	return 0;
}

static void __exit zdm_exit(void)
{
	debugfs_remove_recursive(zdm_dir);
	mutex_lock(&zdm_lock);
	zdm_unmap();
	mutex_unlock(&zdm_lock);
}

module_init(zdm_init);
module_exit(zdm_exit);
MODULE_DESCRIPTION("zdmemmap: re-creatable MEMORY_DEVICE_PRIVATE pagemap for memmap init timing");
MODULE_LICENSE("GPL");
