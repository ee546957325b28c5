/* SPDX-License-Identifier: GPL-2.0 */
/* commands.h - the subcommands; each gets argv from its own name on. */
#ifndef ZDM_COMMANDS_H
#define ZDM_COMMANDS_H

#include "layout.h"

int cmd_verify(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_layout(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/* Load --kconfig FILE (NULL: built-in default) for @kernel or exit 2. */
void load_layout_or_exit(struct page_layout *l, const char *path,
			 enum zdm_kernel kernel);
/* --kernel NAME, or exit 2. */
enum zdm_kernel kernel_or_exit(const char *name);

#endif
