/*
 * csvr.c -- see csvr.h.
 *
 * The input is parsed by libcsv in units: the complete lines in the next
 * UNIT bytes held in the input buffer (64 KiB read at a time; a longer
 * line is a unit alone), one csv_parse() call per unit.  The records of a
 * unit are queued (their fields copied out of libcsv's buffer into ours)
 * and handed out one by one.  A small unit keeps its input, fields and
 * queue in the first-level cache until they are read (64 KiB units: 13
 * cache misses a record, callgrind --cache-sim; 2 KiB: under 1).
 *
 * Two ways of calling libcsv, with the same result:
 *
 * fast	libcsv's default handling of spaces and line ends (no function
 *	call per byte: libcsv alone is 1.7 times as fast).  Its defaults differ from the semantics
 *	csvr promises in three ways only: it drops spaces and tabs around
 *	unquoted fields and around quotes, it ends a record at a CR, and it
 *	skips lines of spaces.  Every one of them either drops a byte of
 *	the input or ends a record at a CR that no LF follows, so the fast
 *	parse of a unit is checked: the bytes it accounts for (each field's
 *	length, its quotes, one separator) must be all the bytes of the
 *	unit, and every record ended by a CR must be followed by an LF.
 *	From the same state (outside any record, at the start of a line)
 *	both ways then read the same fields and records: the bytes on which
 *	they differ (space, tab, CR) were all kept in fields or were a CR
 *	just before an LF.  A field was quoted exactly when libcsv's buffer
 *	holds the closing quote just after the field's bytes (it keeps it
 *	there and only moves its end back); the quotes of a quoted field
 *	are cleared from that buffer once it is copied, so no stale quote
 *	can look like one (unquoted fields cannot hold quotes: CSV_STRICT).
 * exact	csvr's semantics: CR is a space (dropped around unquoted fields
 *	only), LF alone ends a record, spaces are data; libcsv is fed one
 *	physical line at a time, so that the line of an error is known.
 *	A unit whose fast parse fails the check (or meets a parse error, a
 *	NUL byte, or the end of input) is parsed again this way, from the
 *	same bytes.  A line holding a NUL byte is not fed: fields are C
 *	strings, it would cut one short; its record is an error.
 *
 * Line numbers: in a fast unit, from the LFs that end records or blank
 * lines (REPALL_NL reports every line end) and the LFs inside quoted
 * fields; in an exact unit, from the lines fed.
 *
 * on_field() runs for every field of the input, so it does no checks of
 * room: before a unit (or line) is fed, reserve() makes room for every
 * field it can complete.  The fields hold at most the bytes fed since the
 * queue was emptied (quotes, delimiters and line ends are not field
 * bytes), and there are at most that many plus one fields.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvr.h"
#include "pipe.h"
#include "xmalloc.h"

#define BLOCK	(1 << 16)
#ifndef UNIT
#define UNIT	(1 << 11)
#endif
#define SLACK	32

struct span {
	size_t	off, len;
};

/* A record, or an error, waiting to be handed out. */
struct ev {
	size_t		 f0, nf;	/* fields f[f0 .. f0+nf) */
	unsigned long	 line;		/* where it starts */
	size_t		 roff, rlen;	/* its text: in + ubase + roff */
	const char	*err;		/* NULL: a record */
};

