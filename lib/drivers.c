/*
 * drivers.c -- see drivers.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>

#include "drivers.h"
#include "stat.h"
#include "xmalloc.h"

/* A residual variance (in correlation units) below this is collinear. */
#define TOL	1e-10

struct drivers_work {
	size_t		 m;		/* the largest matrix: m x m */
	double		*lev;		/* (m + 1) m x m Schur complements */
	double		*acc;		/* m: LMG sums */
	double		*wt;		/* m: subset-size weights */
	double		*tmp;		/* m x m */
};

struct drivers_work *
drivers_work_new(size_t m)
{
	struct drivers_work *w = xcalloc(1, sizeof(*w));

	if (m < 1)
		m = 1;
	w->m = m;
	if (m <= DRIVERS_LMG_MAX + 1)	/* only LMG walks */
		w->lev = xcalloc((m + 1) * m * m, sizeof(double));
	w->acc = xcalloc(m, sizeof(double));
	w->wt = xcalloc(m, sizeof(double));
	w->tmp = xcalloc(m * m, sizeof(double));
	return w;
}

void
drivers_work_free(struct drivers_work *w)
{
	if (w == NULL)
		return;
	free(w->lev);
	free(w->acc);
	free(w->wt);
	free(w->tmp);
	free(w);
}

double
drivers_r(const struct drivers_sums *s)
{
	double vx, vy, cov, r;

	if (!(s->w > 0))
		return NAN;
	vx = s->w * s->wxx - s->wx * s->wx;
	vy = s->w * s->wyy - s->wy * s->wy;
	/* Exactly 0 for whole scores and unit weights without variance;
	 * with other weights, rounding leaves a few ulps of the terms. */
	if (!(vx > 1e-12 * s->w * s->wxx) || !(vy > 1e-12 * s->w * s->wyy))
		return NAN;
	cov = s->w * s->wxy - s->wx * s->wy;
	r = cov / sqrt(vx * vy);
	return r > 1 ? 1 : r < -1 ? -1 : r;
}

int
drivers_fisher_ci(double r, double n, double level, double *lo, double *hi)
{
	double z, h, q;

	*lo = *hi = NAN;
	if (isnan(r) || !(n > 3) || !(level > 0 && level < 1))
		return -1;
	if (fabs(r) >= 1) {
		*lo = *hi = r;
		return 0;
	}
	q = stat_zcrit(level);
	z = atanh(r);
	h = q / sqrt(n - 3);
	*lo = tanh(z - h);
	*hi = tanh(z + h);
	return 0;
}

/*
 * The eigenvalues (ascending) and eigenvectors (columns of vec) of the
 * symmetric n x n matrix a (row-major).  0 ok, -1 GSL failed.
 */
static int
eigen(const double *a, size_t n, double *val, double *vec)
{
	gsl_eigen_symmv_workspace *ws;
	gsl_matrix *A, *V;
	gsl_vector *e;
	size_t i, j;
	int rc = -1;

	A = gsl_matrix_alloc(n, n);
	V = gsl_matrix_alloc(n, n);
	e = gsl_vector_alloc(n);
	ws = gsl_eigen_symmv_alloc(n);
	if (A == NULL || V == NULL || e == NULL || ws == NULL)
		goto out;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			gsl_matrix_set(A, i, j, a[i * n + j]);
	if (gsl_eigen_symmv(A, e, V, ws) != GSL_SUCCESS ||
	    gsl_eigen_symmv_sort(e, V, GSL_EIGEN_SORT_VAL_ASC) != GSL_SUCCESS)
		goto out;
	for (i = 0; i < n; i++) {
		val[i] = gsl_vector_get(e, i);
		for (j = 0; j < n; j++)
			vec[i * n + j] = gsl_matrix_get(V, i, j);
	}
	rc = 0;
out:
	gsl_eigen_symmv_free(ws);
	gsl_vector_free(e);
	gsl_matrix_free(V);
	gsl_matrix_free(A);
	return rc;
}

