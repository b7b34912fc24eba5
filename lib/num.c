/*
 * num.c -- see num.h.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

/* 10^0 .. 10^15, exact in a double. */
static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

int
num_parse_comma(const char *s, int comma_ok, double *v)
{
	char buf[128], *end;
	const char *p = s;
	size_t i = 0;
	int digits = 0, decimals = 0;
	unsigned long long m = 0;

	if (*p == '+' || *p == '-')
		buf[i++] = *p++;
	while (*p >= '0' && *p <= '9' && i < sizeof(buf) - 8) {
		m = m * 10 + (unsigned)(*p - '0');
		buf[i++] = *p++;
		digits++;
	}
	if (*p == '.' || (comma_ok && *p == ',')) {
		buf[i++] = '.';
		p++;
		while (*p >= '0' && *p <= '9' && i < sizeof(buf) - 8) {
			m = m * 10 + (unsigned)(*p - '0');
			buf[i++] = *p++;
			digits++;
			decimals++;
		}
	}
	if (digits == 0)
		return -1;
	if (*p == '\0' && digits <= 15) {
		/* m < 10^15 < 2^53 and 10^decimals are exact, so one
		 * division is the correctly rounded value, strtod's */
		*v = (double)m / pow10[decimals];
		if (s[0] == '-')
			*v = -*v;
		return 0;
	}
	if (*p == 'e' || *p == 'E') {
		buf[i++] = *p++;
		if (*p == '+' || *p == '-')
			buf[i++] = *p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9' && i < sizeof(buf) - 1)
			buf[i++] = *p++;
	}
	if (*p != '\0')
		return -1;
	buf[i] = '\0';
	errno = 0;
	*v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(*v))
		return -1;
	return 0;
}

int
num_parse(const char *s, double *v)
{
	return num_parse_comma(s, 0, v);
}

int
num_parse_long(const char *s, long lo, long hi, long *v)
{
	const char *p = s;
	long x = 0;
	int neg = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p == '\0')
		return -1;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (x > (LONG_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*p - '0');
	}
	if (neg)
		x = -x;
	if (x < lo || x > hi)
		return -1;
	*v = x;
	return 0;
}

char *
num_fmt(char *buf, size_t size, double v, int decimals)
{
	char *p;
	int n, prec, fit;

	if (size == 0)
		return buf;
	if (isnan(v)) {
		buf[0] = '\0';
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, size, "%s", v < 0 ? "-inf" : "inf");
		return buf;
	}
	/* Too long for buf (a huge number: 1e100 has 101 digits): fewer
	 * decimals, then the exponent form, never a truncated number
	 * (1e100 cut to 63 digits is 1e62). */
	if (decimals < 0)
		decimals = 0;
	while ((n = snprintf(buf, size, "%.*f", decimals, v)) < 0 ||
	    (size_t)n >= size) {
		if (n < 0 || decimals == 0) {
			/* the shortest that reads back the same, else the
			 * longest that fits */
			for (prec = 1, fit = 0; prec <= 17; prec++) {
				n = snprintf(buf, size, "%.*g", prec, v);
				if (n < 0 || (size_t)n >= size)
					break;
				fit = prec;
				if (strtod(buf, NULL) == v)
					return buf;
			}
			if (fit > 0)
				snprintf(buf, size, "%.*g", fit, v);
			else
				buf[0] = '\0';
			return buf;
		}
		decimals = (size_t)n - size + 1 >= (size_t)decimals ? 0 :
		    decimals - (int)((size_t)n - size + 1);
	}
	if (strchr(buf, '.') != NULL) {
		p = buf + strlen(buf) - 1;
		while (*p == '0')
			*p-- = '\0';
		if (*p == '.')
			*p = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	return buf;
}

char *
num_fmt_sig(char *buf, size_t size, double v)
{
	double a = fabs(v);

	/* (unless 6 digits round it up to 1e-9: then plain, so that what
	 * is printed prints the same when read back) */
	if (a > 0 && a < 1e-9) {
		snprintf(buf, size, "%.5e", v);
		if (fabs(strtod(buf, NULL)) < 1e-9)
			return buf;
	}
	return num_fmt(buf, size, v, a > 0 && a < 0.1 ?
	    5 - (int)floor(log10(a)) : 6);
}

char *
num_fmt_exact(char *buf, size_t size, double v)
{
	char d[24];
	unsigned long long u;
	size_t n = 0, k = 0;

	if (isnan(v)) {
		buf[0] = '\0';
		return buf;
	}
	/* a whole number of at most 17 digits is what %.17g prints: its
	 * digits (the sums of unweighted data are all such, and printf's
	 * exact conversion was most of writing a partial table) */
	if (v > -1e17 && v < 1e17 && v == (double)(long long)v &&
	    size >= 20) {
		u = v < 0 ? (unsigned long long)-(long long)v :
		    (unsigned long long)(long long)v;
		do
			d[n++] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (v < 0)
			buf[k++] = '-';
		while (n > 0)
			buf[k++] = d[--n];
		buf[k] = '\0';
		return buf;
	}
	snprintf(buf, size, "%.17g", v);
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	return buf;
}

char *
num_fmt_short(char *buf, size_t size, double v)
{
	char g[40], plain[40];
	int prec, e, dec, n;
	const char *x;

	if (isnan(v) || size == 0) {
		if (size > 0)
			buf[0] = '\0';
		return buf;
	}
	if (v == 0) {
		snprintf(buf, size, "0");
		return buf;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(g, sizeof(g), "%.*g", prec, v);
		if (strtod(g, NULL) == v)
			break;
	}
	snprintf(g, sizeof(g), "%.*e", prec - 1, v);	/* the exponent */
	x = strchr(g, 'e');
	e = x != NULL ? atoi(x + 1) : 0;
	dec = prec - 1 - e;
	if (dec < 0)
		dec = 0;
	n = snprintf(plain, sizeof(plain), "%.*f", dec, v);
	if (n > 0 && n <= 32 && strtod(plain, NULL) == v) {
		snprintf(buf, size, "%s", plain);
		return buf;
	}
	snprintf(buf, size, "%.*g", prec, v);
	return buf;
}
