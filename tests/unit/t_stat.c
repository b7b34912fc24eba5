/*
 * t_stat.c -- lib/stat against the reference vectors of
 * ../shared/reference/stats.md (section numbers below are that file's).
 *
 * The tables print 6 decimals, so a value agrees when it is within
 * 5e-7 of the printed one (R6); p-values printed as d.dddddde-NN are
 * compared relative to their 7 significant digits (T_REL).
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_errno.h>

#include "stat.h"
#include "t.h"

#define R6	5e-7
#define T_REL(got, want, rel)	T_NEAR((got) / (want), 1.0, (rel))
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const double L95 = 0.95;

/* §7.1: NPS single sample. */
struct nps1 {
	double	P, N, D;
	double	nps, v, wse, wlo, whi;		/* Wald */
	double	anps, av, ase, alo, ahi;	/* adjusted, unclipped */
	int	tok;				/* trinomial t exists */
	double	tlo, thi;			/* trinomial t */
	double	slo, shi;			/* score */
};

static const struct nps1 nps1[] = {
	{ 50, 30, 20, 0.300000, 0.610000, 0.078102, 0.146922, 0.453078,
	  0.291262, 0.609341, 0.076915, 0.140511, 0.442013,
	  1, 0.144247, 0.455753, 0.139551, 0.443393 },
	{ 5, 3, 2, 0.300000, 0.610000, 0.246982, -0.184075, 0.784075,
	  0.230769, 0.600592, 0.214940, -0.190506, 0.652045,
	  1, -0.288934, 0.888934, -0.216592, 0.675278 },
	{ 0, 0, 10, -1.000000, 0.000000, 0.000000, -1.000000, -1.000000,
	  -0.769231, 0.292899, 0.150102, -1.063426, -0.475036,
	  1, -1, -1, -1.000000, -0.444934 },
	{ 200, 100, 100, 0.250000, 0.687500, 0.041458, 0.168744, 0.331256,
	  0.248139, 0.686566, 0.041275, 0.167241, 0.329037,
	  1, 0.168395, 0.331605, 0.167009, 0.329088 },
	{ 1, 0, 0, 1.000000, 0.000000, 0.000000, 1.000000, 1.000000,
	  0.250000, 0.562500, 0.375000, -0.484986, 0.984986,
	  0, NAN, NAN, -0.586901, 1.000000 },
	{ 3, 2, 1, 0.333333, 0.555556, 0.304290, -0.263065, 0.929731,
	  0.222222, 0.561728, 0.249828, -0.267433, 0.711877,
	  1, -0.523527, 1.190194, -0.311074, 0.753957 },
};

static void
test_nps1(void)
{
	const double y[3] = { 1, 0, -1 };
	const struct nps1 *r;
	double c[3], n, z, lo, hi, v, c0, se, m, sd;
	size_t i;

	z = stat_zcrit(L95);
	for (i = 0; i < NELEM(nps1); i++) {
		r = &nps1[i];
		n = r->P + r->N + r->D;
		T_NEAR(stat_nps(r->P, r->N, r->D), r->nps, R6);
		v = stat_nps_var(r->P, r->N, r->D);
		T_NEAR(v, r->v, R6);
		T_NEAR(sqrt(v / n), r->wse, R6);
		T_CHECK(stat_nps_ci(r->P, r->N, r->D, L95, STAT_NPS_WALD,
		    &lo, &hi) == 0);
		T_NEAR(lo, r->wlo, R6);
		T_NEAR(hi, r->whi, R6);

		/* The adjusted interval is the Wald formula on the counts
		 * plus (0.75, 1.5, 0.75), centred on (P-D)/(n+3). */
		c0 = (r->P - r->D) / (n + 3);
		T_NEAR(c0, r->anps, R6);
		v = stat_nps_var(r->P + 0.75, r->N + 1.5, r->D + 0.75);
		T_NEAR(v, r->av, R6);
		se = sqrt(v / (n + 3));
		T_NEAR(se, r->ase, R6);
		T_NEAR(c0 - z * se, r->alo, R6);
		T_NEAR(c0 + z * se, r->ahi, R6);
		T_CHECK(stat_nps_ci(r->P, r->N, r->D, L95, STAT_NPS_ADJWALD,
		    &lo, &hi) == 0);
		T_NEAR(lo, fmax(r->alo, -1), R6);
		T_NEAR(hi, fmin(r->ahi, 1), R6);

		T_CHECK(stat_nps_ci(r->P, r->N, r->D, L95, STAT_NPS_SCORE,
		    &lo, &hi) == 0);
		T_NEAR(lo, r->slo, R6);
		T_NEAR(hi, r->shi, R6);

		/* Trinomial t: the t interval on the +1/0/-1 scores. */
		c[0] = r->P;
		c[1] = r->N;
		c[2] = r->D;
		m = stat_dist_mean(y, c, 3);
		sd = stat_dist_sd(y, c, 3);
		T_NEAR(m, r->nps, R6);
		if (r->tok) {
			T_NEAR(sd, sqrt(r->v * n / (n - 1)), 1e-6);
			T_CHECK(stat_mean_ci(m, sd, n, L95, &lo, &hi) == 0);
			T_NEAR(lo, r->tlo, R6);
			T_NEAR(hi, r->thi, R6);
		} else {
			T_CHECK(isnan(sd));
			T_CHECK(stat_mean_ci(m, sd, n, L95, &lo, &hi) == -1);
			T_CHECK(isnan(lo) && isnan(hi));
		}
	}
	/* (0,0,10): clipped at -1, as §2.2 says. */
	T_CHECK(stat_nps_ci(0, 0, 10, L95, STAT_NPS_ADJWALD, &lo, &hi) == 0);
	T_CHECK(lo == -1);

	/* Rocks' package self-tests (§2.1); counts there are (D, N, P). */
	T_NEAR(stat_nps_var(3, 2, 1), 5.0 / 9, 1e-15);
	T_NEAR(sqrt(stat_nps_var(3, 2, 1) / 6), 0.304, 5e-4);
	T_NEAR(stat_nps_var(1, 0, 1), 1, 1e-15);
	T_NEAR(sqrt(stat_nps_var(1, 0, 1) / 2), 0.707, 5e-4);
	T_NEAR(stat_nps_var(1, 1, 0), 0.25, 1e-15);
	T_NEAR(sqrt(stat_nps_var(1, 1, 0) / 2), 0.354, 5e-4);
	T_NEAR(stat_nps_var(1, 1, 1), 2.0 / 3, 1e-15);
	T_NEAR(sqrt(stat_nps_var(1, 1, 1) / 3), 0.471, 5e-4);
}

