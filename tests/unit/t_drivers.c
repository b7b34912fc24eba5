/*
 * t_drivers.c -- lib/drivers against the verified vector of
 * ../shared/reference/drivers.md (to 1e-9), a direct Shapley sum over
 * subsets, and the properties LMG must have (shares add up to R^2,
 * symmetry for identical predictors, invariance under reordering).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "drivers.h"
#include "t.h"

/* drivers.md: 20 respondents, x1 csat 1-5, x2 ces 1-7, x3 csat 1-5,
 * y nps 0-10. */
static const int vec[20][4] = {
	{ 1, 4, 1, 5 }, { 4, 3, 4, 6 }, { 4, 2, 4, 5 }, { 3, 7, 2, 6 },
	{ 3, 6, 1, 7 }, { 5, 5, 5, 10 }, { 1, 3, 3, 2 }, { 4, 6, 5, 7 },
	{ 2, 4, 4, 3 }, { 1, 4, 4, 4 }, { 3, 4, 4, 6 }, { 5, 2, 1, 7 },
	{ 4, 1, 2, 4 }, { 4, 4, 3, 7 }, { 4, 7, 3, 8 }, { 4, 1, 1, 5 },
	{ 3, 7, 3, 8 }, { 1, 6, 1, 4 }, { 5, 2, 4, 7 }, { 3, 5, 4, 6 }
};

static const double want_r[3] = { 0.684012779991, 0.389242193107,
	0.215585122654 };
static const double want_lo[3] = { 0.346319360051, -0.064365381878,
	-0.250868764704 };
static const double want_hi[3] = { 0.864774945854, 0.709545374130,
	0.600789999853 };
static const double want_lmg[3] = { 0.540836686355, 0.239679758319,
	0.021997169099 };
static const double want_pct[3] = { 67.3928363423, 29.8661298956,
	2.7410337621 };
static const double want_r2 = 0.802513613773;

/* Correlation matrix of the vector's columns (y last) from sums. */
static void
vector_matrix(double *R, const double *w)
{
	struct drivers_sums s;
	int a, b, i;

	for (a = 0; a < 4; a++)
		for (b = 0; b < 4; b++) {
			memset(&s, 0, sizeof(s));
			for (i = 0; i < 20; i++)
				drivers_sums_add(&s, vec[i][a], vec[i][b],
				    w != NULL ? w[i] : 1);
			R[a * 4 + b] = a == b ? 1 : drivers_r(&s);
		}
}

static void
test_vector(void)
{
	struct drivers_sums s;
	struct drivers_work *w = drivers_work_new(4);
	double R[16], share[3], r2, lo, hi, tot = 0;
	int j, i;

	for (j = 0; j < 3; j++) {
		memset(&s, 0, sizeof(s));
		for (i = 0; i < 20; i++)
			drivers_sums_add(&s, vec[i][j], vec[i][3], 1);
		T_NEAR(drivers_r(&s), want_r[j], 1e-9);
		T_CHECK(drivers_fisher_ci(drivers_r(&s), 20, 0.95, &lo,
		    &hi) == 0);
		T_NEAR(lo, want_lo[j], 1e-9);
		T_NEAR(hi, want_hi[j], 1e-9);
	}
	vector_matrix(R, NULL);
	T_CHECK(drivers_psd(R, 4, NULL, w) == 0);	/* complete cases */
	T_CHECK(drivers_lmg(R, 4, share, &r2, w) == 0);
	T_NEAR(r2, want_r2, 1e-9);
	for (j = 0; j < 3; j++) {
		T_NEAR(share[j] * r2, want_lmg[j], 1e-9);
		T_NEAR(share[j] * 100, want_pct[j], 1e-9);
		tot += share[j];
	}
	T_NEAR(tot, 1, 1e-12);
	/* Johnson's weights: the same R^2, shares close to LMG's */
	T_CHECK(drivers_relweights(R, 4, share, &r2, w) == 0);
	T_NEAR(r2, want_r2, 1e-9);
	for (j = 0; j < 3; j++)
		T_NEAR(share[j] * 100, want_pct[j], 5);
	drivers_work_free(w);
}

/* R^2(S) by solving R_SS b = r_Sy (GSL Cholesky), 0 for S empty. */
static double
r2_direct(const double *R, size_t m, unsigned S)
{
	size_t k = m - 1, i, j, n = 0, idx[32];
	gsl_matrix *A;
	gsl_vector *b, *x;
	double r2 = 0;

	for (i = 0; i < k; i++)
		if (S & 1u << i)
			idx[n++] = i;
	if (n == 0)
		return 0;
	A = gsl_matrix_alloc(n, n);
	b = gsl_vector_alloc(n);
	x = gsl_vector_alloc(n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++)
			gsl_matrix_set(A, i, j, R[idx[i] * m + idx[j]]);
		gsl_vector_set(b, i, R[idx[i] * m + k]);
	}
	if (gsl_linalg_cholesky_decomp1(A) == 0 &&
	    gsl_linalg_cholesky_solve(A, b, x) == 0)
		for (i = 0; i < n; i++)
			r2 += gsl_vector_get(x, i) * gsl_vector_get(b, i);
	else
		r2 = NAN;
	gsl_matrix_free(A);
	gsl_vector_free(b);
	gsl_vector_free(x);
	return r2;
}

