/*
 * stat.h -- the statistics of cjm, on top of GSL.
 *
 * Methods, sources and test vectors: ../shared/reference/stats.md (and
 * docs/methods.md in this tree).  Every function here is pure: it never
 * prints, never exits and never lets GSL abort (err_init() turns GSL's
 * abort handler off; these functions check every GSL status).
 *
 * Conventions
 *  - level is the two-sided confidence level, 0 < level < 1 (0.95).
 *  - NPS and net scores are fractions in [-1, 1] here; the tools print
 *    points (x 100).  Proportions are fractions in [0, 1].
 *  - Counts are doubles so that weighted or effective counts can be used.
 *  - Functions returning int return 0 when the result exists and -1 when
 *    it does not (n = 0, n = 1 for a t interval, a non-converging root);
 *    on -1 the outputs are set to NAN.  Tools print NAN as an empty field.
 *  - Intervals are clipped to the parameter's range ([-1, 1] for NPS,
 *    [0, 1] for proportions) by the functions that say so.
 */
#ifndef STAT_H
#define STAT_H

#include <stddef.h>

enum stat_nps_method {
	STAT_NPS_ADJWALD,	/* +3/4 P, +3/2 N, +3/4 D; centre (P-D)/(n+3) */
	STAT_NPS_WALD,		/* NPS +- z sqrt(V/n) */
	STAT_NPS_SCORE		/* iterative score interval (Tango / Rocks) */
};

enum stat_prop_method {
	STAT_PROP_WILSON,
	STAT_PROP_AC,		/* Agresti-Coull = adjusted Wald */
	STAT_PROP_CP,		/* Clopper-Pearson, by Brent on beta_P */
	STAT_PROP_JEFFREYS,	/* equal-tailed, not boundary-modified */
	STAT_PROP_WALD
};

enum stat_adjust {
	STAT_ADJ_NONE,
	STAT_ADJ_BH,		/* Benjamini-Hochberg step-up */
	STAT_ADJ_HOLM,
	STAT_ADJ_BONFERRONI,
	STAT_ADJ_HOCHBERG,
	STAT_ADJ_BY		/* Benjamini-Yekutieli */
};

/* Name <-> enum lookups ("adjusted-wald", "wald", "score"; "wilson",
 * "agresti-coull", "clopper-pearson", "jeffreys", "wald"; "none", "bh",
 * "holm", "bonferroni", "hochberg", "by").  Parsers return -1 on an
 * unknown name. */
int		 stat_nps_method_parse(const char *name);
const char	*stat_nps_method_name(enum stat_nps_method);
int		 stat_prop_method_parse(const char *name);
const char	*stat_prop_method_name(enum stat_prop_method);
int		 stat_adjust_parse(const char *name);
const char	*stat_adjust_name(enum stat_adjust);

/* Critical values: z = Phi^-1(1 - (1-level)/2); t with df degrees of
 * freedom (NAN when df < 1 or level out of range; z when df is
 * infinite). */
double	stat_zcrit(double level);
double	stat_tcrit(double level, double df);

/* Two-sided p-values; NAN for a NAN statistic or df <= 0. */
double	stat_p_z(double z);
double	stat_p_t(double t, double df);

/*
 * The regularised incomplete beta I_x(a, b), the CDF of Beta(a, b):
 * gsl_cdf_beta_P, and where its continued fraction gives up (NaN, from
 * a + b of about a million near the mean) the same fraction with a
 * limit of 1000 + 50 sqrt(a + b) terms.  NAN for a or b not positive
 * and finite, or when that does not converge either.
 */
double	stat_beta_cdf(double x, double a, double b);

/*
 * Quantile of Beta(a, b) at probability p, by Brent root-finding on
 * stat_beta_cdf (gsl_cdf_beta_Pinv aborts or fails on ordinary inputs,
 * e.g. p = 0.975, a = 32, b = 969).  Returns 0 and *q (0 for p <= 0, 1
 * for p >= 1), or -1 and NAN when a or b is not positive and finite or
 * the incomplete beta does not converge.
 */
int	stat_beta_quantile(double p, double a, double b, double *q);

/* NPS from counts of promoters P, passives N, detractors D. */
double	stat_nps(double P, double N, double D);	/* (P-D)/n, NAN if n=0 */
double	stat_nps_var(double P, double N, double D); /* V = pP+pD-(pP-pD)^2 */

/*
 * NPS confidence interval, clipped to [-1, 1].  Returns -1 when n = 0
 * or a count is negative.  The adjusted-Wald interval is centred on
 * (P-D)/(n+3), not on the NPS.  Wald collapses to the point NPS when
 * all answers are in one category.  The score interval has lower = -1
 * when D = n and upper = 1 when P = n.
 */
int	stat_nps_ci(double P, double N, double D, double level,
	    enum stat_nps_method m, double *lo, double *hi);

/*
 * Interval for a proportion x/n, clipped to [0, 1].  -1 when n = 0 or x
 * is outside [0, n].  x and n need not be whole (effective counts).
 * Wilson and Clopper-Pearson give exactly 0 at x = 0 and 1 at x = n;
 * Jeffreys is not boundary-modified (12/12 gives 0.999960).
 */
int	stat_prop_ci(double x, double n, double level,
	    enum stat_prop_method m, double *lo, double *hi);