/* Score interval properties beyond the table. */
static void
test_score(void)
{
	double lo, hi, lo2, hi2;

	/* Mirror image: swapping P and D negates the interval. */
	T_CHECK(stat_nps_ci(20, 30, 50, L95, STAT_NPS_SCORE, &lo, &hi) == 0);
	T_NEAR(lo, -0.443393, R6);
	T_NEAR(hi, -0.139551, R6);

	/* One category only, large n: the standard error vanishes at the
	 * estimate, the limits must still move away from it. */
	T_CHECK(stat_nps_ci(0, 1000, 0, L95, STAT_NPS_SCORE, &lo, &hi) == 0);
	T_CHECK(lo < 0 && lo > -0.01 && hi > 0 && hi < 0.01);
	T_NEAR(lo, -hi, 1e-12);
	T_CHECK(stat_nps_ci(1000, 0, 0, L95, STAT_NPS_SCORE, &lo, &hi) == 0);
	T_CHECK(lo > 0.99 && lo < 1 && hi == 1);
	T_CHECK(stat_nps_ci(0, 0, 1000, L95, STAT_NPS_SCORE, &lo2,
	    &hi2) == 0);
	T_CHECK(lo2 == -1);
	T_NEAR(hi2, -lo, 1e-12);

	/* Near-boundary, a lone passive among detractors. */
	T_CHECK(stat_nps_ci(0, 1, 1000, L95, STAT_NPS_SCORE, &lo, &hi) == 0);
	T_CHECK(lo >= -1 && lo < -0.99 && hi > -0.999 && hi < 1);
}

/* §7.2: two NPS. */
struct nps2 {
	double	x[3], y[3];
	double	wd, wse, wz, wp;
	double	ad, ase, az, ap, alo, ahi;
	double	tp;			/* Welch t on the recoded scores */
};

static const struct nps2 nps2[] = {
	{ { 50, 30, 20 }, { 200, 100, 100 },
	  0.050000, 0.088424, 0.565459, 0.571761,
	  0.043123, 0.087290, 0.494021, 0.621291, -0.127962, 0.214209,
	  0.574166 },
	{ { 50, 30, 20 }, { 5, 3, 2 },
	  0.000000, 0.259037, 0.000000, 1.000000,
	  0.060493, 0.228288, 0.264985, 0.791021, -0.386943, 0.507929,
	  1.000000 },
	{ { 50, 30, 20 }, { 20, 30, 50 },
	  0.600000, 0.110454, 5.432145, 5.568072e-08,
	  0.582524, 0.108774, 5.355344, 8.539367e-08, 0.369330, 0.795718,
	  1.852611e-07 },
	{ { 200, 100, 100 }, { 0, 0, 10 },
	  1.250000, 0.041458, 30.151134, 1.036519e-199,
	  1.017370, 0.155674, 6.535262, 6.349818e-11, 0.712255, 1.322485,
	  9.023589e-105 },
};

static void
check_p(double got, double want)
{
	if (want >= 1e-3)
		T_NEAR(got, want, R6);
	else
		T_REL(got, want, 5e-7);
}

static void
test_nps2(void)
{
	const double y[3] = { 1, 0, -1 };
	const struct nps2 *r;
	struct stat_test t;
	size_t i;

	for (i = 0; i < NELEM(nps2); i++) {
		r = &nps2[i];
		T_CHECK(stat_nps_test(r->x[0], r->x[1], r->x[2], r->y[0],
		    r->y[1], r->y[2], L95, STAT_NPS_WALD, &t) == 0);
		T_NEAR(t.diff, r->wd, R6);
		T_NEAR(t.se, r->wse, R6);
		T_NEAR(t.stat, r->wz, R6);
		check_p(t.p, r->wp);
		T_CHECK(isnan(t.df));

		T_CHECK(stat_nps_test(r->x[0], r->x[1], r->x[2], r->y[0],
		    r->y[1], r->y[2], L95, STAT_NPS_ADJWALD, &t) == 0);
		T_NEAR(t.diff, r->ad, R6);
		T_NEAR(t.se, r->ase, R6);
		T_NEAR(t.stat, r->az, R6);
		check_p(t.p, r->ap);
		T_NEAR(t.lo, r->alo, R6);
		T_NEAR(t.hi, r->ahi, R6);

		/* The sign is kept: y - x is the mirror image. */
		T_CHECK(stat_nps_test(r->y[0], r->y[1], r->y[2], r->x[0],
		    r->x[1], r->x[2], L95, STAT_NPS_ADJWALD, &t) == 0);
		T_NEAR(t.diff, -r->ad, R6);
		T_NEAR(t.lo, -r->ahi, R6);

		T_CHECK(stat_welch(stat_dist_mean(y, r->x, 3),
		    stat_dist_sd(y, r->x, 3), r->x[0] + r->x[1] + r->x[2],
		    stat_dist_mean(y, r->y, 3), stat_dist_sd(y, r->y, 3),
		    r->y[0] + r->y[1] + r->y[2], L95, &t) == 0);
		check_p(t.p, r->tp);
	}
	/* "score" is not a test and means adjusted-Wald. */
	T_CHECK(stat_nps_test(50, 30, 20, 200, 100, 100, L95, STAT_NPS_SCORE,
	    &t) == 0);
	T_NEAR(t.stat, 0.494021, R6);
}

/* §7.3: CSAT counts of 1..5; top-2-box is 4 and 5. */
struct csat {
	double	cnt[5];
	double	wald[2], wilson[2], ac[2], cp[2], jef[2];
	double	mean;
	double	t95[2];
};

static const struct csat csat[] = {
	{ { 2, 3, 5, 20, 20 }, { 0.689128, 0.910872 }, { 0.669629, 0.887562 },
	  { 0.667694, 0.889498 }, { 0.662817, 0.899698 },
	  { 0.674173, 0.892266 }, 4.060000, { 3.759399, 4.360601 } },
	{ { 0, 1, 0, 2, 2 }, { 0.449391, 1 }, { 0.375535, 0.963776 },
	  { 0.359631, 0.979679 }, { 0.283582, 0.994949 },
	  { 0.371374, 0.977487 }, 4.000000, { 2.479278, 5.520722 } },
	{ { 10, 10, 10, 10, 10 }, { 0.264210, 0.535790 },
	  { 0.276084, 0.538186 }, { 0.275904, 0.538366 },
	  { 0.264078, 0.548206 }, { 0.272952, 0.538256 }, 3.000000,
	  { 2.594004, 3.405996 } },
	{ { 0, 0, 0, 0, 12 }, { 1, 1 }, { 0.757506, 1 },
	  { 0.718015, 1 }, { 0.735352, 1 }, { 0.814694, 0.999960 },
	  5.000000, { 5, 5 } },
	{ { 3, 1, 1, 0, 0 }, { 0, 0 }, { 0, 0.434482 }, { 0, 0.489055 },
	  { 0, 0.521824 }, { 0.000093, 0.379377 }, 1.600000,
	  { 0.489422, 2.710578 } },
	{ { 30, 40, 80, 250, 600 }, { 0.827869, 0.872131 },
	  { 0.826531, 0.870790 }, { 0.826491, 0.870830 },
	  { 0.826342, 0.871575 }, { 0.826871, 0.871107 }, 4.350000,
	  { 4.288304, 4.411696 } },
};

