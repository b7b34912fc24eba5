/*
 * t.h -- a minimal unit-test harness (MinUnit-sized).
 *
 *	T_CHECK(cond)			fails the test, continues
 *	T_NEAR(got, want, tol)		|got - want| <= tol
 *	T_STREQ(got, want)
 *	return t_done("name");		prints "name: N passed, N failed"
 * A test binary exits 0 when every check passed, 1 otherwise.
 */
#ifndef T_H
#define T_H
#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define T_CHECK(c) do {							\
	if (c) t_pass++;						\
	else { t_fail++; fprintf(stderr, "%s:%d: check failed: %s\n",	\
	    __FILE__, __LINE__, #c); }					\
} while (0)

#define T_NEAR(got, want, tol) do {					\
	double t_g_ = (got), t_w_ = (want);				\
	if (fabs(t_g_ - t_w_) <= (tol) || (isnan(t_g_) && isnan(t_w_)))	\
		t_pass++;						\
	else { t_fail++; fprintf(stderr, "%s:%d: %s = %.12g, want %.12g\n", \
	    __FILE__, __LINE__, #got, t_g_, t_w_); }			\
} while (0)

#define T_STREQ(got, want) do {						\
	const char *t_g_ = (got), *t_w_ = (want);			\
	if (t_g_ != NULL && strcmp(t_g_, t_w_) == 0) t_pass++;		\
	else { t_fail++; fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n", \
	    __FILE__, __LINE__, #got, t_g_ ? t_g_ : "(null)", t_w_); }	\
} while (0)

static int
t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
	return t_fail != 0;
}
#endif
