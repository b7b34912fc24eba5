/*
 * cjm-compare -- is the change from one period to the next real?
 *
 * Joins two KPI tables (docs/formats.md section 3) on level, stage,
 * touchpoint, channel, segment, metric and scale -- or splits one table
 * with a period column into its latest period and the one before -- and
 * writes the compare table (section 4): both headline values, the
 * difference with its interval, a two-sided test, the p-value adjusted
 * over all rows of the run, and a drop/rise flag.  Every statistic is
 * rebuilt from the c/w/q columns, never from the rounded printed values.
 * Exit status 3 when something dropped, so that cron can alert.
 *
 * Funnel tables (section 5, cjm-funnel) are read too, alone or added to
 * the KPI tables with -F: each step's conversion from the previous step
 * is a proportion (reached of the previous step's customers), compared
 * with the same test and adjusted with the other rows.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "csvw.h"
#include "err.h"
#include "ftab.h"
#include "kpi.h"
#include "num.h"
#include "stat.h"
#include "tbl.h"
#include "xmalloc.h"

#define SYNOPSIS "cjm-compare [-q] [--flagged] [--adjust method] " \
	"[--alpha a] [--kpi net] [--level p] [--nps-test method] " \
	"[-F prev-funnel.csv -F cur-funnel.csv] prev.csv cur.csv\n" \
	"       cjm-compare [options] [--prev period] [--cur period] " \
	"[-F funnel.csv] [kpi.csv]"

static const char help[] =
"usage: cjm-compare [options] prev.csv cur.csv\n"
"       cjm-compare [options] [kpi.csv]   (latest period vs the one before)\n"
"Compare two KPI (or funnel) tables row by row: difference, interval, test,\n"
"adjusted p.\n"
"\n"
"      --adjust M       bh (default), holm, hochberg, bonferroni, by, none\n"
"  -a, --alpha A        flag rows with adjusted p < A (default 0.05)\n"
"      --kpi net        compare net scores instead of the headline KPI\n"
"  -l, --level P        level of the difference's interval (default 0.95)\n"
"      --nps-test M     adjusted-wald (default) or wald\n"
"      --cur P          one table: compare period P (default the latest)\n"
"      --prev P         one table: with period P (default the one before)\n"
"  -F, --funnel FILE    add a funnel table (cjm-funnel): step conversions\n"
"                       (once with one table, twice with two: prev, cur)\n"
"      --flagged        one line on stderr per drop and rise: where, what,\n"
"                       from and to, n and p_adj (a log can relay them)\n"
"  -q, --quiet          no notes on stderr\n"
"      --help, --version\n"
"Exit status: 0 nothing dropped, 3 something dropped, 1 error, 2 usage.\n";

struct opts {
	enum stat_adjust	adjust;
	double			alpha;
	int			net;
	struct kpi_opts		k;	/* --level, --nps-test */
	int			quiet;
	int			flagged;	/* --flagged */
	const char		*cur, *prev;	/* --cur, --prev */
	const char		*funnel[2];	/* -F */
	int			 nfunnel;
};

/* A funnel row's group: apart from every KPI row's (journey 0 or 1). */
#define FUNNEL_ROW	2

/* A row of an input table. */
struct rec {
	int		 journey;	/* 0, 1 or FUNNEL_ROW */
	char		*key[KPI_NKEY];
	enum kpi_metric	 metric;
	struct kpi_scale scale;
	struct kpi_acc	 acc;
	struct loc	 at;
};

struct table {
	const char	*name;
	struct rec	*r;
	size_t		 n, cap;
};

