/*
 * period.h -- ISO times of the response table and the period labels of
 * the KPI table (docs/formats.md sections 2 and 3).
 *
 *	day	2026-11-05
 *	week	2026-W45	ISO 8601 week: weeks start on Monday, week 1
 *				holds the year's first Thursday, so
 *				2027-01-01 is in 2026-W53
 *	month	2026-11
 *	quarter	2026-Q4
 *
 * Pure functions: nothing is printed, nothing is allocated.
 */
#ifndef PERIOD_H
#define PERIOD_H

#include <stddef.h>

enum period_unit {
	PERIOD_NONE,
	PERIOD_DAY,
	PERIOD_WEEK,
	PERIOD_MONTH,
	PERIOD_QUARTER
};

/* A calendar time (no time zone: the export's own wall clock). */
struct period_time {
	int	y, mon, d;		/* 1000-9999, 1-12, 1-31 */
	int	h, min, s;		/* 0-23, 0-59, 0-59 */
};

/* "day", "week", "month", "quarter" -> unit; -1 for anything else. */
int		 period_unit_parse(const char *name);
/* period_unit_parse for option OPT; an unknown ARG is said on stderr */
int		 period_unit_opt(const char *opt, const char *arg);
const char	*period_unit_name(enum period_unit);

/*
 * Parses "YYYY-MM-DDTHH:MM:SS" (the response table's `time`) or, when
 * date_ok, also a bare date "YYYY-MM-DD" (time 00:00:00; *has_time set to
 * 0).  The date must exist (Gregorian leap years).  Returns 0, or -1 when
 * s is anything else (including the empty string).  has_time may be NULL.
 */
int		 period_parse(const char *s, int date_ok, struct period_time *t,
		    int *has_time);

/*
 * Parses the time of day "HH:MM:SS" at s (8 bytes; a NUL among them is
 * an error) into t->h, t->min, t->s and returns 0; -1 (t unchanged)
 * when it is anything else.
 */
int		 period_parse_hms(const char *s, struct period_time *t);

/* A number that orders times: YYYYMMDDHHMMSS. */
long long	 period_key(const struct period_time *);

/*
 * Microseconds since 1970-01-01T00:00:00 of a calendar time (no time
 * zone: the same wall clock; proleptic Gregorian), and back (floor
 * division: 1969-12-31T23:59:59 is -1000000; *us_frac, when not NULL,
 * gets the microseconds past the second, 0..999999).
 */
long long	 period_us(const struct period_time *t);
void		 period_from_us(long long us, struct period_time *t,
		    long *us_frac);

/* ISO 8601 week-numbering year and week (1-53) of a date. */
void		 period_iso_week(int y, int mon, int d, int *wy, int *week);

/* 1 = Monday ... 7 = Sunday. */
int		 period_weekday(int y, int mon, int d);

/*
 * Writes the label of t's period into buf (at least 11 bytes) and
 * returns its length.  unit must not be PERIOD_NONE.
 */
size_t		 period_label(const struct period_time *t, enum period_unit unit,
		    char *buf);

#endif
