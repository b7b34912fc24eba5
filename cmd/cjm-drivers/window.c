/*
 * window.c -- day cells made into the cells asked for.
 *
 * Partial tables grouped by day (cjm-drivers --partial --period day, one
 * per export or shard, kept by cjm-nightly) can be read by a run grouped
 * otherwise: the day cells are read as they are, then each is added, in
 * (segment, day) order, into the cell of the run's grouping that holds
 * it, the days outside --since/--until left out.  The same day tables
 * give the same bytes, whatever else was asked of them before.
 *
 * --widen N (with --since and --until): when fewer than N respondents of
 * a cell answered the outcome between --since and --until, its window
 * starts one --widen-by unit (default month) earlier, up to 12 times and
 * not before the first day of the data.  Response tables are then read
 * by day too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "err.h"
#include "xmalloc.h"

#define WIDEN_MAX	12

/* The key (YYYYMMDD000000) of a day cell's label, or -1. */
static long long
day_key(const char *label)
{
	struct period_time t;
	int has_time;

	if (period_parse(label, 1, &t, &has_time) != 0 || has_time)
		return -1;
	return period_key(&t);
}

static void
key_time(long long k, struct period_time *t)
{
	t->y = (int)(k / 10000000000LL);
	t->mon = (int)(k / 100000000LL % 100);
	t->d = (int)(k / 1000000LL % 100);
	t->h = t->min = t->s = 0;
}

/* The start (a day key) of the unit before the one starting at day k. */
static long long
step_back(long long k, enum period_unit u)
{
	struct period_time t;
	long long us;
	int m;

	key_time(k, &t);
	switch (u) {
	case PERIOD_DAY:
	case PERIOD_WEEK:
		us = period_us(&t) - (u == PERIOD_DAY ? 1 : 7) *
		    86400LL * 1000000LL;
		period_from_us(us, &t, NULL);
		break;
	default:
		m = t.y * 12 + t.mon - 1 - (u == PERIOD_QUARTER ? 3 : 1);
		t.y = m / 12;
		t.mon = m % 12 + 1;
		break;
	}
	t.h = t.min = t.s = 0;
	return period_key(&t);
}

/* Whether the grouping of a partial table (g) can be made into the run's
 * (want): by day, no window, and the run's window at whole days. */
int
drv_window_ok(const struct drv_group *g, const struct drv_group *want)
{
	if (g->unit != PERIOD_DAY || g->since >= 0 || g->until >= 0 ||
	    want->unit == PERIOD_DAY || (want->by_segment && !g->by_segment))
		return 0;
	return (want->since < 0 || want->since % 1000000 == 0) &&
	    (want->until < 0 || want->until % 1000000 == 235959);
}

static void
add_cell(struct drv_state *st, struct drv_cell *t, const struct drv_cell *c)
{
	size_t i, g, n;
	double *b;

	drv_cell_grow(st, t);
	t->nresp += c->nresp;
	t->wresp += c->wresp;
	if (c->tmin >= 0 && (t->tmin < 0 || c->tmin < t->tmin))
		t->tmin = c->tmin;
	if (c->tmax > t->tmax)
		t->tmax = c->tmax;
	for (i = 0; i < DRV_TRI(0, c->nv); i++) {
		t->pn[i] += c->pn[i];
		t->pww[i] += c->pww[i];
	}
	for (g = 0; g < DRV_BUCKETS; g++) {
		if (c->bnv[g] == 0)
			continue;
		b = drv_cell_bucket(st, t, g);
		n = DRV_TRI(0, c->bnv[g]) * DRIVERS_NSUMS;
		for (i = 0; i < n; i++)
			b[i] += c->buck[g][i];
	}
}

/* The start of the window of segment seg's cells (cs[from..to)): --since,
 * or earlier when --widen asks for more respondents with the outcome. */
