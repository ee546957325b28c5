// SPDX-License-Identifier: GPL-2.0
/*
 * outfile.c - where a result goes: through a descriptor, in place, or to a
 * temporary renamed over its target; and the clean-up of temporaries.
 */
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

/*
 * Where a name leads (resolve()).  A descriptor is written through: what
 * is behind /dev/stdout is the caller's open file, with an offset and
 * maybe O_APPEND (">>log"), not a name to replace.  Another file that is
 * not regular (a tty, a FIFO, /dev/null) is opened and written in place.
 * Only a regular file or a new name gets a temporary and a rename.
 */
enum target_kind {
	TARGET_NEW,		/* nothing there yet: it will be @path */
	TARGET_FILE,		/* @path is there, and is @st */
	TARGET_FD,		/* our descriptor @fd, which is @st */
};

struct target {
	enum target_kind kind;
	int fd;
	struct stat st;
	char path[PATH_MAX];	/* the real directory, then the last name */
};

#define MAX_LINK_HOPS	40	/* the kernel's MAXSYMLINKS */
#define FD_NONE		-1	/* fd_name(): not a descriptor's name */
#define FD_OTHER	-2	/* another process's descriptor */
#define MAX_GIVEN_FD	1024

/* The descriptors the lab was started with (zdm_outfile_init()). */
static unsigned char given[MAX_GIVEN_FD / 8];

/*
 * Every input and output named so far, so that no output is one of them:
 * room for as many outputs as temporaries, and the inputs.
 */
static struct {
	const char *opt, *name;
	bool input;
	struct target t;
} claims[MAX_TEMPS + 2];
static int nr_claims;

/*
 * Taken before the lab opens anything: a descriptor it opened itself (a
 * --backing file, a temporary) must never pass for one it was handed.
 */
void zdm_outfile_init(void)
{
	for (int fd = 0; fd < MAX_GIVEN_FD; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			given[fd / 8] |= 1 << (fd % 8);
}

static bool fd_given(int fd)
{
	return fd >= 0 && fd < MAX_GIVEN_FD && (given[fd / 8] & 1 << (fd % 8));
}

static bool skip(const char **p, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*p, prefix, n))
		return false;
	*p += n;
	return true;
}

/* A decimal at *@p, no sign or leading zero, up to INT_MAX; or -1. */
static long decimal(const char **p)
{
	const char *s = *p;
	long v = 0;

	if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + *s - '0') > INT_MAX)
			return -1;
	*p = s;
	return v;
}

/*
 * The descriptor @path names by its spelling: /dev/stdin, /dev/stdout,
 * /dev/stderr, /dev/fd/N, or /proc/{self,thread-self,PID}[/task/TID]/fd/N
 * (resolve() also tries the spelling with the directory resolved, which
 * catches /dev//fd/1 and a link to /proc/self/fd/1).  This holds even
 * without /proc mounted, when the links behind these names dangle.
 */
static int fd_name(const char *path)
{
	static const char *const std[] = {
		"/dev/stdin", "/dev/stdout", "/dev/stderr",
	};
	const char *p = path;
	long pid = getpid(), n;

	for (int i = 0; i < 3; i++)
		if (!strcmp(path, std[i]))
			return i;
	if (!skip(&p, "/dev/fd/")) {
		if (!skip(&p, "/proc/"))
			return FD_NONE;
		if (!skip(&p, "self") && !skip(&p, "thread-self") &&
		    (pid = decimal(&p)) < 0)
			return FD_NONE;
		if (skip(&p, "/task/") && decimal(&p) < 0)
			return FD_NONE;
		if (!skip(&p, "/fd/"))
			return FD_NONE;
	}
	n = decimal(&p);
	if (n < 0 || *p)
		return FD_NONE;
	return pid == getpid() ? n : FD_OTHER;
}

/*
 * @cur with its directory made real and its last name kept, so that a
 * link there is seen rather than followed: 0, or an errno.
 */
