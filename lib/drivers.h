/*
 * drivers.h -- key-driver statistics: which predictors (touchpoint
 * scores) drive an outcome (the NPS), with intervals.
 *
 * Methods and sources: ../shared/reference/drivers.md, docs/methods.md
 * ("Key drivers").  Every function is pure (nothing printed, nothing
 * exits, GSL statuses checked); the ones that need scratch memory take a
 * struct drivers_work.
 *
 * The pieces, in the order cjm-drivers uses them:
 *
 *  - sums over respondents (struct drivers_sums) give a Pearson r
 *    (drivers_r) and its Fisher-z interval (drivers_fisher_ci);
 *  - a correlation matrix of predictors and outcome, assembled from
 *    pairwise sums, is made positive semi-definite (drivers_psd);
 *  - its R^2 is shared among the predictors by LMG, the Shapley value
 *    of R^2 over all 2^k subsets (drivers_lmg), or approximated by
 *    Johnson's relative weights (drivers_relweights);
 *  - the bootstrap reweights respondents in buckets (drivers_bucket) by
 *    Poisson(1) counts from a counter-based generator
 *    (drivers_poisson), and a percentile of the replicates
 *    (drivers_quantile) bounds each share.
 */
#ifndef DRIVERS_H
#define DRIVERS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Weighted sums over the respondents who answered both x and y (for a
 * variable alone, x = y): w = sum of weights, wx = sum w x, ... .  With
 * unit weights and whole scores every sum is a whole number, exact in a
 * double up to 2^53, so sums added in any order are the same bytes.
 */
struct drivers_sums {
	double	w, wx, wy, wxx, wyy, wxy;
};
#define DRIVERS_NSUMS	6	/* doubles in struct drivers_sums */

/* Adds one respondent's (x, y) with weight w. */
static inline void
drivers_sums_add(struct drivers_sums *s, double x, double y, double w)
{
	s->w += w;
	s->wx += w * x;
	s->wy += w * y;
	s->wxx += w * x * x;
	s->wyy += w * y * y;
	s->wxy += w * x * y;
}

/*
 * Pearson r of x and y from their sums, in [-1, 1]; NAN when it does not
 * exist: no weight, or x or y without variance (all answers alike).
 */
double		 drivers_r(const struct drivers_sums *);

/*
 * Fisher-z interval of r at level: tanh(atanh(r) -+ z / sqrt(n - 3)),
 * with n the number of respondents (weighted: Kish n_eff).  Returns 0;
 * -1 and NAN when r is NAN or n <= 3.  |r| = 1 gives [r, r].
 */
int		 drivers_fisher_ci(double r, double n, double level,
		    double *lo, double *hi);

/*
 * Scratch memory for matrices of up to m x m (m = predictors + 1):
 * drivers_work_new() allocates it (it dies on out-of-memory, as
 * xmalloc), drivers_work_free(NULL) is a no-op.  One work per thread.
 */
struct drivers_work;
struct drivers_work *drivers_work_new(size_t m);
void		 drivers_work_free(struct drivers_work *);

/*
 * Makes the symmetric m x m matrix R (row-major, unit diagonal: a
 * correlation matrix) positive definite when it is not even semi-
 * definite: when its smallest eigenvalue is below -1e-12 (pairwise
 * correlations from different sets of respondents need not be
 * consistent), the eigenvalues below DRIVERS_PSD_FLOOR are raised to it
 * and the result rescaled to a unit diagonal.  Not to 0: a repaired
 * matrix that is singular can make the outcome a combination of the
 * predictors, and R^2 a spurious 1.
 * Returns 1 when R was changed, 0 when not, -1 when the eigensolver
 * failed (R unchanged).  *min_eig (may be NULL): the smallest
 * eigenvalue before.
 */
#define DRIVERS_PSD_FLOOR	0.05
int		 drivers_psd(double *R, size_t m, double *min_eig,
		    struct drivers_work *);

/*
 * Relative importance of k = m - 1 predictors for an outcome, from the
 * m x m correlation matrix R (row-major; predictors 0..k-1, the outcome
 * last; positive semi-definite).  Writes share[j], predictor j's part of
 * R^2 as a fraction (the shares add up to 1), and *r2, the R^2 of all k
 * predictors.  Returns 0, or -1 when R^2 is 0 (nothing to share: shares
 * NAN).
 *
 * drivers_lmg(): LMG, the Shapley value of R^2 (Lindeman, Merenda and
 * Gold 1980; relaimpo's "lmg", rela = TRUE), exact over all 2^k
 * subsets: a depth-first walk that includes or excludes one predictor
 * at a time, updating the Schur complement of the included ones (the
 * sweep operator), so each subset's R^2 costs O(k) on average.  A
 * predictor whose residual variance given the included ones is below
 * 1e-10 (collinear with them, e.g. the same question twice) adds
 * nothing there: two identical predictors share their importance
 * equally.  k <= DRIVERS_LMG_MAX.
 *
 * drivers_relweights(): Johnson's (2000) relative weights, through the
 * eigendecomposition of the predictors' correlations (eigenvalues below
 * 1e-10 dropped: a pseudo-inverse for collinear predictors).
 */
#define DRIVERS_LMG_MAX	24
int		 drivers_lmg(const double *R, size_t m, double *share,
		    double *r2, struct drivers_work *);
int		 drivers_relweights(const double *R, size_t m, double *share,
		    double *r2, struct drivers_work *);

/*
 * The bucket (0 .. nbuckets-1; nbuckets a power of two) of a respondent
 * id: the top bits of a 64-bit hash of its bytes (FNV-1a, then the
 * SplitMix64 finaliser).  The same id always lands in the same bucket,
 * whatever shard reads it.
 */
size_t		 drivers_bucket(const char *id, size_t len, size_t nbuckets);

/*
 * The Poisson(1) count of bucket in bootstrap replicate rep: the uniform
 * number at position bucket * 2^32 + rep of the SplitMix64 stream keyed
 * by seed (a counter-based generator: any (bucket, rep) is drawn
 * directly, in any order, on any shard), turned into a count by the
 * inverse of the Poisson(1) distribution function (gsl_cdf_poisson_P).
 */
unsigned	 drivers_poisson(uint64_t seed, uint32_t bucket, uint32_t rep);

/*
 * The p-quantile of n sorted values (NANs excluded by the caller), by
 * linear interpolation between order statistics (R's type 7, GSL's
 * gsl_stats_quantile_from_sorted_data); NAN when n = 0.
 */
double		 drivers_quantile(const double *sorted, size_t n, double p);

#endif
