/* SPDX-License-Identifier: GPL-2.0 */
/*
 * args.h - the CLI's argument rules: numbers in decimal or 0x hex, sizes
 * with K/M/G/T suffixes (powers of 1024), both as parse.h defines them,
 * and one clear line on stderr with exit code 2 for anything wrong.
 */
#ifndef ZDM_ARGS_H
#define ZDM_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#define EXIT_CHECK_FAILED	1
#define EXIT_USAGE		2

/* Print "zdmemmap: <msg>" and exit 2. */
__attribute__((noreturn, format(printf, 1, 2)))
void usage_error(const char *fmt, ...);

/*
 * At exit: a write error on stdout (a full disk behind a redirect,
 * /dev/full) ends in exit 2, with one line unless one was printed already.
 */
void stdout_check_at_exit(void);

/* getopt_long() returned '?': which argument, in @err (or exit 2). */
void getopt_error(const char *cmd, char **argv, char *err, size_t errlen);
__attribute__((noreturn))
void getopt_failed(const char *cmd, char **argv);

/*
 * The grammar of parse.h: 0, or -1 with "--@opt: 'value' reason" in @err.
 * @opt is the option's name without the dashes.
 */
int arg_number(const char *opt, const char *s, unsigned long *v, char *err,
	       size_t errlen);
int arg_size(const char *opt, const char *s, unsigned long *v, char *err,
	     size_t errlen);
bool is_power_of_2(unsigned long v);

#endif
