/*
 * read.c -- response tables into the cells' sums, one respondent at a
 * time.
 *
 * A respondent is a run of consecutive rows with the same id.  Its rows
 * must agree on what places it in a cell (segment, period, inside
 * --since/--until, or no time at all: a respondent without a time is
 * skipped and counted when a time is needed) and on its weight; each
 * question (variable) at most once.  Without a step column (a table made
 * by another tool) the journey order is the order in which each question
 * first appears.  When the run ends, every pair of its answers is added to its
 * cell: to the sums of its bucket, and to the pair's count and sum of
 * squared weights.  A respondent id seen again later is an error: its
 * rows were not consecutive (or it is a duplicate across inputs).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "drv.h"
#include "err.h"
#include "hdr.h"
#include "num.h"
#include "tbl.h"
#include "xmalloc.h"

enum { C_RESP, C_TIME, C_STEP, C_STAGE, C_TOUCHPOINT, C_CHANNEL, C_SEGMENT,
	C_METRIC, C_SCALE, C_SCORE, C_WEIGHT, NCOL };
static const char *const colname[NCOL] = {
	"respondent", "time", "step", "stage", "touchpoint", "channel",
	"segment", "metric", "scale", "score", "weight"
};

/* The variable of the last row with the same step (modulo 64). */
struct memo {
	char		*key;		/* stage NUL touchpoint NUL ... */
	size_t		 len, cap;
	long		 var;		/* -1: none */
};

/* The respondent being read. */
struct resp {
	char		*id;
	size_t		 idlen, idcap;
	unsigned long	 line;		/* its first row */
	char		*seg;
	size_t		 seglen, segcap;
	char		 per[16];	/* period label */
	size_t		 perlen;
	int		 in;		/* inside --since/--until */
	int		 notime;	/* empty time, and one is needed */
	long long	 tkey;		/* its time (period_key), -1 unknown */
	double		 w;
	char		 wtext[32];
	struct drv_cell	*cell;		/* its cell and bucket, when in one */
	size_t		 bucket;
	const char	*wp, *we;	/* its sums: next to fetch, end */
	size_t		 n, cap;	/* answers */
	long		*var;
	double		*x;
};

struct rd {
	struct drv_state *st;
	struct csvr	*r;
	struct memo	 memo[64];
	struct resp	 cur;
	int		 have;		/* cur holds a respondent */
	unsigned long	 cur_line;
};

static void
setbuf_(char **p, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (n + 1 > *cap) {
		*cap = n + 1 > 2 * *cap ? n + 1 : 2 * *cap;
		*p = xreallocarray(*p, *cap, 1);
	}
	memcpy(*p, s, n);
	(*p)[n] = '\0';
	*len = n;
}

/* A whole number 0..10 written plainly; -1 otherwise (as cjm-kpi). */
static int
parse_score(const char *s, size_t len)
{
	long l;

	if (len == 1 && s[0] >= '0' && s[0] <= '9')
		return s[0] - '0';
	if (len == 2 && s[0] == '1' && s[1] == '0')
		return 10;
	if (num_parse_long(s, -1000000, 1000000, &l) == 0)
		return l >= 0 && l <= 10 ? (int)l : 11;
	return -1;
}

/* Adds the finished respondent to its cell. */
static void
flush(struct rd *rd)
{
	struct drv_state *st = rd->st;
	struct resp *p = &rd->cur;
	struct drv_cell *c;
	struct drivers_sums *s;
	double *b, w = p->w, ww = p->w * p->w;
	size_t i, j, t;
	long v;
	double x;

	rd->have = 0;
	st->nread++;
	if (p->notime) {
		st->notime++;
		return;
	}
	if (!p->in) {
		st->skipped++;
		return;
	}
	c = p->cell;
	drv_cell_grow(st, c);
	b = drv_cell_bucket(st, c, p->bucket);
	/* answers by variable, so that each pair is (lower, higher) */
	for (i = 1; i < p->n; i++)
		for (j = i; j > 0 && p->var[j - 1] > p->var[j]; j--) {
			v = p->var[j];
			p->var[j] = p->var[j - 1];
			p->var[j - 1] = v;
			x = p->x[j];
			p->x[j] = p->x[j - 1];
			p->x[j - 1] = x;
		}
	for (j = 0; j < p->n; j++)
		for (i = 0; i <= j; i++) {
			t = DRV_TRI((size_t)p->var[i], (size_t)p->var[j]);
			s = (struct drivers_sums *)(void *)(b + t *
			    DRIVERS_NSUMS);
			drivers_sums_add(s, p->x[i], p->x[j], w);
			c->pn[t] += 1;
			c->pww[t] += ww;
		}
	c->nresp += 1;
	c->wresp += w;
	if (p->tkey >= 0) {
		if (c->tmin < 0 || p->tkey < c->tmin)
			c->tmin = p->tkey;
		if (p->tkey > c->tmax)
			c->tmax = p->tkey;
	}
}

