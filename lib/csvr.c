/*
 * csvr.c -- see csvr.h.
 *
 * libcsv knows nothing about line numbers, so the input is read in large
 * blocks and fed to libcsv one physical line at a time: at each record
 * callback we then know which line the record started on.  Feeding lines
 * out of a block (rather than getline()) avoids copying every byte twice.
 *
 * on_field() runs for every field of the input, so it does no checks:
 * before each line is fed, reserve() makes room for every field it can
 * complete.  A record's fields hold at most the bytes fed since the
 * record began (quotes, delimiters and line ends are not field bytes),
 * and there are at most that many plus one fields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvr.h"
#include "xmalloc.h"

#define BLOCK	(1 << 16)

struct span {
	size_t	off, len;
};

struct csvr {
	struct csv_parser p;
	FILE		*fp;
	int		 own;		/* fclose on free */
	struct loc	 here;		/* line being fed */
	struct loc	 rec;		/* line the current record started */
	unsigned char	 delim;
	char		*blk;		/* input block */
	size_t		 blen, bpos;
	size_t		 nul;		/* offset of the block's next NUL at
					 * or after bpos, blen when none */
	int		 eof, done, err, ioerr, inrec, bomchecked;
	const char	*errmsg;
	char		*buf;		/* field bytes, NUL-separated */
	size_t		 buflen, bufcap;
	size_t		 fed;		/* bytes fed during this csvr_next */
	struct span	*f;
	size_t		 nf, fcap;
	int		 keepraw;
	int		 quotetext;	/* a quote inside an unquoted field is
					 * text */
	char		*raw;
	size_t		 rawlen, rawcap;
};

static int
is_cr(unsigned char c)
{
	return c == '\r';
}

static int
is_lf(unsigned char c)
{
	return c == '\n';
}

/* A line that libcsv skips: nothing but CR and LF. */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/*
 * Room for the fields that feeding n more bytes can complete: fed + n
 * field bytes, a NUL each, fed + n + 1 fields (a field already started
 * is part of fed).
 */
static void
reserve(struct csvr *r, size_t n)
{
	size_t need;

	r->fed += n;
	need = 2 * r->fed + 1;
	if (need > r->bufcap) {
		while (need > r->bufcap)
			r->bufcap = r->bufcap ? r->bufcap * 2 : 4096;
		r->buf = xreallocarray(r->buf, r->bufcap, 1);
	}
	if (r->fed + 1 > r->fcap) {
		while (r->fed + 1 > r->fcap)
			r->fcap = r->fcap ? r->fcap * 2 : 256;
		r->f = xreallocarray(r->f, r->fcap, sizeof(*r->f));
	}
}

static void
on_field(void *s, size_t len, void *arg)
{
	struct csvr *r = arg;
	char *d = r->buf + r->buflen;
	const char *p = s;

	/*
	 * Most fields are short: two overlapping fixed-size copies (which
	 * the compiler inlines) rather than a call to memcpy.
	 */
	if (len >= 8 && len <= 16) {
		memcpy(d, p, 8);
		memcpy(d + len - 8, p + len - 8, 8);
	} else if (len >= 4 && len < 8) {
		memcpy(d, p, 4);
		memcpy(d + len - 4, p + len - 4, 4);
	} else if (len > 0 && len < 4) {
		d[0] = p[0];
		d[len / 2] = p[len / 2];
		d[len - 1] = p[len - 1];
	} else if (len > 16)
		memcpy(d, p, len);
	d[len] = '\0';
	r->f[r->nf].off = r->buflen;
	r->f[r->nf].len = len;
	r->nf++;
	r->buflen += len + 1;
}

static void
on_record(int c, void *arg)
{
	struct csvr *r = arg;

	(void)c;
	r->inrec = 0;
	r->done = 1;
}

static void
init_parser(struct csvr *r)
{
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&r->p, is_cr);
	csv_set_term_func(&r->p, is_lf);
	csv_set_delim(&r->p, r->delim);
}

struct csvr *
csvr_new(FILE *fp, const char *name)
{
	struct csvr *r;

	r = xcalloc(1, sizeof(*r));
	r->fp = fp;
	r->here.file = r->rec.file = name;
	r->delim = ',';
	r->blk = xmalloc(BLOCK);
	init_parser(r);
	return r;
}

