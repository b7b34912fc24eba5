/*
 * fz.h -- the libFuzzer harnesses' driver (tests/fuzz/fz.c): runs a
 * tool's main() in-process as a fresh process would run it, and checks
 * what every run must satisfy.
 *
 * A harness tests/fuzz/fz_cjm-<tool>.c is linked with the tool's own
 * sources (every .c of cmd/cjm-<tool>, main() renamed fz_main_fn, see the Makefile's
 * fuzz target) and with every lib/ module; a harness fz_<name>.c without
 * a tool of that name gets lib/ only.  Sources of lib/ and cmd/ are
 * compiled with tests/fuzz/fz_hook.h in front (exit, atexit and the
 * stdio openers go to this driver; statics are reset before each run).
 *
 *	char *argv[] = { "cjm-kpi", "--by", "stage", NULL };
 *	struct fz_run r;
 *
 *	fz_main(fz_main_fn, argv, data, size, &r);
 *	fz_status(&r, "01");
 *	fz_messages(&r);
 *	if (r.status == 0) { struct fz_tab t; fz_csv(&t, r.out, r.outlen); ...
 *	    fz_tab_free(&t); }
 *	fz_done(&r);
 *
 * Each run of fz_main():
 *  - stdin holds the given bytes; stdout and stderr are captured (stderr
 *    is also copied to the real standard error when FZ_VERBOSE is set);
 *  - the tool's static variables and getopt are reset first;
 *  - exit() from anywhere (die(), --help) ends the run with its status,
 *    after the tool's atexit() handlers, as exit() would; the streams and
 *    descriptors it left open are closed, the memory it left allocated is
 *    freed; LeakSanitizer first checks, with the dying stack still live
 *    as at a real exit, that nothing was lost (it takes ~25 ms: done for
 *    one stdin in 16, chosen by its bytes, or always with FZ_LEAKS set);
 *  - a normal return: whatever the run left allocated must be reachable
 *    (LeakSanitizer), and no descriptor may stay open.
 * A broken invariant is reported by fz_fail(): message, the run's stderr,
 * abort() (libFuzzer saves the input).
 */
#ifndef FZ_H
#define FZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	fz_main_fn(int, char **);	/* the tool's main(), renamed */

struct fz_run {
	int		 status;	/* exit status */
	int		 died;		/* left through exit() */
	const char	*out;		/* standard output (not NUL-ended) */
	size_t		 outlen;
	const char	*err;		/* standard error */
	size_t		 errlen;
};

#define FZ_NIN	8	/* input files */
#define FZ_NOUT	4	/* output files */

/* An input file holding len bytes of data for the next run: a path the
 * tool can open ("/proc/self/fd/N"), k < FZ_NIN. */
const char	*fz_in(int k, const void *data, size_t len);
/* A path for an output file k < FZ_NOUT (emptied before each run), and
 * its content after the run (valid until fz_done). */
const char	*fz_out(int k);
const char	*fz_outdata(int k, size_t *len);

/* A path in a directory of this process (mkdtemp), for a tool that
 * writes next to its output; fz_mapfile() maps a file (NULL when it
 * does not exist), until fz_done. */
const char	*fz_tmppath(const char *name);
const char	*fz_mapfile(const char *path, size_t *len);

/* Runs main(argc, argv) (argv NULL-terminated) with stdin = in. */
void		 fz_main(int (*)(int, char **), char *const *argv,
		    const void *in, size_t inlen, struct fz_run *);
void		 fz_done(struct fz_run *);

/* A second run of the same command must give the same bytes (stdout,
 * stderr, status): done by fz_finish() for one input in 8, chosen by the
 * input's bytes (a crash reproduces); fz_finish() then calls fz_done(). */
int		 fz_sampled(const uint8_t *, size_t);
void		 fz_same(const struct fz_run *, const struct fz_run *);
void		 fz_finish(int (*)(int, char **), char *const *argv,
		    const void *in, size_t inlen, const uint8_t *data,
		    size_t size, struct fz_run *);

/* Invariants. */
_Noreturn void	 fz_fail(const struct fz_run *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* The status is one of the characters of allowed ("01", "013"). */
void		 fz_status(const struct fz_run *, const char *allowed);
/* stderr: every line starts with "prog: " (or is the usage text), no
 * control character but LF and tab; a failing run says something. */
void		 fz_messages(const struct fz_run *);

/* A table the tool wrote: RFC 4180 as written by lib/csvw (LF line ends,
 * a field quoted only when it must be), a header of unique non-empty
 * names, every record as many fields as the header, no NUL byte.  Any
 * departure is fz_fail(r, ...) naming what. */
struct fz_tab {
	size_t		 ncol, nrow;
	char		**name;		/* ncol */
	char		**cell;		/* nrow * ncol */
};
void		 fz_csv(const struct fz_run *, struct fz_tab *, const char *,
		    size_t, const char *what);
int		 fz_col(const struct fz_tab *, const char *name); /* -1 */
/* The table has exactly the n columns names[], in that order. */
void		 fz_columns(const struct fz_run *, const struct fz_tab *,
		    const char *const *names, int n, const char *what);
const char	*fz_cell(const struct fz_tab *, size_t row, int col);
void		 fz_tab_free(struct fz_tab *);

/*
 * A KPI table (docs/formats.md section 3) written with options o: the
 * columns, numbers that hold together (n whole, low_base from --min-n,
 * conf the level, shares on 0-100 adding up to 100, net = top - bottom,
 * mean and median on the scale, intervals in order), and lib/kpi reads
 * every row back and writes it again to the same bytes.
 */
struct kpi_opts;
void		 fz_kpi_table(const struct fz_run *, const char *, size_t,
		    const char *what, const struct kpi_opts *o);

/* Splits data at the first n - 1 separators sep (a byte sequence of
 * seplen bytes): part[i], len[i]; a missing part is empty.  Returns
 * how many separators were found. */
int		 fz_split(const uint8_t *, size_t, const char *sep,
		    const uint8_t **part, size_t *len, int n);

/* 1 when s (len bytes) is valid UTF-8 (no surrogate, no overlong). */
int		 fz_utf8(const char *s, size_t len);

#endif
