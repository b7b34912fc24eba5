/*
 * model.c -- from a cell's sums to its rows of the drivers table.
 *
 * Per cell: each predictor's pairwise r with the outcome (Fisher-z
 * interval on its n, Kish n_eff when weighted) and performance; the
 * predictors with a base (n >= --min-n) and a defined r form the model;
 * their pairwise correlation matrix (a pair never answered together:
 * 0), made positive definite when it is not consistent, gives R^2 and
 * its shares (LMG or relative weights).  The bootstrap draws a Poisson(1) count per bucket
 * and replicate (drivers_poisson), adds the buckets' sums times their
 * counts and repeats the whole computation; percentiles of the
 * replicates bound each share and R^2.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "drv.h"
#include "err.h"
#include "xmalloc.h"

static const char *const header[] = {
	"outcome", "outcome_metric", "segment", "period", "step", "stage",
	"touchpoint", "channel", "metric", "scale", "n", "n_eff", "r",
	"r_low", "r_high", "importance", "imp_low", "imp_high",
	"performance", "quadrant", "low_base", "note", "n_outcome",
	"time_first", "time_last", "k",
	"r2", "r2_low", "r2_high", "method", "boot", "seed", "conf", NULL
};

/* A listed predictor of a cell. */
struct pred {
	size_t		 var;
	double		 n, neff, r, rlo, rhi, perf;
	int		 low_base;
	const char	*note;
	long		 pos;		/* in the model, or -1 */
	double		 imp, ilo, ihi;
	const char	*quadrant;
};

struct ctx {
	struct drv_state	*st;
	const struct drv_opts	*o;
	size_t			 y;		/* the outcome */
	size_t			*order;		/* variables, journey order */
	uint8_t			*mult;		/* [bucket][replicate] */
	struct drivers_work	*work;
	char			 where[256];	/* "segment 'x': " */
};

static const struct drv_state *sort_st;

static int
by_journey(const void *a, const void *b)
{
	const struct drv_var *x = &sort_st->var[*(const size_t *)a];
	const struct drv_var *y = &sort_st->var[*(const size_t *)b];
	int c;

	if (x->step != y->step)
		return x->step == 0 ? 1 : y->step == 0 ? -1 :
		    x->step < y->step ? -1 : 1;
	if ((c = strcmp(x->stage, y->stage)) != 0 ||
	    (c = strcmp(x->touchpoint, y->touchpoint)) != 0 ||
	    (c = strcmp(x->channel, y->channel)) != 0)
		return c;
	return x->metric < y->metric ? -1 : x->metric > y->metric;
}

/* Appends "'name' (metric)" of variable v to a list for messages. */
static void
list_var(char *buf, size_t sz, const struct drv_var *v)
{
	size_t len = strlen(buf);

	if (len + 8 >= sz)
		return;
	if (len > 300) {
		if (strcmp(buf + len - 3, "...") != 0)
			snprintf(buf + len, sz - len, ", ...");
		return;
	}
	snprintf(buf + len, sz - len, "%s'%.60s' (%s%s%.40s)", len ? ", " :
	    "", v->touchpoint, kpi_metric_name(v->metric), *v->stage ?
	    ", stage " : "", v->stage);
}

/*
 * The outcome: --outcome (with --outcome-metric), else the only NPS
 * question of the journey file, else of the data.  Dies with the
 * candidates when there is none or several.
 */
