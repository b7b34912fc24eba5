/*
 * t_kpi.c -- KPI rows from sufficient statistics against hand-computed
 * values and the vectors of ../shared/reference/stats.md section 7; the
 * group table; a row written and read back.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "csvw.h"
#include "hdr.h"
#include "kpi.h"
#include "t.h"

#define E6	0.0000051	/* 6 decimals, as printed */

static struct kpi_opts o = {0.95, STAT_NPS_ADJWALD, STAT_PROP_WILSON, 30, 0};

static void
fill(struct kpi_acc *a, const int *scores, size_t n, const double *w)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < n; i++)
		kpi_acc_add(a, scores[i], w != NULL ? w[i] : 1);
}

static void
counts(struct kpi_acc *a, int score, int n)
{
	while (n-- > 0)
		kpi_acc_add(a, score, 1);
}

static void
scales(void)
{
	struct kpi_scale s;
	char b[8];

	T_CHECK(kpi_scale_parse("0-10", &s) == 0 && s.worst == 0 &&
	    s.best == 10);
	T_CHECK(kpi_scale_parse("5-1", &s) == 0 && s.worst == 5 &&
	    s.best == 1);
	T_STREQ(kpi_scale_fmt(&s, b), "5-1");
	T_CHECK(kpi_scale_parse("5-5", &s) == -1);
	T_CHECK(kpi_scale_parse("1-11", &s) == -1);
	T_CHECK(kpi_scale_parse("01-5", &s) == -1);
	T_CHECK(kpi_scale_parse(" 1-5", &s) == -1);
	T_CHECK(kpi_scale_parse("1-5 ", &s) == -1);
	T_CHECK(kpi_scale_parse("-1-5", &s) == -1);
	T_CHECK(kpi_scale_parse("1_5", &s) == -1);
	T_CHECK(kpi_scale_parse("", &s) == -1);
	kpi_scale_parse("1-5", &s);
	T_CHECK(kpi_scale_check(KPI_CSAT, &s) == NULL);
	T_CHECK(kpi_scale_check(KPI_NPS, &s) != NULL);
	T_CHECK(kpi_scale_has(&s, 1) && kpi_scale_has(&s, 5) &&
	    !kpi_scale_has(&s, 0) && !kpi_scale_has(&s, 6));

	/* Classes: NPS by its own rule, others two best / two worst. */
	kpi_scale_parse("0-10", &s);
	T_CHECK(kpi_class(KPI_NPS, &s, 9) == 1 && kpi_class(KPI_NPS, &s, 8)
	    == 0 && kpi_class(KPI_NPS, &s, 7) == 0 &&
	    kpi_class(KPI_NPS, &s, 6) == -1 && kpi_class(KPI_NPS, &s, 0) == -1);
	kpi_scale_parse("5-1", &s);
	T_CHECK(kpi_class(KPI_CES, &s, 1) == 1 && kpi_class(KPI_CES, &s, 2)
	    == 1 && kpi_class(KPI_CES, &s, 3) == 0 &&
	    kpi_class(KPI_CES, &s, 4) == -1 && kpi_class(KPI_CES, &s, 5) == -1);
	T_CHECK(kpi_direction(KPI_KIND_MEAN, &s) == -1);
	T_CHECK(kpi_direction(KPI_KIND_TOP2, &s) == 1);
	kpi_scale_parse("1-7", &s);
	T_CHECK(kpi_class(KPI_CES, &s, 7) == 1 && kpi_class(KPI_CES, &s, 6)
	    == 1 && kpi_class(KPI_CES, &s, 5) == 0 &&
	    kpi_class(KPI_CES, &s, 3) == 0 && kpi_class(KPI_CES, &s, 2) == -1);
	T_CHECK(kpi_direction(KPI_KIND_MEAN, &s) == 1);
	kpi_scale_parse("1-3", &s);
	T_CHECK(kpi_class(KPI_CSAT, &s, 3) == 1 && kpi_class(KPI_CSAT, &s, 2)
	    == 0 && kpi_class(KPI_CSAT, &s, 1) == -1);
	kpi_scale_parse("1-2", &s);
	T_CHECK(kpi_class(KPI_CSAT, &s, 2) == 1 &&
	    kpi_class(KPI_CSAT, &s, 1) == -1);
	T_CHECK(kpi_metric_parse("ces") == KPI_CES);
	T_CHECK(kpi_metric_parse("CES") == -1);
	T_CHECK(kpi_kind_parse("net") == KPI_KIND_NET);
}

