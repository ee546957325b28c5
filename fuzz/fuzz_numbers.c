// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_numbers.c - libFuzzer harness for parse.c.  The input, up to its
 * first NUL, goes to zdm_parse_number() and zdm_parse_size(), and both
 * answers are checked against a second, deliberately plain reading of the
 * grammar of parse.h:
 *
 *   number := "0" | [1-9][0-9]* | "0x" [0-9a-fA-F]+
 *   size   := number [KMGT]?          (a value past 64 bits is RANGE)
 *
 * - accept/reject and the value agree with the reference;
 * - a string of the grammar whose value does not fit is RANGE, "" is
 *   EMPTY, a decimal with a leading 0 is OCTAL, and nothing else is;
 * - every accepted value round-trips: printed as "%lu" and "0x%lx" it
 *   parses back to itself, as a number and as a size;
 * - a size is its number shifted by its suffix, and printing it back with
 *   that suffix gives the same size.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

typedef unsigned __int128 u128;

enum ref {
	REF_OK,
	REF_BAD,	/* not the grammar */
	REF_RANGE,	/* the grammar, but past 64 bits */
};

static const char *input;	/* for the report */

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2),
							noreturn));

static void report(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_numbers: input \"");
	for (const unsigned char *c = (const unsigned char *)input; *c; c++)
		if (*c >= 0x20 && *c < 0x7f && *c != '"' && *c != '\\')
			fputc(*c, stderr);
		else
			fprintf(stderr, "\\x%02x", *c);
	fprintf(stderr, "\": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	__builtin_trap();
}