size_t
drv_outcome(const struct drv_state *st, const struct drv_opts *o)
{
	char list[512] = "", all[512] = "";
	size_t i, n = 0, hit = 0, nj = 0;
	const struct drv_var *v;
	int want = o->outcome_metric != NULL ?
	    kpi_metric_parse(o->outcome_metric) : -1;

	for (i = 0; i < st->nvar; i++)
		nj += st->var[i].journey;
	for (i = 0; i < st->nvar; i++) {
		v = &st->var[i];
		list_var(all, sizeof(all), v);
		if (o->outcome != NULL) {
			if (strcmp(v->touchpoint, o->outcome) != 0 ||
			    (want >= 0 && (int)v->metric != want))
				continue;
		} else if (v->metric != KPI_NPS || (nj > 0 && !v->journey) ||
		    (want >= 0 && (int)v->metric != want))
			continue;
		list_var(list, sizeof(list), v);
		hit = i;
		n++;
	}
	if (n == 1)
		return hit;
	if (o->outcome != NULL && n == 0)
		die("no touchpoint '%.80s'%s%s%s to use as the outcome "
		    "(questions: %s)", o->outcome, want >= 0 ? " with metric " :
		    "", want >= 0 ? o->outcome_metric : "", "", all);
	if (o->outcome != NULL) {
		/* several metrics or stages: prefer the only NPS one */
		for (i = 0, n = 0; i < st->nvar; i++)
			if (strcmp(st->var[i].touchpoint, o->outcome) == 0 &&
			    st->var[i].metric == KPI_NPS) {
				hit = i;
				n++;
			}
		if (n == 1 && want < 0)
			return hit;
		die("touchpoint '%.80s' is several questions (%s): choose "
		    "one with --outcome-metric%s", o->outcome, list,
		    want >= 0 ? ", or rename one in the journey file" : "");
	}
	if (n == 0)
		die("no NPS question to use as the outcome: choose one with "
		    "--outcome (questions: %s)", all);
	die("several NPS questions (%s): choose the outcome with --outcome",
	    list);
}

/* The sums of pair t over all the cell's buckets. */
static void
cell_sums(const struct drv_cell *c, size_t t, struct drivers_sums *s)
{
	const struct drivers_sums *b;
	size_t g;

	memset(s, 0, sizeof(*s));
	for (g = 0; g < DRV_BUCKETS; g++) {
		if (c->buck[g] == NULL || t >= DRV_TRI(0, c->bnv[g]))
			continue;
		b = (const struct drivers_sums *)(const void *)(c->buck[g] +
		    t * DRIVERS_NSUMS);
		s->w += b->w;
		s->wx += b->wx;
		s->wy += b->wy;
		s->wxx += b->wxx;
		s->wyy += b->wyy;
		s->wxy += b->wxy;
	}
}

static size_t
tri_of(size_t a, size_t b)
{
	return a <= b ? DRV_TRI(a, b) : DRV_TRI(b, a);
}

/*
 * The model's correlation matrix R ((k+1) x (k+1), the outcome last)
 * from sums by model pair (sums[q], q = DRV_TRI over positions): r,
 * or 0 for a pair not used (use[q] = 0: too few respondents answered
 * both) or without an r (no variance among those who did).  Then made
 * positive definite when it is not even semi-definite: returns
 * drivers_psd's result.
 */
static int
build(const struct drivers_sums *sums, const char *use, size_t k, double *R,
    double *min_eig, struct drivers_work *w)
{
	size_t m = k + 1, a, b, q;
	double r;

	for (b = 0; b < m; b++)
		for (a = 0; a <= b; a++) {
			if (a == b) {
				R[a * m + a] = 1;
				continue;
			}
			q = DRV_TRI(a, b);
			r = use[q] ? drivers_r(&sums[q]) : 0;
			R[a * m + b] = R[b * m + a] = isnan(r) ? 0 : r;
		}
	return drivers_psd(R, m, min_eig, w);
}

static int
shares(const struct drv_opts *o, const double *R, size_t m, double *sh,
    double *r2, struct drivers_work *w)
{
	return o->method == DRV_LMG ? drivers_lmg(R, m, sh, r2, w) :
	    drivers_relweights(R, m, sh, r2, w);
}

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The percentile interval of n replicate values (NANs left out). */
static void
interval(double *v, size_t n, double level, double *lo, double *hi)
{
	size_t i, j;

	for (i = j = 0; i < n; i++)
		if (!isnan(v[i]))
			v[j++] = v[i];
	qsort(v, j, sizeof(*v), by_double);
	*lo = drivers_quantile(v, j, (1 - level) / 2);
	*hi = drivers_quantile(v, j, (1 + level) / 2);
}