static void
options(void)
{
	struct kpi_opts k;
	char err[128];

	kpi_opts_init(&k);
	T_CHECK(k.level == 0.95 && k.nps == STAT_NPS_ADJWALD &&
	    k.prop == STAT_PROP_WILSON && k.min_n == 30 && !k.partial);
	T_CHECK(kpi_opts_set(&k, KPI_OPT_LEVEL, "0.9", err, sizeof(err)) == 0);
	T_CHECK(k.level == 0.9);
	T_CHECK(kpi_opts_set(&k, KPI_OPT_LEVEL, "1", err, sizeof(err)) == -1);
	T_STREQ(err, "--level: '1' is not between 0 and 1");
	T_CHECK(k.level == 0.9);
	T_CHECK(kpi_opts_set(&k, KPI_OPT_MIN_N, "0", err, sizeof(err)) == 0);
	T_CHECK(k.min_n == 0);
	T_CHECK(kpi_opts_set(&k, KPI_OPT_MIN_N, "-1", err, sizeof(err)) == -1);
	T_STREQ(err, "--min-n: bad number '-1'");
	T_CHECK(kpi_opts_set(&k, KPI_OPT_NPS_CI, "score", err,
	    sizeof(err)) == 0);
	T_CHECK(k.nps == STAT_NPS_SCORE);
	T_CHECK(kpi_opts_set(&k, KPI_OPT_NPS_CI, "wilson", err,
	    sizeof(err)) == -1);
	T_CHECK(kpi_opts_set(&k, KPI_OPT_PROP_CI, "jeffreys", err,
	    sizeof(err)) == 0);
	T_CHECK(k.prop == STAT_PROP_JEFFREYS);
	/* Wald is for NPS only: top-2-box intervals never use it. */
	T_CHECK(kpi_opts_set(&k, KPI_OPT_PROP_CI, "wald", err,
	    sizeof(err)) == -1);
	T_CHECK(strncmp(err, "--prop-ci: unknown method 'wald'", 32) == 0);
	T_CHECK(k.prop == STAT_PROP_JEFFREYS);
}