static void
parse_args(int argc, char **argv, struct opts *o, int *first)
{
	enum { O_ADJUST = 256, O_CUR, O_KPI, O_NPSTEST, O_PREV, O_FLAGGED };
	static const struct option lo[] = {
		{"adjust", required_argument, NULL, O_ADJUST},
		{"alpha", required_argument, NULL, 'a'},
		{"cur", required_argument, NULL, O_CUR},
		{"funnel", required_argument, NULL, 'F'},
		{"flagged", no_argument, NULL, O_FLAGGED},
		{"kpi", required_argument, NULL, O_KPI},
		{"level", required_argument, NULL, KPI_OPT_LEVEL},
		{"nps-test", required_argument, NULL, O_NPSTEST},
		{"prev", required_argument, NULL, O_PREV},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0}
	};
	char err[1024];
	double v;
	int ch, m;

	o->adjust = STAT_ADJ_BH;
	o->alpha = 0.05;
	o->net = 0;
	kpi_opts_init(&o->k);
	o->quiet = 0;
	o->cur = o->prev = NULL;
	o->nfunnel = 0;
	o->flagged = 0;
	while ((ch = getopt_long(argc, argv, "a:F:l:q", lo, NULL)) != -1) {
		switch (ch) {
		case 'a':
			if (num_parse(optarg, &v) != 0 || !(v > 0 && v < 1)) {
				warnx_("--alpha: '%s' is not between 0 and 1",
				    optarg);
				die_usage(SYNOPSIS);
			}
			o->alpha = v;
			break;
		case KPI_OPT_LEVEL:
			if (kpi_opts_set(&o->k, ch, optarg, err,
			    sizeof(err)) != 0) {
				warnx_("%s", err);
				die_usage(SYNOPSIS);
			}
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'F':
			if (o->nfunnel == 2) {
				warnx_("-F: at most two funnel tables");
				die_usage(SYNOPSIS);
			}
			o->funnel[o->nfunnel++] = optarg;
			break;
		case O_ADJUST:
			if ((m = stat_adjust_parse(optarg)) < 0) {
				warnx_("--adjust: unknown method '%s' (bh, holm, "
				    "hochberg, bonferroni, by, none)", optarg);
				die_usage(SYNOPSIS);
			}
			o->adjust = (enum stat_adjust)m;
			break;
		case O_CUR:
			o->cur = optarg;
			break;
		case O_PREV:
			o->prev = optarg;
			break;
		case O_FLAGGED:
			o->flagged = 1;
			break;
		case O_KPI:
			if (strcmp(optarg, "net") != 0) {
				warnx_("--kpi: only 'net' can be chosen, not "
				    "'%s'", optarg);
				die_usage(SYNOPSIS);
			}
			o->net = 1;
			break;
		case O_NPSTEST:
			if ((m = stat_nps_method_parse(optarg)) < 0 ||
			    m == STAT_NPS_SCORE) {
				warnx_("--nps-test: unknown method '%s' "
				    "(adjusted-wald, wald)", optarg);
				die_usage(SYNOPSIS);
			}
			o->k.nps = (enum stat_nps_method)m;
			break;
		default:
			die_usage(SYNOPSIS);
		}
	}
	*first = optind;
	if (argc - optind > 2)
		die_usage(SYNOPSIS);
	if (argc - optind == 2 && (o->cur != NULL || o->prev != NULL)) {
		warnx_("--cur and --prev choose periods of one table");
		die_usage(SYNOPSIS);
	}
	if (o->nfunnel > 0 && o->nfunnel != (argc - optind == 2 ? 2 : 1)) {
		warnx_("-F: one funnel table with one table, two (prev, "
		    "cur) with two");
		die_usage(SYNOPSIS);
	}
}

static struct rec *
new_rec(struct table *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->r = xreallocarray(t->r, t->cap, sizeof(*t->r));
	}
	return &t->r[t->n++];
}

/*
 * A funnel table's rows (docs/formats.md section 5): each step after a
 * funnel's first is a proportion, reached of (reached + dropped), kept
 * as the counts of a 2-point scale 0-1 (1 = went on), whose top share
 * is the conversion and whose comparison the N-1 two-proportion test.
 */
