// SPDX-License-Identifier: GPL-2.0
/* args.c - number and size parsing shared by every subcommand. */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("zdmemmap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

static unsigned long parse(const char *opt, const char *s, bool suffix)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		usage_error("%s: '%s' is not a number", opt, s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		usage_error("%s: '%s' is not a number", opt, s);
	if (suffix && *end) {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		default:
			usage_error("%s: '%s' has an unknown suffix", opt, s);
		}
		end++;
		if (*end == 'i' || *end == 'I')	/* accept KiB-style too */
			end++;
		if (*end == 'b' || *end == 'B')
			end++;
	}
	if (*end)
		usage_error("%s: '%s' is not a number", opt, s);
	if (shift && v > (~0ULL >> shift))
		usage_error("%s: '%s' is too large", opt, s);
	return (unsigned long)(v << shift);
}

unsigned long arg_number(const char *opt, const char *s)
{
	return parse(opt, s, false);
}

unsigned long arg_size(const char *opt, const char *s)
{
	return parse(opt, s, true);
}

bool is_power_of_2(unsigned long v)
{
	return v && !(v & (v - 1));
}