static void
check_ci(double x, double n, enum stat_prop_method m, const double *want)
{
	double lo, hi;

	T_CHECK(stat_prop_ci(x, n, L95, m, &lo, &hi) == 0);
	T_NEAR(lo, want[0], R6);
	T_NEAR(hi, want[1], R6);
}

static void
test_csat(void)
{
	const double v[5] = { 1, 2, 3, 4, 5 };
	const struct csat *r;
	double n, x, m, sd, lo, hi;
	size_t i;

	for (i = 0; i < NELEM(csat); i++) {
		r = &csat[i];
		n = r->cnt[0] + r->cnt[1] + r->cnt[2] + r->cnt[3] + r->cnt[4];
		x = r->cnt[3] + r->cnt[4];
		check_ci(x, n, STAT_PROP_WALD, r->wald);
		check_ci(x, n, STAT_PROP_WILSON, r->wilson);
		check_ci(x, n, STAT_PROP_AC, r->ac);
		check_ci(x, n, STAT_PROP_CP, r->cp);
		check_ci(x, n, STAT_PROP_JEFFREYS, r->jef);
		m = stat_dist_mean(v, r->cnt, 5);
		sd = stat_dist_sd(v, r->cnt, 5);
		T_NEAR(m, r->mean, R6);
		T_CHECK(stat_mean_ci(m, sd, n, L95, &lo, &hi) == 0);
		T_NEAR(lo, r->t95[0], R6);
		T_NEAR(hi, r->t95[1], R6);
	}
	/* Exact bounds where the methods promise them. */
	T_CHECK(stat_prop_ci(12, 12, L95, STAT_PROP_WILSON, &lo, &hi) == 0);
	T_CHECK(hi == 1);
	T_CHECK(stat_prop_ci(0, 5, L95, STAT_PROP_WILSON, &lo, &hi) == 0);
	T_CHECK(lo == 0);
	T_CHECK(stat_prop_ci(0, 5, L95, STAT_PROP_CP, &lo, &hi) == 0);
	T_CHECK(lo == 0);
	T_CHECK(stat_prop_ci(12, 12, L95, STAT_PROP_CP, &lo, &hi) == 0);
	T_CHECK(hi == 1);
	T_CHECK(stat_prop_ci(12, 12, L95, STAT_PROP_JEFFREYS, &lo,
	    &hi) == 0);
	T_CHECK(hi < 1);
	/* Agresti-Coull, unclipped 1.039491 and -0.054572, is clipped. */
	T_CHECK(stat_prop_ci(12, 12, L95, STAT_PROP_AC, &lo, &hi) == 0);
	T_CHECK(hi == 1);
	T_CHECK(stat_prop_ci(0, 5, L95, STAT_PROP_AC, &lo, &hi) == 0);
	T_CHECK(lo == 0);
	/* s = 0: zero-width t interval. */
	T_CHECK(stat_mean_ci(5, 0, 12, L95, &lo, &hi) == 0);
	T_CHECK(lo == 5 && hi == 5);
}

/* §7.3: two proportions (N-1 test). */
struct prop2 {
	double	x1, n1, x2, n2;
	double	diff, zpool, z, p;
};

static const struct prop2 prop2[] = {
	{ 40, 50, 20, 50, 0.400000, 4.082483, 4.062019, 4.865007e-05 },
	{ 40, 50, 850, 1000, -0.050000, -0.960052, -0.959595, 0.337259 },
	{ 4, 5, 0, 5, 0.800000, 2.581989, 2.449490, 0.014306 },
	{ 31, 1000, 59, 1000, -0.028000, -3.020196, -3.019441, 0.002532 },
};

static void
test_prop2(void)
{
	const struct prop2 *r;
	struct stat_test t;
	double N;
	size_t i;

	for (i = 0; i < NELEM(prop2); i++) {
		r = &prop2[i];
		N = r->n1 + r->n2;
		T_CHECK(stat_prop_test(r->x1, r->n1, r->x2, r->n2, L95,
		    &t) == 0);
		T_NEAR(t.diff, r->diff, R6);
		T_NEAR(t.stat, r->z, R6);
		check_p(t.p, r->p);
		/* The pooled z is the N-1 z without sqrt((N-1)/N). */
		T_NEAR(t.stat / sqrt((N - 1) / N), r->zpool, R6);
		T_CHECK(t.lo < t.diff && t.diff < t.hi);
	}
	/* Newcombe (1998) Table II, method 10 (4 decimals). */
	T_CHECK(stat_prop_test(56, 70, 48, 80, L95, &t) == 0);
	T_NEAR(t.lo, 0.0524, 5e-5);
	T_NEAR(t.hi, 0.3339, 5e-5);
	T_CHECK(stat_prop_test(9, 10, 3, 10, L95, &t) == 0);
	T_NEAR(t.lo, 0.1705, 5e-5);
	T_NEAR(t.hi, 0.8090, 5e-5);
	/* 0/10 vs 0/10: no test, but the difference and its interval
	 * (minus and plus the Wilson upper limit of 0/10) exist. */
	T_CHECK(stat_prop_test(0, 10, 0, 10, L95, &t) == -1);
	T_CHECK(t.diff == 0 && t.se == 0 && isnan(t.stat) && isnan(t.p));
	T_NEAR(t.lo, -0.2775, 5e-5);
	T_NEAR(t.hi, 0.2775, 5e-5);
}

/* §7.4: CES 1-7. */
struct ces {
	double	s[20];
	size_t	n;
	double	mean, sd, se, tc, t95[2];
	double	agree;
	double	wilson[2], ac[2], cp[2];
	double	median;
};