static void
read_funnel(struct table *t, struct tbl *tb)
{
	struct ftab_cols cols;
	struct ftab_in in;
	struct rec *x;
	const char *why;
	char err[160];
	int rc, i;

	if ((why = ftab_cols_find(&cols, tb->h)) != NULL)
		die_at(csvr_loc(tb->r), "missing column '%s'", why);
	while ((rc = tbl_next(tb)) != 0) {
		if (rc < 0)
			die_at(csvr_loc(tb->r), "%s", tbl_error(tb));
		if (ftab_read(&cols, tb->r, &in, err, sizeof(err)) != 0)
			die_at(csvr_loc(tb->r), "%s", err);
		if (isnan(in.dropped))
			continue;	/* a funnel's first step */
		x = new_rec(t);
		memset(x, 0, sizeof(*x));
		x->journey = FUNNEL_ROW;
		x->key[KPI_STAGE] = xstrdup(in.stage);
		x->key[KPI_TOUCHPOINT] = xstrdup(in.touchpoint);
		x->key[KPI_CHANNEL] = xstrdup(in.channel);
		x->key[KPI_SEGMENT] = xstrdup(in.segment);
		x->key[KPI_PERIOD] = xstrdup(in.period);
		x->metric = KPI_CSAT;
		x->scale.worst = 0;
		x->scale.best = 1;
		for (i = 0; i < 2; i++)
			x->acc.c[i] = x->acc.w[i] = x->acc.q[i] =
			    i ? in.reached : in.dropped;
		x->at = *csvr_loc(tb->r);
	}
}

/* Adds the rows of the KPI or funnel table at path to t (funnel_only:
 * it must be a funnel table, -F). */
static void
read_into(struct table *t, const char *path, int funnel_only)
{
	struct tbl tb;
	struct kpi_cols cols;
	struct kpi_in in;
	struct rec *x;
	const char *why;
	char err[160];
	int rc, i;

	if ((rc = tbl_open(&tb, path)) < 0)
		die_sys("%s", path);
	if (rc > 0)
		die_at(csvr_loc(tb.r), "%s", tbl_error(&tb));
	if (ftab_is(tb.h)) {
		read_funnel(t, &tb);
		tbl_close(&tb);
		return;
	}
	if (funnel_only)
		die_at(csvr_loc(tb.r), "not a funnel table (-F): no 'event' and "
		    "'reached' columns");
	if ((why = kpi_cols_find(&cols, tb.h)) != NULL)
		die_at(csvr_loc(tb.r), "missing column '%s'", why);
	while ((rc = tbl_next(&tb)) != 0) {
		if (rc < 0)
			die_at(csvr_loc(tb.r), "%s", tbl_error(&tb));
		if (kpi_read(&cols, tb.r, &in, err, sizeof(err)) != 0)
			die_at(csvr_loc(tb.r), "%s", err);
		if (kpi_acc_n(&in.acc) == 0)
			die_at(csvr_loc(tb.r), "row with no answers (n = 0)");
		x = new_rec(t);
		x->journey = in.journey;
		for (i = 0; i < KPI_NKEY; i++)
			x->key[i] = xstrndup(in.key[i], in.len[i]);
		x->metric = in.metric;
		x->scale = in.scale;
		x->acc = in.acc;
		x->at = *csvr_loc(tb.r);
	}
	tbl_close(&tb);
}

static void
read_table(struct table *t, const char *path)
{
	memset(t, 0, sizeof(*t));
	t->name = path;
	read_into(t, path, 0);
}

/* The join key of a row: everything but the period. */
static struct kpi_group *
lookup(struct kpi_tab *tab, const struct rec *x, int *created)
{
	const char *key[KPI_NKEY];
	size_t len[KPI_NKEY];
	int i;

	for (i = 0; i < KPI_NKEY; i++) {
		key[i] = i == KPI_PERIOD ? "" : x->key[i];
		len[i] = strlen(key[i]);
	}
	return kpi_tab_get(tab, x->journey, key, len, x->metric, &x->scale,
	    created);
}

/*
 * p-values with 6 significant digits: plain decimals down to 1e-9, then
 * exponent form (3.21458e-41), so that a tiny p never prints as 0.
 */
static void
put_p(struct csvw *w, double p)
{
	csvw_sig(w, p);
}

struct cmp {
	const struct rec	*prev, *cur;
	struct kpi_row		 rp, rc;
	enum kpi_kind		 kind;
	const char		*test;
	struct stat_test	 t;
	double			 padj;
};