/* The Shapley value by its definition: sum over S not holding j of
 * |S|! (k - |S| - 1)! / k! (R2(S + j) - R2(S)). */
static void
lmg_direct(const double *R, size_t m, double *lmg)
{
	size_t k = m - 1, j, s, i;
	unsigned S;
	double wt, f;

	for (j = 0; j < k; j++) {
		lmg[j] = 0;
		for (S = 0; S < 1u << k; S++) {
			if (S & 1u << j)
				continue;
			for (s = 0, i = 0; i < k; i++)
				s += (S >> i) & 1;
			for (wt = 1, f = 1; f <= (double)s; f++)
				wt *= f;
			for (f = 1; f <= (double)(k - s - 1); f++)
				wt *= f;
			for (f = 1; f <= (double)k; f++)
				wt /= f;
			lmg[j] += wt * (r2_direct(R, m, S | 1u << j) -
			    r2_direct(R, m, S));
		}
	}
}

/* A random correlation matrix: the correlations of n random draws. */
static void
random_corr(double *R, size_t m, unsigned seed)
{
	double x[200][12];
	struct drivers_sums s;
	size_t a, b, i;

	srand(seed);
	for (i = 0; i < 200; i++)
		for (a = 0; a < m; a++) {
			x[i][a] = (double)(rand() % 7);
			if (a > 0)
				x[i][a] += 0.6 * x[i][a - 1];
		}
	for (a = 0; a < m; a++)
		for (b = 0; b < m; b++) {
			memset(&s, 0, sizeof(s));
			for (i = 0; i < 200; i++)
				drivers_sums_add(&s, x[i][a], x[i][b], 1);
			R[a * m + b] = a == b ? 1 : drivers_r(&s);
		}
}

static void
test_random(void)
{
	double R[144], P[144], share[12], lmg[12], sp[12], r2, r2p, tot;
	size_t m, j, i, perm[12];
	struct drivers_work *w = drivers_work_new(12);
	unsigned seed;

	for (seed = 1; seed <= 6; seed++)
		for (m = 2; m <= 9; m += 7 - (seed % 3) * 2) {
			random_corr(R, m, seed * 31 + (unsigned)m);
			T_CHECK(drivers_lmg(R, m, share, &r2, w) == 0);
			T_NEAR(r2, r2_direct(R, m, (1u << (m - 1)) - 1), 1e-12);
			lmg_direct(R, m, lmg);
			for (tot = 0, j = 0; j + 1 < m; j++) {
				T_NEAR(share[j] * r2, lmg[j], 1e-12);
				tot += share[j];
			}
			T_NEAR(tot, 1, 1e-12);
			/* reordering the predictors reorders the shares */
			for (j = 0; j + 1 < m; j++)
				perm[j] = m - 2 - j;
			perm[m - 1] = m - 1;
			for (i = 0; i < m; i++)
				for (j = 0; j < m; j++)
					P[i * m + j] = R[perm[i] * m + perm[j]];
			T_CHECK(drivers_lmg(P, m, sp, &r2p, w) == 0);
			T_NEAR(r2p, r2, 1e-12);
			for (j = 0; j + 1 < m; j++)
				T_NEAR(sp[j], share[perm[j]], 1e-12);
			/* Johnson's weights add up to the same R^2 */
			T_CHECK(drivers_relweights(R, m, sp, &r2p, w) == 0);
			T_NEAR(r2p, r2, 1e-9);
		}
	drivers_work_free(w);
}

/* The same question twice: R has two identical rows and columns. */
static void
test_collinear(void)
{
	double R4[16], R[25], share[4], r2;
	struct drivers_work *w = drivers_work_new(5);
	static const int from[5] = { 0, 1, 1, 2, 3 };	/* x1 x2 x2 x3 y */
	int i, j;

	vector_matrix(R4, NULL);
	for (i = 0; i < 5; i++)
		for (j = 0; j < 5; j++)
			R[i * 5 + j] = i == j ? 1 : R4[from[i] * 4 + from[j]];
	T_CHECK(drivers_psd(R, 5, NULL, w) == 0);
	T_CHECK(drivers_lmg(R, 5, share, &r2, w) == 0);
	T_NEAR(r2, want_r2, 1e-9);		/* nothing new explained */
	T_NEAR(share[1], share[2], 1e-12);	/* shared equally */
	T_CHECK(!isnan(share[0]) && !isnan(share[3]));
	T_NEAR(share[0] + share[1] + share[2] + share[3], 1, 1e-12);
	/* relweights with a singular matrix: no NaN either */
	T_CHECK(drivers_relweights(R, 5, share, &r2, w) == 0);
	T_NEAR(share[1], share[2], 1e-9);
	T_NEAR(r2, want_r2, 1e-9);
	drivers_work_free(w);
}