static bool is_dec(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned int hex_val(char c)
{
	if (is_dec(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/*
 * The reference: the @n bytes at @s as a number.  Digits are summed in 128
 * bits, and anything past 64 bits only sets a flag (no early exit, so the
 * grammar is checked to the end whatever the value).
 */
static enum ref ref_number(const char *s, size_t n, unsigned long *val)
{
	unsigned int base = 10;
	bool big = false;
	size_t i = 0;
	u128 v = 0;

	if (!n)
		return REF_BAD;
	if (n >= 2 && s[0] == '0' && s[1] == 'x') {
		base = 16;
		i = 2;
		if (n == 2)
			return REF_BAD;
	} else if (s[0] == '0') {
		if (n != 1)
			return REF_BAD;
	}
	for (; i < n; i++) {
		if (base == 16 ? !is_hex(s[i]) : !is_dec(s[i]))
			return REF_BAD;
		if (!big)
			v = v * base + (base == 16 ? hex_val(s[i]) : s[i] - '0');
		if (v > UINT64_MAX)
			big = true;
	}
	if (big)
		return REF_RANGE;
	*val = (unsigned long)v;
	return REF_OK;
}

static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'K':
		return 10;
	case 'M':
		return 20;
	case 'G':
		return 30;
	case 'T':
		return 40;
	default:
		return 0;
	}
}

static enum ref ref_size(const char *s, size_t n, unsigned long *val,
			 unsigned int *shift)
{
	unsigned long v;
	enum ref r;

	*shift = n ? suffix_shift(s[n - 1]) : 0;
	r = ref_number(s, *shift ? n - 1 : n, &v);
	if (r != REF_OK)
		return r;
	if (((u128)v << *shift) > UINT64_MAX)
		return REF_RANGE;
	*val = v << *shift;
	return REF_OK;
}

static const char *const err_names[] = {
	"OK", "EMPTY", "SYNTAX", "OCTAL", "SUFFIX", "RANGE",
};

static const char *ename(enum zdm_parse_err e)
{
	return (unsigned int)e <= ZDM_PARSE_RANGE ? err_names[e] : "(bad enum)";
}

/* What both functions must say about errors, given the reference. */
static void check_errors(const char *what, const char *s, enum zdm_parse_err e,
			 enum ref r)
{
	size_t n = strlen(s);
	bool octal = s[0] == '0' && is_dec(s[1]);

	if ((unsigned int)e > ZDM_PARSE_RANGE)
		report("%s returned %d, not an enum zdm_parse_err", what, e);
	if ((r == REF_OK) != (e == ZDM_PARSE_OK))
		report("%s says %s, the reference %s", what, ename(e),
		       r == REF_OK ? "accepts it" : "refuses it");
	if (r == REF_RANGE && e != ZDM_PARSE_RANGE)
		report("%s says %s for a value past 64 bits", what, ename(e));
	if ((n == 0) != (e == ZDM_PARSE_EMPTY))
		report("%s says %s for a string of %zu bytes", what, ename(e),
		       n);
	if (octal != (e == ZDM_PARSE_OCTAL))
		report("%s says %s; a leading 0 before a digit is %s", what,
		       ename(e), octal ? "there" : "not there");
	if (zdm_parse_strerror(e) == NULL)
		report("%s: no reason for %s", what, ename(e));
}

/* @text, printed from an accepted value, must parse back to @want. */
static void round_trip(const char *text, unsigned long want, bool size_only)
{
	unsigned long v = ~want;
	enum zdm_parse_err e;

	if (!size_only) {
		e = zdm_parse_number(text, &v);
		if (e || v != want)
			report("value 0x%lx printed as \"%s\": parse_number "
			       "says %s, 0x%lx", want, text, ename(e), v);
	}
	v = ~want;
	e = zdm_parse_size(text, &v);
	if (e || v != want)
		report("value 0x%lx printed as \"%s\": parse_size says %s, "
		       "0x%lx", want, text, ename(e), v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	unsigned long nv = 0, sv = 0, rnv = 0, rsv = 0, part;
	unsigned int shift;
	enum zdm_parse_err ne, se;
	enum ref rn, rs;
	char buf[64];
	size_t n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	input = s;
	n = strlen(s);

	ne = zdm_parse_number(s, &nv);
	rn = ref_number(s, n, &rnv);
	check_errors("zdm_parse_number", s, ne, rn);
	if (ne == ZDM_PARSE_SUFFIX)
		report("zdm_parse_number says SUFFIX; numbers have none");

	se = zdm_parse_size(s, &sv);
	rs = ref_size(s, n, &rsv, &shift);
	check_errors("zdm_parse_size", s, se, rs);

	if (!ne) {
		if (nv != rnv)
			report("parse_number gives 0x%lx, the reference 0x%lx",
			       nv, rnv);
		/* a number is a size without a suffix */
		if (se || sv != nv)
			report("number 0x%lx, but parse_size says %s, 0x%lx",
			       nv, ename(se), sv);
		snprintf(buf, sizeof(buf), "%lu", nv);
		round_trip(buf, nv, false);
		snprintf(buf, sizeof(buf), "0x%lx", nv);
		round_trip(buf, nv, false);
	}
	if (!se) {
		if (sv != rsv)
			report("parse_size gives 0x%lx, the reference 0x%lx",
			       sv, rsv);
		/* the number before the suffix, shifted */
		if (shift) {
			char c = s[n - 1];

			s[n - 1] = '\0';
			ne = zdm_parse_number(s, &part);
			s[n - 1] = c;
			if (ne || (part << shift) != sv || (sv >> shift) != part)
				report("size 0x%lx is not its number (%s, "
				       "0x%lx) << %u", sv, ename(ne), part,
				       shift);
			snprintf(buf, sizeof(buf), "%lu%c", part, c);
			round_trip(buf, sv, true);
			snprintf(buf, sizeof(buf), "0x%lx%c", part, c);
			round_trip(buf, sv, true);
		}
		snprintf(buf, sizeof(buf), "%lu", sv);
		round_trip(buf, sv, false);
		snprintf(buf, sizeof(buf), "0x%lx", sv);
		round_trip(buf, sv, false);
	}
	free(s);
	return 0;
}
