/*
 * cjm-drivers -- response tables -> drivers table: which touchpoints
 * drive the outcome (the NPS), with intervals.
 *
 * Reads response tables (docs/formats.md section 2; the rows of one
 * respondent id, consecutive, form one case), or partial drivers tables
 * of shards, and writes one row per predictor (section 6): its Pearson r
 * with the outcome and Fisher-z interval, its share of R^2 by LMG with a
 * bootstrap interval, its performance and quadrant.  One pass; memory
 * grows with the cells (segment x period) and the variables, and by 16
 * bytes per respondent for the check that a respondent's rows are
 * consecutive, never with the rows.  The statistics are lib/drivers;
 * docs/methods.md says how and why.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "drv.h"
#include "err.h"
#include "journey.h"
#include "num.h"
#include "xmalloc.h"

#define SYNOPSIS "cjm-drivers [-q] [--outcome touchpoint] " \
	"[--outcome-metric metric] [--by segment] [--period unit] " \
	"[--since time] [--until time] [--method method] [--level p] " \
	"[--min-n n] [--boot n] [--seed n] [--digits n] [--partial] " \
	"[--widen n] [--widen-by unit] [-j journey.csv] [responses.csv ...]\n" \
	"       cjm-drivers --print-outcome [--outcome touchpoint] " \
	"[--outcome-metric metric] -j journey.csv"

static const char help[] =
"usage: " SYNOPSIS "\n"
"Find which touchpoints drive an outcome (the NPS): correlation, share of\n"
"R^2 (LMG) with bootstrap intervals, performance and quadrant.\n"
"\n"
"  -o, --outcome TP     the outcome touchpoint (default: the only NPS one)\n"
"      --outcome-metric M  its metric when the touchpoint has several\n"
"  -b, --by segment     one analysis per segment\n"
"  -p, --period UNIT    one analysis per day, week (ISO), month or quarter\n"
"      --since TIME     skip respondents before TIME (YYYY-MM-DD[THH:MM:SS])\n"
"      --until TIME     skip respondents after TIME (a date: the whole day)\n"
"      --method M       lmg (default: exact, all subsets), relweights\n"
"  -l, --level P        confidence level (default 0.95)\n"
"      --min-n N        below N respondents with the outcome: low base, no\n"
"                       importance (default 30)\n"
"      --boot N         bootstrap replicates (default 1000; 0: none)\n"
"      --seed N         bootstrap seed (default 1)\n"
"      --digits N       decimals of the statistics (default 6, at most 15)\n"
"      --partial        sums only (shards), for cjm-drivers to finish\n"
"      --print-outcome  only say which question of the journey file is the\n"
"                       outcome (status 1 and why when none is)\n"
"      --widen N        fewer than N respondents with the outcome between\n"
"                       --since and --until: start one --widen-by unit\n"
"                       (default month) earlier, up to 12 times\n"
"  -j, --journey FILE   the journey file: its NPS row is the default\n"
"                       outcome; its touchpoints are listed even unanswered\n"
"  -q, --quiet          no notes on stderr\n"
"      --help, --version\n"
"Inputs are response tables, or partial tables of shards (--partial).\n";

static long long
parse_time_opt(const char *name, const char *s, int end)
{
	struct period_time t;
	int has_time;

	if (period_parse(s, 1, &t, &has_time) != 0) {
		warnx_("%s: bad time '%s' (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
		    name, s);
		die_usage(SYNOPSIS);
	}
	if (!has_time && end) {
		t.h = 23;
		t.min = t.s = 59;
	}
	return period_key(&t);
}

static unsigned long long
parse_count(const char *name, const char *s, unsigned long long max)
{
	long v;

	if (num_parse_long(s, 0, LONG_MAX, &v) != 0 ||
	    (unsigned long long)v > max) {
		warnx_("%s: '%s' is not a whole number from 0 to %llu", name,
		    s, max);
		die_usage(SYNOPSIS);
	}
	return (unsigned long long)v;
}

static int print_outcome;	/* --print-outcome */

