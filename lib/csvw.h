/*
 * csvw.h -- CSV writer for the interchange format.
 *
 * LF line ends, comma separators; a field is quoted (by libcsv's
 * csv_fwrite, which doubles embedded quotes) only when it contains a
 * comma, a quote, CR or LF, or has leading/trailing space.  The writer
 * borrows its FILE.  Write errors are caught by close_stdout() (err.h) or
 * by checking ferror() on the FILE.
 */
#ifndef CSVW_H
#define CSVW_H

#include <stddef.h>
#include <stdio.h>

struct csvw {
	FILE	*fp;
	int	 nf;		/* fields written in the current record */
};

void	csvw_init(struct csvw *, FILE *);
void	csvw_field(struct csvw *, const char *s);	/* NULL = empty */
void	csvw_fieldn(struct csvw *, const char *s, size_t len);
void	csvw_num(struct csvw *, double v, int decimals);   /* num_fmt */
void	csvw_exact(struct csvw *, double v);	/* %.17g round-trip */
void	csvw_short(struct csvw *, double v);	/* num_fmt_short */
void	csvw_sig(struct csvw *, double v);	/* num_fmt_sig */
void	csvw_long(struct csvw *, long long v);
void	csvw_end(struct csvw *);
/* 1 when a field of len bytes is quoted (a separator, a quote, a line
 * end, or a blank at either end): for writers of their own that must
 * quote as csvw does. */
int	csvw_needs_quotes(const char *s, size_t len);
/* A whole header or row from a NULL-terminated list of strings. */
void	csvw_row(struct csvw *, const char *const *fields);

#endif
