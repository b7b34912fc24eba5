/*
 * plot_funnel.c -- the funnel chart: one bar per funnel step (a funnel
 * table, docs/formats.md section 5), its height the share of step 1's
 * customers who reached the step, with its interval; between two bars
 * the conversion from the previous step with its interval, the
 * customers lost and the median time; a step whose conversion dropped
 * significantly (a compare table's funnel row flagged "drop") is drawn
 * in the alert colour.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "xmalloc.h"

/* Rows of the segment to draw: opts->segment, else the rows with an
 * empty segment, else the only segment.  NULL with a message. */
static const char *
pick_segment(const struct plot_data *d, const struct plot_opts *o,
    char *err, size_t errsz)
{
	const struct plot_funnel *f;
	const char *only = NULL;
	char list[256] = "";
	size_t i, nseg = 0;

	for (i = 0; i < plot_data_nfunnel(d); i++) {
		f = plot_data_funnel(d, i);
		if (o->segment != NULL) {
			if (plot_gp_streq(f->segment, o->segment))
				return o->segment;
			continue;
		}
		if (*f->segment == '\0')
			return "";
		if (only == NULL || !plot_gp_streq(only, f->segment)) {
			if (only == NULL || strstr(list, f->segment) == NULL)
				nseg++;
			plot_gp_list_add(list, sizeof(list), f->segment);
			only = f->segment;
		}
	}
	if (o->segment != NULL) {
		plot_gp_err(err, errsz, "no funnel rows for segment '%.80s'",
		    o->segment);
		return NULL;
	}
	if (nseg > 1) {
		plot_gp_err(err, errsz, "several segments (%s): choose one "
		    "with --segment", list);
		return NULL;
	}
	return only;
}

/* The period to draw: opts->period, else the latest one of the segment
 * (periods sort as text).  NULL with a message. */
static const char *
pick_period(const struct plot_data *d, const struct plot_opts *o,
    const char *seg, char *err, size_t errsz)
{
	const struct plot_funnel *f;
	const char *latest = NULL;
	size_t i;

	for (i = 0; i < plot_data_nfunnel(d); i++) {
		f = plot_data_funnel(d, i);
		if (!plot_gp_streq(f->segment, seg))
			continue;
		if (o->period != NULL && plot_gp_streq(f->period, o->period))
			return o->period;
		if (latest == NULL || strcmp(f->period, latest) > 0)
			latest = f->period;
	}
	if (o->period != NULL) {
		plot_gp_err(err, errsz, "no funnel rows for period '%.40s'",
		    o->period);
		return NULL;
	}
	return latest;
}

/* The flag of the compare table's funnel row for a step, 0 when none. */
static int
step_flag(const struct plot_data *d, const struct plot_funnel *f)
{
	const struct plot_cmp *c;
	size_t i;

	for (i = 0; i < plot_data_nfcmp(d); i++) {
		c = plot_data_fcmp(d, i);
		if (plot_gp_streq(c->stage, f->stage) &&
		    plot_gp_streq(c->touchpoint, f->touchpoint) &&
		    (*c->channel == '\0' || plot_gp_streq(c->channel,
		    f->channel)) &&
		    plot_gp_streq(c->segment, f->segment) &&
		    (*c->period_cur == '\0' || plot_gp_streq(c->period_cur,
		    f->period)))
			return c->flag;
	}
	return 0;
}

