/*
 * period.c -- see period.h.
 */
#include <string.h>

#include "err.h"
#include "period.h"

static const char *const unit_names[] = {
	"", "day", "week", "month", "quarter"
};

int
period_unit_parse(const char *name)
{
	int i;

	for (i = PERIOD_DAY; i <= PERIOD_QUARTER; i++)
		if (strcmp(name, unit_names[i]) == 0)
			return i;
	return -1;
}

int
period_unit_opt(const char *opt, const char *arg)
{
	int m;

	if ((m = period_unit_parse(arg)) < 0)
		warnx_("%s: unknown unit '%s' (day, week, month, quarter)",
		    opt, arg);
	return m;
}

const char *
period_unit_name(enum period_unit u)
{
	return u <= PERIOD_QUARTER ? unit_names[u] : "";
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* n digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

int
period_parse(const char *s, int date_ok, struct period_time *t, int *has_time)
{
	size_t len = strlen(s);

	if (len != 10 && len != 19)
		return -1;
	if (len == 10 && !date_ok)
		return -1;
	if (s[4] != '-' || s[7] != '-')
		return -1;
	t->y = digits(s, 4);
	t->mon = digits(s + 5, 2);
	t->d = digits(s + 8, 2);
	t->h = t->min = t->s = 0;
	if (t->y < 1000 || t->mon < 1 || t->mon > 12 || t->d < 1 ||
	    t->d > mdays(t->y, t->mon))
		return -1;
	if (len == 19 && (s[10] != 'T' || period_parse_hms(s + 11, t) != 0))
		return -1;
	if (has_time != NULL)
		*has_time = len == 19;
	return 0;
}

int
period_parse_hms(const char *s, struct period_time *t)
{
	int h, min, sec;

	if (s[2] != ':' || s[5] != ':')
		return -1;
	h = digits(s, 2);
	min = digits(s + 3, 2);
	sec = digits(s + 6, 2);
	if (h < 0 || h > 23 || min < 0 || min > 59 || sec < 0 || sec > 59)
		return -1;
	t->h = h;
	t->min = min;
	t->s = sec;
	return 0;
}

long long
period_key(const struct period_time *t)
{
	return ((((t->y * 100LL + t->mon) * 100 + t->d) * 100 + t->h) * 100 +
	    t->min) * 100 + t->s;
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long
days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long long
period_us(const struct period_time *t)
{
	return (((long long)days(t->y, t->mon, t->d) * 24 + t->h) * 60 +
	    t->min) * 60000000LL + t->s * 1000000LL;
}

/* Howard Hinnant's civil_from_days. */
void
period_from_us(long long us, struct period_time *t, long *us_frac)
{
	long long z, sec, era, doe, yoe, doy, mp;

	sec = us / 1000000 - (us % 1000000 < 0);
	if (us_frac != NULL)
		*us_frac = (long)(us - sec * 1000000);
	z = sec / 86400 - (sec % 86400 < 0);
	sec -= z * 86400;
	t->h = (int)(sec / 3600);
	t->min = (int)(sec / 60 % 60);
	t->s = (int)(sec % 60);
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	t->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	t->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	t->y = (int)(yoe + era * 400 + (t->mon <= 2));
}

int
period_weekday(int y, int mon, int d)
{
	long z = days(y, mon, d);	/* 1970-01-01 was a Thursday (4) */

	return (int)(((z + 3) % 7 + 7) % 7) + 1;
}

/* Number of ISO weeks in year y: 53 when it starts on a Thursday, or on
 * a Wednesday in a leap year. */
static int
weeks(int y)
{
	int wd = period_weekday(y, 1, 1);

	return wd == 4 || (wd == 3 && leap(y)) ? 53 : 52;
}

void
period_iso_week(int y, int mon, int d, int *wy, int *week)
{
	int doy = (int)(days(y, mon, d) - days(y, 1, 1)) + 1;
	int w = (doy - period_weekday(y, mon, d) + 10) / 7;

	if (w < 1) {
		*wy = y - 1;
		*week = weeks(y - 1);
	} else if (w > weeks(y)) {
		*wy = y + 1;
		*week = 1;
	} else {
		*wy = y;
		*week = w;
	}
}

/* Writes n digits of v (zero-padded). */
static char *
put(char *b, int v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--, v /= 10)
		b[i] = (char)('0' + v % 10);
	return b + n;
}

/* By hand rather than snprintf: this runs for every input row. */
size_t
period_label(const struct period_time *t, enum period_unit unit, char *buf)
{
	char *b = buf;
	int wy, w;

	switch (unit) {
	case PERIOD_DAY:
		b = put(b, t->y, 4);
		*b++ = '-';
		b = put(b, t->mon, 2);
		*b++ = '-';
		b = put(b, t->d, 2);
		break;
	case PERIOD_WEEK:
		period_iso_week(t->y, t->mon, t->d, &wy, &w);
		b = put(b, wy, 4);
		*b++ = '-';
		*b++ = 'W';
		b = put(b, w, 2);
		break;
	case PERIOD_MONTH:
		b = put(b, t->y, 4);
		*b++ = '-';
		b = put(b, t->mon, 2);
		break;
	case PERIOD_QUARTER:
		b = put(b, t->y, 4);
		*b++ = '-';
		*b++ = 'Q';
		*b++ = (char)('1' + (t->mon - 1) / 3);
		break;
	case PERIOD_NONE:
		break;
	}
	*b = '\0';
	return (size_t)(b - buf);
}