struct csvr {
	struct csv_parser p;
	int		 exact;		/* p is set up the exact way */
	FILE		*fp;
	int		 own;		/* fclose on free */
	unsigned char	 delim;
	/* input: in[ubase .. inlen) not yet consumed; in[0] is at byte
	 * pos0 of the input */
	char		*in;
	size_t		 incap, inlen, ubase, uend;
	off_t		 pos0;
	/* csvr_set_end(): no record from byte limit on (atend: met one);
	 * the last record handed out (csvr_span, csvr_cut) */
	off_t		 limit, last_start, last_end;
	unsigned long	 last_line;
	int		 atend;
	int		 eof, ioerr, ioret, bomchecked, finished;
	const char	*ioerrmsg;
	unsigned	 backoff, slowrun;	/* units to parse exactly */
	/* the queue */
	struct ev	*q;
	size_t		 nq, qi, qcap;
	char		*buf;		/* field bytes, NUL-separated */
	size_t		 buflen, bufcap;
	size_t		 fed;		/* bytes fed since the queue emptied */
	struct span	*f;
	size_t		 nf, fcap;
	/* the record being read */
	size_t		 cur_f0, cur_off;
	unsigned long	 cur_line;
	unsigned long	 line;		/* line of the next byte fed */
	/* fast unit: bytes accounted for, checks */
	size_t		 extra;
	int		 bad, cr;
	/* exact unit */
	int		 inrec;
	size_t		 lend;		/* end of the line being fed */
	/* the record handed out */
	const struct ev	*ev;
	struct loc	 rec;
	const char	*errmsg;
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
	need = 2 * r->fed + 1 + SLACK;
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

static struct ev *
push(struct csvr *r)
{
	struct ev *e;

	if (r->nq == r->qcap) {
		r->qcap = r->qcap ? r->qcap * 2 : 256;
		r->q = xreallocarray(r->q, r->qcap, sizeof(*r->q));
	}
	e = &r->q[r->nq++];
	e->f0 = r->cur_f0;
	e->nf = r->nf - r->cur_f0;
	e->err = NULL;
	r->cur_f0 = r->nf;
	return e;
}

/* A field longer than SLACK bytes, out of the hot path. */
static void __attribute__((noinline))
put_long(struct csvr *r, const char *p, size_t len)
{
	char *d = r->buf + r->buflen;
	struct span *f = r->f + r->nf++;

	memcpy(d, p, len);
	d[len] = '\0';
	f->off = r->buflen;
	f->len = len;
	r->buflen += len + 1;
}

/* Copies a field into buf (room reserved). */
static inline void
put_field(struct csvr *r, const char *p, size_t len)
{
	char *d = r->buf + r->buflen;
	struct span *f = r->f + r->nf;
	size_t off = r->buflen;

	if (len > SLACK) {
		put_long(r, p, len);
		return;
	}
	/* Most fields are short: one fixed-size copy, which the compiler
	 * inlines (libcsv's buffer and buf have SLACK bytes to spare). */
	memcpy(d, p, SLACK);
	d[len] = '\0';
	r->nf++;
	f->off = off;
	f->len = len;
	r->buflen = off + len + 1;
}

/*
 * libcsv's field buffer, through csv_set_realloc_func(): SLACK bytes
 * more than it asks for, every byte zeroed when allocated, so that a
 * field can be copied SLACK bytes at a time and the byte after it read.
 * The size asked for is kept in front.
 */
#define HEAD	sizeof(max_align_t)

static void *
ebuf_realloc(void *old, size_t n)
{
	char *ob = old != NULL ? (char *)old - HEAD : NULL, *b;
	size_t was = ob != NULL ? *(size_t *)(void *)ob : 0;

	/* on failure the old block stays the caller's (realloc's rule) */
	if (n > SIZE_MAX - HEAD - SLACK ||
	    (b = realloc(ob, HEAD + n + SLACK)) == NULL)
		return NULL;
	if (old == NULL)
		memset(b + HEAD, 0, n + SLACK);
	else if (n > was)
		memset(b + HEAD + was + SLACK, 0, n - was);
	*(size_t *)(void *)b = n;
	return b + HEAD;
}

static void
ebuf_free(void *p)
{
	if (p != NULL)
		free((char *)p - HEAD);
}

/* Quotes and LFs of a quoted field's bytes; clears its quotes from p. */
static void __attribute__((noinline))
quoted(struct csvr *r, char *p, size_t len)
{
	size_t i, nq = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == '"') {
			nq++;
			p[i] = '\0';
		} else if (p[i] == '\n')
			r->line++;
	}
	p[len] = '\0';		/* the closing quote */
	r->extra += 2 + nq;	/* opening and closing quotes, doubled ones */
}

/*
 * The fast way: every byte fed is a field byte (buflen counts them, and
 * a separator for each field: its NUL), or one of the extra bytes: quotes,
 * line ends outside records.
 */
/* on_field_fast() for a field longer than SLACK bytes. */
static void __attribute__((noinline))
long_fast(struct csvr *r, char *p, size_t len)
{
	put_long(r, p, len);
	if (p[len] == '"')
		quoted(r, p, len);
}

static void
on_field_fast(void *s, size_t len, void *arg)
{
	struct csvr *r = arg;
	char *p = s;

	if (len > SLACK) {
		long_fast(r, p, len);
		return;
	}
	put_field(r, p, len);
	if (p[len] == '"')
		quoted(r, p, len);
}

