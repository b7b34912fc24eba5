/*
 * journey.h -- the journey file (docs/formats.md section 1): one row per
 * measured touchpoint question, in journey order.
 *
 *	stage,touchpoint,channel,metric,scale,column[,target][,comment]
 *	    [,event]
 *
 * The optional `event` column names the analytics event that marks a
 * customer reaching the touchpoint: the touchpoints with an event, in
 * journey order, are the steps of the funnel (cjm-funnel).  A touchpoint
 * (stage + touchpoint) has at most one event, and an event marks at most
 * one touchpoint; journey_load() rejects a file that breaks either.
 *
 * journey_load() reads and validates the whole file (it is small: one
 * row per touchpoint) and keeps it in memory.  Columns are found by
 * name, in any order; unknown columns are ignored.  The bytes are read
 * as an export's (lib/decode): a spreadsheet's ';' or tab separators,
 * byte-order marks, UTF-16, Windows-1252 and bare CR line ends are all
 * accepted.
 *
 * Ownership: the journey owns every string in it; journey_free() frees
 * them all.  Library code: nothing is printed; errors come back as a
 * message and a line number, warnings as flags on the rows.
 */
#ifndef JOURNEY_H
#define JOURNEY_H

#include <stddef.h>

#include "err.h"

enum journey_metric {
	JOURNEY_NPS,		/* Net Promoter Score, 0-10 */
	JOURNEY_CSAT,		/* satisfaction, top-2-box */
	JOURNEY_CES		/* customer effort */
};

struct journey_row {
	unsigned long	 line;		/* physical line in the journey file */
	int		 step;		/* 1-based position: the journey order */
	char		*stage;
	char		*touchpoint;
	char		*channel;
	int		 channel_odd;	/* not "online"/"offline": warn */
	enum journey_metric metric;
	char		*scale;		/* as written, e.g. "5-1" */
	int		 worst, best;	/* the scale's ends, as written */
	int		 lo, hi;	/* the same, lo < hi */
	char		*column;	/* export column spec */
	double		 target;	/* NAN when none */
	char		*comment;	/* comment column spec, NULL when none */
	char		*event;		/* analytics event, NULL when none */
};

/* A step of the funnel: a touchpoint with an event. */
struct journey_step {
	size_t		 row;		/* index of its first row with the
					 * event (journey_row.step = row + 1) */
	const char	*event;		/* = row[row].event */
};

struct journey {
	char		*path;
	struct journey_row *row;
	size_t		 n;
	struct journey_step *step;	/* the funnel, in journey order */
	size_t		 nstep;		/* 0: no event column, or all empty */
};

/*
 * Reads the journey file at path ("-" = stdin).  Returns the journey, or
 * NULL with a message in errbuf (lower case, no file name) and the line
 * it concerns in *line (0 = the whole file; errno-style I/O failures
 * are reported as the strerror text).
 */
struct journey	*journey_load(const char *path, unsigned long *line,
		    char *errbuf, size_t errsz);
void		 journey_free(struct journey *);	/* NULL is a no-op */

/* "nps", "csat", "ces" <-> enum; parse returns -1 for an unknown name. */
int		 journey_metric_parse(const char *name);
const char	*journey_metric_name(enum journey_metric);

/*
 * Parses a scale "worst-best": two whole numbers in 0..10 that differ
 * (at least 2 points).  Returns 0 and sets *worst, *best, or -1.
 */
int		 journey_scale_parse(const char *s, int *worst, int *best);

#endif
