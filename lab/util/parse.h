/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse.h - the one number grammar of the lab (SYSTEM.md section 6), used
 * by every option, by the strategy list and by the .config reader:
 *
 *   number := "0" | [1-9][0-9]* | "0x" [0-9a-fA-F]+
 *   size   := number [K|M|G|T]          (powers of 1024)
 *
 * Nothing else: no sign, no white space, no octal (a leading 0 is refused
 * rather than read as base 8), and no value past 64 bits.
 */
#ifndef ZDM_PARSE_H
#define ZDM_PARSE_H

enum zdm_parse_err {
	ZDM_PARSE_OK = 0,
	ZDM_PARSE_EMPTY,	/* "" or NULL */
	ZDM_PARSE_SYNTAX,	/* not the grammar above */
	ZDM_PARSE_OCTAL,	/* a decimal with a leading 0 */
	ZDM_PARSE_SUFFIX,	/* a size with an unknown suffix */
	ZDM_PARSE_RANGE,	/* does not fit in 64 bits */
};

/* *@val is written only on ZDM_PARSE_OK. */
enum zdm_parse_err zdm_parse_number(const char *s, unsigned long *val);
enum zdm_parse_err zdm_parse_size(const char *s, unsigned long *val);
/* Why @e, for "--opt: 'x' <reason>". */
const char *zdm_parse_strerror(enum zdm_parse_err e);

#endif
