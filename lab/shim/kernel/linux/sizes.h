/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/sizes.h> in the lab: the sizes core/ names. */
#ifndef ZDM_SHIM_LINUX_SIZES_H
#define ZDM_SHIM_LINUX_SIZES_H

#define SZ_512M			(512UL << 20)

#endif
