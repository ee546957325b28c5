/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outfile.h - result files that appear whole or not at all, and never
 * land on anything they should not.
 *
 * A result (dump --out, bench --json, bench --plot) that names a regular
 * file or a new name is written to a temporary beside its target and
 * renamed over it only on success, so the target is never truncated,
 * deleted or left half-written: not by a failed run, a full disk,
 * SIGINT/SIGTERM/SIGHUP/SIGPIPE or an exit on any other path.  A link is
 * followed to the file it names, which is replaced; the link stays.
 *
 * A name that is a descriptor ("-", /dev/stdout, /dev/fd/N,
 * /proc/self/fd/N, or a link to one) is written through that descriptor
 * at its offset, appended to where it was opened so (">>log"), never
 * renamed over or truncated; one the lab was not started with (a closed
 * stdout) or that is read-only is refused.  Other targets that are not
 * regular files (/dev/null, a tty, a FIFO with a reader) are opened and
 * written in place, never created, truncated or removed.
 *
 * No two outputs may name one file (by any spelling or link), nor an
 * output an input of the run (zdm_outfile_input()), nor a renamed one
 * the file stdout or stderr goes to.  Every descriptor is close-on-exec.
 */
#ifndef ZDM_OUTFILE_H
#define ZDM_OUTFILE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct zdm_outfile {
	const char *name;	/* as the user gave it, for messages */
	FILE *f;
	int fd;
	int slot;		/* in the clean-up table; -1 when in place */
	char final[4096];	/* where it goes once committed */
};

/*
 * Note the descriptors the process was started with: only those may be
 * named as targets.  First thing in main(), before anything is opened.
 */
void zdm_outfile_init(void);
/* @path (NULL: none) is read by the run: no output may be written over it. */
void zdm_outfile_input(const char *opt, const char *path);
/*
 * Open @path for writing (see above): 0, or -1 with one line, "@opt:
 * cannot write 'path': reason" or why two names clash, in @err.  "-" is
 * stdout.
 */
int zdm_outfile_open(struct zdm_outfile *o, const char *opt, const char *path,
		     char *err, size_t errlen);
/* Flush, sync and rename into place: 0, or -1 (the temporary is gone). */
int zdm_outfile_commit(struct zdm_outfile *o, const char *opt, char *err,
		       size_t errlen);
/* Drop it: the temporary is removed, the target left as it was. */
void zdm_outfile_abort(struct zdm_outfile *o);
/* Every temporary still open (for error exits; also run at exit). */
void zdm_outfile_abort_all(void);

/*
 * Hold off the signals the clean-up handles, around a step that creates a
 * name and must remove it before anyone can stop the process.
 */
void zdm_signals_hold(sigset_t *old);
void zdm_signals_release(const sigset_t *old);

#endif
