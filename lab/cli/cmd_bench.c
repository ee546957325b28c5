// SPDX-License-Identifier: GPL-2.0
/* cmd_bench.c - `zdmemmap bench`: being written (issue 3). */
#include "args.h"
#include "commands.h"

int cmd_bench(int argc, char **argv)
{
	usage_error("bench: not built yet");
}