static void
nps(void)
{
	struct kpi_scale s = {0, 10};
	struct kpi_acc a;
	struct kpi_row r;
	struct kpi_opts w = o;

	memset(&a, 0, sizeof(a));
	counts(&a, 10, 30);
	counts(&a, 9, 20);
	counts(&a, 8, 30);
	counts(&a, 3, 20);		/* (P, N, D) = (50, 30, 20) */
	T_CHECK(kpi_compute(&a, KPI_NPS, &s, &o, &r) == 0);
	T_CHECK(r.kind == KPI_KIND_NPS && !r.weighted && !r.low_base);
	T_STREQ(r.method, "adjusted-wald");
	T_NEAR(r.value, 30, 1e-12);
	T_NEAR(r.lo, 14.0511, 0.0001);	/* 0.140511, 0.442013 */
	T_NEAR(r.hi, 44.2013, 0.0001);
	T_NEAR(r.top, 50, 1e-12);
	T_NEAR(r.mid, 30, 1e-12);
	T_NEAR(r.bottom, 20, 1e-12);
	T_NEAR(r.net, r.value, 0);
	T_NEAR(r.n, 100, 0);
	T_NEAR(r.neff, 100, 0);
	T_NEAR(r.wsum, 100, 0);
	/* mean of 30x10, 20x9, 30x8, 20x3 */
	T_NEAR(r.mean, (300 + 180 + 240 + 60) / 100.0, 1e-12);
	T_NEAR(r.median, 8.5, 0);	/* the 50th and 51st answers: 9, 8 */
	w.nps = STAT_NPS_WALD;
	kpi_compute(&a, KPI_NPS, &s, &w, &r);
	T_STREQ(r.method, "wald");
	T_NEAR(r.lo, 14.6922, 0.0001);
	T_NEAR(r.hi, 45.3078, 0.0001);
	w.nps = STAT_NPS_SCORE;
	kpi_compute(&a, KPI_NPS, &s, &w, &r);
	T_STREQ(r.method, "score");
	T_NEAR(r.lo, 13.9551, 0.0001);
	T_NEAR(r.hi, 44.3393, 0.0001);

	/* (0, 0, 10): adjusted-Wald lower bound -106.34 clipped. */
	memset(&a, 0, sizeof(a));
	counts(&a, 0, 10);
	kpi_compute(&a, KPI_NPS, &s, &o, &r);
	T_NEAR(r.value, -100, 0);
	T_NEAR(r.lo, -100, 0);
	T_NEAR(r.hi, -47.5036, 0.0001);
	T_CHECK(r.low_base);
	T_NEAR(r.sd, 0, 0);
	T_NEAR(r.mean_lo, 0, 0);
	T_NEAR(r.mean_hi, 0, 0);

	/* n = 1, one promoter: NPS 100, interval [-48.4986, 98.4986]. */
	memset(&a, 0, sizeof(a));
	counts(&a, 10, 1);
	T_CHECK(kpi_compute(&a, KPI_NPS, &s, &o, &r) == 0);
	T_NEAR(r.value, 100, 0);
	T_NEAR(r.lo, -48.4986, 0.0001);
	T_NEAR(r.hi, 98.4986, 0.0001);
	T_CHECK(isnan(r.sd) && isnan(r.mean_lo) && isnan(r.mean_hi));
	T_NEAR(r.mean, 10, 0);
	T_NEAR(r.median, 10, 0);

	/* n = 0: no row. */
	memset(&a, 0, sizeof(a));
	T_CHECK(kpi_compute(&a, KPI_NPS, &s, &o, &r) == -1);
	T_CHECK(isnan(r.value) && isnan(r.lo) && isnan(r.mean));
}

static void
csat(void)
{
	static const int cnt[] = {2, 3, 5, 20, 20};
	struct kpi_scale s = {1, 5};
	struct kpi_acc a;
	struct kpi_row r;
	struct kpi_opts w = o;
	int i;

	memset(&a, 0, sizeof(a));
	for (i = 0; i < 5; i++)
		counts(&a, i + 1, cnt[i]);
	kpi_compute(&a, KPI_CSAT, &s, &o, &r);
	T_CHECK(r.kind == KPI_KIND_TOP2);
	T_STREQ(r.method, "wilson");
	T_NEAR(r.value, 80, 1e-12);
	T_NEAR(r.lo, 66.9629, 0.0001);
	T_NEAR(r.hi, 88.7562, 0.0001);
	T_NEAR(r.top_lo, r.lo, 0);
	T_NEAR(r.bottom, 10, 1e-12);
	T_NEAR(r.mid, 10, 1e-12);
	T_NEAR(r.net, 70, 1e-12);
	T_NEAR(r.mean, 4.06, 1e-12);
	T_NEAR(r.mean_lo, 3.759399, E6);
	T_NEAR(r.mean_hi, 4.360601, E6);
	T_NEAR(r.median, 4, 0);
	w.prop = STAT_PROP_AC;
	kpi_compute(&a, KPI_CSAT, &s, &w, &r);
	T_STREQ(r.method, "agresti-coull");
	T_NEAR(r.lo, 66.7694, 0.0001);
	T_NEAR(r.hi, 88.9498, 0.0001);
	w.prop = STAT_PROP_CP;
	kpi_compute(&a, KPI_CSAT, &s, &w, &r);
	T_STREQ(r.method, "clopper-pearson");
	T_NEAR(r.lo, 66.2817, 0.0001);
	T_NEAR(r.hi, 89.9698, 0.0001);
	w.prop = STAT_PROP_JEFFREYS;
	kpi_compute(&a, KPI_CSAT, &s, &w, &r);
	T_STREQ(r.method, "jeffreys");
	T_NEAR(r.lo, 67.4173, 0.0001);
	T_NEAR(r.hi, 89.2266, 0.0001);

	/* 0,0,0,0,12: all identical. */
	memset(&a, 0, sizeof(a));
	counts(&a, 5, 12);
	kpi_compute(&a, KPI_CSAT, &s, &o, &r);
	T_NEAR(r.value, 100, 0);
	T_NEAR(r.lo, 75.7506, 0.0001);
	T_NEAR(r.hi, 100, 1e-9);
	T_NEAR(r.sd, 0, 0);
	T_NEAR(r.mean_lo, 5, 0);
	T_NEAR(r.mean_hi, 5, 0);
	T_NEAR(r.median, 5, 0);
	T_NEAR(r.net, 100, 0);
}

