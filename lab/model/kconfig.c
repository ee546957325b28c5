// SPDX-License-Identifier: GPL-2.0
/* kconfig.c - read a kernel .config the way scripts/kconfig writes it. */
#include "kconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"

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

/*
 * A .config is a regular file of a few hundred kB (a distro's is about
 * 300 kB).  Anything else - a device that never ends, a FIFO that never
 * gets a writer, a file of gigabytes - is refused before it is read.
 */
#define KCONFIG_MAX_BYTES	(4UL << 20)

int kconfig_load(struct kconfig *kc, const char *path, char *err,
		 size_t errlen)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd, rc;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((unsigned long)st.st_size > KCONFIG_MAX_BYTES) {
		snprintf(err, errlen, "%s: %lld bytes, more than a .config "
			 "(at most %lu MiB)", path, (long long)st.st_size,
			 KCONFIG_MAX_BYTES >> 20);
		close(fd);
		return -1;
	}
	/* One byte more than the cap: a file that grows is caught too. */
	buf = malloc(KCONFIG_MAX_BYTES + 2);
	if (!buf) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	while (len <= KCONFIG_MAX_BYTES &&
	       (n = read(fd, buf + len, KCONFIG_MAX_BYTES + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		len += n;
	}
	close(fd);
	if (len > KCONFIG_MAX_BYTES) {
		snprintf(err, errlen, "%s: more than a .config (at most %lu "
			 "MiB)", path, KCONFIG_MAX_BYTES >> 20);
		free(buf);
		return -1;
	}
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

bool kconfig_has(const struct kconfig *kc, const char *name)
{
	for (size_t i = 0; i < kc->nr; i++)
		if (!strcmp(kc->syms[i].name, name))
			return true;
	return false;
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
	unsigned long n;

	if (!v) {
		*val = def;
		return 0;
	}
	if (zdm_parse_number(v, &n))
		return -1;
	*val = n;
	return 0;
}