/*
 * The cell and bucket whose sums the respondent will add to when its rows
 * are read, with the bucket's sums fetched into the cache meanwhile: with
 * 1024 buckets per cell they are rarely there, and flush() waited for
 * them (12% of cjm-drivers --partial's time at 1M respondents).
 */
static void
warm(struct resp *p)
{
	int k;

	for (k = 0; k < 8 && p->wp < p->we; k++, p->wp += 64)
		__builtin_prefetch(p->wp, 1);
}

static void
place(struct drv_state *st, struct resp *p)
{
	struct drv_cell *c;
	size_t g, n;

	c = drv_cell_get(st, p->seg, st->g.by_segment ? p->seglen : 0, p->per,
	    p->perlen);
	g = drivers_bucket(p->id, p->idlen, DRV_BUCKETS);
	p->cell = c;
	p->bucket = g;
	p->wp = p->we = NULL;
	if (c->buck[g] == NULL)
		return;
	n = DRV_TRI(c->bnv[g] - 1, c->bnv[g] - 1) + 1;	/* pairs held */
	p->wp = (const char *)c->buck[g];
	p->we = p->wp + n * DRIVERS_NSUMS * sizeof(double);
	warm(p);	/* eight lines a row: more at once made it wait */
}

static void
start(struct rd *rd, const char *const *f, const size_t *len,
    const struct period_time *t, int notime, double w, const char *wtext)
{
	struct drv_state *st = rd->st;
	struct resp *p = &rd->cur;
	long long k;

	if (drv_seen(st, f[C_RESP], len[C_RESP]))
		die_at(csvr_loc(rd->r), "respondent '%.80s' again, after "
		    "other respondents (a respondent's rows must be "
		    "consecutive, as cjm-ingest writes them, and each "
		    "respondent in one input only)", f[C_RESP]);
	setbuf_(&p->id, &p->idlen, &p->idcap, f[C_RESP], len[C_RESP]);
	if (st->first_id == NULL)
		st->first_id = xstrndup(f[C_RESP], len[C_RESP]);
	p->line = csvr_loc(rd->r)->line;
	setbuf_(&p->seg, &p->seglen, &p->segcap, f[C_SEGMENT],
	    len[C_SEGMENT]);
	p->notime = notime;
	/* its time, for the cell's time span: known when the table has
	 * one (needed or not; a bad one matters only when needed) */
	if (t != NULL)
		p->tkey = period_key(t);
	else {
		struct period_time tt;

		p->tkey = len[C_TIME] > 0 && period_parse(f[C_TIME], 1, &tt,
		    NULL) == 0 ? period_key(&tt) : -1;
	}
	p->perlen = st->g.unit != PERIOD_NONE && !notime ?
	    period_label(t, st->g.unit, p->per) : 0;
	p->in = 1;
	if (!notime && (st->g.since >= 0 || st->g.until >= 0)) {
		k = period_key(t);
		p->in = !((st->g.since >= 0 && k < st->g.since) ||
		    (st->g.until >= 0 && k > st->g.until));
	}
	p->w = w;
	snprintf(p->wtext, sizeof(p->wtext), "%s", wtext);
	p->n = 0;
	rd->have = 1;
	p->cell = NULL;
	p->wp = p->we = NULL;
	if (!notime && p->in)
		place(st, p);
}

/* The same respondent's next row: it must place it alike. */
/* (tsame: the row's time is the text of the row before it, which placed
 * this respondent already: its period and window need no new look) */
static void
same(struct rd *rd, const char *const *f, const size_t *len,
    const struct period_time *t, int notime, int tsame, double w,
    const char *wtext)
{
	struct drv_state *st = rd->st;
	struct resp *p = &rd->cur;
	char per[16];
	size_t perlen;
	long long k;
	int in;

	if (st->g.by_segment && (len[C_SEGMENT] != p->seglen ||
	    memcmp(f[C_SEGMENT], p->seg, p->seglen) != 0))
		die_at(csvr_loc(rd->r), "respondent '%.80s': segment "
		    "'%.80s' differs from '%.80s' on line %lu", p->id,
		    f[C_SEGMENT], p->seg, p->line);
	if (notime != p->notime)
		die_at(csvr_loc(rd->r), "respondent '%.80s': %s time, line "
		    "%lu %s", p->id, notime ? "no" : "a", p->line,
		    notime ? "has one" : "has none");
	if (notime || tsame)
		;	/* skipped whole, or placed alike by the same time */
	else if (st->g.unit != PERIOD_NONE) {
		perlen = period_label(t, st->g.unit, per);
		if (perlen != p->perlen || memcmp(per, p->per, perlen) != 0)
			die_at(csvr_loc(rd->r), "respondent '%.80s': period "
			    "%.*s differs from %.*s on line %lu", p->id,
			    (int)perlen, per, (int)p->perlen, p->per,
			    p->line);
	}
	if (!notime && !tsame && (st->g.since >= 0 || st->g.until >= 0)) {
		k = period_key(t);
		in = !((st->g.since >= 0 && k < st->g.since) ||
		    (st->g.until >= 0 && k > st->g.until));
		if (in != p->in)
			die_at(csvr_loc(rd->r), "respondent '%.80s': time "
			    "'%.40s' is %s --since/--until, line %lu is not",
			    p->id, f[C_TIME], in ? "inside" : "outside",
			    p->line);
	}
	if (w != p->w)
		die_at(csvr_loc(rd->r), "respondent '%.80s': weight '%s' "
		    "differs from '%s' on line %lu", p->id, wtext, p->wtext,
		    p->line);
	warm(p);
}