static int canonical(char *out, const char *cur)
{
	const char *slash = strrchr(cur, '/');
	const char *base = slash ? slash + 1 : cur;
	char dir[PATH_MAX], real[PATH_MAX];

	/* "d/", "." and "..": directories (refused later), or nothing. */
	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		return realpath(cur, out) ? 0 : errno;
	if (!slash)
		strcpy(dir, ".");
	else if (slash == cur)
		strcpy(dir, "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - cur), cur);
	if (!realpath(dir, real))
		return errno;
	if (snprintf(out, PATH_MAX, "%s/%s", strcmp(real, "/") ? real : "",
		     base) >= PATH_MAX)
		return ENAMETOOLONG;
	return 0;
}

static int resolve_fd(struct target *t, const char *opt, const char *name,
		      int fd, char *err, size_t errlen)
{
	if (fd == FD_OTHER)
		FAIL("%s: cannot write '%s': it is another process's "
		     "descriptor", opt, name);
	if (fd >= MAX_GIVEN_FD)
		FAIL("%s: cannot write '%s': descriptor %d is out of range",
		     opt, name, fd);
	/* Not one we were given (a closed stdout, now held): never ours. */
	if (!fd_given(fd) || fstat(fd, &t->st))
		FAIL("%s: cannot write '%s': descriptor %d is not open", opt,
		     name, fd);
	t->kind = TARGET_FD;
	t->fd = fd;
	return 0;
}

/* The next name after the link @t->path, which says @link. */
static int follow(char *cur, const struct target *t, const char *link)
{
	int dirlen = strrchr(t->path, '/') - t->path + 1;

	if (snprintf(cur, PATH_MAX, "%.*s%s", link[0] == '/' ? 0 : dirlen,
		     t->path, link) >= PATH_MAX)
		return ENAMETOOLONG;
	return 0;
}

/*
 * Where @name leads: one link at a time, as open() would go, stopping at
 * the first name that is a descriptor.  realpath() would walk on through
 * /proc/self/fd/1 to the file behind it, which is how a caller's ">>log"
 * used to be renamed over.  A link to nowhere is refused rather than
 * followed to a name the user may not have meant.
 */
static int resolve(struct target *t, const char *opt, const char *name,
		   char *err, size_t errlen)
{
	char cur[PATH_MAX], link[PATH_MAX];
	int fd, e;
	ssize_t n;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (!strcmp(name, "-"))
		return resolve_fd(t, opt, name, STDOUT_FILENO, err, errlen);
	if (strlen(name) >= sizeof(cur))
		FAIL("%s: the file name is too long", opt);
	strcpy(cur, name);
	for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
		fd = fd_name(cur);
		if (fd == FD_NONE) {
			e = canonical(t->path, cur);
			if (e)
				FAIL("%s: cannot write '%s': %s", opt, name,
				     hop && e == ENOENT ? "a link to nowhere" :
				     strerror(e));
			fd = fd_name(t->path);
		}
		if (fd != FD_NONE)
			return resolve_fd(t, opt, name, fd, err, errlen);
		if (lstat(t->path, &t->st)) {
			e = errno;
			if (e == ENOENT && !hop) {
				t->kind = TARGET_NEW;
				return 0;
			}
			FAIL("%s: cannot write '%s': %s", opt, name,
			     e == ENOENT ? "a link to nowhere" : strerror(e));
		}
		if (!S_ISLNK(t->st.st_mode)) {
			t->kind = TARGET_FILE;
			return 0;
		}
		n = readlink(t->path, link, sizeof(link) - 1);
		e = n < 0 ? errno : 0;
		if (!e) {
			link[n] = 0;
			e = follow(cur, t, link);
		}
		if (e)
			FAIL("%s: cannot write '%s': %s", opt, name,
			     strerror(e));
	}
	FAIL("%s: cannot write '%s': %s", opt, name, strerror(ELOOP));
}

static bool same_file(const struct target *a, const struct target *b)
{
	if (a->kind == TARGET_NEW || b->kind == TARGET_NEW)
		return a->kind == b->kind && !strcmp(a->path, b->path);
	return a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino;
}

/*
 * Two results under one name would leave one of them, and a result over
 * an input of the run would destroy it.  A rename over the file that
 * stdout or stderr writes to would lose the table or the error line.
 */
