/*
 * csvr.h -- streaming CSV reader on top of libcsv, with line numbers.
 *
 * RFC 4180: fields may be quoted, quotes doubled inside quotes, commas
 * and newlines inside quotes.  Records end at LF or CRLF; blank lines are
 * skipped; a UTF-8 byte-order mark at the start is dropped.  Field bytes
 * are kept exactly (no trimming), except CR around unquoted fields.
 * (cjm-ingest normalises bare-CR files and other encodings before the
 * bytes reach this reader.)
 *
 * Ownership: csvr_open() opens and csvr_free() closes the file;
 * csvr_new() borrows its FILE and csvr_free() leaves it open.  Field
 * pointers point into the reader's buffer and stay valid until the next
 * csvr_next() or csvr_free().  Every field is NUL-terminated, and the
 * fields of a record follow one another in that buffer: field i + 1
 * starts just after field i's NUL, so neighbouring columns can be
 * compared as one run of bytes.
 *
 * A NUL byte in the input cannot be in a field (it would cut it short):
 * the record holding it is an error ("NUL byte in the data ..."), like
 * malformed quoting, with the line where the record starts.
 */
#ifndef CSVR_H
#define CSVR_H

#include <stdio.h>
#include <sys/types.h>

#include "err.h"

struct csvr;

struct csvr	*csvr_open(const char *path);	/* "-" = stdin; NULL+errno */
struct csvr	*csvr_new(FILE *fp, const char *name);
void		 csvr_free(struct csvr *);	/* NULL is a no-op */

void		 csvr_set_delim(struct csvr *, unsigned char);	/* ',' */
void		 csvr_set_keep_raw(struct csvr *, int);	/* keep record text */
/*
 * A quote inside an unquoted field (x"y, Sí, "bootcamps") is text, as
 * spreadsheets and Python's csv module read it, instead of malformed
 * quoting; a quote at the start of a field still starts a quoted field,
 * and text after its closing quote is still an error, except in a
 * tab-separated file, where such a one-line record is read again with
 * its quotes as text ("Great" service).  For files people make
 * (exports, journey and label files), not our own tables.
 */
void		 csvr_set_quote_text(struct csvr *, int);

/*
 * Reads the next record: 1 a record, 0 end of input, -1 error.  After -1
 * csvr_strerror() says what and csvr_loc() where; calling csvr_next()
 * again resumes at the line after the bad one (a malformed record is
 * skipped, the rest of the input is still read), except after an I/O
 * error, which is final.
 */
int		 csvr_next(struct csvr *);
size_t		 csvr_nfields(const struct csvr *);
const char	*csvr_field(const struct csvr *, size_t i, size_t *lenp);
/* Fields cols[0..n-1] at once into f[] and len[] (as csvr_field(); a
 * column < 0 reads as ""). */
void		 csvr_fields(const struct csvr *, size_t n, const int *cols,
		    const char **f, size_t *len);
/* Field i of the record the next csvr_next() will hand out, when it is
 * read already (else NULL): a look ahead, e.g. to prefetch. */
/* Every field of the record into f[] and len[] (csvr_nfields() of them). */
void		 csvr_record(const struct csvr *, const char **f, size_t *len);
const char	*csvr_peek(const struct csvr *, size_t i, size_t *lenp);
const struct loc *csvr_loc(const struct csvr *);  /* line the record starts */
unsigned long	 csvr_lines(const struct csvr *);  /* physical lines read */
int		 csvr_ioerror(const struct csvr *);  /* 1 after an I/O error */
const char	*csvr_strerror(const struct csvr *);
const char	*csvr_raw(const struct csvr *, size_t *lenp);  /* if kept */

/*
 * Reading a slice of a seekable file (cjm-kpi --shard).  Byte offsets
 * are offsets in the input as read, a byte-order mark included.
 *
 * csvr_span(): where the record (or malformed record) csvr_next() last
 * handed out starts, and where it ends (after its line end); -1 when it
 * handed out none.
 *
 * csvr_seek(): drops what is held and goes on reading at off, which must
 * be the start of a line outside any record; the next byte read is on
 * line `line' (no byte-order mark is looked for there).  -1 with errno
 * when the input cannot seek (a pipe).
 *
 * csvr_set_end(): records that start at or after off are not handed
 * out: csvr_next() returns 0 at the first one (libcsv still parses
 * them, to know where the last record handed out truly ends).  Then
 * csvr_cut() says whether off falls inside a record (a quoted field
 * holding a line end): 1 and that record's start (byte and line),
 * else 0.  A slice [a, b) of a file read with csvr_seek(a) and
 * csvr_set_end(b) holds exactly the records that start in it when a is
 * a true record boundary and csvr_cut() is 0.
 */
int		 csvr_span(const struct csvr *, off_t *start, off_t *end);
int		 csvr_seek(struct csvr *, off_t off, unsigned long line);
void		 csvr_set_end(struct csvr *, off_t off);
int		 csvr_cut(const struct csvr *, off_t *start,
		    unsigned long *line);

#endif