static void
ces(void)
{
	static const int e1[] = {7, 6, 5, 7, 4, 6, 7, 3, 5, 6};
	static const int e2[] = {5, 5, 6, 2, 7, 1, 4, 6, 7, 7, 6};
	static const int e4[] = {1, 7};
	struct kpi_scale s = {1, 7}, r51 = {5, 1};
	struct kpi_acc a;
	struct kpi_row r;

	fill(&a, e1, 10, NULL);
	kpi_compute(&a, KPI_CES, &s, &o, &r);
	T_CHECK(r.kind == KPI_KIND_MEAN);
	T_STREQ(r.method, "t");
	T_NEAR(r.value, 5.6, 1e-12);
	T_NEAR(r.lo, 4.634342, E6);
	T_NEAR(r.hi, 6.565658, E6);
	T_NEAR(r.sd, 1.349897, E6);
	T_NEAR(r.median, 6, 0);
	T_NEAR(r.top, 60, 1e-12);	/* 6 and 7 */
	T_NEAR(r.bottom, 0, 0);		/* 1 and 2 */
	fill(&a, e2, 11, NULL);
	kpi_compute(&a, KPI_CES, &s, &o, &r);
	T_NEAR(r.value, 5.090909, E6);
	T_NEAR(r.lo, 3.732108, E6);
	T_NEAR(r.hi, 6.449710, E6);
	T_NEAR(r.median, 6, 0);
	fill(&a, e4, 2, NULL);
	kpi_compute(&a, KPI_CES, &s, &o, &r);
	T_NEAR(r.lo, -34.118614, E6);	/* not clipped */
	T_NEAR(r.hi, 42.118614, E6);
	T_NEAR(r.median, 4, 0);

	/* CES 1.0, 5-1: 1 and 2 are the best points. */
	memset(&a, 0, sizeof(a));
	counts(&a, 1, 3);
	counts(&a, 2, 1);
	counts(&a, 3, 2);
	counts(&a, 5, 4);
	kpi_compute(&a, KPI_CES, &r51, &o, &r);
	T_NEAR(r.top, 40, 1e-12);
	T_NEAR(r.mid, 20, 1e-12);
	T_NEAR(r.bottom, 40, 1e-12);
	T_NEAR(r.net, 0, 1e-12);
	T_NEAR(r.mean, 3.1, 1e-12);	/* (3 + 2 + 6 + 20) / 10 */
}

