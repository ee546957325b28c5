// SPDX-License-Identifier: GPL-2.0
/* outfile.c - temporary-then-rename result files and their clean-up. */
#define _GNU_SOURCE		/* mkostemp */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fail.h"

#define MAX_TEMPS	8

/*
 * The temporaries that exist right now.  The signal handler reads this
 * table, so a slot is filled before its flag is set and the flag cleared
 * before the slot is reused; both happen with the signals held.
 */
static char temp_path[MAX_TEMPS][4096 + 16];
static volatile sig_atomic_t temp_used[MAX_TEMPS];
static bool installed;

static const int cleanup_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
};
#define NR_CLEANUP_SIGNALS \
	(sizeof(cleanup_signals) / sizeof(cleanup_signals[0]))

static void on_signal(int sig)
{
	for (int i = 0; i < MAX_TEMPS; i++)
		if (temp_used[i])
			unlink(temp_path[i]);
	/* Die of the same signal, so that the caller sees what happened. */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void at_exit(void)
{
	zdm_outfile_abort_all();
}

static void install(void)
{
	struct sigaction sa;

	if (installed)
		return;
	installed = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < NR_CLEANUP_SIGNALS; i++) {
		struct sigaction old;

		/* A signal the caller ignored (nohup) stays ignored. */
		if (!sigaction(cleanup_signals[i], NULL, &old) &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
	/* A file size limit then fails the write instead of killing us. */
	signal(SIGXFSZ, SIG_IGN);
	atexit(at_exit);
}

void zdm_signals_hold(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < NR_CLEANUP_SIGNALS; i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

void zdm_signals_release(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* Write in place: stdout, or a target that is not a regular file. */
static int open_in_place(struct zdm_outfile *o, const char *opt,
			 char *err, size_t errlen)
{
	int fd, fl;

	if (!strcmp(o->name, "-")) {
		o->f = stdout;
		o->fd = STDOUT_FILENO;
		return 0;
	}
	/* Non-blocking, so a FIFO without a reader fails instead of hanging. */
	fd = open(o->final, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		FAIL("%s: cannot write '%s': %s", opt, o->name,
		     errno == ENXIO ? "a FIFO with no reader" : strerror(errno));
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) ||
	    !(o->f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: cannot write '%s': %s", opt, o->name,
			 strerror(errno));
		close(fd);
		return -1;
	}
	o->fd = fd;
	return 0;
}

/* A temporary ".NAME.XXXXXX" in the target's directory, registered. */
static int open_temp(struct zdm_outfile *o, const char *opt, mode_t mode,
		     char *err, size_t errlen)
{
	char tmpl[sizeof(temp_path[0])];
	const char *slash = strrchr(o->final, '/');
	int dirlen = slash ? (int)(slash - o->final + 1) : 0;
	const char *base = o->final + dirlen;
	sigset_t old;
	int slot, fd, e;

	/* Keep the name within NAME_MAX: ".", at most 200 bytes, ".XXXXXX". */
	snprintf(tmpl, sizeof(tmpl), "%.*s.%.200s.XXXXXX", dirlen, o->final,
		 base);
	zdm_signals_hold(&old);
	for (slot = 0; slot < MAX_TEMPS && temp_used[slot]; slot++)
		;
	if (slot == MAX_TEMPS) {
		zdm_signals_release(&old);
		FAIL("%s: too many output files", opt);
	}
	fd = mkostemp(tmpl, O_CLOEXEC);
	e = errno;
	if (fd >= 0) {
		memcpy(temp_path[slot], tmpl, sizeof(tmpl));
		temp_used[slot] = 1;
	}
	zdm_signals_release(&old);
	if (fd < 0)
		FAIL("%s: cannot write '%s': %s", opt, o->name, strerror(e));
	o->slot = slot;
	o->fd = fd;
	if (fchmod(fd, mode) || !(o->f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: cannot write '%s': %s", opt, o->name,
			 strerror(errno));
		if (!o->f)
			close(fd);
		o->f = NULL;
		zdm_outfile_abort(o);
		return -1;
	}
	return 0;
}

/*
 * A link to a regular file: the temporary goes beside the file and
 * replaces it, not the link.  A link to nowhere is refused rather than
 * followed to a name the user may not have meant.
 */
static int resolve_link(struct zdm_outfile *o, const char *opt, char *err,
			size_t errlen)
{
	struct stat st;
	char *real;

	if (lstat(o->name, &st) || !S_ISLNK(st.st_mode))
		return 0;
	real = realpath(o->name, NULL);
	if (!real)
		FAIL("%s: cannot write '%s': %s", opt, o->name,
		     strerror(errno));
	if (strlen(real) >= sizeof(o->final) - 1) {
		free(real);
		FAIL("%s: the file name is too long", opt);
	}
	snprintf(o->final, sizeof(o->final), "%s", real);
	free(real);
	return 0;
}

int zdm_outfile_open(struct zdm_outfile *o, const char *opt, const char *path,
		     char *err, size_t errlen)
{
	struct stat st;
	mode_t mask;

	memset(o, 0, sizeof(*o));
	o->name = path;
	o->fd = -1;
	o->slot = -1;
	install();
	if (!*path)
		FAIL("%s: the file name is empty", opt);
	if (!strcmp(path, "-"))
		return open_in_place(o, opt, err, errlen);
	if (strlen(path) >= sizeof(o->final) - 1)
		FAIL("%s: the file name is too long", opt);
	snprintf(o->final, sizeof(o->final), "%s", path);
	if (!stat(path, &st)) {
		if (S_ISDIR(st.st_mode))
			FAIL("%s: cannot write '%s': it is a directory", opt,
			     path);
		/* /dev/null, a tty, a pipe (/dev/stdout), a FIFO. */
		if (!S_ISREG(st.st_mode))
			return open_in_place(o, opt, err, errlen);
		if (resolve_link(o, opt, err, errlen))
			return -1;
		/* An existing file keeps its permissions. */
		return open_temp(o, opt, st.st_mode & 07777, err, errlen);
	}
	if (errno != ENOENT)
		FAIL("%s: cannot write '%s': %s", opt, path, strerror(errno));
	if (!lstat(path, &st))
		FAIL("%s: cannot write '%s': a link to nowhere", opt, path);
	mask = umask(0);
	umask(mask);
	return open_temp(o, opt, 0666 & ~mask, err, errlen);
}

static void unregister(struct zdm_outfile *o, bool remove)
{
	sigset_t old;

	if (o->slot < 0)
		return;
	zdm_signals_hold(&old);
	if (remove)
		unlink(temp_path[o->slot]);
	temp_used[o->slot] = 0;
	zdm_signals_release(&old);
	o->slot = -1;
}

int zdm_outfile_commit(struct zdm_outfile *o, const char *opt, char *err,
		       size_t errlen)
{
	int e = 0;

	if (!o->f)
		FAIL("%s: '%s' is not open", opt, o->name);
	if (fflush(o->f) || ferror(o->f))
		e = errno ? errno : EIO;
	else if (o->slot >= 0 && fsync(o->fd))
		e = errno;
	if (o->f != stdout && fclose(o->f) && !e)
		e = errno;
	o->f = NULL;
	if (!e && o->slot >= 0) {
		sigset_t old;

		zdm_signals_hold(&old);
		if (rename(temp_path[o->slot], o->final))
			e = errno;
		else
			temp_used[o->slot] = 0;
		zdm_signals_release(&old);
		if (!e)
			o->slot = -1;
	}
	if (e) {
		unregister(o, true);
		FAIL("%s: cannot write '%s': %s", opt, o->name, strerror(e));
	}
	return 0;
}

void zdm_outfile_abort(struct zdm_outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
	unregister(o, true);
}

void zdm_outfile_abort_all(void)
{
	sigset_t old;

	zdm_signals_hold(&old);
	for (int i = 0; i < MAX_TEMPS; i++) {
		if (temp_used[i])
			unlink(temp_path[i]);
		temp_used[i] = 0;
	}
	zdm_signals_release(&old);
}
