// SPDX-License-Identifier: GPL-2.0
/* test_parse.c - parse.h's number and size grammar: each form, each error. */
#include "helpers.h"

#include "parse.h"

struct accepted {
	const char *s;
	unsigned long val;
};

struct rejected {
	const char *s;
	enum zdm_parse_err err;
};

static void expect_number(const char *s, unsigned long want)
{
	unsigned long v = 0x5a5a5a5a5a5a5a5aUL;

	if (zdm_parse_number(s, &v) != ZDM_PARSE_OK)
		fail_msg("zdm_parse_number(\"%s\") refused it", s);
	assert_int_equal(v, want);
}

static void expect_size(const char *s, unsigned long want)
{
	unsigned long v = 0x5a5a5a5a5a5a5a5aUL;

	if (zdm_parse_size(s, &v) != ZDM_PARSE_OK)
		fail_msg("zdm_parse_size(\"%s\") refused it", s);
	assert_int_equal(v, want);
}

static void expect_err(enum zdm_parse_err (*parse)(const char *,
						   unsigned long *),
		       const char *what, const char *s,
		       enum zdm_parse_err want)
{
	unsigned long v;
	enum zdm_parse_err e = parse(s, &v);

	if (e != want)
		fail_msg("%s(%s%s%s) = %d, want %d", what, s ? "\"" : "",
			 s ? s : "NULL", s ? "\"" : "", e, want);
}

static void numbers_accepted(void **state)
{
	static const struct accepted ok[] = {
		{ "0", 0 },
		{ "7", 7 },
		{ "4096", 4096 },
		{ "0x0", 0 },
		{ "0xff", 0xff },
		{ "0xFF", 0xff },
		{ "0x00000000000000000001", 1 },	/* leading hex 0s */
		{ "0xFFFFFFFFFFFFFFFF", ~0UL },
		{ "18446744073709551615", ~0UL },
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		expect_number(ok[i].s, ok[i].val);
		/* a size without a suffix is the same number */
		expect_size(ok[i].s, ok[i].val);
	}
}

static void sizes_accepted(void **state)
{
	static const struct accepted ok[] = {
		{ "32M", 32UL << 20 },
		{ "1T", 1UL << 40 },
		{ "0x10K", 0x10UL << 10 },
		{ "0K", 0 },
		{ "3G", 3UL << 30 },
		{ "16777215T", 16777215UL << 40 },	/* the largest T */
		{ "0xFFFFFFFFFFFM", 0xfffffffffffUL << 20 },	/* largest M */
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		expect_size(ok[i].s, ok[i].val);
}

static void empty_is_refused(void **state)
{
	expect_err(zdm_parse_number, "zdm_parse_number", "", ZDM_PARSE_EMPTY);
	expect_err(zdm_parse_number, "zdm_parse_number", NULL, ZDM_PARSE_EMPTY);
	expect_err(zdm_parse_size, "zdm_parse_size", "", ZDM_PARSE_EMPTY);
	expect_err(zdm_parse_size, "zdm_parse_size", NULL, ZDM_PARSE_EMPTY);
}

static void syntax_is_refused(void **state)
{
	static const char *const bad[] = {
		" 5", "+5", "-5", "0x", "0X10", "1e3", "0b1", "5 ", "5\n",
		"x", "K", "0x ", "0xg",
	};
	/* What the size grammar makes of them: after a number, a suffix. */
	static const enum zdm_parse_err as_size[] = {
		ZDM_PARSE_SYNTAX, ZDM_PARSE_SYNTAX, ZDM_PARSE_SYNTAX,
		ZDM_PARSE_SYNTAX, ZDM_PARSE_SUFFIX, ZDM_PARSE_SUFFIX,
		ZDM_PARSE_SUFFIX, ZDM_PARSE_SUFFIX, ZDM_PARSE_SUFFIX,
		ZDM_PARSE_SYNTAX, ZDM_PARSE_SYNTAX, ZDM_PARSE_SYNTAX,
		ZDM_PARSE_SYNTAX,
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_err(zdm_parse_number, "zdm_parse_number", bad[i],
			   ZDM_PARSE_SYNTAX);
		expect_err(zdm_parse_size, "zdm_parse_size", bad[i],
			   as_size[i]);
	}
}

static void octal_is_refused(void **state)
{
	static const char *const bad[] = { "010", "00", "01K" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(zdm_parse_size, "zdm_parse_size", bad[i],
			   ZDM_PARSE_OCTAL);
	expect_err(zdm_parse_number, "zdm_parse_number", "010",
		   ZDM_PARSE_OCTAL);
	expect_err(zdm_parse_number, "zdm_parse_number", "00",
		   ZDM_PARSE_OCTAL);
}

static void unknown_suffix_is_refused(void **state)
{
	static const char *const bad[] = { "1KiB", "1k", "16E", "1MM" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_err(zdm_parse_size, "zdm_parse_size", bad[i],
			   ZDM_PARSE_SUFFIX);
		/* a plain number has no suffixes at all */
		expect_err(zdm_parse_number, "zdm_parse_number", bad[i],
			   ZDM_PARSE_SYNTAX);
	}
}

static void past_64_bits_is_refused(void **state)
{
	static const char *const bad[] = {
		"18446744073709551616", "0x10000000000000000",
		"99999999999999999999",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_err(zdm_parse_number, "zdm_parse_number", bad[i],
			   ZDM_PARSE_RANGE);
		expect_err(zdm_parse_size, "zdm_parse_size", bad[i],
			   ZDM_PARSE_RANGE);
	}
	/* The number fits, the suffix takes it past 64 bits. */
	expect_err(zdm_parse_size, "zdm_parse_size", "16777216T",
		   ZDM_PARSE_RANGE);
	expect_err(zdm_parse_size, "zdm_parse_size", "0x100000000000M",
		   ZDM_PARSE_RANGE);
}

static void every_error_has_a_reason(void **state)
{
	for (int e = ZDM_PARSE_OK; e <= ZDM_PARSE_RANGE; e++)
		assert_non_null(zdm_parse_strerror(e));
	assert_string_equal(zdm_parse_strerror(ZDM_PARSE_RANGE),
			    "does not fit in 64 bits");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_accepted),
		cmocka_unit_test(sizes_accepted),
		cmocka_unit_test(empty_is_refused),
		cmocka_unit_test(syntax_is_refused),
		cmocka_unit_test(octal_is_refused),
		cmocka_unit_test(unknown_suffix_is_refused),
		cmocka_unit_test(past_64_bits_is_refused),
		cmocka_unit_test(every_error_has_a_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
