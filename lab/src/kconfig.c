// SPDX-License-Identifier: GPL-2.0
/* kconfig.c - read a kernel .config the way scripts/kconfig writes it. */
#include "kconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int kconfig_add(struct kconfig *kc, const char *name, size_t nlen,
		       const char *value, size_t vlen)
{
	struct kconfig_sym *s;

	if (kc->nr == kc->cap) {
		size_t cap = kc->cap ? kc->cap * 2 : 64;
		void *p = realloc(kc->syms, cap * sizeof(*kc->syms));

		if (!p)
			return -1;
		kc->syms = p;
		kc->cap = cap;
	}
	s = &kc->syms[kc->nr];
	s->name = strndup(name, nlen);
	s->value = value ? strndup(value, vlen) : NULL;
	if (!s->name || (value && !s->value))
		return -1;
	kc->nr++;
	return 0;
}

static bool is_sym_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* One line: "CONFIG_X=v", "# CONFIG_X is not set", another comment, blank. */
static int kconfig_line(struct kconfig *kc, const char *l, size_t len)
{
	static const char unset[] = " is not set";
	const char *name, *end;

	while (len && isspace((unsigned char)l[len - 1]))
		len--;
	if (!len)
		return 0;
	if (l[0] == '#') {
		if (len > 9 && !strncmp(l, "# CONFIG_", 9) &&
		    len > strlen(unset) &&
		    !strncmp(l + len - strlen(unset), unset, strlen(unset))) {
			name = l + 9;
			end = l + len - strlen(unset);
			for (const char *c = name; c < end; c++)
				if (!is_sym_char(*c))
					return 1;
			return end > name ? kconfig_add(kc, name, end - name,
							 NULL, 0) : 1;
		}
		return 0;
	}
	if (len < 8 || strncmp(l, "CONFIG_", 7))
		return 1;
	name = l + 7;
	for (end = name; end < l + len && is_sym_char(*end); end++)
		;
	if (end == name || end >= l + len || *end != '=' || end + 1 >= l + len)
		return 1;
	return kconfig_add(kc, name, end - name, end + 1, l + len - end - 1);
}

int kconfig_parse_text(struct kconfig *kc, const char *text, const char *what,
		       char *err, size_t errlen)
{
	const char *l = text;
	unsigned int lineno = 0;

	memset(kc, 0, sizeof(*kc));
	while (*l) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		int rc;

		lineno++;
		rc = kconfig_line(kc, l, len);
		if (rc) {
			snprintf(err, errlen, "%s:%u: %s", what, lineno,
				 rc < 0 ? "out of memory" :
				 "not a kernel .config line");
			kconfig_free(kc);
			return -1;
		}
		l += len + (nl ? 1 : 0);
	}
	if (!kc->nr) {
		snprintf(err, errlen, "%s: no CONFIG_ symbols", what);
		kconfig_free(kc);
		return -1;
	}
	return 0;
}

int kconfig_load(struct kconfig *kc, const char *path, char *err,
		 size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096) {
			char *p = realloc(buf, cap + 65536);

			if (!p) {
				fclose(f);
				free(buf);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			buf = p;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	buf[len] = '\0';
	if (strlen(buf) != len) {
		snprintf(err, errlen, "%s: not a text file", path);
		free(buf);
		return -1;
	}
	rc = kconfig_parse_text(kc, buf, path, err, errlen);
	free(buf);
	return rc;
}

void kconfig_free(struct kconfig *kc)
{
	for (size_t i = 0; i < kc->nr; i++) {
		free(kc->syms[i].name);
		free(kc->syms[i].value);
	}
	free(kc->syms);
	memset(kc, 0, sizeof(*kc));
}

static const char *kconfig_value(const struct kconfig *kc, const char *name)
{
	/* Later lines win, as in the kernel's own .config reader. */
	for (size_t i = kc->nr; i-- > 0;)
		if (!strcmp(kc->syms[i].name, name))
			return kc->syms[i].value;
	return NULL;
}

bool kconfig_enabled(const struct kconfig *kc, const char *name)
{
	const char *v = kconfig_value(kc, name);

	return v && (!strcmp(v, "y") || !strcmp(v, "m"));
}

int kconfig_number(const struct kconfig *kc, const char *name,
		   unsigned long long def, unsigned long long *val)
{
	const char *v = kconfig_value(kc, name);
	char *end;

	if (!v) {
		*val = def;
		return 0;
	}
	errno = 0;
	*val = strtoull(v, &end, 0);
	if (errno || end == v || *end)
		return -1;
	return 0;
}
