/*
 * stat.c -- confidence intervals, tests and multiplicity adjustment for
 * NPS, proportions and means, on top of GSL.
 *
 * Methods and sources are in docs/methods.md.  GSL's default error
 * handler aborts, and err_init() turning it off is a property of the
 * tools, not of this library.  So every GSL call here gets arguments for
 * which GSL raises no error: distribution functions only see valid
 * parameters, the root solver only sees a bracketing interval and a
 * function that returns finite values, and every solver status is
 * checked.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_result.h>

#include "stat.h"

#define ROOT_MAXITER	500
#define SCORE_STEPS	200	/* grid that brackets the score limits */

static const char *nps_names[] = { "adjusted-wald", "wald", "score" };
static const char *prop_names[] = { "wilson", "agresti-coull",
	"clopper-pearson", "jeffreys", "wald" };
static const char *adj_names[] = { "none", "bh", "holm", "bonferroni",
	"hochberg", "by" };

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
lookup(const char **names, size_t n, const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

int
stat_nps_method_parse(const char *name)
{
	return lookup(nps_names, NELEM(nps_names), name);
}

const char *
stat_nps_method_name(enum stat_nps_method m)
{
	return (unsigned)m < NELEM(nps_names) ? nps_names[m] : NULL;
}

int
stat_prop_method_parse(const char *name)
{
	return lookup(prop_names, NELEM(prop_names), name);
}

const char *
stat_prop_method_name(enum stat_prop_method m)
{
	return (unsigned)m < NELEM(prop_names) ? prop_names[m] : NULL;
}

int
stat_adjust_parse(const char *name)
{
	return lookup(adj_names, NELEM(adj_names), name);
}

const char *
stat_adjust_name(enum stat_adjust m)
{
	return (unsigned)m < NELEM(adj_names) ? adj_names[m] : NULL;
}

static int
level_ok(double level)
{
	return level > 0 && level < 1;	/* false for NAN too */
}

double
stat_zcrit(double level)
{
	if (!level_ok(level))
		return NAN;
	return gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
}

double
stat_tcrit(double level, double df)
{
	if (!level_ok(level) || !(df >= 1))
		return NAN;
	if (isinf(df))
		return stat_zcrit(level);
	return gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, df);
}

double
stat_p_z(double z)
{
	if (isnan(z))
		return NAN;
	return 2 * gsl_cdf_ugaussian_Q(fabs(z));
}

double
stat_p_t(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(df))
		return stat_p_z(t);
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

/*
 * Root finding.  GSL's Brent solver calls the error handler when the
 * function returns a non-finite value, so the wrapper hands it 0 instead
 * (which ends the search) and remembers that the result is void.
 */
struct rootfn {
	double	(*f)(double, void *);
	void	*arg;
	int	 bad;
};

static double
root_eval(double x, void *arg)
{
	struct rootfn *r = arg;
	double y;

	y = r->f(x, r->arg);
	if (!isfinite(y)) {
		r->bad = 1;
		return 0;
	}
	return y;
}

/*
 * Root of f in [lo, hi], given flo = f(lo) and fhi = f(hi) of opposite
 * signs (or one of them zero).  Returns 0 and *x, or -1.
 */
