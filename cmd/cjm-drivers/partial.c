/*
 * partial.c -- the partial drivers table (docs/formats.md section 6):
 * every sum cjm-drivers keeps, so that the tables of shards add up to
 * the sums of one pass.  Rows, by their `record` column:
 *
 *	meta	how respondents were grouped: buckets, by, unit, since, until
 *	var	variable i of this table: step, stage, touchpoint, channel,
 *		metric, scale
 *	first, last	the first and last respondent of the response
 *		tables read (a respondent cut in two between shards shows
 *		up as the last of one and the first of another)
 *	cell	a cell (segment, period): n respondents, w their weights,
 *		since and until their earliest and latest time
 *	pair	variables i <= j in a cell: n respondents, ww sum of w^2
 *	bucket	the sums w, wx, wy, wxx, wyy, wxy of i <= j in a bucket
 *
 * Numbers are written to 17 significant digits (exact).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "csvw.h"
#include "drv.h"
#include "err.h"
#include "hdr.h"
#include "num.h"
#include "tbl.h"
#include "xmalloc.h"

enum { P_RECORD, P_SEGMENT, P_PERIOD, P_BUCKET, P_I, P_J, P_STEP, P_STAGE,
	P_TOUCHPOINT, P_CHANNEL, P_METRIC, P_SCALE, P_RESP, P_N, P_W, P_WX,
	P_WY, P_WXX, P_WYY, P_WXY, P_WW, P_BUCKETS, P_BY, P_UNIT, P_SINCE,
	P_UNTIL, NPCOL };
static const char *const pcol[NPCOL + 1] = {
	"record", "segment", "period", "bucket", "i", "j", "step", "stage",
	"touchpoint", "channel", "metric", "scale", "respondent", "n", "w",
	"wx", "wy", "wxx", "wyy", "wxy", "ww", "buckets", "by", "unit",
	"since", "until", NULL
};

/* The cells sorted by segment, then period (byte order). */
static struct drv_cell **
sorted_cells(const struct drv_state *st)
{
	struct drv_cell **c = xcalloc(st->ncell + 1, sizeof(*c));

	if (st->ncell > 0) {
		memcpy(c, st->cell, st->ncell * sizeof(*c));
		qsort(c, st->ncell, sizeof(*c), drv_cell_cmp);
	}
	return c;
}

/* A variable's step (empty when none), stage, touchpoint, channel and
 * metric: the fields that name it in the tables cjm-drivers writes. */
void
drv_var_fields(struct csvw *w, const struct drv_var *v)
{
	if (v->step > 0)
		csvw_long(w, v->step);
	else
		csvw_field(w, NULL);
	csvw_field(w, v->stage);
	csvw_field(w, v->touchpoint);
	csvw_field(w, v->channel);
	csvw_field(w, kpi_metric_name(v->metric));
}

/* Starts a row: record, then empty fields up to column `upto`. */
static void
row(struct csvw *w, const char *record)
{
	csvw_field(w, record);
}

static void
empties(struct csvw *w, int from, int to)
{
	for (; from < to; from++)
		csvw_field(w, NULL);
}

static void
write_ends(struct csvw *w, const char *record, const char *id)
{
	row(w, record);
	empties(w, P_SEGMENT, P_RESP);
	csvw_field(w, id);
	empties(w, P_N, NPCOL);
	csvw_end(w);
}