static const struct ces ces[] = {
	{ { 7, 6, 5, 7, 4, 6, 7, 3, 5, 6 }, 10, 5.600000, 1.349897, 0.426875,
	  2.262157, { 4.634342, 6.565658 }, 8, { 0.490162, 0.943318 },
	  { 0.479368, 0.954113 }, { 0.443905, 0.974789 }, 6 },
	{ { 5, 5, 6, 2, 7, 1, 4, 6, 7, 7, 6 }, 11, 5.090909, 2.022600,
	  0.609837, 2.228139, { 3.732108, 6.449710 }, 8,
	  { 0.434355, 0.902539 }, { 0.428939, 0.907955 },
	  { 0.390257, 0.939782 }, 6 },
	{ { 4, 4, 4 }, 3, 4.000000, 0, 0, 4.302653, { 4, 4 }, 0,
	  { 0, 0.561497 }, { 0, 0.617472 }, { 0, 0.707598 }, 4 },
	{ { 1, 7 }, 2, 4.000000, 4.242641, 3.000000, 12.706205,
	  { -34.118614, 42.118614 }, 1, { 0.094531, 0.905469 },
	  { 0.094531, 0.905469 }, { 0.012579, 0.987421 }, 4 },
	{ { 5, 6, 7, 7, 6, 5, 7, 6, 6, 7, 5, 6, 7, 7, 4, 6, 7, 2, 6, 7 }, 20,
	  5.950000, 1.276302, 0.285390, 2.093024, { 5.352672, 6.547328 }, 18,
	  { 0.698966, 0.972134 }, { 0.686756, 0.984344 },
	  { 0.683017, 0.987651 }, 6 },
};

static const double ces_v[7] = { 1, 2, 3, 4, 5, 6, 7 };

static void
ces_counts(const struct ces *r, double *cnt)
{
	size_t i;

	for (i = 0; i < 7; i++)
		cnt[i] = 0;
	for (i = 0; i < r->n; i++)
		cnt[(size_t)r->s[i] - 1]++;
}

static void
test_ces(void)
{
	const struct ces *r;
	struct stat_test t;
	double cnt[7], cnt2[7], m, sd, lo, hi;
	size_t i;

	for (i = 0; i < NELEM(ces); i++) {
		r = &ces[i];
		ces_counts(r, cnt);
		m = stat_dist_mean(ces_v, cnt, 7);
		sd = stat_dist_sd(ces_v, cnt, 7);
		T_NEAR(m, r->mean, R6);
		T_NEAR(sd, r->sd, R6);
		T_NEAR(sd / sqrt(r->n), r->se, R6);
		T_NEAR(stat_tcrit(L95, r->n - 1), r->tc, R6);
		T_CHECK(stat_mean_ci(m, sd, r->n, L95, &lo, &hi) == 0);
		T_NEAR(lo, r->t95[0], R6);
		T_NEAR(hi, r->t95[1], R6);
		T_NEAR(cnt[4] + cnt[5] + cnt[6], r->agree, 0);
		check_ci(r->agree, r->n, STAT_PROP_WILSON, r->wilson);
		check_ci(r->agree, r->n, STAT_PROP_AC, r->ac);
		check_ci(r->agree, r->n, STAT_PROP_CP, r->cp);
		T_NEAR(stat_dist_median(ces_v, cnt, 7), r->median, 0);
	}

	/* Welch: E1 vs E5, E1 vs E2. */
	ces_counts(&ces[0], cnt);
	ces_counts(&ces[4], cnt2);
	T_CHECK(stat_welch(stat_dist_mean(ces_v, cnt, 7),
	    stat_dist_sd(ces_v, cnt, 7), 10, stat_dist_mean(ces_v, cnt2, 7),
	    stat_dist_sd(ces_v, cnt2, 7), 20, L95, &t) == 0);
	T_NEAR(t.diff, -0.350000, R6);
	T_NEAR(t.stat, -0.681613, R6);
	T_NEAR(t.df, 17.214388, R6);
	T_NEAR(t.p, 0.504551, R6);
	T_NEAR(t.lo, -1.432337, R6);
	T_NEAR(t.hi, 0.732337, R6);
	ces_counts(&ces[1], cnt2);
	T_CHECK(stat_welch(stat_dist_mean(ces_v, cnt, 7),
	    stat_dist_sd(ces_v, cnt, 7), 10, stat_dist_mean(ces_v, cnt2, 7),
	    stat_dist_sd(ces_v, cnt2, 7), 11, L95, &t) == 0);
	T_NEAR(t.diff, 0.509091, R6);
	T_NEAR(t.stat, 0.683899, R6);
	T_NEAR(t.df, 17.525359, R6);
	T_NEAR(t.p, 0.502982, R6);
	T_NEAR(t.lo, -1.057865, R6);
	T_NEAR(t.hi, 2.076047, R6);
}

/* §7.4 stress table: CP, Wilson, Jeffreys where gsl_cdf_beta_Pinv fails. */
struct stress {
	double	x, n;
	double	cp[2], wilson[2], jef[2];
};

static const struct stress stress[] = {
	{ 31, 1000, { 0.021158, 0.043715 }, { 0.021924, 0.043665 },
	  { 0.021573, 0.043134 } },
	{ 59, 1000, { 0.045213, 0.075449 }, { 0.046014, 0.075361 },
	  { 0.045654, 0.074893 } },
	{ 941, 1000, { 0.924551, 0.954787 }, { 0.924639, 0.953986 },
	  { 0.925107, 0.954346 } },
	{ 1, 100000, { 0, 0.000056 }, { 0.000002, 0.000057 },
	  { 0.000001, 0.000047 } },
};

/*
 * Issue 10, item 5: Clopper-Pearson and Jeffreys for large n, where
 * GSL's incomplete beta gives up (from n of about 1.6 million: the
 * intervals were empty).  Limits from scipy 1.10.1 beta.ppf (Boost),
 * to 1e-11 (the printed precision is 1e-8: 6 decimals of a %).
 */
static const struct {
	double	x, n, cp[2], jef[2];
} big[] = {
	{ 727747, 1715916, { 0.423376134629507, 0.424855620009886 },
	  { 0.423376425951626, 0.424855328553859 } },
	{ 31415926, 100000000, { 0.314068282741012, 0.314250248017371 },
	  { 0.31406828774062, 0.314250243016979 } },
	{ 3, 123456789, { 5.01124426909149e-09, 7.10149108413303e-08 },
	  { 6.84397028989864e-09, 6.48516944561514e-08 } },
	{ 999999990, 1000000000, { 0.999999981609644, 0.999999995204611 },
	  { 0.999999982260562, 0.999999994858551 } },
};

