// SPDX-License-Identifier: GPL-2.0
/* main.c - the zdmemmap command: dispatch to a subcommand. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "outfile.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "verify", cmd_verify, "randomized differential sweep against the slow path" },
	{ "dump", cmd_dump, "write the struct pages of one range as raw bytes" },
	{ "layout", cmd_layout, "print the struct page layout of a .config" },
	{ "bench", cmd_bench, "the series' rebind experiment on real memory" },
};

static void help(FILE *f)
{
	fprintf(f, "usage: zdmemmap <command> [options]\n\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'zdmemmap <command> --help' lists a command's options.\n");
}

/*
 * A closed stdin, stdout or stderr (">&-") would hand its number to the
 * first file the lab opens, and the table would land in a result file.
 * Hold the slot with /dev/null, opened so that a write to stdout or
 * stderr still fails as it would have.  zdm_outfile_init() has noted it
 * as closed before, so "--json /dev/stdout" is refused, not written to
 * /dev/null.
 */
static void hold_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", fd ? O_RDONLY : O_WRONLY) != fd)
			_exit(EXIT_USAGE);
	}
}

int main(int argc, char **argv)
{
	/* getopt's own messages would echo raw arguments: ours escape them. */
	opterr = 0;
	zdm_outfile_init();
	hold_std_fds();
	atexit(stdout_check_at_exit);
	if (argc < 2)
		usage_error("no command given (try 'zdmemmap --help')");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	usage_error("unknown command '%s' (try 'zdmemmap --help')", argv[1]);
}
