/*
 * drv.h -- the parts of cjm-drivers: what they share.
 *
 *	cjm-drivers.c	options, main
 *	read.c		response tables -> per-respondent sums in cells
 *	partial.c	the partial form (shards) out and back in
 *	model.c		a cell's sums -> r, LMG, bootstrap -> the drivers table
 *
 * A variable is a touchpoint x metric question (stage, touchpoint,
 * channel, metric; its scale oriented so that higher is better).  A cell
 * is one analysis: the respondents of one segment and period (both ""
 * when not grouped).  A cell keeps, for every pair of variables a <= b,
 * sums over the respondents who answered both (struct drivers_sums,
 * x = a, y = b; a = b: the variable alone): one set per bucket of
 * respondents (the bootstrap resamples buckets), and the count and the
 * sum of squared weights over all of them.  All of it is sums, so shards
 * add up to one pass.
 */
#ifndef DRV_H
#define DRV_H

#include <stddef.h>
#include <stdint.h>

#include "drivers.h"
#include "kpi.h"
#include "period.h"

#define DRV_BUCKETS	1024	/* a power of two */

/* The index of the pair a <= b in a triangular array. */
#define DRV_TRI(a, b)	((b) * ((b) + 1) / 2 + (a))

struct drv_var {
	long		 step;		/* smallest journey step */
	char		*stage, *touchpoint, *channel;
	enum kpi_metric	 metric;
	struct kpi_scale scale;		/* as written, worst-best */
	int		 journey;	/* listed in the -j journey file */
};

struct drv_cell {
	char		*segment, *period;
	double		 nresp, wresp;	/* respondents, their weight sum */
	long long	 tmin, tmax;	/* their earliest and latest time
					 * (period_key), -1: none known */
	size_t		 nv;		/* variables covered by pn, pww */
	double		*pn, *pww;	/* per pair: respondents, sum w^2 */
	/* per bucket: DRV_TRI(nv) x DRIVERS_NSUMS sums, or NULL */
	double		*buck[DRV_BUCKETS];
	size_t		 bnv[DRV_BUCKETS];
};

/* How respondents were grouped into cells and filtered. */
struct drv_group {
	int		 by_segment;
	enum period_unit unit;
	long long	 since, until;	/* period_key; -1 = none */
};

/* The first or last respondent of some response tables (see partial.c). */
struct drv_end {
	char		*id;
	int		 last;
	char		*src;		/* the file it came from */
};

struct drv_state {
	struct drv_group g;
	int		 g_set;		/* g given by options or an input */
	int		 quiet;
	struct drv_var	*var;
	size_t		 nvar, capvar;
	struct drv_cell	**cell;
	size_t		 ncell, capcell;
	size_t		*cix;		/* cell hash: index + 1, 0 empty */
	size_t		 cixcap;
	uint64_t	*seen;		/* respondent id hashes, 0 empty */
	size_t		 nseen, seencap;
	unsigned long	 skipped;	/* respondents outside since/until */
	unsigned long	 notime;	/* respondents without a time, skipped */
	unsigned long	 nread;		/* respondents read */
	char		*first_id, *last_id;	/* of the response tables */
	struct drv_end	*ends;
	size_t		 nends, capends;
	int		 have_partial;	/* a partial table was read */
	/* Day cells read, to be made into the cells of `want` by
	 * drv_window() (window.c): coarse set. */
	int		 coarse;
	struct drv_group want;
	unsigned	 widen_n;	/* --widen, 0: none */
	enum period_unit widen_unit;	/* --widen-by */
};

/* Statistical and output options (model.c). */
enum drv_method { DRV_LMG, DRV_RELWEIGHTS };
struct drv_opts {
	enum drv_method	 method;
	double		 level;
	double		 min_n;
	unsigned	 boot;
	uint64_t	 seed;
	int		 digits;
	const char	*outcome, *outcome_metric;
	const char	*journey;	/* -j, or NULL */
};

/* cjm-drivers.c */
void		 drv_state_init(struct drv_state *);
void		 drv_state_free(struct drv_state *);
/* The variable with these keys, added when new (step 0 = unknown, -1 =
 * the order of first appearance); NULL key = "".  Returns its index, or -1 with a message when it is
 * known with another scale. */
long		 drv_var_get(struct drv_state *, const char *stage,
		    const char *touchpoint, const char *channel,
		    enum kpi_metric, const struct kpi_scale *, long step,
		    char *err, size_t errsz);
void		 drv_cell_free(struct drv_cell *);
/* qsort order of cells (struct drv_cell *): segment, then period. */
int		 drv_cell_cmp(const void *, const void *);
struct drv_cell	*drv_cell_get(struct drv_state *, const char *segment,
		    size_t seglen, const char *period, size_t perlen);
/* Makes c's arrays cover st's variables. */
void		 drv_cell_grow(const struct drv_state *, struct drv_cell *);
/* Makes bucket b of c cover st's variables and returns it. */
double		*drv_cell_bucket(const struct drv_state *, struct drv_cell *,
		    size_t b);
/* Remembers a respondent id: 0 new, 1 seen before. */
int		 drv_seen(struct drv_state *, const char *id, size_t len);
/* Records the first (last = 0) or last respondent of the response tables
 * of src; dies (at loc, or without a position when NULL) when another
 * src has the same id at an end: a respondent cut between shards. */
struct loc;
void		 drv_end(struct drv_state *, const char *id, int last,
		    const char *src, const struct loc *);

/* read.c: one response table, or a partial table (by its header). */
void		 drv_read(struct drv_state *, const char *path);

/* partial.c */
void		 drv_write_partial(struct drv_state *);
struct csvw;
void		 drv_var_fields(struct csvw *, const struct drv_var *);
/* Called by drv_read() for a table whose header is a partial one. */
struct tbl;
void		 drv_read_partial(struct drv_state *, struct tbl *,
		    const char *path);

/* model.c: the drivers table, and its header (for empty input). */
int		 drv_write_table(struct drv_state *, const struct drv_opts *);
/* The outcome variable (dies with the candidates when there is none). */
size_t		 drv_outcome(const struct drv_state *, const struct drv_opts *);

/* window.c */
/* Whether a partial table grouped by g can be read into want's cells. */
int		 drv_window_ok(const struct drv_group *g,
		    const struct drv_group *want);
/* Day cells (st->coarse) -> the cells of st->want, --widen applied. */
void		 drv_window(struct drv_state *, const struct drv_opts *);

#endif
