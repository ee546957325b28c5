// SPDX-License-Identifier: GPL-2.0
/* bench_plot.c - write a gnuplot script and run gnuplot on it. */
#define _GNU_SOURCE		/* memfd_create */
#include "bench_plot.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_config.h"

extern char **environ;

static const char *plot_terminal(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && !strcasecmp(dot, ".png"))
		return "png";
	if (dot && !strcasecmp(dot, ".svg"))
		return "svg";
	return NULL;
}

#define GP_OUT_FD	3	/* the image: "set output '/dev/fd/3'" */
#define GP_SCRIPT_FD	4	/* the script: gnuplot /dev/fd/4 */

/*
 * Run gnuplot with @args: stdin from /dev/null, stdout (and stderr when
 * @quiet) discarded, @out_fd and @script_fd (when >= 0) as fds 3 and 4.
 * Nothing else is inherited: every other descriptor is close-on-exec.
 */
static int run_gnuplot(char *const args[], bool quiet, int out_fd,
		       int script_fd, int *status)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null",
						 O_WRONLY, 0);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, GP_OUT_FD);
	if (script_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, script_fd, GP_SCRIPT_FD);
	rc = posix_spawnp(&pid, "gnuplot", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return rc;
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return errno;
	return 0;
}

int bench_plot_check(const char *path, char *err, size_t errlen)
{
	char *const args[] = { "gnuplot", "--version", NULL };
	int status = 0, rc;

	if (!plot_terminal(path)) {
		snprintf(err, errlen, "--plot %s: the name must end in .png "
			 "or .svg", path);
		return -1;
	}
	rc = run_gnuplot(args, true, -1, -1, &status);
	if (rc || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errlen, "--plot: gnuplot is not available (%s); "
			 "install gnuplot-nox", rc ? strerror(rc) :
			 "it failed to run");
		return -1;
	}
	return 0;
}

static void write_script(FILE *f, const char *path,
			 const struct bench_config *c,
			 const struct bench_plan *p,
			 const struct bench_result *r)
{
	char size[32], align[32];
	bool png = !strcmp(plot_terminal(path), "png");

	if (png)
		fprintf(f, "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) "
			"{ set terminal pngcairo size 1200,700 noenhanced } "
			"else { set terminal png size 1200,700 noenhanced }\n");
	else
		fprintf(f, "set terminal svg size 1200,700 noenhanced\n");
	fprintf(f, "set output '/dev/fd/%d'\n", GP_OUT_FD);
	fprintf(f, "set title 'zdmemmap bench: %s%s%s, align %s, map=%s: "
		"%lu struct pages (%.2f GB) per bind'\n",
		c->geo.preset ? c->geo.preset : "", c->geo.preset ? ", " : "",
		bench_size_str(c->geo.size, size, sizeof(size)),
		bench_size_str(c->geo.align, align, sizeof(align)),
		c->geo.map_dev ? "dev" : "mem", p->pages_written,
		p->written_bytes / 1e9);
	/* The first bind pays the page faults: a log scale keeps both. */
	fprintf(f, "set logscale y\nset grid\nset key top right\n"
		"set xlabel 'bind'\nset ylabel 'ms'\nset xrange [0.5:%u.5]\n"
		"set key autotitle columnhead\n", c->binds);
	fprintf(f, "$binds << EOD\nbind");
	for (unsigned int i = 0; i < r->nr; i++)
		fprintf(f, " %s", r->s[i].name);
	for (unsigned int b = 0; b < c->binds; b++) {
		fprintf(f, "\n%u", b + 1);
		for (unsigned int i = 0; i < r->nr; i++)
			fprintf(f, " %.4f", r->s[i].bind_ms[b]);
	}
	fprintf(f, "\nEOD\n");
	fprintf(f, "plot for [i=2:%u] $binds using 1:i with linespoints pt 7 "
		"ps 0.6, \\\n     %.4f with lines dt 2 lw 2 lc rgb 'black' "
		"title 'plain fill ceiling (median)', \\\n     %.4f with lines "
		"dt 3 lw 2 lc rgb 'red' title 'streaming fill ceiling "
		"(median)'\n", r->nr + 1,
		r->regular.median, r->nt.median);
}

int bench_plot_write(const char *path, int out_fd,
		     const struct bench_config *c, const struct bench_plan *p,
		     const struct bench_result *r, char *err, size_t errlen)
{
	char script[32];
	char *args[] = { "gnuplot", script, NULL };
	int fd = memfd_create("zdmemmap-plot", MFD_CLOEXEC), status = 0, rc;
	FILE *f = fd >= 0 ? fdopen(fcntl(fd, F_DUPFD_CLOEXEC, 0), "w") : NULL;

	if (!f) {
		snprintf(err, errlen, "--plot: cannot make a gnuplot script: "
			 "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	write_script(f, path, c, p, r);
	if (fclose(f)) {
		close(fd);
		snprintf(err, errlen, "--plot: cannot write a gnuplot script");
		return -1;
	}
	snprintf(script, sizeof(script), "/dev/fd/%d", GP_SCRIPT_FD);
	rc = run_gnuplot(args, false, out_fd, fd, &status);
	close(fd);
	if (rc || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errlen, "--plot: gnuplot could not draw '%s'",
			 path);
		return -1;
	}
	return 0;
}