static void
parse_args(int argc, char **argv, struct drv_state *st, struct drv_opts *o,
    int *partial, int *first)
{
	enum { O_SINCE = 256, O_UNTIL, O_PARTIAL, O_METHOD, O_BOOT, O_SEED,
		O_DIGITS, O_OMETRIC, O_WIDEN, O_WIDEN_BY, O_PRINT };
	static const struct option lo[] = {
		{"boot", required_argument, NULL, O_BOOT},
		{"by", required_argument, NULL, 'b'},
		{"digits", required_argument, NULL, O_DIGITS},
		{"journey", required_argument, NULL, 'j'},
		{"level", required_argument, NULL, KPI_OPT_LEVEL},
		{"method", required_argument, NULL, O_METHOD},
		{"min-n", required_argument, NULL, KPI_OPT_MIN_N},
		{"outcome", required_argument, NULL, 'o'},
		{"outcome-metric", required_argument, NULL, O_OMETRIC},
		{"partial", no_argument, NULL, O_PARTIAL},
		{"period", required_argument, NULL, 'p'},
		{"print-outcome", no_argument, NULL, O_PRINT},
		{"quiet", no_argument, NULL, 'q'},
		{"seed", required_argument, NULL, O_SEED},
		{"since", required_argument, NULL, O_SINCE},
		{"until", required_argument, NULL, O_UNTIL},
		{"widen", required_argument, NULL, O_WIDEN},
		{"widen-by", required_argument, NULL, O_WIDEN_BY},
		{NULL, 0, NULL, 0}
	};
	struct kpi_opts k;
	char err[1024];
	int ch, m;

	memset(o, 0, sizeof(*o));
	kpi_opts_init(&k);
	o->method = DRV_LMG;
	o->boot = 1000;
	o->seed = 1;
	o->digits = 6;
	*partial = 0;
	while ((ch = getopt_long(argc, argv, "b:j:l:o:p:q", lo, NULL)) != -1) {
		switch (ch) {
		case 'b':
			if (strcmp(optarg, "segment") != 0) {
				warnx_("--by: only 'segment' (the predictors "
				    "are the touchpoints; periods: --period), "
				    "not '%s'", optarg);
				die_usage(SYNOPSIS);
			}
			st->g.by_segment = 1;
			break;
		case 'j':
			o->journey = optarg;
			break;
		case KPI_OPT_LEVEL:
		case KPI_OPT_MIN_N:
			if (kpi_opts_set(&k, ch, optarg, err,
			    sizeof(err)) != 0) {
				warnx_("%s", err);
				die_usage(SYNOPSIS);
			}
			break;
		case 'o':
			o->outcome = optarg;
			break;
		case 'p':
			if ((m = period_unit_opt("--period", optarg)) < 0)
				die_usage(SYNOPSIS);
			st->g.unit = (enum period_unit)m;
			break;
		case 'q':
			st->quiet = 1;
			break;
		case O_BOOT:
			o->boot = (unsigned)parse_count("--boot", optarg,
			    100000);
			break;
		case O_DIGITS:
			o->digits = (int)parse_count("--digits", optarg, 15);
			break;
		case O_METHOD:
			if (strcmp(optarg, "lmg") == 0)
				o->method = DRV_LMG;
			else if (strcmp(optarg, "relweights") == 0)
				o->method = DRV_RELWEIGHTS;
			else {
				warnx_("--method: unknown method '%s' (lmg, "
				    "relweights)", optarg);
				die_usage(SYNOPSIS);
			}
			break;
		case O_OMETRIC:
			if (kpi_metric_parse(optarg) < 0) {
				warnx_("--outcome-metric: unknown metric '%s' "
				    "(nps, csat, ces)", optarg);
				die_usage(SYNOPSIS);
			}
			o->outcome_metric = optarg;
			break;
		case O_PARTIAL:
			*partial = 1;
			break;
		case O_PRINT:
			print_outcome = 1;
			break;
		case O_SEED:
			o->seed = parse_count("--seed", optarg, LONG_MAX);
			break;
		case O_SINCE:
			st->g.since = parse_time_opt("--since", optarg, 0);
			break;
		case O_UNTIL:
			st->g.until = parse_time_opt("--until", optarg, 1);
			break;
		case O_WIDEN:
			st->widen_n = (unsigned)parse_count("--widen", optarg,
			    1000000000);
			break;
		case O_WIDEN_BY:
			if ((m = period_unit_opt("--widen-by", optarg)) < 0)
				die_usage(SYNOPSIS);
			st->widen_unit = (enum period_unit)m;
			break;
		default:
			die_usage(SYNOPSIS);
		}
	}
	if (st->widen_n > 0) {
		if (st->g.since < 0 || st->g.until < 0 ||
		    st->g.unit != PERIOD_NONE || *partial) {
			warnx_("--widen needs --since and --until, and goes "
			    "with neither --period nor --partial");
			die_usage(SYNOPSIS);
		}
		if (st->g.since % 1000000 != 0 ||
		    st->g.until % 1000000 != 235959) {
			warnx_("--widen: --since and --until are dates "
			    "(whole days)");
			die_usage(SYNOPSIS);
		}
		/* read by day, made into the window at the end */
		st->want = st->g;
		st->coarse = 1;
		st->g.unit = PERIOD_DAY;
		st->g.since = st->g.until = -1;
	}
	if (print_outcome && (o->journey == NULL || optind < argc ||
	    *partial)) {
		warnx_("--print-outcome takes the journey file (-j), no "
		    "response tables, and not --partial");
		die_usage(SYNOPSIS);
	}
	o->level = k.level;
	o->min_n = k.min_n;
	st->g_set = st->g.by_segment || st->g.unit != PERIOD_NONE ||
	    st->g.since >= 0 || st->g.until >= 0;
	*first = optind;
}