static long long
widen(struct drv_state *st, struct drv_cell **cs, size_t from, size_t to,
    size_t y, const char *yname)
{
	long long since = st->want.since, first = -1, k, dend;
	double n = 0, n0 = -1;
	size_t i;
	int steps;
	char a[64], b[64];

	for (steps = 0;; steps++) {
		n = 0;
		for (i = from; i < to; i++) {
			k = day_key(cs[i]->period);
			if (first < 0 || k < first)
				first = k;
			dend = k + 235959;
			if (k < since || (st->want.until >= 0 &&
			    dend > st->want.until) || y >= cs[i]->nv)
				continue;
			n += cs[i]->pn[DRV_TRI(y, y)];
		}
		if (n0 < 0)
			n0 = n;
		if (n >= (double)st->widen_n || steps == WIDEN_MAX ||
		    first < 0 || since <= first)
			break;
		since = step_back(since, st->widen_unit);
	}
	if (since != st->want.since && !st->quiet) {
		snprintf(a, sizeof(a), "%04lld-%02lld-%02lld",
		    st->want.since / 10000000000LL,
		    st->want.since / 100000000LL % 100,
		    st->want.since / 1000000LL % 100);
		snprintf(b, sizeof(b), "%04lld-%02lld-%02lld",
		    since / 10000000000LL, since / 100000000LL % 100,
		    since / 1000000LL % 100);
		warnx_("note: %s%s%s%.0f respondent%s answered %s from %s, "
		    "fewer than --widen %u: the window starts %s (%.0f)",
		    st->want.by_segment ? "segment " : "",
		    st->want.by_segment ? cs[from]->segment : "",
		    st->want.by_segment ? ": " : "", n0, n0 == 1 ? "" : "s",
		    yname, a, st->widen_n, b, n);
	}
	return since;
}

void
drv_window(struct drv_state *st, const struct drv_opts *o)
{
	struct drv_cell **cs, *c, *t;
	size_t n, i, j, y = 0;
	long long k, since;
	struct period_time tm;
	char per[16];
	const char *seg, *yname = "";

	if (!st->coarse)
		return;
	n = st->ncell;
	cs = st->cell;
	if (n > 0)
		qsort(cs, n, sizeof(*cs), drv_cell_cmp);
	for (i = 0; i < n; i++)
		if (day_key(cs[i]->period) < 0)
			die("cell period '%.40s' is not a day (a partial "
			    "table by day expected)", cs[i]->period);
	if (st->widen_n > 0 && n > 0) {
		y = drv_outcome(st, o);
		yname = st->var[y].touchpoint;
	}
	/* a fresh cell table for the run's cells */
	st->cell = NULL;
	st->ncell = st->capcell = 0;
	free(st->cix);
	st->cix = NULL;
	st->cixcap = 0;
	st->g = st->want;
	st->coarse = 0;
	for (i = 0; i < n; i = j) {
		/* the cells of one segment: cs[i..j) */
		for (j = i + 1; j < n && (!st->g.by_segment ||
		    strcmp(cs[j]->segment, cs[i]->segment) == 0); j++)
			;
		since = st->widen_n > 0 ? widen(st, cs, i, j, y, yname) :
		    st->want.since;
		for (; i < j; i++) {
			c = cs[i];
			k = day_key(c->period);
			if ((since >= 0 && k < since) || (st->want.until >= 0 &&
			    k + 235959 > st->want.until)) {
				st->skipped += (unsigned long)c->nresp;
				drv_cell_free(c);
				continue;
			}
			seg = st->g.by_segment ? c->segment : "";
			per[0] = '\0';
			if (st->g.unit != PERIOD_NONE) {
				key_time(k, &tm);
				per[period_label(&tm, st->g.unit, per)] = '\0';
			}
			t = drv_cell_get(st, seg, strlen(seg), per,
			    strlen(per));
			add_cell(st, t, c);
			drv_cell_free(c);
		}
	}
	free(cs);
}
