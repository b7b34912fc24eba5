/*
 * ingest.h -- private to cjm-ingest: an export's header (its platform,
 * header rows and column names) and finding columns in it.
 */
#ifndef INGEST_H
#define INGEST_H

#include <stddef.h>

struct csvr;

enum platform {
	P_AUTO = -1,
	P_QUALTRICS,
	P_SURVEYMONKEY,
	P_GOOGLE,
	P_MSFORMS,
	P_TYPEFORM,
	P_QUESTIONPRO,
	P_GENERIC,
	P_NPLAT
};

enum variant {
	V_NONE,
	V_CURRENT,	/* Qualtrics 3 rows, row 3 ImportId JSON */
	V_2016,		/* Qualtrics 3 rows, row 3 {'ImportId': ...} */
	V_LEGACY	/* Qualtrics V1..V10, 2 rows */
};

/* A record copied out of the reader (header rows, a record read ahead),
 * with its text (raw: "" unless the reader keeps it).  A record the
 * reader refused (broken quoting) has err set (why), n = 0 and only its
 * first line in raw. */
struct rec {
	size_t		 n;
	char		**f;
	unsigned long	 line;
	char		*err;
	char		*raw;
};

#define HEADMAX		10	/* records where the header may be */
#define AHEAD		8	/* data records read with the header */

struct head {
	enum platform	 plat;
	enum variant	 variant;
	int		 nrows;		/* header records */
	int		 preamble;	/* records skipped before the header */
	size_t		 n;		/* columns */
	char		**name;		/* row 1 */
	char		**alt;		/* Qualtrics legacy row 2, else NULL */
	char		**importid;	/* Qualtrics row 3 ImportId, else NULL */
	char		**text;		/* question text (see header.c) */
	char		**fold;		/* text folded by labels_fold() */
	char		**foldname;	/* name folded */
	int		 trailing;	/* last name empty: trailing comma */
	int		 marked;	/* a header cell held a decoder mark
					 * (invalid byte, NUL): U+FFFD now */
	struct rec	**ahead;	/* data records read while detecting,
					 * in input order */
	int		 nahead, capahead;
	int		 start;		/* records before the header */
	unsigned long	 line;		/* the header's first line */
	int		 found;		/* start found by the journey's
					 * columns */
	int		 chosen;	/* start given (--header-row) */
	char		 err[512];	/* head_read's error ... */
	unsigned long	 errline;	/* ... and its line (0: the file) */
};

const char	*platform_name(enum platform);
int		 platform_parse(const char *);	/* -1 unknown */

/*
 * Reads the header records of an export from r and fills h.  forced is
 * P_AUTO or the --platform; row > 0 is --header-row (the header is
 * record row).  Otherwise the header is the first record (after a
 * QuestionPro "Survey ..." preamble); when it does not find every one
 * of the nspecs journey column specs, the record among the first
 * HEADMAX that finds the most of them (more than the first) is the
 * header instead (h->found, h->start, h->line).  At least AHEAD data
 * records are read too (fewer in a shorter file).  Returns 0, or -1 with
 * h->err and h->errline (a malformed header record, empty input, an
 * I/O error).  Data records read while looking (possibly refused by the
 * reader) are left in h->ahead, in input order.
 */
int		 head_read(struct head *h, struct csvr *r, enum platform forced,
		    const char *const *specs, size_t nspecs, int row);
void		 head_free(struct head *h);

/* The column's name for messages and rejects. */
const char	*head_disp(const struct head *h, size_t i);

/* The same, with "#k" when several columns show that name; a new
 * string, whole (the user names the column with it). */
char		*head_label(const struct head *h, size_t i);

/*
 * Finds the column spec names: "name#k" (k-th column of a duplicated
 * name), a row-1 name (or legacy row-2 name), an ImportId, the question
 * text, then the same after folding (HTML, case, accents, punctuation).
 * Returns the index, -1 when nothing matches, -2 when more than one
 * column matches (at the first pass that matches at all); on -2 *first
 * and *second are two of the matches.
 */
int		 head_find(const struct head *h, const char *spec,
		    size_t *first, size_t *second);

/* Index of the first column whose row-1 (or alt) name is exactly one of
 * the NULL-terminated names; -1 when none. */
int		 head_find_exact(const struct head *h, const char *const *names);

/*
 * Writes up to 3 suggestions "'a', 'b', 'c'" for a spec that matched
 * nothing (the closest names or texts by edit distance) into buf; a
 * name longer than 60 bytes is shown cut, with "..." (sz >= 256).
 */
void		 head_suggest(const struct head *h, const char *spec, char *buf,
		    size_t sz);

/* An answer that says "no answer" (Don't know, N/A, -99...): 1. */
int		 not_applicable(const char *cell);

/*
 * --draft-journey: reads the export at path and writes a draft journey
 * file on stdout (draft.c); returns the exit status.
 */
struct labels;
enum dec_enc;
int		 draft_journey(const char *path, enum platform plat,
		    enum dec_enc enc, char delim, int header_row,
		    struct labels *lab);

/* The ImportId of a Qualtrics row-3 cell, JSON ({"ImportId":"QID4"})
 * or 2016 Python-dict style ({'ImportId': 'QID2-1'}); a new string, or
 * NULL when the cell holds none. */
char		*head_importid(const char *cell);

#endif