static void
test_beta_large(void)
{
	double lo, hi, p;
	size_t i;

	for (i = 0; i < NELEM(big); i++) {
		T_CHECK(stat_prop_ci(big[i].x, big[i].n, L95, STAT_PROP_CP,
		    &lo, &hi) == 0);
		T_NEAR(lo, big[i].cp[0], 1e-11);
		T_NEAR(hi, big[i].cp[1], 1e-11);
		T_CHECK(stat_prop_ci(big[i].x, big[i].n, L95,
		    STAT_PROP_JEFFREYS, &lo, &hi) == 0);
		T_NEAR(lo, big[i].jef[0], 1e-11);
		T_NEAR(hi, big[i].jef[1], 1e-11);
	}
	/* Korn-Graubard on a large design n_eff (p (1-p) / se^2 = 1e8). */
	p = 0.31415926;
	T_CHECK(stat_prop_ci_kg(p, sqrt(p * (1 - p) / 1e8), 2e8, L95, &lo,
	    &hi) == 0);
	T_NEAR(lo, big[1].cp[0], 1e-11);
	T_NEAR(hi, big[1].cp[1], 1e-11);
	/* The CDF itself where GSL gives NaN, and its symmetry. */
	p = stat_beta_cdf(0.4241, 727748, 988169);
	T_CHECK(p > 0.4 && p < 0.6);
	T_NEAR(p + stat_beta_cdf(1 - 0.4241, 988169, 727748), 1, 1e-12);
	T_CHECK(isnan(stat_beta_cdf(0.5, 0, 1)));
	/*
	 * Beyond a + b = 1e11 the fraction is not tried: a + b = 1e300 (a
	 * Korn-Graubard n_eff from a tiny se) took about 1e151 terms, that
	 * is forever (found by fz_stat as a timeout); now -1 at once.
	 */
	T_CHECK(stat_beta_quantile(0.999999, 1e300, 1, &p) == -1 && isnan(p));
	T_CHECK(stat_prop_ci_kg(0.5, 1e-150, 100, L95, &lo, &hi) == -1 &&
	    isnan(lo) && isnan(hi));
	/* up to 1e11 it is: n = 9e10 */
	T_CHECK(stat_prop_ci(3e10, 9e10, L95, STAT_PROP_CP, &lo, &hi) == 0 &&
	    lo < 1.0 / 3 && hi > 1.0 / 3 && hi - lo < 1e-5);
}

static void
test_beta(void)
{
	const struct stress *r;
	double q;
	size_t i;

	for (i = 0; i < NELEM(stress); i++) {
		r = &stress[i];
		check_ci(r->x, r->n, STAT_PROP_CP, r->cp);
		check_ci(r->x, r->n, STAT_PROP_WILSON, r->wilson);
		check_ci(r->x, r->n, STAT_PROP_JEFFREYS, r->jef);
	}
	/* The case that aborts gsl_cdf_beta_Pinv; R qbeta to 12 digits. */
	T_CHECK(stat_beta_quantile(0.975, 32, 969, &q) == 0);
	T_NEAR(q, 0.0437150850062, 5e-14);
	T_CHECK(stat_beta_quantile(0, 2, 3, &q) == 0 && q == 0);
	T_CHECK(stat_beta_quantile(1, 2, 3, &q) == 0 && q == 1);
	T_CHECK(stat_beta_quantile(-0.5, 2, 3, &q) == 0 && q == 0);
	T_CHECK(stat_beta_quantile(0.5, 0, 3, &q) == -1 && isnan(q));
	T_CHECK(stat_beta_quantile(0.5, 2, -1, &q) == -1 && isnan(q));
	T_CHECK(stat_beta_quantile(NAN, 2, 3, &q) == -1 && isnan(q));
	T_CHECK(stat_beta_quantile(0.5, 1, 1, &q) == 0);	/* uniform */
	T_NEAR(q, 0.5, 1e-14);
	T_CHECK(stat_beta_quantile(0.5, 3, 3, &q) == 0);	/* symmetric */
	T_NEAR(q, 0.5, 1e-14);
	test_beta_large();
}