/*
 * Design-based intervals for a weighted proportion p (a fraction) with
 * its linearised standard error se (stat_wlin_se with y = 0/1), as R
 * survey::svyciprop.  Both return -1 (outputs NAN) when p is not
 * strictly between 0 and 1 or se is not positive and finite: there the
 * logit and the design-based n_eff do not exist (R gives NaN); callers
 * choose a fallback (the KPI tools use Clopper-Pearson on Kish n_eff,
 * see docs/methods.md).
 *  - xlogit: logit(p) +- t(level, df) se / (p (1-p)), back-transformed
 *    (SUDAAN, SPSS Complex Samples); df infinite gives z; -1 when
 *    df < 1.  Always inside (0, 1).
 *  - Korn-Graubard ("beta"): Clopper-Pearson on (p n_eff, n_eff) with
 *    n_eff = p (1-p) / se^2 times (t(n-1) / t(df))^2; df = n - 1 here
 *    (n = number of answers), so the ratio is 1.  -1 when n < 2.
 */
int	stat_prop_ci_xlogit(double p, double se, double df, double level,
	    double *lo, double *hi);
int	stat_prop_ci_kg(double p, double se, double n, double level,
	    double *lo, double *hi);

/* t interval for a mean: mean +- t(level, n-1) sd/sqrt(n).  -1 when
 * n < 2.  sd is the sample standard deviation (n-1).  Not clipped. */
int	stat_mean_ci(double mean, double sd, double n, double level,
	    double *lo, double *hi);

/*
 * Distribution of a rating over k scale points: value[i] is the score of
 * point i, cnt[i] its count (or summed weight).
 */
double	stat_dist_mean(const double *value, const double *cnt, size_t k);
double	stat_dist_sd(const double *value, const double *cnt, size_t k);
					/* sample sd, n-1; NAN if n < 2 */
					/* (all three: NAN when the counts
					 * sum to 0 or one is negative) */
double	stat_dist_median(const double *value, const double *cnt, size_t k);
					/* exact; even n: mean of the two
					 * middle values */
/*
 * Weighted median: the point where the cumulative weight first reaches
 * half the total, the midpoint with the next occupied point at a tie.
 * The sums of weights carry rounding (1 + 1 + 1 != 6 x 0.3 / 2 in
 * floating point), so a cumulative weight within STAT_WMEDIAN_TIE of the
 * total from half is a tie: the result does not change when every
 * weight is multiplied by the same constant.
 */
#define STAT_WMEDIAN_TIE	1e-9
double	stat_dist_wmedian(const double *value, const double *w, size_t k);

/*
 * Weighted estimation from per-point sufficient statistics.  For scale
 * point i with score y[i]: c[i] answers, w[i] = sum of their weights,
 * q[i] = sum of their squared weights.  Sets *mean = sum w y / sum w and
 * returns the Taylor-linearised standard error
 *	sqrt(n/(n-1) * sum q[i] (y[i] - mean)^2) / sum w
 * which equals R survey::svymean for a one-stage with-replacement design
 * (n = sum c).  NAN when n < 2.  Use y = +1/0/-1 for NPS, 0/1 for a
 * proportion, the score for a mean.
 */
double	stat_wlin_se(const double *y, const double *c, const double *w,
	    const double *q, size_t k, double *mean);

/* Kish effective sample size (sum w)^2 / sum w^2; NAN when sum w^2 = 0. */
double	stat_kish_neff(double sumw, double sumw2);

/*
 * Two-sample tests, x minus y.  All fill a struct stat_test and return 0,
 * or -1 when the test does not exist; the fields are then NAN, except
 * when the only problem is a zero standard error (all answers alike on
 * both sides): diff is then set, se = 0, and lo = hi = diff (for
 * stat_prop_test, lo and hi are the Newcombe interval, which exists).
 */
struct stat_test {
	double	diff;		/* estimate of x - y (adjusted for adj-Wald) */
	double	lo, hi;		/* interval of the difference at level */
	double	se;		/* standard error of the difference */
	double	stat;		/* z or t */
	double	df;		/* degrees of freedom (t tests), else NAN */
	double	p;		/* two-sided p-value */
};

/* NPS: adjusted-Wald (MeasuringU / Rocks nps_test) or plain Wald z test.
 * STAT_NPS_SCORE is not a test: it is treated as adjusted-Wald.  The
 * interval is diff +- z se, clipped to [-2, 2]. */
int	stat_nps_test(double P1, double N1, double D1, double P2, double N2,
	    double D2, double level, enum stat_nps_method m,
	    struct stat_test *t);

/* Proportions: N-1 two-proportion test (Campbell 2007); the interval of
 * the difference is Newcombe's hybrid score interval (from Wilson).  se
 * is the test's null SE, sqrt(P(1-P)(1/n1+1/n2) N/(N-1)) with pooled P
 * and N = n1+n2, so that stat = diff / se. */
int	stat_prop_test(double x1, double n1, double x2, double n2,
	    double level, struct stat_test *t);

/* Means: Welch t test from summary statistics (sd: sample, n-1);
 * Welch-Satterthwaite df.  -1 when n1 < 2 or n2 < 2. */
int	stat_welch(double m1, double sd1, double n1, double m2, double sd2,
	    double n2, double level, struct stat_test *t);

/* Any two independent estimates with standard errors: z test (used for
 * weighted estimates with linearised SEs). */
int	stat_z_test(double est1, double se1, double est2, double se2,
	    double level, struct stat_test *t);

/*
 * Multiple-comparison adjustment as R p.adjust: adj[i] for p[i], m
 * values.  NAN entries are left NAN and not counted in m.  adj may be p.
 * Returns 0, or -1 for an unknown method or when out of memory (adj is
 * then all NAN).
 */
int	stat_padjust(const double *p, double *adj, size_t m,
	    enum stat_adjust method);

#endif
