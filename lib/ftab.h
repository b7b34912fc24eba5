/*
 * ftab.h -- the funnel table (docs/formats.md section 5): cjm-funnel
 * writes it; cjm-compare, cjm-plot and cjm-map read it back.
 *
 * One row per funnel step x segment x period.  Reading needs the key
 * columns and the counts (`reached`, `dropped`); everything else is
 * recomputed from them or read when present.
 */
#ifndef FTAB_H
#define FTAB_H

#include <stddef.h>

struct csvr;
struct hdr;

enum {
	FT_STEP, FT_STAGE, FT_TOUCHPOINT, FT_CHANNEL, FT_EVENT, FT_SEGMENT,
	FT_PERIOD, FT_REACHED, FT_DROPPED, FT_CONV, FT_CONV_LOW, FT_CONV_HIGH,
	FT_OVERALL, FT_OVERALL_LOW, FT_OVERALL_HIGH, FT_MEDIAN_TIME,
	FT_METHOD, FT_CONF, FT_NCOL
};
/* The columns, in the order written. */
extern const char *const ftab_names[FT_NCOL];
#define FT_NREQ	(FT_DROPPED + 1)	/* step .. dropped are required */

/* 1 when a header is a funnel table's (it has `reached` and `event`,
 * which no other table has), else 0. */
int		 ftab_is(const struct hdr *);

struct ftab_cols {
	int	c[FT_NCOL];	/* -1: absent (optional columns only) */
};
/* Finds the columns: NULL, or the name of a missing required one. */
const char	*ftab_cols_find(struct ftab_cols *, const struct hdr *);

/* A row read back; strings point into the reader's current record. */
struct ftab_in {
	long		 step;
	const char	*stage, *touchpoint, *channel, *event, *segment,
			*period;
	double		 reached;
	double		 dropped;	/* NAN: the funnel's first step */
	double		 conv, conv_low, conv_high;	/* NAN: empty/absent */
	double		 overall, overall_low, overall_high;
	double		 median_time;	/* seconds; NAN: empty/absent */
};

/*
 * Parses the reader's current record.  0, or -1 with a message (lower
 * case, no position) in err: a step that is not a positive whole
 * number, a count that is not a whole number >= 0, a number that is not
 * one.
 */
int		 ftab_read(const struct ftab_cols *, const struct csvr *,
		    struct ftab_in *, char *err, size_t errsz);

/*
 * Fills what a row read back lacks (NAN) from its counts: dropped,
 * conversion and overall, and their Wilson intervals at 95%.  prev: the
 * previous step's `reached` in the same funnel (same segment and
 * period, the row before it), NAN on the funnel's first step; first:
 * the first step's `reached` (the row's own on the first step).
 */
void		 ftab_complete(struct ftab_in *, double prev, double first);

/*
 * Rows read in table order: a funnel is the consecutive rows of one
 * segment and period.  ftab_fill() starts a new funnel when a row's
 * segment or period differ from the row before's, and fills the row in
 * (ftab_complete) from the one before it in its funnel.  Start from
 * { 0 }; ftab_seq_free() at the end.
 */
struct ftab_seq {
	char		*segment, *period;	/* the current funnel's */
	double		 prev, first;		/* its last and first reached */
};
void		 ftab_fill(struct ftab_seq *, struct ftab_in *);
void		 ftab_seq_free(struct ftab_seq *);

#endif