void
drv_state_init(struct drv_state *st)
{
	memset(st, 0, sizeof(*st));
	st->g.since = st->g.until = -1;
	st->widen_unit = PERIOD_MONTH;
}

void
drv_cell_free(struct drv_cell *c)
{
	size_t b;

	for (b = 0; b < DRV_BUCKETS; b++)
		free(c->buck[b]);
	free(c->pn);
	free(c->pww);
	free(c->segment);
	free(c->period);
	free(c);
}

int
drv_cell_cmp(const void *a, const void *b)
{
	const struct drv_cell *x = *(const struct drv_cell *const *)a;
	const struct drv_cell *y = *(const struct drv_cell *const *)b;
	int c;

	if ((c = strcmp(x->segment, y->segment)) != 0)
		return c;
	return strcmp(x->period, y->period);
}

void
drv_state_free(struct drv_state *st)
{
	size_t i;

	for (i = 0; i < st->nvar; i++) {
		free(st->var[i].stage);
		free(st->var[i].touchpoint);
		free(st->var[i].channel);
	}
	free(st->var);
	for (i = 0; i < st->ncell; i++)
		drv_cell_free(st->cell[i]);
	free(st->cell);
	free(st->cix);
	free(st->seen);
	free(st->first_id);
	free(st->last_id);
	for (i = 0; i < st->nends; i++) {
		free(st->ends[i].id);
		free(st->ends[i].src);
	}
	free(st->ends);
}

void
drv_end(struct drv_state *st, const char *id, int last, const char *src,
    const struct loc *at)
{
	size_t i;

	for (i = 0; i < st->nends; i++)
		if (strcmp(st->ends[i].id, id) == 0 &&
		    strcmp(st->ends[i].src, src) != 0) {
			if (at != NULL)
				die_at(at, "respondent '%.80s' is also in %s: "
				    "its rows were cut apart between shards "
				    "(shard response tables by respondent, "
				    "docs/scale-out.md)", id,
				    err_fname(st->ends[i].src));
			die("respondent '%.80s' is in %s and in %s: its rows "
			    "were cut apart between shards (shard response "
			    "tables by respondent, docs/scale-out.md)", id,
			    err_fname(st->ends[i].src), err_fname(src));
		}
	if (st->nends == st->capends) {
		st->capends = st->capends ? 2 * st->capends : 8;
		st->ends = xreallocarray(st->ends, st->capends,
		    sizeof(*st->ends));
	}
	st->ends[st->nends].id = xstrdup(id);
	st->ends[st->nends].last = last;
	st->ends[st->nends++].src = xstrdup(src);
}