static void
on_record_fast(int c, void *arg)
{
	struct csvr *r = arg;
	struct ev *e;
	size_t at;

	if (r->nf > r->cur_f0) {
		/* a record; its line end was counted with its last field */
		at = r->buflen + r->extra;
		e = push(r);
		e->line = r->cur_line;
		e->roff = r->cur_off;
		e->rlen = at - r->cur_off;
		r->bad |= r->cr;	/* a CR that no LF follows ended one */
		r->cr = c == '\r' ? 2 : 0;
	} else {
		/* a line end outside any record: CRLF's LF, a blank line */
		r->extra++;
		at = r->buflen + r->extra;
		if (c == '\r') {
			r->bad |= r->cr;
			r->cr = 1;
		} else {
			if (r->cr == 2)
				r->q[r->nq - 1].rlen++;	/* CRLF ends it */
			r->cr = 0;
		}
	}
	if (c == '\n')
		r->line++;
	r->cur_off = at;
	r->cur_line = r->line;
}

static void
on_field_exact(void *s, size_t len, void *arg)
{
	struct csvr *r = arg;

	put_field(r, s, len);
}

static void
on_record_exact(int c, void *arg)
{
	struct csvr *r = arg;
	struct ev *e;

	(void)c;
	e = push(r);
	e->line = r->cur_line;
	e->roff = r->cur_off;
	e->rlen = r->lend - r->cur_off;
	r->inrec = 0;
}

/* A fresh parser, the fast or the exact way. */
static void
init_parser(struct csvr *r, int exact)
{
	csv_free(&r->p);
	if (exact) {
		csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
		csv_set_space_func(&r->p, is_cr);
		csv_set_term_func(&r->p, is_lf);
	} else
		csv_init(&r->p, CSV_STRICT | CSV_REPALL_NL);
	csv_set_delim(&r->p, r->delim);
	csv_set_realloc_func(&r->p, ebuf_realloc);
	csv_set_free_func(&r->p, ebuf_free);
	r->exact = exact;
}

