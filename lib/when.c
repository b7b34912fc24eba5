/*
 * when.c -- see when.h.  A small hand-written scanner: no strptime()
 * (locale-dependent) and no sscanf() (too lenient about what follows).
 */
#include <string.h>

#include "period.h"
#include "when.h"

struct tm6 {
	int	y, mo, d, h, mi, s;
	long	us;		/* fractional seconds, in microseconds */
};

static const char *const months[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_alpha(int c)
{
	c = lower(c);
	return c >= 'a' && c <= 'z';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static const char *
skip_sp(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* Up to max digits at *pp: the value, or -1 when there are fewer than
 * min. */
static int
digits(const char **pp, int min, int max, int *nd)
{
	const char *p = *pp;
	int v = 0, n = 0;

	while (n < max && is_digit(*p)) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (n < min || is_digit(*p))
		return -1;
	*pp = p;
	if (nd != NULL)
		*nd = n;
	return v;
}

/* An English month name or its 3-letter (or "sept") abbreviation,
 * optionally followed by '.'. */
static int
month_name(const char **pp)
{
	const char *p = *pp;
	char w[10];
	size_t n = 0, i, wl;

	while (is_alpha(*p) && n < sizeof(w) - 1)
		w[n++] = (char)lower(*p++);
	if (n < 3 || is_alpha(*p))
		return -1;
	w[n] = '\0';
	for (i = 0; i < 12; i++) {
		wl = strlen(months[i]);
		if ((n == 3 && strncmp(w, months[i], 3) == 0) ||
		    (n == wl && strcmp(w, months[i]) == 0) ||
		    (i == 8 && strcmp(w, "sept") == 0)) {
			if (*p == '.')
				p++;
			*pp = p;
			return (int)i + 1;
		}
	}
	return -1;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
valid_date(int y, int m, int d)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= dim[m - 1] + (m == 2 && leap(y));
}

/* A year of 4 digits, or 2 (20yy). */
static int
year(const char **pp)
{
	int nd, v;

	if ((v = digits(pp, 2, 4, &nd)) < 0 || nd == 3)
		return -1;
	return nd == 2 ? 2000 + v : v;
}

/* A numeric offset +hh, +hhmm, +hh:mm (sign required). */
static int
offset(const char **pp)
{
	const char *p = *pp;
	int nd;

	if (*p != '+' && *p != '-')
		return -1;
	p++;
	if (digits(&p, 1, 4, &nd) < 0 || nd == 3)
		return -1;
	if (*p == ':' && nd <= 2) {
		p++;
		if (digits(&p, 2, 2, NULL) < 0)
			return -1;
	}
	*pp = p;
	return 0;
}

/* What may follow a time: Z, an offset, a zone word (+ offset). */
static int
zone(const char *p)
{
	p = skip_sp(p);
	if (*p == '\0')
		return 0;
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		if (offset(&p) < 0)
			return -1;
	} else if (is_alpha(*p)) {
		while (is_alpha(*p))
			p++;
		if ((*p == '+' || *p == '-') && offset(&p) < 0)
			return -1;
	} else
		return -1;
	return *skip_sp(p) == '\0' ? 0 : -1;
}

/* AM/PM marker: 0 none, 1 AM, 2 PM. */
static int
ampm(const char **pp)
{
	const char *p = *pp;
	int c = lower(*p), r;

	if (c != 'a' && c != 'p')
		return 0;
	r = c == 'a' ? 1 : 2;
	p++;
	if (*p == '.')
		p++;
	if (lower(*p) != 'm')
		return 0;
	p++;
	if (*p == '.')
		p++;
	if (is_alpha(*p))
		return 0;
	*pp = p;
	return r;
}

/* H:MM[:SS[.f]] [AM|PM] [zone] to the end; -1 on anything else. */
static int
time_part(const char *p, struct tm6 *t)
{
	int ap;

	if ((t->h = digits(&p, 1, 2, NULL)) < 0 || *p++ != ':' ||
	    (t->mi = digits(&p, 2, 2, NULL)) < 0)
		return -1;
	t->s = 0;
	t->us = 0;
	if (*p == ':') {
		p++;
		if ((t->s = digits(&p, 2, 2, NULL)) < 0)
			return -1;
		if (*p == '.' || *p == ',') {
			long m = 100000;

			if (!is_digit(p[1]))
				return -1;
			for (p++; is_digit(*p); p++, m /= 10)
				t->us += (*p - '0') * m;
		}
	}
	p = skip_sp(p);
	if ((ap = ampm(&p)) != 0) {
		if (t->h < 1 || t->h > 12)
			return -1;
		if (ap == 1 && t->h == 12)
			t->h = 0;
		else if (ap == 2 && t->h != 12)
			t->h += 12;
	}
	if (t->h > 23 || t->mi > 59 || t->s > 59)
		return -1;
	return zone(p);
}

/* After a date: end, or separator + time. */
static int
rest(const char *p, int iso, struct tm6 *t)
{
	t->h = t->mi = t->s = 0;
	t->us = 0;
	if (*skip_sp(p) == '\0')
		return 0;
	if (iso && (*p == 'T' || *p == 't') && is_digit(p[1]))
		return time_part(p + 1, t);
	if (*p != ' ' && *p != '\t' && !(*p == ',' && p[1] == ' '))
		return -1;
	if (*p == ',')
		p++;
	return time_part(skip_sp(p), t);
}

/* Parses a/b/y (sep '/', '-' or '.'): the two numbers, the year, the
 * separator; p at what follows.  0 or -1. */
static int
abyear(const char **pp, int *a, int *b, int *y, char *sep)
{
	const char *p = *pp;

	if ((*a = digits(&p, 1, 2, NULL)) < 0)
		return -1;
	if (*p != '/' && *p != '-' && *p != '.')
		return -1;
	*sep = *p++;
	if ((*b = digits(&p, 1, 2, NULL)) < 0 || *p++ != *sep ||
	    (*y = year(&p)) < 0)
		return -1;
	*pp = p;
	return 0;
}

static void
put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10 % 10);
	o[1] = (char)('0' + v % 10);
}