long
drv_var_get(struct drv_state *st, const char *stage, const char *touchpoint,
    const char *channel, enum kpi_metric metric, const struct kpi_scale *sc,
    long step, char *err, size_t errsz)
{
	struct drv_var *v;
	size_t i;
	char a[8], b[8];

	stage = stage != NULL ? stage : "";
	touchpoint = touchpoint != NULL ? touchpoint : "";
	channel = channel != NULL ? channel : "";
	for (i = 0; i < st->nvar; i++) {
		v = &st->var[i];
		if (v->metric != metric || strcmp(v->touchpoint,
		    touchpoint) != 0 || strcmp(v->stage, stage) != 0 ||
		    strcmp(v->channel, channel) != 0)
			continue;
		if (v->scale.worst != sc->worst || v->scale.best != sc->best) {
			snprintf(err, errsz, "touchpoint '%.80s' (%s) has the "
			    "scale %s here and %s before", touchpoint,
			    kpi_metric_name(metric), kpi_scale_fmt(sc, a),
			    kpi_scale_fmt(&v->scale, b));
			return -1;
		}
		if (step > 0 && (v->step == 0 || step < v->step))
			v->step = step;
		return (long)i;
	}
	if (st->nvar == st->capvar) {
		st->capvar = st->capvar ? 2 * st->capvar : 16;
		st->var = xreallocarray(st->var, st->capvar, sizeof(*st->var));
	}
	v = &st->var[st->nvar];
	memset(v, 0, sizeof(*v));
	v->step = step > 0 ? step : step < 0 ? (long)st->nvar + 1 : 0;
	v->stage = xstrdup(stage);
	v->touchpoint = xstrdup(touchpoint);
	v->channel = xstrdup(channel);
	v->metric = metric;
	v->scale = *sc;
	return (long)st->nvar++;
}

static uint64_t
hash2(const char *a, size_t alen, const char *b, size_t blen)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < alen; i++)
		h = (h ^ (unsigned char)a[i]) * 0x100000001b3ULL;
	h = (h ^ 0xff) * 0x100000001b3ULL;	/* not a byte of UTF-8 */
	for (i = 0; i < blen; i++)
		h = (h ^ (unsigned char)b[i]) * 0x100000001b3ULL;
	return h ^ h >> 29;
}

static void
cix_put(struct drv_state *st, size_t i)
{
	const struct drv_cell *c = st->cell[i];
	size_t p = (size_t)hash2(c->segment, strlen(c->segment), c->period,
	    strlen(c->period)) & (st->cixcap - 1);

	while (st->cix[p] != 0)
		p = (p + 1) & (st->cixcap - 1);
	st->cix[p] = i + 1;
}

struct drv_cell *
drv_cell_get(struct drv_state *st, const char *seg, size_t seglen,
    const char *per, size_t perlen)
{
	struct drv_cell *c;
	size_t p, i;

	if (st->cixcap > 0) {
		p = (size_t)hash2(seg, seglen, per, perlen) &
		    (st->cixcap - 1);
		for (; st->cix[p] != 0; p = (p + 1) & (st->cixcap - 1)) {
			c = st->cell[st->cix[p] - 1];
			if (strlen(c->segment) == seglen && strlen(c->period) ==
			    perlen && memcmp(c->segment, seg, seglen) == 0 &&
			    memcmp(c->period, per, perlen) == 0)
				return c;
		}
	}
	if (st->ncell == st->capcell) {
		st->capcell = st->capcell ? 2 * st->capcell : 8;
		st->cell = xreallocarray(st->cell, st->capcell,
		    sizeof(*st->cell));
	}
	c = xcalloc(1, sizeof(*c));
	c->tmin = c->tmax = -1;
	c->segment = xstrndup(seg, seglen);
	c->period = xstrndup(per, perlen);
	st->cell[st->ncell++] = c;
	if (2 * st->ncell > st->cixcap) {	/* rebuild at half full */
		free(st->cix);
		st->cixcap = st->cixcap ? 2 * st->cixcap : 16;
		st->cix = xcalloc(st->cixcap, sizeof(*st->cix));
		for (i = 0; i < st->ncell; i++)
			cix_put(st, i);
	} else
		cix_put(st, st->ncell - 1);
	return c;
}

/* Grows a triangular array of per-pair values from nv to n variables,
 * the new pairs zero (the layout only appends). */
static double *
tri_grow(double *a, size_t nv, size_t n, size_t per)
{
	a = xreallocarray(a, DRV_TRI(0, n) * per, sizeof(double));
	memset(a + DRV_TRI(0, nv) * per, 0, (DRV_TRI(0, n) - DRV_TRI(0, nv)) *
	    per * sizeof(double));
	return a;
}

void
drv_cell_grow(const struct drv_state *st, struct drv_cell *c)
{
	if (c->nv >= st->nvar)
		return;
	c->pn = tri_grow(c->pn, c->nv, st->nvar, 1);
	c->pww = tri_grow(c->pww, c->nv, st->nvar, 1);
	c->nv = st->nvar;
}