static void
compare(struct cmp *c, const struct opts *o)
{
	const struct kpi_row *p = &c->rp, *q = &c->rc;
	double scale = 100;

	kpi_compute(&c->prev->acc, c->prev->metric, &c->prev->scale, &o->k,
	    &c->rp);
	kpi_compute(&c->cur->acc, c->cur->metric, &c->cur->scale, &o->k,
	    &c->rc);
	c->kind = o->net && c->cur->journey != FUNNEL_ROW ? KPI_KIND_NET :
	    kpi_headline(c->cur->metric);
	if (p->weighted || q->weighted) {
		c->test = "linearised-z";
		switch (c->kind) {
		case KPI_KIND_NPS:
		case KPI_KIND_NET:
			stat_z_test(q->net, q->se_net, p->net, p->se_net,
			    o->k.level, &c->t);
			break;
		case KPI_KIND_TOP2:
			stat_z_test(q->top, q->se_top, p->top, p->se_top,
			    o->k.level, &c->t);
			break;
		case KPI_KIND_MEAN:
			stat_z_test(q->mean, q->se_mean, p->mean, p->se_mean,
			    o->k.level, &c->t);
			break;
		}
		return;		/* already in the units of the values */
	}
	switch (c->kind) {
	case KPI_KIND_NPS:
	case KPI_KIND_NET:
		c->test = o->k.nps == STAT_NPS_WALD ? "wald-z" :
		    "adjusted-wald-z";
		stat_nps_test(q->cnt[0], q->cnt[1], q->cnt[2], p->cnt[0],
		    p->cnt[1], p->cnt[2], o->k.level, o->k.nps, &c->t);
		break;
	case KPI_KIND_TOP2:
		c->test = "n-1-two-proportion";
		stat_prop_test(q->cnt[0], q->n, p->cnt[0], p->n, o->k.level,
		    &c->t);
		break;
	case KPI_KIND_MEAN:
		c->test = "welch-t";
		stat_welch(q->mean, q->sd, q->n, p->mean, p->sd, p->n,
		    o->k.level, &c->t);
		scale = 1;
		break;
	}
	c->t.diff *= scale;
	c->t.lo *= scale;
	c->t.hi *= scale;
}

static const char *const cols[] = {
	"metric", "scale", "kpi", "period_prev", "period_cur", "n_prev",
	"value_prev", "n_cur", "value_cur", "diff", "diff_low", "diff_high",
	"test", "stat", "df", "p", "p_adj", "adjust", "flag", NULL
};

static double
value(const struct kpi_row *r, enum kpi_kind k)
{
	return k == KPI_KIND_NET ? r->net : r->value;
}

/*
 * --flagged: "drop: Delivery / Home delivery (Family) CSAT top-2-box
 * 80.3% -> 31.3% (n 507 -> 383, p_adj <0.001)"; a funnel step's
 * "drop: Checkout / Payment funnel conversion 62.0% -> 48.5% (...)".
 */
