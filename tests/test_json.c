// SPDX-License-Identifier: GPL-2.0
/*
 * test_json.c - json.h: which bytes are one UTF-8 character, and the JSON
 * string each kind of byte turns into.
 */
#define _GNU_SOURCE		/* open_memstream */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

/* @s (of @n bytes) is one character of @want bytes, or ill-formed over @bad. */
static void expect_char(const char *s, size_t n, size_t want, size_t bad)
{
	size_t got_bad = 99;
	size_t got = zdm_utf8_char((const unsigned char *)s, n, &got_bad);

	if (got != want || got_bad != bad)
		fail_msg("zdm_utf8_char(%zu bytes from %02x): %zu (bad %zu), "
			 "want %zu (bad %zu)", n, (unsigned char)s[0], got,
			 got_bad, want, bad);
}

static void well_formed_at_each_boundary(void **state)
{
	expect_char("A", 1, 1, 0);
	expect_char("\x7f", 1, 1, 0);
	expect_char("\xc2\x80", 2, 2, 0);		/* U+0080 */
	expect_char("\xdf\xbf", 2, 2, 0);		/* U+07FF */
	expect_char("\xe0\xa0\x80", 3, 3, 0);		/* U+0800 */
	expect_char("\xed\x9f\xbf", 3, 3, 0);		/* U+D7FF */
	expect_char("\xee\x80\x80", 3, 3, 0);		/* U+E000 */
	expect_char("\xef\xbf\xbf", 3, 3, 0);		/* U+FFFF */
	expect_char("\xf0\x90\x80\x80", 4, 4, 0);	/* U+10000 */
	expect_char("\xf4\x8f\xbf\xbf", 4, 4, 0);	/* U+10FFFF */
}

static void ill_formed_is_its_maximal_subpart(void **state)
{
	expect_char("\x80", 1, 0, 1);			/* a stray continuation */
	expect_char("\xc0\xaf", 2, 0, 1);		/* overlong '/' */
	expect_char("\xc1\xbf", 2, 0, 1);
	expect_char("\xe0\x9f\xbf", 3, 0, 1);		/* overlong, 3 bytes */
	expect_char("\xf0\x8f\xbf\xbf", 4, 0, 1);	/* overlong, 4 bytes */
	expect_char("\xed\xa0\x80", 3, 0, 1);		/* a surrogate */
	expect_char("\xed\xbf\xbf", 3, 0, 1);
	expect_char("\xf4\x90\x80\x80", 4, 0, 1);	/* past U+10FFFF */
	expect_char("\xf5\x80\x80\x80", 4, 0, 1);
	expect_char("\xf8\x88\x80\x80\x80", 5, 0, 1);	/* the old 5-byte form */
	expect_char("\xff", 1, 0, 1);
	expect_char("\xe2\x82", 2, 0, 2);		/* cut short */
	expect_char("\xe2\x82\x41", 3, 0, 2);
	expect_char("\xf0\x9f\x98", 3, 0, 3);
}

static void expect_json(const char *s, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	zdm_json_str(f, s);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, want);
	free(buf);
}

static void json_strings(void **state)
{
	expect_json(NULL, "null");
	expect_json("", "\"\"");
	expect_json("a\"b\\c", "\"a\\\"b\\\\c\"");
	expect_json("\n\t\x01\x1f\x7f", "\"\\u000a\\u0009\\u0001\\u001f\x7f\"");
	/* Valid characters are copied as they are. */
	expect_json("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* One U+FFFD per maximal subpart, as Python's "replace" makes. */
	expect_json("k\xff", "\"k\\ufffd\"");
	expect_json("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	expect_json("\xed\xa0\x80x", "\"\\ufffd\\ufffd\\ufffdx\"");
	expect_json("\xe2\x82", "\"\\ufffd\"");
	expect_json("\xe2\x82\"", "\"\\ufffd\\\"\"");
	expect_json("\xc3\xa9\xff\xe2\x82\xac", "\"\xc3\xa9\\ufffd\xe2\x82\xac\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(well_formed_at_each_boundary),
		cmocka_unit_test(ill_formed_is_its_maximal_subpart),
		cmocka_unit_test(json_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
