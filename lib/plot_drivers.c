/*
 * plot_drivers.c -- the importance-performance chart of a drivers table
 * (cjm-drivers): every predictor with an importance at (performance,
 * importance), its bootstrap interval as a whisker, the two average
 * lines (the average share 100/k across, the mean performance up) that
 * cut the plane into the quadrants fix, keep, watch and ok, named in
 * their corners.  Names reach gnuplot only through plot_quote().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "xmalloc.h"

/* The quadrants: name in the table, label, colour (Okabe-Ito). */
static const struct {
	const char	*name, *label, *colour;
	double		 x, y;		/* corner, in graph units */
	const char	*align;
} quad[] = {
	{ "fix", "FIX FIRST: important, below average", "#D55E00",
	  0.02, 0.96, "left" },
	{ "keep", "KEEP: important, above average", "#0072B2",
	  0.98, 0.96, "right" },
	{ "watch", "WATCH: less important, below average", "#E69F00",
	  0.02, 0.04, "left" },
	{ "ok", "OK: less important, above average", "#009E73",
	  0.98, 0.04, "right" }
};
#define NQUAD	(sizeof(quad) / sizeof(quad[0]))

static int
quad_index(const char *q)
{
	size_t i;

	for (i = 0; i < NQUAD; i++)
		if (plot_gp_streq(q, quad[i].name))
			return (int)i;
	return -1;
}

/*
 * The cell to draw: opts->segment (else the empty segment when there is
 * one, else the only one), opts->period (else the latest).  0 ok.
 */
static int
select_cell(const struct plot_data *d, const struct plot_opts *o,
    const char **seg, const char **per, char *err, size_t errsz)
{
	const struct plot_drv *v;
	char list[512] = "";
	size_t i, n = plot_data_ndrv(d);
	int found = 0, empty = 0, several = 0;

	*seg = *per = NULL;
	for (i = 0; i < n; i++) {
		v = plot_data_drv(d, i);
		plot_gp_list_add(list, sizeof(list), v->segment);
		if (o->segment != NULL && plot_gp_streq(v->segment,
		    o->segment))
			found = 1;
		if (*v->segment == '\0')
			empty = 1;
		else if (*seg == NULL)
			*seg = v->segment;
		else if (!plot_gp_streq(*seg, v->segment))
			several = 1;
	}
	if (o->segment != NULL) {
		if (!found) {
			plot_gp_err(err, errsz, "no rows for segment '%.60s' "
			    "(segments: %s)", o->segment, list);
			return -1;
		}
		*seg = o->segment;
	} else if (empty)
		*seg = "";
	else if (several) {
		plot_gp_err(err, errsz, "several segments (%s): choose one "
		    "with --segment", list);
		return -1;
	}
	*list = '\0';
	found = 0;
	for (i = 0; i < n; i++) {
		v = plot_data_drv(d, i);
		if (!plot_gp_streq(v->segment, *seg))
			continue;
		plot_gp_list_add(list, sizeof(list), v->period);
		if (o->period != NULL) {
			found |= plot_gp_streq(v->period, o->period);
		} else if (*per == NULL || strcmp(v->period, *per) > 0)
			*per = v->period;
	}
	if (o->period != NULL) {
		if (!found) {
			plot_gp_err(err, errsz, "no rows for period '%.40s' "
			    "(periods: %s)", o->period, list);
			return -1;
		}
		*per = o->period;
	}
	if (*seg == NULL || *per == NULL) {
		plot_gp_err(err, errsz, "no rows in the drivers table");
		return -1;
	}
	return 0;
}

/* A percentage for a title or label (not a format): "23%", "2.5%". */
static void
put_pct(FILE *fp, double v)
{
	fprintf(fp, fabs(v) < 10 ? "%.1f%%" : "%.0f%%", v);
}

