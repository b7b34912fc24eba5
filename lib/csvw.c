/*
 * csvw.c -- see csvw.h.
 */
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "csvw.h"
#include "num.h"

void
csvw_init(struct csvw *w, FILE *fp)
{
	w->fp = fp;
	w->nf = 0;
}

/*
 * A field is quoted when it holds a separator, a quote or a line end, or
 * begins or ends with a blank (space or tab): readers that trim blanks
 * around unquoted fields (libcsv's default, some spreadsheets) must still
 * get the value.
 */
int
csvw_needs_quotes(const char *s, size_t len)
{
	size_t i;

	if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t'))
		return 1;
	for (i = 0; i < len; i++)
		switch (s[i]) {
		case ',':
		case '"':
		case '\r':
		case '\n':
			return 1;
		}
	return 0;
}

/*
 * The tools write each stream from one thread: stdio's unlocked calls
 * spare a lock per separator and field (cjm-drivers --partial writes
 * 100 MB of short numbers per export).
 */
void
csvw_fieldn(struct csvw *w, const char *s, size_t len)
{
	if (w->nf++ > 0)
		putc_unlocked(',', w->fp);
	if (len == 0)
		return;
	if (csvw_needs_quotes(s, len))
		csv_fwrite(w->fp, s, len);
	else
		fwrite_unlocked(s, 1, len, w->fp);
}

void
csvw_field(struct csvw *w, const char *s)
{
	if (s == NULL)
		s = "";
	csvw_fieldn(w, s, strlen(s));
}

void
csvw_num(struct csvw *w, double v, int decimals)
{
	char buf[64];

	csvw_field(w, num_fmt(buf, sizeof(buf), v, decimals));
}

void
csvw_exact(struct csvw *w, double v)
{
	char buf[64];

	csvw_field(w, num_fmt_exact(buf, sizeof(buf), v));
}

void
csvw_short(struct csvw *w, double v)
{
	char buf[64];

	csvw_field(w, num_fmt_short(buf, sizeof(buf), v));
}

void
csvw_sig(struct csvw *w, double v)
{
	char buf[64];

	csvw_field(w, num_fmt_sig(buf, sizeof(buf), v));
}

/* (the digits by hand: snprintf's format parsing was most of it) */
void
csvw_long(struct csvw *w, long long v)
{
	char buf[32], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	csvw_fieldn(w, p, (size_t)(buf + sizeof(buf) - p));
}

void
csvw_end(struct csvw *w)
{
	putc_unlocked('\n', w->fp);
	w->nf = 0;
}

void
csvw_row(struct csvw *w, const char *const *fields)
{
	for (; *fields != NULL; fields++)
		csvw_field(w, *fields);
	csvw_end(w);
}
