/*
 * t_period.c -- time parsing and period labels, ISO weeks at year ends.
 */
#include "period.h"
#include "t.h"

static const char *
label(const char *s, enum period_unit u)
{
	static char buf[16];
	struct period_time t;

	if (period_parse(s, 1, &t, NULL) != 0)
		return "(bad)";
	period_label(&t, u, buf);
	return buf;
}

int
main(void)
{
	struct period_time t;
	int has, wy, w;

	T_CHECK(period_parse("2026-11-05T10:20:30", 0, &t, &has) == 0 &&
	    has == 1 && t.y == 2026 && t.mon == 11 && t.d == 5 && t.h == 10 &&
	    t.min == 20 && t.s == 30);
	T_CHECK(period_parse("2026-11-05", 0, &t, NULL) == -1);
	T_CHECK(period_parse("2026-11-05", 1, &t, &has) == 0 && has == 0 &&
	    t.h == 0);
	T_CHECK(period_parse("", 1, &t, NULL) == -1);
	T_CHECK(period_parse("2026-02-29", 1, &t, NULL) == -1);
	T_CHECK(period_parse("2028-02-29", 1, &t, NULL) == 0);
	T_CHECK(period_parse("2100-02-29", 1, &t, NULL) == -1);
	T_CHECK(period_parse("2000-02-29", 1, &t, NULL) == 0);
	T_CHECK(period_parse("2026-13-01", 1, &t, NULL) == -1);
	T_CHECK(period_parse("2026-04-31", 1, &t, NULL) == -1);
	T_CHECK(period_parse("2026-11-05T24:00:00", 0, &t, NULL) == -1);
	T_CHECK(period_parse("2026-11-05 10:20:30", 0, &t, NULL) == -1);
	T_CHECK(period_parse("2026-11-05T10:20:3x", 0, &t, NULL) == -1);
	T_CHECK(period_parse("0999-11-05", 1, &t, NULL) == -1);
	T_CHECK(period_parse("2026-1-05", 1, &t, NULL) == -1);
	period_parse("2026-11-05T10:20:30", 0, &t, NULL);
	T_CHECK(period_key(&t) == 20261105102030LL);

	T_CHECK(period_weekday(2026, 11, 25) == 3);	/* a Wednesday */
	T_CHECK(period_weekday(1970, 1, 1) == 4);
	T_CHECK(period_weekday(2023, 1, 1) == 7);

	/* ISO weeks across year boundaries. */
	T_STREQ(label("2026-12-31", PERIOD_WEEK), "2026-W53");
	T_STREQ(label("2027-01-01", PERIOD_WEEK), "2026-W53");
	T_STREQ(label("2027-01-03", PERIOD_WEEK), "2026-W53");
	T_STREQ(label("2027-01-04", PERIOD_WEEK), "2027-W01");
	T_STREQ(label("2025-12-29", PERIOD_WEEK), "2026-W01");
	T_STREQ(label("2025-12-28", PERIOD_WEEK), "2025-W52");
	T_STREQ(label("2026-01-01", PERIOD_WEEK), "2026-W01");
	T_STREQ(label("2021-01-03", PERIOD_WEEK), "2020-W53");
	T_STREQ(label("2020-12-31", PERIOD_WEEK), "2020-W53");
	T_STREQ(label("2021-01-04", PERIOD_WEEK), "2021-W01");
	T_STREQ(label("2024-12-30", PERIOD_WEEK), "2025-W01");
	T_STREQ(label("2008-12-29", PERIOD_WEEK), "2009-W01");
	T_STREQ(label("2010-01-03", PERIOD_WEEK), "2009-W53");
	T_STREQ(label("2026-11-05", PERIOD_WEEK), "2026-W45");
	period_iso_week(2015, 12, 31, &wy, &w);
	T_CHECK(wy == 2015 && w == 53);

	T_STREQ(label("2026-11-05", PERIOD_DAY), "2026-11-05");
	T_STREQ(label("2026-11-05", PERIOD_MONTH), "2026-11");
	T_STREQ(label("2026-11-05", PERIOD_QUARTER), "2026-Q4");
	T_STREQ(label("2026-01-01", PERIOD_QUARTER), "2026-Q1");
	T_STREQ(label("2026-03-31", PERIOD_QUARTER), "2026-Q1");
	T_STREQ(label("2026-04-01", PERIOD_QUARTER), "2026-Q2");
	T_STREQ(label("2026-09-30", PERIOD_QUARTER), "2026-Q3");

	/* microseconds since the epoch and back (date(1) -u +%s gives the
	 * seconds) */
	{
		struct period_time a = { 2026, 11, 5, 10, 0, 1 }, b;
		long us;

		T_CHECK(period_us(&a) == 1793872801000000LL);
		period_from_us(1793872801000000LL + 5, &b, &us);
		T_CHECK(b.y == 2026 && b.mon == 11 && b.d == 5 && b.h == 10 &&
		    b.min == 0 && b.s == 1 && us == 5);
		period_from_us(-1, &b, &us);
		T_CHECK(b.y == 1969 && b.mon == 12 && b.d == 31 && b.h == 23 &&
		    b.min == 59 && b.s == 59 && us == 999999);
		period_from_us(0, &b, NULL);
		T_CHECK(b.y == 1970 && b.mon == 1 && b.d == 1 && b.h == 0);
		a = (struct period_time){ 2024, 2, 29, 23, 59, 59 };
		period_from_us(period_us(&a), &b, &us);
		T_CHECK(memcmp(&a, &b, sizeof(a)) == 0 && us == 0);
		a = (struct period_time){ 1000, 1, 1, 0, 0, 0 };
		period_from_us(period_us(&a), &b, NULL);
		T_CHECK(memcmp(&a, &b, sizeof(a)) == 0);
		a = (struct period_time){ 9999, 12, 31, 23, 59, 59 };
		period_from_us(period_us(&a), &b, NULL);
		T_CHECK(memcmp(&a, &b, sizeof(a)) == 0);
		/* every day of 1999-2001 round-trips, days are consecutive */
		{
			long long prev = 0;
			int y, m, d, ok = 1;

			for (y = 1999; y <= 2001; y++)
				for (m = 1; m <= 12; m++)
					for (d = 1; d <= 31; d++) {
						a = (struct period_time){ y, m, d,
						    12, 0, 0 };
						if (d > 28 && (d > 31 ||
						    (m == 2 && d > 28 + (y ==
						    2000)) || (d == 31 &&
						    (m == 4 || m == 6 ||
						    m == 9 || m == 11))))
							continue;
						if (prev != 0 && period_us(&a) -
						    prev != 86400000000LL)
							ok = 0;
						prev = period_us(&a);
						period_from_us(prev, &b, NULL);
						if (memcmp(&a, &b,
						    sizeof(a)) != 0)
							ok = 0;
					}
			T_CHECK(ok);
		}
	}

	T_CHECK(period_unit_parse("week") == PERIOD_WEEK);
	T_CHECK(period_unit_parse("quarter") == PERIOD_QUARTER);
	T_CHECK(period_unit_parse("year") == -1);
	T_STREQ(period_unit_name(PERIOD_MONTH), "month");
	return t_done("t_period");
}