static void
weighted(void)
{
	static const int ltr[] = {10, 9, 9, 8, 7, 6, 5, 10, 3, 9};
	static const int cs[] = {5, 4, 5, 3, 4, 2, 3, 5, 1, 4};
	static const double w[] = {1.0, 0.5, 2.0, 1.5, 1.0, 0.8, 1.2, 2.5,
	    0.7, 1.3};
	static const double one[] = {2.5};
	static const int four[] = {4};
	struct kpi_scale s = {0, 10}, s5 = {1, 5};
	struct kpi_acc a;
	struct kpi_row r;

	fill(&a, ltr, 10, w);
	kpi_compute(&a, KPI_NPS, &s, &o, &r);
	T_CHECK(r.weighted);
	T_STREQ(r.method, "linearised-z");
	T_NEAR(r.value, 36.8, 1e-9);
	T_NEAR(r.se_net, 27.3487, 0.0001);
	T_NEAR(r.lo, -16.8025, 0.0001);
	T_NEAR(r.hi, 90.4025, 0.0001);
	T_NEAR(r.wsum, 12.5, 1e-12);
	T_NEAR(r.neff, 8.219358, E6);
	T_NEAR(r.top, 58.4, 1e-9);
	T_NEAR(r.bottom, 21.6, 1e-9);
	T_NEAR(r.n, 10, 0);

	fill(&a, cs, 10, w);
	kpi_compute(&a, KPI_CSAT, &s5, &o, &r);
	T_STREQ(r.method, "xlogit");	/* §7.5, df = n - 1 = 9 */
	T_NEAR(r.value, 66.4, 1e-9);
	T_NEAR(r.se_top, 16.28, 0.0001);
	T_NEAR(r.lo, 27.4973, 0.0001);
	T_NEAR(r.hi, 91.1483, 0.0001);
	{
		struct kpi_opts cp = o;

		cp.prop = STAT_PROP_CP;
		kpi_compute(&a, KPI_CSAT, &s5, &cp, &r);
		T_STREQ(r.method, "korn-graubard");
		T_NEAR(r.lo, 28.4921, 0.0001);
		T_NEAR(r.hi, 92.9405, 0.0001);
		cp.prop = STAT_PROP_JEFFREYS;
		kpi_compute(&a, KPI_CSAT, &s5, &cp, &r);
		T_STREQ(r.method, "xlogit");
		T_NEAR(r.lo, 27.4973, 0.0001);
	}

	/* One weighted answer: the row exists, its intervals mostly not. */
	fill(&a, four, 1, one);
	kpi_compute(&a, KPI_CES, &s5, &o, &r);
	T_CHECK(r.weighted);
	T_STREQ(r.method, "linearised-t");
	T_NEAR(r.value, 4, 0);
	T_NEAR(r.neff, 1, 1e-12);
	T_CHECK(isnan(r.lo) && isnan(r.hi) && isnan(r.sd) &&
	    isnan(r.net_lo));
	T_NEAR(r.median, 4, 0);
	/* ... its top box has no xlogit interval (one answer, top share
	 * 100 %): Clopper-Pearson on Kish n_eff = 1, [2.5 %, 100 %], and
	 * the method column says so (issue 10: it said xlogit). */
	kpi_compute(&a, KPI_CSAT, &s5, &o, &r);
	T_STREQ(r.method, "clopper-pearson-kish");
	T_STREQ(r.top_method, "clopper-pearson-kish");
	T_NEAR(r.value, 100, 0);
	T_NEAR(r.lo, 2.5, 1e-9);
	T_NEAR(r.hi, 100, 0);

	/* Weights all 1 are not "weighted". */
	fill(&a, cs, 10, NULL);
	kpi_compute(&a, KPI_CSAT, &s5, &o, &r);
	T_CHECK(!r.weighted);
	/* ... and unit-weight linearised SE is s/sqrt(n). */
	T_NEAR(r.se_mean, r.sd / sqrt(10), 1e-12);
}

