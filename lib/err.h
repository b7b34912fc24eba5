/*
 * err.h -- diagnostics and exit statuses for all tools.
 *
 *	prog: message
 *	prog: file: message
 *	prog: file:line: message
 *
 * Library code never calls these (except xmalloc on out-of-memory); it
 * returns a status and lets the tool add the position and die.
 */
#ifndef ERR_H
#define ERR_H

#include <stdarg.h>

enum { EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_ALERT = 3 };	/* 0 = success */

/* A position in an input: file "-" is shown as "<stdin>"; line 0 means
 * the whole file. */
struct loc {
	const char	*file;
	unsigned long	 line;
};

extern const char *progname;

/* Sets progname (basename of argv0) and turns GSL's abort handler off. */
void		err_init(const char *argv0);

void		warnx_(const char *, ...) __attribute__((format(printf, 1, 2)));
void		warn_at(const struct loc *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* (noreturn twice: cppcheck reads the attribute, not C11's _Noreturn) */
_Noreturn void	die(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
_Noreturn void	die_sys(const char *, ...)	/* appends strerror(errno) */
		    __attribute__((format(printf, 1, 2), noreturn));
_Noreturn void	die_at(const struct loc *, const char *, ...)
		    __attribute__((format(printf, 2, 3), noreturn));
_Noreturn void	die_usage(const char *synopsis)	/* "usage: ..." exit 2 */
		    __attribute__((noreturn));

/* Name of a file for messages: "-" becomes "<stdin>". */
const char	*err_fname(const char *);

/*
 * Flushes and closes stdout; on failure prints "prog: <stdout>: write
 * error: ..." and returns EXIT_DATA, else returns status unchanged.
 */
int		close_stdout(int status);

/*
 * Common option handling: if argv[1] is --help or --version, print the
 * help text (to stdout) or "prog (cjm) VERSION" and exit 0.  Call before
 * getopt.  help is the full usage text.
 */
void		err_std_options(int argc, char **argv, const char *help);

#endif