static int
brent(double (*f)(double, void *), void *arg, double lo, double hi,
    double flo, double fhi, double epsabs, double *x)
{
	gsl_root_fsolver *s;
	gsl_function F;
	struct rootfn r;
	double xlo, xhi;
	int i, status;

	*x = NAN;
	if (!isfinite(lo) || !isfinite(hi) || !(lo < hi) ||
	    !isfinite(flo) || !isfinite(fhi))
		return -1;
	if (flo == 0) {
		*x = lo;
		return 0;
	}
	if (fhi == 0) {
		*x = hi;
		return 0;
	}
	if ((flo < 0) == (fhi < 0))
		return -1;

	r.f = f;
	r.arg = arg;
	r.bad = 0;
	F.function = root_eval;
	F.params = &r;
	if ((s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent)) == NULL)
		return -1;
	if (gsl_root_fsolver_set(s, &F, lo, hi) != GSL_SUCCESS || r.bad) {
		gsl_root_fsolver_free(s);
		return -1;
	}
	status = GSL_CONTINUE;
	for (i = 0; i < ROOT_MAXITER && status == GSL_CONTINUE; i++) {
		if ((status = gsl_root_fsolver_iterate(s)) != GSL_SUCCESS ||
		    r.bad)
			break;
		xlo = gsl_root_fsolver_x_lower(s);
		xhi = gsl_root_fsolver_x_upper(s);
		status = gsl_root_test_interval(xlo, xhi, epsabs, 1e-14);
	}
	if (status == GSL_SUCCESS && !r.bad)
		*x = gsl_root_fsolver_root(s);
	gsl_root_fsolver_free(s);
	return status == GSL_SUCCESS && !r.bad ? 0 : -1;
}

/*
 * Continued fraction of the regularised incomplete beta I_x(a, b)
 * (DLMF 8.17.22), evaluated by the modified Lentz method, for
 * x < (a + 1) / (a + b + 2) where it converges.  GSL's own fraction
 * stops after 512 terms, and near the mean it needs about sqrt(a + b)
 * of them: from a + b of about a million, gsl_cdf_beta_P returns NaN on
 * ordinary Clopper-Pearson inputs (727747 of 1715916 at 0.975).  Here
 * the limit grows with a + b, up to a + b = BETA_CF_MAX (1.6e7 terms;
 * above it -1 at once: a + b of 1e300 from a Korn-Graubard n_eff made
 * one quantile take about 1e151 terms, found by fz_stat).  Returns 0
 * and *cf, or -1.
 */
#define BETA_CF_MAX	1e11

static int
beta_cf(double a, double b, double x, double *cf)
{
	const double tiny = 1e-300;
	double c, d, h, t, del, m, m2, maxit;

	if (!(a + b <= BETA_CF_MAX))
		return -1;
	maxit = 1000 + 50 * sqrt(a + b);
	c = 1;
	d = 1 - (a + b) * x / (a + 1);
	d = 1 / (fabs(d) < tiny ? tiny : d);
	h = d;
	for (m = 1; m <= maxit; m++) {
		m2 = 2 * m;
		t = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
		d = 1 + t * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + t / c;
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		t = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
		d = 1 + t * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + t / c;
		c = fabs(c) < tiny ? tiny : c;
		del = d * c;
		h *= del;
		if (fabs(del - 1) <= 2 * GSL_DBL_EPSILON) {
			*cf = h;
			return isfinite(h) ? 0 : -1;
		}
	}
	return -1;
}

/*
 * I_x(a, b) = x^a (1-x)^b / (a B(a, b)) times the continued fraction,
 * or 1 - I_{1-x}(b, a) above the mean, with GSL's ln B (status
 * checked).  NAN when the fraction does not converge.
 */
static double
beta_inc(double x, double a, double b)
{
	gsl_sf_result lb;
	double cf, pre;
	int flip;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	if ((flip = x >= (a + 1) / (a + b + 2))) {
		pre = a;
		a = b;
		b = pre;
		x = 1 - x;
	}
	if (gsl_sf_lnbeta_e(a, b, &lb) != GSL_SUCCESS ||
	    beta_cf(a, b, x, &cf) != 0)
		return NAN;
	pre = exp(a * log(x) + b * log1p(-x) - lb.val) / a;
	return flip ? 1 - pre * cf : pre * cf;
}

double
stat_beta_cdf(double x, double a, double b)
{
	double p;

	if (isnan(x) || !(a > 0) || !(b > 0) || isinf(a) || isinf(b))
		return NAN;
	/* GSL's incomplete beta where it converges; our continued fraction
	 * with a limit that grows with a + b where it does not. */
	if (!isnan(p = gsl_cdf_beta_P(x, a, b)))
		return p;
	return beta_inc(x, a, b);
}

