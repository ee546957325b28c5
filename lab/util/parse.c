// SPDX-License-Identifier: GPL-2.0
/* parse.c - the strict number and size grammar of parse.h. */
#include "parse.h"

#include <stdbool.h>
#include <stddef.h>

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse the number at @s; *@end is left on the first byte after it. */
static enum zdm_parse_err number(const char *s, unsigned long *val,
				 const char **end)
{
	unsigned long v = 0;
	int d;

	if (s[0] == '0' && s[1] == 'x') {
		s += 2;
		if (hex_digit(*s) < 0)
			return ZDM_PARSE_SYNTAX;
		for (; (d = hex_digit(*s)) >= 0; s++) {
			if (v >> 60)
				return ZDM_PARSE_RANGE;
			v = v << 4 | (unsigned long)d;
		}
	} else {
		if (*s < '0' || *s > '9')
			return ZDM_PARSE_SYNTAX;
		if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			return ZDM_PARSE_OCTAL;
		for (; *s >= '0' && *s <= '9'; s++) {
			d = *s - '0';
			if (v > (~0UL - (unsigned long)d) / 10)
				return ZDM_PARSE_RANGE;
			v = v * 10 + (unsigned long)d;
		}
	}
	*val = v;
	*end = s;
	return ZDM_PARSE_OK;
}

/*
 * A number, then a K/M/G/T suffix if @suffix allows one; anything else
 * left over is SYNTAX for a number and SUFFIX for a size.
 */
static enum zdm_parse_err parse(const char *s, unsigned long *val,
				bool suffix)
{
	static const char suffixes[] = "KMGT";
	enum zdm_parse_err e;
	unsigned int shift = 0;
	const char *end;
	unsigned long v;

	if (!s || !*s)
		return ZDM_PARSE_EMPTY;
	e = number(s, &v, &end);
	if (e)
		return e;
	if (*end && !suffix)
		return ZDM_PARSE_SYNTAX;
	if (*end) {
		for (unsigned int i = 0; suffixes[i]; i++)
			if (*end == suffixes[i])
				shift = 10 * (i + 1);
		if (!shift || end[1])
			return ZDM_PARSE_SUFFIX;
		if (v > (~0UL >> shift))
			return ZDM_PARSE_RANGE;
	}
	*val = v << shift;
	return ZDM_PARSE_OK;
}

enum zdm_parse_err zdm_parse_number(const char *s, unsigned long *val)
{
	return parse(s, val, false);
}

enum zdm_parse_err zdm_parse_size(const char *s, unsigned long *val)
{
	return parse(s, val, true);
}

const char *zdm_parse_strerror(enum zdm_parse_err e)
{
	switch (e) {
	case ZDM_PARSE_OK:
		return "is a number";
	case ZDM_PARSE_EMPTY:
		return "is empty; give a number";
	case ZDM_PARSE_OCTAL:
		return "has a leading 0 (octal is not accepted): write it in decimal or 0x hex";
	case ZDM_PARSE_SUFFIX:
		return "has an unknown suffix (a size takes K, M, G or T)";
	case ZDM_PARSE_RANGE:
		return "does not fit in 64 bits";
	default:
		return "is not a number (decimal or 0x hex)";
	}
}
