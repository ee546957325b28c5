/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - the one writer of JSON strings, so that every string in the
 * lab's JSON is valid JSON and valid UTF-8 whatever bytes it came from
 * (a file name, /proc/cpuinfo, uname).
 */
#ifndef ZDM_JSON_H
#define ZDM_JSON_H

#include <stddef.h>
#include <stdio.h>

/*
 * How many bytes at @s (of @n) form one well-formed UTF-8 character, or 0
 * when they do not: then *@bad is the length of the maximal ill-formed
 * subpart there (Unicode 15, section 3.9), which counts as one U+FFFD.
 * Overlong forms, surrogates (ED A0..BF) and anything past U+10FFFF are
 * ill-formed.
 */
size_t zdm_utf8_char(const unsigned char *s, size_t n, size_t *bad);

/*
 * @s as a JSON string, quotes included; NULL as null.  '"', '\\' and the
 * control characters are escaped, valid UTF-8 is copied, and each
 * ill-formed subpart becomes "\ufffd".  That replacement is lossy (two
 * different file names can read the same), but it never changes a valid
 * character, and the JSON then parses as what the name says where it
 * can be said.
 */
void zdm_json_str(FILE *f, const char *s);

#endif