int
drivers_psd(double *R, size_t m, double *min_eig, struct drivers_work *w)
{
	double *val, *vec, s, *d;
	size_t i, j, l;

	(void)w;
	if (min_eig != NULL)
		*min_eig = NAN;
	if (m == 0)
		return 0;
	val = xcalloc(m, sizeof(*val));
	vec = xcalloc(m * m, sizeof(*vec));
	d = xcalloc(m, sizeof(*d));
	if (eigen(R, m, val, vec) != 0) {
		free(val);
		free(vec);
		free(d);
		return -1;
	}
	if (min_eig != NULL)
		*min_eig = val[0];
	if (val[0] >= -1e-12) {
		free(val);
		free(vec);
		free(d);
		return 0;
	}
	for (l = 0; l < m; l++)
		if (val[l] < DRIVERS_PSD_FLOOR)
			val[l] = DRIVERS_PSD_FLOOR;
	for (i = 0; i < m; i++)
		for (j = i; j < m; j++) {
			for (s = 0, l = 0; l < m; l++)
				s += vec[i * m + l] * val[l] * vec[j * m + l];
			R[i * m + j] = R[j * m + i] = s;
		}
	for (i = 0; i < m; i++)
		d[i] = R[i * m + i] > 1e-300 ? 1 / sqrt(R[i * m + i]) : 0;
	for (i = 0; i < m; i++)
		for (j = 0; j < m; j++)
			R[i * m + j] = i == j ? 1 : R[i * m + j] * d[i] * d[j];
	free(val);
	free(vec);
	free(d);
	return 1;
}

/* The walk over all subsets of the predictors (see drivers_lmg). */
struct walk {
	size_t		 k, m;		/* predictors; m = k + 1 */
	double		*lev;		/* Schur complements by depth */
	const double	*wt;		/* wt[s] = s! (k-s-1)! / k! */
	double		*acc;		/* acc[j]: sum over S containing j */
	double		 btot;		/* sum over S (|S| < k) of wt[|S|] R2 */
	double		 r2all;
};

/*
 * Decides predictors d..k-1 given M, the Schur complement of the
 * included predictors (upper triangle, rows >= d used).  s = how many
 * are included so far.  Returns the sum over the subtree's subsets S of
 * R2(S) (wt[|S|-1] + wt[|S|]), the terms of predictor j's LMG when j is
 * in S (acc), less the btot that every predictor pays.
 */
/* A subset of size s with R^2 = r2 (a leaf of the walk). */
static double
leaf(struct walk *c, size_t s, double r2)
{
	double t = 0;

	r2 = r2 < 0 ? 0 : r2 > 1 ? 1 : r2;
	if (s >= 1)
		t += c->wt[s - 1] * r2;
	if (s < c->k) {
		t += c->wt[s] * r2;
		c->btot += c->wt[s] * r2;
	} else
		c->r2all = r2;
	return t;
}

static double
walk(struct walk *c, size_t d, size_t s, const double *M)
{
	size_t i, j, k = c->k, m = c->m;
	double ex, in, piv, f, *N;

	piv = M[d * m + d];
	if (d + 1 == k) {	/* the last predictor: both leaves here */
		ex = leaf(c, s, 1 - M[k * m + k]);
		in = leaf(c, s + 1, piv > TOL ? 1 - (M[k * m + k] -
		    M[d * m + k] * M[d * m + k] / piv) : 1 - M[k * m + k]);
		c->acc[d] += in;
		return ex + in;
	}
	ex = walk(c, d + 1, s, M);
	if (piv > TOL) {
		N = c->lev + (d + 1) * m * m;
		for (i = d + 1; i <= k; i++) {
			f = M[d * m + i] / piv;
			for (j = i; j <= k; j++)
				N[i * m + j] = M[i * m + j] - f * M[d * m + j];
		}
		in = walk(c, d + 1, s + 1, N);
	} else	/* collinear with the included ones: adds nothing */
		in = walk(c, d + 1, s + 1, M);
	c->acc[d] += in;
	return ex + in;
}

int
drivers_lmg(const double *R, size_t m, double *share, double *r2,
    struct drivers_work *w)
{
	struct walk c;
	size_t j, k = m - 1, i;
	double b;

