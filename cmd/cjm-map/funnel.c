/*
 * funnel.c -- cjm-map -F: the funnel table (docs/formats.md section 5)
 * beside the experience.  Reads the funnel shown (the rows without a
 * segment, of the map's period when the funnel has it, else of its
 * latest period), matches each step to its touchpoint card (same stage
 * and touchpoint), attaches the compare table's change of the step's
 * conversion (cjm-compare -F rows, level "funnel"), and decides where a
 * low experience and a large drop-off meet.  The rule is in cjm-map(1),
 * FUNNEL.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "err.h"
#include "ftab.h"
#include "hdr.h"
#include "map.h"
#include "xmalloc.h"

/* A row read back, copied. */
struct frow {
	struct ftab_in	 in;
	char		*s[6];	/* stage touchpoint channel event segment
				 * period */
	unsigned long	 line;
};

static void
frow_free(struct frow *r)
{
	int k;

	for (k = 0; k < 6; k++)
		free(r->s[k]);
}

static int
by_lost(const void *a, const void *b)
{
	const struct fstep *x = *(const struct fstep *const *)a;
	const struct fstep *y = *(const struct fstep *const *)b;

	if (x->dropped != y->dropped)
		return x->dropped > y->dropped ? -1 : 1;
	return x->step < y->step ? -1 : x->step > y->step;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The worst status of a touchpoint's measures, and whether one of them
 * dropped significantly. */
static enum status
tp_status(const struct map *mp, const struct tp *tp, int *drop)
{
	enum status w = ST_NA;
	size_t k;

	*drop = 0;
	for (k = 0; k < tp->nmeas; k++) {
		const struct meas *m = &mp->m[tp->meas[k]];

		if (m->st > w)
			w = m->st;
		if (m->cmp != NULL && m->cmp->flag < 0)
			*drop = 1;
	}
	return w;
}

/*
 * Where experience and drop-off meet: a step after the first whose
 * touchpoint is to act on or watch (or dropped significantly), and whose
 * drop-off is large: its share lost (100 - conversion) at least the
 * median share lost of the funnel's steps, or its conversion fell
 * significantly.  Ranked by customers lost.
 */
static void
decide_meet(struct map *mp)
{
	double *lost = xcalloc(mp->nfs + 1, sizeof(*lost)), med;
	const struct fstep **m;
	size_t i, n = 0;
	int drop;

	for (i = 0; i < mp->nfs; i++)
		if (!isnan(mp->fs[i].conv))
			lost[n++] = 100 - mp->fs[i].conv;
	qsort(lost, n, sizeof(*lost), cmp_double);
	med = n == 0 ? NAN : n % 2 ? lost[n / 2] : (lost[n / 2 - 1] +
	    lost[n / 2]) / 2;
	free(lost);
	m = xcalloc(mp->nfs + 1, sizeof(*m));
	for (i = 0; i < mp->nfs; i++) {
		struct fstep *f = &mp->fs[i];
		enum status st;

		if (f->tp == SIZE_MAX || isnan(f->conv))
			continue;
		st = tp_status(mp, &mp->tp[f->tp], &drop);
		if (st < ST_WATCH && !drop)
			continue;
		if (100 - f->conv >= med || (f->cmp != NULL &&
		    f->cmp->flag < 0)) {
			f->meet = 1;
			m[mp->nmeet++] = f;
		}
	}
	qsort(m, mp->nmeet, sizeof(*m), by_lost);
	mp->meet = xcalloc(mp->nmeet + 1, sizeof(*mp->meet));
	for (i = 0; i < mp->nmeet; i++)
		mp->meet[i] = (size_t)(m[i] - mp->fs);
	free(m);
}

void
funnel_read(struct map *mp, const char *path)
{
	struct loc at = { path, 1 };
	struct csvr *r;
	struct hdr *h;
	struct ftab_cols cols;
	struct frow *row = NULL;
	size_t n = 0, cap = 0, i, j, nseg = 0;
	const char *miss, *per = NULL, *bad;
	struct ftab_seq seq = { 0 };
	char msg[256];
	int rc;

	mp->fun_path = path;
	if ((r = csvr_open(path)) == NULL)
		die_sys("%s", err_fname(path));
	if ((rc = csvr_next(r)) != 1) {
		if (rc < 0)
			die_at(csvr_loc(r), "%s", csvr_strerror(r));
		at.line = 0;
		die_at(&at, "empty file: no header record");
	}
	h = hdr_new(r);
	if ((bad = hdr_bad(h)) != NULL)
		die_at(&at, bad[0] == '\0' ? "empty column name in header%s" :
		    "duplicate column '%s' in header", bad);
	if (!ftab_is(h))
		die_at(&at, "not a funnel table (cjm-funnel output): no "
		    "'event' and 'reached' columns");
	if ((miss = ftab_cols_find(&cols, h)) != NULL)
		die_at(&at, "missing column '%s'", miss);
	while ((rc = csvr_next(r)) != 0) {
		struct frow *x;

		if (rc < 0)
			die_at(csvr_loc(r), "%s", csvr_strerror(r));
		if (csvr_nfields(r) != hdr_n(h))
			die_at(csvr_loc(r), "record has %zu fields, header has "
			    "%zu", csvr_nfields(r), hdr_n(h));
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			row = xreallocarray(row, cap, sizeof(*row));
		}
		x = &row[n];
		if (ftab_read(&cols, r, &x->in, msg, sizeof(msg)) != 0)
			die_at(csvr_loc(r), "%s", msg);
		ftab_fill(&seq, &x->in);
		x->s[0] = xstrdup(x->in.stage);
		x->s[1] = xstrdup(x->in.touchpoint);
		x->s[2] = xstrdup(x->in.channel);
		x->s[3] = xstrdup(x->in.event);
		x->s[4] = xstrdup(x->in.segment);
		x->s[5] = xstrdup(x->in.period);
		x->line = csvr_loc(r)->line;
		n++;
	}
	ftab_seq_free(&seq);
	csvr_free(r);
	hdr_free(h);

	/* the funnel shown: no segment; the map's period, else the
	 * latest */
	for (i = 0; i < n; i++) {
		if (row[i].s[4][0] != '\0') {
			nseg++;
			continue;
		}
		if (mp->period != NULL && strcmp(row[i].s[5], mp->period) == 0)
			per = mp->period;
	}
	if (nseg == n)
		die("%s: no funnel rows without a segment (run cjm-funnel "
		    "without -b segment for the map)", err_fname(path));
	if (per == NULL) {
		for (i = 0; i < n; i++)
			if (row[i].s[4][0] == '\0' && (per == NULL ||
			    strcmp(row[i].s[5], per) > 0))
				per = row[i].s[5];
		if (mp->period != NULL && per[0] != '\0') {
			char b[512];

			snprintf(b, sizeof(b), "The funnel table has no rows "
			    "for %s: its latest period, %s, is shown.",
			    mp->period, per);
			mp->fun_note = xstrdup(b);
		}
	}
	mp->fun_period = xstrdup(per);
	mp->fs = xcalloc(n + 1, sizeof(*mp->fs));
	for (i = 0; i < n; i++) {
		struct frow *x = &row[i];
		struct fstep *f;

		if (x->s[4][0] != '\0' || strcmp(x->s[5], mp->fun_period) != 0)
			continue;
		f = &mp->fs[mp->nfs++];
		f->step = x->in.step;
		f->stage = x->s[0];
		f->touchpoint = x->s[1];
		f->channel = x->s[2];
		f->event = x->s[3];
		x->s[0] = x->s[1] = x->s[2] = x->s[3] = NULL;
		f->reached = x->in.reached;
		f->dropped = x->in.dropped;
		f->conv = x->in.conv;
		f->conv_lo = x->in.conv_low;
		f->conv_hi = x->in.conv_high;
		f->overall = x->in.overall;
		f->overall_lo = x->in.overall_low;
		f->overall_hi = x->in.overall_high;
		f->median = x->in.median_time;
		f->tp = SIZE_MAX;
		for (j = 0; j < mp->ntp; j++)
			if (strcmp(mp->tp[j].stage, f->stage) == 0 &&
			    strcmp(mp->tp[j].touchpoint, f->touchpoint) == 0) {
				f->tp = j;
				if (mp->tp[j].fs == 0)
					mp->tp[j].fs = mp->nfs;
				break;
			}
		for (j = 0; j < mp->nfc; j++) {
			const struct cmp *c = &mp->fc[j];

			if (strcmp(c->stage, f->stage) == 0 &&
			    strcmp(c->touchpoint, f->touchpoint) == 0 &&
			    c->segment[0] == '\0' && (c->period_cur[0] ==
			    '\0' || strcmp(c->period_cur, mp->fun_period) ==
			    0)) {
				f->cmp = c;
				break;
			}
		}
	}
	for (i = 0; i < n; i++)
		frow_free(&row[i]);
	free(row);
	decide_meet(mp);
}