static void
test_degenerate(void)
{
	struct drivers_sums s;
	struct drivers_work *w = drivers_work_new(4);
	double lo, hi, share[3], r2;
	double R0[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
	/* not positive semi-definite: three variables pairwise -0.9 */
	double B[9] = { 1, -0.9, -0.9, -0.9, 1, -0.9, -0.9, -0.9, 1 };
	double me;
	int i;

	memset(&s, 0, sizeof(s));
	T_CHECK(isnan(drivers_r(&s)));			/* n = 0 */
	drivers_sums_add(&s, 3, 4, 1);
	T_CHECK(isnan(drivers_r(&s)));			/* n = 1 */
	drivers_sums_add(&s, 3, 5, 1);
	T_CHECK(isnan(drivers_r(&s)));			/* x constant */
	drivers_sums_add(&s, 4, 6, 1);
	T_NEAR(drivers_r(&s), 0.866025403784, 1e-9);
	T_CHECK(drivers_fisher_ci(drivers_r(&s), 3, 0.95, &lo, &hi) == -1);
	T_CHECK(isnan(lo) && isnan(hi));
	T_CHECK(drivers_fisher_ci(1, 10, 0.95, &lo, &hi) == 0);
	T_CHECK(lo == 1 && hi == 1);
	/* weighted constant x: rounding must not make a variance */
	memset(&s, 0, sizeof(s));
	for (i = 0; i < 7; i++)
		drivers_sums_add(&s, 3, i, 0.1 + 0.37 * i);
	T_CHECK(isnan(drivers_r(&s)));
	/* nothing explained: no shares */
	T_CHECK(drivers_lmg(R0, 3, share, &r2, w) == -1);
	T_CHECK(isnan(share[0]) && r2 == 0);
	T_CHECK(drivers_relweights(R0, 3, share, &r2, w) == -1);
	/* a matrix that is not PSD is repaired to one that is */
	T_CHECK(drivers_psd(B, 3, &me, w) == 1);
	T_NEAR(me, -0.8, 1e-12);
	T_NEAR(B[0], 1, 0);
	T_CHECK(drivers_psd(B, 3, &me, w) == 0);
	T_CHECK(me > -1e-12);
	T_CHECK(drivers_lmg(B, 3, share, &r2, w) == 0);
	T_CHECK(r2 >= 0 && r2 <= 1);
	drivers_work_free(w);
}

static void
test_bootstrap_tools(void)
{
	double sum = 0, sq = 0, v[5] = { 1, 2, 3, 4, 10 };
	size_t i, n = 200000, hist[8] = { 0 }, b;
	unsigned k;

	for (i = 0; i < n; i++) {
		k = drivers_poisson(42, (uint32_t)(i / 1000),
		    (uint32_t)(i % 1000));
		sum += k;
		sq += (double)k * k;
	}
	T_NEAR(sum / (double)n, 1, 0.01);		/* Poisson(1): mean 1 */
	T_NEAR(sq / (double)n - (sum / (double)n) * (sum / (double)n), 1,
	    0.02);					/* variance 1 */
	T_CHECK(drivers_poisson(42, 7, 9) == drivers_poisson(42, 7, 9));
	for (i = 0, k = 0; i < 100; i++)
		k += drivers_poisson(1, 3, (uint32_t)i) !=
		    drivers_poisson(2, 3, (uint32_t)i);
	T_CHECK(k > 30);				/* the seed matters */
	for (i = 0; i < 8000; i++) {
		char id[16];

		snprintf(id, sizeof(id), "R_%zu", i);
		b = drivers_bucket(id, strlen(id), 8);
		T_CHECK(b < 8);
		hist[b]++;
	}
	for (i = 0; i < 8; i++)
		T_CHECK(hist[i] > 850 && hist[i] < 1150);
	T_CHECK(drivers_bucket("x", 1, 1) == 0);
	T_NEAR(drivers_quantile(v, 5, 0.5), 3, 0);
	T_NEAR(drivers_quantile(v, 5, 0.975), 9.4, 1e-12);
	T_CHECK(isnan(drivers_quantile(v, 0, 0.5)));
}

/* Weighted r: a respondent of weight 2 counts as two of weight 1. */
static void
test_weighted(void)
{
	struct drivers_sums a, b;
	double w[20];
	int i, j;

	for (i = 0; i < 20; i++)
		w[i] = 1 + i % 3;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (i = 0; i < 20; i++) {
		drivers_sums_add(&a, vec[i][0], vec[i][3], w[i]);
		for (j = 0; j < (int)w[i]; j++)
			drivers_sums_add(&b, vec[i][0], vec[i][3], 1);
	}
	T_NEAR(drivers_r(&a), drivers_r(&b), 1e-12);
}

int
main(void)
{
	test_vector();
	test_random();
	test_collinear();
	test_degenerate();
	test_bootstrap_tools();
	test_weighted();
	return t_done("t_drivers");
}
