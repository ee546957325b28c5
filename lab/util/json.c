// SPDX-License-Identifier: GPL-2.0
/* json.c - JSON strings that are valid UTF-8, whatever they are given. */
#include "json.h"

#include <string.h>

/*
 * Table 3-7 of the Unicode standard: the length a lead byte announces and
 * the range its second byte must be in.  The narrow ranges are what rule
 * out overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4).
 */
static size_t utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef) {
		if (c == 0xe0)
			*lo = 0xa0;
		else if (c == 0xed)
			*hi = 0x9f;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (c == 0xf0)
			*lo = 0x90;
		else if (c == 0xf4)
			*hi = 0x8f;
		return 4;
	}
	return 0;		/* 80..C1 and F5..FF never start a character */
}

size_t zdm_utf8_char(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char lo, hi;
	size_t len, i;

	*bad = 0;
	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	len = utf8_lead(s[0], &lo, &hi);
	for (i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi)
			break;
		lo = 0x80;
		hi = 0xbf;
	}
	if (len && i == len)
		return len;
	/* The lead and the continuation bytes that were right so far. */
	*bad = i;
	return 0;
}

static void json_byte(FILE *f, unsigned char c)
{
	if (c == '"' || c == '\\')
		fprintf(f, "\\%c", c);
	else if (c < 0x20)
		fprintf(f, "\\u%04x", c);
	else
		fputc(c, f);
}

void zdm_json_str(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n, len, bad;

	if (!s) {
		fputs("null", f);
		return;
	}
	n = strlen(str);
	fputc('"', f);
	while (n) {
		len = zdm_utf8_char(s, n, &bad);
		if (len == 1)
			json_byte(f, *s);
		else if (len)
			fwrite(s, 1, len, f);
		else
			fputs("\\ufffd", f);	/* lossy, see json.h */
		len = len ? len : bad;
		s += len;
		n -= len;
	}
	fputc('"', f);
}
