/*
 * t_num.c -- number parsing and formatting in the interchange format.
 */
#include <math.h>

#include "num.h"
#include "t.h"

int
main(void)
{
	char b[64];
	double v;
	long l;

	T_CHECK(num_parse("4.5", &v) == 0 && v == 4.5);
	T_CHECK(num_parse("-3", &v) == 0 && v == -3);
	T_CHECK(num_parse("1e3", &v) == 0 && v == 1000);
	T_CHECK(num_parse(".5", &v) == 0 && v == 0.5);
	T_CHECK(num_parse("", &v) == -1);
	T_CHECK(num_parse(" 4.5", &v) == -1);	/* no spaces, either side */
	T_CHECK(num_parse("4.5 ", &v) == -1);
	T_CHECK(num_parse("4,5", &v) == -1);
	T_CHECK(num_parse_comma("4,5", 1, &v) == 0 && v == 4.5);
	T_CHECK(num_parse("nan", &v) == -1);
	T_CHECK(num_parse("inf", &v) == -1);
	T_CHECK(num_parse("0x10", &v) == -1);
	T_CHECK(num_parse("1e", &v) == -1);
	T_CHECK(num_parse("-", &v) == -1);
	T_CHECK(num_parse("1e999", &v) == -1);
	T_CHECK(num_parse_long("10", 0, 10, &l) == 0 && l == 10);
	T_CHECK(num_parse_long("11", 0, 10, &l) == -1);
	T_CHECK(num_parse_long("7.0", 0, 10, &l) == -1);
	T_CHECK(num_parse_long("", 0, 10, &l) == -1);
	T_CHECK(num_parse_long("99999999999999999999999", 0, 10, &l) == -1);
	T_STREQ(num_fmt(b, sizeof(b), 29.126213592233, 6), "29.126214");
	T_STREQ(num_fmt(b, sizeof(b), 30.0, 6), "30");
	T_STREQ(num_fmt(b, sizeof(b), -0.0000001, 6), "0");
	T_STREQ(num_fmt(b, sizeof(b), 0.5, 6), "0.5");
	T_STREQ(num_fmt(b, sizeof(b), NAN, 6), "");
	/* 6 significant digits below 0.1, exponent form below 1e-9 (weight
	 * sums of tiny weights printed as 0 before, issue 10). */
	T_STREQ(num_fmt_sig(b, sizeof(b), 12.5), "12.5");
	T_STREQ(num_fmt_sig(b, sizeof(b), 0.123456789), "0.123457");
	T_STREQ(num_fmt_sig(b, sizeof(b), 0.0123456789), "0.0123457");
	T_STREQ(num_fmt_sig(b, sizeof(b), 2e-7), "0.0000002");
	T_STREQ(num_fmt_sig(b, sizeof(b), 1.234567e-9), "0.00000000123457");
	T_STREQ(num_fmt_sig(b, sizeof(b), 2e-150), "2.00000e-150");
	T_STREQ(num_fmt_sig(b, sizeof(b), 1.7421949e-12), "1.74219e-12");
	T_STREQ(num_fmt_sig(b, sizeof(b), 0), "0");
	T_STREQ(num_fmt_sig(b, sizeof(b), NAN), "");
	{
		/* What is printed reads back as itself. */
		double y, x[] = { 3e-151, 7.123456789e-8, 0.09999999,
		    1e-9, 9.9999999e-10, 4.2e-300 };
		char b2[64];
		size_t i;

		for (i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
			num_fmt_sig(b, sizeof(b), x[i]);
			T_CHECK(num_parse(b, &y) == 0 && y > 0);
			T_STREQ(num_fmt_sig(b2, sizeof(b2), y), b);
		}
	}
	T_STREQ(num_fmt(b, sizeof(b), -INFINITY, 6), "-inf");
	/* too long for the buffer: never a truncated (wrong) number */
	T_STREQ(num_fmt(b, sizeof(b), 1e100, 12), "1e+100");
	T_STREQ(num_fmt(b, sizeof(b), -2e200, 6), "-2e+200");
	T_CHECK(num_parse(num_fmt(b, sizeof(b), 123456789e60, 6), &v) == 0 &&
	    v == 123456789e60);
	T_STREQ(num_fmt(b, sizeof(b), 1e55, 12),	/* 56 digits fit */
	    "10000000000000000102350670204085511496304388135324745728");
	T_STREQ(num_fmt(b, 8, 1234.56789, 6), "1234.57");
	T_STREQ(num_fmt(b, 8, 123456789, 6), "1.2e+08");
	T_STREQ(num_fmt(b, 8, 100000000, 6), "1e+08");
	T_STREQ(num_fmt(b, 4, 123456789, 6), "");
	T_STREQ(num_fmt(b, 64, 1e-320, 6), "0");
	/* whole numbers take a path of their own: the same bytes as %.17g */
	{
		static const double w[] = { 0, -0.0, 1, -1, 9, 10, 99, 100,
		    123456789, -987654321, 4294967296.0, 9007199254740992.0,
		    -9007199254740993.0, 99999999999999984.0, 1e16, -1e16,
		    1e17, -1e17, 1e18, 123456789012345678.0, 0.5, -2.5 };
		char want[40];
		size_t k;
		unsigned long long x = 88172645463325252ULL;
		int same = 1;

		for (k = 0; k < sizeof(w) / sizeof(w[0]); k++) {
			snprintf(want, sizeof(want), "%.17g", w[k]);
			if (strcmp(want, "-0") == 0)
				strcpy(want, "0");
			T_STREQ(num_fmt_exact(b, sizeof(b), w[k]), want);
		}
		for (k = 0; k < 200000 && same; k++) {	/* xorshift64 */
			double r;

			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			r = (double)(long long)(x >> (k % 60)) *
			    (k & 1 ? -1 : 1) / (k % 3 == 0 ? 1 : 1 << (k % 5));
			snprintf(want, sizeof(want), "%.17g", r);
			if (strcmp(want, "-0") == 0)
				strcpy(want, "0");
			same = strcmp(num_fmt_exact(b, sizeof(b), r), want) == 0;
		}
		T_CHECK(same);	/* = %.17g on 200000 numbers */
	}
	T_STREQ(num_fmt_exact(b, sizeof(b), 12.5), "12.5");
	T_CHECK(num_parse(num_fmt_exact(b, sizeof(b), 0.1 + 0.2), &v) == 0 &&
	    v == 0.1 + 0.2);
	/* Shortest round trip, plain where it fits (issue 9 item 8: a
	 * weight of 1e-13 was written as 0). */
	T_STREQ(num_fmt_short(b, sizeof(b), 1e-13), "0.0000000000001");
	T_STREQ(num_fmt_short(b, sizeof(b), 0.1), "0.1");
	T_STREQ(num_fmt_short(b, sizeof(b), 1.5), "1.5");
	T_STREQ(num_fmt_short(b, sizeof(b), 2), "2");
	T_STREQ(num_fmt_short(b, sizeof(b), -0.0), "0");
	T_STREQ(num_fmt_short(b, sizeof(b), NAN), "");
	T_STREQ(num_fmt_short(b, sizeof(b), 0.1 + 0.2), "0.30000000000000004");
	T_STREQ(num_fmt_short(b, sizeof(b), 2.5e20), "250000000000000000000");
	T_STREQ(num_fmt_short(b, sizeof(b), 1e-300), "1e-300");
	T_STREQ(num_fmt_short(b, sizeof(b), 1e100), "1e+100");
	T_STREQ(num_fmt_short(b, sizeof(b), 5e-324), "5e-324");
	T_STREQ(num_fmt_short(b, sizeof(b), 1.7976931348623157e308),
	    "1.7976931348623157e+308");
	T_STREQ(num_fmt_short(b, sizeof(b), 1.0 / 3), "0.3333333333333333");
	{
		/* Every double of a spread of magnitudes reads back exactly. */
		double x = 1e-320, y;
		int k, ok = 1;

		for (k = 0; k < 2000; k++, x *= 1.4142135623730951 + k * 1e-9) {
			if (num_parse(num_fmt_short(b, sizeof(b), x), &y) != 0 ||
			    y != x || num_parse(num_fmt_short(b, sizeof(b), -x),
			    &y) != 0 || y != -x) {
				fprintf(stderr, "num_fmt_short(%.17g): %s\n", x,
				    b);
				ok = 0;
				break;
			}
			if (!isfinite(x * 1.5))
				break;
		}
		T_CHECK(ok);
	}
	return t_done("num");
}