static void
format(char iso[20], const struct tm6 *t)
{
	put2(iso, t->y / 100);
	put2(iso + 2, t->y % 100);
	iso[4] = '-';
	put2(iso + 5, t->mo);
	iso[7] = '-';
	put2(iso + 8, t->d);
	iso[10] = 'T';
	put2(iso + 11, t->h);
	iso[13] = ':';
	put2(iso + 14, t->mi);
	iso[16] = ':';
	put2(iso + 17, t->s);
	iso[19] = '\0';
}

static int
parse(const char *s, enum when_order order, struct tm6 *t, int *amb)
{
	const char *p = skip_sp(s), *q;
	int a, b, nd, iso = 0;
	char sep;

	*amb = 0;
	q = p;
	if ((a = digits(&q, 1, 4, &nd)) < 0)
		return -1;
	if (nd == 4 && (*q == '-' || *q == '/')) {
		/* YYYY-MM-DD, YYYY/MM/DD */
		sep = *q++;
		t->y = a;
		if ((t->mo = digits(&q, 1, 2, NULL)) < 0 || *q++ != sep ||
		    (t->d = digits(&q, 1, 2, NULL)) < 0)
			return -1;
		iso = sep == '-';
		p = q;
	} else if (nd <= 2 && (*q == '-' || *q == ' ') &&
	    (q = skip_sp(q + (*q == '-')), is_alpha(*q))) {
		/* 28-Feb-2017, 28 Feb 2017 */
		t->d = a;
		if ((t->mo = month_name(&q)) < 0)
			return -1;
		if (*q == '-' || *q == ' ')
			q = skip_sp(q + 1);
		else
			return -1;
		if ((t->y = year(&q)) < 0)
			return -1;
		p = q;
	} else if (nd <= 2) {
		if (abyear(&p, &a, &b, &t->y, &sep) < 0)
			return -1;
		if (sep == '.' || order == WHEN_DMY ||
		    (order == WHEN_UNKNOWN && a > 12 && b <= 12)) {
			t->d = a;
			t->mo = b;
		} else {
			t->mo = a;
			t->d = b;
			if (order == WHEN_UNKNOWN && a <= 12 && b <= 12 &&
			    a != b)
				*amb = 1;
		}
	} else
		return -1;
	if (!valid_date(t->y, t->mo, t->d))
		return -1;
	return rest(p, iso, t);
}

int
when_parse(const char *s, enum when_order order, char iso[20],
    int *ambiguous)
{
	struct tm6 t;
	int amb;

	if (ambiguous != NULL)
		*ambiguous = 0;
	iso[0] = '\0';
	if (s == NULL || parse(s, order, &t, &amb) < 0)
		return -1;
	if (ambiguous != NULL)
		*ambiguous = amb;
	format(iso, &t);
	return 0;
}

int
when_parse_us(const char *s, enum when_order order, long long *us,
    int *ambiguous)
{
	struct tm6 t;
	struct period_time pt;
	int amb;

	if (ambiguous != NULL)
		*ambiguous = 0;
	if (s == NULL || parse(s, order, &t, &amb) < 0)
		return -1;
	if (ambiguous != NULL)
		*ambiguous = amb;
	pt.y = t.y;
	pt.mon = t.mo;
	pt.d = t.d;
	pt.h = t.h;
	pt.min = t.mi;
	pt.s = t.s;
	*us = period_us(&pt) + t.us;
	return 0;
}

enum when_order
when_settles(const char *s)
{
	const char *p;
	enum when_order o;
	int a, b, y, amb;
	struct tm6 t;
	char sep;

	if (s == NULL)
		return WHEN_UNKNOWN;
	p = skip_sp(s);
	if (abyear(&p, &a, &b, &y, &sep) < 0 || sep == '.')
		return WHEN_UNKNOWN;
	if (a > 12 && b <= 12)
		o = WHEN_DMY;
	else if (b > 12 && a <= 12)
		o = WHEN_MDY;
	else
		return WHEN_UNKNOWN;
	return parse(s, o, &t, &amb) == 0 ? o : WHEN_UNKNOWN;
}