static void
table(void)
{
	struct kpi_tab *t = kpi_tab_new();
	struct kpi_scale s = {0, 10}, s5 = {1, 5};
	struct kpi_group *g, *h, **v;
	const char *k1[KPI_NKEY] = {"a", "bc", "", "", ""};
	const char *k2[KPI_NKEY] = {"ab", "c", "", "", ""};
	size_t l1[KPI_NKEY] = {1, 2, 0, 0, 0}, l2[KPI_NKEY] = {2, 1, 0, 0, 0};
	const char *k3[KPI_NKEY] = {"S", "T", "on", "seg B", "2026-W02"};
	const char *k4[KPI_NKEY] = {"S", "T", "on", "seg A", "2026-W02"};
	const char *k5[KPI_NKEY] = {"S", "T", "on", "seg B", "2026-W01"};
	size_t l3[KPI_NKEY] = {1, 1, 2, 5, 8};
	int created, i;
	char name[16];

	g = kpi_tab_get(t, 0, k1, l1, KPI_NPS, &s, &created);
	T_CHECK(created);
	g->step = 5;
	kpi_acc_add(&g->acc, 9, 1);
	h = kpi_tab_get(t, 0, k2, l2, KPI_NPS, &s, &created);
	T_CHECK(created && h != g);	/* "a"+"bc" is not "ab"+"c" */
	h->step = 2;
	kpi_acc_add(&h->acc, 3, 1);
	T_CHECK(kpi_tab_get(t, 0, k1, l1, KPI_NPS, &s, &created) == g &&
	    !created);
	h = kpi_tab_get(t, 0, k1, l1, KPI_CSAT, &s5, &created);
	T_CHECK(h != g && created);
	h->step = 7;
	T_STREQ(g->key[KPI_TOUCHPOINT], "bc");
	T_STREQ(g->key[KPI_PERIOD], "");
	/* Ordering: step, then segment, then period. */
	g = kpi_tab_get(t, 0, k3, l3, KPI_NPS, &s, NULL);
	g->step = 1;
	kpi_acc_add(&g->acc, 10, 1);
	g = kpi_tab_get(t, 0, k4, l3, KPI_NPS, &s, NULL);
	g->step = 1;
	kpi_acc_add(&g->acc, 10, 1);
	g = kpi_tab_get(t, 0, k5, l3, KPI_NPS, &s, NULL);
	g->step = 1;
	kpi_acc_add(&g->acc, 10, 1);
	/* Enough groups to make the hash table grow. */
	for (i = 0; i < 1000; i++) {
		const char *k[KPI_NKEY] = {"x", name, "", "", ""};
		size_t l[KPI_NKEY] = {1, 0, 0, 0, 0};

		l[1] = (size_t)snprintf(name, sizeof(name), "tp%d", i);
		g = kpi_tab_get(t, 0, k, l, KPI_CES, &s5, NULL);
		g->step = 100 + i;
		kpi_acc_add(&g->acc, 3, 1);
	}
	T_CHECK(kpi_tab_n(t) == 1006);
	kpi_tab_journey(t);
	v = kpi_tab_sorted(t);
	T_STREQ(v[0]->key[KPI_SEGMENT], "seg A");
	T_STREQ(v[1]->key[KPI_PERIOD], "2026-W01");
	T_STREQ(v[2]->key[KPI_PERIOD], "2026-W02");
	T_STREQ(v[2]->key[KPI_SEGMENT], "seg B");
	T_CHECK(v[3]->step == 2);
	T_CHECK(v[4]->step == 5 && v[5]->step == 7);
	T_CHECK(v[6]->step == 100 && v[6]->acc.c[3] == 1);
	/* Journey rows last: nps without segment (steps 2 and 5), ... */
	T_CHECK(!v[1005]->journey && v[1006]->journey);
	for (i = 1006; i < (int)kpi_tab_n(t); i++)
		if (v[i]->metric == KPI_CES)
			T_CHECK(v[i]->acc.c[3] == 1000 && v[i]->step == 100);
		else if (v[i]->metric == KPI_NPS &&
		    v[i]->key[KPI_SEGMENT][0] == '\0')
			T_CHECK(v[i]->step == 2 && kpi_acc_n(&v[i]->acc) == 2 &&
			    v[i]->key[KPI_STAGE][0] == '\0');
	free(v);
	kpi_tab_free(t);
	kpi_tab_free(NULL);
}

