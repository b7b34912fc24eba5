/*
 * when.h -- dates and times in the survey platforms' formats -> ISO 8601.
 *
 * Accepted (surrounding white space ignored; date and time separated by
 * one or more spaces, or 'T' after an ISO date):
 *	2026-11-05			ISO date (also 2026/11/05: Google Forms)
 *	2026-11-05 10:00[:00[.fff]]	ISO date-time; 'T' or space
 *	2026-11-05T10:00:00Z		Z or +hh:mm, -hh:mm, +hhmm, +hh: the
 *	2026-11-05T10:00:00+01:00	  offset is dropped and the local wall
 *					  time kept (10:00:00)
 *	2022/03/26 11:00:19 PM AST	YYYY/MM/DD, 12-hour, zone ignored
 *	11/05/2026 10:00:00 AM		a/b/yyyy [time], order by `order`
 *	9/1/2024 11:27			no seconds (Excel re-rendered)
 *	05/11/2026			date only
 *	05.11.2026 [14:54[:44]]		European dotted: always D.M.Y
 *	05-11-2026			a-b-yyyy: like a/b/yyyy
 *	11/05/26			2-digit year yy -> 20yy (always 2000s)
 *	28-Feb-2017, 5 Sept. 2026	day, English month name or 3-letter
 *					  abbreviation, year (hand-edited sheets)
 *	11/05/2026, 10:00		", " also separates date and time
 * A time is H:MM or H:MM:SS (hours 0-23, or 1-12 with AM/PM, "am",
 * "a.m." also accepted); fractional seconds (.fff) are dropped; "12 AM"
 * is 00, "12 PM" is 12.  After the time, a time-zone word (letters, e.g. AST,
 * UTC, GMT, CET), "UTC+1"/"GMT-05:00", Z or a numeric offset (+hh,
 * +hhmm, +hh:mm) is ignored; anything else makes the value "not a
 * date".  Not accepted: compact 20261105, Excel serial numbers, a time
 * alone, 3-digit years.
 *
 * Day/month order of a/b/yyyy: WHEN_MDY (US: Qualtrics, SurveyMonkey,
 * MS Forms in en-US) or WHEN_DMY.  With WHEN_UNKNOWN, a value that
 * settles it (see when_settles) is read that way, else month/day (US)
 * and *ambiguous = 1 when a != b and both are <= 12.  Unambiguous
 * values set *ambiguous = 0.  ambiguous may be NULL.
 */
#ifndef WHEN_H
#define WHEN_H

enum when_order { WHEN_UNKNOWN, WHEN_MDY, WHEN_DMY };

/*
 * Writes "YYYY-MM-DDTHH:MM:SS" into iso (seconds 00 when absent, time
 * 00:00:00 when there is none) and returns 0; returns -1 (iso set to "")
 * when s is not a date or not a valid one (2026-02-30, 13/13/2026, 24:00,
 * 13 PM, years outside 1000-9999).  Leap years per the Gregorian
 * calendar.
 */
int		when_parse(const char *s, enum when_order order, char iso[20],
		    int *ambiguous);

/*
 * The same, as microseconds since 1970-01-01T00:00:00 of the wall time
 * (period_us: no time zone, the offset dropped as above), with the
 * fractional seconds kept to the microsecond (further digits dropped).
 * Returns 0, or -1 (*us untouched) when s is not a date.
 */
int		when_parse_us(const char *s, enum when_order order,
		    long long *us, int *ambiguous);

/*
 * For a value a/b/yyyy (or a-b-yyyy): WHEN_DMY when a > 12 (and b <= 12),
 * WHEN_MDY when b > 12 (and a <= 12), else (including ISO and dotted
 * dates, and anything that is not a date) WHEN_UNKNOWN.  The tool scans a
 * column with this, and falls back to the platform's convention (with a
 * warning) when nothing settles it.
 */
enum when_order	when_settles(const char *s);

#endif