	*r2 = NAN;
	for (j = 0; j < k; j++)
		share[j] = NAN;
	if (m < 2 || k > DRIVERS_LMG_MAX || m > w->m)
		return -1;
	/* wt[s] = 1 / (k C(k-1, s)) */
	for (j = 0; j < k; j++) {
		for (b = 1, i = 1; i <= j; i++)
			b = b * (double)(k - i) / (double)i;
		w->wt[j] = 1 / ((double)k * b);
		w->acc[j] = 0;
	}
	memset(&c, 0, sizeof(c));
	c.k = k;
	c.m = m;
	c.lev = w->lev;
	c.wt = w->wt;
	c.acc = w->acc;
	for (i = 0; i < m; i++)
		for (j = i; j < m; j++)
			c.lev[i * m + j] = R[i * m + j];
	walk(&c, 0, 0, c.lev);
	*r2 = c.r2all;
	if (!(c.r2all > 1e-12))
		return -1;
	for (j = 0; j < k; j++)
		share[j] = (c.acc[j] - c.btot) / c.r2all;
	return 0;
}

int
drivers_relweights(const double *R, size_t m, double *share, double *r2,
    struct drivers_work *w)
{
	size_t k = m - 1, i, j, l;
	double *val, *vec, *beta, *lam, s, tot;
	int rc = -1;

	*r2 = NAN;
	for (j = 0; j < k; j++)
		share[j] = NAN;
	if (m < 2 || m > w->m)
		return -1;
	val = xcalloc(k, sizeof(*val));
	vec = xcalloc(k * k, sizeof(*vec));
	beta = xcalloc(k, sizeof(*beta));
	lam = w->tmp;			/* Lambda = V diag(sqrt val) V' */
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			lam[i * k + j] = R[i * m + j];
	if (eigen(lam, k, val, vec) != 0)
		goto out;
	/* beta = V diag(1/sqrt val) V' r_xy, over eigenvalues > TOL */
	for (i = 0; i < k; i++) {
		for (s = 0, l = 0; l < k; l++) {
			double vr = 0;

			if (!(val[l] > TOL))
				continue;
			for (j = 0; j < k; j++)
				vr += vec[j * k + l] * R[j * m + k];
			s += vec[i * k + l] * vr / sqrt(val[l]);
		}
		beta[i] = s;
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++) {
			for (s = 0, l = 0; l < k; l++)
				if (val[l] > TOL)
					s += vec[i * k + l] * sqrt(val[l]) *
					    vec[j * k + l];
			lam[i * k + j] = s;
		}
	tot = 0;
	for (j = 0; j < k; j++) {
		for (s = 0, i = 0; i < k; i++)
			s += lam[j * k + i] * lam[j * k + i] * beta[i] * beta[i];
		share[j] = s;
		tot += s;
	}
	*r2 = tot > 1 ? 1 : tot;
	if (!(tot > 1e-12)) {
		for (j = 0; j < k; j++)
			share[j] = NAN;
		goto out;
	}
	for (j = 0; j < k; j++)
		share[j] /= tot;
	rc = 0;
out:
	free(val);
	free(vec);
	free(beta);
	return rc;
}

/* The SplitMix64 output function (Steele, Lea and Flood 2014). */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

size_t
drivers_bucket(const char *id, size_t len, size_t nbuckets)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i, bits = 0;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)id[i];
		h *= 0x100000001b3ULL;
	}
	h = mix64(h);
	while (((size_t)1 << bits) < nbuckets)
		bits++;
	return bits == 0 ? 0 : (size_t)(h >> (64 - bits));
}

unsigned
drivers_poisson(uint64_t seed, uint32_t bucket, uint32_t rep)
{
	uint64_t n = (uint64_t)bucket << 32 | rep;
	double u, p, F;
	unsigned k;

	u = (double)(mix64(mix64(seed) + (n + 1) * 0x9e3779b97f4a7c15ULL) >>
	    11) * 0x1.0p-53;
	/* the inverse of the Poisson(1) distribution function: the pmf
	 * e^-1 / k! summed until it passes u */
	p = F = exp(-1.0);
	for (k = 0; u >= F && k < 40; ) {
		k++;
		p /= k;
		F += p;
	}
	return k;
}

double
drivers_quantile(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return NAN;
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}
