/*
 * fz_text.c -- libFuzzer harness for the cell parsers: when_parse and
 * when_settles (dates), labels_score and labels_fold (answer labels),
 * num_parse* (numbers), journey_scale_parse.  Built by make fuzz.
 *
 * Input: one option byte (date order, scale, comma decimals), then the
 * cell.  Checks: a parsed date is a real YYYY-MM-DDTHH:MM:SS with a year
 * in 1000-9999, and the same date parsed again gives the same text; a
 * score is on the scale; labels_fold says the length it writes; a number
 * printed by num_fmt_short and num_fmt_exact reads back to the same
 * double, and num_fmt never writes nan or inf; a parsed scale is two
 * different points in 0..10; no leak.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "journey.h"
#include "label.h"
#include "num.h"
#include "when.h"

static void
check_iso(const char *iso, enum when_order order)
{
	static const char form[] = "dddd-dd-ddTdd:dd:dd";
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	char again[20];
	int y, mo, d, h, mi, se, amb, i;

	for (i = 0; form[i] != '\0'; i++)
		if (form[i] == 'd' ? iso[i] < '0' || iso[i] > '9' :
		    iso[i] != form[i])
			fz_fail(NULL, "when_parse: '%s'", iso);
	if (iso[19] != '\0' || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo,
	    &d, &h, &mi, &se) != 6 || y < 1000 || mo < 1 || mo > 12 ||
	    d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) || h > 23 ||
	    mi > 59 || se > 60)
		fz_fail(NULL, "when_parse: '%s' is no date", iso);
	if (when_parse(iso, order, again, &amb) != 0 ||
	    strcmp(iso, again) != 0)
		fz_fail(NULL, "when_parse: '%s' read again: '%s'", iso, again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct labels *l;
	char *s, iso[20], fold[64], nb[64];
	const char *why;
	long score, lv;
	double v, back;
	size_t need;
	int amb, lo, hi, w, b;

	if (size < 1)
		return 0;
	if (l == NULL)
		l = labels_new();
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	lo = data[0] & 1;
	hi = (data[0] >> 1) % 3 == 0 ? 10 : (data[0] >> 1) % 3 == 1 ? 5 : 7;

	if (when_parse(s, (enum when_order)(data[0] % 3), iso, &amb) == 0)
		check_iso(iso, (enum when_order)(data[0] % 3));
	(void)when_settles(s);
	if (labels_score(l, s, lo, hi, data[0] >> 7, &score, &why) == 0 &&
	    !(score >= (lo < hi ? lo : hi) && score <= (lo < hi ? hi : lo)))
		fz_fail(NULL, "labels_score: %ld off the scale %d-%d", score, lo,
		    hi);
	need = labels_fold(fold, sizeof(fold), s);
	if (need != labels_fold(NULL, 0, s) || (need < sizeof(fold) &&
	    strlen(fold) != need))
		fz_fail(NULL, "labels_fold: lengths disagree");
	if (num_parse(s, &v) == 0) {
		if (!isfinite(v))
			fz_fail(NULL, "num_parse: '%s' is %g", s, v);
		(void)num_fmt(nb, sizeof(nb), v, data[0] % 8);
		if (strstr(nb, "nan") != NULL || strstr(nb, "inf") != NULL ||
		    num_parse(nb, &back) != 0)
			fz_fail(NULL, "num_fmt: '%s' gave '%s'", s, nb);
		num_fmt_exact(nb, sizeof(nb), v);
		if (num_parse(nb, &back) != 0 || back != v)
			fz_fail(NULL, "num_fmt_exact: '%s' -> '%s'", s, nb);
		num_fmt_short(nb, sizeof(nb), v);
		if (num_parse(nb, &back) != 0 || back != v)
			fz_fail(NULL, "num_fmt_short: '%s' -> '%s'", s, nb);
		(void)num_fmt(nb, 4, v, 6);
	}
	(void)num_parse_comma(s, data[0] & 1, &v);
	if (num_parse_long(s, -5, 100, &lv) == 0 && (lv < -5 || lv > 100))
		fz_fail(NULL, "num_parse_long: %ld outside -5..100", lv);
	if (journey_scale_parse(s, &w, &b) == 0 && (w == b || w < 0 ||
	    w > 10 || b < 0 || b > 10))
		fz_fail(NULL, "journey_scale_parse: %d-%d", w, b);
	(void)journey_metric_parse(s);
	free(s);
	return 0;
}
