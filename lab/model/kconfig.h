/* SPDX-License-Identifier: GPL-2.0 */
/* kconfig.h - a parsed kernel .config: symbol lookup for the layout code. */
#ifndef ZDM_KCONFIG_H
#define ZDM_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct kconfig_sym {
	char *name;	/* without the CONFIG_ prefix */
	char *value;	/* "y", "m", a number or a string; NULL if not set */
};

struct kconfig {
	struct kconfig_sym *syms;
	size_t nr, cap;
};

/* Both return 0, or -1 with a one-line reason in @err. */
int kconfig_parse_text(struct kconfig *kc, const char *text, const char *what,
		       char *err, size_t errlen);
int kconfig_load(struct kconfig *kc, const char *path, char *err,
		 size_t errlen);
void kconfig_free(struct kconfig *kc);

bool kconfig_enabled(const struct kconfig *kc, const char *name);
/* A line names the symbol, set or "is not set". */
bool kconfig_has(const struct kconfig *kc, const char *name);
/* The symbol's numeric value (decimal or 0x hex), or @def if unset. */
int kconfig_number(const struct kconfig *kc, const char *name,
		   unsigned long long def, unsigned long long *val);

/* The built-in default: the tinyconfig-based kernel the VM harness builds. */
extern const char kconfig_default_text[];

#endif
