// SPDX-License-Identifier: GPL-2.0
/* args.c - option values and the one-line usage error of every subcommand. */
#include "args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <unistd.h>

#include "outfile.h"
#include "parse.h"

/* The one stderr line is out: a failing stdout need not add a second. */
static bool error_reported;

void stdout_check_at_exit(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (!error_reported)
			fputs("zdmemmap: cannot write the standard output\n",
			      stderr);
		_exit(EXIT_USAGE);
	}
}

/*
 * One line, whatever the user passed: bytes that do not print (a newline
 * in a file name, an escape sequence) are shown as \xNN.
 */
void usage_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("zdmemmap: ", stderr);
	for (const char *p = msg; *p; p++) {
		unsigned char c = *p;

		if (c >= 0x20 && c != 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fputc('\n', stderr);
	error_reported = true;
	/* No half-written result survives an error exit. */
	zdm_outfile_abort_all();
	exit(EXIT_USAGE);
}

void getopt_error(const char *cmd, char **argv, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: '%s' is not an option, or lacks its value "
		 "(see 'zdmemmap %s --help')", cmd, argv[optind - 1], cmd);
}

void getopt_failed(const char *cmd, char **argv)
{
	char err[512];

	getopt_error(cmd, argv, err, sizeof(err));
	usage_error("%s", err);
}

static int bad_value(const char *opt, const char *s, enum zdm_parse_err e,
		     char *err, size_t errlen)
{
	snprintf(err, errlen, "--%s: '%.64s%s' %s", opt, s ? s : "",
		 s && strlen(s) > 64 ? "..." : "", zdm_parse_strerror(e));
	return -1;
}

int arg_number(const char *opt, const char *s, unsigned long *v, char *err,
	       size_t errlen)
{
	enum zdm_parse_err e = zdm_parse_number(s, v);

	return e ? bad_value(opt, s, e, err, errlen) : 0;
}

int arg_size(const char *opt, const char *s, unsigned long *v, char *err,
	     size_t errlen)
{
	enum zdm_parse_err e = zdm_parse_size(s, v);

	return e ? bad_value(opt, s, e, err, errlen) : 0;
}

bool is_power_of_2(unsigned long v)
{
	return v && !(v & (v - 1));
}
