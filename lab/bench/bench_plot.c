// SPDX-License-Identifier: GPL-2.0
/* bench_plot.c - write a gnuplot script and run gnuplot on it. */
#define _GNU_SOURCE		/* memfd_create */
#include "bench_plot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
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
#define GP_HIGH_FD	10	/* sources of the dup2()s: never 3 or 4 */

/*
 * Run gnuplot with @args: stdin from /dev/null, stdout (and stderr when
 * @quiet) discarded, @out_fd and @script_fd (when >= 0) as fds 3 and 4.
 * Nothing else is inherited: every other descriptor is close-on-exec, and
 * SIGXFSZ and SIGPIPE, which the lab ignores or catches, kill gnuplot as
 * they would any program, so that a write it cannot finish ends in
 * failure rather than in a cut-off image.
 */
static int run_gnuplot(char *const args[], bool quiet, int out_fd,
		       int script_fd, int *status)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t deflt;
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
	posix_spawnattr_init(&attr);
	sigemptyset(&deflt);
	sigaddset(&deflt, SIGXFSZ);
	sigaddset(&deflt, SIGPIPE);
	posix_spawnattr_setsigdefault(&attr, &deflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawnp(&pid, "gnuplot", &fa, &attr, args, environ);
	posix_spawnattr_destroy(&attr);
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

/* An anonymous memory file at fd >= GP_HIGH_FD, or -1. */
static int memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC), high;

	if (fd < 0)
		return -1;
	high = fcntl(fd, F_DUPFD_CLOEXEC, GP_HIGH_FD);
	close(fd);
	return high;
}

/*
 * gnuplot exits 0 even when its writes failed: check that the image is
 * whole - a PNG ends with its IEND chunk, an SVG with </svg>.
 */
static bool image_complete(const unsigned char *b, size_t n, bool png)
{
	static const unsigned char sig[8] = "\x89PNG\r\n\x1a\n";
	static const unsigned char iend[12] = "\0\0\0\0IEND\xae\x42\x60\x82";

	if (png)
		return n >= sizeof(sig) + sizeof(iend) &&
		       !memcmp(b, sig, sizeof(sig)) &&
		       !memcmp(b + n - sizeof(iend), iend, sizeof(iend));
	while (n && (b[n - 1] == '\n' || b[n - 1] == ' '))
		n--;
	return n >= 6 && !memcmp(b + n - 6, "</svg>", 6);
}

/* Copy the image from @fd to @out, once it is known to be whole. */
static int copy_image(int fd, FILE *out, const char *path, char *err,
		      size_t errlen)
{
	bool png = !strcmp(plot_terminal(path), "png");
	struct stat st;
	unsigned char *b;
	ssize_t got = 0;

	if (fstat(fd, &st) || !(b = malloc(st.st_size + 1))) {
		snprintf(err, errlen, "--plot: cannot read gnuplot's image");
		return -1;
	}
	while (got < st.st_size) {
		ssize_t n = pread(fd, b + got, st.st_size - got, got);

		if (n <= 0)
			break;
		got += n;
	}
	if (got != st.st_size || !image_complete(b, got, png)) {
		free(b);
		snprintf(err, errlen, "--plot: gnuplot wrote an incomplete "
			 "image for '%s'", path);
		return -1;
	}
	/* A failed write here shows in the commit's check of @out. */
	fwrite(b, 1, got, out);
	free(b);
	return 0;
}

int bench_plot_write(const char *path, FILE *out,
		     const struct bench_config *c, const struct bench_plan *p,
		     const struct bench_result *r, char *err, size_t errlen)
{
	char script[32];
	char *args[] = { "gnuplot", script, NULL };
	int sfd = memfd("zdmemmap-plot"), ifd = memfd("zdmemmap-image");
	int status = 0, rc = -1;
	FILE *f = NULL;

	if (sfd >= 0 && ifd >= 0)
		f = fdopen(fcntl(sfd, F_DUPFD_CLOEXEC, GP_HIGH_FD), "w");
	if (!f) {
		snprintf(err, errlen, "--plot: cannot make a gnuplot script: "
			 "%s", strerror(errno));
		goto out;
	}
	write_script(f, path, c, p, r);
	if (fclose(f)) {
		snprintf(err, errlen, "--plot: cannot write a gnuplot script");
		goto out;
	}
	snprintf(script, sizeof(script), "/dev/fd/%d", GP_SCRIPT_FD);
	rc = run_gnuplot(args, false, ifd, sfd, &status);
	if (rc || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errlen, "--plot: gnuplot could not draw '%s'",
			 path);
		rc = -1;
		goto out;
	}
	rc = copy_image(ifd, out, path, err, errlen);
out:
	if (sfd >= 0)
		close(sfd);
	if (ifd >= 0)
		close(ifd);
	return rc;
}