/* A row written and read back gives the same sufficient statistics. */
/*
 * Issue 10, item 4: sums read back must be those of some weights: w > 0
 * exactly when c > 0, w >= c x KPI_WEIGHT_MIN, w^2/c <= q <= w^2.
 */
static int
read_acc(const struct kpi_acc *acc, char *err, size_t errsz)
{
	struct kpi_tab *t = kpi_tab_new();
	struct kpi_scale s = {1, 5};
	const char *k[KPI_NKEY] = {"S", "T", "online", "", ""};
	size_t l[KPI_NKEY] = {1, 1, 6, 0, 0};
	struct kpi_opts po = o;
	struct kpi_group *g;
	struct kpi_cols cols;
	struct kpi_in in;
	struct csvw cw;
	struct csvr *r;
	struct hdr *h;
	FILE *fp;
	int rc;

	g = kpi_tab_get(t, 0, k, l, KPI_CSAT, &s, NULL);
	g->acc = *acc;
	po.partial = 1;
	fp = tmpfile();
	csvw_init(&cw, fp);
	kpi_write_header(&cw, 1);
	kpi_write_row(&cw, g, &po);
	rewind(fp);
	r = csvr_new(fp, "tmp");
	csvr_next(r);
	h = hdr_new(r);
	T_CHECK(kpi_cols_find(&cols, h) == NULL);
	if (csvr_next(r) == 1)
		rc = kpi_read(&cols, r, &in, err, errsz);
	else	/* n = 0: kpi_write_row writes no row; read it anyway */
		rc = 1;
	hdr_free(h);
	csvr_free(r);
	fclose(fp);
	kpi_tab_free(t);
	return rc;
}

static void
sums(void)
{
	static const struct {
		double	c, w, q;
		int	ok;
	} v[] = {
		{ 2, 2, 2, 1 },		/* two weights 1 */
		{ 2, 1.5, 1.125, 1 },	/* 0.75, 0.75: q = w^2/c */
		{ 2, 1.5, 1.25, 1 },	/* 0.5, 1 */
		{ 1, 0.3, 0.09, 1 },	/* q = w^2 = w^2/c */
		{ 3, 0.3, 0.030000000000000002, 1 },	/* rounding */
		{ 2, 2, 0, 0 },		/* the repro: n_eff 9 > n = 2 */
		{ 2, 2, 5, 0 },		/* q > w^2 */
		{ 2, 2, 1.9, 0 },	/* q < w^2/c */
		{ 1, 0, 0, 0 },		/* an answer without weight */
		{ 1, 1e-170, 1e-300, 0 },	/* below KPI_WEIGHT_MIN */
		{ 1, 1e-150, 1e-300, 1 },
		{ 1e10, 1e155, 2e300, 1 },	/* w^2 would overflow */
	};
	struct kpi_acc a;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(&a, 0, sizeof(a));
		a.c[5] = v[i].c;
		a.w[5] = v[i].w;
		a.q[5] = v[i].q;
		err[0] = '\0';
		T_CHECK((read_acc(&a, err, sizeof(err)) == 0) == v[i].ok);
		if (!v[i].ok)
			T_CHECK(strstr(err, "column '") == err);
	}
	/* c = 0 with a weight sum on another point (the row has answers). */
	memset(&a, 0, sizeof(a));
	a.c[4] = a.w[4] = a.q[4] = 1;
	a.w[5] = 2;
	T_CHECK(read_acc(&a, err, sizeof(err)) == -1);
	T_STREQ(err, "column 'w5': 2 with no answers (c5 = 0)");
}