/* §7.5: weighted example. */
static void
test_weighted(void)
{
	static const double ltr[10] = { 10, 9, 9, 8, 7, 6, 5, 10, 3, 9 };
	static const double cs[10] = { 5, 4, 5, 3, 4, 2, 3, 5, 1, 4 };
	static const double w[10] = { 1.0, 0.5, 2.0, 1.5, 1.0, 0.8, 1.2, 2.5,
	    0.7, 1.3 };
	const double y3[3] = { 1, 0, -1 }, y2[2] = { 1, 0 };
	double c[3] = { 0 }, sw[3] = { 0 }, sq[3] = { 0 };
	double c2[2] = { 0 }, sw2[2] = { 0 }, sq2[2] = { 0 };
	double sumw, sumw2, neff, m, se, lo, hi, z, tc;
	size_t i, k;

	sumw = sumw2 = 0;
	for (i = 0; i < 10; i++) {
		sumw += w[i];
		sumw2 += w[i] * w[i];
		k = ltr[i] >= 9 ? 0 : ltr[i] >= 7 ? 1 : 2;
		c[k]++;
		sw[k] += w[i];
		sq[k] += w[i] * w[i];
		k = cs[i] >= 4 ? 0 : 1;
		c2[k]++;
		sw2[k] += w[i];
		sq2[k] += w[i] * w[i];
	}
	T_NEAR(sumw, 12.5, 1e-12);
	neff = stat_kish_neff(sumw, sumw2);
	T_NEAR(neff, 8.219358, R6);
	T_NEAR(10 / neff, 1.216640, R6);	/* deff_w */

	se = stat_wlin_se(y3, c, sw, sq, 3, &m);
	T_NEAR(sw[0] / sumw, 0.584, 1e-12);
	T_NEAR(sw[2] / sumw, 0.216, 1e-12);
	T_NEAR(m, 0.368000, R6);
	T_NEAR(se, 0.273487, R6);
	z = stat_zcrit(L95);
	T_NEAR(m - z * se, -0.168025, R6);
	T_NEAR(m + z * se, 0.904025, R6);
	tc = stat_tcrit(L95, 9);
	T_NEAR(m - tc * se, -0.250671, R6);
	T_NEAR(m + tc * se, 0.986671, R6);
	/* Kish-style SE and adjusted-Wald on n_eff (the heuristic). */
	T_NEAR(sqrt(stat_nps_var(sw[0], sw[1], sw[2]) / neff), 0.284350, R6);
	T_CHECK(stat_nps_ci(sw[0] / sumw * neff, sw[1] / sumw * neff,
	    sw[2] / sumw * neff, L95, STAT_NPS_ADJWALD, &lo, &hi) == 0);
	T_NEAR((lo + hi) / 2, 0.269599, R6);
	T_NEAR(lo, -0.201107, R6);
	T_NEAR(hi, 0.740304, R6);

	se = stat_wlin_se(y2, c2, sw2, sq2, 2, &m);
	T_NEAR(m, 0.664000, R6);
	T_NEAR(se, 0.162800, R6);
	T_NEAR(m - tc * se, 0.295720, R6);	/* svyciprop "mean", df 9 */
	T_NEAR(m + tc * se, 1.032280, R6);
	T_CHECK(stat_prop_ci(m * neff, neff, L95, STAT_PROP_WILSON, &lo,
	    &hi) == 0);
	T_NEAR(lo, 0.340124, R6);
	T_NEAR(hi, 0.883406, R6);
	T_CHECK(stat_prop_ci(m * neff, neff, L95, STAT_PROP_CP, &lo,
	    &hi) == 0);
	T_NEAR(lo, 0.280543, R6);
	T_NEAR(hi, 0.931375, R6);
	/* svyciprop "xlogit" (= "logit" here) and "beta" (Korn-Graubard);
	 * the rounded p_w and SE of §7.5 reproduce them too. */
	T_CHECK(stat_prop_ci_xlogit(m, se, 9, L95, &lo, &hi) == 0);
	T_NEAR(lo, 0.274973, R6);
	T_NEAR(hi, 0.911483, R6);
	T_CHECK(stat_prop_ci_xlogit(0.664, 0.1628, 9, L95, &lo, &hi) == 0);
	T_NEAR(lo, 0.274973, R6);
	T_NEAR(hi, 0.911483, R6);
	T_CHECK(stat_prop_ci_xlogit(m, se, INFINITY, L95, &lo, &hi) == 0);
	T_NEAR(lo, 0.321034, R6);
	T_NEAR(hi, 0.892003, R6);
	T_NEAR(m * (1 - m) / (se * se), 8.417775, R6);	/* KG n_eff */
	T_CHECK(stat_prop_ci_kg(m, se, 10, L95, &lo, &hi) == 0);
	T_NEAR(lo, 0.284921, R6);
	T_NEAR(hi, 0.929405, R6);
	T_CHECK(stat_prop_ci_kg(0.664, 0.1628, 10, L95, &lo, &hi) == 0);
	T_NEAR(lo, 0.284921, R6);
	T_NEAR(hi, 0.929405, R6);
	/* Where the logit or the design n_eff does not exist: -1, NAN. */
	T_CHECK(stat_prop_ci_xlogit(0, 0, 9, L95, &lo, &hi) == -1);
	T_CHECK(isnan(lo) && isnan(hi));
	T_CHECK(stat_prop_ci_xlogit(1, 0.1, 9, L95, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_xlogit(0.5, 0, 9, L95, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_xlogit(0.5, NAN, 9, L95, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_xlogit(0.5, 0.1, 0, L95, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_xlogit(0.5, 0.1, 9, 1.5, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_kg(0, 0, 10, L95, &lo, &hi) == -1);
	T_CHECK(isnan(lo) && isnan(hi));
	T_CHECK(stat_prop_ci_kg(1, 0.1, 10, L95, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_kg(0.5, 0, 10, L95, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_kg(0.5, 0.1, 1, L95, &lo, &hi) == -1);
	T_CHECK(stat_prop_ci_kg(0.5, INFINITY, 10, L95, &lo, &hi) == -1);
	/* Tiny SE: both stay inside (0, 1) and around p. */
	T_CHECK(stat_prop_ci_xlogit(0.5, 1e-9, 9, L95, &lo, &hi) == 0);
	T_CHECK(lo < 0.5 && hi > 0.5 && lo > 0.4999 && hi < 0.5001);

	/* Weighted z test of the two estimates against themselves. */
	{
		struct stat_test t;

		T_CHECK(stat_z_test(0.368, 0.273487, 0.368, 0.273487, L95,
		    &t) == 0);
		T_NEAR(t.diff, 0, 0);
		T_NEAR(t.p, 1, 1e-15);
		T_NEAR(t.se, sqrt(2) * 0.273487, 1e-12);
		T_CHECK(stat_z_test(1, 0, 0.5, 0, L95, &t) == -1);
		T_CHECK(t.diff == 0.5 && t.lo == 0.5 && isnan(t.p));
	}

	/* Degenerate: one answer, zero weight, NULL mean. */
	T_CHECK(isnan(stat_wlin_se(y2, (double[]){ 1, 0 },
	    (double[]){ 2, 0 }, (double[]){ 4, 0 }, 2, &m)));
	T_NEAR(m, 1, 0);
	T_CHECK(isnan(stat_wlin_se(y2, (double[]){ 0, 0 },
	    (double[]){ 0, 0 }, (double[]){ 0, 0 }, 2, &m)));
	T_CHECK(isnan(m));
	T_CHECK(!isnan(stat_wlin_se(y3, c, sw, sq, 3, NULL)));
	T_CHECK(isnan(stat_kish_neff(0, 0)));
}

/* §7.6 and R's NA and tie handling. */
static void
test_padjust(void)
{
	static const double raw[6] = { 0.001, 0.008, 0.012, 0.041, 0.200,
	    0.640 };
	static const struct {
		enum stat_adjust m;
		double	 want[6];
	} tab[] = {
		{ STAT_ADJ_NONE, { 0.001, 0.008, 0.012, 0.041, 0.200,
		    0.640 } },
		{ STAT_ADJ_BONFERRONI, { 0.006, 0.048, 0.072, 0.246, 1, 1 } },
		{ STAT_ADJ_HOLM, { 0.006, 0.040, 0.048, 0.123, 0.400,
		    0.640 } },
		{ STAT_ADJ_HOCHBERG, { 0.006, 0.040, 0.048, 0.123, 0.400,
		    0.640 } },
		{ STAT_ADJ_BH, { 0.006, 0.024, 0.024, 0.0615, 0.240,
		    0.640 } },
		{ STAT_ADJ_BY, { 0.0147, 0.0588, 0.0588, 0.150675, 0.588,
		    1 } },
	};
	/* p.adjust(c(0.01, NA, 0.02, 0.01), method), by R's algorithm. */
	static const double na[4] = { 0.01, NAN, 0.02, 0.01 };
	static const struct {
		enum stat_adjust m;
		double	 want[4];
	} tabna[] = {
		{ STAT_ADJ_BONFERRONI, { 0.03, NAN, 0.06, 0.03 } },
		{ STAT_ADJ_HOLM, { 0.03, NAN, 0.03, 0.03 } },
		{ STAT_ADJ_HOCHBERG, { 0.02, NAN, 0.02, 0.02 } },
		{ STAT_ADJ_BH, { 0.015, NAN, 0.02, 0.015 } },
		{ STAT_ADJ_BY, { 0.0275, NAN, 0.11 / 3, 0.0275 } },
	};
	/* Reversed input order must give the reversed output. */
	double adj[6], rev[6], radj[6];
	size_t i, j;

	for (i = 0; i < NELEM(tab); i++) {
		T_CHECK(stat_padjust(raw, adj, 6, tab[i].m) == 0);
		for (j = 0; j < 6; j++)
			T_NEAR(adj[j], tab[i].want[j], R6);
		for (j = 0; j < 6; j++)
			rev[j] = raw[5 - j];
		T_CHECK(stat_padjust(rev, radj, 6, tab[i].m) == 0);
		for (j = 0; j < 6; j++)
			T_NEAR(radj[j], adj[5 - j], 1e-15);
		/* In place. */
		T_CHECK(stat_padjust(rev, rev, 6, tab[i].m) == 0);
		for (j = 0; j < 6; j++)
			T_NEAR(rev[j], adj[5 - j], 1e-15);
	}
	for (i = 0; i < NELEM(tabna); i++) {
		T_CHECK(stat_padjust(na, adj, 4, tabna[i].m) == 0);
		for (j = 0; j < 4; j++)
			T_NEAR(adj[j], tabna[i].want[j], 1e-12);
	}
	T_CHECK(stat_padjust(na, adj, 0, STAT_ADJ_BH) == 0);
	adj[0] = NAN;
	T_CHECK(stat_padjust(adj, adj, 1, STAT_ADJ_HOLM) == 0);
	T_CHECK(isnan(adj[0]));
	T_CHECK(stat_padjust(raw, adj, 6, (enum stat_adjust)99) == -1);
}

static void
test_names(void)
{
	int i;

	for (i = STAT_NPS_ADJWALD; i <= STAT_NPS_SCORE; i++)
		T_CHECK(stat_nps_method_parse(stat_nps_method_name(i)) == i);
	for (i = STAT_PROP_WILSON; i <= STAT_PROP_WALD; i++)
		T_CHECK(stat_prop_method_parse(stat_prop_method_name(i)) == i);
	for (i = STAT_ADJ_NONE; i <= STAT_ADJ_BY; i++)
		T_CHECK(stat_adjust_parse(stat_adjust_name(i)) == i);
	T_STREQ(stat_nps_method_name(STAT_NPS_ADJWALD), "adjusted-wald");
	T_STREQ(stat_prop_method_name(STAT_PROP_AC), "agresti-coull");
	T_STREQ(stat_prop_method_name(STAT_PROP_CP), "clopper-pearson");
	T_STREQ(stat_adjust_name(STAT_ADJ_BH), "bh");
	T_CHECK(stat_nps_method_parse("Wald") == -1);
	T_CHECK(stat_prop_method_parse("") == -1);
	T_CHECK(stat_adjust_parse(NULL) == -1);
	T_CHECK(stat_adjust_name((enum stat_adjust)42) == NULL);
}

/* n = 0, n = 1 and other cases with no answer: -1 and NAN, no crash. */
static void
test_degenerate(void)
{
	const double v[2] = { 1, 2 }, zero[2] = { 0, 0 };
	struct stat_test t;
	double lo, hi;
	int m;

	T_CHECK(isnan(stat_nps(0, 0, 0)));
	T_CHECK(isnan(stat_nps_var(0, 0, 0)));
	for (m = STAT_NPS_ADJWALD; m <= STAT_NPS_SCORE; m++) {
		T_CHECK(stat_nps_ci(0, 0, 0, L95, m, &lo, &hi) == -1);
		T_CHECK(isnan(lo) && isnan(hi));
		T_CHECK(stat_nps_ci(1, -1, 3, L95, m, &lo, &hi) == -1);
		/* All passives: an interval around 0. */
		T_CHECK(stat_nps_ci(0, 5, 0, L95, m, &lo, &hi) == 0);
		T_CHECK(lo <= 0 && hi >= 0 && !isnan(lo) && !isnan(hi));
	}
	for (m = STAT_PROP_WILSON; m <= STAT_PROP_WALD; m++) {
		T_CHECK(stat_prop_ci(0, 0, L95, m, &lo, &hi) == -1);
		T_CHECK(isnan(lo) && isnan(hi));
		T_CHECK(stat_prop_ci(3, 2, L95, m, &lo, &hi) == -1);
		T_CHECK(stat_prop_ci(1, 2, 1.5, m, &lo, &hi) == -1);
		T_CHECK(stat_prop_ci(1, 1, L95, m, &lo, &hi) == 0);
		T_CHECK(lo >= 0 && hi <= 1);
	}
	T_CHECK(stat_mean_ci(3, 1, 1, L95, &lo, &hi) == -1);
	T_CHECK(isnan(lo) && isnan(hi));
	T_CHECK(stat_mean_ci(3, NAN, 5, L95, &lo, &hi) == -1);
	T_CHECK(isnan(stat_dist_mean(v, zero, 2)));
	T_CHECK(isnan(stat_dist_sd(v, zero, 2)));
	T_CHECK(isnan(stat_dist_median(v, zero, 2)));
	T_CHECK(isnan(stat_dist_sd(v, (double[]){ 1, 0 }, 2)));
	T_NEAR(stat_dist_median(v, (double[]){ 1, 0 }, 2), 1, 0);
	/* Unsorted and repeated scale points; weighted median. */
	T_NEAR(stat_dist_median((double[]){ 3, 1, 3, 2 },
	    (double[]){ 1, 1, 1, 1 }, 4), 2.5, 0);
	T_NEAR(stat_dist_median((double[]){ 1, 2, 3 },
	    (double[]){ 0.2, 0.25, 0.55 }, 3), 3, 0);
	T_NEAR(stat_dist_median((double[]){ 1, 2, 3 },
	    (double[]){ 0.5, 0.25, 0.25 }, 3), 1.5, 0);

	T_CHECK(stat_nps_test(0, 0, 0, 1, 1, 1, L95, STAT_NPS_ADJWALD,
	    &t) == -1);
	T_CHECK(isnan(t.diff) && isnan(t.p) && isnan(t.lo));
	/* Both groups degenerate: Wald has no SE, adjusted-Wald has. */
	T_CHECK(stat_nps_test(10, 0, 0, 0, 0, 10, L95, STAT_NPS_WALD,
	    &t) == -1);
	T_CHECK(t.diff == 2 && t.se == 0 && isnan(t.stat) && isnan(t.p));
	T_CHECK(stat_nps_test(10, 0, 0, 0, 0, 10, L95, STAT_NPS_ADJWALD,
	    &t) == 0);
	T_CHECK(t.hi <= 2 && t.p < 1e-6);
	T_CHECK(stat_prop_test(0, 0, 1, 2, L95, &t) == -1);
	T_CHECK(isnan(t.diff) && isnan(t.lo));
	/* One answer on a side: the difference exists, its interval and
	 * test do not (formats.md, compare table: diff). */
	T_CHECK(stat_welch(1, NAN, 1, 2, 1, 5, L95, &t) == -1);
	T_CHECK(t.diff == -1 && isnan(t.lo) && isnan(t.hi) && isnan(t.se) &&
	    isnan(t.stat) && isnan(t.p));
	T_CHECK(stat_welch(1, 1, 0, 2, 1, 5, L95, &t) == -1);
	T_CHECK(isnan(t.diff));
	T_CHECK(stat_z_test(3, NAN, 1, 0.5, L95, &t) == -1);
	T_CHECK(t.diff == 2 && isnan(t.lo) && isnan(t.stat) && isnan(t.p));
	T_CHECK(stat_welch(4, 0, 3, 4, 0, 5, L95, &t) == -1);
	T_CHECK(t.diff == 0 && t.lo == 0 && t.hi == 0 && isnan(t.p));
	T_CHECK(stat_welch(4, 0, 3, 5, 1, 5, L95, &t) == 0);
	T_NEAR(t.df, 4, 1e-12);		/* all variance from sample 2 */

	T_CHECK(isnan(stat_zcrit(0)) && isnan(stat_zcrit(1)));
	T_CHECK(isnan(stat_tcrit(L95, 0.5)) && isnan(stat_tcrit(NAN, 3)));
	T_NEAR(stat_tcrit(L95, INFINITY), stat_zcrit(L95), 0);
	T_NEAR(stat_zcrit(L95), 1.959963984540054, 1e-15);
	T_NEAR(stat_tcrit(L95, 1), 12.706205, R6);
	T_NEAR(stat_tcrit(L95, 9), 2.262157, R6);
	T_NEAR(stat_tcrit(L95, 19), 2.093024, R6);
	T_CHECK(isnan(stat_p_z(NAN)) && isnan(stat_p_t(1, 0)));
	T_NEAR(stat_p_z(0), 1, 0);
	T_NEAR(stat_p_t(0, 3), 1, 1e-15);
}

/*
 * Issue 10, item 1: answers all on one value give an exact mean and a
 * linearised SE of exactly 0, whatever the weights, so no z statistic
 * can grow out of rounding residue (9 x 0.1 x 5 / (9 x 0.1) != 5).
 */
static void
test_constant(void)
{
	const double y7[7] = { 1, 2, 3, 4, 5, 6, 7 };
	const double ynps[3] = { 1, 1, 0 };	/* 10, 9 promoters, 8 */
	double c[7] = { 0 }, w[7] = { 0 }, q[7] = { 0 }, m, se;
	double wt[] = { 0.1, 0.3, 1e-7, 0.7, 3.3, 1e6, 0.123456789 };
	struct stat_test t;
	size_t i, j, k;

	for (j = 0; j < NELEM(wt); j++)
		for (k = 0; k < 7; k++) {
			for (i = 0; i < 7; i++)
				c[i] = w[i] = q[i] = 0;
			for (i = 0; i < 9; i++) {
				c[k] += 1;
				w[k] += wt[j];
				q[k] += wt[j] * wt[j];
			}
			se = stat_wlin_se(y7, c, w, q, 7, &m);
			T_CHECK(m == y7[k] && se == 0);
			T_CHECK(stat_dist_mean(y7, w, 7) == y7[k]);
			T_CHECK(stat_dist_sd(y7, c, 7) == 0);
		}
	/* Promoters on two points (9 and 10): y = 1 on both. */
	c[0] = 3; w[0] = 0.3; q[0] = 0.03;
	c[1] = 4; w[1] = 0.7; q[1] = 0.49;
	c[2] = 0; w[2] = 0; q[2] = 0;
	se = stat_wlin_se(ynps, c, w, q, 3, &m);
	T_CHECK(m == 1 && se == 0);
	/* The repro: 9 answers 5 at 0.1 vs 2 answers 5 at 1. */
	for (i = 0; i < 7; i++)
		c[i] = w[i] = q[i] = 0;
	for (i = 0; i < 9; i++) {
		c[4] += 1;
		w[4] += 0.1;
		q[4] += 0.01;
	}
	se = stat_wlin_se(y7, c, w, q, 7, &m);
	T_CHECK(stat_z_test(5, 0, m, se, L95, &t) == -1);
	T_CHECK(t.diff == 0 && t.se == 0 && isnan(t.stat) && isnan(t.p));
}

/*
 * Issue 10, item 2: the weighted median is scale-invariant at an exact
 * half-weight tie.  Scores 1, 1, 2, 3, 4, 6 with one constant weight W:
 * half the weight is on 1..2, so the median is 2.5 for every W (W = 1e-6
 * gave 2, W = 0.3 gave 3).  Weights are summed per point as cjm-kpi does.
 */
static void
test_wmedian(void)
{
	const int score[6] = { 1, 1, 2, 3, 4, 6 };
	double val[11], w[11], W, rw[20];
	size_t i, j;

	for (i = 0; i < 11; i++)
		val[i] = (double)i;
	for (j = 0; j < 20; j++)
		rw[j] = j == 0 ? 1 : j == 1 ? 1e-6 : j == 2 ? 0.3 :
		    pow(10, -8 + 0.77 * (double)j) * (1 + 0.1 * (double)j);
	for (j = 0; j < 20; j++) {
		W = rw[j];
		for (i = 0; i < 11; i++)
			w[i] = 0;
		for (i = 0; i < 6; i++)
			w[score[i]] += W;
		T_NEAR(stat_dist_wmedian(val, w, 11), 2.5, 0);
	}
	/* Not a tie: the weights differ by far more than the tolerance. */
	T_NEAR(stat_dist_wmedian((double[]){ 1, 2 }, (double[]){ 0.5,
	    0.5 * (1 + 1e-6) }, 2), 2, 0);
	T_NEAR(stat_dist_wmedian((double[]){ 1, 2 }, (double[]){ 0.5 *
	    (1 + 1e-6), 0.5 }, 2), 1, 0);
	/* Counts stay exact: n = 2^31 + 1, the middle answer is at 1. */
	T_NEAR(stat_dist_median((double[]){ 1, 2 }, (double[]){ 1073741825,
	    1073741824 }, 2), 1, 0);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_nps1();
	test_score();
	test_nps2();
	test_csat();
	test_prop2();
	test_ces();
	test_beta();
	test_weighted();
	test_padjust();
	test_names();
	test_degenerate();
	test_constant();
	test_wmedian();
	return t_done("stat");
}