void
drv_write_partial(struct drv_state *st)
{
	struct csvw w;
	struct drv_cell **cs, *c;
	const struct drv_var *v;
	const struct drivers_sums *s;
	size_t i, a, b, t, k, g;
	char buf[16];

	csvw_init(&w, stdout);
	csvw_row(&w, pcol);
	row(&w, "meta");
	empties(&w, P_SEGMENT, P_BUCKETS);
	csvw_long(&w, DRV_BUCKETS);
	csvw_field(&w, st->g.by_segment ? "segment" : NULL);
	csvw_field(&w, st->g.unit != PERIOD_NONE ?
	    period_unit_name(st->g.unit) : NULL);
	if (st->g.since >= 0)
		csvw_long(&w, st->g.since);
	else
		csvw_field(&w, NULL);
	if (st->g.until >= 0)
		csvw_long(&w, st->g.until);
	else
		csvw_field(&w, NULL);
	csvw_end(&w);
	for (i = 0; i < st->nvar; i++) {
		v = &st->var[i];
		row(&w, "var");
		empties(&w, P_SEGMENT, P_I);
		csvw_long(&w, (long long)i);
		csvw_field(&w, NULL);
		drv_var_fields(&w, v);
		csvw_field(&w, kpi_scale_fmt(&v->scale, buf));
		empties(&w, P_RESP, NPCOL);
		csvw_end(&w);
	}
	for (i = 0; i < st->nends; i++)
		write_ends(&w, st->ends[i].last ? "last" : "first",
		    st->ends[i].id);
	cs = sorted_cells(st);
	for (k = 0; k < st->ncell; k++) {
		c = cs[k];
		drv_cell_grow(st, c);
		row(&w, "cell");
		csvw_field(&w, c->segment);
		csvw_field(&w, c->period);
		empties(&w, P_BUCKET, P_N);
		csvw_exact(&w, c->nresp);
		csvw_exact(&w, c->wresp);
		empties(&w, P_WX, P_SINCE);
		if (c->tmin >= 0) {
			csvw_long(&w, c->tmin);
			csvw_long(&w, c->tmax);
		} else
			empties(&w, P_SINCE, NPCOL);
		csvw_end(&w);
		for (b = 0; b < c->nv; b++)
			for (a = 0; a <= b; a++) {
				t = DRV_TRI(a, b);
				if (c->pn[t] == 0)
					continue;
				row(&w, "pair");
				csvw_field(&w, c->segment);
				csvw_field(&w, c->period);
				csvw_field(&w, NULL);
				csvw_long(&w, (long long)a);
				csvw_long(&w, (long long)b);
				empties(&w, P_STEP, P_N);
				csvw_exact(&w, c->pn[t]);
				empties(&w, P_W, P_WW);
				csvw_exact(&w, c->pww[t]);
				empties(&w, P_BUCKETS, NPCOL);
				csvw_end(&w);
			}
		for (g = 0; g < DRV_BUCKETS; g++)
			for (b = 0; b < c->bnv[g]; b++)
				for (a = 0; a <= b; a++) {
					t = DRV_TRI(a, b);
					s = (const struct drivers_sums *)
					    (const void *)(c->buck[g] + t *
					    DRIVERS_NSUMS);
					if (s->w == 0)
						continue;
					row(&w, "bucket");
					csvw_field(&w, c->segment);
					csvw_field(&w, c->period);
					csvw_long(&w, (long long)g);
					csvw_long(&w, (long long)a);
					csvw_long(&w, (long long)b);
					empties(&w, P_STEP, P_W);
					csvw_exact(&w, s->w);
					csvw_exact(&w, s->wx);
					csvw_exact(&w, s->wy);
					csvw_exact(&w, s->wxx);
					csvw_exact(&w, s->wyy);
					csvw_exact(&w, s->wxy);
					empties(&w, P_WW, NPCOL);
					csvw_end(&w);
				}
	}
	free(cs);
}

/* ---- reading ---- */

struct prd {
	struct drv_state *st;
	struct csvr	*r;
	const char	*path;
	int		 col[NPCOL];
	const char	*f[NPCOL];
	long		*map;		/* local variable -> global */
	size_t		 nmap, capmap;
	int		 meta;		/* the meta row was read */
};

static void
need(struct prd *p, int c)
{
	if (p->col[c] < 0)
		die_at(csvr_loc(p->r), "missing column '%s' (not a partial "
		    "drivers table?)", pcol[c]);
}

static double
num(struct prd *p, int c, int whole)
{
	double v;

	need(p, c);
	if (num_parse(p->f[c], &v) != 0 || !isfinite(v) || v < 0 ||
	    (whole && v != floor(v)))
		die_at(csvr_loc(p->r), "column '%s': bad number '%.40s'",
		    pcol[c], p->f[c]);
	return v;
}

static long
index_(struct prd *p, int c, long max)
{
	long v;

	need(p, c);
	if (num_parse_long(p->f[c], 0, max, &v) != 0)
		die_at(csvr_loc(p->r), "column '%s': '%.40s' is not an index "
		    "from 0 to %ld", pcol[c], p->f[c], max);
	return v;
}