/* The variable of a row, through the memo of its step. */
static long
row_var(struct rd *rd, const char *const *f, const size_t *len, long step)
{
	struct memo *m = &rd->memo[(step > 0 ? (size_t)step :
	    len[C_TOUCHPOINT] + (unsigned char)f[C_TOUCHPOINT][0]) & 63];
	struct kpi_scale sc;
	const char *why;
	char key[1024], err[512];
	size_t n = 0, i;
	int met;
	long v;
	static const int part[] = { C_STAGE, C_TOUCHPOINT, C_CHANNEL,
	    C_METRIC, C_SCALE };

	for (i = 0; i < 5; i++) {
		if (n + len[part[i]] + 1 > sizeof(key)) {
			n = sizeof(key) + 1;	/* too long to memoise */
			break;
		}
		memcpy(key + n, f[part[i]], len[part[i]]);
		n += len[part[i]];
		key[n++] = '\0';
	}
	if (n <= sizeof(key) && m->var >= 0 && m->len == n &&
	    memcmp(m->key, key, n) == 0)
		return m->var;
	if ((met = kpi_metric_parse(f[C_METRIC])) < 0)
		die_at(csvr_loc(rd->r), "unknown metric '%s'", f[C_METRIC]);
	if (kpi_scale_parse(f[C_SCALE], &sc) != 0)
		die_at(csvr_loc(rd->r), "unknown scale '%s' (worst-best, whole "
		    "numbers 0-10)", f[C_SCALE]);
	if ((why = kpi_scale_check((enum kpi_metric)met, &sc)) != NULL)
		die_at(csvr_loc(rd->r), "%s, not '%s'", why, f[C_SCALE]);
	v = drv_var_get(rd->st, f[C_STAGE], f[C_TOUCHPOINT], f[C_CHANNEL],
	    (enum kpi_metric)met, &sc, step, err, sizeof(err));
	if (v < 0)
		die_at(csvr_loc(rd->r), "%s", err);
	if (n <= sizeof(key)) {
		setbuf_(&m->key, &m->len, &m->cap, key, n);
		m->len = n;
		m->var = v;
	}
	return v;
}

