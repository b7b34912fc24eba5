/*
 * plot_trend.c -- the trend chart: a KPI by period with its band, the
 * significant drops and rises of a compare table marked.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "plot_sel.h"
#include "xmalloc.h"
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Compare rows sorted by (stage, touchpoint, segment, metric), file order
 * within: a row's flag is found by binary search, not by a scan of the
 * table for every row (100000 rows of each took 45 s). */
static const struct plot_data *cmp_data;

static int
cmp_key(const struct plot_cmp *c, const struct plot_kpi *k)
{
	int r;

	if ((r = strcmp(c->stage, k->stage)) != 0 ||
	    (r = strcmp(c->touchpoint, k->touchpoint)) != 0 ||
	    (r = strcmp(c->segment, k->segment)) != 0)
		return r;
	return strcmp(c->metric, k->metric);
}

static int
by_cmp_key(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct plot_cmp *p = plot_data_cmp(cmp_data, x),
	    *q = plot_data_cmp(cmp_data, y);
	int r;

	if ((r = strcmp(p->stage, q->stage)) != 0 ||
	    (r = strcmp(p->touchpoint, q->touchpoint)) != 0 ||
	    (r = strcmp(p->segment, q->segment)) != 0 ||
	    (r = strcmp(p->metric, q->metric)) != 0)
		return r;
	return x < y ? -1 : x > y;
}

static size_t *
cmp_index(const struct plot_data *d)
{
	size_t i, *ix = xcalloc(plot_data_ncmp(d) + 1, sizeof(*ix));

	for (i = 0; i < plot_data_ncmp(d); i++)
		ix[i] = i;
	cmp_data = d;
	qsort(ix, plot_data_ncmp(d), sizeof(*ix), by_cmp_key);
	cmp_data = NULL;
	return ix;
}

/* The compare flag for a row: -1 drop, +1 rise, 0 none; the first
 * matching compare row in file order. */