int
plot_drivers(FILE *fp, const struct plot_data *d, const struct plot_opts *o,
    char *err, size_t errsz)
{
	const struct plot_drv *v, **row = NULL;
	const char *seg, *per;
	size_t i, n = 0, nd = plot_data_ndrv(d), nout = 0;
	double xlo = 100, xhi = 0, yhi = 0, mperf = 0, avg, conf = NAN;
	int dumb = o->term == PLOT_DUMB, rc = -1;

	if (select_cell(d, o, &seg, &per, err, errsz) != 0)
		return -1;
	row = xcalloc(nd + 1, sizeof(*row));
	for (i = 0; i < nd; i++) {
		v = plot_data_drv(d, i);
		/* all the cell's predictors: the averages are theirs */
		if (!plot_gp_streq(v->segment, seg) ||
		    !plot_gp_streq(v->period, per))
			continue;
		if (isnan(v->importance) || isnan(v->performance)) {
			nout++;
			continue;
		}
		row[n++] = v;
		mperf += v->performance;
		xlo = fmin(xlo, v->performance);
		xhi = fmax(xhi, v->performance);
		yhi = fmax(yhi, fmax(v->importance, isnan(v->imp_high) ? 0 :
		    v->imp_high));
		if (!isnan(v->conf))
			conf = v->conf;
	}
	if (n == 0) {
		plot_gp_err(err, errsz, "nothing to plot: no predictor with "
		    "an importance%s%.60s%s (all low base, or no variance)",
		    *seg || *per ? " in " : "", *seg ? seg : per,
		    *seg && *per ? " of that period" : "");
		goto out;
	}
	mperf /= (double)n;
	avg = 100.0 / (double)n;
	/* room around the points, and for the corner names */
	xlo = fmax(0, floor((xlo - 6) / 5) * 5);
	xhi = fmin(100, ceil((xhi + 6) / 5) * 5);
	if (xhi - xlo < 20) {
		xlo = fmax(0, xlo - 10);
		xhi = fmin(100, xhi + 10);
	}
	yhi = ceil(fmax(yhi, 2 * avg) * 1.2 / 5) * 5;

	fputs("# cjm-plot: drivers chart, importance against performance\n",
	    fp);
	plot_gp_terminal(fp, o);
	if (o->title != NULL)
		plot_gp_title(fp, o, "", NULL, NULL);
	else {
		fputs("set title 'What drives '.", fp);
		plot_quote(fp, row[0]->outcome, 60);
		fprintf(fp, ".' (%s)'", plot_gp_metric_label(
		    *row[0]->outcome_metric ? row[0]->outcome_metric : "nps"));
		if (*seg != '\0' || *per != '\0') {
			fputs(dumb ? ".'  --  '." : ".\"\\n\".", fp);
			if (*seg != '\0') {
				fputs("'Segment: '.", fp);
				plot_quote(fp, seg, 80);
			}
			if (*per != '\0') {
				if (*seg != '\0')
					fputs(".'   ·   '.", fp);
				fputs("'Period: '.", fp);
				plot_quote(fp, per, 40);
			}
		}
		fputs(dumb ? " offset 0,1\n" : " font ',15'\n", fp);
	}
	fputs("set border 3 linecolor rgb '#444444'\n", fp);
	plot_gp_key(fp, o);
	fprintf(fp, "set bmargin %d\nset rmargin 4\n", dumb ? 5 : 7);
	fputs("set xrange [", fp);
	plot_gp_num(fp, xlo);
	fputc(':', fp);
	plot_gp_num(fp, xhi);
	fputs("]\nset yrange [0:", fp);
	plot_gp_num(fp, yhi);
	fputs("]\nset xtics nomirror\nset ytics nomirror\n", fp);
	fputs("set format y '%g%%'\n", fp);
	if (!dumb) {
		fputs("set xlabel 'Performance: mean score on 0-100 (0 = the "
		    "worst answer, 100 = the best)'\n", fp);
		fprintf(fp, "set ylabel 'Importance: share of the explained "
		    "%s variance'\n", plot_gp_metric_label(
		    *row[0]->outcome_metric ? row[0]->outcome_metric : "nps"));
	}
	fputs("set grid linecolor rgb '#E5E5E5' dashtype 3\n", fp);
	/* the average lines */
	fputs("set arrow 1 from graph 0, first ", fp);
	plot_gp_num(fp, avg);
	fputs(" to graph 1, first ", fp);
	plot_gp_num(fp, avg);
	fputs(" nohead linecolor rgb '#777777' dashtype 2 back\n", fp);
	fputs("set arrow 2 from first ", fp);
	plot_gp_num(fp, mperf);
	fputs(", graph 0 to first ", fp);
	plot_gp_num(fp, mperf);
	fputs(", graph 1 nohead linecolor rgb '#777777' dashtype 2 back\n",
	    fp);
	/* the quadrant names, in their corners */
	for (i = 0; i < NQUAD; i++)
		fprintf(fp, "set label %zu '%s' at graph %.2f, graph %.2f %s "
		    "font ',10' textcolor rgb '%s' front\n", 10 + i, dumb ?
		    quad[i].name : quad[i].label, quad[i].x, quad[i].y,
		    quad[i].align, quad[i].colour);
	/* every point's name, next to it */
	for (i = 0; i < n; i++) {
		fprintf(fp, "set label %zu ", 100 + i);
		plot_quote(fp, row[i]->touchpoint, 40);
		fputs(" at first ", fp);
		plot_gp_num(fp, row[i]->performance);
		fputs(", first ", fp);
		plot_gp_num(fp, row[i]->importance);
		fputs(dumb ? " left offset 1,0\n" : " left offset 0.9,0.5 "
		    "font ',9' textcolor rgb '#333333'\n", fp);
	}
	if (!dumb) {
		fputs("set label 1000 'Whiskers: ", fp);
		if (!isnan(conf))
			fprintf(fp, "%g%% ", conf * 100);
		fputs("bootstrap intervals.  Dashed: the average importance "
		    "(100/k) and the mean performance.", fp);
		if (!isnan(row[0]->r2)) {
			fprintf(fp, "  R² %.2f", row[0]->r2);
			if (!isnan(row[0]->r2_low) && !isnan(row[0]->r2_high))
				fprintf(fp, " [%.2f, %.2f]", row[0]->r2_low,
				    row[0]->r2_high);
		}
		if (nout > 0)
			fprintf(fp, ".  Not shown: %zu without an importance "
			    "(low base or no variance)", nout);
		fputs(".  Association, not cause.' at screen 0.01, character "
		    "0.8 left font ',9' textcolor rgb '#555555'\n", fp);
	}
	fputs("$drv << EOD\n# performance importance low high quadrant\n",
	    fp);
	for (i = 0; i < n; i++) {
		plot_gp_nums(fp, 4, (const double[]){ row[i]->performance,
		    row[i]->importance, isnan(row[i]->imp_low) ?
		    row[i]->importance : row[i]->imp_low,
		    isnan(row[i]->imp_high) ? row[i]->importance :
		    row[i]->imp_high });
		fprintf(fp, " %d\n", quad_index(row[i]->quadrant));
	}
	fputs("EOD\nplot \\\n", fp);
	for (i = 0; i < NQUAD; i++)
		fprintf(fp, "%s  $drv using 1:($5 == %zu ? $2 : NaN):3:4 with "
		    "yerrorbars pointtype 7 pointsize 1.6 linewidth 1.5 "
		    "linecolor rgb '%s' title '%s'", i > 0 ? ", \\\n" : "", i,
		    quad[i].colour, quad[i].name);
	fputs(", \\\n  $drv using 1:($5 < 0 ? $2 : NaN):3:4 with yerrorbars "
	    "pointtype 6 pointsize 1.6 linecolor rgb '#999999' notitle", fp);
	fputs(", \\\n  keyentry with lines dashtype 2 linecolor rgb '#777777' "
	    "title 'averages (", fp);
	put_pct(fp, avg);
	fprintf(fp, ", %.0f)'\n", mperf);
	rc = 0;
out:
	free(row);
	return rc;
}