struct csvr *
csvr_new(FILE *fp, const char *name)
{
	struct csvr *r;

	r = xcalloc(1, sizeof(*r));
	r->fp = fp;
	pipe_widen(fileno(fp));
	r->rec.file = name;
	r->delim = ',';
	r->line = 1;
	r->incap = 2 * BLOCK;
	r->in = xmalloc(r->incap);
	r->limit = (off_t)(((uintmax_t)1 << (sizeof(off_t) * 8 - 1)) - 1);
	csv_init(&r->p, 0);
	init_parser(r, 0);
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
	free(r->in);
	free(r->q);
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
 * Feeds n bytes of one line to libcsv, the exact way.  With quotetext, a
 * quote inside an unquoted field (the only error libcsv's strict mode
 * reports there: p.quoted is 0) is fed again alone with strict mode off,
 * where libcsv takes it as text, and the rest of the line follows in
 * strict mode: a quote that cannot start a quoted field is text, as
 * spreadsheets and Python's csv module read it; text after a closing
 * quote is still an error.  (The fast way meets it as an error, and
 * leaves the block to this.)  Returns the bytes parsed (n when all went
 * well).
 */
static size_t
feed(struct csvr *r, const char *s, size_t n)
{
	size_t k, done = 0;

	for (;;) {
		k = csv_parse(&r->p, s + done, n - done, on_field_exact,
		    on_record_exact, r);
		done += k;
		if (done == n || !r->quotetext || r->p.quoted ||
		    (unsigned char)s[done] != csv_get_quote(&r->p))
			return done;
		csv_set_opts(&r->p, CSV_STRICT_FINI);
		k = csv_parse(&r->p, s + done, 1, on_field_exact,
		    on_record_exact, r);
		csv_set_opts(&r->p, CSV_STRICT | CSV_STRICT_FINI);
		r->p.status = 0;
		if (k != 1)
			return done;
		done++;
	}
}

/*
 * Reads more input after what is held (moving what is not consumed to
 * the front first): 1 some, 0 end of input, -1 read error.
 */
static int
more(struct csvr *r)
{
	size_t n, keep;

	if (r->eof)
		return 0;
	if (r->ioerr)
		return -1;
	if (r->ubase > 0) {
		keep = r->inlen - r->ubase;
		r->pos0 += (off_t)r->ubase;
		memmove(r->in, r->in + r->ubase, keep);
		r->inlen = keep;
		r->ubase = 0;
	}
	if (r->incap - r->inlen < BLOCK) {
		r->incap *= 2;
		r->in = xreallocarray(r->in, r->incap, 1);
	}
	errno = 0;
	n = fread(r->in + r->inlen, 1, r->incap - r->inlen, r->fp);
	if (n == 0) {
		if (ferror(r->fp)) {
			r->ioerr = 1;
			r->ioerrmsg = strerror(errno ? errno : EIO);
			return -1;
		}
		r->eof = 1;
		return 0;
	}
	if (!r->bomchecked) {
		r->bomchecked = 1;
		if (n >= 3 && memcmp(r->in + r->inlen, "\xEF\xBB\xBF", 3) == 0)
			r->ubase += 3;
	}
	r->inlen += n;
	return 1;
}

/*
 * The end of the line that starts at in[at] (after its LF), reading more
 * when needed; 0 when the input ends first without one (or on a read
 * error: r->ioerr).
 */
static size_t
line_end(struct csvr *r, size_t at)
{
	const char *nl;
	size_t from = at;

	for (;;) {
		nl = memchr(r->in + from, '\n', r->inlen - from);
		if (nl != NULL)
			return (size_t)(nl - r->in) + 1;
		from = r->inlen;
		at -= r->ubase;		/* more() moves the bytes */
		from -= r->ubase;
		if (more(r) <= 0)
			return 0;
		at += r->ubase;
		from += r->ubase;
	}
}

static void
exact_error(struct csvr *r, const char *msg)
{
	struct ev *e;

	r->nf = r->cur_f0;	/* the bad record's fields */
	e = push(r);
	e->err = msg;
	e->line = r->cur_line;
	e->roff = r->cur_off;
	e->rlen = r->lend - r->cur_off;
	r->inrec = 0;
	init_parser(r, 1);
}

/*
 * Tab-separated, quotes as text: a record of one line whose quotes do
 * not make a quoted field ("Great" service: text after the closing
 * quote) is read again with no quote character at all, as a TSV file
 * without quoting (Google Sheets' download) means it.  A record over
 * several lines stays malformed.  The line is s, n bytes at offset at;
 * 1 when it was read so.
 */
static int
tsv_again(struct csvr *r, const char *s, size_t n, size_t at)
{
	size_t k;

	if (!r->quotetext || r->delim != '\t' || r->cur_off != at ||
	    s[n - 1] != '\n')
		return 0;
	init_parser(r, 1);
	r->nf = r->cur_f0;
	reserve(r, n);
	csv_set_quote(&r->p, '\0');	/* NULs never get this far */
	k = csv_parse(&r->p, s, n, on_field_exact, on_record_exact, r);
	csv_set_quote(&r->p, '"');
	return k == n && !r->inrec;
}

/*
 * Parses exactly, a line at a time, from ubase up to at least stop (an
 * offset from ubase), then on to the end of the record being read, or to
 * the end of input.  Sets uend (from ubase) where it stopped.
 */
static void
exact_unit(struct csvr *r, size_t stop)
{
	size_t at = 0, end, n, nul = SIZE_MAX, scanned = 0, from;
	const char *s, *z;

	if (!r->exact)
		init_parser(r, 1);
	r->inrec = 0;
	for (;;) {
		if (at >= stop && !r->inrec)
			break;
		end = line_end(r, r->ubase + at);
		if (end == 0) {
			if (r->ioerr)
				break;
			end = r->inlen;		/* the last line, no LF */
		}
		end -= r->ubase;
		if (end == at) {
			/* end of input */
			r->lend = at;
			reserve(r, 0);
			if (csv_fini(&r->p, on_field_exact, on_record_exact,
			    r) != 0)
				exact_error(r, "unterminated quoted field");
			r->finished = 1;
			break;
		}
		s = r->in + r->ubase + at;
		n = end - at;
		r->lend = end;
		if (!r->inrec && !blank(s, n)) {
			r->inrec = 1;
			r->cur_line = r->line;
			r->cur_off = at;
			r->cur_f0 = r->nf;
		}
		/* The next NUL at or after at, if any before scanned: one
		 * memchr for many lines. */
		if (nul < at || (nul == SIZE_MAX && scanned < end)) {
			from = nul < at ? at : scanned;
			/* to end at least, UNIT bytes at least: not the
			 * whole buffer for each small unit */
			scanned = from + UNIT > end ? from + UNIT : end;
			if (scanned > r->inlen - r->ubase)
				scanned = r->inlen - r->ubase;
			z = memchr(r->in + r->ubase + from, '\0',
			    scanned - from);
			nul = z != NULL ? (size_t)(z - r->in) - r->ubase :
			    SIZE_MAX;
		}
		at = end;
		if (nul < end) {
			exact_error(r, "NUL byte in the data (a CSV table "
			    "holds text)");
			if (s[n - 1] == '\n')
				r->line++;
			continue;
		}
		reserve(r, n);
		if (feed(r, s, n) != n && !tsv_again(r, s, n, end - n))
			exact_error(r, r->quotetext ? "malformed quoting: "
			    "text after a closing quote" : "malformed quoting: "
			    "a quote inside an unquoted field or text after a "
			    "closing quote");
		if (s[n - 1] == '\n')
			r->line++;
	}
	r->uend = at;
}

/*
 * Parses the lines ubase..uend the fast way; 1 when the check holds
 * (the records are queued, uend may have grown to finish a quoted field
 * that spans lines), else 0 (nothing queued, the line count restored).
 */
static int
fast_unit(struct csvr *r)
{
	unsigned long line0 = r->line, lfs = 0;
	size_t done = 0, n, end;
	const char *s, *nl;

	if (r->exact)
		init_parser(r, 0);
	r->extra = r->cur_off = 0;
	r->cur_line = r->line;
	r->bad = r->cr = 0;
	for (;;) {
		n = r->uend - done;
		s = r->in + r->ubase + done;
		reserve(r, n);
		if (memchr(s, '\0', n) != NULL ||
		    csv_parse(&r->p, s, n, on_field_fast, on_record_fast,
		    r) != n || r->bad)
			break;
		done = r->uend;
		if (r->buflen + r->extra == done)
			return 1;
		/* Bytes not accounted for: dropped, or the unit ends inside
		 * a quoted field (an LF of it not yet counted). */
		for (; s < r->in + r->ubase + done; s = nl + 1, lfs++)
			if ((nl = memchr(s, '\n', (size_t)(r->in + r->ubase +
			    done - s))) == NULL)
				break;
		if (r->line - line0 == lfs)
			break;
		/* Take the next line too. */
		if ((end = line_end(r, r->ubase + done)) == 0)
			break;
		r->uend = end - r->ubase;
	}
	/* Start again, the exact way. */
	r->nq = r->nf = r->buflen = r->fed = r->cur_f0 = 0;
	r->line = line0;
	init_parser(r, 1);
	return 0;
}

/* Queues the records of the next unit of input. */
static void
parse_more(struct csvr *r)
{
	size_t end, held;
	const char *nl;

	r->ubase += r->uend;
	r->uend = 0;
	r->nq = r->qi = r->nf = r->buflen = r->fed = r->cur_f0 = 0;
	/* the unit: the complete lines held in its first UNIT bytes, or
	 * the first one (read more if none) */
	for (;;) {
		held = r->inlen - r->ubase;
		nl = memrchr(r->in + r->ubase, '\n', held < UNIT ? held : UNIT);
		if (nl == NULL && held > UNIT)
			nl = memchr(r->in + r->ubase + UNIT, '\n', held - UNIT);
		if (nl != NULL) {
			end = (size_t)(nl - r->in) + 1 - r->ubase;
			break;
		}
		if (more(r) <= 0) {
			end = 0;
			break;
		}
	}
	if (r->ioerr && end == 0)
		return;
	r->uend = end;
	if (end > 0 && r->slowrun == 0 && r->delim != '\r' &&
	    r->delim != '\n' && r->delim != '"') {
		if (fast_unit(r)) {
			r->backoff = 0;
			return;
		}
		/* Data that keeps failing the check: skip the fast try on
		 * the next 1, 2, 4 ... 64 units. */
		r->slowrun = r->backoff;
		r->backoff = r->backoff ? r->backoff * 2 : 1;
		if (r->backoff > 64)
			r->backoff = 64;
	} else if (r->slowrun > 0)
		r->slowrun--;
	/* (no LF left: the last line, to the end of input) */
	exact_unit(r, end > 0 ? end : SIZE_MAX);
	/* outside any record again: the next unit may be fast */
	if (!r->finished && !r->ioerr)
		init_parser(r, 0);
}

static void
keep_raw(struct csvr *r, const char *s, size_t n)
{
	if (n + 1 > r->rawcap) {
		while (n + 1 > r->rawcap)
			r->rawcap = r->rawcap ? r->rawcap * 2 : 1024;
		r->raw = xreallocarray(r->raw, r->rawcap, 1);
	}
	memcpy(r->raw, s, n);
	r->raw[n] = '\0';
	r->rawlen = n;
}

int
csvr_next(struct csvr *r)
{
	const struct ev *e;
	off_t start;

	r->errmsg = NULL;
	r->ev = NULL;
	for (;;) {
		if (r->atend)
			return 0;
		if (r->qi < r->nq) {
			e = &r->q[r->qi];
			start = r->pos0 + (off_t)(r->ubase + e->roff);
			if (start >= r->limit) {
				r->atend = 1;
				return 0;
			}
			r->qi++;
			r->ev = e;
			r->last_start = start;
			r->last_end = start + (off_t)e->rlen;
			r->last_line = e->line;
			r->rec.line = e->line;
			if (r->keepraw)
				keep_raw(r, r->in + r->ubase + e->roff,
				    e->rlen);
			if (e->err != NULL) {
				r->errmsg = e->err;
				return -1;
			}
			return 1;
		}
		if (r->ioerr) {
			r->errmsg = r->ioerrmsg;
			r->ioret = 1;
			return -1;
		}
		if (r->finished)
			return 0;
		parse_more(r);
	}
}

size_t
csvr_nfields(const struct csvr *r)
{
	return r->ev != NULL && r->ev->err == NULL ? r->ev->nf : 0;
}

const char *
csvr_field(const struct csvr *r, size_t i, size_t *lenp)
{
	const struct span *sp;

	if (i >= csvr_nfields(r)) {
		if (lenp != NULL)
			*lenp = 0;
		return "";
	}
	sp = &r->f[r->ev->f0 + i];
	if (lenp != NULL)
		*lenp = sp->len;
	return r->buf + sp->off;
}

void
csvr_fields(const struct csvr *r, size_t n, const int *cols,
    const char **f, size_t *len)
{
	const struct span *sp = NULL;
	size_t nf = 0, i, c;

	if (r->ev != NULL && r->ev->err == NULL) {
		sp = r->f + r->ev->f0;
		nf = r->ev->nf;
	}
	for (i = 0; i < n; i++) {
		c = (size_t)cols[i];	/* a column < 0: a huge one */
		if (c < nf) {
			f[i] = r->buf + sp[c].off;
			len[i] = sp[c].len;
		} else {
			f[i] = "";
			len[i] = 0;
		}
	}
}

void
csvr_record(const struct csvr *r, const char **f, size_t *len)
{
	const struct span *sp;
	size_t i, nf = csvr_nfields(r);

	if (nf == 0)
		return;
	sp = r->f + r->ev->f0;
	for (i = 0; i < nf; i++) {
		f[i] = r->buf + sp[i].off;
		len[i] = sp[i].len;
	}
}

const char *
csvr_peek(const struct csvr *r, size_t i, size_t *lenp)
{
	const struct ev *e;
	const struct span *sp;

	if (r->qi >= r->nq || (e = &r->q[r->qi])->err != NULL || i >= e->nf)
		return NULL;
	sp = &r->f[e->f0 + i];
	if (lenp != NULL)
		*lenp = sp->len;
	return r->buf + sp->off;
}

const struct loc *
csvr_loc(const struct csvr *r)
{
	return &r->rec;
}

unsigned long
csvr_lines(const struct csvr *r)
{
	return r->line;
}

int
csvr_ioerror(const struct csvr *r)
{
	return r->ioret;
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

int
csvr_span(const struct csvr *r, off_t *start, off_t *end)
{
	if (r->ev == NULL)
		return -1;
	*start = r->last_start;
	*end = r->last_end;
	return 0;
}

int
csvr_seek(struct csvr *r, off_t off, unsigned long line)
{
	if (r->ioerr) {
		errno = EIO;
		return -1;
	}
	if (fseeko(r->fp, off, SEEK_SET) != 0)
		return -1;
	r->pos0 = off;
	r->inlen = r->ubase = r->uend = 0;
	r->eof = r->finished = r->atend = 0;
	r->bomchecked = 1;
	r->backoff = r->slowrun = 0;
	r->nq = r->qi = r->nf = r->buflen = r->fed = r->cur_f0 = 0;
	r->inrec = 0;
	r->line = line;
	r->ev = NULL;
	r->last_start = r->last_end = off;
	r->last_line = line;
	init_parser(r, 0);
	return 0;
}

void
csvr_set_end(struct csvr *r, off_t off)
{
	r->limit = off;
}

int
csvr_cut(const struct csvr *r, off_t *start, unsigned long *line)
{
	if (r->last_start < r->limit && r->last_end > r->limit) {
		*start = r->last_start;
		*line = r->last_line;
		return 1;
	}
	return 0;
}
