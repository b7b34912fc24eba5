/*
 * fz_stat.c -- libFuzzer harness for lib/stat: every function on
 * doubles taken from the input (counts, NAN, INFINITY, huge, negative,
 * denormal): no crash, no undefined behaviour, no hang.  Built by
 * tests/fuzz/run.sh.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "stat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double
num(const uint8_t **p, const uint8_t *end)
{
	static const double special[] = { 0, 1, 2, 3, -1, 0.5, 30, 1e6,
		1e300, -1e300, 4.9e-324, NAN, INFINITY, -INFINITY, 0.95,
		0.999999, 1 - 1e-16, 1e-300, 100, 1000 };
	double v;

	if (*p >= end)
		return 1;
	if (**p < 200) {
		v = special[**p % 20];
		(*p)++;
		return v;
	}
	(*p)++;
	if (end - *p < (long)sizeof(v))
		return 7;
	memcpy(&v, *p, sizeof(v));
	*p += sizeof(v);
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + 1, *end = data + size;
	double a[12], y[11], c[11], w[11], q[11], lo, hi, mean, adj[11];
	struct stat_test t;
	size_t i, k;
	int m;

	if (size < 1)
		return 0;
	gsl_set_error_handler_off();	/* as err_init() does in the tools */
	m = data[0];
	for (i = 0; i < 12; i++)
		a[i] = num(&p, end);
	k = (size_t)(m % 12);
	for (i = 0; i < 11; i++) {
		y[i] = (double)i;
		c[i] = num(&p, end);
		w[i] = num(&p, end);
		q[i] = num(&p, end);
	}
	(void)stat_zcrit(a[0]);
	(void)stat_tcrit(a[0], a[1]);
	(void)stat_p_z(a[2]);
	(void)stat_p_t(a[2], a[3]);
	(void)stat_beta_quantile(a[4], a[5], a[6], &lo);
	(void)stat_nps(a[0], a[1], a[2]);
	(void)stat_nps_var(a[0], a[1], a[2]);
	(void)stat_nps_ci(a[3], a[4], a[5], a[6], (enum stat_nps_method)(m % 3),
	    &lo, &hi);
	(void)stat_prop_ci(a[7], a[8], a[9], (enum stat_prop_method)(m % 5),
	    &lo, &hi);
	(void)stat_mean_ci(a[0], a[1], a[2], a[3], &lo, &hi);
	(void)stat_dist_mean(y, c, k);
	(void)stat_dist_sd(y, c, k);
	(void)stat_dist_median(y, c, k);
	(void)stat_wlin_se(y, c, w, q, k, &mean);
	(void)stat_kish_neff(a[10], a[11]);
	(void)stat_nps_test(a[0], a[1], a[2], a[3], a[4], a[5], a[6],
	    (enum stat_nps_method)(m % 3), &t);
	(void)stat_prop_test(a[7], a[8], a[9], a[10], a[11], &t);
	(void)stat_welch(a[0], a[1], a[2], a[3], a[4], a[5], a[6], &t);
	(void)stat_z_test(a[7], a[8], a[9], a[10], a[11], &t);
	(void)stat_padjust(c, adj, k, (enum stat_adjust)(m % 6));
	return 0;
}