struct betaq {
	double	p, a, b;
};

static double
betaq_f(double x, void *arg)
{
	struct betaq *q = arg;

	return stat_beta_cdf(x, q->a, q->b) - q->p;
}

int
stat_beta_quantile(double p, double a, double b, double *q)
{
	struct betaq bq;

	*q = NAN;
	if (isnan(p) || !(a > 0) || !(b > 0) || isinf(a) || isinf(b))
		return -1;
	if (p <= 0) {
		*q = 0;
		return 0;
	}
	if (p >= 1) {
		*q = 1;
		return 0;
	}
	bq.p = p;
	bq.a = a;
	bq.b = b;
	/* F(0) - p = -p < 0 and F(1) - p = 1 - p > 0: always a bracket.
	 * The tiny epsabs lets quantiles near 0 (x/n = 1/100000) be found
	 * to full relative precision. */
	return brent(betaq_f, &bq, 0, 1, -p, 1 - p, 1e-300, q);
}

static int
counts_ok(double a, double b, double c)
{
	return a >= 0 && b >= 0 && c >= 0 && isfinite(a + b + c);
}

double
stat_nps(double P, double N, double D)
{
	double n;

	if (!counts_ok(P, N, D) || (n = P + N + D) <= 0)
		return NAN;
	return (P - D) / n;
}

static double
nps_var_shares(double pp, double pd)
{
	double v;

	v = pp + pd - (pp - pd) * (pp - pd);
	return v > 0 ? v : 0;	/* rounding when all answers agree */
}

double
stat_nps_var(double P, double N, double D)
{
	double n;

	if (!counts_ok(P, N, D) || (n = P + N + D) <= 0)
		return NAN;
	return nps_var_shares(P / n, D / n);
}

