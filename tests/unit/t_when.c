/*
 * t_when.c -- platform dates -> ISO 8601: every accepted shape, 12-hour
 * clock, day/month order and ambiguity, leap years, invalid dates, and
 * the real values of the exports in ../shared/exports-real.
 */
#include <stdio.h>
#include <string.h>

#include "when.h"
#include "t.h"

static char iso[20];
static int amb;

/* ISO of s read with order, or "-" when rejected; sets amb. */
static const char *
w(const char *s, enum when_order o)
{
	amb = -1;
	if (when_parse(s, o, iso, &amb) != 0) {
		T_CHECK(iso[0] == '\0' && amb == 0);
		return "-";
	}
	return iso;
}

#define OK(s, o, want, a) do {						\
	T_STREQ(w(s, o), want);						\
	T_CHECK(amb == (a));						\
} while (0)
#define BAD(s, o)	T_STREQ(w(s, o), "-")

static void
iso_forms(void)
{
	OK("2026-11-05 10:00:00", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05T10:00:00", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05t10:00:00", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05", WHEN_UNKNOWN, "2026-11-05T00:00:00", 0);
	OK("2026-11-05 10:00", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05T10:00", WHEN_MDY, "2026-11-05T10:00:00", 0);
	OK("  2026-11-05 10:00:00 \r\n", WHEN_UNKNOWN,
	    "2026-11-05T10:00:00", 0);
	OK("2026-11-05  10:00:00", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-1-5 7:05:09", WHEN_UNKNOWN, "2026-01-05T07:05:09", 0);
	/* Offsets and Z dropped, wall time kept. */
	OK("2026-11-05T10:00:00Z", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05T10:00:00+01:00", WHEN_UNKNOWN,
	    "2026-11-05T10:00:00", 0);
	OK("2026-11-05T23:30:00-05:00", WHEN_UNKNOWN,
	    "2026-11-05T23:30:00", 0);
	OK("2026-11-05T10:00:00+0100", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05T10:00:00+01", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05 10:00:00 +01:00", WHEN_UNKNOWN,
	    "2026-11-05T10:00:00", 0);
	OK("2026-11-05T10:00:00.123Z", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05 10:00:00.5", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05 10:00:00 UTC", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	OK("2026-11-05 10:00:00 GMT-05:00", WHEN_UNKNOWN,
	    "2026-11-05T10:00:00", 0);
	OK("2026-11-05 10:00 UTC+1", WHEN_UNKNOWN, "2026-11-05T10:00:00", 0);
	/* YYYY/MM/DD (Google Forms), 12-hour, zone abbreviation. */
	OK("2022/03/26 11:00:19 PM AST", WHEN_UNKNOWN,
	    "2022-03-26T23:00:19", 0);
	OK("2022/03/26 11:00:19 AM AST", WHEN_DMY, "2022-03-26T11:00:19", 0);
	OK("2022/03/26", WHEN_UNKNOWN, "2022-03-26T00:00:00", 0);
	OK("2022/03/26 12:00:00 AM", WHEN_UNKNOWN, "2022-03-26T00:00:00", 0);
	OK("2022/03/26 12:30:00 PM GMT+1", WHEN_UNKNOWN,
	    "2022-03-26T12:30:00", 0);
	BAD("2022/03/26T11:00:19", WHEN_UNKNOWN);	/* T only after '-' */
	BAD("2022-03/26", WHEN_UNKNOWN);		/* mixed separators */
	BAD("20261105", WHEN_UNKNOWN);
	BAD("2026-11", WHEN_UNKNOWN);
	BAD("2026-11-05x", WHEN_UNKNOWN);
	BAD("2026-11-05T", WHEN_UNKNOWN);
	BAD("2026-11-05 10", WHEN_UNKNOWN);
	BAD("2026-11-05 10:0", WHEN_UNKNOWN);
	BAD("2026-11-05 10:00:0", WHEN_UNKNOWN);
	BAD("2026-11-05 10:00:00 +1:0", WHEN_UNKNOWN);
	BAD("2026-11-05 10:00:00 (local)", WHEN_UNKNOWN);
	BAD("2026-11-05 10:00:00 x y", WHEN_UNKNOWN);
	BAD("2026-11-05 10:00:00.", WHEN_UNKNOWN);
	BAD("0999-11-05", WHEN_UNKNOWN);
	BAD("12026-11-05", WHEN_UNKNOWN);
}

static void
us_eu_forms(void)
{
	/* US month/day with the order given. */
	OK("11/05/2026 10:00:00 AM", WHEN_MDY, "2026-11-05T10:00:00", 0);
	OK("11/05/2026 10:00 PM", WHEN_MDY, "2026-11-05T22:00:00", 0);
	OK("11/05/2026 10:00 pm", WHEN_MDY, "2026-11-05T22:00:00", 0);
	OK("11/05/2026 10:00 p.m.", WHEN_MDY, "2026-11-05T22:00:00", 0);
	OK("11/05/2026 10:00PM", WHEN_MDY, "2026-11-05T22:00:00", 0);
	OK("11/05/2026 10:00:00 AM", WHEN_DMY, "2026-05-11T10:00:00", 0);
	OK("9/1/2024 11:27", WHEN_MDY, "2024-09-01T11:27:00", 0);
	OK("9/1/2024 11:27", WHEN_DMY, "2024-01-09T11:27:00", 0);
	OK("1/14/2026 14:54:44", WHEN_MDY, "2026-01-14T14:54:44", 0);
	OK("05/11/2026", WHEN_MDY, "2026-05-11T00:00:00", 0);
	OK("05/11/2026", WHEN_DMY, "2026-11-05T00:00:00", 0);
	OK("05-11-2026", WHEN_DMY, "2026-11-05T00:00:00", 0);
	OK("11/05/2026, 10:00", WHEN_MDY, "2026-11-05T10:00:00", 0);
	/* Unknown order: settled by the value, else US and ambiguous. */
	OK("1/14/2026 14:54:44", WHEN_UNKNOWN, "2026-01-14T14:54:44", 0);
	OK("14/1/2026 14:54:44", WHEN_UNKNOWN, "2026-01-14T14:54:44", 0);
	OK("9/1/2024 11:27", WHEN_UNKNOWN, "2024-09-01T11:27:00", 1);
	OK("05/11/2026", WHEN_UNKNOWN, "2026-05-11T00:00:00", 1);
	OK("05/05/2026", WHEN_UNKNOWN, "2026-05-05T00:00:00", 0);
	OK("12/12/2026", WHEN_UNKNOWN, "2026-12-12T00:00:00", 0);
	/* An explicit order is not overridden. */
	BAD("14/1/2026", WHEN_MDY);
	BAD("1/14/2026", WHEN_DMY);
	BAD("13/13/2026", WHEN_UNKNOWN);
	BAD("13/13/2026", WHEN_MDY);
	BAD("0/5/2026", WHEN_MDY);
	BAD("5/0/2026", WHEN_MDY);
	BAD("5/5/226", WHEN_MDY);
	BAD("5/5", WHEN_MDY);
	BAD("5/5-2026", WHEN_MDY);
	BAD("123/5/2026", WHEN_MDY);
	/* European dotted: always D.M.Y. */
	OK("05.11.2026", WHEN_UNKNOWN, "2026-11-05T00:00:00", 0);
	OK("05.11.2026", WHEN_MDY, "2026-11-05T00:00:00", 0);
	OK("5.11.2026 14:54", WHEN_UNKNOWN, "2026-11-05T14:54:00", 0);
	OK("31.12.2026 23:59:59", WHEN_UNKNOWN, "2026-12-31T23:59:59", 0);
	BAD("11.31.2026", WHEN_UNKNOWN);
	/* Two-digit years are 20yy. */
	OK("11/05/26", WHEN_MDY, "2026-11-05T00:00:00", 0);
	OK("9/1/24 11:27", WHEN_UNKNOWN, "2024-09-01T11:27:00", 1);
	OK("05.11.99", WHEN_UNKNOWN, "2099-11-05T00:00:00", 0);
	/* Month names (sheets reformatted by hand). */
	OK("28-Feb-2017", WHEN_UNKNOWN, "2017-02-28T00:00:00", 0);
	OK("28-feb-17", WHEN_MDY, "2017-02-28T00:00:00", 0);
	OK("5 September 2026 10:00", WHEN_UNKNOWN, "2026-09-05T10:00:00", 0);
	OK("5 Sept. 2026", WHEN_UNKNOWN, "2026-09-05T00:00:00", 0);
	BAD("30-Feb-2017", WHEN_UNKNOWN);
	BAD("5 Septembre 2026", WHEN_UNKNOWN);
	BAD("5 Se 2026", WHEN_UNKNOWN);
}

static void
clock12(void)
{
	OK("1/2/2026 12:00:00 AM", WHEN_MDY, "2026-01-02T00:00:00", 0);
	OK("1/2/2026 12:59:59 AM", WHEN_MDY, "2026-01-02T00:59:59", 0);
	OK("1/2/2026 1:00:00 AM", WHEN_MDY, "2026-01-02T01:00:00", 0);
	OK("1/2/2026 11:59:59 AM", WHEN_MDY, "2026-01-02T11:59:59", 0);
	OK("1/2/2026 12:00:00 PM", WHEN_MDY, "2026-01-02T12:00:00", 0);
	OK("1/2/2026 12:30 PM", WHEN_MDY, "2026-01-02T12:30:00", 0);
	OK("1/2/2026 1:00:00 PM", WHEN_MDY, "2026-01-02T13:00:00", 0);
	OK("1/2/2026 11:59:59 PM", WHEN_MDY, "2026-01-02T23:59:59", 0);
	OK("1/2/2026 9:05 am", WHEN_MDY, "2026-01-02T09:05:00", 0);
	OK("1/2/2026 9:05 a.m.", WHEN_MDY, "2026-01-02T09:05:00", 0);
	BAD("1/2/2026 13:00 PM", WHEN_MDY);
	BAD("1/2/2026 0:30 AM", WHEN_MDY);
	BAD("1/2/2026 24:00", WHEN_MDY);
	BAD("1/2/2026 23:60", WHEN_MDY);
	BAD("1/2/2026 23:59:60", WHEN_MDY);
	OK("1/2/2026 0:00", WHEN_MDY, "2026-01-02T00:00:00", 0);
	OK("1/2/2026 23:59", WHEN_MDY, "2026-01-02T23:59:00", 0);
}

static void
calendar(void)
{
	OK("2024-02-29", WHEN_UNKNOWN, "2024-02-29T00:00:00", 0);
	OK("2000-02-29", WHEN_UNKNOWN, "2000-02-29T00:00:00", 0);
	OK("2/29/2024", WHEN_UNKNOWN, "2024-02-29T00:00:00", 0);
	OK("29.02.2028", WHEN_UNKNOWN, "2028-02-29T00:00:00", 0);
	BAD("2026-02-29", WHEN_UNKNOWN);
	BAD("1900-02-29", WHEN_UNKNOWN);
	BAD("2100-02-29", WHEN_UNKNOWN);
	BAD("2026-02-30", WHEN_UNKNOWN);
	BAD("2026-04-31", WHEN_UNKNOWN);
	BAD("2026-06-31", WHEN_UNKNOWN);
	BAD("2026-09-31", WHEN_UNKNOWN);
	BAD("2026-11-31", WHEN_UNKNOWN);
	OK("2026-12-31", WHEN_UNKNOWN, "2026-12-31T00:00:00", 0);
	OK("2026-01-31", WHEN_UNKNOWN, "2026-01-31T00:00:00", 0);
	BAD("2026-13-01", WHEN_UNKNOWN);
	BAD("2026-00-10", WHEN_UNKNOWN);
	BAD("2026-01-00", WHEN_UNKNOWN);
	BAD("2026-01-32", WHEN_UNKNOWN);
	BAD("2/29/2026", WHEN_MDY);
	BAD("31/4/2026", WHEN_UNKNOWN);

	/* Not dates at all. */
	BAD("", WHEN_UNKNOWN);
	BAD("   ", WHEN_UNKNOWN);
	BAD("yesterday", WHEN_UNKNOWN);
	BAD("44824.4706828704", WHEN_UNKNOWN);	/* Excel serial */
	BAD("10:00", WHEN_UNKNOWN);
	BAD("null", WHEN_UNKNOWN);
	T_CHECK(when_parse(NULL, WHEN_UNKNOWN, iso, NULL) == -1);
	T_CHECK(when_parse("2026-11-05", WHEN_UNKNOWN, iso, NULL) == 0);
	T_STREQ(iso, "2026-11-05T00:00:00");
}

static void
settles(void)
{
	T_CHECK(when_settles("14/1/2026") == WHEN_DMY);
	T_CHECK(when_settles("25/12/2026 10:00 PM") == WHEN_DMY);
	T_CHECK(when_settles("14-1-2026") == WHEN_DMY);
	T_CHECK(when_settles("1/14/2026 14:54:44") == WHEN_MDY);
	T_CHECK(when_settles("12/31/26") == WHEN_MDY);
	T_CHECK(when_settles(" 1/14/2026") == WHEN_MDY);
	T_CHECK(when_settles("9/1/2024 11:27") == WHEN_UNKNOWN);
	T_CHECK(when_settles("5/5/2024") == WHEN_UNKNOWN);
	T_CHECK(when_settles("13/13/2026") == WHEN_UNKNOWN);
	T_CHECK(when_settles("31/2/2026") == WHEN_UNKNOWN);	/* invalid */
	T_CHECK(when_settles("25/12/2026 junk") == WHEN_UNKNOWN);
	T_CHECK(when_settles("25.12.2026") == WHEN_UNKNOWN);	/* dotted */
	T_CHECK(when_settles("2026-11-25") == WHEN_UNKNOWN);
	T_CHECK(when_settles("2022/03/26 11:00:19 PM AST") == WHEN_UNKNOWN);
	T_CHECK(when_settles("") == WHEN_UNKNOWN);
	T_CHECK(when_settles(NULL) == WHEN_UNKNOWN);
}

/* Values copied from the real exports (see ../shared/exports-real). */
static void
real_values(void)
{
	/* Qualtrics (API v3, legacy, 2016 Insights). */
	OK("2020-02-19 18:16:42", WHEN_MDY, "2020-02-19T18:16:42", 0);
	OK("2020-02-10 20:44:39", WHEN_UNKNOWN, "2020-02-10T20:44:39", 0);
	OK("2017-07-18 08:28:09", WHEN_UNKNOWN, "2017-07-18T08:28:09", 0);
	OK("2016-05-27 11:33:34", WHEN_UNKNOWN, "2016-05-27T11:33:34", 0);
	/* Google Forms direct download. */
	OK("2022/03/26 11:00:19 PM AST", WHEN_MDY, "2022-03-26T23:00:19", 0);
	OK("2022/03/26 11:02:36 PM AST", WHEN_UNKNOWN,
	    "2022-03-26T23:02:36", 0);
	/* Google Sheets. */
	OK("1/14/2026 14:54:44", WHEN_UNKNOWN, "2026-01-14T14:54:44", 0);
	/* Microsoft Forms saved by Excel (seconds lost). */
	OK("9/1/2024 11:27", WHEN_MDY, "2024-09-01T11:27:00", 0);
	OK("9/1/2024 11:32", WHEN_UNKNOWN, "2024-09-01T11:32:00", 1);
	/* Typeform (UTC). */
	OK("2018-10-29 17:33:57", WHEN_UNKNOWN, "2018-10-29T17:33:57", 0);
	OK("2018-10-30 00:26:47", WHEN_UNKNOWN, "2018-10-30T00:26:47", 0);
	/* SurveyMonkey (documented shape). */
	OK("11/05/2026 10:00:00 AM", WHEN_MDY, "2026-11-05T10:00:00", 0);
}

/* when_parse_us: the same parse, fractions kept to the microsecond. */
static void
microseconds(void)
{
	long long us = 7;
	int a2;

	T_CHECK(when_parse_us("2026-11-05T10:00:01", WHEN_UNKNOWN, &us,
	    &a2) == 0 && us == 1793872801000000LL && a2 == 0);
	T_CHECK(when_parse_us("2026-11-05 10:00:01.5", WHEN_UNKNOWN, &us,
	    NULL) == 0 && us == 1793872801500000LL);
	T_CHECK(when_parse_us("2026-11-05T10:00:01.123456789Z", WHEN_UNKNOWN,
	    &us, NULL) == 0 && us == 1793872801123456LL);
	T_CHECK(when_parse_us("2026-11-05T10:00:01,000001+01:00",
	    WHEN_UNKNOWN, &us, NULL) == 0 && us == 1793872801000001LL);
	T_CHECK(when_parse_us("2026-11-05", WHEN_UNKNOWN, &us, NULL) == 0 &&
	    us == 1793836800000000LL);
	T_CHECK(when_parse_us("11/05/2026 10:00:01 AM", WHEN_UNKNOWN, &us,
	    &a2) == 0 && us == 1793872801000000LL && a2 == 1);
	T_CHECK(when_parse_us("11/05/2026 10:00:01 AM", WHEN_DMY, &us,
	    &a2) == 0 && us == 1778493601000000LL && a2 == 0);
	us = 7;
	T_CHECK(when_parse_us("2026-02-30", WHEN_UNKNOWN, &us, NULL) == -1 &&
	    us == 7);
	T_CHECK(when_parse_us("1793872801", WHEN_UNKNOWN, &us, NULL) == -1);
}

int
main(void)
{
	microseconds();
	iso_forms();
	us_eu_forms();
	clock12();
	calendar();
	settles();
	real_values();
	return t_done("when");
}