/*
 * The bootstrap of one cell's model: replicate b's sums are the buckets'
 * sums times their Poisson counts; each replicate's shares and R^2 go
 * through the same steps as the estimate.  Fills the intervals of the
 * model predictors (p[].ilo, .ihi, in %) and of R^2.
 */
static void
bootstrap(struct ctx *x, const struct drv_cell *c, struct pred *p,
    size_t np, const size_t *mvar, const char *use, size_t k, double *r2lo,
    double *r2hi)
{
	const struct drv_opts *o = x->o;
	size_t m = k + 1, P = DRV_TRI(0, m), q, a, b, g, i, rep, j;
	size_t *tmap, nb = o->boot;
	double *acc, *v, *R, *sh, *rs, *r2s, me, *src;
	struct drivers_sums *s;
	unsigned mu;

	tmap = xcalloc(P, sizeof(*tmap));
	for (b = 0; b < m; b++)
		for (a = 0; a <= b; a++)
			tmap[DRV_TRI(a, b)] = tri_of(a < k ? mvar[a] : x->y,
			    b < k ? mvar[b] : x->y);
	acc = xcalloc(nb * P * DRIVERS_NSUMS, sizeof(*acc));
	v = xcalloc(P * DRIVERS_NSUMS, sizeof(*v));
	for (g = 0; g < DRV_BUCKETS; g++) {
		if (c->buck[g] == NULL)
			continue;
		for (q = 0; q < P; q++) {
			src = tmap[q] < DRV_TRI(0, c->bnv[g]) ? c->buck[g] +
			    tmap[q] * DRIVERS_NSUMS : NULL;
			for (i = 0; i < DRIVERS_NSUMS; i++)
				v[q * DRIVERS_NSUMS + i] = src ? src[i] : 0;
		}
		for (rep = 0; rep < nb; rep++) {
			if ((mu = x->mult[g * nb + rep]) == 0)
				continue;
			src = acc + rep * P * DRIVERS_NSUMS;
			for (i = 0; i < P * DRIVERS_NSUMS; i++)
				src[i] += mu * v[i];
		}
	}
	R = xcalloc(m * m, sizeof(*R));
	sh = xcalloc(m, sizeof(*sh));
	rs = xcalloc(nb * (k + 1), sizeof(*rs));	/* [j][rep] */
	r2s = rs + nb * k;
	for (rep = 0; rep < nb; rep++) {
		s = (struct drivers_sums *)(void *)(acc + rep * P *
		    DRIVERS_NSUMS);
		if (build(s, use, k, R, &me, x->work) < 0 ||
		    shares(o, R, m, sh, &r2s[rep], x->work) != 0) {
			for (j = 0; j < k; j++)
				rs[j * nb + rep] = NAN;
			continue;
		}
		for (j = 0; j < k; j++)
			rs[j * nb + rep] = sh[j] * 100;
	}
	for (i = 0; i < np; i++)
		if (p[i].pos >= 0)
			interval(rs + (size_t)p[i].pos * nb, nb, o->level,
			    &p[i].ilo, &p[i].ihi);
	interval(r2s, nb, o->level, r2lo, r2hi);
	free(tmap);
	free(acc);
	free(v);
	free(R);
	free(sh);
	free(rs);
}