static double
clip(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/*
 * Tango's score statistic for NPS = d, as used by Rocks (2016): q is the
 * detractor share that maximises the likelihood under the constraint
 * promoters - detractors = d.  The functions below are the numerator of
 * T(d) -/+ z times its denominator, which stays finite at d = +-1 where
 * T itself is 0/0.
 */
struct score {
	double	P, D, n, z;
	int	sign;		/* -1: T(d) = z (lower); +1: T(d) = -z */
};

static double
score_f(double d, void *arg)
{
	struct score *s = arg;
	double B, C, disc, q, v;

	B = -s->D - s->P + (2 * s->n - s->P + s->D) * d;
	C = -s->D * d * (1 - d);
	disc = B * B - 8 * s->n * C;
	q = (sqrt(disc > 0 ? disc : 0) - B) / (4 * s->n);
	v = s->n * (2 * q + d * (1 - d));
	return s->P - s->D - s->n * d + s->sign * s->z * sqrt(v > 0 ? v : 0);
}

/*
 * One limit of {d : |T(d)| <= z}, searched from the estimate towards
 * `end` (-1 or 1).  T is 0 at the estimate; the first grid point where
 * it passes z brackets the limit, which Brent then refines, so the
 * interval is the piece of the acceptance region around the estimate.
 * When T never passes z the limit is `end`.
 */
static int
score_limit(struct score *s, double est, double end, double *lim)
{
	double d0, d1, f0, f1, step;
	int k;

	step = (end - est) / SCORE_STEPS;
	d0 = est;
	f0 = score_f(d0, s);
	for (k = 1; k <= SCORE_STEPS; k++) {
		d1 = k == SCORE_STEPS ? end : est + k * step;
		f1 = score_f(d1, s);
		if (!isfinite(f1))
			return -1;
		/* lower: f = num - z se crosses 0 upwards as d falls;
		 * upper: f = num + z se crosses 0 downwards as d rises. */
		if ((s->sign < 0 && f1 > 0) || (s->sign > 0 && f1 < 0)) {
			/* When all answers fall in one category the
			 * standard error vanishes at the estimate and
			 * f(est) = 0, which Brent would take for the root;
			 * just inside, the square root dominates again. */
			if (f0 == 0) {
				d0 += (d1 - d0) * 1e-9;
				f0 = score_f(d0, s);
			}
			if (d1 < d0)
				return brent(score_f, s, d1, d0, f1, f0,
				    1e-14, lim);
			return brent(score_f, s, d0, d1, f0, f1, 1e-14, lim);
		}
		d0 = d1;
		f0 = f1;
	}
	*lim = end;
	return 0;
}

static int
nps_score_ci(double P, double N, double D, double z, double *lo, double *hi)
{
	struct score s;
	double est;

	s.P = P;
	s.D = D;
	s.n = P + N + D;
	s.z = z;
	est = (P - D) / s.n;
	if (D == s.n)
		*lo = -1;
	else {
		s.sign = -1;
		if (score_limit(&s, est, -1, lo) == -1)
			return -1;
	}
	if (P == s.n)
		*hi = 1;
	else {
		s.sign = 1;
		if (score_limit(&s, est, 1, hi) == -1)
			return -1;
	}
	return 0;
}

int
stat_nps_ci(double P, double N, double D, double level,
    enum stat_nps_method m, double *lo, double *hi)
{
	double n, z, c, se, np;

	*lo = *hi = NAN;
	if (!counts_ok(P, N, D) || (n = P + N + D) <= 0 || !level_ok(level))
		return -1;
	z = stat_zcrit(level);
	switch (m) {
	case STAT_NPS_ADJWALD:
		np = n + 3;
		c = (P - D) / np;
		se = sqrt(nps_var_shares((P + 0.75) / np, (D + 0.75) / np) /
		    np);
		break;
	case STAT_NPS_WALD:
		c = (P - D) / n;
		se = sqrt(nps_var_shares(P / n, D / n) / n);
		break;
	case STAT_NPS_SCORE:
		if (nps_score_ci(P, N, D, z, lo, hi) == -1) {
			*lo = *hi = NAN;
			return -1;
		}
		return 0;
	default:
		return -1;
	}
	*lo = clip(c - z * se, -1, 1);
	*hi = clip(c + z * se, -1, 1);
	return 0;
}

static void
wilson(double x, double n, double z, double *lo, double *hi)
{
	double p, z2, den, c, h;

	p = x / n;
	z2 = z * z;
	den = 1 + z2 / n;
	c = (p + z2 / (2 * n)) / den;
	h = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den;
	/* At x = 0 and x = n, c - h and c + h are 0 and 1 only up to
	 * rounding; the exact bound is what Wilson promises. */
	*lo = x == 0 ? 0 : clip(c - h, 0, 1);
	*hi = x == n ? 1 : clip(c + h, 0, 1);
}

int
stat_prop_ci(double x, double n, double level, enum stat_prop_method m,
    double *lo, double *hi)
{
	double a, z, p, nt, pt, se;

	*lo = *hi = NAN;
	if (!(n > 0) || isinf(n) || !(x >= 0) || x > n || !level_ok(level))
		return -1;
	z = stat_zcrit(level);
	a = 1 - level;
	p = x / n;
	switch (m) {
	case STAT_PROP_WILSON:
		wilson(x, n, z, lo, hi);
		return 0;
	case STAT_PROP_AC:
		nt = n + z * z;
		pt = (x + z * z / 2) / nt;
		se = sqrt(pt * (1 - pt) / nt);
		*lo = clip(pt - z * se, 0, 1);
		*hi = clip(pt + z * se, 0, 1);
		return 0;
	case STAT_PROP_CP:
		if (x == 0)
			*lo = 0;
		else if (stat_beta_quantile(a / 2, x, n - x + 1, lo) == -1)
			break;
		if (x == n)
			*hi = 1;
		else if (stat_beta_quantile(1 - a / 2, x + 1, n - x, hi) ==
		    -1)
			break;
		return 0;
	case STAT_PROP_JEFFREYS:
		if (stat_beta_quantile(a / 2, x + 0.5, n - x + 0.5, lo) ==
		    -1 || stat_beta_quantile(1 - a / 2, x + 0.5, n - x + 0.5,
		    hi) == -1)
			break;
		return 0;
	case STAT_PROP_WALD:
		se = sqrt(p * (1 - p) / n);
		*lo = clip(p - z * se, 0, 1);
		*hi = clip(p + z * se, 0, 1);
		return 0;
	default:
		break;
	}
	*lo = *hi = NAN;
	return -1;
}

/* logit(p) +- t(level, df) se / (p (1-p)), back-transformed. */
int
stat_prop_ci_xlogit(double p, double se, double df, double level,
    double *lo, double *hi)
{
	double eta, h, t;

	*lo = *hi = NAN;
	if (!(p > 0) || !(p < 1) || !(se > 0) || isinf(se) ||
	    !level_ok(level) || isnan(t = stat_tcrit(level, df)))
		return -1;
	eta = log(p / (1 - p));
	h = t * se / (p * (1 - p));
	*lo = 1 / (1 + exp(-(eta - h)));
	*hi = 1 / (1 + exp(-(eta + h)));
	return 0;
}

/* Korn-Graubard: Clopper-Pearson on (p n_eff, n_eff), n_eff = p (1-p) /
 * se^2 times (t(n-1) / t(df))^2, df = n - 1 (so the ratio is 1). */
int
stat_prop_ci_kg(double p, double se, double n, double level, double *lo,
    double *hi)
{
	double neff;

	*lo = *hi = NAN;
	if (!(p > 0) || !(p < 1) || !(se > 0) || isinf(se) || !(n >= 2) ||
	    isinf(n) || !level_ok(level))
		return -1;
	neff = p * (1 - p) / (se * se);
	if (!(neff > 0) || isinf(neff))
		return -1;
	return stat_prop_ci(p * neff, neff, level, STAT_PROP_CP, lo, hi);
}

int
stat_mean_ci(double mean, double sd, double n, double level, double *lo,
    double *hi)
{
	double h;

	*lo = *hi = NAN;
	if (!(n >= 2) || !isfinite(mean) || !(sd >= 0) || isinf(sd) ||
	    !level_ok(level))
		return -1;
	h = stat_tcrit(level, n - 1) * sd / sqrt(n);
	*lo = mean - h;
	*hi = mean + h;
	return 0;
}

/* Sum of the counts; NAN when a count is negative or not finite. */
static double
dist_n(const double *cnt, size_t k)
{
	double n;
	size_t i;

	n = 0;
	for (i = 0; i < k; i++) {
		if (!(cnt[i] >= 0) || isinf(cnt[i]))
			return NAN;
		n += cnt[i];
	}
	return n;
}

/*
 * The value of the first point with a positive count: the origin of the
 * sums below.  Summing cnt (value - origin) instead of cnt value makes
 * the mean exactly the common value when every count sits on points of
 * one value (9 x 0.1 x 5 / (9 x 0.1) is 5 - 1 ulp; 0 / w + 5 is 5), so
 * that the standard errors built on it are exactly 0 and no test
 * statistic grows out of rounding residue.
 */
static double
dist_origin(const double *value, const double *cnt, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (cnt[i] > 0)
			return value[i];
	return 0;
}

double
stat_dist_mean(const double *value, const double *cnt, size_t k)
{
	double n, s, y0;
	size_t i;

	if (!((n = dist_n(cnt, k)) > 0))
		return NAN;
	y0 = dist_origin(value, cnt, k);
	s = 0;
	for (i = 0; i < k; i++)
		if (cnt[i] > 0)
			s += cnt[i] * (value[i] - y0);
	return y0 + s / n;
}

double
stat_dist_sd(const double *value, const double *cnt, size_t k)
{
	double m, n, ss;
	size_t i;

	if (!((n = dist_n(cnt, k)) > 1))
		return NAN;
	m = stat_dist_mean(value, cnt, k);
	ss = 0;
	for (i = 0; i < k; i++)
		if (cnt[i] > 0)
			ss += cnt[i] * (value[i] - m) * (value[i] - m);
	return sqrt(ss / (n - 1));
}

/*
 * Smallest value greater than `after` that has a positive count, with
 * the total count of that value in *c (values may repeat and need not
 * be sorted; k is a handful of scale points, so k^2 is cheap).
 */
static int
dist_next(const double *value, const double *cnt, size_t k, double after,
    double *v, double *c)
{
	size_t i;
	int found;

	found = 0;
	for (i = 0; i < k; i++)
		if (cnt[i] > 0 && value[i] > after &&
		    (!found || value[i] < *v)) {
			*v = value[i];
			found = 1;
		}
	if (!found)
		return 0;
	*c = 0;
	for (i = 0; i < k; i++)
		if (cnt[i] > 0 && value[i] == *v)
			*c += cnt[i];
	return 1;
}

/*
 * The first point where the cumulative count reaches half of n; a
 * cumulative count within tol of n/2 is a tie (exactly half below and
 * half above: the two middle answers differ), which gives the midpoint
 * with the next occupied point.
 */
static double
median(const double *value, const double *cnt, size_t k, double tol)
{
	double n, cum, v, c, v2, c2;

	if (!((n = dist_n(cnt, k)) > 0))
		return NAN;
	tol *= n;
	cum = 0;
	v = -INFINITY;
	while (dist_next(value, cnt, k, v, &v, &c)) {
		cum += c;
		if (cum < n / 2 - tol)
			continue;
		if (fabs(cum - n / 2) <= tol &&
		    dist_next(value, cnt, k, v, &v2, &c2))
			return (v + v2) / 2;
		return v;
	}
	return NAN;	/* not reached: cum ends at n */
}

double
stat_dist_median(const double *value, const double *cnt, size_t k)
{
	return median(value, cnt, k, 0);
}

double
stat_dist_wmedian(const double *value, const double *w, size_t k)
{
	return median(value, w, k, STAT_WMEDIAN_TIE);
}

double
stat_wlin_se(const double *y, const double *c, const double *w,
    const double *q, size_t k, double *mean)
{
	double n, sw, swy, m, ss, y0;
	size_t i;

	if (mean != NULL)
		*mean = NAN;
	n = sw = swy = 0;
	y0 = dist_origin(y, w, k);
	for (i = 0; i < k; i++) {
		if (!(c[i] >= 0) || !(w[i] >= 0) || !(q[i] >= 0))
			return NAN;
		n += c[i];
		sw += w[i];
		if (w[i] > 0)
			swy += w[i] * (y[i] - y0);	/* see dist_origin */
	}
	if (!(sw > 0) || !isfinite(swy))
		return NAN;
	m = y0 + swy / sw;
	if (mean != NULL)
		*mean = m;
	if (!(n >= 2))
		return NAN;
	ss = 0;
	for (i = 0; i < k; i++)
		if (q[i] > 0)
			ss += q[i] * (y[i] - m) * (y[i] - m);
	return sqrt(n / (n - 1) * ss) / sw;
}

double
stat_kish_neff(double sumw, double sumw2)
{
	if (!(sumw2 > 0) || !isfinite(sumw) || isinf(sumw2))
		return NAN;
	return sumw * sumw / sumw2;
}

static int
test_nan(struct stat_test *t)
{
	t->diff = t->lo = t->hi = t->se = t->stat = t->df = t->p = NAN;
	return -1;
}

/*
 * A test whose standard error is 0: the difference is known and its
 * interval is that point, but there is no test statistic.
 */
static int
test_degenerate(struct stat_test *t, double diff)
{
	test_nan(t);
	t->diff = t->lo = t->hi = diff;
	t->se = 0;
	return -1;
}

/*
 * A difference whose standard error does not exist (a side with one
 * answer): the difference is still value_cur - value_prev, but there is
 * no interval and no test.
 */
static int
test_diffonly(struct stat_test *t, double diff)
{
	test_nan(t);
	t->diff = diff;
	return -1;
}

/* Fills the z-test fields of t from diff and se. */
static int
test_z(struct stat_test *t, double diff, double se, double level)
{
	double z;

	if (!isfinite(diff) || !(se >= 0) || isinf(se))
		return test_nan(t);
	if (se == 0)
		return test_degenerate(t, diff);
	z = stat_zcrit(level);
	t->diff = diff;
	t->se = se;
	t->lo = diff - z * se;
	t->hi = diff + z * se;
	t->stat = diff / se;
	t->df = NAN;
	t->p = stat_p_z(t->stat);
	return 0;
}

int
stat_nps_test(double P1, double N1, double D1, double P2, double N2,
    double D2, double level, enum stat_nps_method m, struct stat_test *t)
{
	double n1, n2, a, e1, e2, v1, v2;

	if (!counts_ok(P1, N1, D1) || !counts_ok(P2, N2, D2) ||
	    (n1 = P1 + N1 + D1) <= 0 || (n2 = P2 + N2 + D2) <= 0 ||
	    !level_ok(level))
		return test_nan(t);
	/* Rocks' nps_test adds (0.75, 1.5, 0.75) pseudo-observations per
	 * group; the plain Wald test adds none. */
	a = m == STAT_NPS_WALD ? 0 : 0.75;
	n1 += 4 * a;
	n2 += 4 * a;
	e1 = (P1 - D1) / n1;
	e2 = (P2 - D2) / n2;
	v1 = nps_var_shares((P1 + a) / n1, (D1 + a) / n1);
	v2 = nps_var_shares((P2 + a) / n2, (D2 + a) / n2);
	if (test_z(t, e1 - e2, sqrt(v1 / n1 + v2 / n2), level) == -1)
		return -1;
	t->lo = clip(t->lo, -2, 2);
	t->hi = clip(t->hi, -2, 2);
	return 0;
}

int
stat_prop_test(double x1, double n1, double x2, double n2, double level,
    struct stat_test *t)
{
	double p1, p2, pb, N, z, l1, u1, l2, u2, se, d;

	if (!(n1 > 0) || !(n2 > 0) || isinf(n1) || isinf(n2) ||
	    !(x1 >= 0) || !(x2 >= 0) || x1 > n1 || x2 > n2 ||
	    !level_ok(level))
		return test_nan(t);
	z = stat_zcrit(level);
	p1 = x1 / n1;
	p2 = x2 / n2;
	d = p1 - p2;
	/* Newcombe (1998) method 10: the Wilson limits of each proportion
	 * combined as if they were normal. */
	wilson(x1, n1, z, &l1, &u1);
	wilson(x2, n2, z, &l2, &u2);
	N = n1 + n2;
	pb = (x1 + x2) / N;
	/* The N-1 test is the pooled z test times sqrt((N-1)/N); putting
	 * the factor into the SE keeps stat = diff / se. */
	se = sqrt(pb * (1 - pb) * (1 / n1 + 1 / n2) * N / (N - 1));
	if (!(N > 1) || se == 0)
		test_degenerate(t, d);
	else {
		t->diff = d;
		t->se = se;
		t->stat = d / se;
		t->df = NAN;
		t->p = stat_p_z(t->stat);
	}
	t->lo = d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
	t->hi = d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
	return isnan(t->p) ? -1 : 0;
}

int
stat_welch(double m1, double sd1, double n1, double m2, double sd2,
    double n2, double level, struct stat_test *t)
{
	double a, b, se, df, tc;

	if (!(n1 >= 1) || !(n2 >= 1) || !isfinite(m1) || !isfinite(m2) ||
	    !level_ok(level))
		return test_nan(t);
	if (n1 < 2 || n2 < 2)		/* no sd on a side */
		return test_diffonly(t, m1 - m2);
	if (!(sd1 >= 0) || !(sd2 >= 0) || isinf(sd1) || isinf(sd2))
		return test_nan(t);
	a = sd1 * sd1 / n1;
	b = sd2 * sd2 / n2;
	se = sqrt(a + b);
	if (se == 0)
		return test_degenerate(t, m1 - m2);
	/* Welch-Satterthwaite df lies between min(n1, n2) - 1 and
	 * n1 + n2 - 2; the floor only undoes rounding (one sd = 0, n = 2),
	 * which would otherwise push it under 1 and lose the t quantile. */
	df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
	df = fmax(df, fmin(n1, n2) - 1);
	tc = stat_tcrit(level, df);
	t->diff = m1 - m2;
	t->se = se;
	t->df = df;
	t->stat = t->diff / se;
	t->p = stat_p_t(t->stat, df);
	t->lo = t->diff - tc * se;
	t->hi = t->diff + tc * se;
	return 0;
}

int
stat_z_test(double est1, double se1, double est2, double se2, double level,
    struct stat_test *t)
{
	if (!isfinite(est1) || !isfinite(est2) || !level_ok(level))
		return test_nan(t);
	if (isnan(se1) || isnan(se2))	/* a side with one answer */
		return test_diffonly(t, est1 - est2);
	if (!(se1 >= 0) || !(se2 >= 0))
		return test_nan(t);
	return test_z(t, est1 - est2, sqrt(se1 * se1 + se2 * se2), level);
}

struct pidx {
	double	p;
	size_t	i;
};

static int
pidx_cmp(const void *a, const void *b)
{
	const struct pidx *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;	/* stable, as R's order() */
}

/*
 * R's p.adjust (stats/R/p.adjust.R), on the non-NAN values sorted
 * ascending: s[0..m-1].  Step-down methods take a running maximum from
 * the smallest p, step-up methods a running minimum from the largest.
 */
int
stat_padjust(const double *p, double *adj, size_t m,
    enum stat_adjust method)
{
	struct pidx *s;
	size_t i, k, n;
	double q, v, run;

	if ((unsigned)method > STAT_ADJ_BY)
		return -1;
	if (m == 0)
		return 0;
	if ((s = malloc(m * sizeof(*s))) == NULL) {
		for (i = 0; i < m; i++)
			adj[i] = NAN;
		return -1;
	}
	for (n = i = 0; i < m; i++)
		if (!isnan(p[i])) {
			s[n].p = p[i];
			s[n++].i = i;
		}
	qsort(s, n, sizeof(*s), pidx_cmp);

	switch (method) {
	case STAT_ADJ_NONE:
		break;
	case STAT_ADJ_BONFERRONI:
		for (k = 0; k < n; k++)
			s[k].p = fmin(1, n * s[k].p);
		break;
	case STAT_ADJ_HOLM:
		run = -INFINITY;
		for (k = 0; k < n; k++) {
			v = (double)(n - k) * s[k].p;
			run = fmax(run, v);
			s[k].p = fmin(1, run);
		}
		break;
	case STAT_ADJ_HOCHBERG:
	case STAT_ADJ_BH:
	case STAT_ADJ_BY:
		q = 1;
		if (method == STAT_ADJ_BY)
			for (q = 0, k = 1; k <= n; k++)
				q += 1.0 / k;
		run = INFINITY;
		for (k = n; k-- > 0;) {
			if (method == STAT_ADJ_HOCHBERG)
				v = (double)(n - k) * s[k].p;
			else
				v = q * n / (k + 1) * s[k].p;
			run = fmin(run, v);
			s[k].p = fmin(1, run);
		}
		break;
	}
	/* Write through the index only now, so that adj may be p. */
	for (i = 0; i < m; i++)
		if (isnan(p[i]))
			adj[i] = NAN;
	for (k = 0; k < n; k++)
		adj[s[k].i] = s[k].p;
	free(s);
	return 0;
}