static int check_claims(const struct target *t, const char *opt,
			const char *name, char *err, size_t errlen)
{
	struct target std;

	for (int i = 0; i < nr_claims; i++)
		if (same_file(&claims[i].t, t))
			FAIL("%s: '%s' is the same file as %s '%s'%s", opt,
			     name, claims[i].opt, claims[i].name,
			     claims[i].input ? ", an input of the run" : "");
	if (t->kind != TARGET_FILE)
		return 0;
	std.kind = TARGET_FD;
	for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++)
		if (fd_given(fd) && !fstat(fd, &std.st) &&
		    S_ISREG(std.st.st_mode) && same_file(&std, t))
			FAIL("%s: '%s' is where the standard %s goes; give "
			     "/dev/%s to add to it", opt, name,
			     fd == STDOUT_FILENO ? "output" : "error",
			     fd == STDOUT_FILENO ? "stdout" : "stderr");
	return 0;
}

static void claim(const struct target *t, const char *opt,
		  const char *name, bool input)
{
	if (nr_claims == (int)(sizeof(claims) / sizeof(claims[0])))
		return;
	claims[nr_claims].opt = opt;
	claims[nr_claims].name = name;
	claims[nr_claims].input = input;
	claims[nr_claims].t = *t;
	nr_claims++;
}

void zdm_outfile_input(const char *opt, const char *path)
{
	struct target t;
	char err[8];
	size_t errlen = sizeof(err);

	/* One that does not resolve (gone since it was read) is no name. */
	if (path && !resolve(&t, opt, path, err, errlen))
		claim(&t, opt, path, true);
}

/*
 * A descriptor is written through, at its offset or appended as it was
 * opened: fdopen() never truncates.  stdout goes through stdout's own
 * buffer, in order with the rest of what the run prints there.
 */
static int open_fd(struct zdm_outfile *o, const char *opt,
		   const struct target *t, char *err, size_t errlen)
{
	int fl = fcntl(t->fd, F_GETFL), fd;

	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
		FAIL("%s: cannot write '%s': descriptor %d is not open for "
		     "writing", opt, o->name, t->fd);
	if (t->fd == STDOUT_FILENO) {
		o->f = stdout;
		o->fd = STDOUT_FILENO;
		return 0;
	}
	fd = fcntl(t->fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: cannot write '%s': %s", opt,
			 o->name, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	o->fd = fd;
	return 0;
}

/* Write in place: a target that is there and not a regular file. */
static int open_in_place(struct zdm_outfile *o, const char *opt,
			 const struct target *t, char *err, size_t errlen)
{
	struct stat st;
	int fd, fl;

	/* Non-blocking, so a FIFO without a reader fails instead of hanging. */
	fd = open(t->path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		FAIL("%s: cannot write '%s': %s", opt, o->name,
		     errno == ENXIO ? "a FIFO with no reader" : strerror(errno));
	/* Swapped for a regular file since: that one is not ours to write. */
	if (fstat(fd, &st) || st.st_dev != t->st.st_dev ||
	    st.st_ino != t->st.st_ino) {
		close(fd);
		FAIL("%s: cannot write '%s': it changed while being opened",
		     opt, o->name);
	}
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

static int open_target(struct zdm_outfile *o, const char *opt,
		       const struct target *t, char *err, size_t errlen)
{
	mode_t mask;

	if (t->kind == TARGET_FD)
		return open_fd(o, opt, t, err, errlen);
	if (S_ISDIR(t->st.st_mode) && t->kind == TARGET_FILE)
		FAIL("%s: cannot write '%s': it is a directory", opt, o->name);
	if (t->kind == TARGET_FILE && !S_ISREG(t->st.st_mode))
		return open_in_place(o, opt, t, err, errlen);
	/* The link stays a link: what it names is replaced. */
	snprintf(o->final, sizeof(o->final), "%s", t->path);
	/* An existing file keeps its permissions. */
	if (t->kind == TARGET_FILE)
		return open_temp(o, opt, t->st.st_mode & 07777, err, errlen);
	mask = umask(0);
	umask(mask);
	return open_temp(o, opt, 0666 & ~mask, err, errlen);
}

int zdm_outfile_open(struct zdm_outfile *o, const char *opt, const char *path,
		     char *err, size_t errlen)
{
	struct target t;

	memset(o, 0, sizeof(*o));
	o->name = path;
	o->fd = -1;
	o->slot = -1;
	install();
	if (!*path)
		FAIL("%s: the file name is empty", opt);
	if (resolve(&t, opt, path, err, errlen) ||
	    check_claims(&t, opt, path, err, errlen) ||
	    open_target(o, opt, &t, err, errlen))
		return -1;
	claim(&t, opt, path, false);
	return 0;
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