double *
drv_cell_bucket(const struct drv_state *st, struct drv_cell *c, size_t b)
{
	if (c->bnv[b] < st->nvar) {
		c->buck[b] = tri_grow(c->buck[b], c->bnv[b], st->nvar,
		    DRIVERS_NSUMS);
		c->bnv[b] = st->nvar;
	}
	return c->buck[b];
}

int
drv_seen(struct drv_state *st, const char *id, size_t len)
{
	uint64_t h = hash2(id, len, "", 0), *old;
	size_t p, i, oldcap;

	h = h != 0 ? h : 1;
	if (2 * (st->nseen + 1) > st->seencap) {
		old = st->seen;
		oldcap = st->seencap;
		st->seencap = oldcap ? 2 * oldcap : 1024;
		st->seen = xcalloc(st->seencap, sizeof(*st->seen));
		for (i = 0; i < oldcap; i++) {
			if (old[i] == 0)
				continue;
			for (p = (size_t)old[i] & (st->seencap - 1);
			    st->seen[p] != 0; p = (p + 1) & (st->seencap - 1))
				;
			st->seen[p] = old[i];
		}
		free(old);
	}
	for (p = (size_t)h & (st->seencap - 1); st->seen[p] != 0;
	    p = (p + 1) & (st->seencap - 1))
		if (st->seen[p] == h)
			return 1;
	st->seen[p] = h;
	st->nseen++;
	return 0;
}

/* The journey file's questions, in its order, before any data. */
static void
add_journey(struct drv_state *st, const struct journey *j, struct loc *at)
{
	struct kpi_scale sc;
	char err[512];
	size_t i;
	long v;

	for (i = 0; i < j->n; i++) {
		sc.worst = j->row[i].worst;
		sc.best = j->row[i].best;
		v = drv_var_get(st, j->row[i].stage, j->row[i].touchpoint,
		    j->row[i].channel, (enum kpi_metric)kpi_metric_parse(
		    journey_metric_name(j->row[i].metric)), &sc,
		    j->row[i].step, err, sizeof(err));
		if (v < 0) {
			at->line = j->row[i].line;
			die_at(at, "%s", err);
		}
		st->var[v].journey = 1;
	}
}

static void
load_journey(struct drv_state *st, const char *path)
{
	struct journey *j;
	struct loc at;
	char err[512];

	at.file = path;
	if ((j = journey_load(path, &at.line, err, sizeof(err))) != NULL) {
		add_journey(st, j, &at);
		journey_free(j);
		return;
	}
	die_at(&at, "%s", err);
}

int
main(int argc, char **argv)
{
	struct drv_state st;
	struct drv_opts o;
	int first, partial, status;

	err_init(argv[0]);
	err_std_options(argc, argv, help);
	drv_state_init(&st);
	parse_args(argc, argv, &st, &o, &partial, &first);
	if (o.journey != NULL)
		load_journey(&st, o.journey);
	if (print_outcome) {
		/* the outcome a run with this journey file would take */
		const struct drv_var *v = &st.var[drv_outcome(&st, &o)];
		const char *row[] = { "step", "stage", "touchpoint", "channel",
		    "metric", NULL };
		struct csvw w;

		csvw_init(&w, stdout);
		csvw_row(&w, row);
		drv_var_fields(&w, v);
		csvw_end(&w);
		drv_state_free(&st);
		return close_stdout(EXIT_SUCCESS);
	}
	if (first == argc)
		drv_read(&st, "-");
	for (; first < argc; first++)
		drv_read(&st, argv[first]);
	if (st.first_id != NULL) {
		drv_end(&st, st.first_id, 0, "the response tables", NULL);
		drv_end(&st, st.last_id, 1, "the response tables", NULL);
	}
	drv_window(&st, &o);
	if (st.skipped > 0 && !st.quiet)
		warnx_("note: %lu respondent%s outside --since/--until "
		    "skipped", st.skipped, st.skipped == 1 ? "" : "s");
	if (st.notime > 0 && !st.quiet)
		warnx_("note: %lu respondent%s without a time skipped (%s "
		    "needs one)", st.notime, st.notime == 1 ? "" : "s",
		    st.g.unit != PERIOD_NONE ? "--period" : "--since/--until");
	if (partial) {
		drv_write_partial(&st);
		status = EXIT_SUCCESS;
	} else
		status = drv_write_table(&st, &o);
	drv_state_free(&st);
	return close_stdout(status);
}
