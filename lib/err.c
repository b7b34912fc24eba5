/*
 * err.c -- diagnostics for all tools; see err.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "err.h"
#include "version.h"

const char *progname = "cjm";

void
err_init(const char *argv0)
{
	const char *p;

	if (argv0 != NULL && *argv0 != '\0') {
		p = strrchr(argv0, '/');
		progname = p != NULL ? p + 1 : argv0;
	}
	gsl_set_error_handler_off();
}

const char *
err_fname(const char *f)
{
	return f == NULL || strcmp(f, "-") == 0 ? "<stdin>" : f;
}

/*
 * Writes s to standard error with control characters from the data made
 * visible ("\\n", "\\r", "\\x1b"): a message stays one line, and a field
 * holding terminal escapes cannot retitle or clear the user's terminal.
 */
static void
put_clean(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p == '\r')
			fputs("\\r", stderr);
		else if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
}

static void
vmsg(const struct loc *at, int errnum, const char *fmt, va_list ap)
{
	char buf[1024], *msg = buf;
	va_list aq;
	int n;

	fflush(stdout);
	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf) && (msg = malloc((size_t)n + 1)) != NULL)
		vsnprintf(msg, (size_t)n + 1, fmt, aq);
	else if (msg == NULL)
		msg = buf;		/* out of memory: the message cut */
	va_end(aq);
	fprintf(stderr, "%s: ", progname);
	if (at != NULL && at->file != NULL) {
		put_clean(err_fname(at->file));
		if (at->line > 0)
			fprintf(stderr, ":%lu: ", at->line);
		else
			fputs(": ", stderr);
	}
	put_clean(n < 0 ? fmt : msg);
	if (errnum != 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
	if (msg != buf)
		free(msg);
}

void
warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
}

void
warn_at(const struct loc *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(at, 0, fmt, ap);
	va_end(ap);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void
die_sys(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vmsg(NULL, e, fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void
die_at(const struct loc *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(at, 0, fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void
die_usage(const char *synopsis)
{
	fflush(stdout);
	fprintf(stderr, "usage: %s\n", synopsis);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	exit(EXIT_USAGE);
}

int
close_stdout(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout) || fclose(stdout) == EOF) {
		fprintf(stderr, "%s: <stdout>: write error: %s\n", progname,
		    strerror(errno != 0 ? errno : EIO));
		return EXIT_DATA;
	}
	return status;
}

void
err_std_options(int argc, char **argv, const char *help)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0) {
			fputs(help, stdout);
			exit(close_stdout(EXIT_SUCCESS));
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("%s (cjm) %s\n", progname, CJM_VERSION);
			exit(close_stdout(EXIT_SUCCESS));
		}
	}
}