static void
note(const struct ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(const struct ctx *x, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (x->st->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warnx_("note: %s%s", x->where, msg);
}

static void
put_num(struct csvw *w, double v, int digits)
{
	csvw_num(w, v, digits);
}

/* A period_key YYYYMMDDHHMMSS as YYYY-MM-DDTHH:MM:SS; -1: empty. */
static void
put_time(struct csvw *w, long long k)
{
	char buf[32];

	if (k < 0) {
		csvw_field(w, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld",
	    k / 10000000000LL, k / 100000000 % 100, k / 1000000 % 100,
	    k / 10000 % 100, k / 100 % 100, k % 100);
	csvw_field(w, buf);
}

/* One cell: compute and write its rows. */
static void
do_cell(struct ctx *x, struct csvw *w, const struct drv_cell *c)
{
	const struct drv_opts *o = x->o;
	struct drv_state *st = x->st;
	const struct drv_var *vy = &st->var[x->y], *v;
	struct drivers_sums sy, s, *ms;
	struct pred *p;
	size_t np = 0, i, j, k = 0, m, *mvar, a, b, t, nfew = 0;
	double ny, lo, hi, r2 = NAN, r2lo = NAN, r2hi = NAN, me, *R, *sh;
	double mperf = 0;
	int ydeg, rc;
	char buf[16], list[256] = "", *use;

	x->where[0] = '\0';
	if (*c->segment != '\0' || *c->period != '\0')
		snprintf(x->where, sizeof(x->where), "%s%.80s%s%s%s%.20s: ",
		    *c->segment ? "segment '" : "", c->segment,
		    *c->segment ? "'" : "", *c->segment && *c->period ? ", " :
		    "", *c->period ? "period " : "", c->period);
	t = DRV_TRI(x->y, x->y);
	ny = t < DRV_TRI(0, c->nv) ? c->pn[t] : 0;
	cell_sums(c, t, &sy);
	ydeg = isnan(drivers_r(&sy));
	if (ydeg && ny > 0)
		note(x, "'%.80s' (%s) has no variance (every answer alike): "
		    "nothing to explain", vy->touchpoint,
		    kpi_metric_name(vy->metric));
	p = xcalloc(st->nvar, sizeof(*p));
	mvar = xcalloc(st->nvar, sizeof(*mvar));
	for (i = 0; i < st->nvar; i++) {
		if (x->order[i] == x->y)
			continue;
		p[np].var = x->order[i];
		v = &st->var[p[np].var];
		t = tri_of(p[np].var, x->y);
		p[np].n = t < DRV_TRI(0, c->nv) ? c->pn[t] : 0;
		cell_sums(c, t, &s);
		p[np].neff = p[np].n > 0 && c->pww[t] > 0 ? s.w * s.w /
		    c->pww[t] : 0;
		p[np].r = drivers_r(&s);
		drivers_fisher_ci(p[np].r, p[np].neff, o->level, &p[np].rlo,
		    &p[np].rhi);
		t = DRV_TRI(p[np].var, p[np].var);
		cell_sums(c, t, &s);
		lo = v->scale.worst < v->scale.best ? v->scale.worst :
		    v->scale.best;
		hi = v->scale.worst < v->scale.best ? v->scale.best :
		    v->scale.worst;
		p[np].perf = s.w > 0 ? (s.wx / s.w - lo) / (hi - lo) * 100 :
		    NAN;
		p[np].low_base = p[np].n < o->min_n;
		p[np].note = ydeg && ny > 0 ? "outcome-no-variance" :
		    isnan(p[np].r) && p[np].n >= 2 ? "no-variance" : "";
		p[np].pos = -1;
		p[np].imp = p[np].ilo = p[np].ihi = NAN;
		p[np].quadrant = "";
		if (!p[np].low_base && !isnan(p[np].r) && !ydeg) {
			p[np].pos = (long)k;
			mvar[k++] = p[np].var;
		} else if (!p[np].low_base && !ydeg && isnan(p[np].r) &&
		    p[np].n >= 2)
			note(x, "'%.80s' (%s) has no variance among the %g "
			    "respondents who also answered the outcome: no "
			    "importance", v->touchpoint,
			    kpi_metric_name(v->metric), p[np].n);
		np++;
	}
	if (o->method == DRV_LMG && k > DRIVERS_LMG_MAX)
		die("%s%zu predictors: exact LMG visits 2^%zu subsets, more "
		    "than this tool allows (%d predictors); use --method "
		    "relweights, or fewer predictors (--min-n)", x->where, k,
		    k, DRIVERS_LMG_MAX);
	if (k > 0) {
		m = k + 1;
		ms = xcalloc(DRV_TRI(0, m), sizeof(*ms));
		R = xcalloc(m * m, sizeof(*R));
		sh = xcalloc(m, sizeof(*sh));
		for (b = 0; b < m; b++)
			for (a = 0; a <= b; a++) {
				t = tri_of(a < k ? mvar[a] : x->y, b < k ?
				    mvar[b] : x->y);
				cell_sums(c, t, &ms[DRV_TRI(a, b)]);
			}
		/* which pairs of predictors have an r to use: answered
		 * together by --min-n respondents (the outcome's pairs all
		 * have); and the same question twice */
		use = xcalloc(DRV_TRI(0, m), 1);
		for (b = 0; b < m; b++)
			for (a = 0; a <= b; a++) {
				t = tri_of(a < k ? mvar[a] : x->y, b < k ?
				    mvar[b] : x->y);
				use[DRV_TRI(a, b)] = b == k || a == b ||
				    (c->pn[t] >= o->min_n && c->pn[t] > 0);
				if (b == k || a == b)
					continue;
				if (!use[DRV_TRI(a, b)]) {
					if (nfew++ == 0)
						snprintf(list, sizeof(list),
						    "'%.60s' and '%.60s', %g",
						    st->var[mvar[a]].touchpoint,
						    st->var[mvar[b]].touchpoint,
						    c->pn[t]);
					continue;
				}
				if (fabs(drivers_r(&ms[DRV_TRI(a, b)])) <
				    1 - 1e-12)
					continue;
				note(x, "'%.80s' (%s) and '%.80s' (%s) are "
				    "perfectly correlated (the same question "
				    "twice?): they share their importance",
				    st->var[mvar[a]].touchpoint,
				    kpi_metric_name(st->var[mvar[a]].metric),
				    st->var[mvar[b]].touchpoint,
				    kpi_metric_name(st->var[mvar[b]].metric));
				for (i = 0; i < np; i++)
					if (p[i].var == mvar[a] ||
					    p[i].var == mvar[b])
						p[i].note = "collinear";
			}
		if (nfew > 0)
			note(x, "%zu pair%s of predictors answered together by "
			    "fewer than %g respondents (%s%s): correlation "
			    "taken as 0", nfew, nfew == 1 ? "" : "s",
			    o->min_n > 2 ? o->min_n : 2, list, nfew > 1 ?
			    "; ..." : "");
		rc = build(ms, use, k, R, &me, x->work);
		if (rc < 0)
			die("%sthe eigensolver failed on the correlation "
			    "matrix", x->where);
		if (rc > 0)
			note(x, "the pairwise correlations are not "
			    "consistent (smallest eigenvalue %.4f): made "
			    "positive definite", me);
		if (shares(o, R, m, sh, &r2, x->work) == 0)
			for (i = 0; i < np; i++)
				if (p[i].pos >= 0)
					p[i].imp = sh[p[i].pos] * 100;
		/* quadrants: against the average share and the mean
		 * performance of the model's predictors */
		for (i = 0, j = 0; i < np; i++)
			if (p[i].pos >= 0 && !isnan(p[i].perf)) {
				mperf += p[i].perf;
				j++;
			}
		mperf = j > 0 ? mperf / (double)j : NAN;
		for (i = 0; i < np; i++) {
			if (p[i].pos < 0 || isnan(p[i].imp))
				continue;
			/* a touchpoint that goes against the outcome (r <= 0)
			 * is no reason to act, however large its share */
			p[i].quadrant = p[i].imp > 100.0 / (double)k &&
			    p[i].r > 0 ? (p[i].perf < mperf ? "fix" : "keep") :
			    (p[i].perf < mperf ? "watch" : "ok");
			if (!(p[i].r > 0) && *p[i].note == '\0')
				p[i].note = "negative";
		}
		if (o->boot > 0 && !isnan(r2) && r2 > 0)
			bootstrap(x, c, p, np, mvar, use, k, &r2lo, &r2hi);
		free(use);
		free(ms);
		free(R);
		free(sh);
	}
	for (i = 0; i < np; i++) {
		v = &st->var[p[i].var];
		csvw_field(w, vy->touchpoint);
		csvw_field(w, kpi_metric_name(vy->metric));
		csvw_field(w, c->segment);
		csvw_field(w, c->period);
		drv_var_fields(w, v);
		csvw_field(w, kpi_scale_fmt(&v->scale, buf));
		put_num(w, p[i].n, 0);
		put_num(w, p[i].neff, o->digits);
		put_num(w, p[i].r, o->digits);
		put_num(w, p[i].rlo, o->digits);
		put_num(w, p[i].rhi, o->digits);
		put_num(w, p[i].imp, o->digits);
		put_num(w, p[i].ilo, o->digits);
		put_num(w, p[i].ihi, o->digits);
		put_num(w, p[i].perf, o->digits);
		csvw_field(w, p[i].quadrant);
		csvw_long(w, p[i].low_base);
		csvw_field(w, p[i].note);
		put_num(w, ny, 0);
		put_time(w, c->tmin);
		put_time(w, c->tmax);
		csvw_long(w, (long long)k);
		put_num(w, k > 0 ? r2 : NAN, o->digits);
		put_num(w, r2lo, o->digits);
		put_num(w, r2hi, o->digits);
		csvw_field(w, o->method == DRV_LMG ? "lmg" : "relweights");
		csvw_long(w, o->boot);
		csvw_long(w, (long long)o->seed);
		put_num(w, o->level, 6);
		csvw_end(w);
	}
	free(p);
	free(mvar);
}

/* the table being written (static: a die() on the way leaves it
 * reachable, as exit() finds it) */
static char	*table;
static size_t	 tablelen;

int
drv_write_table(struct drv_state *st, const struct drv_opts *o)
{
	struct csvw w;
	struct ctx x;
	struct drv_cell **cs;
	size_t i, g, rep;
	FILE *fp;

	/* the table is written only when complete: a cell that stops
	 * cjm-drivers (too many predictors) leaves no rows of the others */
	table = NULL;
	tablelen = 0;
	if ((fp = open_memstream(&table, &tablelen)) == NULL)
		die_sys("open_memstream");
	csvw_init(&w, fp);
	csvw_row(&w, header);
	if (st->nvar == 0 || st->ncell == 0)
		goto out;
	memset(&x, 0, sizeof(x));
	x.st = st;
	x.o = o;
	x.y = drv_outcome(st, o);
	x.order = xcalloc(st->nvar, sizeof(*x.order));
	for (i = 0; i < st->nvar; i++)
		x.order[i] = i;
	sort_st = st;
	qsort(x.order, st->nvar, sizeof(*x.order), by_journey);
	sort_st = NULL;
	x.mult = xcalloc((size_t)DRV_BUCKETS * o->boot + 1, 1);
	for (g = 0; g < DRV_BUCKETS; g++)
		for (rep = 0; rep < o->boot; rep++) {
			unsigned mu = drivers_poisson(o->seed, (uint32_t)g,
			    (uint32_t)rep);

			x.mult[g * o->boot + rep] = (uint8_t)(mu > 255 ? 255 :
			    mu);
		}
	x.work = drivers_work_new(st->nvar + 1);
	cs = xcalloc(st->ncell, sizeof(*cs));
	memcpy(cs, st->cell, st->ncell * sizeof(*cs));
	qsort(cs, st->ncell, sizeof(*cs), drv_cell_cmp);
	for (i = 0; i < st->ncell; i++) {
		drv_cell_grow(st, cs[i]);
		do_cell(&x, &w, cs[i]);
	}
	free(cs);
	free(x.order);
	free(x.mult);
	drivers_work_free(x.work);
out:
	if (fclose(fp) != 0)
		die_sys("open_memstream");
	fwrite(table, 1, tablelen, stdout);
	free(table);
	table = NULL;
	return EXIT_SUCCESS;
}