void
funnel_free(struct map *mp)
{
	size_t i;

	for (i = 0; i < mp->nfs; i++) {
		free(mp->fs[i].stage);
		free(mp->fs[i].touchpoint);
		free(mp->fs[i].channel);
		free(mp->fs[i].event);
	}
	free(mp->fs);
	free(mp->meet);
	free(mp->fun_period);
	free(mp->fun_note);
}

/* ---- words, shared by the three formats --------------------------- */

static char *
pct(char *buf, size_t sz, double v)
{
	if (isnan(v))
		snprintf(buf, sz, "n/a");
	else
		snprintf(buf, sz, "%.1f%%", v);
	return buf;
}

/* The name of the step before f in the funnel shown. */
static const char *
prev_name(const struct map *mp, const struct fstep *f)
{
	size_t i = (size_t)(f - mp->fs);

	return i > 0 ? mp->fs[i - 1].touchpoint : "";
}

char *
fmt_fun_reached(const struct map *mp, const struct fstep *f)
{
	char b[512], p[32];

	if (f == mp->fs)
		snprintf(b, sizeof(b), "%.0f (step 1)", f->reached);
	else
		snprintf(b, sizeof(b), "%.0f (%s of step 1)", f->reached,
		    pct(p, sizeof(p), f->overall));
	return xstrdup(b);
}