struct csvr *
csvr_open(const char *path)
{
	struct csvr *r;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return csvr_new(stdin, path);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	r = csvr_new(fp, path);
	r->own = 1;
	return r;
}

void
csvr_free(struct csvr *r)
{
	if (r == NULL)
		return;
	csv_free(&r->p);
	if (r->own)
		fclose(r->fp);
	free(r->blk);
	free(r->buf);
	free(r->f);
	free(r->raw);
	free(r);
}

void
csvr_set_delim(struct csvr *r, unsigned char d)
{
	r->delim = d;
	csv_set_delim(&r->p, d);
}

void
csvr_set_keep_raw(struct csvr *r, int on)
{
	r->keepraw = on;
}

void
csvr_set_quote_text(struct csvr *r, int on)
{
	r->quotetext = on;
}

/*
 * Feeds n bytes of one line to libcsv.  With quotetext, a quote inside
 * an unquoted field (the only error libcsv's strict mode reports there:
 * p.quoted is 0) is fed again alone with strict mode off, where libcsv
 * takes it as text, and the rest of the line follows in strict mode: a
 * quote that cannot start a quoted field is text, as spreadsheets and
 * Python's csv module read it; text after a closing quote is still an
 * error.  Returns the bytes parsed (n when all went well).
 */
static size_t
feed(struct csvr *r, const char *s, size_t n)
{
	size_t k, done = 0;

	for (;;) {
		k = csv_parse(&r->p, s + done, n - done, on_field, on_record, r);
		done += k;
		if (done == n || !r->quotetext || r->p.quoted ||
		    (unsigned char)s[done] != csv_get_quote(&r->p))
			return done;
		csv_set_opts(&r->p, CSV_STRICT_FINI);
		k = csv_parse(&r->p, s + done, 1, on_field, on_record, r);
		csv_set_opts(&r->p, CSV_STRICT | CSV_STRICT_FINI);
		r->p.status = 0;
		if (k != 1)
			return done;
		done++;
	}
}

static void
keep_raw(struct csvr *r, const char *s, size_t n)
{
	if (r->rawlen + n + 1 > r->rawcap) {
		while (r->rawlen + n + 1 > r->rawcap)
			r->rawcap = r->rawcap ? r->rawcap * 2 : 1024;
		r->raw = xreallocarray(r->raw, r->rawcap, 1);
	}
	memcpy(r->raw + r->rawlen, s, n);
	r->rawlen += n;
	r->raw[r->rawlen] = '\0';
}

/* Where the block's next NUL is (one memchr per block, not per line). */
static void
next_nul(struct csvr *r)
{
	const char *z = memchr(r->blk + r->bpos, '\0', r->blen - r->bpos);

	r->nul = z != NULL ? (size_t)(z - r->blk) : r->blen;
}

/* Refill the block; returns 0 at end of input, -1 on error. */
static int
refill(struct csvr *r)
{
	r->blen = fread(r->blk, 1, BLOCK, r->fp);
	r->bpos = 0;
	if (r->blen == 0) {
		if (ferror(r->fp)) {
			r->ioerr = 1;
			return -1;
		}
		return 0;
	}
	next_nul(r);
	if (!r->bomchecked) {
		r->bomchecked = 1;
		if (r->blen >= 3 && memcmp(r->blk, "\xEF\xBB\xBF", 3) == 0)
			r->bpos = 3;
	}
	return 1;
}

static int
parse_error(struct csvr *r, const char *msg, int skipline)
{
	r->errmsg = msg;
	r->inrec = 0;
	/* Start afresh; skipline: the bad line's rest is still unread. */
	csv_free(&r->p);
	init_parser(r);
	r->err = skipline;
	return -1;
}

/*
 * Tab-separated, quotes as text: a record of one line whose quotes do
 * not make a quoted field ("Great" service: text after the closing
 * quote) is read again with no quote character at all, as a TSV file
 * without quoting (Google Sheets' download) means it.  A record over
 * several lines stays malformed.  1 when the line was read so.
 */