static void
read_responses(struct drv_state *st, struct tbl *tb)
{
	struct rd rd;
	struct csvr *r = tb->r;
	struct period_time t;
	const char *f[NCOL];
	size_t len[NCOL], i;
	int col[NCOL], rc, score, need_time, notime, tsame;
	char tprev[64];		/* the last time parsed into t, as text */
	size_t tprevlen = SIZE_MAX;	/* (none) */
	long step, v;
	double w, x;
	char sbuf[8];
	const struct drv_var *dv;

	st->g_set = 1;
	memset(&rd, 0, sizeof(rd));
	rd.st = st;
	rd.r = r;
	for (i = 0; i < 64; i++)
		rd.memo[i].var = -1;
	need_time = st->g.unit != PERIOD_NONE || st->g.since >= 0 ||
	    st->g.until >= 0;
	for (i = 0; i < NCOL; i++) {
		col[i] = hdr_find(tb->h, colname[i]);
		if (col[i] < 0 && i != C_WEIGHT && i != C_STEP && (i != C_SEGMENT ||
		    st->g.by_segment) && (i != C_TIME || need_time))
			die_at(csvr_loc(r), "missing column '%s'%s",
			    colname[i], i == C_RESP ? " (not a response "
			    "table?)" : "");
	}
	memset(&t, 0, sizeof(t));
	while ((rc = tbl_next(tb)) != 0) {
		if (rc < 0)
			die_at(csvr_loc(r), "%s", tbl_error(tb));
		for (i = 0; i < NCOL; i++) {
			if (col[i] >= 0)
				f[i] = csvr_field(r, (size_t)col[i], &len[i]);
			else {
				f[i] = "";
				len[i] = 0;
			}
		}
		if (len[C_RESP] == 0)
			die_at(csvr_loc(r), "missing respondent id");
		/* an empty time: a response without a usable time; it
		 * cannot be placed in a period or a window, so it is
		 * skipped (and counted) when one is needed */
		notime = need_time && len[C_TIME] == 0;
		/* a respondent's rows carry one time (cjm-ingest writes
		 * it on each): parsed once */
		tsame = 0;
		if (need_time && !notime) {
			if (len[C_TIME] == tprevlen && memcmp(f[C_TIME], tprev,
			    tprevlen) == 0)
				tsame = 1;
			else if (period_parse(f[C_TIME], 1, &t, NULL) != 0)
				die_at(csvr_loc(r), "bad time '%s'", f[C_TIME]);
			else if (len[C_TIME] < sizeof(tprev)) {
				memcpy(tprev, f[C_TIME], len[C_TIME]);
				tprevlen = len[C_TIME];
			} else
				tprevlen = SIZE_MAX;
		}
		if (col[C_WEIGHT] < 0 || (len[C_WEIGHT] == 1 &&
		    f[C_WEIGHT][0] == '1'))
			w = 1;
		else if (num_parse(f[C_WEIGHT], &w) != 0 || !(w >= 1e-100 &&
		    w <= 1e100))
			die_at(csvr_loc(r), "bad weight '%s' (a positive "
			    "number from 1e-100 to 1e100)", f[C_WEIGHT]);
		if (!rd.have || len[C_RESP] != rd.cur.idlen ||
		    memcmp(f[C_RESP], rd.cur.id, len[C_RESP]) != 0) {
			if (rd.have)
				flush(&rd);
			start(&rd, f, len, need_time && !notime ? &t : NULL,
			    notime, w, col[C_WEIGHT] < 0 ? "1" : f[C_WEIGHT]);
		} else
			same(&rd, f, len, &t, notime, tsame, w,
			    col[C_WEIGHT] < 0 ? "1" : f[C_WEIGHT]);

		if (col[C_STEP] < 0)
			step = -1;	/* by first appearance */
		else if (num_parse_long(f[C_STEP], 1, 1000000, &step) != 0)
			die_at(csvr_loc(r), "bad step '%s'", f[C_STEP]);
		v = row_var(&rd, f, len, step);
		dv = &st->var[v];
		if ((score = parse_score(f[C_SCORE], len[C_SCORE])) < 0)
			die_at(csvr_loc(r), len[C_SCORE] == 0 ? "missing "
			    "score%s" : "score '%s' is not a whole number",
			    f[C_SCORE]);
		if (!kpi_scale_has(&dv->scale, score))
			die_at(csvr_loc(r), "score %s is off the scale %s",
			    f[C_SCORE], kpi_scale_fmt(&dv->scale, sbuf));
		/* oriented: higher is better (5-1: 1 becomes 5) */
		x = dv->scale.worst > dv->scale.best ? dv->scale.worst +
		    dv->scale.best - score : score;
		for (i = 0; i < rd.cur.n; i++)
			if (rd.cur.var[i] == v)
				die_at(csvr_loc(r), "respondent '%.80s' "
				    "answers '%.80s' (%s) twice", rd.cur.id,
				    dv->touchpoint, kpi_metric_name(
				    dv->metric));
		if (rd.cur.n == rd.cur.cap) {
			rd.cur.cap = rd.cur.cap ? 2 * rd.cur.cap : 16;
			rd.cur.var = xreallocarray(rd.cur.var, rd.cur.cap,
			    sizeof(*rd.cur.var));
			rd.cur.x = xreallocarray(rd.cur.x, rd.cur.cap,
			    sizeof(*rd.cur.x));
		}
		rd.cur.var[rd.cur.n] = v;
		rd.cur.x[rd.cur.n++] = x;
	}
	if (rd.have) {
		free(st->last_id);
		st->last_id = xstrndup(rd.cur.id, rd.cur.idlen);
		flush(&rd);
	}
	for (i = 0; i < 64; i++)
		free(rd.memo[i].key);
	free(rd.cur.id);
	free(rd.cur.seg);
	free(rd.cur.var);
	free(rd.cur.x);
}

void
drv_read(struct drv_state *st, const char *path)
{
	struct tbl tb;
	int rc;

	if ((rc = tbl_open(&tb, path)) < 0)
		die_sys("%s", path);
	if (rc > 0)
		die_at(csvr_loc(tb.r), "%s", tbl_error(&tb));
	if (hdr_find(tb.h, "record") >= 0 && hdr_find(tb.h, "bucket") >= 0)
		drv_read_partial(st, &tb, path);
	else
		read_responses(st, &tb);
	tbl_close(&tb);
}
