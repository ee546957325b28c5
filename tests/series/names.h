/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced in front of every lab file by tests/series_core.sh for a core
 * from before the runtime-switch patch, which added the strategy names.
 */
#define memmap_strategy_names	series_strategy_names
static const char *const series_strategy_names[] = {
	"slow", "template", "template-nt", "template-nt-mt",
};