static void
read_meta(struct prd *p)
{
	struct drv_group g;
	long b;
	int m;

	memset(&g, 0, sizeof(g));
	g.since = g.until = -1;
	b = index_(p, P_BUCKETS, 1L << 30);
	if (b != DRV_BUCKETS)
		die_at(csvr_loc(p->r), "made with %ld buckets, this "
		    "cjm-drivers uses %d (a newer or older version)", b,
		    DRV_BUCKETS);
	need(p, P_BY);
	if (strcmp(p->f[P_BY], "segment") == 0)
		g.by_segment = 1;
	else if (*p->f[P_BY] != '\0')
		die_at(csvr_loc(p->r), "column 'by': not 'segment' or empty: "
		    "'%.40s'", p->f[P_BY]);
	need(p, P_UNIT);
	if (*p->f[P_UNIT] != '\0') {
		if ((m = period_unit_parse(p->f[P_UNIT])) < 0)
			die_at(csvr_loc(p->r), "column 'unit': unknown unit "
			    "'%.40s'", p->f[P_UNIT]);
		g.unit = (enum period_unit)m;
	}
	need(p, P_SINCE);
	need(p, P_UNTIL);
	if (*p->f[P_SINCE] != '\0')
		g.since = (long long)index_(p, P_SINCE, 99991231235959L);
	if (*p->f[P_UNTIL] != '\0')
		g.until = (long long)index_(p, P_UNTIL, 99991231235959L);
	if (!p->st->g_set) {
		p->st->g = g;
		p->st->g_set = 1;
	} else if (!p->st->coarse && p->st->ncell == 0 &&
	    p->st->nread == 0 && drv_window_ok(&g, &p->st->g)) {
		/* day cells, made into the run's cells at the end */
		p->st->want = p->st->g;
		p->st->g = g;
		p->st->coarse = 1;
	} else if (p->st->coarse && drv_window_ok(&g, &p->st->want)) {
		/* another table by day */
	} else if (g.unit == PERIOD_DAY && g.since < 0 && g.until < 0 &&
	    p->st->g.unit != PERIOD_DAY && ((p->st->g.since >= 0 &&
	    p->st->g.since % 1000000 != 0) || (p->st->g.until >= 0 &&
	    p->st->g.until % 1000000 != 235959)))
		die_at(csvr_loc(p->r), "a partial table by day makes windows "
		    "of whole days only (--since and --until as dates)");
	else if (g.by_segment != p->st->g.by_segment ||
	    g.unit != p->st->g.unit || g.since != p->st->g.since ||
	    g.until != p->st->g.until)
		die_at(csvr_loc(p->r), "grouped by%s%s%s (--by, --period, "
		    "--since, --until) unlike the other inputs or the "
		    "options", g.by_segment ? " segment" : "",
		    g.unit != PERIOD_NONE ? " period " : "",
		    g.unit != PERIOD_NONE ? period_unit_name(g.unit) : "");
	p->meta = 1;
}

static void
read_var(struct prd *p)
{
	struct kpi_scale sc;
	long i, step = 0, v;
	int m;
	char err[512];

	i = index_(p, P_I, 1000000);
	if ((size_t)i != p->nmap)
		die_at(csvr_loc(p->r), "variable %ld out of order (expected "
		    "%zu)", i, p->nmap);
	need(p, P_STEP);
	if (*p->f[P_STEP] != '\0' && num_parse_long(p->f[P_STEP], 1, 1000000,
	    &step) != 0)
		die_at(csvr_loc(p->r), "bad step '%.40s'", p->f[P_STEP]);
	need(p, P_STAGE);
	need(p, P_TOUCHPOINT);
	need(p, P_CHANNEL);
	need(p, P_METRIC);
	need(p, P_SCALE);
	if ((m = kpi_metric_parse(p->f[P_METRIC])) < 0)
		die_at(csvr_loc(p->r), "unknown metric '%.40s'",
		    p->f[P_METRIC]);
	if (kpi_scale_parse(p->f[P_SCALE], &sc) != 0 ||
	    kpi_scale_check((enum kpi_metric)m, &sc) != NULL)
		die_at(csvr_loc(p->r), "bad scale '%.40s'", p->f[P_SCALE]);
	v = drv_var_get(p->st, p->f[P_STAGE], p->f[P_TOUCHPOINT],
	    p->f[P_CHANNEL], (enum kpi_metric)m, &sc, step, err, sizeof(err));
	if (v < 0)
		die_at(csvr_loc(p->r), "%s", err);
	for (i = 0; i < (long)p->nmap; i++)
		if (p->map[i] == v)
			die_at(csvr_loc(p->r), "variable %ld is variable %ld "
			    "again", (long)p->nmap, i);
	if (p->nmap == p->capmap) {
		p->capmap = p->capmap ? 2 * p->capmap : 16;
		p->map = xreallocarray(p->map, p->capmap, sizeof(*p->map));
	}
	p->map[p->nmap++] = v;
}