static int
by_step(const void *a, const void *b)
{
	const struct plot_funnel *x = *(const struct plot_funnel *const *)a;
	const struct plot_funnel *y = *(const struct plot_funnel *const *)b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int
plot_funnel(FILE *fp, const struct plot_data *d, const struct plot_opts *o,
    char *err, size_t errsz)
{
	const struct plot_funnel **row, *f;
	const char *seg, *per;
	size_t i, n = 0, cols;
	int lines = 1, any_drop = 0, *flag;
	double conf = NAN, lo, hi;
	char conftext[16] = "";

	if (plot_data_nfunnel(d) == 0) {
		plot_gp_err(err, errsz, "not a funnel table (cjm-funnel "
		    "output): the funnel chart needs one");
		return -1;
	}
	if ((seg = pick_segment(d, o, err, errsz)) == NULL ||
	    (per = pick_period(d, o, seg, err, errsz)) == NULL)
		return -1;
	row = xcalloc(plot_data_nfunnel(d), sizeof(*row));
	for (i = 0; i < plot_data_nfunnel(d); i++) {
		f = plot_data_funnel(d, i);
		if (!plot_gp_streq(f->segment, seg) ||
		    !plot_gp_streq(f->period, per) ||
		    (o->stage != NULL && !plot_gp_streq(f->stage, o->stage)) ||
		    (o->touchpoint != NULL && !plot_gp_streq(f->touchpoint,
		    o->touchpoint)))
			continue;
		row[n++] = f;
	}
	if (n == 0) {
		plot_gp_err(err, errsz, "no funnel rows for this selection");
		free(row);
		return -1;
	}
	qsort(row, n, sizeof(*row), by_step);
	flag = xcalloc(n, sizeof(*flag));
	for (i = 0; i < n; i++) {
		flag[i] = step_flag(d, row[i]);
		any_drop |= flag[i] < 0;
		if (!isnan(row[i]->conf))
			conf = row[i]->conf;
	}
	if (!isnan(conf))
		snprintf(conftext, sizeof(conftext), "%g%% ", 100 * conf);

	fputs("# cjm-plot: funnel chart, customers reaching each step\n",
	    fp);
	plot_gp_terminal(fp, o);
	plot_gp_title(fp, o, "Funnel: customers reaching each step", seg,
	    per);
	fputs("set border 3 linecolor rgb '#444444'\n", fp);
	plot_gp_key(fp, o);
	fprintf(fp, "set xrange [0.4:%zu.6]\n", n);
	fputs("set yrange [0:125]\n", fp);
	fputs("set ytics 0,25,100 nomirror\n", fp);
	if (o->term != PLOT_DUMB)
		fputs("set ylabel '% of the customers of step 1'\n", fp);
	fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	cols = o->term == PLOT_DUMB ? plot_gp_dumb_cols(o, n) :
	    plot_gp_wrap_cols(o, n);
	fputs("set xtics nomirror scale 0 (", fp);
	for (i = 0; i < n; i++) {
		int l;

		if (i > 0)
			fputs(", ", fp);
		l = plot_gp_wrapped(fp, *row[i]->touchpoint != '\0' ?
		    row[i]->touchpoint : row[i]->event, cols, 3, 1);
		if (l > lines)
			lines = l;
		fprintf(fp, " %zu", i + 1);
	}
	fputs(")\n", fp);
	if (o->term != PLOT_DUMB) {
		fprintf(fp, "set bmargin %d\n", lines + 6);
		fprintf(fp, "set label 1000 'Bars: customers who reached the "
		    "step, %% of step 1 (whiskers: %sinterval).  Between "
		    "bars: conversion from the previous step [%sinterval], "
		    "customers lost, median time.' at screen 0.01, character "
		    "0.8 left font ',9' textcolor rgb '#555555'\n", conftext,
		    conftext);
	}
	fputs("set style fill solid 0.85 border rgb '#ffffff'\n", fp);
	fputs("set boxwidth 0.56\n", fp);
	fputs("$funnel << EOD\n# x overall low high reached conversion "
	    "conv_low conv_high dropped median_time flag\n", fp);
	for (i = 0; i < n; i++) {
		f = row[i];
		/* no interval (step 1): a whisker of no length */
		lo = isnan(f->overall_low) ? f->overall : f->overall_low;
		hi = isnan(f->overall_high) ? f->overall : f->overall_high;
		plot_gp_nums(fp, 10, (const double[]){ (double)(i + 1),
		    f->overall, lo, hi, f->reached,
		    i > 0 ? f->conv : NAN, i > 0 ? f->conv_low : NAN,
		    i > 0 ? f->conv_high : NAN, i > 0 ? f->dropped : NAN,
		    i > 0 ? f->median_time : NAN });
		fprintf(fp, " %d\n", flag[i] < 0 ? 1 : 0);
	}
	fputs("EOD\n", fp);
	/* a step's conversion, its interval, the customers lost and the
	 * median time, in the gap before its bar */
	fputs("dur(s) = s < 120 ? sprintf('%.0f s', s) : s < 7200 ? "
	    "sprintf('%.0f min', s / 60) : s < 172800 ? sprintf('%.1f h', "
	    "s / 3600) : sprintf('%.1f d', s / 86400)\n", fp);
	fputs("plot \\\n", fp);
	fprintf(fp, "  $funnel using 1:($11 == 0 ? $2 : NaN) with boxes "
	    "fillcolor rgb '%s' title 'reached (%% of step 1)', \\\n", C_GOOD);
	if (any_drop)
		fprintf(fp, "  $funnel using 1:($11 == 1 ? $2 : NaN) with boxes "
		    "fillcolor rgb '%s' title 'conversion dropped "
		    "significantly (compare)', \\\n", C_BAD);
	fputs("  $funnel using 1:2:3:4 with yerrorbars pointsize 0 "
	    "linewidth 1.5 linecolor rgb '#333333' notitle, \\\n", fp);
	fputs("  $funnel using 1:4:(sprintf('%.0f', $5)) "
	    "with labels offset 0,0.8 font ',10' textcolor rgb '#222222' "
	    "notitle, \\\n", fp);
	if (o->term == PLOT_DUMB)
		fputs("  $funnel using ($1 - 0.5):($6 == $6 ? $2 + 12 : NaN):"
		    "(sprintf('%.0f%%', $6)) with labels notitle, \\\n"
		    "  $funnel using ($1 - 0.5):($6 == $6 ? $2 + 4 : NaN):"
		    "(sprintf('-%.0f', $9)) with labels notitle\n", fp);
	else
		fprintf(fp, "  $funnel using ($1 - 0.5):($6 == $6 ? $2 + 22 : "
		    "NaN):(sprintf('→ %%.1f%%%%', $6)) with labels font "
		    "'DejaVu Sans Bold,11' textcolor rgb '#222222' notitle, \\\n"
		    "  $funnel using ($1 - 0.5):($6 == $6 ? $2 + 16 : NaN):"
		    "($7 == $7 ? sprintf('[%%.1f, %%.1f]', $7, $8) : '') with "
		    "labels font ',9' textcolor rgb '#555555' notitle, \\\n"
		    "  $funnel using ($1 - 0.5):($6 == $6 ? $2 + 10 : NaN):"
		    "(sprintf('−%%.0f lost', $9)) with labels font ',10' "
		    "textcolor rgb '%s' notitle, \\\n"
		    "  $funnel using ($1 - 0.5):($10 == $10 ? $2 + 4 : NaN):"
		    "('median '.dur($10)) with labels font ',9' textcolor rgb "
		    "'#555555' notitle\n", C_BAD);
	free(flag);
	free(row);
	return 0;
}
