/*
 * ftab.c -- see ftab.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "ftab.h"
#include "hdr.h"
#include "num.h"
#include "stat.h"
#include "xmalloc.h"

const char *const ftab_names[FT_NCOL] = {
	"step", "stage", "touchpoint", "channel", "event", "segment",
	"period", "reached", "dropped", "conversion", "conv_low",
	"conv_high", "overall", "overall_low", "overall_high",
	"median_time", "method", "conf"
};

int
ftab_is(const struct hdr *h)
{
	return hdr_find(h, "reached") >= 0 && hdr_find(h, "event") >= 0;
}

const char *
ftab_cols_find(struct ftab_cols *c, const struct hdr *h)
{
	int k;

	for (k = 0; k < FT_NCOL; k++) {
		c->c[k] = hdr_find(h, ftab_names[k]);
		if (k < FT_NREQ && c->c[k] < 0)
			return ftab_names[k];
	}
	return NULL;
}

/* A whole number >= 0 written plainly (a count): 0 and *v, or -1. */
static int
count(const char *s, double *v)
{
	const char *p;

	if (*s == '\0')
		return -1;
	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return -1;
	if (p - s > 15)		/* beyond 2^53: not exact */
		return -1;
	return num_parse(s, v);
}

/* An optional number: empty (or an absent column) is NAN. */
static int
opt_num(const struct ftab_cols *c, const struct csvr *r, int k, double *v)
{
	const char *s;

	*v = NAN;
	if (c->c[k] < 0)
		return 0;
	s = csvr_field(r, (size_t)c->c[k], NULL);
	if (*s == '\0')
		return 0;
	return num_parse(s, v);
}

int
ftab_read(const struct ftab_cols *c, const struct csvr *r,
    struct ftab_in *in, char *err, size_t errsz)
{
	const char *s;
	long step;
	int k;

#define F(k) csvr_field(r, (size_t)c->c[k], NULL)
	s = F(FT_STEP);
	if (num_parse_long(s, 1, 1000000000L, &step) != 0) {
		snprintf(err, errsz, "bad step '%s': not a positive whole "
		    "number", s);
		return -1;
	}
	in->step = step;
	in->stage = F(FT_STAGE);
	in->touchpoint = F(FT_TOUCHPOINT);
	in->channel = F(FT_CHANNEL);
	in->event = F(FT_EVENT);
	in->segment = F(FT_SEGMENT);
	in->period = F(FT_PERIOD);
	s = F(FT_REACHED);
	if (count(s, &in->reached) != 0) {
		snprintf(err, errsz, "bad reached '%s': not a whole number",
		    s);
		return -1;
	}
	s = F(FT_DROPPED);
	in->dropped = NAN;
	if (*s != '\0' && count(s, &in->dropped) != 0) {
		snprintf(err, errsz, "bad dropped '%s': not a whole number",
		    s);
		return -1;
	}
#undef F
	for (k = FT_CONV; k <= FT_MEDIAN_TIME; k++) {
		double *v = k == FT_CONV ? &in->conv :
		    k == FT_CONV_LOW ? &in->conv_low :
		    k == FT_CONV_HIGH ? &in->conv_high :
		    k == FT_OVERALL ? &in->overall :
		    k == FT_OVERALL_LOW ? &in->overall_low :
		    k == FT_OVERALL_HIGH ? &in->overall_high :
		    &in->median_time;

		if (opt_num(c, r, k, v) != 0) {
			snprintf(err, errsz, "bad %s '%s': not a number",
			    ftab_names[k], csvr_field(r, (size_t)c->c[k],
			    NULL));
			return -1;
		}
	}
	return 0;
}

/* A percentage and its Wilson interval at 95%, where missing. */
static void
pct(double x, double n, double *v, double *lo, double *hi)
{
	double a, b;

	if (!(n > 0) || isnan(x))
		return;
	if (isnan(*v))
		*v = 100 * x / n;
	if ((isnan(*lo) || isnan(*hi)) && stat_prop_ci(x, n, 0.95,
	    STAT_PROP_WILSON, &a, &b) == 0) {
		*lo = 100 * a;
		*hi = 100 * b;
	}
}

void
ftab_complete(struct ftab_in *in, double prev, double first)
{
	if (isnan(prev)) {
		in->dropped = NAN;
		in->conv = in->conv_low = in->conv_high = NAN;
		if (isnan(in->overall) && in->reached > 0)
			in->overall = 100;
		return;
	}
	if (isnan(in->dropped) && prev >= in->reached)
		in->dropped = prev - in->reached;
	pct(in->reached, prev, &in->conv, &in->conv_low, &in->conv_high);
	pct(in->reached, first, &in->overall, &in->overall_low,
	    &in->overall_high);
}

void
ftab_fill(struct ftab_seq *q, struct ftab_in *in)
{
	if (q->segment == NULL || strcmp(q->segment, in->segment) != 0 ||
	    strcmp(q->period, in->period) != 0) {
		ftab_seq_free(q);
		q->segment = xstrdup(in->segment);
		q->period = xstrdup(in->period);
		q->prev = NAN;
		q->first = in->reached;
	}
	ftab_complete(in, q->prev, q->first);
	q->prev = in->reached;
}

void
ftab_seq_free(struct ftab_seq *q)
{
	free(q->segment);
	free(q->period);
	q->segment = q->period = NULL;
}