static struct drv_cell *
cell_of(struct prd *p)
{
	struct drv_cell *c;

	need(p, P_SEGMENT);
	need(p, P_PERIOD);
	c = drv_cell_get(p->st, p->f[P_SEGMENT], strlen(p->f[P_SEGMENT]),
	    p->f[P_PERIOD], strlen(p->f[P_PERIOD]));
	drv_cell_grow(p->st, c);
	return c;
}

/* The global pair of local variables i, j; *swap when reversed. */
static size_t
pair_of(struct prd *p, int *swap)
{
	long i, j, a, b;

	if (p->nmap == 0)
		die_at(csvr_loc(p->r), "a pair before any variable");
	i = index_(p, P_I, (long)p->nmap - 1);
	j = index_(p, P_J, (long)p->nmap - 1);
	if (i > j)
		die_at(csvr_loc(p->r), "i %ld is above j %ld", i, j);
	a = p->map[i];
	b = p->map[j];
	*swap = a > b;
	return *swap ? DRV_TRI((size_t)b, (size_t)a) :
	    DRV_TRI((size_t)a, (size_t)b);
}

void
drv_read_partial(struct drv_state *st, struct tbl *tb, const char *path)
{
	struct prd p;
	struct drv_cell *c;
	struct drivers_sums *s;
	const char *rec;
	size_t i, t;
	int rc, swap;
	double v[DRIVERS_NSUMS];
	long g;

	memset(&p, 0, sizeof(p));
	p.st = st;
	p.r = tb->r;
	p.path = path;
	for (i = 0; i < NPCOL; i++)
		p.col[i] = hdr_find(tb->h, pcol[i]);
	while ((rc = tbl_next(tb)) != 0) {
		if (rc < 0)
			die_at(csvr_loc(p.r), "%s", tbl_error(tb));
		for (i = 0; i < NPCOL; i++)
			p.f[i] = p.col[i] >= 0 ? csvr_field(p.r,
			    (size_t)p.col[i], NULL) : "";
		rec = p.f[P_RECORD];
		if (strcmp(rec, "meta") == 0) {
			read_meta(&p);
			continue;
		}
		if (!p.meta)
			die_at(csvr_loc(p.r), "a '%.20s' row before the meta "
			    "row", rec);
		if (strcmp(rec, "var") == 0)
			read_var(&p);
		else if (strcmp(rec, "first") == 0 || strcmp(rec, "last") == 0) {
			need(&p, P_RESP);
			drv_end(st, p.f[P_RESP], rec[0] == 'l', path,
			    csvr_loc(p.r));
		} else if (strcmp(rec, "cell") == 0) {
			c = cell_of(&p);
			c->nresp += num(&p, P_N, 1);
			c->wresp += num(&p, P_W, 0);
			need(&p, P_SINCE);
			need(&p, P_UNTIL);
			if (*p.f[P_SINCE] != '\0' || *p.f[P_UNTIL] != '\0') {
				long long a = index_(&p, P_SINCE,
				    99991231235959L);
				long long b = index_(&p, P_UNTIL,
				    99991231235959L);

				if (c->tmin < 0 || a < c->tmin)
					c->tmin = a;
				if (b > c->tmax)
					c->tmax = b;
			}
		} else if (strcmp(rec, "pair") == 0) {
			c = cell_of(&p);
			t = pair_of(&p, &swap);
			c->pn[t] += num(&p, P_N, 1);
			c->pww[t] += num(&p, P_WW, 0);
		} else if (strcmp(rec, "bucket") == 0) {
			c = cell_of(&p);
			g = index_(&p, P_BUCKET, DRV_BUCKETS - 1);
			t = pair_of(&p, &swap);
			for (i = 0; i < DRIVERS_NSUMS; i++)
				v[i] = num(&p, P_W + (int)i, 0);
			s = (struct drivers_sums *)(void *)(drv_cell_bucket(st,
			    c, (size_t)g) + t * DRIVERS_NSUMS);
			s->w += v[0];
			s->wx += swap ? v[2] : v[1];
			s->wy += swap ? v[1] : v[2];
			s->wxx += swap ? v[4] : v[3];
			s->wyy += swap ? v[3] : v[4];
			s->wxy += v[5];
		} else
			die_at(csvr_loc(p.r), "unknown record '%.40s' (meta, "
			    "var, first, last, cell, pair, bucket)", rec);
	}
	if (!p.meta)
		die_at(csvr_loc(p.r), "no meta row: not a partial drivers "
		    "table");
	free(p.map);
	st->have_partial = 1;
}