static int
row_flag(const struct plot_data *d, const size_t *ix,
    const struct plot_kpi *k, const char *latest)
{
	size_t lo = 0, hi = plot_data_ncmp(d), mid;
	const struct plot_cmp *c;

	while (lo < hi) {		/* the first with a key >= k's */
		mid = lo + (hi - lo) / 2;
		if (cmp_key(plot_data_cmp(d, ix[mid]), k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < plot_data_ncmp(d) && cmp_key(c = plot_data_cmp(d, ix[lo]),
	    k) == 0; lo++)
		if ((c->journey < 0 || c->journey == k->journey) &&
		    (*c->channel == '\0' || plot_gp_streq(c->channel,
		    k->channel)) &&
		    (plot_gp_streq(c->period_cur, k->period) ||
		    (*c->period_cur == '\0' && plot_gp_streq(k->period,
		    latest))))
			return c->flag;
	return 0;
}

static const char *
kpi_axis_label(const char *kpi, const char *metric, int net)
{
	if (net)
		return "Net score (points) = % favourable − % unfavourable";
	if (plot_gp_streq(kpi, "nps") || plot_gp_streq(metric, "nps"))
		return "NPS (points)";
	if (plot_gp_streq(kpi, "top2") || plot_gp_streq(metric, "csat"))
		return "CSAT top-2-box (% satisfied)";
	return "CES mean score";
}

int
plot_trend(FILE *fp, const struct plot_data *d, const struct plot_opts *o,
    char *err, size_t errsz)
{
	struct plot_sel s;
	const struct plot_kpi *k;
	const char **period = NULL, *metric = NULL, **pp;
	size_t *first, *ser, *px = NULL, *ix = NULL, *order = NULL;
	size_t *start = NULL;
	size_t i, j, np = 0, ns = 0, len;
	struct plot_sel_slots sl;
	int level, any_low = 0, any_drop = 0, any_rise = 0, rc = -1;
	int *flag = NULL;
	int net = o->curve == PLOT_NET;
	double v, lo, hi, ymin = INFINITY, ymax = -INFINITY, bmin, bmax, pad;
	double target = NAN;
	char list[256], conf[16], auto_title[160];

	memset(&s, 0, sizeof(s));
	memset(&sl, 0, sizeof(sl));
	level = o->stage == NULL && o->touchpoint == NULL;
	if (level) {
		for (i = 0; i < plot_data_nkpi(d) && !plot_data_kpi(d,
		    i)->journey; i++)
			;
		if (i == plot_data_nkpi(d))
			level = 0;	/* no journey rows: every group */
	}
	if (plot_sel_rows(d, o, level, 0, &s, err, errsz) != 0)
		goto out;
	*list = '\0';
	for (i = 0; i < s.n; i++)
		plot_gp_list_add(list, sizeof(list), s.row[i]->metric);
	metric = s.row[0]->metric;
	for (i = 1; i < s.n; i++)
		if (!plot_gp_streq(metric, s.row[i]->metric)) {
			plot_gp_err(err, errsz, "several metrics (%s): choose "
			    "one with --metric", list);
			goto out;
		}
	/* periods, ascending, distinct */
	period = xcalloc(s.n + 1, sizeof(*period));
	for (i = 0; i < s.n; i++)
		if (*s.row[i]->period != '\0')
			period[np++] = s.row[i]->period;
	if (np == 0) {
		plot_gp_err(err, errsz, "no periods: a trend needs a KPI table "
		    "by period (cjm-kpi --period)");
		goto out;
	}
	qsort(period, np, sizeof(*period), cmp_str);
	for (i = 1, j = 1; i < np; i++)
		if (!plot_gp_streq(period[i], period[j - 1]))
			period[j++] = period[i];
	np = j;
	/* series: one per (stage, touchpoint), as the journey chart's
	 * slots */
	plot_sel_slots(&s, 0, &sl);
	ser = sl.of;
	first = sl.first;
	ns = sl.n;
	px = xcalloc(s.n + 1, sizeof(*px));
	flag = xcalloc(s.n + 1, sizeof(*flag));
	ix = cmp_index(d);
	for (i = 0; i < s.n; i++) {
		k = s.row[i];
		pp = *k->period == '\0' ? NULL : bsearch(&k->period, period, np,
		    sizeof(*period), cmp_str);
		px[i] = pp != NULL ? (size_t)(pp - period) : np;
		if (pp == NULL)
			continue;	/* np: no period, not drawn */
		any_low |= k->low_base;
		flag[i] = row_flag(d, ix, k, period[np - 1]);
		any_drop |= flag[i] < 0;
		any_rise |= flag[i] > 0;
		lo = net ? k->net_low : k->ci_low;
		hi = net ? k->net_high : k->ci_high;
		v = net ? k->net : k->value;
		if (!isnan(v)) {
			ymin = fmin(ymin, isnan(lo) ? v : lo);
			ymax = fmax(ymax, isnan(hi) ? v : hi);
		}
	}
	if (ns == 1 && !net)
		for (i = 0; i < s.n; i++)
			if (!isnan(s.row[i]->target))
				target = s.row[i]->target;
	if (!isnan(target)) {
		ymin = fmin(ymin, target);
		ymax = fmax(ymax, target);
	}
	/* the y range: the data padded, within the KPI's bounds */
	if (net || plot_gp_streq(s.row[0]->kpi, "nps")) {
		bmin = -100;
		bmax = 100;
	} else if (plot_gp_streq(s.row[0]->kpi, "top2")) {
		bmin = 0;
		bmax = 100;
	} else if (sscanf(s.row[0]->scale, "%lf-%lf", &bmin, &bmax) == 2) {
		if (bmin > bmax) {
			v = bmin;
			bmin = bmax;
			bmax = v;
		}
	} else {
		bmin = -INFINITY;
		bmax = INFINITY;
	}
	if (isinf(ymin)) {
		ymin = isinf(bmin) ? 0 : bmin;
		ymax = isinf(bmax) ? 1 : bmax;
	}
	pad = (ymax - ymin) * 0.12 + (bmax - bmin < 20 ? 0.1 : 2);
	ymin = fmax(bmin, ymin - pad);
	ymax = fmin(bmax, ymax + pad);
	plot_gp_conf_text(s.row, s.n, conf, sizeof(conf));

	fputs("# cjm-plot: trend chart, a KPI by period\n", fp);
	plot_gp_terminal(fp, o);
	snprintf(auto_title, sizeof(auto_title), "%s%s by period",
	    plot_gp_metric_label(metric), net ? " net score" :
	    plot_gp_streq(metric, "csat") ?
	    " top-2-box %" : plot_gp_streq(metric, "ces") ? " mean" : "");
	if (o->title != NULL)
		plot_gp_title(fp, o, "", NULL, NULL);
	else {
		fprintf(fp, "set title '%s'.%s", auto_title,
		    o->term == PLOT_DUMB ? "'  --  '." : "\"\\n\".");
		if (ns == 1) {
			k = s.row[first[0]];
			if (*k->touchpoint == '\0' && *k->stage == '\0')
				fputs("'Whole journey'", fp);
			else {
				plot_quote(fp, plot_sel_slot_name(k), 80);
				if (*k->touchpoint != '\0' &&
				    *k->stage != '\0') {
					fputs(".'  (stage: '.", fp);
					plot_quote(fp, k->stage, 60);
					fputs(".')'", fp);
				}
			}
		} else if (o->stage != NULL) {
			fputs("'Stage: '.", fp);
			plot_quote(fp, o->stage, 80);
		} else
			fputs("'By touchpoint'", fp);
		if (*s.segment != '\0') {
			fputs(".'   ·   Segment: '.", fp);
			plot_quote(fp, s.segment, 80);
		}
		fputs(" font ',15'\n", fp);
	}
	fputs("set border 3 linecolor rgb '#444444'\n", fp);
	for (j = 0, len = 0; j < np; j++)
		if (plot_gp_u8count(period[j]) > len)
			len = plot_gp_u8count(period[j]);
	fprintf(fp, "set bmargin %d\n", 7 + (np > 12 ? (int)(fmin((double)len,
	    24) * 0.5) : 0));
	plot_gp_key(fp, o);
	fprintf(fp, "set xrange [0.5:%zu.5]\n", np);
	if (np > 12)
		fputs("set xtics rotate by 40 right\n", fp);
	fputs("set xtics nomirror scale 0 font ',10' (", fp);
	for (j = 0; j < np; j++) {
		if (j > 0)
			fputs(", ", fp);
		plot_gp_wrapped(fp, period[j], 24, 1, 1);
		fprintf(fp, " %zu", j + 1);
	}
	fputs(")\n", fp);
	fputs("set xlabel 'Period'\n", fp);
	fprintf(fp, "set yrange [%g:%g]\n", ymin, ymax);
	fprintf(fp, "set ylabel '%s'\n", kpi_axis_label(s.row[0]->kpi,
	    metric, net));
	fputs("set ytics nomirror\n", fp);
	fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	if (ymin < 0 && ymax > 0)
		fputs("set arrow 1 from graph 0, first 0 to graph 1, first 0 "
		    "nohead linecolor rgb '#777777' dashtype 2 back\n", fp);
	if (!isnan(target)) {
		fputs("set arrow 2 from graph 0, first ", fp);
		plot_gp_num(fp, target);
		fputs(" to graph 1, first ", fp);
		plot_gp_num(fp, target);
		fputs(" nohead linecolor rgb '#444444' linewidth 1.5 dashtype "
		    "4 back\n", fp);
		fputs("set label 2 'target: ", fp);
		plot_gp_num(fp, target);
		fputs("' at graph 1, first ", fp);
		plot_gp_num(fp, target);
		fputs(" right offset 0,0.6 font ',9' textcolor rgb '#444444'\n",
		    fp);
	}
	if (o->term != PLOT_DUMB)
		fprintf(fp, "set label 1000 'Bands: %sconfidence "
		    "intervals.%s%s' at screen 0.01, character 0.8 left "
		    "font ',9' textcolor rgb '#555555'\n", conf, any_low ?
		    "  Hollow grey points: low base." : "",
		    plot_data_ncmp(d) > 0 ? "  Triangles: significant change "
		    "vs the previous period (cjm-compare)." : "");
	/* rows by series, file order within (a counting sort) */
	start = xcalloc(ns + 2, sizeof(*start));
	order = xcalloc(s.n + 1, sizeof(*order));
	for (i = 0; i < s.n; i++)
		start[ser[i] + 2]++;
	for (j = 2; j < ns + 2; j++)
		start[j] += start[j - 1];
	for (i = 0; i < s.n; i++)
		order[start[ser[i] + 1]++] = i;
	for (j = 0; j < ns; j++) {
		fprintf(fp, "$s%zu << EOD\n# x value low high low_base flag\n",
		    j + 1);
		for (len = start[j]; len < start[j + 1]; len++) {
			i = order[len];
			if (px[i] == np)
				continue;
			k = s.row[i];
			fprintf(fp, "%zu ", px[i] + 1);
			plot_gp_nums(fp, 3, (const double[]){ net ? k->net :
			    k->value, net ? k->net_low : k->ci_low,
			    net ? k->net_high : k->ci_high });
			fprintf(fp, " %d %d\n", k->low_base, flag[i]);
		}
		fputs("EOD\n", fp);
	}
	fputs("plot \\\n", fp);
	for (j = 0; j < ns; j++) {
		k = s.row[first[j]];
		/* many bands would make mud: fainter as there are more */
		fprintf(fp, "%s  $s%zu using 1:3:4 with filledcurves fillcolor "
		    "rgb '%s' fillstyle transparent solid %.2f noborder ",
		    j > 0 ? ", \\\n" : "", j + 1,
		    plot_gp_palette[j % PLOT_GP_NCOLOURS],
		    ns <= 2 ? 0.15 : 0.07);
		if (ns == 1)
			fprintf(fp, "title '%sconfidence interval', \\\n",
			    conf);
		else
			fputs("notitle, \\\n", fp);
		fprintf(fp, "  $s%zu using 1:2 with lines linewidth 2.5 "
		    "dashtype %zu linecolor rgb '%s' title ", j + 1,
		    1 + j / PLOT_GP_NCOLOURS,
		    plot_gp_palette[j % PLOT_GP_NCOLOURS]);
		if (*k->touchpoint == '\0' && *k->stage == '\0')
			fputs("'Whole journey'", fp);
		else
			plot_quote(fp, plot_sel_slot_name(k), 40);
		fprintf(fp, ", \\\n  $s%zu using 1:($5 == 0 ? $2 : NaN) with "
		    "points pointtype 7 pointsize 1.3 linecolor rgb '%s' "
		    "notitle",
		    j + 1, plot_gp_palette[j % PLOT_GP_NCOLOURS]);
		fprintf(fp, ", \\\n  $s%zu using 1:($5 == 1 ? $2 : NaN) with "
		    "points pointtype 6 pointsize 1.3 linecolor rgb '%s' "
		    "notitle", j + 1, C_LOW);
		if (ns <= 2 && o->term != PLOT_DUMB)
			fprintf(fp, ", \\\n  $s%zu using 1:2:(sprintf('%s', "
			    "$2)) with labels offset 0,1.2 font ',9' textcolor "
			    "rgb '%s' notitle", j + 1, !net &&
			    plot_gp_streq(metric, "ces") ? "%.2f" : "%.0f",
			    plot_gp_palette[j % PLOT_GP_NCOLOURS]);
		fprintf(fp, ", \\\n  $s%zu using 1:($6 < 0 ? $2 : NaN) with "
		    "points pointtype 11 pointsize 2.6 linecolor rgb '%s' "
		    "notitle", j + 1, C_BAD);
		fprintf(fp, ", \\\n  $s%zu using 1:($6 > 0 ? $2 : NaN) with "
		    "points pointtype 9 pointsize 2.6 linecolor rgb '%s' "
		    "notitle", j + 1, C_RISE);
	}
	if (any_low)
		fprintf(fp, ", \\\n  keyentry with points pointtype 6 "
		    "pointsize 1.3 linecolor rgb '%s' title 'low base'", C_LOW);
	if (any_drop)
		fprintf(fp, ", \\\n  keyentry with points pointtype 11 "
		    "pointsize 2 linecolor rgb '%s' title 'significant drop'",
		    C_BAD);
	if (any_rise)
		fprintf(fp, ", \\\n  keyentry with points pointtype 9 "
		    "pointsize 2 linecolor rgb '%s' title 'significant rise'",
		    C_RISE);
	fputc('\n', fp);
	rc = 0;
out:
	free(period);
	plot_sel_slots_free(&sl);
	free(px);
	free(flag);
	free(ix);
	free(start);
	free(order);
	free(s.row);
	return rc;
}