static void
say_flag(const char *flag, const struct cmp *c, double padj)
{
	const struct rec *x = c->cur;
	const char *m = kpi_metric_name(x->metric);
	char what[64], where[1024], p[16];
	const char *unit = "", *fmt = "%.1f";
	char a[32], b[32];
	size_t i;

	if (x->journey == FUNNEL_ROW) {
		snprintf(what, sizeof(what), "funnel conversion");
		unit = "%";
	} else if (c->kind == KPI_KIND_TOP2) {
		snprintf(what, sizeof(what), "CSAT top-2-box");
		unit = "%";
	} else if (c->kind == KPI_KIND_NPS)
		snprintf(what, sizeof(what), "NPS");
	else {
		for (i = 0; i < 15 && m[i] != '\0'; i++)
			what[i] = (char)(m[i] >= 'a' && m[i] <= 'z' ?
			    m[i] - 'a' + 'A' : m[i]);
		snprintf(what + i, sizeof(what) - i, " %s",
		    kpi_kind_name(c->kind));
		if (c->kind == KPI_KIND_MEAN)
			fmt = "%.2f";
	}
	if (x->journey == 1)
		snprintf(where, sizeof(where), "journey");
	else
		snprintf(where, sizeof(where), "%s / %s", x->key[KPI_STAGE],
		    x->key[KPI_TOUCHPOINT]);
	if (*x->key[KPI_SEGMENT] != '\0') {
		i = strlen(where);
		snprintf(where + i, sizeof(where) - i, " (%s)",
		    x->key[KPI_SEGMENT]);
	}
	if (padj < 0.001)
		snprintf(p, sizeof(p), "<0.001");
	else
		snprintf(p, sizeof(p), "%.3f", padj);
	snprintf(a, sizeof(a), fmt, value(&c->rp, c->kind));
	snprintf(b, sizeof(b), fmt, value(&c->rc, c->kind));
	warnx_("%s: %s %s %s%s -> %s%s (n %lu -> %lu, p_adj %s)", flag, where,
	    what, a, unit, b, unit, (unsigned long)c->rp.n,
	    (unsigned long)c->rc.n, p);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct table ta, tb, *prev, *cur;
	struct kpi_tab *tab;
	struct kpi_group *g;
	struct cmp *c;
	struct csvw w;
	const char *pcur = NULL, *pprev = NULL, *s;
	double *pv;
	size_t i, j, nc = 0, onlycur = 0, nprev = 0, other = 0;
	char *used;
	int first, created, drop = 0, dir, k;
	char sbuf[8];

	err_init(argv[0]);
	err_std_options(argc, argv, help);
	parse_args(argc, argv, &o, &first);

	if (argc - first == 2) {
		read_table(&ta, argv[first]);
		read_table(&tb, argv[first + 1]);
		if (o.nfunnel == 2) {
			read_into(&ta, o.funnel[0], 1);
			read_into(&tb, o.funnel[1], 1);
		}
		prev = &ta;
		cur = &tb;
	} else {
		/* One table: its latest period against the one before. */
		read_table(&ta, argc - first == 1 ? argv[first] : "-");
		if (o.nfunnel == 1)
			read_into(&ta, o.funnel[0], 1);
		for (i = 0; i < ta.n; i++) {
			s = ta.r[i].key[KPI_PERIOD];
			if (*s == '\0')
				continue;
			if (o.cur != NULL ? strcmp(s, o.cur) == 0 :
			    pcur == NULL || strcmp(s, pcur) > 0)
				pcur = s;
		}
		if (o.cur != NULL && pcur == NULL)
			die("%s: no period '%s' in the table",
			    err_fname(ta.name), o.cur);
		for (i = 0; pcur != NULL && i < ta.n; i++) {
			s = ta.r[i].key[KPI_PERIOD];
			if (*s == '\0')
				continue;
			if (o.prev != NULL ? strcmp(s, o.prev) == 0 :
			    strcmp(s, pcur) < 0 && (pprev == NULL ||
			    strcmp(s, pprev) > 0))
				pprev = s;
		}
		if (o.prev != NULL && pprev == NULL)
			die("%s: no period '%s' in the table",
			    err_fname(ta.name), o.prev);
		if (pprev == NULL)
			die("%s: no two periods to compare (one table needs "
			    "a period column with at least two periods; or "
			    "give two tables)", err_fname(ta.name));
		if (pprev != NULL && strcmp(pprev, pcur) == 0)
			die("--prev and --cur are the same period '%s'", pcur);
		memset(&tb, 0, sizeof(tb));
		tb.name = ta.name;
		tb.r = xreallocarray(NULL, ta.n, sizeof(*tb.r));
		/* ta keeps the previous period, tb the latest. */
		for (i = j = 0; i < ta.n; i++) {
			s = ta.r[i].key[KPI_PERIOD];
			if (strcmp(s, pcur) == 0)
				tb.r[tb.n++] = ta.r[i];
			else if (strcmp(s, pprev) == 0)
				ta.r[j++] = ta.r[i];
			else {
				for (k = 0; k < KPI_NKEY; k++)
					free(ta.r[i].key[k]);
				other++;
			}
		}
		ta.n = j;
		prev = &ta;
		cur = &tb;
	}

	tab = kpi_tab_new();
	for (i = 0; i < prev->n; i++) {
		lookup(tab, &prev->r[i], &created);
		if (!created)
			die_at(&prev->r[i].at, "a second row for the same "
			    "group (compare two tables with one period each, "
			    "or one table with periods)");
	}
	/* Group seq i is prev row i; used[i] once a cur row took it. */
	nprev = kpi_tab_n(tab);
	used = xcalloc(nprev + 1, 1);
	c = xcalloc(cur->n + 1, sizeof(*c));
	for (i = 0; i < cur->n; i++) {
		g = lookup(tab, &cur->r[i], &created);
		if (created || g->seq >= nprev) {
			if (!created)
				die_at(&cur->r[i].at, "a second row for the "
				    "same group");
			onlycur++;
			continue;
		}
		if (used[g->seq])
			die_at(&cur->r[i].at, "a second row for the same "
			    "group (compare two tables with one period each, "
			    "or one table with periods)");
		used[g->seq] = 1;
		c[nc].prev = &prev->r[g->seq];
		c[nc].cur = &cur->r[i];
		compare(&c[nc], &o);
		nc++;
	}
	if (!o.quiet && (onlycur > 0 || nprev > nc || other > 0))
		warnx_("note: not compared: %zu row%s only in %s, %zu only "
		    "in %s%s", nprev - nc, nprev - nc == 1 ? "" : "s",
		    pprev != NULL ? pprev : err_fname(prev->name), onlycur,
		    pcur != NULL ? pcur : err_fname(cur->name),
		    other > 0 ? ", and rows of earlier periods" : "");

	pv = xcalloc(nc + 1, sizeof(*pv));
	for (i = 0; i < nc; i++)
		pv[i] = c[i].t.p;
	stat_padjust(pv, pv, nc, o.adjust);

	csvw_init(&w, stdout);
	csvw_field(&w, "level");
	for (k = 0; k < KPI_PERIOD; k++)
		csvw_field(&w, kpi_key_names[k]);
	for (k = 0; cols[k] != NULL; k++)
		csvw_field(&w, cols[k]);
	csvw_end(&w);
	for (i = 0; i < nc; i++) {
		const struct rec *x = c[i].cur;

		csvw_field(&w, x->journey == FUNNEL_ROW ? "funnel" :
		    x->journey ? "journey" : "group");
		for (k = 0; k < KPI_PERIOD; k++)
			csvw_field(&w, x->key[k]);
		if (x->journey == FUNNEL_ROW) {
			csvw_field(&w, "funnel");
			csvw_field(&w, NULL);
			csvw_field(&w, "conversion");
		} else {
			csvw_field(&w, kpi_metric_name(x->metric));
			csvw_field(&w, kpi_scale_fmt(&x->scale, sbuf));
			csvw_field(&w, kpi_kind_name(c[i].kind));
		}
		csvw_field(&w, c[i].prev->key[KPI_PERIOD]);
		csvw_field(&w, x->key[KPI_PERIOD]);
		csvw_long(&w, (long long)c[i].rp.n);
		csvw_num(&w, value(&c[i].rp, c[i].kind), 6);
		csvw_long(&w, (long long)c[i].rc.n);
		csvw_num(&w, value(&c[i].rc, c[i].kind), 6);
		csvw_num(&w, c[i].t.diff, 6);
		csvw_num(&w, c[i].t.lo, 6);
		csvw_num(&w, c[i].t.hi, 6);
		csvw_field(&w, c[i].test);
		csvw_num(&w, c[i].t.stat, 6);
		csvw_num(&w, c[i].t.df, 6);
		put_p(&w, c[i].t.p);
		put_p(&w, pv[i]);
		csvw_field(&w, stat_adjust_name(o.adjust));
		dir = kpi_direction(c[i].kind, &x->scale);
		if (pv[i] < o.alpha && c[i].t.diff * dir < 0) {
			csvw_field(&w, "drop");
			drop = 1;
			if (o.flagged)
				say_flag("drop", &c[i], pv[i]);
		} else if (pv[i] < o.alpha && c[i].t.diff * dir > 0) {
			csvw_field(&w, "rise");
			if (o.flagged)
				say_flag("rise", &c[i], pv[i]);
		} else
			csvw_field(&w, NULL);
		csvw_end(&w);
	}

	free(pv);
	free(c);
	free(used);
	kpi_tab_free(tab);
	for (i = 0; i < ta.n; i++)
		for (k = 0; k < KPI_NKEY; k++)
			free(ta.r[i].key[k]);
	for (i = 0; i < tb.n; i++)
		for (k = 0; k < KPI_NKEY; k++)
			free(tb.r[i].key[k]);
	free(ta.r);
	free(tb.r);
	return close_stdout(drop ? EXIT_ALERT : EXIT_SUCCESS);
}