char *
fmt_fun_conv(const struct map *mp, const struct fstep *f)
{
	char b[1024], p[32], lo[32], hi[32];

	if (isnan(f->conv) && f == mp->fs)
		return xstrdup("");
	if (isnan(f->conv))
		snprintf(b, sizeof(b), "nobody reached %s", prev_name(mp, f));
	else if (isnan(f->conv_lo))
		snprintf(b, sizeof(b), "%s went on from %s, %.0f lost",
		    pct(p, sizeof(p), f->conv), prev_name(mp, f), f->dropped);
	else
		snprintf(b, sizeof(b), "%s [%s, %s] went on from %s, %.0f "
		    "lost", pct(p, sizeof(p), f->conv), pct(lo, sizeof(lo),
		    f->conv_lo), pct(hi, sizeof(hi), f->conv_hi),
		    prev_name(mp, f), f->dropped);
	return xstrdup(b);
}

char *
fmt_fun_median(const struct fstep *f)
{
	char b[64];
	double s = f->median;

	if (isnan(s))
		return xstrdup("");
	if (s < 120)
		snprintf(b, sizeof(b), "median %.0f s", s);
	else if (s < 7200)
		snprintf(b, sizeof(b), "median %.0f min", s / 60);
	else if (s < 172800)
		snprintf(b, sizeof(b), "median %.1f h", s / 3600);
	else
		snprintf(b, sizeof(b), "median %.1f days", s / 86400);
	return xstrdup(b);
}

char *
fmt_fun_change(const struct fstep *f)
{
	const struct cmp *c = f->cmp;
	char b[256], p[32];

	if (c == NULL || isnan(c->diff))
		return xstrdup("");
	snprintf(b, sizeof(b), "%s %+.1f points since %s (p_adj %s)%s",
	    c->diff > 0 ? "\xe2\x86\x91" : c->diff < 0 ? "\xe2\x86\x93" :
	    "\xe2\x86\x92", c->diff, c->period_prev,
	    fmt_p(p, sizeof(p), c->p_adj),
	    c->flag < 0 ? " drop" : c->flag > 0 ? " rise" : "");
	return xstrdup(b);
}

char *
fmt_fun_experience(const struct map *mp, const struct fstep *f)
{
	const struct tp *tp;
	char *buf = NULL, v[128];
	size_t len = 0, k;
	FILE *fp;

	if (f->tp == SIZE_MAX)
		return xstrdup("");
	tp = &mp->tp[f->tp];
	if ((fp = open_memstream(&buf, &len)) == NULL)
		die_sys("open_memstream");
	for (k = 0; k < tp->nmeas; k++) {
		const struct meas *m = &mp->m[tp->meas[k]];

		fprintf(fp, "%s%s %s (%s%s)", k ? ", " : "", fmt_kpi_label(m),
		    fmt_value(v, sizeof(v), m, m->value), fmt_status(m->st),
		    m->cmp != NULL && m->cmp->flag < 0 ? ", drop" : "");
	}
	if (fclose(fp) != 0)
		die_sys("open_memstream");
	return buf;
}

char *
fmt_fun_meet(const struct map *mp, const struct fstep *f)
{
	char *ex = fmt_fun_experience(mp, f), *buf = NULL, p[32];
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		die_sys("open_memstream");
	fprintf(fp, "%s: %s, and %s of the customers who reached %s did "
	    "not reach it (%.0f lost)", f->touchpoint, ex,
	    pct(p, sizeof(p), 100 - f->conv), prev_name(mp, f), f->dropped);
	if (f->cmp != NULL && f->cmp->flag < 0)
		fprintf(fp, "; its conversion fell %.1f points since %s, "
		    "significantly", -f->cmp->diff, f->cmp->period_prev);
	fputs(": one problem?", fp);
	if (fclose(fp) != 0)
		die_sys("open_memstream");
	free(ex);
	return buf;
}

char *
fmt_fun_lead(const struct map *mp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		die_sys("open_memstream");
	fprintf(fp, "Customers through the steps of the journey, from the "
	    "analytics events (cjm-funnel)%s%s: how many reached each step, "
	    "the share of the previous step's customers who went on, with "
	    "its interval, and the experience measured at the same "
	    "touchpoint.", mp->fun_period[0] ? ", period " : "",
	    mp->fun_period);
	if (mp->fun_note != NULL)
		fprintf(fp, " %s", mp->fun_note);
	if (fclose(fp) != 0)
		die_sys("open_memstream");
	return buf;
}