static void
roundtrip(void)
{
	static const int ltr[] = {10, 9, 9, 8, 7, 6, 5, 10, 3, 9};
	static const double w[] = {0.1, 0.5, 2.0, 1.0 / 3, 1.0, 0.8, 1.2,
	    2.5, 0.7, 1.3};
	struct kpi_tab *t = kpi_tab_new();
	struct kpi_scale s = {0, 10};
	const char *k[KPI_NKEY] = {"Stage", "Touch, \"point\"", "online",
	    "", "2026-W53"};
	size_t l[KPI_NKEY] = {5, 14, 6, 0, 8};
	struct kpi_group *g;
	struct kpi_cols cols;
	struct kpi_in in;
	struct csvw cw;
	struct csvr *r;
	struct hdr *h;
	char err[128];
	FILE *fp;
	int i, part;

	g = kpi_tab_get(t, 0, k, l, KPI_NPS, &s, NULL);
	g->step = 3;
	g->target = 25.5;
	for (i = 0; i < 10; i++)
		kpi_acc_add(&g->acc, ltr[i], w[i]);
	for (part = 0; part < 2; part++) {
		struct kpi_opts po = o;

		po.partial = part;
		fp = tmpfile();
		csvw_init(&cw, fp);
		kpi_write_header(&cw, part);
		kpi_write_row(&cw, g, &po);
		rewind(fp);
		r = csvr_new(fp, "tmp");
		T_CHECK(csvr_next(r) == 1);
		h = hdr_new(r);
		T_CHECK(kpi_cols_find(&cols, h) == NULL);
		T_CHECK(csvr_next(r) == 1);
		T_CHECK(kpi_read(&cols, r, &in, err, sizeof(err)) == 0);
		T_CHECK(in.journey == 0 && in.step == 3 &&
		    in.metric == KPI_NPS && in.scale.worst == 0 &&
		    in.scale.best == 10 && in.target == 25.5);
		T_CHECK(in.len[KPI_TOUCHPOINT] == 14 &&
		    memcmp(in.key[KPI_TOUCHPOINT], k[1], 14) == 0);
		T_CHECK(memcmp(&in.acc, &g->acc, sizeof(in.acc)) == 0);
		T_CHECK(csvr_next(r) == 0);
		hdr_free(h);
		csvr_free(r);
		fclose(fp);
	}
	kpi_tab_free(t);
}

/* kpi_acc_check: large weight sums pass while every statistic stays
 * finite; sums whose square (n_eff) or sum of squares overflows fail. */
static void
overflow(void)
{
	struct kpi_acc a;
	struct kpi_row r;
	struct kpi_scale s = {0, 10};

	memset(&a, 0, sizeof(a));
	kpi_acc_add(&a, 9, 1e100);
	kpi_acc_add(&a, 3, 1);
	T_CHECK(kpi_acc_check(&a) == 0);
	kpi_acc_add(&a, 10, 1e149);
	kpi_acc_add(&a, 0, 1e149);
	T_CHECK(kpi_acc_check(&a) == 0);
	T_CHECK(kpi_compute(&a, KPI_NPS, &s, &o, &r) == 0);
	T_CHECK(isfinite(r.wsum) && isfinite(r.neff) && isfinite(r.se_mean) &&
	    isfinite(r.mean_lo) && isfinite(r.sd) && isfinite(r.net_lo));
	kpi_acc_add(&a, 9, 1e152);	/* W^2 finite, with margin not */
	T_CHECK(kpi_acc_check(&a) == -1);
	memset(&a, 0, sizeof(a));
	kpi_acc_add(&a, 5, 1e200);	/* q = inf */
	T_CHECK(kpi_acc_check(&a) == -1);
	memset(&a, 0, sizeof(a));
	kpi_acc_add(&a, 5, 1e308);
	T_CHECK(kpi_acc_check(&a) == -1);
}

int
main(void)
{
	scales();
	options();
	nps();
	csat();
	ces();
	weighted();
	table();
	roundtrip();
	sums();
	overflow();
	return t_done("t_kpi");
}
