/*
 * tbl.h -- opening a table for reading: the reader, the header checked
 * (no empty or duplicate name), and records checked against the header's
 * field count.  What cjm-kpi, cjm-merge and cjm-compare do before they
 * look at a single field.
 *
 * Ownership: tbl_open() opens the file (csvr_open); tbl_close() closes
 * it and frees the header and the message.  Messages (tbl_error()) are
 * lower case, without a position: the position is csvr_loc(t->r).
 */
#ifndef TBL_H
#define TBL_H

#include <stddef.h>
#include <stdio.h>

struct csvr;
struct hdr;

struct tbl {
	struct csvr	*r;
	struct hdr	*h;
	size_t		 nf;	/* number of header fields */
	char		*err;	/* private: the last message */
	size_t		 errcap;
};

/*
 * Opens path ("-" = stdin) and reads its header.  Returns 0; -1 when the
 * file cannot be opened (errno set, t->r NULL, nothing to close); 1 with
 * a message ("empty input, no header", a malformed header, an empty or
 * duplicate column name).
 */
int		 tbl_open(struct tbl *, const char *path);
/* The same from a stream named name (tbl_close leaves fp open). */
int		 tbl_fopen(struct tbl *, FILE *fp, const char *name);
/*
 * Reads the next record: 1 a record with as many fields as the header,
 * 0 end of input, -1 with a message (a malformed record, another number
 * of fields).
 */
int		 tbl_next(struct tbl *);
const char	*tbl_error(const struct tbl *);
void		 tbl_close(struct tbl *);

#endif