static int
tsv_again(struct csvr *r, const char *s, size_t n)
{
	size_t k;

	if (!r->quotetext || r->delim != '\t' ||
	    r->rec.line != r->here.line || s[n - 1] != '\n')
		return 0;
	csv_free(&r->p);
	init_parser(r);
	r->nf = r->buflen = r->fed = 0;
	reserve(r, n);
	csv_set_quote(&r->p, '\0');	/* NULs never get this far */
	k = csv_parse(&r->p, s, n, on_field, on_record, r);
	csv_set_quote(&r->p, '"');
	return k == n && r->done;
}

int
csvr_next(struct csvr *r)
{
	const char *s, *nl;
	size_t n;
	int rc;

	r->nf = r->buflen = r->rawlen = r->fed = 0;
	r->done = 0;
	r->errmsg = NULL;
	if (r->ioerr)
		return -1;
	if (r->err) {
		/* Skip the rest of the line that held the error. */
		r->err = 0;
		for (;;) {
			if (r->bpos == r->blen) {
				if ((rc = refill(r)) <= 0) {
					if (rc < 0)
						r->errmsg = strerror(EIO);
					return rc;
				}
			}
			s = r->blk + r->bpos;
			nl = memchr(s, '\n', r->blen - r->bpos);
			if (nl != NULL) {
				r->bpos += (size_t)(nl - s) + 1;
				r->here.line++;
				break;
			}
			r->bpos = r->blen;
		}
		r->nf = r->buflen = r->rawlen = 0;
	}
	while (!r->done) {
		if (r->eof)
			return 0;
		if (r->bpos == r->blen) {
			if ((rc = refill(r)) < 0) {
				r->errmsg = strerror(errno ? errno : EIO);
				return -1;
			}
			if (rc == 0) {
				r->eof = 1;
				if (r->here.line == 0)
					r->here.line = 1;
				reserve(r, 0);
				if (csv_fini(&r->p, on_field, on_record, r) != 0)
					return parse_error(r, "unterminated quoted "
					    "field", 0);
				return r->done;
			}
		}
		if (r->here.line == 0)
			r->here.line = 1;
		s = r->blk + r->bpos;
		nl = memchr(s, '\n', r->blen - r->bpos);
		n = nl != NULL ? (size_t)(nl - s) + 1 : r->blen - r->bpos;
		if (!r->inrec && !blank(s, n)) {
			r->inrec = 1;
			r->rec = r->here;
			r->rawlen = 0;
		}
		if (r->keepraw)
			keep_raw(r, s, n);
		if (r->nul < r->bpos)	/* lines were skipped */
			next_nul(r);
		if (r->nul < r->bpos + n) {
			/* Fields are C strings: a NUL would cut one short
			 * without a word.  The record is an error. */
			r->bpos += n;
			if (nl != NULL)
				r->here.line++;
			next_nul(r);
			return parse_error(r, "NUL byte in the data (a CSV "
			    "table holds text)", nl == NULL);
		}
		reserve(r, n);
		if (feed(r, s, n) != n && !tsv_again(r, s, n)) {
			r->bpos += n;
			if (nl != NULL)
				r->here.line++;
			return parse_error(r, r->quotetext ? "malformed quoting: "
			    "text after a closing quote" : "malformed quoting: "
			    "a quote inside an unquoted field or text after a "
			    "closing quote", nl == NULL);
		}
		r->bpos += n;
		if (nl != NULL)
			r->here.line++;
	}
	return 1;
}

size_t
csvr_nfields(const struct csvr *r)
{
	return r->nf;
}

const char *
csvr_field(const struct csvr *r, size_t i, size_t *lenp)
{
	if (i >= r->nf) {
		if (lenp != NULL)
			*lenp = 0;
		return "";
	}
	if (lenp != NULL)
		*lenp = r->f[i].len;
	return r->buf + r->f[i].off;
}

const struct loc *
csvr_loc(const struct csvr *r)
{
	return &r->rec;
}

unsigned long
csvr_lines(const struct csvr *r)
{
	return r->here.line;
}

int
csvr_ioerror(const struct csvr *r)
{
	return r->ioerr;
}

const char *
csvr_strerror(const struct csvr *r)
{
	return r->errmsg != NULL ? r->errmsg : "no error";
}

const char *
csvr_raw(const struct csvr *r, size_t *lenp)
{
	if (lenp != NULL)
		*lenp = r->rawlen;
	return r->raw != NULL ? r->raw : "";
}
